import {
  JOIN_BACKOFF_BASE_MS,
  JOIN_BACKOFF_MAX_MS,
  JOIN_FAILURE_MEMORY_MS,
  JOIN_FAILURE_NOTICE_AFTER,
} from "@sanctuary/protocol";
import { ExpiringValues } from "./expiringValues.js";

/** How often expired blocks are dropped (a block lasts at most `JOIN_BACKOFF_MAX_MS`). */
const JOIN_BACKOFF_SWEEP_MS = 60_000;

export interface JoinBackoffOptions {
  /**
   * Failures from one address group, over all rooms, before its joins must wait. A
   * correct proof from the group clears this count (someone mistyped, nothing more).
   */
  perAddress: number;
  /**
   * Failures from one address group to one room before its joins to that room must
   * wait. Only a correct proof to that same room clears it, so knowing the password of
   * another room (one's own) buys no guesses here.
   */
  perRoomAddress: number;
  baseMs?: number;
  maxMs?: number;
}

/**
 * Exponential backoff for failed join proofs (password guesses), in memory only, keyed
 * by the hashed address group (IPv4 address, IPv6 /64) and by (room, address group).
 * After `perAddress` (or `perRoomAddress`) failures, the next attempt from that group
 * (to that room) is refused for `baseMs`, then each further failure doubles the wait up
 * to `maxMs`. Failure counts are forgotten `JOIN_FAILURE_MEMORY_MS` after the last one.
 *
 * There is no room-wide block: guessers from many addresses would otherwise keep every
 * joiner with the right password out. The room-wide failure count only
 * decides when the room is told that someone is guessing; it goes with the room, as do
 * the room's (room, group) counts.
 *
 * Two stores hold the state: one counts failures (each failure restarts its expiry),
 * the other holds the current block. Both are synchronous maps; the methods keep the
 * promise-returning signatures their callers await.
 *
 * @example
 * const wait = await backoff.blockedFor(roomId, addressKey);
 * if (wait > 0) return "RATE_LIMITED";
 */
export class JoinBackoff {
  readonly #failures = new ExpiringValues(JOIN_FAILURE_MEMORY_MS);
  /** A key is blocked while it has a value here; the value itself is unused. */
  readonly #blocks = new ExpiringValues(JOIN_BACKOFF_SWEEP_MS);
  readonly #perAddress: number;
  readonly #perRoomAddress: number;
  readonly #baseMs: number;
  readonly #maxMs: number;
  /** roomId → the (room, group) keys made for it, so they go with the room. */
  readonly #roomAddressKeys = new Map<string, Set<string>>();

  constructor(options: JoinBackoffOptions) {
    this.#perAddress = options.perAddress;
    this.#perRoomAddress = options.perRoomAddress;
    this.#baseMs = options.baseMs ?? JOIN_BACKOFF_BASE_MS;
    this.#maxMs = options.maxMs ?? JOIN_BACKOFF_MAX_MS;
  }

  /**
   * How long password joins from `addressKey` to `roomId` must still wait, in ms (0: go
   * ahead). Only the group's own failures count: others' guessing never blocks it.
   */
  async blockedFor(roomId: string, addressKey: string): Promise<number> {
    return Math.max(
      this.#blocks.remainingMs(addrKey(addressKey)),
      this.#blocks.remainingMs(roomAddrKey(roomId, addressKey)),
    );
  }

  /**
   * Records a wrong proof; returns the room's failure count and whether the room should
   * now be told (at `JOIN_FAILURE_NOTICE_AFTER` failures, then at each doubling).
   */
  async recordFailure(
    roomId: string,
    addressKey: string,
  ): Promise<{ roomFailures: number; notify: boolean }> {
    const roomFailures = this.#count(roomKey(roomId), Number.POSITIVE_INFINITY);
    this.#count(addrKey(addressKey), this.#perAddress);
    const pair = roomAddrKey(roomId, addressKey);
    let keys = this.#roomAddressKeys.get(roomId);
    if (!keys) {
      keys = new Set();
      this.#roomAddressKeys.set(roomId, keys);
    }
    keys.add(pair);
    this.#count(pair, this.#perRoomAddress);
    return { roomFailures, notify: isNoticeCount(roomFailures) };
  }

  /** A correct proof to `roomId`: the group typed its password wrong before, nothing more. */
  async recordSuccess(roomId: string, addressKey: string): Promise<void> {
    const pair = roomAddrKey(roomId, addressKey);
    this.#roomAddressKeys.get(roomId)?.delete(pair);
    this.#forget(addrKey(addressKey));
    this.#forget(pair);
  }

  /** Drops a room's state when the room ends. */
  async forgetRoom(roomId: string): Promise<void> {
    const pairs = this.#roomAddressKeys.get(roomId) ?? new Set<string>();
    this.#roomAddressKeys.delete(roomId);
    this.#forget(roomKey(roomId));
    for (const pair of pairs) this.#forget(pair);
  }

  /** Keys held (for tests: rooms' keys must go with their rooms). */
  size(): number {
    return this.#failures.size + this.#blocks.size;
  }

  #forget(key: string): void {
    this.#failures.delete(key);
    this.#blocks.delete(key);
  }

  #count(key: string, threshold: number): number {
    const failures = (this.#failures.get(key) ?? 0) + 1;
    // Set anew, so the expiry restarts: failures are remembered from the last one.
    this.#failures.set(key, failures, JOIN_FAILURE_MEMORY_MS);
    if (failures >= threshold) {
      const wait = Math.min(this.#baseMs * 2 ** Math.min(failures - threshold, 40), this.#maxMs);
      this.#blocks.set(key, 1, wait);
    }
    return failures;
  }
}

function roomKey(roomId: string): string {
  return `room:${roomId}`;
}

function addrKey(addressKey: string): string {
  return `addr:${addressKey}`;
}

function roomAddrKey(roomId: string, addressKey: string): string {
  return `room-addr:${roomId}:${addressKey}`;
}

/** 5, 10, 20, 40, …: the room hears of guessing without a notice per attempt. */
function isNoticeCount(count: number): boolean {
  if (count < JOIN_FAILURE_NOTICE_AFTER || count % JOIN_FAILURE_NOTICE_AFTER !== 0) return false;
  const multiple = count / JOIN_FAILURE_NOTICE_AFTER;
  return (multiple & (multiple - 1)) === 0;
}
