import { randomBytes } from "node:crypto";
import { aliasKey } from "@sanctuary/protocol";
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

interface MemoryRoom {
  roomId: string;
  salt: string;
  kdf: NewRoom["kdf"];
  authKey: Buffer;
  meta?: NewRoom["meta"];
  createdAt: number;
  expiresAt?: number;
  ownerId: string | null;
  locked: boolean;
  members: MemberRecord[];
  emptySince: number | null;
  /** nonce → expiry (ms since epoch) and the address group it was issued to. */
  nonces: Map<string, { expiresAt: number; group: string }>;
  /** group → its nonces; a Set keeps insertion order, oldest first. */
  noncesByGroup: Map<string, Set<string>>;
  /** Random per room, for hashing kicked members' addresses (F21). */
  barSalt: Buffer;
  /** hashed address → end of the bar (ms since epoch). */
  bars: Map<string, number>;
}

/**
 * The default registry: plain Maps in this process. Every method body runs to the end
 * without awaiting, so each call is atomic with respect to every other call.
 *
 * @example
 * const registry = new MemoryRoomRegistry();
 * await registry.createRoom(roomId, { salt, kdf, authKey, createdAt: Date.now() }, 1000);
 */
export class MemoryRoomRegistry implements RoomRegistry {
  readonly #rooms = new Map<string, MemoryRoom>();

