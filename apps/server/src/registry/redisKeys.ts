/**
 * Every key Sanctuary writes to Redis. A room's own keys share the prefix
 * `sanctuary:r:{<roomId>}` (the braces are a Redis hash tag, so they sit in one slot)
 * and all go with the room; the few cluster-wide keys are indexes whose entries for a
 * room are removed with it, and node liveness keys. Nothing is written anywhere else.
 */
const KEY_PREFIX = "sanctuary:";

/** Pub/sub channel prefix of the Socket.IO adapter (`sanctuary#/r/<roomId>#`). */
export const CHANNEL_PREFIX = "sanctuary";

export const globalKeys = {
  /** ZSET roomId → createdAt: every live room (counts toward `--max-rooms`). */
  rooms: `${KEY_PREFIX}rooms`,
  /** ZSET roomId → emptySince, for rooms with nobody in them. */
  empty: `${KEY_PREFIX}empty`,
  /** ZSET roomId → expiresAt, for rooms with a self-destruct time. */
  expiry: `${KEY_PREFIX}expiry`,
  /** ZSET "roomId/memberId" → awaySince, for members whose connection dropped. */
  away: `${KEY_PREFIX}away`,
  /** SET of node IDs that have held seats (so a dead one is found). */
  nodes: `${KEY_PREFIX}nodes`,
} as const;

/** The keys of one room, all under `sanctuary:r:{roomId}`. */
export function roomKeys(roomId: string) {
  const base = `${KEY_PREFIX}r:{${roomId}}`;
  return {
    /** HASH: seal, owner, locked, emptySince, expiresAt, seq. */
    room: base,
    /** HASH memberId → JSON member record (alias sealed). */
    members: `${base}:members`,
    /** HASH alias tag → memberId (uniqueness). */
    aliases: `${base}:aliases`,
    /** HASH resume-token hash → memberId. */
    resume: `${base}:resume`,
    /** ZSET nonce → expiresAt (single-use join challenges). */
    nonces: `${base}:nonces`,
    /** HASH nonce → hashed address group it was issued to (per-group caps). */
    nonceGroups: `${base}:nonce-groups`,
    /** ZSET bar key → until (kicked addresses, hashed under the room's bar salt). */
    bars: `${base}:bars`,
  };
}

/** A node's liveness key (a TTL'd string the node's heartbeat refreshes). */
export function nodeKey(nodeId: string): string {
  return `${KEY_PREFIX}node:${nodeId}`;
}

/** SET of "roomId/memberId" seats held by a node's sockets. */
export function seatsKey(nodeId: string): string {
  return `${KEY_PREFIX}node:${nodeId}:seats`;
}

/** The lock one node takes before reaping a dead node's seats. */
export function reapLockKey(nodeId: string): string {
  return `${KEY_PREFIX}node:${nodeId}:reaping`;
}

/** `seatsKey` without the node ID, for Lua scripts that build it from a member record. */
export const SEATS_PREFIX = `${KEY_PREFIX}node:`;
