import { SweptMap } from "./sweptMap.js";

/** One key's bucket: tokens left when last charged. */
interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A synchronous token bucket per key: `capacity` tokens when full, refilled at `rate`
 * tokens per second, computed lazily at each charge (no timer per key, no promise: the
 * message path charges it for every message). Unlike a fixed window, the allowance
 * does not reset all at once, so a sender cannot spend two windows' worth back to back
 * at a window edge; a burst up to `capacity` passes, then the rate holds.
 *
 * A full bucket is the same as no bucket, so keys that have refilled are dropped by one
 * unref'd sweep per `sweepMs` while any key is held.
 *
 * @example
 * const bytes = new TokenBuckets(64 * 1024, 2 * 380_000);
 * if (!bytes.take(socket.id, payloadBytes)) refuse();
 */
export class TokenBuckets {
  readonly #rate: number;
  readonly #capacity: number;
  readonly #buckets: SweptMap<Bucket>;

  constructor(ratePerSecond: number, capacity: number, sweepMs = 10_000) {
    this.#rate = ratePerSecond / 1000;
    this.#capacity = capacity;
    // A full bucket is the same as no bucket.
    this.#buckets = new SweptMap((bucket, now) => this.#refilled(bucket, now) >= capacity, sweepMs);
  }

  /** Takes `cost` tokens from `key`'s bucket if it holds that many; false (nothing taken) if not. */
  take(key: string, cost: number): boolean {
    const now = Date.now();
    const tokens = this.#tokens(key, now);
    if (cost > tokens) return false;
    this.#buckets.set(key, { tokens: tokens - cost, at: now });
    return true;
  }

  /** Gives back `cost` tokens taken from `key` (a later check refused the same charge). */
  refund(key: string, cost: number): void {
    const bucket = this.#buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.#capacity, bucket.tokens + cost);
  }

  /** Forgets `key` (its bucket is full again). */
  delete(key: string): void {
    this.#buckets.delete(key);
  }

  /** Keys held (for tests: back to 0 once every key is deleted or refilled). */
  get size(): number {
    return this.#buckets.size;
  }

  #tokens(key: string, now: number): number {
    const bucket = this.#buckets.get(key);
    return bucket ? this.#refilled(bucket, now) : this.#capacity;
  }

  #refilled(bucket: Bucket, now: number): number {
    return Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#rate);
  }
}
