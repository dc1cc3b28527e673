import { createHash, randomBytes } from "node:crypto";
import {
  KNOCK_ID_BYTES,
  KNOCK_TICKET_BYTES,
  KNOCK_TICKET_TTL_MS,
  KNOCK_TIMEOUT_MS,
  KNOCKS_PER_GROUP_MAX,
  KNOCKS_PER_ROOM_MAX,
} from "@sanctuary/protocol";

/** How a knock ended, as its knocker hears it. */
export type KnockOutcome =
  | { admitted: true; ticket: string }
  | { admitted: false; reason: "refused" | "expired" | "ended" };

/** What one waiting knock is told about itself; the store calls each at most once. */
export interface KnockListeners {
  /** To the knocker: the answer (or the expiry, or the room's end). */
  answered: (outcome: KnockOutcome) => void;
  /** To the owner: the knock no longer waits (expired, or the knocker left). */
  gone: () => void;
}

interface Knock extends KnockListeners {
  roomId: string;
  /** Told to the owner, and again to a new owner while the knock waits. */
  alias: string;
  /** When it expires (`now` clock), so a new owner hears the time that is left. */
  expiresAt: number;
  /** The address group's key under the room's salt (`barKey`), for the per-group cap. */
  groupKey: string;
  aliasKey: string;
  /** Who may cancel it: the knocker's lobby socket. */
  socketId: string;
  timer: ReturnType<typeof setTimeout>;
}

interface Ticket {
  roomId: string;
  aliasKey: string;
  expiresAt: number;
}

export interface KnockStoreOptions {
  now: () => number;
  /** How long a knock waits for the owner (default `KNOCK_TIMEOUT_MS`; tests shorten it). */
  timeoutMs?: number;
}

/**
 * Knocks waiting for a room owner's answer and the tickets of admitted ones (F35), in
 * this process's memory only. A knock holds the knocker's alias, a random ID, the room, its expiry time
 * and its address group's salted hash (never the address), for at most `timeoutMs`; a
 * ticket's hash, room and alias key for at most `KNOCK_TICKET_TTL_MS`, and for one join.
 * Everything of a room goes when the room ends (`dropRoom`). Bounded: at most
 * `KNOCKS_PER_ROOM_MAX` knocks per room and `KNOCKS_PER_GROUP_MAX` per group in a room.
 *
 * @example
 * const knockId = store.add({ roomId, alias, groupKey, aliasKey, socketId }, { answered, gone });
 * store.answer(roomId, knockId, true); // the knocker's `answered` gets a ticket
 */
export class KnockStore {
  readonly #knocks = new Map<string, Knock>();
  readonly #tickets = new Map<string, Ticket>();
  readonly #now: () => number;
  readonly #timeoutMs: number;

  constructor(options: KnockStoreOptions) {
    this.#now = options.now;
    this.#timeoutMs = options.timeoutMs ?? KNOCK_TIMEOUT_MS;
  }

  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  /** Knocks waiting now (all rooms). */
  get size(): number {
    return this.#knocks.size;
  }

  /**
   * Records a knock; its ID, or which cap it hit. `answered` and `gone` run when it
   * expires after `timeoutMs`.
   */
  add(
    knock: { roomId: string; alias: string; groupKey: string; aliasKey: string; socketId: string },
    listeners: KnockListeners,
  ): { knockId: string } | { full: "room" | "group" | "alias" } {
    let inRoom = 0;
    let fromGroup = 0;
    for (const other of this.#knocks.values()) {
      if (other.roomId !== knock.roomId) continue;
      inRoom++;
      if (other.groupKey === knock.groupKey) fromGroup++;
      if (other.aliasKey === knock.aliasKey) return { full: "alias" };
    }
    if (inRoom >= KNOCKS_PER_ROOM_MAX) return { full: "room" };
    if (fromGroup >= KNOCKS_PER_GROUP_MAX) return { full: "group" };
    const knockId = randomBytes(KNOCK_ID_BYTES).toString("base64url");
    const timer = setTimeout(
      () => this.#end(knockId, { admitted: false, reason: "expired" }, true),
      this.#timeoutMs,
    );
    timer.unref?.();
    this.#knocks.set(knockId, { ...knock, ...listeners, timer, expiresAt: this.#now() + this.#timeoutMs });
    return { knockId };
  }

