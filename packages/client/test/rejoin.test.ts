import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type {
  ChatMessage,
  ConnectionEvent,
  MemberLeftEvent,
  RoomSession,
  SessionEndedEvent,
} from "../src/index.js";
import { createRoom, joinRoom } from "../src/index.js";
import { cutNetwork, type RealServer, refuseConnections, startRealServer } from "./support/realServer.js";

/**
 * Rejoin after the resume window (F26) against the real server, started with a 1 s
 * window and a fast heartbeat so "after the window" takes a second: the session stays
 * open, comes back as a new member with the keys it holds (same alias if free), and
 * only a room that is gone or a refused join ends it.
 */
let short: RealServer;
const open: RoomSession[] = [];
const PASSWORD = "rejoin test password";

beforeAll(async () => {
  short = await startRealServer({ heartbeatMs: 100, resumeWindowSeconds: 1 });
});
afterAll(async () => {
  await short.close();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function pair() {
  const alice = await createRoom({ serverUrl: short.url, alias: "alice", password: PASSWORD });
  const bob = await joinRoom({
    serverUrl: short.url,
    roomId: alice.roomId,
    alias: "bob",
    password: PASSWORD,
  });
  open.push(alice, bob);
  return { alice, bob };
}

function record<T>(session: RoomSession, event: "connection" | "ended" | "message" | "memberLeft"): T[] {
  const seen: T[] = [];
  session.on(event, ((e: T) => seen.push(e)) as never);
  return seen;
}

/** Cuts `session`'s connection and refuses new ones for `ms` (longer than the window). */
async function outage(session: RoomSession, ms: number, during?: () => Promise<void>): Promise<void> {
  const restore = refuseConnections(short.server);
  try {
    cutNetwork(short.server, session.roomId, session.you.id);
    await expect.poll(() => session.connection).toBe("reconnecting");
    await new Promise((r) => setTimeout(r, ms));
    await during?.();
  } finally {
    restore();
  }
}

describe("rejoin after the resume window", () => {
  it("comes back as a new member with the same alias; messages flow both ways, whispers open", async () => {
    const { alice, bob } = await pair();
    const states = record<ConnectionEvent>(alice, "connection");
    const ended = record<SessionEndedEvent>(alice, "ended");
    const left = record<MemberLeftEvent>(bob, "memberLeft");
    const oldId = alice.you.id;

    await outage(alice, 2500);
    // The server let the seat go: bob saw alice leave; the session is still open.
    await expect.poll(() => left.map((e) => [e.member.alias, e.reason])).toEqual([["alice", "disconnected"]]);
    expect(ended).toEqual([]);

    await expect.poll(() => alice.connection, { timeout: 15_000 }).toBe("online");
    expect(states[0]).toMatchObject({ state: "reconnecting" });
    expect(states[1]).toMatchObject({ state: "online", rejoined: true });
    expect((states[1] as { offlineMs: number }).offlineMs).toBeGreaterThanOrEqual(2500);
    expect(alice.you.id).not.toBe(oldId);
    expect(alice.you.alias).toBe("alice");
    expect(alice.members.map((m) => m.alias)).toEqual(["bob", "alice"]);
    await expect.poll(() => bob.members.map((m) => m.alias)).toEqual(["bob", "alice"]);
    // Ownership passed to bob while alice was gone; she comes back as a member.
    expect(alice.isOwner).toBe(false);

    const bobGot = record<ChatMessage>(bob, "message");
    const aliceGot = record<ChatMessage>(alice, "message");
    await alice.send("back after the window");
    await expect.poll(() => bobGot.map((m) => m.text)).toEqual(["back after the window"]);
    await bob.send("welcome back");
    await bob.whisper(alice.you.id, "psst");
    await expect
      .poll(() => aliceGot.map((m) => m.text))
      .toEqual(["back after the window", "welcome back", "psst"]);
    // Her key verified again under the same room keys, for bob too.
    expect(bob.memberKey(alice.you.id)?.status).toBe("verified");
  });

  it("takes a suffixed alias when its own was taken meanwhile", async () => {
    const { alice, bob } = await pair();
    await outage(bob, 2500, async () => {
      // Someone else took "bob" while bob was away (from another connection that works).
      await expect.poll(() => alice.members.length, { timeout: 5000 }).toBe(1);
    });
    // The refusal lifted; take the alias before bob's next attempt.
    const carol = await joinRoom({
      serverUrl: short.url,
      roomId: alice.roomId,
      alias: "bob",
      password: PASSWORD,
    });
    open.push(carol);
    await expect.poll(() => bob.connection, { timeout: 20_000 }).toBe("online");
    expect(["bob2", "bob"]).toContain(bob.you.alias);
    if (bob.you.alias === "bob") return; // bob was quicker than carol: nothing to show
    await expect.poll(() => alice.members.map((m) => m.alias).sort()).toEqual(["alice", "bob", "bob2"]);
  });

  it("a room purged during the outage ends the session as gone", async () => {
    const { alice, bob } = await pair();
    const ended = record<SessionEndedEvent>(bob, "ended");
    await outage(bob, 2000, () => alice.purge());
    await expect.poll(() => ended, { timeout: 15_000 }).toEqual([{ reason: "room-gone" }]);
  });
});
