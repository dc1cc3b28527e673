import { randomBytes } from "node:crypto";
import { type Envelope, INVITE_ID_BYTES, INVITES_PER_ROOM_MAX, INVITES_TOTAL_MAX } from "@sanctuary/protocol";

/** One sealed password waiting for its single fetch. */
interface InviteRecord {
  roomId: string;
  sealed: Envelope;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout>;
}

export interface InviteStoreOptions {
  ttlMs: number;
  now: () => number;
  perRoom?: number;
  total?: number;
}

export type InviteCreateResult =
  | { inviteId: string; expiresAt: number }
  | "room-full"
  | "server-full"
  /** The room ended meanwhile (Redis checks it in the same step). */
  | "no-room";

/**
 * Where one-time invites live (F30): this process's memory (`MemoryInviteStore`) or,
 * with `--redis`, Redis (`RedisInviteStore`), so any node can hand out what another took.
 */
export interface InviteStore {
  /** Stores `sealed` for one fetch; refuses past the per-room or total cap. */
  create(roomId: string, sealed: Envelope): Promise<InviteCreateResult>;
  /**
   * The sealed password, deleted as it is returned; null when there is none for this
   * room and ID (never made, fetched already, expired, room ended). An ID asked for
   * under another room is left alone, so naming a room cannot burn someone's invite.
   */
  take(roomId: string, inviteId: string): Promise<Envelope | null>;
  /** Forgets every invite of a room that ended. */
  dropRoom(roomId: string): Promise<void>;
  /** How many unexpired invites are held (tests; docs/privacy.md). */
  count(): Promise<number>;
  /** Forgets what this process holds (server shutdown). */
  clear(): void;
}

/**
 * One-time invites (F30), in this process's memory only: a ciphertext the server cannot
 * open (the link key never reaches it), under a random 128-bit ID, for one fetch and at
 * most `ttlMs`. A timer deletes each record when it expires, so nothing lingers unread;
 * a room's records go when the room ends. Counts are capped per room and in total.
 *
 * @example
 * const invites = new MemoryInviteStore({ ttlMs: 600_000, now: Date.now });
 * const made = await invites.create(roomId, sealed);
 * await invites.take(roomId, made.inviteId); // null the second time
 */
export class MemoryInviteStore implements InviteStore {
  readonly #records = new Map<string, InviteRecord>();
  readonly #byRoom = new Map<string, Set<string>>();
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #perRoom: number;
  readonly #total: number;

  constructor(options: InviteStoreOptions) {
    this.#ttlMs = options.ttlMs;
    this.#now = options.now;
    this.#perRoom = options.perRoom ?? INVITES_PER_ROOM_MAX;
    this.#total = options.total ?? INVITES_TOTAL_MAX;
  }

  count(): Promise<number> {
    return Promise.resolve(this.#records.size);
  }

  create(roomId: string, sealed: Envelope): Promise<InviteCreateResult> {
    return Promise.resolve(this.#create(roomId, sealed));
  }

  #create(roomId: string, sealed: Envelope): InviteCreateResult {
    const ids = this.#byRoom.get(roomId);
    if ((ids?.size ?? 0) >= this.#perRoom) return "room-full";
    if (this.#records.size >= this.#total) return "server-full";
    let inviteId = newInviteId();
    while (this.#records.has(inviteId)) inviteId = newInviteId();
    const expiresAt = this.#now() + this.#ttlMs;
    const timer = setTimeout(() => this.#delete(inviteId), this.#ttlMs);
    timer.unref?.();
    this.#records.set(inviteId, { roomId, sealed, expiresAt, timer });
    if (ids) ids.add(inviteId);
    else this.#byRoom.set(roomId, new Set([inviteId]));
    return { inviteId, expiresAt };
  }

  take(roomId: string, inviteId: string): Promise<Envelope | null> {
    const record = this.#records.get(inviteId);
    if (!record || record.roomId !== roomId) return Promise.resolve(null);
    this.#delete(inviteId);
    return Promise.resolve(record.expiresAt > this.#now() ? record.sealed : null);
  }

  dropRoom(roomId: string): Promise<void> {
    for (const inviteId of [...(this.#byRoom.get(roomId) ?? [])]) this.#delete(inviteId);
    return Promise.resolve();
  }

  clear(): void {
    for (const inviteId of [...this.#records.keys()]) this.#delete(inviteId);
  }

  #delete(inviteId: string): void {
    const record = this.#records.get(inviteId);
    if (!record) return;
    clearTimeout(record.timer);
    this.#records.delete(inviteId);
    const ids = this.#byRoom.get(record.roomId);
    ids?.delete(inviteId);
    if (ids?.size === 0) this.#byRoom.delete(record.roomId);
  }
}

/** 128 CSPRNG bits, base64url. */
export function newInviteId(): string {
  return randomBytes(INVITE_ID_BYTES).toString("base64url");
}
