import {
  JOIN_BACKOFF_BASE_MS,
  JOIN_BACKOFF_MAX_MS,
  JOIN_FAILURE_MEMORY_MS,
  JOIN_FAILURE_NOTICE_AFTER,
} from "@sanctuary/protocol";
import { RateLimiterMemory } from "./rateLimiterMemory.js";

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
 * Two rate-limiter-flexible stores hold the state: one counts failures (each failure
 * restarts its expiry), the other holds the current block.
 *
 * @example
 * const wait = await backoff.blockedFor(roomId, addressKey);
 * if (wait > 0) return "RATE_LIMITED";
 */
export class JoinBackoff {
  readonly #failures = new RateLimiterMemory({
    keyPrefix: "join-failures",
    points: Number.MAX_SAFE_INTEGER,
    duration: JOIN_FAILURE_MEMORY_MS / 1000,
  });
  /** One point: `block` puts a key at two, which reads as blocked until it expires. */
  readonly #blocks = new RateLimiterMemory({ keyPrefix: "join-blocks", points: 1, duration: 1 });
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
    const [address, roomAddress] = await Promise.all([
      this.#blocks.get(addrKey(addressKey)),
      this.#blocks.get(roomAddrKey(roomId, addressKey)),
    ]);
    return Math.max(remaining(address), remaining(roomAddress));
  }

  /**
   * Records a wrong proof; returns the room's failure count and whether the room should
   * now be told (at `JOIN_FAILURE_NOTICE_AFTER` failures, then at each doubling).
   */
  async recordFailure(
    roomId: string,
    addressKey: string,
  ): Promise<{ roomFailures: number; notify: boolean }> {
    const roomFailures = await this.#count(roomKey(roomId), Number.POSITIVE_INFINITY);
    await this.#count(addrKey(addressKey), this.#perAddress);
    const pair = roomAddrKey(roomId, addressKey);
    let keys = this.#roomAddressKeys.get(roomId);
    if (!keys) {
      keys = new Set();
      this.#roomAddressKeys.set(roomId, keys);
    }
    keys.add(pair);
    await this.#count(pair, this.#perRoomAddress);
    return { roomFailures, notify: isNoticeCount(roomFailures) };
  }

  /** A correct proof to `roomId`: the group typed its password wrong before, nothing more. */
  async recordSuccess(roomId: string, addressKey: string): Promise<void> {
    const pair = roomAddrKey(roomId, addressKey);
    this.#roomAddressKeys.get(roomId)?.delete(pair);
    await Promise.all([this.#forget(addrKey(addressKey)), this.#forget(pair)]);
  }

  /** Drops a room's state when the room ends. */
  async forgetRoom(roomId: string): Promise<void> {
    const pairs = this.#roomAddressKeys.get(roomId) ?? new Set<string>();
    this.#roomAddressKeys.delete(roomId);
    await Promise.all([roomKey(roomId), ...pairs].map((key) => this.#forget(key)));
  }

  /** Keys held (for tests: rooms' keys must go with their rooms). */
  size(): number {
    return this.#failures.dump().storage.length + this.#blocks.dump().storage.length;
  }

  async #forget(key: string): Promise<void> {
    await this.#failures.delete(key);
    await this.#blocks.delete(key);
  }

  async #count(key: string, threshold: number): Promise<number> {
    const current = await this.#failures.get(key);
    const failures = (current?.consumedPoints ?? 0) + 1;
    // `set` (not `penalty`) restarts the expiry: failures are remembered from the last one.
    await this.#failures.set(key, failures, JOIN_FAILURE_MEMORY_MS / 1000);
    if (failures >= threshold) {
      const wait = Math.min(this.#baseMs * 2 ** Math.min(failures - threshold, 40), this.#maxMs);
      await this.#blocks.block(key, wait / 1000);
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

function remaining(res: { consumedPoints: number; msBeforeNext: number } | null): number {
  return res !== null && res.consumedPoints > 1 ? Math.max(res.msBeforeNext, 0) : 0;
}

/** 5, 10, 20, 40, …: the room hears of guessing without a notice per attempt. */
function isNoticeCount(count: number): boolean {
  if (count < JOIN_FAILURE_NOTICE_AFTER || count % JOIN_FAILURE_NOTICE_AFTER !== 0) return false;
  const multiple = count / JOIN_FAILURE_NOTICE_AFTER;
  return (multiple & (multiple - 1)) === 0;
}
