// @vitest-environment node
// node: the real session talks to a real server over real sockets.
import {
  createRoom,
  joinRoom,
  type RoomSessionEvents,
  type RoomSnapshot,
  SanctuaryError,
} from "@sanctuary/client";
import { createServer, type SanctuaryServer } from "@sanctuary/server";
import { cutNetwork, type RunningServer, refuseConnections, startServer } from "@sanctuary/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { SessionLike } from "../src/store/sdk";
import { FakeSession, member } from "./fakes";

/**
 * The contract between the store and the SDK's session, checked against both the fake
 * that the store's tests use and the real `RoomSession` on a real server: whatever the
 * store relies on (the snapshot, `change` before the finer event, refusals, endings)
 * holds for both, so the store's tests cannot pass on behaviour the SDK does not have.
 */

interface Room {
  /** The room's owner. */
  owner: SessionLike;
  /** Another member of the same room (not the owner). */
  other: SessionLike;
  /** Drops `other`'s connection, runs `meanwhile`, then lets `other` resume its seat. */
  otherAwayWhile(meanwhile: () => Promise<void>): Promise<void>;
}

let server: RunningServer<SanctuaryServer>;
const sessions: SessionLike[] = [];

beforeAll(async () => {
  server = await startServer(createServer);
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
});

async function fakeRoom(): Promise<Room> {
  const alice = member("m1", "alice", true);
  const bob = member("m2", "bob");
  const owner = new FakeSession({ you: alice, members: [alice, bob] });
  const other = new FakeSession({ you: bob, members: [alice, bob] });
  return {
    owner,
    other,
    async otherAwayWhile(meanwhile) {
      other.connectionDrops();
      await meanwhile();
      // The fake plays the server: the room as the owner left it.
      other.resumes({ locked: owner.snapshot.locked, offlineMs: 1 });
    },
  };
}

async function realRoom(): Promise<Room> {
  const password = "contract password";
  const owner = await createRoom({ serverUrl: server.url, alias: "alice", password });
  // Like the store, subscribe at once: the session holds its events until someone does.
  owner.on("change", () => undefined);
  sessions.push(owner);
  const other = await joinRoom({ serverUrl: server.url, roomId: owner.roomId, alias: "bob", password });
  other.on("change", () => undefined);
  sessions.push(other);
  await expect.poll(() => owner.snapshot.members.length).toBe(2);
  return {
    owner,
    other,
    async otherAwayWhile(meanwhile) {
      const restore = refuseConnections(server.server);
      try {
        cutNetwork(server.server, owner.roomId, other.snapshot.you.id);
        await expect.poll(() => other.snapshot.connection).toBe("reconnecting");
        await meanwhile();
      } finally {
        restore();
      }
      await expect.poll(() => other.snapshot.connection, { timeout: 5000 }).toBe("online");
    },
  };
}

/** Every event a session emits, as `[name, ...args]`. */
function recordAll(session: SessionLike, names: Array<keyof RoomSessionEvents>): unknown[][] {
  const seen: unknown[][] = [];
  for (const name of names) session.on(name, ((...args: unknown[]) => seen.push([name, ...args])) as never);
  return seen;
}

function expectConsistent(snapshot: RoomSnapshot): void {
  expect(Object.isFrozen(snapshot)).toBe(true);
  expect(Object.isFrozen(snapshot.members)).toBe(true);
  expect(snapshot.members).toContainEqual(snapshot.you);
  for (const m of snapshot.members) expect(m.owner).toBe(m.id === snapshot.ownerId);
  expect(Object.keys(snapshot.memberKeys).sort()).toEqual(snapshot.members.map((m) => m.id).sort());
}

