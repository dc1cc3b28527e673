import { dumpRedis, eventually, startRedis, type TestRedis } from "@sanctuary/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { b64, createRoom, joined, lobbyFor, request, type TestServer } from "./helpers.js";
import { startNode } from "./support/cluster.js";

/** One-time invites (F30) with `--redis`: taken on one node, handed out once by any. */
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

const sealed = () => ({ v: 1 as const, iv: b64(16), ct: b64(48), mac: b64(32) });
type Created = { inviteId: string; expiresAt: number };

describe("one-time invites across nodes", () => {
  it("are made on one node, handed out once by another, and sealed in Redis", async () => {
    nodes = await Promise.all([startNode(redis), startNode(redis)]);
    const [a, b] = nodes;
    if (!a || !b) throw new Error("nodes");
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const box = sealed();
    const made = await request<Created>(lobbyA, "invite:create", { roomId: room.roomId, sealed: box });
    if (!made.ok) throw new Error(`refused: ${made.code}`);

    // Redis holds neither the envelope's ciphertext nor its MAC in the clear.
    const text = (await dumpRedis(redis.client)).map((e) => `${e.key}\n${e.text}`).join("\n");
    expect(text).toContain(made.inviteId);
    expect(text).not.toContain(box.ct);
    expect(text).not.toContain(box.mac);
    expect(await b.server.invites.count()).toBe(1);

    const lobbyB = await lobbyFor(b);
    const opened = await Promise.all([
      request(lobbyB, "invite:open", { roomId: room.roomId, inviteId: made.inviteId }),
      request(lobbyA, "invite:open", { roomId: room.roomId, inviteId: made.inviteId }),
    ]);
    expect(opened.filter((r) => r.ok)).toEqual([{ ok: true, sealed: box }]);
    expect(opened.filter((r) => !r.ok)).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
    const left = (await dumpRedis(redis.client)).filter((e) => `${e.key}\n${e.text}`.includes(made.inviteId));
    expect(left).toEqual([]);
  });

  it("go with the room when it ends, on every node", async () => {
    nodes = await Promise.all([startNode(redis), startNode(redis)]);
    const [a, b] = nodes;
    if (!a || !b) throw new Error("nodes");
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const lobbyB = await lobbyFor(b);
    for (let i = 0; i < 3; i++) {
      const made = await request(lobbyB, "invite:create", { roomId: room.roomId, sealed: sealed() });
      expect(made.ok).toBe(true);
    }
    expect(await a.server.invites.count()).toBe(3);
    expect(await request(alice.socket, "room:purge", {})).toEqual({ ok: true });
    const leftOf = async () =>
      (await dumpRedis(redis.client)).filter((e) => `${e.key}\n${e.text}`.includes(room.roomId));
    await eventually(async () => (await leftOf()).length === 0, "the room's keys gone from Redis");
    expect(await b.server.invites.count()).toBe(0);
  });
});