  async createRoom(roomId: string, room: NewRoom, maxRooms: number): Promise<CreateRoomResult> {
    if (this.#rooms.has(roomId)) return "collision";
    if (this.#rooms.size >= maxRooms) return "server-full";
    const record: MemoryRoom = {
      roomId,
      salt: room.salt,
      kdf: { ...room.kdf },
      authKey: Buffer.from(room.authKey),
      createdAt: room.createdAt,
      ownerId: null,
      locked: false,
      members: [],
      // A new room counts as empty from its creation, so a creator who never joins
      // does not leave it behind.
      emptySince: room.createdAt,
      nonces: new Map(),
      noncesByGroup: new Map(),
      barSalt: randomBytes(32),
      bars: new Map(),
    };
    if (room.meta !== undefined) record.meta = room.meta;
    if (room.expiresAt !== undefined) record.expiresAt = room.expiresAt;
    this.#rooms.set(roomId, record);
    return "created";
  }

  async getRoom(roomId: string): Promise<RoomSnapshot | undefined> {
    const room = this.#rooms.get(roomId);
    if (!room) return undefined;
    const snapshot: RoomSnapshot = {
      roomId: room.roomId,
      salt: room.salt,
      kdf: { ...room.kdf },
      authKey: room.authKey,
      createdAt: room.createdAt,
      ownerId: room.ownerId,
      locked: room.locked,
      members: room.members.map((m) => ({ ...m })),
      emptySince: room.emptySince,
      barSalt: room.barSalt,
    };
    if (room.meta !== undefined) snapshot.meta = room.meta;
    if (room.expiresAt !== undefined) snapshot.expiresAt = room.expiresAt;
    return snapshot;
  }

  async hasRoom(roomId: string): Promise<boolean> {
    return this.#rooms.has(roomId);
  }

  async hasMember(roomId: string, memberId: string): Promise<boolean> {
    return this.#member(roomId, memberId) !== undefined;
  }

  /** Synchronous here: it guards every room event, `msg:send` included (see io/seating.ts). */
  holdsSeat(roomId: string, memberId: string, socketId: string): boolean {
    return this.#member(roomId, memberId)?.socketId === socketId;
  }

  async deleteRoom(roomId: string): Promise<boolean> {
    const room = this.#rooms.get(roomId);
    if (!room) return false;
    // Overwrite the verifier key before letting go of it: it is the one secret here.
    room.authKey.fill(0);
    room.barSalt.fill(0);
    room.nonces.clear();
    room.noncesByGroup.clear();
    room.bars.clear();
    room.members.length = 0;
    return this.#rooms.delete(roomId);
  }

  async issueNonce(
    roomId: string,
    nonce: string,
    expiresAt: number,
    group: string,
    now: number,
  ): Promise<boolean> {
    const room = this.#rooms.get(roomId);
    if (!room) return false;
    let mine = room.noncesByGroup.get(group);
    if (mine && mine.size >= MAX_NONCES_PER_GROUP) {
      // The group's own oldest makes way; nobody else's ever does.
      const oldest = mine.values().next();
      if (!oldest.done) dropNonce(room, oldest.value);
    } else if (room.nonces.size >= MAX_NONCES_PER_ROOM) {
      sweepNonces(room, now);
      if (room.nonces.size >= MAX_NONCES_PER_ROOM) return false;
    }
    room.nonces.set(nonce, { expiresAt, group });
    mine = room.noncesByGroup.get(group);
    if (!mine) {
      mine = new Set();
      room.noncesByGroup.set(group, mine);
    }
    mine.add(nonce);
    return true;
  }

  async consumeNonce(roomId: string, nonce: string, now: number): Promise<boolean> {
    const room = this.#rooms.get(roomId);
    if (!room) return false;
    const entry = room.nonces.get(nonce);
    if (entry === undefined) return false;
    // Single use: gone whether or not it was still fresh.
    dropNonce(room, nonce);
    return now < entry.expiresAt;
  }

  async barAddress(roomId: string, key: string, until: number): Promise<boolean> {
    const room = this.#rooms.get(roomId);
    if (!room) return false;
    // Re-inserting moves the key to the end, so the cap below drops the oldest bar.
    room.bars.delete(key);
    room.bars.set(key, until);
    while (room.bars.size > MAX_BARS_PER_ROOM) {
      const oldest = room.bars.keys().next();
      if (oldest.done) break;
      room.bars.delete(oldest.value);
    }
    return true;
  }

  async isBarred(roomId: string, key: string, now: number): Promise<boolean> {
    return (await this.barredUntil(roomId, key, now)) !== null;
  }

  async barredUntil(roomId: string, key: string, now: number): Promise<number | null> {
    const until = this.#rooms.get(roomId)?.bars.get(key);
    return until !== undefined && now < until ? until : null;
  }

  async admitMember(roomId: string, candidate: AdmitCandidate, limits: AdmitLimits): Promise<AdmitResult> {
    const room = this.#rooms.get(roomId);
    if (!room) return { ok: false, code: "NOT_FOUND" };
    if (room.locked && !limits.ignoreLock) return { ok: false, code: "LOCKED" };
    if (room.members.length >= limits.maxMembers) return { ok: false, code: "FULL" };
    const key = aliasKey(candidate.alias);
    if (room.members.some((m) => m.aliasKey === key)) return { ok: false, code: "ALIAS_TAKEN" };
    const member = admittedMember(limits.newMemberId(), candidate, key, limits.now);
    room.members.push(member);
    room.emptySince = null;
    if (room.ownerId === null) room.ownerId = member.id;
    return { ok: true, member: { ...member }, ownerId: room.ownerId };
  }

  async removeMember(
    roomId: string,
    memberId: string,
    now: number,
    onlySocketId?: string,
    awayBefore?: number,
  ): Promise<RemovedMember | undefined> {
    const room = this.#rooms.get(roomId);
    if (!room) return undefined;
    const index = room.members.findIndex((m) => m.id === memberId);
    if (index < 0) return undefined;
    const seat = room.members[index];
    if (onlySocketId !== undefined && seat?.socketId !== onlySocketId) return undefined;
    if (awayBefore !== undefined && !(seat?.awaySince !== undefined && seat.awaySince <= awayBefore)) {
      return undefined;
    }
    const [member] = room.members.splice(index, 1);
    if (!member) return undefined;
    let ownerChanged = false;
    if (room.ownerId === memberId) {
      // Members are kept in join order, so the first one left is the longest present.
      room.ownerId = room.members[0]?.id ?? null;
      ownerChanged = room.ownerId !== null;
    }
    if (room.members.length === 0) room.emptySince = now;
    return { member, ownerId: room.ownerId, ownerChanged };
  }

  async setResumeHash(roomId: string, memberId: string, hash: string): Promise<boolean> {
    const member = this.#member(roomId, memberId);
    if (!member) return false;
    member.resumeHash = hash;
    return true;
  }

  async markAway(roomId: string, memberId: string, socketId: string, now: number): Promise<boolean> {
    const member = this.#member(roomId, memberId);
    if (!member || member.socketId !== socketId) return false;
    member.awaySince = now;
    return true;
  }

  async findResumable(
    roomId: string,
    hash: string,
    now: number,
    windowMs: number,
  ): Promise<MemberRecord | undefined> {
    const member = this.#rooms.get(roomId)?.members.find((m) => m.resumeHash === hash);
    if (!member) return undefined;
    if (member.awaySince !== undefined && now - member.awaySince > windowMs) return undefined;
    return { ...member };
  }

  async resumeMember(
    roomId: string,
    hash: string,
    socketId: string,
    now: number,
    windowMs: number,
  ): Promise<MemberRecord | undefined> {
    const member = this.#rooms.get(roomId)?.members.find((m) => m.resumeHash === hash);
    if (!member) return undefined;
    // Single use, whatever happens next.
    delete member.resumeHash;
    if (member.awaySince !== undefined && now - member.awaySince > windowMs) return undefined;
    delete member.awaySince;
    member.socketId = socketId;
    return { ...member };
  }

  async awayPast(now: number, windowMs: number): Promise<AwayMember[]> {
    const due: AwayMember[] = [];
    for (const room of this.#rooms.values()) {
      for (const m of room.members) {
        if (m.awaySince !== undefined && now - m.awaySince > windowMs) {
          due.push({ roomId: room.roomId, memberId: m.id });
        }
      }
    }
    return due;
  }

  async setLocked(roomId: string, locked: boolean): Promise<boolean> {
    const room = this.#rooms.get(roomId);
    if (!room) return false;
    room.locked = locked;
    return true;
  }

  async roomsToPurge(now: number, graceMs: number): Promise<Array<{ roomId: string; reason: PurgeReason }>> {
    const due: Array<{ roomId: string; reason: PurgeReason }> = [];
    for (const room of this.#rooms.values()) {
      if (room.expiresAt !== undefined && now >= room.expiresAt) {
        due.push({ roomId: room.roomId, reason: "expired" });
      } else if (room.emptySince !== null && now - room.emptySince > graceMs) {
        due.push({ roomId: room.roomId, reason: "empty" });
      }
    }
    return due;
  }

  async sweepExpired(now: number): Promise<void> {
    for (const room of this.#rooms.values()) {
      sweepNonces(room, now);
      for (const [key, until] of room.bars) {
        if (now >= until) room.bars.delete(key);
      }
    }
  }

  async stats(): Promise<RegistryStats> {
    let members = 0;
    for (const room of this.#rooms.values()) members += room.members.length;
    return { rooms: this.#rooms.size, members };
  }

  async roomIds(): Promise<string[]> {
    return [...this.#rooms.keys()];
  }

  /** The live record (not a copy) of a seated member. */
  #member(roomId: string, memberId: string): MemberRecord | undefined {
    return this.#rooms.get(roomId)?.members.find((m) => m.id === memberId);
  }
}

function dropNonce(room: MemoryRoom, nonce: string): void {
  const entry = room.nonces.get(nonce);
  if (!entry) return;
  room.nonces.delete(nonce);
  const mine = room.noncesByGroup.get(entry.group);
  mine?.delete(nonce);
  if (mine?.size === 0) room.noncesByGroup.delete(entry.group);
}

function sweepNonces(room: MemoryRoom, now: number): void {
  for (const [nonce, { expiresAt }] of room.nonces) {
    if (now >= expiresAt) dropNonce(room, nonce);
  }
}
