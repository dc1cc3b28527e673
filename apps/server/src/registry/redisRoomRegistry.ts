import { randomBytes } from "node:crypto";
import { aliasKey } from "@sanctuary/protocol";
import { globalKeys, roomKeys, SEATS_PREFIX, seatsKey } from "./redisKeys.js";
import {
  memberFromStored,
  pairs,
  parseSeat,
  type RedisCommands,
  runScript,
  type SealedMember,
  type SealedRoom,
  type StoredMember,
} from "./redisRecords.js";
import * as scripts from "./redisScripts.js";
import {
  type AdmitCandidate,
  type AdmitLimits,
  type AdmitResult,
  type AwayMember,
  admittedMember,
  type CreateRoomResult,
  MAX_BARS_PER_ROOM,
  MAX_NONCES_PER_GROUP,
  MAX_NONCES_PER_ROOM,
  type MemberRecord,
  type NewRoom,
  type PurgeReason,
  type RegistryStats,
  type RemovedMember,
  type RoomRegistry,
  type RoomSnapshot,
} from "./roomRegistry.js";
import type { Sealer } from "./seal.js";

export type { RedisCommands } from "./redisRecords.js";

/**
 * The scale-out registry (F19): the same contract as `MemoryRoomRegistry`, kept in Redis
 * so that several server processes share rooms. Every change is one Lua script (see
 * scripts.ts), so the nodes never see half of one. Aliases, public keys, the verifier
 * key, the room name and the bar salt are sealed with the cluster key before they leave
 * the process (see seal.ts); alias uniqueness works on keyed tags. Each seat records
 * the node that holds its socket, so the seats of a node that died can be found.
 *
 * @example
 * const registry = new RedisRoomRegistry(client, new Sealer(secret), nodeId);
 * await registry.createRoom(roomId, room, 1000);
 */
export class RedisRoomRegistry implements RoomRegistry {
  readonly #redis: RedisCommands;
  readonly #sealer: Sealer;
  readonly nodeId: string;

  constructor(redis: RedisCommands, sealer: Sealer, nodeId: string) {
    this.#redis = redis;
    this.#sealer = sealer;
    this.nodeId = nodeId;
  }

  async createRoom(roomId: string, room: NewRoom, maxRooms: number): Promise<CreateRoomResult> {
    const sealed: SealedRoom = {
      salt: room.salt,
      kdf: { ...room.kdf },
      authKey: room.authKey.toString("base64url"),
      barSalt: randomBytes(32).toString("base64url"),
      createdAt: room.createdAt,
      ...(room.meta === undefined ? {} : { meta: room.meta }),
      ...(room.expiresAt === undefined ? {} : { expiresAt: room.expiresAt }),
    };
    const k = roomKeys(roomId);
    const result = await runScript(
      this.#redis,
      scripts.CREATE_ROOM,
      [globalKeys.rooms, k.room, globalKeys.empty, globalKeys.expiry],
      [
        roomId,
        String(maxRooms),
        this.#sealer.seal(roomId, sealed),
        String(room.createdAt),
        room.expiresAt === undefined ? "" : String(room.expiresAt),
      ],
    );
    return String(result) as CreateRoomResult;
  }

