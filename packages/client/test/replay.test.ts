import { type Envelope, KDF_DEFAULT, type Member, type SealedEnvelope } from "@sanctuary/protocol";
import type { Socket } from "socket.io";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { textBody } from "../src/body.js";
import { sealEnvelope } from "../src/envelope.js";
import type { RoomSession } from "../src/index.js";
import { deriveRoomKeys, joinRoom } from "../src/index.js";
import {
  FAKE_ROOM_ID,
  FAKE_SALT,
  type FakeServer,
  startFakeServer,
  validWelcome,
} from "./support/fakeServer.js";

/**
 * Replay-proof messages (F25): a misbehaving server (or anyone who can inject into the relay)
 * replays envelopes it captured from honest SDK clients: twice, an hour later, under a
 * sender ID that is not a member (or no longer is), re-attributed to another member.
 * The server here is a controllable Socket.IO server that relays honestly until the
 * test tells it to attack; every envelope comes from a real SDK session.
 */

const PASSWORD = "pw";
const HOUR = 3_600_000;

/**
 * Every party's clock (both SDK sessions and this server) moves together: `later(HOUR)`
 * is an hour on. Only the SDK's clock module is moved, not `Date`, whose jump would
 * make engine.io think its pings had timed out.
 */
const clock = vi.hoisted(() => ({ shift: 0 }));
vi.mock("../src/clock.js", () => ({ clockNow: () => Date.now() + clock.shift }));
const now = () => Date.now() + clock.shift;
const later = (ms: number) => {
  clock.shift += ms;
};

let fake: FakeServer;
let defaultWelcome: FakeServer["welcome"];
const open: RoomSession[] = [];

beforeAll(async () => {
  fake = await startFakeServer();
  defaultWelcome = fake.welcome;
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  clock.shift = 0;
  fake.welcome = defaultWelcome;
  for (const s of open.splice(0)) s.close();
});

/** What the hostile server captured from a member's socket, with the server's ack time. */
interface Captured {
  messages: Array<{ env: Envelope; ts: number }>;
  whispers: Array<{ to: string; env: SealedEnvelope; ts: number }>;
  farewells: Envelope[];
}

interface Peer {
  session: RoomSession;
  server: Socket;
  captured: Captured;
  /** Every `message` text and `dropped` reason the session reported, in order. */
  log: Array<[string, string | undefined]>;
}

/** A room on the fake server whose members are real SDK sessions. */
function fakeRoom() {
  const members: Member[] = [];
  const peers: Peer[] = [];
  let seq = 0;
  fake.welcome = (you) => {
    for (const p of peers) p.server.emit("member:joined", you);
    const welcome = { ...validWelcome(you), members: [...members, you], ownerId: members[0]?.id ?? you.id };
    members.push(you);
    return welcome;
  };

  async function join(alias: string): Promise<Peer> {
    const serverSide = fake.nextRoomSocket();
    const session = await joinRoom({ serverUrl: fake.url, roomId: FAKE_ROOM_ID, alias, password: PASSWORD });
    open.push(session);
    const server = await serverSide;
    const captured: Captured = { messages: [], whispers: [], farewells: [] };
    type Ack = (res: unknown) => void;
    server.on("msg:send", (p: { env: Envelope }, ack: Ack) => {
      const ts = now();
      captured.messages.push({ env: p.env, ts });
      ack({ ok: true, id: `s-${++seq}`, ts });
    });
    server.on("msg:whisper", (p: { to: string; env: SealedEnvelope }, ack: Ack) => {
      const ts = now();
      captured.whispers.push({ ...p, ts });
      ack({ ok: true, id: `s-${++seq}`, ts });
    });
    server.on("member:exit", (p: { farewell?: Envelope }, ack: Ack) => {
      if (p.farewell) captured.farewells.push(p.farewell);
      ack({ ok: true });
    });
    const log: Peer["log"] = [];
    session.on("message", (m) => log.push(["message", m.text]));
    session.on("dropped", (d) => log.push([`dropped ${d.kind}`, d.reason]));
    const peer = { session, server, captured, log };
    peers.push(peer);
    return peer;
  }
  return { join, nextId: () => `s-${++seq}` };
}

function sender(peer: Peer) {
  return { id: peer.session.you.id, alias: peer.session.you.alias };
}

/** Resolves once `to` has handled everything the server sent it before this. */
function flush(to: Peer): Promise<void> {
  return new Promise((resolve) => {
    const off = to.session.on("notice", () => {
      off();
      resolve();
    });
    to.server.emit("room:notice", { kind: "join-failures", count: 1 });
  });
}

