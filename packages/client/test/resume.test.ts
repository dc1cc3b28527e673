import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type {
  ChatMessage,
  ConnectionEvent,
  RoomSession,
  RoomSnapshot,
  SessionEndedEvent,
} from "../src/index.js";
import { createRoom, joinRoom } from "../src/index.js";
import { cutNetwork, type RealServer, refuseConnections, startRealServer } from "./support/realServer.js";

/**
 * Reconnect without replay (F17) against the real server: a dropped network resumes
 * the same seat with the in-memory token (the rejoin after the window, F26, is in
 * rejoin.test.ts).
 */
let server: RealServer;
const open: RoomSession[] = [];
const PASSWORD = "resume test password";

beforeAll(async () => {
  server = await startRealServer({ heartbeatMs: 100 });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function pair(on: RealServer) {
  const alice = await createRoom({ serverUrl: on.url, alias: "alice", password: PASSWORD });
  const bob = await joinRoom({ serverUrl: on.url, roomId: alice.roomId, alias: "bob", password: PASSWORD });
  open.push(alice, bob);
  return { alice, bob };
}

function record<T>(session: RoomSession, event: "connection" | "ended" | "message" | "memberLeft"): T[] {
  const seen: T[] = [];
  session.on(event, ((e: T) => seen.push(e)) as never);
  return seen;
}

describe("resume after a network blip", () => {
  it("the owner comes back with the same ID, alias and role; the gap is not replayed", async () => {
    const { alice, bob } = await pair(server);
    const states = record<ConnectionEvent>(alice, "connection");
    const aliceGot = record<ChatMessage>(alice, "message");
    const away: Array<[string, boolean]> = [];
    bob.on("memberAway", (m, isAway) => away.push([m.alias, isAway]));
    const id = alice.you.id;

    cutNetwork(server.server, alice.roomId, id);
    await expect.poll(() => states[0]).toMatchObject({ state: "reconnecting" });
    expect(alice.connection).toBe("reconnecting");
    await expect(alice.send("while away")).rejects.toMatchObject({ code: "NETWORK" });
    // The server holds the seat; bob is told alice is away, not gone.
    await expect.poll(() => away).toEqual([["alice", true]]);
    expect(bob.memberById(id)?.away).toBe(true);
    await bob.send("sent during the gap");

    await expect.poll(() => states.length, { timeout: 5000 }).toBe(2);
    const online = states[1] as { state: "online"; offlineMs: number };
    expect(online).toMatchObject({ state: "online", rejoined: false });
    expect(online.offlineMs).toBeGreaterThan(0);
    expect(alice.connection).toBe("online");
    expect(alice.you).toMatchObject({ id, alias: "alice", owner: true });
    expect(alice.isOwner).toBe(true);
    expect(alice.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
    await expect
      .poll(() => away)
      .toEqual([
        ["alice", true],
        ["alice", false],
      ]);

    // Both directions work again, and the gap message never arrives.
    const bobGot = record<ChatMessage>(bob, "message");
    await alice.send("back again");
    await expect.poll(() => bobGot.map((m) => m.text)).toEqual(["back again"]);
    await bob.send("welcome back");
    await expect.poll(() => aliceGot.map((m) => m.text)).toEqual(["back again", "welcome back"]);
    expect(aliceGot.map((m) => m.text)).not.toContain("sent during the gap");
    // Whispers still open: the member key survived the resume.
    await bob.whisper(id, "psst");
    await expect.poll(() => aliceGot.map((m) => m.text)).toContain("psst");
  });

  it("resumes more than once (each welcome brings a new single-use token)", async () => {
    const { alice, bob } = await pair(server);
    const states = record<ConnectionEvent>(bob, "connection");
    for (let i = 1; i <= 2; i++) {
      cutNetwork(server.server, bob.roomId, bob.you.id);
      await expect.poll(() => states.length, { timeout: 5000 }).toBe(2 * i);
      expect(states[2 * i - 1]?.state).toBe("online");
    }
    expect(alice.members.map((m) => [m.alias, m.away ?? false])).toEqual([
      ["alice", false],
      ["bob", false],
    ]);
  });

  it("a resume replaces the snapshot: an owner change and a lock made meanwhile are there", async () => {
    // Join order alice, carol, bob: when alice leaves, carol (not the absent bob) owns.
    const alice = await createRoom({ serverUrl: server.url, alias: "alice", password: PASSWORD });
    const carol = await joinRoom({
      serverUrl: server.url,
      roomId: alice.roomId,
      alias: "carol",
      password: PASSWORD,
    });
    const bob = await joinRoom({
      serverUrl: server.url,
      roomId: alice.roomId,
      alias: "bob",
      password: PASSWORD,
    });
    open.push(alice, carol, bob);
    await expect.poll(() => carol.members.length).toBe(3);
    const snapshots: RoomSnapshot[] = [];
    bob.on("change", (s) => snapshots.push(s));
    const owners: string[] = [];
    bob.on("ownerChanged", (id) => owners.push(id));
    const restore = refuseConnections(server.server);
    try {
      cutNetwork(server.server, bob.roomId, bob.you.id);
      await expect.poll(() => bob.connection).toBe("reconnecting");
      await alice.leave();
      await expect.poll(() => carol.isOwner).toBe(true);
      await carol.setLocked(true);
      // Bob heard none of it.
      expect(bob.snapshot).toMatchObject({
        ownerId: alice.you.id,
        locked: false,
        connection: "reconnecting",
      });
    } finally {
      restore();
    }
    await expect.poll(() => bob.connection, { timeout: 5000 }).toBe("online");
    const now = bob.snapshot;
    expect(snapshots.at(-1)).toBe(now);
    expect(now).toMatchObject({ ownerId: carol.you.id, locked: true, connection: "online" });
    expect(now.members.map((m) => [m.alias, m.owner])).toEqual([
      ["carol", true],
      ["bob", false],
    ]);
    expect(Object.keys(now.memberKeys).sort()).toEqual([bob.you.id, carol.you.id].sort());
    expect(Object.isFrozen(now) && Object.isFrozen(now.members)).toBe(true);
    expect(owners).toEqual([carol.you.id]);
    expect(bob.isOwner).toBe(false);
  });

  it("a resume after the room was purged ends the session: the room is gone", async () => {
    const { alice, bob } = await pair(server);
    const ended = record<SessionEndedEvent>(bob, "ended");
    const restore = refuseConnections(server.server);
    try {
      cutNetwork(server.server, bob.roomId, bob.you.id);
      await expect.poll(() => bob.connection).toBe("reconnecting");
      await alice.purge();
    } finally {
      restore();
    }
    await expect.poll(() => ended, { timeout: 5000 }).toEqual([{ reason: "room-gone" }]);
  });
});
