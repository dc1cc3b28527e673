import type { MemberLeft } from "@sanctuary/protocol";
import { startRedis, type TestRedis } from "@sanctuary/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hashResumeToken } from "../src/rooms/resumeToken.js";
import {
  createRoom,
  envelope,
  joined,
  lobbyFor,
  once,
  recorder,
  request,
  sleep,
  type TestServer,
} from "./helpers.js";
import { startNode } from "./support/cluster.js";
import { ATTACKS } from "./support/ghostAttacks.js";
import { expectOneLiveSocketPerMember, roomSockets } from "./support/seats.js";

/**
 * One live socket per member (docs/security.md) across two nodes sharing a Redis: the
 * member sits on one node and its dying second connection goes to the other.
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

const ALICE = { localAddress: "127.0.0.2" };
const ATTACKER = "127.0.0.5";

/** Bob (owner) on node A, alice on node B. */
async function twoNodes() {
  nodes = await Promise.all([0, 1].map(() => startNode(redis, { heartbeatMs: 20, resumeWindowSeconds: 1 })));
  const [a, b] = nodes as [TestServer, TestServer];
  const lobbyA = await lobbyFor(a);
  const room = await createRoom(lobbyA);
  const bob = await joined(a, lobbyA, room, "bob");
  const alice = await joined(b, await lobbyFor(b, ALICE), room, "alice", ALICE);
  return { a, b, room, bob, alice };
}

describe("ghost members across two Redis nodes", () => {
  for (const [how, attack] of Object.entries(ATTACKS)) {
    it(`${how} on the other node: the first socket stays the seated, kickable member (or is gone)`, async () => {
      const { a, b, room, bob, alice } = await twoNodes();
      const aliceId = alice.welcome.you.id;
      const bobSaw = recorder(bob.socket);

      await attack(a.url, room.roomId, alice.welcome.resumeToken, ATTACKER);
      await sleep(1500);

      const firstAlive = alice.socket.connected;
      if (firstAlive) {
        const me = (await a.server.registry.getRoom(room.roomId))?.members.find((m) => m.id === aliceId);
        expect(me, "alice is still listed").toBeDefined();
        expect(me?.socketId).toBe(alice.socket.id);
        expect(me?.awaySince).toBeUndefined();
        expect(bobSaw.map(([e]) => e)).not.toContain("member:left");
      }
      await expectOneLiveSocketPerMember([a, b], room.roomId);

      const gone = firstAlive ? once(alice.socket, "disconnect") : Promise.resolve();
      const kick = await request(bob.socket, "member:kick", { id: aliceId });
      if (firstAlive) expect(kick).toEqual({ ok: true });
      await gone;
      await sleep(100);
      expect(roomSockets([a, b], room.roomId).filter((s) => s.data.memberId === aliceId)).toEqual([]);
    });
  }

  it("a socket whose seat moved to another node is refused and disconnected; nothing of it is relayed", async () => {
    const { a, b, room, bob, alice } = await twoNodes();
    const aliceId = alice.welcome.you.id;
    const bobSaw = recorder(bob.socket);
    // Node A moves the seat in Redis; node B is never told (a lost adapter message).
    const hash = hashResumeToken(alice.welcome.resumeToken);
    expect(
      await a.server.registry.resumeMember(room.roomId, hash, "elsewhere", Date.now(), 30_000),
    ).toBeDefined();

    const gone = once(alice.socket, "disconnect");
    alice.socket.emit("typing", { on: true });
    const sent = await request(alice.socket, "msg:send", { env: envelope() }).catch(() => null);
    expect(sent?.ok ?? false).toBe(false);
    await gone;
    await sleep(100);
    expect(bobSaw.map(([e]) => e)).not.toContain("msg:new");
    expect(bobSaw.map(([e]) => e)).not.toContain("typing");
    expect(roomSockets([a, b], room.roomId).filter((s) => s.data.memberId === aliceId)).toEqual([]);
  });

  it("the heartbeat removing an away member disconnects its socket on another node", async () => {
    const { a, b, room, bob, alice } = await twoNodes();
    const aliceId = alice.welcome.you.id;
    expect(await a.server.registry.markAway(room.roomId, aliceId, alice.socket.id ?? "", Date.now())).toBe(
      true,
    );
    const left = once<MemberLeft>(bob.socket, "member:left", 3000);
    const gone = once(alice.socket, "disconnect", 3000);
    expect(await left).toEqual({ id: aliceId, reason: "disconnected" });
    await gone;
    await expectOneLiveSocketPerMember([a, b], room.roomId);
  });
});
