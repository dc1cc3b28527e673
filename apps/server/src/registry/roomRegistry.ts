import type { Envelope, Kdf, Member } from "@sanctuary/protocol";

/**
 * The only state the server keeps: one record per live room. Everything here lives in
 * memory and dies with the room; nothing is ever written to disk. The interface is
 * promise-based so a Redis implementation (F19) can stand in without touching callers.
 */

/**
 * Outstanding challenges are capped so a flood of lookups cannot grow memory without
 * bound, and so that it cannot push out anyone else's: each address group
 * holds at most `MAX_NONCES_PER_GROUP` per room, a new one replacing that group's own
 * oldest; past `MAX_NONCES_PER_ROOM` in all, new lookups are refused and nothing issued
 * is evicted. Every registry applies the same caps. The group cap is sized for a class
 * or an office behind one NAT opening the same invite at once (each joiner holds its
 * challenge for as long as Argon2id takes on its phone); it also means about 32
 * address groups hoarding challenges can make a room's new lookups wait (not its
 * members or resumes), which docs/security.md states.
 */
export const MAX_NONCES_PER_ROOM = 1024;
export const MAX_NONCES_PER_GROUP = 32;

/**
 * Kick bars per room are capped the same way: an owner kicking in a loop cannot grow
 * memory; the oldest bar (the one expiring soonest) goes first.
 */
export const MAX_BARS_PER_ROOM = 1024;

/** A member as the registry keeps it: the public fields plus the key its alias is unique by. */
export interface MemberRecord {
  id: string;
  alias: string;
  /** `aliasKey(alias)`: what "the same alias" means (case and invisible characters folded). */
  aliasKey: string;
  joinedAt: number;
  pub?: string;
  pubMac?: string;
  /**
   * The socket that holds the seat now. A disconnect of any other socket (one replaced
   * by a resume) must not touch the member.
   */
  socketId?: string;
  /** Set while the connection is down and the seat is held for a resume (F17). */
  awaySince?: number;
  /** SHA-256 of the member's current resume token; the token itself is never kept. */
  resumeHash?: string;
  /** `barKey` of the address the member joined from, so a kick bars it even while away. */
  barKey?: string;
}

/** What `room:create` stores. */
export interface NewRoom {
  salt: string;
  kdf: Kdf;
  /** The verifier key (docs/design.md Crypto step 3); never the password. */
  authKey: Buffer;
  meta?: Envelope;
  createdAt: number;
  expiresAt?: number;
}

/** A read-only snapshot of a room. */
export interface RoomSnapshot extends NewRoom {
  roomId: string;
  ownerId: string | null;
  locked: boolean;
  /** In join order, so the first is the longest present. */
  members: readonly MemberRecord[];
  /** When the room last became empty (creation counts), or null while someone is in it. */
  emptySince: number | null;
  /**
   * 32 random bytes made with the room, for `barKey`: kicked members' addresses are
   * remembered only as HMACs under it. Never sent to anyone; dies with the room.
   */
  barSalt: Buffer;
}

export type CreateRoomResult = "created" | "collision" | "server-full";

export interface AdmitCandidate {
  alias: string;
  pub?: string;
  pubMac?: string;
  socketId?: string;
  barKey?: string;
}

/** An away member whose resume window has passed. */
export interface AwayMember {
  roomId: string;
  memberId: string;
}

export interface AdmitLimits {
  maxMembers: number;
  now: number;
  /** Makes the opaque member ID. */
  newMemberId: () => string;
  /** Admits into a locked room: an owner-admitted knock's ticket (F35). */
  ignoreLock?: boolean;
}

export type AdmitResult =
  | { ok: true; member: MemberRecord; ownerId: string }
  | { ok: false; code: "NOT_FOUND" | "LOCKED" | "FULL" | "ALIAS_TAKEN" };

export interface RemovedMember {
  member: MemberRecord;
  /** The owner after the removal (null when the room is now empty). */
  ownerId: string | null;
  /** True when the removed member was the owner and someone else now is. */
  ownerChanged: boolean;
}

export type PurgeReason = "empty" | "expired";

/** Aggregate counts only: nothing that identifies a room or a person. */
export interface RegistryStats {
  rooms: number;
  members: number;
}

export interface RoomRegistry {
  /** Stores a new room under `roomId`, unless the ID is taken or `maxRooms` are live. */
  createRoom(roomId: string, room: NewRoom, maxRooms: number): Promise<CreateRoomResult>;
  getRoom(roomId: string): Promise<RoomSnapshot | undefined>;
  hasRoom(roomId: string): Promise<boolean>;
  /** True while `memberId` holds a seat (present or away) in the room. */
  hasMember(roomId: string, memberId: string): Promise<boolean>;
  /**
   * True while `memberId` is seated and `socketId` is the socket that holds its seat:
   * any other socket of the member is a leftover that must not act for it. An
   * implementation that can answer synchronously should (the memory one does): it is
   * asked before every room event.
   */
  holdsSeat(roomId: string, memberId: string, socketId: string): boolean | Promise<boolean>;
  /** Deletes the room and everything in it; false when it did not exist. */
  deleteRoom(roomId: string): Promise<boolean>;

