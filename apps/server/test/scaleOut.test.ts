import type {
  IncomingMessage,
  IncomingWhisper,
  MemberLeft,
  SessionEnded,
  Welcome,
} from "@sanctuary/protocol";
import { dumpRedis, eventually, startRedis, type TestRedis } from "@sanctuary/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  b64,
  connectRoom,
  createRoom,
  envelope,
  join,
  joined,
  lobbyFor,
  once,
  recorder,
  request,
  sleep,
  type TestServer,
} from "./helpers.js";
import { startNode } from "./support/cluster.js";

/**
 * Scale-out (F19): three server processes' worth of `createServer`, each with its own
 * Socket.IO server, sharing one private Redis; real clients on different nodes.
 */
let redis: TestRedis;
let nodes: TestServer[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(nodes.map((n) => n.close()));
  nodes = [];
});

async function cluster(count: number, options = {}): Promise<TestServer[]> {
  nodes = await Promise.all(Array.from({ length: count }, () => startNode(redis, options)));
  return nodes;
}

const whisperEnv = () => ({ v: 2, epk: b64(32), iv: b64(16), ct: b64(32), mac: b64(32) });

describe("scale-out: rooms shared by several nodes", () => {
  it("chats across three nodes; the welcome lists members from every node", async () => {
    const [a, b, c] = await cluster(3);
    if (!a || !b || !c) throw new Error("nodes");
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const bobJoined = once<{ alias: string }>(alice.socket, "member:joined");
    const bob = await joined(b, await lobbyFor(b), room, "bob");
    expect((await bobJoined).alias).toBe("bob");
    const carol = await joined(c, await lobbyFor(c), room, "carol");
    expect(carol.welcome.members.map((m) => m.alias)).toEqual(["alice", "bob", "carol"]);
    expect(carol.welcome.ownerId).toBe(alice.welcome.you.id);

    const env = envelope();
    const atBob = once<IncomingMessage>(bob.socket, "msg:new");
    const atCarol = once<IncomingMessage>(carol.socket, "msg:new");
    const ack = await request<{ id: string }>(alice.socket, "msg:send", { env });
    expect(ack.ok).toBe(true);
    for (const msg of [await atBob, await atCarol]) {
      expect(msg.from).toEqual({ id: alice.welcome.you.id, alias: "alice" });
      expect(msg.env).toEqual(env);
    }
  });

  it("delivers a whisper only to its target, whichever node either is on", async () => {
    const [a, b, c] = await cluster(3);
    if (!a || !b || !c) throw new Error("nodes");
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const carol = await joined(a, lobbyA, room, "carol");
    const bob = await joined(b, await lobbyFor(b), room, "bob");
    const dave = await joined(c, await lobbyFor(c), room, "dave");
    const seenCarol = recorder(carol.socket);
    const seenDave = recorder(dave.socket);
    const seenAlice = recorder(alice.socket);

    const got = once<IncomingWhisper>(bob.socket, "msg:whisper");
    expect(
      (await request(alice.socket, "msg:whisper", { to: bob.welcome.you.id, env: whisperEnv() })).ok,
    ).toBe(true);
    expect((await got).from.alias).toBe("alice");
    const back = once<IncomingWhisper>(alice.socket, "msg:whisper");
    expect(
      (await request(dave.socket, "msg:whisper", { to: alice.welcome.you.id, env: whisperEnv() })).ok,
    ).toBe(true);
    expect((await back).from.alias).toBe("dave");
    await sleep(150);
    expect(seenCarol.filter(([e]) => e === "msg:whisper")).toEqual([]);
    expect(seenDave.filter(([e]) => e === "msg:whisper")).toEqual([]);
    expect(seenAlice.filter(([e]) => e === "msg:whisper")).toHaveLength(1);
  });

  it("keeps aliases unique across nodes, even for simultaneous joins", async () => {
    const [a, b] = await cluster(2);
    if (!a || !b) throw new Error("nodes");
    const lobbyA = await lobbyFor(a);
    const lobbyB = await lobbyFor(b);
    const room = await createRoom(lobbyA);
    await joined(a, lobbyA, room, "alice");
    const taken = await join(b, lobbyB, room, "ALICE");
    expect(taken.ok ? "admitted" : taken.refusal.code).toBe("ALIAS_TAKEN");

    const results = await Promise.all([join(a, lobbyA, room, "zed"), join(b, lobbyB, room, "Zed")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok ? refused.refusal.code : "").toBe("ALIAS_TAKEN");
  });

  it("kicks a member on another node: it is told, disconnected and barred; the rest see it", async () => {
    const [a, b, c] = await cluster(3);
    if (!a || !b || !c) throw new Error("nodes");
    const lobbyA = await lobbyFor(a);
    const lobbyB = await lobbyFor(b);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const bob = await joined(b, lobbyB, room, "bob");
    const carol = await joined(c, await lobbyFor(c), room, "carol");

    const ended = once<SessionEnded>(bob.socket, "session:ended");
    const gone = once(bob.socket, "disconnect");
    const left = once<MemberLeft>(carol.socket, "member:left");
    expect((await request(alice.socket, "member:kick", { id: bob.welcome.you.id })).ok).toBe(true);
    expect(await ended).toEqual({ reason: "kicked", by: "alice" });
    await gone;
    expect(await left).toEqual({ id: bob.welcome.you.id, reason: "kicked", by: "alice" });
    // Knocking is off in a cluster: the household is refused, told why and for how long.
    const again = await join(c, await lobbyFor(c), room, "bob2");
    expect(again.ok ? "admitted" : again.refusal.code).toBe("BANNED");
    if (!again.ok) expect(again.refusal.message).toContain("Someone on your network was removed");
    if (!again.ok) expect(again.refusal.retryAfterMs).toBeGreaterThan(0);
    const snapshot = await a.server.registry.getRoom(room.roomId);
    expect(snapshot?.members.map((m) => m.alias)).toEqual(["alice", "carol"]);
  });

  it("locks across nodes and passes ownership to the longest-present member on another node", async () => {
    const [a, b, c] = await cluster(3);
    if (!a || !b || !c) throw new Error("nodes");
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const bob = await joined(b, await lobbyFor(b), room, "bob");
    const carol = await joined(c, await lobbyFor(c), room, "carol");

    const locked = once<{ locked: boolean }>(bob.socket, "room:locked");
    expect((await request(alice.socket, "room:lock", { locked: true })).ok).toBe(true);
    expect((await locked).locked).toBe(true);
    const refused = await join(c, await lobbyFor(c), room, "dave");
    // Knocking is off in a cluster (F35): a locked room is LOCKED, as before.
    expect(refused.ok ? "admitted" : refused.refusal.code).toBe("LOCKED");

    const role = once<{ ownerId: string }>(carol.socket, "member:role");
    const left = once<MemberLeft>(carol.socket, "member:left");
    expect((await request(alice.socket, "member:exit", {})).ok).toBe(true);
    expect((await left).reason).toBe("exit");
    expect((await role).ownerId).toBe(bob.welcome.you.id);
    expect((await request(bob.socket, "room:lock", { locked: false })).ok).toBe(true);
    expect((await request(carol.socket, "room:lock", { locked: true })).code).toBe("NOT_OWNER");
  });

  it("purges for everyone: every node tells its members, closes their sockets and drops the namespace; no key is left", async () => {
    const [a, b, c] = await cluster(3);
    if (!a || !b || !c) throw new Error("nodes");
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const bob = await joined(b, await lobbyFor(b), room, "bob");
    const carol = await joined(c, await lobbyFor(c), room, "carol");
    const endings = [
      once<SessionEnded>(bob.socket, "session:ended"),
      once<SessionEnded>(carol.socket, "session:ended"),
    ];
    const closed = [
      once(bob.socket, "disconnect"),
      once(carol.socket, "disconnect"),
      once(alice.socket, "disconnect"),
    ];
    expect((await request(alice.socket, "room:purge", {})).ok).toBe(true);
    for (const e of await Promise.all(endings)) expect(e).toEqual({ reason: "purged", by: "alice" });
    await Promise.all(closed);
    for (const node of [a, b, c]) {
      await eventually(() => node.server.namespaces.get(room.roomId) === undefined, "namespace removed");
      expect(node.server.io._nsps.has(`/r/${room.roomId}`)).toBe(false);
    }
    expect(await b.server.registry.hasRoom(room.roomId)).toBe(false);
    const left = (await dumpRedis(redis.client)).filter((e) => `${e.key}\n${e.text}`.includes(room.roomId));
    expect(left).toEqual([]);
  });

  it("purges an empty room exactly once, and tells members of an expired room exactly once", async () => {
    const [a, b, c] = await cluster(3, { heartbeatMs: 20, emptyGraceMs: 100 });
    if (!a || !b || !c) throw new Error("nodes");
    const deletions: string[] = [];
    for (const node of [a, b, c]) {
      const registry = node.server.registry;
      const original = registry.deleteRoom.bind(registry);
      registry.deleteRoom = async (roomId) => {
        const deleted = await original(roomId);
        if (deleted) deletions.push(roomId);
        return deleted;
      };
    }
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const bob = await joined(b, await lobbyFor(b), room, "bob");
    alice.socket.disconnect();
    bob.socket.disconnect();
    await eventually(async () => !(await c.server.registry.hasRoom(room.roomId)), "empty room purged");
    await sleep(200);
    expect(deletions.filter((id) => id === room.roomId)).toHaveLength(1);

    // A room past its self-destruct time: each member hears "expired" once.
    const roomId = "0123456789ABCDEF";
    const authKey = Buffer.from(b64(32), "base64url");
    await a.server.registry.createRoom(
      roomId,
      {
        salt: b64(16),
        kdf: { alg: "argon2id", m: 19456, t: 2, p: 1 },
        authKey,
        createdAt: Date.now(),
        expiresAt: Date.now() + 400,
      },
      100,
    );
    const expiring = { roomId, authKey, salt: "" };
    const members = [
      await joined(a, await lobbyFor(a), expiring, "x"),
      await joined(b, await lobbyFor(b), expiring, "y"),
      await joined(c, await lobbyFor(c), expiring, "z"),
    ];
    const seen = members.map((m) => recorder(m.socket));
    await Promise.all(members.map((m) => once(m.socket, "disconnect", 3000)));
    await sleep(200);
    for (const events of seen) {
      expect(events.filter(([e]) => e === "session:ended")).toEqual([
        ["session:ended", [{ reason: "expired" }]],
      ]);
    }
  });

  it("a node is alive from its start: a seat taken before its first heartbeat is not reaped", async () => {
    const slow = await startNode(redis, { heartbeatMs: 60_000 });
    const fast = await startNode(redis, { heartbeatMs: 20 });
    nodes = [slow, fast];
    const lobby = await lobbyFor(slow);
    const room = await createRoom(lobby);
    const alice = await joined(slow, lobby, room, "alice");
    const bob = await joined(fast, await lobbyFor(fast), room, "bob");
    const seen = recorder(bob.socket);
    await sleep(400);
    expect(seen.filter(([e]) => e === "member:away")).toEqual([]);
    const snapshot = await fast.server.registry.getRoom(room.roomId);
    expect(snapshot?.members.find((m) => m.id === alice.welcome.you.id)?.awaySince).toBeUndefined();
  });

  it("stores no alias, message, password, key or address in Redis, and nothing of a room after it ends", async () => {
    await redis.client.flushAll();
    const [a, b] = await cluster(2);
    if (!a || !b) throw new Error("nodes");
    expect(await redis.client.configGet("save")).toEqual({ save: "" });
    expect(await redis.client.configGet("appendonly")).toEqual({ appendonly: "no" });
    const secrets: string[] = [];
    const keep = (...values: string[]) => secrets.push(...values);
    const lobbyA = await lobbyFor(a, { localAddress: "127.0.0.2" });
    const lobbyB = await lobbyFor(b, { localAddress: "127.0.0.3" });
    const meta = envelope();
    const room = await createRoom(lobbyA, { meta });
    keep(room.authKey.toString("base64url"), room.authKey.toString("hex"), meta.iv, meta.ct, meta.mac);
    keep("127.0.0.2", "127.0.0.3");
    const withKey = async (t: TestServer, lobby: typeof lobbyA, alias: string, address: string) => {
      const pub = b64(32);
      const pubMac = b64(32);
      keep(alias, alias.toLowerCase(), pub, pubMac);
      const nonce = (await request<{ nonce: string }>(lobby, "room:lookup", { roomId: room.roomId })) as {
        nonce: string;
      };
      const { proof } = await import("./helpers.js");
      const res = await connectRoom(
        t,
        room.roomId,
        {
          alias,
          nonce: nonce.nonce,
          proof: proof(room.authKey, room.roomId, nonce.nonce, alias),
          pub,
          pubMac,
        },
        { localAddress: address },
      );
      if (!res.ok) throw new Error("join refused");
      keep(res.welcome.resumeToken);
      return res as { socket: typeof lobbyA; welcome: Welcome };
    };
    const alice = await withKey(a, lobbyA, "Aurelia Quinctilla", "127.0.0.2");
    const bob = await withKey(b, lobbyB, "Bartholomew Vex", "127.0.0.3");
    const carol = await withKey(b, lobbyB, "Cordelia Marsh", "127.0.0.3");
    const msg = envelope();
    keep(msg.iv, msg.ct, msg.mac);
    const heard = once(bob.socket, "msg:new");
    await request(alice.socket, "msg:send", { env: msg });
    await heard;
    const w = whisperEnv();
    keep(w.epk, w.iv, w.ct, w.mac);
    const whispered = once(alice.socket, "msg:whisper");
    await request(bob.socket, "msg:whisper", { to: alice.welcome.you.id, env: w });
    await whispered;
    await request(alice.socket, "member:kick", { id: carol.welcome.you.id });

    const live = await dumpRedis(redis.client);
    expect(live.some((e) => e.key.includes(room.roomId))).toBe(true);
    const text = live.map((e) => `${e.key}\n${e.text}`).join("\n");
    for (const secret of secrets) expect(text.includes(secret), `Redis holds ${secret}`).toBe(false);

    const farewell = envelope();
    const left = once(alice.socket, "member:left");
    await request(bob.socket, "member:exit", { farewell });
    await left;
    alice.socket.disconnect();
    await eventually(async () => !(await a.server.registry.hasRoom(room.roomId)), "room purged");
    const after = await dumpRedis(redis.client);
    expect(after.filter((e) => `${e.key}\n${e.text}`.includes(room.roomId))).toEqual([]);
    // What is left is the nodes' own liveness bookkeeping.
    for (const e of after) expect(e.key).toMatch(/^sanctuary:(nodes$|node:)/);
  });
});
