import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConnectionEvent, KnockEvent, RoomSession, SessionEndedEvent } from "../src/index.js";
import { createRoom, joinRoom } from "../src/index.js";
import {
  cutNetwork,
  type RealServer,
  refuseConnections,
  serverSocketOf,
  startRealServer,
} from "./support/realServer.js";

/**
 * A rejoin after the resume window (F26) that meets a locked room or a barred address
 * group knocks (F34), against the real server with a 1 s window, a fast heartbeat and
 * knocks that wait 2 s: the owner hears the knock, and "let in" brings the member back
 * into the same session; a refusal or no answer ends it with the knock's code.
 */
let real: RealServer;
const open: RoomSession[] = [];
const PASSWORD = "rejoin knock password";

beforeAll(async () => {
  real = await startRealServer({ heartbeatMs: 100, resumeWindowSeconds: 1, knockTimeoutMs: 2_000 });
});
afterAll(() => real.close());
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function join(roomId: string, alias: string): Promise<RoomSession> {
  const s = await joinRoom({ serverUrl: real.url, roomId, alias, password: PASSWORD });
  open.push(s);
  return s;
}

async function pair() {
  const alice = await createRoom({ serverUrl: real.url, alias: "alice", password: PASSWORD });
  open.push(alice);
  return { alice, bob: await join(alice.roomId, "bob") };
}

function record<T>(session: RoomSession, event: "connection" | "ended" | "knock"): T[] {
  const seen: T[] = [];
  session.on(event, ((e: T) => seen.push(e)) as never);
  return seen;
}

/** Cuts `session`'s connection past the window; `during` runs while it is still cut. */
async function outage(session: RoomSession, during: () => Promise<void>): Promise<void> {
  const restore = refuseConnections(real.server);
  try {
    cutNetwork(real.server, session.roomId, session.you.id);
    await expect.poll(() => session.connection).toBe("reconnecting");
    await new Promise((r) => setTimeout(r, 2000));
    await during();
  } finally {
    restore();
  }
}

