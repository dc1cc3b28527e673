import type { Envelope, Kdf } from "@sanctuary/protocol";
import { aliasKey } from "@sanctuary/protocol";
import type { Script } from "./redisScripts.js";
import type { AwayMember, MemberRecord } from "./roomRegistry.js";
import type { Sealer } from "./seal.js";

/**
 * How the Redis registry stores its records: what is sealed with the cluster key, what
 * stays plain for the Lua scripts, and the conversions between the stored form and
 * the registry's records. Also how a script is run.
 */

/** What the registry needs of a Redis connection: raw commands (node-redis `sendCommand`). */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

/** The sealed part of a room record. */
export interface SealedRoom {
  salt: string;
  kdf: Kdf;
  authKey: string;
  meta?: Envelope;
  barSalt: string;
  createdAt: number;
  expiresAt?: number;
}

/** The sealed part of a member record. */
export interface SealedMember {
  alias: string;
  pub?: string;
  pubMac?: string;
}

/** A member as stored: the alias only sealed, the alias key only as a keyed tag. */
export interface StoredMember {
  seq?: number;
  seal: string;
  tag: string;
  joinedAt: string;
  node?: string;
  socketId?: string;
  awaySince?: string;
  resumeHash?: string;
  barKey?: string;
}

export function memberFromStored(
  sealer: Sealer,
  roomId: string,
  id: string,
  stored: StoredMember,
): MemberRecord {
  const sealed = sealer.open<SealedMember>(roomId, stored.seal);
  const member: MemberRecord = {
    id,
    alias: sealed.alias,
    aliasKey: aliasKey(sealed.alias),
    joinedAt: Number(stored.joinedAt),
  };
  if (sealed.pub !== undefined) member.pub = sealed.pub;
  if (sealed.pubMac !== undefined) member.pubMac = sealed.pubMac;
  if (stored.socketId !== undefined) member.socketId = stored.socketId;
  if (stored.awaySince !== undefined) member.awaySince = Number(stored.awaySince);
  if (stored.resumeHash !== undefined) member.resumeHash = stored.resumeHash;
  if (stored.barKey !== undefined) member.barKey = stored.barKey;
  return member;
}

/** EVALSHA, loading the script once with EVAL when Redis does not have it (yet, or after a restart). */
export async function runScript(
  redis: RedisCommands,
  s: Script,
  keys: string[],
  args: string[],
): Promise<unknown> {
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await redis.sendCommand(["EVALSHA", s.sha, ...tail]);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith("NOSCRIPT")) throw err;
    return redis.sendCommand(["EVAL", s.text, ...tail]);
  }
}

export function pairs(flat: string[] | null | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!flat) return map;
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i] as string, flat[i + 1] as string);
  return map;
}

export function parseSeat(seat: string): AwayMember | null {
  const slash = seat.indexOf("/");
  if (slash <= 0) return null;
  return { roomId: seat.slice(0, slash), memberId: seat.slice(slash + 1) };
}
