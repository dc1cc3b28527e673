import { randomBytes } from "node:crypto";
import { KDF_DEFAULT, roomIdFromBytes } from "@sanctuary/protocol";
import { startRedis, type TestRedis } from "@sanctuary/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryRoomRegistry, RedisRoomRegistry, type RoomRegistry } from "../src/index.js";
import { Sealer } from "../src/registry/seal.js";
import { b64 } from "./helpers.js";

/**
 * The heartbeat lists members away past the resume window, then removes them. A resume
 * that lands between the two (another node whose clock lags, say) must keep its seat:
 * the removal only goes ahead while the member is still away since before the window.
 */
const WINDOW = 500;
const AWAY_AT = 1000;
/** The heartbeat's time: past the window. */
const SWEEP_AT = 2000;
/** A resume stamped by a node whose clock lags: still inside the window. */
const LAGGING_RESUME_AT = 1400;

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

const registries: Array<[string, () => RoomRegistry]> = [
  ["memory", () => new MemoryRoomRegistry()],
  [
    "redis",
    () => new RedisRoomRegistry(redis.client, new Sealer("away-removal-test-secret-0123456789"), "node-a"),
  ],
];

describe.each(registries)("removing an away member (%s registry)", (_name, make) => {
  async function awayMember(registry: RoomRegistry) {
    const roomId = roomIdFromBytes(randomBytes(10));
    const created = await registry.createRoom(
      roomId,
      { salt: b64(16), kdf: { ...KDF_DEFAULT }, authKey: Buffer.alloc(32, 7), createdAt: 0 },
      1000,
    );
    expect(created).toBe("created");
    let n = 0;
    const admitted = await registry.admitMember(
      roomId,
      { alias: "alice", socketId: "s1" },
      { maxMembers: 10, now: 0, newMemberId: () => `m${n++}` },
    );
    if (!admitted.ok) throw new Error("not admitted");
    const memberId = admitted.member.id;
    await registry.setResumeHash(roomId, memberId, "hash-1");
    expect(await registry.markAway(roomId, memberId, "s1", AWAY_AT)).toBe(true);
    return { roomId, memberId };
  }

  it("keeps a seat that was resumed after the sweep listed it", async () => {
    const registry = make();
    const { roomId, memberId } = await awayMember(registry);
    const listed = await registry.awayPast(SWEEP_AT, WINDOW);
    expect(listed).toContainEqual({ roomId, memberId });
    const resumed = await registry.resumeMember(roomId, "hash-1", "s2", LAGGING_RESUME_AT, WINDOW);
    expect(resumed?.id).toBe(memberId);
    const removed = await registry.removeMember(roomId, memberId, SWEEP_AT, undefined, SWEEP_AT - WINDOW);
    expect(removed).toBeUndefined();
    expect(await registry.holdsSeat(roomId, memberId, "s2")).toBe(true);
  });

  it("removes a member still away since before the window", async () => {
    const registry = make();
    const { roomId, memberId } = await awayMember(registry);
    const removed = await registry.removeMember(roomId, memberId, SWEEP_AT, undefined, SWEEP_AT - WINDOW);
    expect(removed?.member.id).toBe(memberId);
    expect(await registry.hasMember(roomId, memberId)).toBe(false);
  });
});