describe("a rejoin that must knock", () => {
  it("a room locked meanwhile: the owner hears the knock, lets the member in, and the session carries on", async () => {
    const { alice, bob } = await pair();
    const states = record<ConnectionEvent>(bob, "connection");
    const knocks = record<KnockEvent>(alice, "knock");
    const oldId = bob.you.id;
    await outage(bob, () => alice.setLocked(true));

    await expect.poll(() => knocks.map((k) => k.alias), { timeout: 15_000 }).toEqual(["bob"]);
    const knocking = states.find((e) => e.state === "knocking");
    expect(knocking).toMatchObject({ state: "knocking", expiresInMs: 2_000 });
    expect(bob.connection).toBe("reconnecting");
    await alice.answerKnock(knocks[0]?.knockId ?? "", true);

    await expect.poll(() => bob.connection, { timeout: 10_000 }).toBe("online");
    expect(states.at(-1)).toMatchObject({ state: "online", rejoined: true });
    expect(bob.you.id).not.toBe(oldId);
    expect(bob.you.alias).toBe("bob");
    expect(bob.locked).toBe(true);
    const got: string[] = [];
    alice.on("message", (m) => got.push(m.text));
    await bob.send("let back in");
    await expect.poll(() => got).toEqual(["let back in"]);
  });

  it("an address group barred meanwhile (someone else's kick) knocks too", async () => {
    const { alice, bob } = await pair();
    const carol = await join(alice.roomId, "carol");
    const knocks = record<KnockEvent>(alice, "knock");
    // Everyone here is 127.0.0.1: carol's kick bars bob's household, not bob.
    await outage(bob, () => alice.kick(carol.you.id));
    await expect.poll(() => knocks.map((k) => k.alias), { timeout: 15_000 }).toEqual(["bob"]);
    await alice.answerKnock(knocks[0]?.knockId ?? "", true);
    await expect.poll(() => bob.connection, { timeout: 10_000 }).toBe("online");
    await expect.poll(() => alice.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
  });

  it("refused: the session ends with KNOCK_REFUSED and its keys go", async () => {
    const { alice, bob } = await pair();
    const ended = record<SessionEndedEvent>(bob, "ended");
    const knocks = record<KnockEvent>(alice, "knock");
    await outage(bob, () => alice.setLocked(true));
    await expect.poll(() => knocks.length, { timeout: 15_000 }).toBe(1);
    await alice.answerKnock(knocks[0]?.knockId ?? "", false);
    await expect
      .poll(() => ended, { timeout: 10_000 })
      .toEqual([{ reason: "rejoin-refused", code: "KNOCK_REFUSED" }]);
    await expect(bob.send("after")).rejects.toMatchObject({ code: "CLOSED" });
    expect(alice.members.map((m) => m.alias)).toEqual(["alice"]);
  });

  it("unanswered: the session ends with KNOCK_EXPIRED", async () => {
    const { alice, bob } = await pair();
    const ended = record<SessionEndedEvent>(bob, "ended");
    await outage(bob, () => alice.setLocked(true));
    await expect
      .poll(() => ended, { timeout: 20_000 })
      .toEqual([{ reason: "rejoin-refused", code: "KNOCK_EXPIRED" }]);
  });

  it("closing the page while knocking withdraws the knock: the owner's card goes", async () => {
    const { alice, bob } = await pair();
    const knocks = record<KnockEvent>(alice, "knock");
    const gone: string[] = [];
    alice.on("knockGone", (id) => gone.push(id));
    await outage(bob, () => alice.setLocked(true));
    await expect.poll(() => knocks.length, { timeout: 15_000 }).toBe(1);
    bob.close();
    await expect.poll(() => gone).toEqual([knocks[0]?.knockId]);
  });

  it("the connection drops while knocking: the knock goes, and the member knocks again once back", async () => {
    const { alice, bob } = await pair();
    const knocks = record<KnockEvent>(alice, "knock");
    const ended = record<SessionEndedEvent>(bob, "ended");
    const gone: string[] = [];
    alice.on("knockGone", (id) => gone.push(id));
    await outage(bob, () => alice.setLocked(true));
    await expect.poll(() => knocks.length, { timeout: 15_000 }).toBe(1);
    // bob's only connection now is the lobby the knock waits on: cut it.
    const restore = refuseConnections(real.server);
    try {
      const aliceConn = serverSocketOf(real.server, alice.roomId, alice.you.id)?.conn as
        | { id?: string }
        | undefined;
      cutAllBut(aliceConn?.id);
      await expect.poll(() => gone).toEqual([knocks[0]?.knockId]);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      restore();
    }
    // Well before the knock's own expiry (2 s + grace) would have ended the session.
    await expect.poll(() => knocks.length, { timeout: 15_000 }).toBe(2);
    await alice.answerKnock(knocks[1]?.knockId ?? "", true);
    await expect.poll(() => bob.connection, { timeout: 10_000 }).toBe("online");
    expect(ended).toEqual([]);
  });

  it("the member kicked while away is refused with the bar's time left", async () => {
    const { alice, bob } = await pair();
    const ended = record<SessionEndedEvent>(bob, "ended");
    const restore = refuseConnections(real.server);
    try {
      cutNetwork(real.server, bob.roomId, bob.you.id);
      await expect.poll(() => bob.connection).toBe("reconnecting");
      // The seat is still held (away): the owner removes it.
      await alice.kick(bob.you.id);
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      restore();
    }
    await expect.poll(() => ended, { timeout: 15_000 }).toHaveLength(1);
    expect(ended[0]).toMatchObject({ reason: "rejoin-refused", code: "BANNED" });
    expect(ended[0]?.retryAfterMs).toBeGreaterThan(60_000);
  });
});

/** Kills the TCP connection of every engine.io client but `keep` (a dead network). */
function cutAllBut(keep: string | undefined): void {
  const engine = (real.server.io as unknown as { engine: { clients: Record<string, EngineClient> } }).engine;
  for (const [id, client] of Object.entries(engine.clients)) {
    if (id === keep) continue;
    const tcp = client.transport?.socket?._socket;
    if (tcp) tcp.destroy();
    else client.close();
  }
}

interface EngineClient {
  transport?: { socket?: { _socket?: { destroy(): void } } };
  close(): void;
}