  async getRoom(roomId: string): Promise<RoomSnapshot | undefined> {
    const k = roomKeys(roomId);
    const [roomRaw, membersRaw] = (await Promise.all([
      this.#redis.sendCommand(["HGETALL", k.room]),
      this.#redis.sendCommand(["HGETALL", k.members]),
    ])) as [string[], string[]];
    const room = pairs(roomRaw);
    const seal = room.get("seal");
    if (seal === undefined) return undefined;
    const sealed = this.#sealer.open<SealedRoom>(roomId, seal);
    const members: Array<MemberRecord & { seq: number }> = [];
    for (const [id, json] of pairs(membersRaw)) {
      const stored = JSON.parse(json) as StoredMember;
      members.push({ ...memberFromStored(this.#sealer, roomId, id, stored), seq: stored.seq ?? 0 });
    }
    members.sort((a, b) => a.seq - b.seq);
    const emptySince = room.get("emptySince");
    const owner = room.get("owner");
    const snapshot: RoomSnapshot = {
      roomId,
      salt: sealed.salt,
      kdf: sealed.kdf,
      authKey: Buffer.from(sealed.authKey, "base64url"),
      createdAt: sealed.createdAt,
      ownerId: owner ? owner : null,
      locked: room.get("locked") === "1",
      members: members.map(({ seq: _seq, ...m }) => m),
      emptySince: emptySince ? Number(emptySince) : null,
      barSalt: Buffer.from(sealed.barSalt, "base64url"),
    };
    if (sealed.meta !== undefined) snapshot.meta = sealed.meta;
    if (sealed.expiresAt !== undefined) snapshot.expiresAt = sealed.expiresAt;
    return snapshot;
  }

  async hasRoom(roomId: string): Promise<boolean> {
    return Number(await this.#redis.sendCommand(["EXISTS", roomKeys(roomId).room])) === 1;
  }

  async hasMember(roomId: string, memberId: string): Promise<boolean> {
    return Number(await this.#redis.sendCommand(["HEXISTS", roomKeys(roomId).members, memberId])) === 1;
  }

  async holdsSeat(roomId: string, memberId: string, socketId: string): Promise<boolean> {
    const raw = await this.#redis.sendCommand(["HGET", roomKeys(roomId).members, memberId]);
    return typeof raw === "string" && (JSON.parse(raw) as StoredMember).socketId === socketId;
  }

  async deleteRoom(roomId: string): Promise<boolean> {
    const k = roomKeys(roomId);
    const deleted = await runScript(
      this.#redis,
      scripts.DELETE_ROOM,
      [
        k.room,
        k.members,
        k.aliases,
        k.resume,
        k.nonces,
        k.bars,
        globalKeys.rooms,
        globalKeys.empty,
        globalKeys.expiry,
        globalKeys.away,
      ],
      [roomId, SEATS_PREFIX],
    );
    // Challenges' owners: no new ones can be written once the room is gone.
    await this.#redis.sendCommand(["DEL", k.nonceGroups]);
    return Number(deleted) === 1;
  }

  async issueNonce(
    roomId: string,
    nonce: string,
    expiresAt: number,
    group: string,
    now: number,
  ): Promise<boolean> {
    const k = roomKeys(roomId);
    const issued = await runScript(
      this.#redis,
      scripts.ISSUE_NONCE,
      [k.room, k.nonces, k.nonceGroups],
      [
        nonce,
        String(expiresAt),
        group,
        String(now),
        String(MAX_NONCES_PER_GROUP),
        String(MAX_NONCES_PER_ROOM),
      ],
    );
    return Number(issued) === 1;
  }

  async consumeNonce(roomId: string, nonce: string, now: number): Promise<boolean> {
    const k = roomKeys(roomId);
    return (
      Number(
        await runScript(this.#redis, scripts.CONSUME_NONCE, [k.nonces, k.nonceGroups], [nonce, String(now)]),
      ) === 1
    );
  }

  async admitMember(roomId: string, candidate: AdmitCandidate, limits: AdmitLimits): Promise<AdmitResult> {
    const k = roomKeys(roomId);
    const id = limits.newMemberId();
    const key = aliasKey(candidate.alias);
    const sealed: SealedMember = { alias: candidate.alias };
    if (candidate.pub !== undefined) sealed.pub = candidate.pub;
    if (candidate.pubMac !== undefined) sealed.pubMac = candidate.pubMac;
    const stored: StoredMember = {
      seal: this.#sealer.seal(roomId, sealed),
      tag: this.#sealer.tag(roomId, key),
      joinedAt: String(limits.now),
      node: this.nodeId,
    };
    if (candidate.socketId !== undefined) stored.socketId = candidate.socketId;
    if (candidate.barKey !== undefined) stored.barKey = candidate.barKey;
    const reply = (await runScript(
      this.#redis,
      scripts.ADMIT_MEMBER,
      [k.room, k.members, k.aliases, globalKeys.empty, seatsKey(this.nodeId), globalKeys.nodes],
      [
        roomId,
        String(limits.maxMembers),
        stored.tag,
        id,
        JSON.stringify(stored),
        this.nodeId,
        limits.ignoreLock ? "1" : "0",
      ],
    )) as string[];
    const [status, ownerId] = reply;
    if (status !== "ok" || ownerId === undefined) {
      return { ok: false, code: status as "NOT_FOUND" | "LOCKED" | "FULL" | "ALIAS_TAKEN" };
    }
    // Made from what was just sealed, not by opening the seal again.
    return { ok: true, member: admittedMember(id, candidate, key, limits.now), ownerId };
  }

  async removeMember(
    roomId: string,
    memberId: string,
    now: number,
    onlySocketId?: string,
    awayBefore?: number,
  ): Promise<RemovedMember | undefined> {
    const k = roomKeys(roomId);
    const reply = (await runScript(
      this.#redis,
      scripts.REMOVE_MEMBER,
      [k.room, k.members, k.aliases, k.resume, globalKeys.empty, globalKeys.away],
      [
        roomId,
        memberId,
        String(now),
        onlySocketId ?? "",
        SEATS_PREFIX,
        awayBefore === undefined ? "" : String(awayBefore),
      ],
    )) as [string, string, number] | null;
    if (!reply) return undefined;
    const [json, owner, changed] = reply;
    return {
      member: memberFromStored(this.#sealer, roomId, memberId, JSON.parse(json) as StoredMember),
      ownerId: owner === "" ? null : owner,
      ownerChanged: Number(changed) === 1,
    };
  }

  async setResumeHash(roomId: string, memberId: string, hash: string): Promise<boolean> {
    const k = roomKeys(roomId);
    return (
      Number(
        await runScript(this.#redis, scripts.SET_RESUME_HASH, [k.members, k.resume], [memberId, hash]),
      ) === 1
    );
  }

  async markAway(roomId: string, memberId: string, socketId: string, now: number): Promise<boolean> {
    return this.#markAway(roomId, memberId, "socket", socketId, now);
  }

  /** Marks a present member away if its socket was on `nodeId` (a node found dead). */
  markAwayOnNode(roomId: string, memberId: string, nodeId: string, now: number): Promise<boolean> {
    return this.#markAway(roomId, memberId, "node", nodeId, now);
  }

  async findResumable(roomId: string, hash: string, now: number, windowMs: number) {
    const k = roomKeys(roomId);
    const args = [hash, String(now), String(windowMs)];
    return this.#memberReply(
      roomId,
      await runScript(this.#redis, scripts.FIND_RESUMABLE, [k.members, k.resume], args),
    );
  }

  async resumeMember(
    roomId: string,
    hash: string,
    socketId: string,
    now: number,
    windowMs: number,
  ): Promise<MemberRecord | undefined> {
    const k = roomKeys(roomId);
    const reply = await runScript(
      this.#redis,
      scripts.RESUME_MEMBER,
      [k.members, k.resume, globalKeys.away, seatsKey(this.nodeId), globalKeys.nodes],
      [roomId, hash, socketId, String(now), String(windowMs), this.nodeId, SEATS_PREFIX],
    );
    return this.#memberReply(roomId, reply);
  }

  async awayPast(now: number, windowMs: number): Promise<AwayMember[]> {
    const seats = (await this.#redis.sendCommand([
      "ZRANGE",
      globalKeys.away,
      "-inf",
      `(${now - windowMs}`,
      "BYSCORE",
    ])) as string[];
    return seats.map(parseSeat).filter((s): s is AwayMember => s !== null);
  }

  async barAddress(roomId: string, key: string, until: number): Promise<boolean> {
    const k = roomKeys(roomId);
    const added = await runScript(
      this.#redis,
      scripts.ADD_EXPIRING,
      [k.room, k.bars],
      [key, String(until), String(MAX_BARS_PER_ROOM)],
    );
    return Number(added) === 1;
  }

  async isBarred(roomId: string, key: string, now: number): Promise<boolean> {
    return (await this.barredUntil(roomId, key, now)) !== null;
  }

  async barredUntil(roomId: string, key: string, now: number): Promise<number | null> {
    const until = await this.#redis.sendCommand(["ZSCORE", roomKeys(roomId).bars, key]);
    return until !== null && until !== undefined && now < Number(until) ? Number(until) : null;
  }

  async setLocked(roomId: string, locked: boolean): Promise<boolean> {
    return (
      Number(
        await runScript(this.#redis, scripts.SET_LOCKED, [roomKeys(roomId).room], [locked ? "1" : "0"]),
      ) === 1
    );
  }

  async roomsToPurge(now: number, graceMs: number): Promise<Array<{ roomId: string; reason: PurgeReason }>> {
    const [expired, empty] = (await Promise.all([
      this.#redis.sendCommand(["ZRANGE", globalKeys.expiry, "-inf", String(now), "BYSCORE"]),
      this.#redis.sendCommand(["ZRANGE", globalKeys.empty, "-inf", `(${now - graceMs}`, "BYSCORE"]),
    ])) as [string[], string[]];
    const due: Array<{ roomId: string; reason: PurgeReason }> = expired.map((roomId) => ({
      roomId,
      reason: "expired",
    }));
    const seen = new Set(expired);
    for (const roomId of empty) if (!seen.has(roomId)) due.push({ roomId, reason: "empty" });
    return due;
  }

  async sweepExpired(now: number): Promise<void> {
    const ids = await this.roomIds();
    await Promise.all(
      ids.flatMap((id) => {
        const k = roomKeys(id);
        return [
          this.#redis.sendCommand(["ZREMRANGEBYSCORE", k.nonces, "-inf", String(now)]),
          this.#redis.sendCommand(["ZREMRANGEBYSCORE", k.bars, "-inf", String(now)]),
        ];
      }),
    );
  }

  async stats(): Promise<RegistryStats> {
    const ids = await this.roomIds();
    const counts = await Promise.all(
      ids.map((id) => this.#redis.sendCommand(["HLEN", roomKeys(id).members])),
    );
    return { rooms: ids.length, members: counts.reduce<number>((sum, n) => sum + Number(n), 0) };
  }

  async roomIds(): Promise<string[]> {
    return (await this.#redis.sendCommand(["ZRANGE", globalKeys.rooms, "0", "-1"])) as string[];
  }

  /** The seats ("roomId/memberId") a node's sockets hold. */
  async seatsOf(nodeId: string): Promise<AwayMember[]> {
    const seats = (await this.#redis.sendCommand(["SMEMBERS", seatsKey(nodeId)])) as string[];
    return seats.map(parseSeat).filter((s): s is AwayMember => s !== null);
  }

  async #markAway(
    roomId: string,
    memberId: string,
    mode: "socket" | "node",
    value: string,
    now: number,
  ): Promise<boolean> {
    const k = roomKeys(roomId);
    const marked = await runScript(
      this.#redis,
      scripts.MARK_AWAY,
      [k.members, globalKeys.away],
      [roomId, memberId, mode, value, String(now)],
    );
    return Number(marked) === 1;
  }

  /** A script's `{id, recordJson}` reply (or nil) as a member. */
  #memberReply(roomId: string, reply: unknown): MemberRecord | undefined {
    if (!Array.isArray(reply)) return undefined;
    const [id, json] = reply as [string, string];
    return memberFromStored(this.#sealer, roomId, id, JSON.parse(json) as StoredMember);
  }
}