  /** The knocks waiting in `roomId`, oldest first, with the time each has left. */
  waitingIn(roomId: string): Array<{ knockId: string; alias: string; expiresInMs: number }> {
    const now = this.#now();
    const waiting = [];
    for (const [knockId, knock] of this.#knocks) {
      if (knock.roomId !== roomId) continue;
      waiting.push({ knockId, alias: knock.alias, expiresInMs: Math.max(0, knock.expiresAt - now) });
    }
    return waiting;
  }

  /**
   * The owner's answer. False when no such knock waits in `roomId` (answered, expired,
   * cancelled, another room's). An admitted knock's ticket goes to the knocker only.
   */
  answer(roomId: string, knockId: string, admit: boolean): boolean {
    const knock = this.#knocks.get(knockId);
    if (!knock || knock.roomId !== roomId) return false;
    if (!admit) {
      this.#end(knockId, { admitted: false, reason: "refused" }, false);
      return true;
    }
    const ticket = randomBytes(KNOCK_TICKET_BYTES).toString("base64url");
    this.#sweepTickets();
    this.#tickets.set(hashTicket(ticket), {
      roomId,
      aliasKey: knock.aliasKey,
      expiresAt: this.#now() + KNOCK_TICKET_TTL_MS,
    });
    this.#end(knockId, { admitted: true, ticket }, false);
    return true;
  }

  /** The knocker gives up (or its lobby socket closed): only the socket that knocked may. */
  cancel(knockId: string, socketId: string): boolean {
    const knock = this.#knocks.get(knockId);
    if (!knock || knock.socketId !== socketId) return false;
    clearTimeout(knock.timer);
    this.#knocks.delete(knockId);
    knock.gone();
    return true;
  }

  /** Every knock of a closed lobby socket. */
  cancelAllOf(socketId: string): void {
    for (const [knockId, knock] of this.#knocks)
      if (knock.socketId === socketId) this.cancel(knockId, socketId);
  }

  /**
   * Spends a ticket: true once, for the room and alias it was issued for, before it
   * expires. A ticket for another room or alias is not spent by the attempt.
   */
  takeTicket(roomId: string, aliasKey: string, ticket: string): boolean {
    const hash = hashTicket(ticket);
    const held = this.#tickets.get(hash);
    if (!held || held.roomId !== roomId || held.aliasKey !== aliasKey) return false;
    this.#tickets.delete(hash);
    return this.#now() < held.expiresAt;
  }

  /** The room ended: its knocks are told so and forgotten, its tickets dropped. */
  dropRoom(roomId: string): void {
    for (const [knockId, knock] of this.#knocks) {
      if (knock.roomId === roomId) this.#end(knockId, { admitted: false, reason: "ended" }, false);
    }
    for (const [hash, ticket] of this.#tickets) if (ticket.roomId === roomId) this.#tickets.delete(hash);
  }

  /** Forgets everything (server shutdown), telling nobody. */
  clear(): void {
    for (const knock of this.#knocks.values()) clearTimeout(knock.timer);
    this.#knocks.clear();
    this.#tickets.clear();
  }

  #end(knockId: string, outcome: KnockOutcome, tellOwner: boolean): void {
    const knock = this.#knocks.get(knockId);
    if (!knock) return;
    clearTimeout(knock.timer);
    this.#knocks.delete(knockId);
    knock.answered(outcome);
    if (tellOwner) knock.gone();
  }

  /** Tickets are few (one per admitted knock); expired ones go whenever one is added. */
  #sweepTickets(): void {
    const now = this.#now();
    for (const [hash, ticket] of this.#tickets) if (now >= ticket.expiresAt) this.#tickets.delete(hash);
  }
}

/** Only the hash of a ticket is kept, so a memory dump holds nothing that admits anyone. */
function hashTicket(ticket: string): string {
  return createHash("sha256").update(ticket).digest("base64url");
}