describe.each([
  ["the fake session", fakeRoom],
  ["the real session", realRoom],
])("%s", (_name, makeRoom) => {
  it("starts with a consistent, frozen snapshot: both see the same owner, keys verified", async () => {
    const { owner, other } = await makeRoom();
    for (const session of [owner, other]) {
      const snapshot = session.snapshot;
      expectConsistent(snapshot);
      expect(snapshot).toMatchObject({ ownerId: owner.snapshot.you.id, locked: false, connection: "online" });
      expect(snapshot.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
      expect(snapshot.memberKeys[snapshot.you.id]).toEqual({
        status: "verified",
        fingerprint: session.yourFingerprint,
      });
    }
    expect(owner.snapshot.you.owner).toBe(true);
    expect(other.snapshot.you.owner).toBe(false);
  });

  it("setLocked: a new snapshot comes first, then lockChanged by the owner", async () => {
    const { owner } = await makeRoom();
    const seen = recordAll(owner, ["change", "lockChanged"]);
    await owner.setLocked(true);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[0]?.[0]).toBe("change");
    expect(seen[0]?.[1]).toBe(owner.snapshot);
    expect(owner.snapshot.locked).toBe(true);
    expectConsistent(owner.snapshot);
    expect(seen[1]).toEqual(["lockChanged", true, "alice"]);

    await owner.setLocked(false);
    await expect.poll(() => owner.snapshot.locked).toBe(false);
    expect(seen.at(-1)).toEqual(["lockChanged", false, "alice"]);
  });

  it("a non-owner's request is refused with NOT_OWNER and changes nothing", async () => {
    const { owner, other } = await makeRoom();
    const before = other.snapshot;
    await expect(other.setLocked(true)).rejects.toMatchObject({ code: "NOT_OWNER" });
    await expect(other.kick(owner.snapshot.you.id)).rejects.toMatchObject({ code: "NOT_OWNER" });
    await expect(other.purge()).rejects.toMatchObject({ code: "NOT_OWNER" });
    expect(other.snapshot).toBe(before);
  });

  it("kick: the member leaves the snapshot, and memberLeft says who removed them", async () => {
    const { owner, other } = await makeRoom();
    const seen = recordAll(owner, ["change", "memberLeft"]);
    await owner.kick(other.snapshot.you.id);
    await expect.poll(() => seen.map(([name]) => name)).toEqual(["change", "memberLeft"]);
    expect(owner.snapshot.members.map((m) => m.alias)).toEqual(["alice"]);
    expect(owner.snapshot.memberKeys[other.snapshot.you.id]).toBeUndefined();
    expect(seen[1]?.[1]).toMatchObject({ member: { alias: "bob" }, reason: "kicked", by: "alice" });
  });

  it("send and whisper resolve with the message as mine and emit it; an absent member is refused", async () => {
    const { owner, other } = await makeRoom();
    const seen = recordAll(owner, ["message"]);
    const sent = await owner.send("hello");
    expect(sent).toMatchObject({ kind: "msg", text: "hello", mine: true, from: { alias: "alice" } });
    const whispered = await owner.whisper(other.snapshot.you.id, "psst");
    expect(whispered).toMatchObject({ kind: "whisper", to: other.snapshot.you.id, mine: true });
    expect(seen).toEqual([
      ["message", sent],
      ["message", whispered],
    ]);
    await expect(owner.whisper("nobody", "hi")).rejects.toMatchObject({ code: "NO_SUCH_MEMBER" });
  });

  it("a resume replaces the snapshot, then says online: a lock made meanwhile is there", async () => {
    const { owner, other, otherAwayWhile } = await makeRoom();
    const seen = recordAll(other, ["change", "connection", "lockChanged"]);
    await otherAwayWhile(async () => {
      expect(other.snapshot.connection).toBe("reconnecting");
      await owner.setLocked(true);
    });
    expect(seen.map(([name]) => name)).toEqual(["change", "connection", "change", "connection"]);
    expect(seen[1]?.[1]).toMatchObject({ state: "reconnecting" });
    expect(seen[2]?.[1]).toBe(other.snapshot);
    expect(other.snapshot).toMatchObject({ locked: true, connection: "online" });
    expectConsistent(other.snapshot);
    expect(seen[3]?.[1]).toMatchObject({ state: "online", rejoined: false });
  });

  it("leave ends the session once, as left; requests afterwards are CLOSED", async () => {
    const { owner } = await makeRoom();
    const ended = recordAll(owner, ["ended"]);
    await owner.leave("bye");
    expect(ended).toEqual([["ended", { reason: "left" }]]);
    const refused = await owner.send("still here?").catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(SanctuaryError);
    expect(refused).toMatchObject({ code: "CLOSED" });
    owner.close();
    expect(ended).toHaveLength(1);
  });

  it("purge ends the owner's session as purged by the owner", async () => {
    const { owner } = await makeRoom();
    const ended = recordAll(owner, ["ended"]);
    await owner.purge();
    await expect.poll(() => ended).toEqual([["ended", { reason: "purged", by: "alice" }]]);
  });
});
