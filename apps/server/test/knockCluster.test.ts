import { startRedis, type TestRedis } from "@sanctuary/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoom, join, joined, lobbyFor, lookup, proof, request, type TestServer } from "./helpers.js";
import { startNode } from "./support/cluster.js";

/**
 * With `--redis` (F19) knocks would live on one node while the owner may sit on
 * another, so knocking is off (F35, F36 planned) and fails closed: a locked room is
 * LOCKED as before, and a knock is refused in words, never half-delivered.
 */
let redis: TestRedis;
let node: TestServer | undefined;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await node?.close();
  await redis?.stop();
});

describe("knocking in a cluster", () => {
  it("is off: LOCKED stays LOCKED and knock:request is refused with a clear error", async () => {
    node = await startNode(redis);
    expect(node.server.knocks).toBeUndefined();
    const lobby = await lobbyFor(node);
    const room = await createRoom(lobby);
    const alice = await joined(node, lobby, room, "alice");
    await request(alice.socket, "room:lock", { locked: true });
    const refused = await join(node, lobby, room, "dev");
    expect(refused.ok ? "admitted" : refused.refusal.code).toBe("LOCKED");
    const nonce = await lookup(lobby, room.roomId);
    const knocked = await request(lobby, "knock:request", {
      roomId: room.roomId,
      alias: "dev",
      nonce,
      proof: proof(room.authKey, room.roomId, nonce, "dev"),
    });
    expect(knocked.ok ? "ok" : [knocked.code, knocked.message]).toEqual([
      "INVALID",
      "Knocking is not available on this server; ask the owner to unlock the room.",
    ]);
  });
});