  /**
   * Remembers a join challenge for one room until `expiresAt`, for the address group
   * `group` (hashed under the room's `barSalt`). False when the room holds
   * `MAX_NONCES_PER_ROOM` live challenges already (the lookup is refused), or has gone.
   */
  issueNonce(roomId: string, nonce: string, expiresAt: number, group: string, now: number): Promise<boolean>;
  /** Uses up a challenge: true only once, only for its room, only before it expires. */
  consumeNonce(roomId: string, nonce: string, now: number): Promise<boolean>;

  /**
   * Checks lock, capacity and alias uniqueness and, if all pass, adds the member, all
   * in one step so two joins can never win the same alias or the last seat. The first
   * member of an ownerless room becomes its owner.
   */
  admitMember(roomId: string, candidate: AdmitCandidate, limits: AdmitLimits): Promise<AdmitResult>;
  /**
   * Removes a member; undefined when it was not there (already removed), which makes
   * removal idempotent. Ownership passes to the longest-present member. With
   * `onlySocketId`, only while that socket holds the seat; with `awayBefore`, only while
   * the member is still away since that time or earlier (the heartbeat's removal must
   * not take a seat that was resumed after it listed the member).
   */
  removeMember(
    roomId: string,
    memberId: string,
    now: number,
    onlySocketId?: string,
    awayBefore?: number,
  ): Promise<RemovedMember | undefined>;
  /**
   * Resume (F17). `setResumeHash` stores the hash of the token just sent in a welcome,
   * replacing the previous one. `markAway` holds the seat of a member whose connection
   * dropped (only while `socketId` still holds it). `findResumable` only looks: the
   * member whose token has that hash, if its window has not passed; nothing changes
   * (admission checks a token with it before the socket is connected). `resumeMember`
   * spends a token: it finds the member by hash, forgets the hash (single use), gives
   * the seat to `socketId` and clears `away`; undefined when no member has it or its
   * window passed. `awayPast` lists members away for longer than `windowMs`.
   */
  setResumeHash(roomId: string, memberId: string, hash: string): Promise<boolean>;
  markAway(roomId: string, memberId: string, socketId: string, now: number): Promise<boolean>;
  findResumable(
    roomId: string,
    hash: string,
    now: number,
    windowMs: number,
  ): Promise<MemberRecord | undefined>;
  resumeMember(
    roomId: string,
    hash: string,
    socketId: string,
    now: number,
    windowMs: number,
  ): Promise<MemberRecord | undefined>;
  awayPast(now: number, windowMs: number): Promise<AwayMember[]>;
  /**
   * Bars a hashed address (`barKey`) from being admitted until `until` (F21); false when
   * the room does not exist. The bar dies with the room at the latest.
   */
  barAddress(roomId: string, key: string, until: number): Promise<boolean>;
  /** True while `key` is barred from the room. */
  isBarred(roomId: string, key: string, now: number): Promise<boolean>;
  /** When the bar on `key` ends (ms since epoch), or null when it is not barred now. */
  barredUntil(roomId: string, key: string, now: number): Promise<number | null>;
  /** Sets the lock; false when the room does not exist. */
  setLocked(roomId: string, locked: boolean): Promise<boolean>;

  /** Rooms to end now: empty for longer than `graceMs`, or past their self-destruct time. */
  roomsToPurge(now: number, graceMs: number): Promise<Array<{ roomId: string; reason: PurgeReason }>>;
  /** Forgets expired challenges and kick bars, in one pass over the rooms. */
  sweepExpired(now: number): Promise<void>;
  stats(): Promise<RegistryStats>;
  /** Every live room ID (for shutdown). */
  roomIds(): Promise<string[]>;
}

/**
 * The record of a member just admitted, as every registry makes it: the candidate's
 * fields, the alias key (`aliasKey(candidate.alias)`, passed in since the caller has
 * already computed it) and the join time.
 */
export function admittedMember(
  id: string,
  candidate: AdmitCandidate,
  key: string,
  joinedAt: number,
): MemberRecord {
  const member: MemberRecord = { id, alias: candidate.alias, aliasKey: key, joinedAt };
  if (candidate.pub !== undefined) member.pub = candidate.pub;
  if (candidate.pubMac !== undefined) member.pubMac = candidate.pubMac;
  if (candidate.socketId !== undefined) member.socketId = candidate.socketId;
  if (candidate.barKey !== undefined) member.barKey = candidate.barKey;
  return member;
}

/** The member as clients see it. */
export function publicMember(record: MemberRecord, ownerId: string | null): Member {
  const member: Member = {
    id: record.id,
    alias: record.alias,
    owner: record.id === ownerId,
    joinedAt: record.joinedAt,
  };
  if (record.pub !== undefined) member.pub = record.pub;
  if (record.pubMac !== undefined) member.pubMac = record.pubMac;
  if (record.awaySince !== undefined) member.away = true;
  return member;
}
