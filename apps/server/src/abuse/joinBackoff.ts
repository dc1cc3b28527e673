import {
  JOIN_BACKOFF_BASE_MS,
  JOIN_BACKOFF_MAX_MS,
  JOIN_FAILURE_MEMORY_MS,
  JOIN_FAILURE_NOTICE_AFTER,
} from "@sanctuary/protocol";
import { RateLimiterMemory } from "./rateLimiterMemory.js";

export interface JoinBackoffOptions {
  /** Failures from one address before it must wait. */
  perAddress: number;
  /** Failures for one room, from anywhere, before joins to it must wait. */
  perRoom: number;
  baseMs?: number;
  maxMs?: number;
}

/**
 * Exponential backoff for failed join proofs (password guesses), per room and per
 * hashed address, in memory only. After `perAddress` (or `perRoom`) failures, the next
 * attempt is refused for `baseMs`, then each further failure doubles the wait up to
 * `maxMs`. Failure counts are forgotten `JOIN_FAILURE_MEMORY_MS` after the last one;
 * a room's count goes with the room, and a successful join clears its address's count.
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
  readonly #perRoom: number;
  readonly #baseMs: number;
  readonly #maxMs: number;

  constructor(options: JoinBackoffOptions) {
    this.#perAddress = options.perAddress;
    this.#perRoom = options.perRoom;
    this.#baseMs = options.baseMs ?? JOIN_BACKOFF_BASE_MS;
    this.#maxMs = options.maxMs ?? JOIN_BACKOFF_MAX_MS;
  }

  /** How long joins from `addressKey` to `roomId` must still wait, in ms (0: go ahead). */
  async blockedFor(roomId: string, addressKey: string): Promise<number> {
    const [room, address] = await Promise.all([
      this.#blocks.get(roomKey(roomId)),
      this.#blocks.get(addrKey(addressKey)),
    ]);
    return Math.max(remaining(room), remaining(address));
  }

  /**
   * Records a wrong proof; returns the room's failure count and whether the room should
   * now be told (at `JOIN_FAILURE_NOTICE_AFTER` failures, then at each doubling).
   */
  async recordFailure(
    roomId: string,
    addressKey: string,
  ): Promise<{ roomFailures: number; notify: boolean }> {
    const roomFailures = await this.#count(roomKey(roomId), this.#perRoom);
    await this.#count(addrKey(addressKey), this.#perAddress);
    return { roomFailures, notify: isNoticeCount(roomFailures) };
  }

  /** A correct proof: the address typed its password wrong before, nothing more. */
  async recordSuccess(addressKey: string): Promise<void> {
    await this.#failures.delete(addrKey(addressKey));
    await this.#blocks.delete(addrKey(addressKey));
  }

  /** Drops a room's state when the room ends. */
  async forgetRoom(roomId: string): Promise<void> {
    await this.#failures.delete(roomKey(roomId));
    await this.#blocks.delete(roomKey(roomId));
  }

  /** Keys held (for tests: rooms' keys must go with their rooms). */
  size(): number {
    return this.#failures.dump().storage.length + this.#blocks.dump().storage.length;
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

function remaining(res: { consumedPoints: number; msBeforeNext: number } | null): number {
  return res !== null && res.consumedPoints > 1 ? Math.max(res.msBeforeNext, 0) : 0;
}

/** 5, 10, 20, 40, …: the room hears of guessing without a notice per attempt. */
function isNoticeCount(count: number): boolean {
  if (count < JOIN_FAILURE_NOTICE_AFTER || count % JOIN_FAILURE_NOTICE_AFTER !== 0) return false;
  const multiple = count / JOIN_FAILURE_NOTICE_AFTER;
  return (multiple & (multiple - 1)) === 0;
}