describe("a server that replays a captured message", () => {
  it("pushed twice (or back to its sender), it is shown once and then dropped as a repeat", async () => {
    const room = fakeRoom();
    const ann = await room.join("ann");
    const bob = await room.join("bob");
    await ann.session.send("hello");
    const { env, ts } = ann.captured.messages[0] as Captured["messages"][0];
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts, env });
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts, env });
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts: now(), env });
    ann.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts, env });
    await flush(bob);
    await flush(ann);
    expect(bob.log).toEqual([
      ["message", "hello"],
      ["dropped msg", "repeat"],
      ["dropped msg", "repeat"],
    ]);
    expect(ann.log).toEqual([
      ["message", "hello"], // its own, when the server accepted it
      ["dropped msg", "repeat"],
    ]);
  });

  it("withheld for an hour, it is dropped as stale whatever time the server puts on it", async () => {
    const room = fakeRoom();
    const ann = await room.join("ann");
    const bob = await room.join("bob");
    await ann.session.send("an hour ago");
    const { env, ts } = ann.captured.messages[0] as Captured["messages"][0];
    later(HOUR);
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts: now(), env });
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts, env });
    await ann.session.send("now");
    const fresh = ann.captured.messages[1] as Captured["messages"][0];
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts: fresh.ts, env: fresh.env });
    await flush(bob);
    expect(bob.log).toEqual([
      ["dropped msg", "stale"],
      ["dropped msg", "stale"],
      ["message", "now"],
    ]);
  });

  it("under a sender ID that is not a member, or a member who left, it is dropped", async () => {
    const room = fakeRoom();
    const ann = await room.join("ann");
    const bob = await room.join("bob");
    await ann.session.send("one");
    await ann.session.send("two");
    const [one, two] = ann.captured.messages as [Captured["messages"][0], Captured["messages"][0]];
    // A ghost: ann's alias, an ID that was never (or is no longer) in bob's roster.
    bob.server.emit("msg:new", {
      id: room.nextId(),
      from: { id: "m-ghost", alias: "ann" },
      ts: one.ts,
      env: one.env,
    });
    bob.server.emit("member:left", { id: ann.session.you.id, reason: "disconnected" });
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts: two.ts, env: two.env });
    await flush(bob);
    expect(bob.log).toEqual([
      ["dropped msg", "not-member"],
      ["dropped msg", "not-member"],
    ]);
  });

  it("re-attributed to another member's ID, it is dropped", async () => {
    const room = fakeRoom();
    const ann = await room.join("ann");
    const bob = await room.join("bob");
    const cat = await room.join("cat");
    await ann.session.send("mine");
    const { env, ts } = ann.captured.messages[0] as Captured["messages"][0];
    // cat's ID with ann's alias (the MAC binds the alias, so it verifies); cat's ID and
    // alias (the MAC fails); a second "ann" the server admitted, the alias matching.
    bob.server.emit("msg:new", {
      id: room.nextId(),
      from: { id: cat.session.you.id, alias: "ann" },
      ts,
      env,
    });
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(cat), ts, env });
    const twin: Member = { id: "m-twin", alias: "ann", owner: false, joinedAt: now() };
    bob.server.emit("member:joined", twin);
    bob.server.emit("msg:new", { id: room.nextId(), from: { id: twin.id, alias: "ann" }, ts, env });
    await flush(bob);
    expect(bob.log).toEqual([
      ["dropped msg", "not-member"],
      ["dropped msg", undefined],
      ["dropped msg", "wrong-sender"],
    ]);
  });

  it("an envelope from an older client, without an ID and time, is dropped as outdated", async () => {
    const room = fakeRoom();
    const ann = await room.join("ann");
    const bob = await room.join("bob");
    const keys = await deriveRoomKeys(PASSWORD, FAKE_SALT, { ...KDF_DEFAULT });
    const env = sealEnvelope(keys, {
      kind: "msg",
      roomId: FAKE_ROOM_ID,
      fromAlias: "ann",
      body: textBody("old"),
    });
    bob.server.emit("msg:new", { id: room.nextId(), from: sender(ann), ts: now(), env });
    await flush(bob);
    expect(bob.log).toEqual([["dropped msg", "outdated"]]);
  });
});

describe("a server that replays a captured whisper", () => {
  it("twice, an hour later or from a stranger: shown once, the replays dropped", async () => {
    const room = fakeRoom();
    const ann = await room.join("ann");
    const bob = await room.join("bob");
    await expect.poll(() => ann.session.memberKey(bob.session.you.id)?.status).toBe("verified");
    await ann.session.whisper(bob.session.you.id, "psst");
    await ann.session.whisper(bob.session.you.id, "later");
    const [psst, withheld] = ann.captured.whispers as [Captured["whispers"][0], Captured["whispers"][0]];
    const to = bob.session.you.id;
    bob.server.emit("msg:whisper", { id: room.nextId(), from: sender(ann), to, ts: psst.ts, env: psst.env });
    bob.server.emit("msg:whisper", { id: room.nextId(), from: sender(ann), to, ts: psst.ts, env: psst.env });
    const ghost = { id: "m-ghost", alias: "ann" };
    bob.server.emit("msg:whisper", {
      id: room.nextId(),
      from: ghost,
      to,
      ts: withheld.ts,
      env: withheld.env,
    });
    await flush(bob);
    later(HOUR);
    bob.server.emit("msg:whisper", {
      id: room.nextId(),
      from: sender(ann),
      to,
      ts: now(),
      env: withheld.env,
    });
    await flush(bob);
    expect(bob.log.slice(0, 1)).toEqual([["message", "psst"]]);
    expect(bob.log.slice(1)).toEqual([
      ["dropped whisper", "repeat"],
      ["dropped whisper", "not-member"],
      ["dropped whisper", "stale"],
    ]);
  });
});

describe("a server that replays a captured farewell", () => {
  it("attached to a later member's departure under the same alias, it is dropped", async () => {
    const room = fakeRoom();
    const ann = await room.join("ann");
    const bob = await room.join("bob");
    const farewells: Array<string | undefined> = [];
    bob.session.on("memberLeft", (e) => farewells.push(e.farewell));
    await ann.session.leave("bye all");
    const farewell = ann.captured.farewells[0] as Envelope;
    bob.server.emit("member:left", { id: ann.session.you.id, reason: "exit", farewell });
    await flush(bob);
    // Someone else takes the alias "ann"; the server gives its exit the old farewell.
    const ann2 = await room.join("ann");
    await expect.poll(() => bob.session.members.length).toBe(2);
    bob.server.emit("member:left", { id: ann2.session.you.id, reason: "exit", farewell });
    await flush(bob);
    expect(farewells).toEqual(["bye all", undefined]);
    expect(bob.log).toEqual([["dropped farewell", "wrong-sender"]]);
  });
});
