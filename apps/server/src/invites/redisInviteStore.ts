import type { Envelope } from "@sanctuary/protocol";
import { INVITES_PER_ROOM_MAX, INVITES_TOTAL_MAX } from "@sanctuary/protocol";
import { roomKeys } from "../registry/redisKeys.js";
import { type RedisCommands, runScript } from "../registry/redisRecords.js";
import type { Sealer } from "../registry/seal.js";
import type { InviteCreateResult, InviteStore, InviteStoreOptions } from "./inviteStore.js";
import { newInviteId } from "./inviteStore.js";
import { CREATE_INVITE, DROP_ROOM_INVITES, TAKE_INVITE } from "./redisInviteScripts.js";

/** What is sealed with the cluster key: the page's envelope, bound to its invite ID. */
interface SealedInvite {
  inviteId: string;
  sealed: Envelope;
}

/** ZSET of every live invite in the cluster, "roomId/inviteId" → expiresAt (the total cap). */
export const INVITES_KEY = "sanctuary:invites";

/** A room's invite keys, beside its other keys (same hash tag). */
export function inviteKeys(roomId: string, inviteId = "") {
  const base = roomKeys(roomId).room;
  return { index: `${base}:invites`, recordPrefix: `${base}:invite:`, record: `${base}:invite:${inviteId}` };
}

/**
 * One-time invites (F30) in Redis, for `--redis`: any node hands out what another took.
 * Each record is a string with the invite lifetime as its TTL, sealed with the cluster
 * key (bound to room and invite ID) like every other value, taken and deleted by one
 * script (GET + DEL), so two nodes can never both hand it out.
 *
 * @example
 * const invites = cluster.inviteStore({ ttlMs: 600_000, now: Date.now });
 */
export class RedisInviteStore implements InviteStore {
  readonly #redis: RedisCommands;
  readonly #sealer: Sealer;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #perRoom: number;
  readonly #total: number;

  constructor(redis: RedisCommands, sealer: Sealer, options: InviteStoreOptions) {
    this.#redis = redis;
    this.#sealer = sealer;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now;
    this.#perRoom = options.perRoom ?? INVITES_PER_ROOM_MAX;
    this.#total = options.total ?? INVITES_TOTAL_MAX;
  }

  async create(roomId: string, sealed: Envelope): Promise<InviteCreateResult> {
    const now = this.#now();
    const expiresAt = now + this.#ttlMs;
    for (let attempt = 0; attempt < 3; attempt++) {
      const inviteId = newInviteId();
      const k = inviteKeys(roomId, inviteId);
      const blob = this.#sealer.seal(roomId, { inviteId, sealed } satisfies SealedInvite);
      const result = await runScript(
        this.#redis,
        CREATE_INVITE,
        [k.record, k.index, INVITES_KEY, roomKeys(roomId).room],
        [
          inviteId,
          roomId,
          blob,
          String(expiresAt),
          String(now),
          String(this.#ttlMs),
          String(this.#perRoom),
          String(this.#total),
        ],
      );
      if (result === "created") return { inviteId, expiresAt };
      if (result === "room-full" || result === "server-full") return result;
      if (result === "no-room") return "no-room";
    }
    return "server-full";
  }

  async take(roomId: string, inviteId: string): Promise<Envelope | null> {
    const k = inviteKeys(roomId, inviteId);
    const blob = await runScript(
      this.#redis,
      TAKE_INVITE,
      [k.record, k.index, INVITES_KEY],
      [inviteId, roomId],
    );
    if (typeof blob !== "string") return null;
    const opened = this.#sealer.open<SealedInvite>(roomId, blob);
    return opened.inviteId === inviteId ? opened.sealed : null;
  }

  async dropRoom(roomId: string): Promise<void> {
    const k = inviteKeys(roomId);
    await runScript(this.#redis, DROP_ROOM_INVITES, [k.index, INVITES_KEY], [roomId, k.recordPrefix]);
  }

  async count(): Promise<number> {
    return Number(await this.#redis.sendCommand(["ZCOUNT", INVITES_KEY, `(${this.#now()}`, "+inf"]));
  }

  clear(): void {
    // The records belong to the cluster: other nodes still hand them out.
  }
}
