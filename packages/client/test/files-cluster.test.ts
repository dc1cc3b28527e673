import { createServer, RedisCluster, type SanctuaryServer } from "@sanctuary/server";
import { startRedis, TEST_REDIS_KEY, type TestRedis } from "@sanctuary/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncomingTransfer } from "../src/files/incoming.js";
import { createRoom, joinRoom, type RoomSession } from "../src/index.js";

/**
 * Files in a cluster (F19, F43): the relay forwards chunks only to sockets on the
 * sender's node. It does not pretend otherwise: the sender learns who will not get a
 * room file (`missed`), a whispered file to a member on another node is refused in
 * words, and that member's socket receives no part of it.
 */

const PASSWORD = "correct horse battery staple";
let redis: TestRedis;
const nodes: SanctuaryServer[] = [];
const urls: string[] = [];
const open: RoomSession[] = [];

beforeAll(async () => {
  redis = await startRedis();
  for (let i = 0; i < 2; i++) {
    const cluster = await RedisCluster.connect({ url: redis.url, secret: TEST_REDIS_KEY });
    const server = createServer({
      webRoot: null,
      cluster,
      maxRoomsPerMinute: 1000,
      maxConnectionsPerAddress: 1000,
      maxAddressRate: 10_000,
    });
    const { port } = await server.listen(0, "127.0.0.1");
    nodes.push(server);
    urls.push(`http://127.0.0.1:${port}`);
  }
}, 30_000);
afterAll(async () => {
  for (const s of open.splice(0)) s.close();
  for (const n of nodes) await n.close();
  await redis?.stop();
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("files across server nodes", () => {
  it("reach the members on the sender's node; the sender is told who else will not get them", async () => {
    const alice = await createRoom({ serverUrl: urls[0] as string, alias: "alice", password: PASSWORD });
    open.push(alice);
    const bob = await joinRoom({
      serverUrl: urls[0] as string,
      roomId: alice.roomId,
      alias: "bob",
      password: PASSWORD,
    });
    open.push(bob);
    const carol = await joinRoom({
      serverUrl: urls[1] as string,
      roomId: alice.roomId,
      alias: "carol",
      password: PASSWORD,
    });
    open.push(carol);
    await until(() => [alice, bob, carol].every((s) => s.members.length === 3));
    let carolOffers = 0;
    carol.files.on("offer", () => carolOffers++);
    const bobOffer = new Promise<IncomingTransfer>((resolve) => bob.files.on("offer", resolve));

    const sent = await alice.files.send(new Uint8Array(150_000), { name: "room.bin" });
    expect(sent.missed.map((m) => m.alias)).toEqual(["carol"]);
    expect((await (await bobOffer).finished).state).toBe("done");
    expect((await sent.finished).state).toBe("done");

    await expect(
      alice.files.send(new Uint8Array(10), { name: "w.bin", to: carol.you.id }),
    ).rejects.toMatchObject({
      code: "NO_SUCH_MEMBER",
      message: expect.stringMatching(/not connected to this server/),
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(carolOffers).toBe(0);
  });
});
