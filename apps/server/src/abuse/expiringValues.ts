import { SweptMap } from "./sweptMap.js";

/** One key's value and when it stops counting. */
interface Entry {
  value: number;
  expiresAt: number;
}

/**
 * Numbers per key that each expire at their own time, synchronously: what the join
 * backoff keeps (failure counts, remembered from the last failure; blocks, as long as
 * they last). An expired value reads as absent at once; the entry itself is dropped by
 * `size`, by the next `set` of its key, or by one unref'd sweep per `sweepMs` while any
 * key is held, so an address that went away does not stay.
 *
 * @example
 * const blocks = new ExpiringValues(60_000);
 * blocks.set(key, 1, 2000);
 * blocks.remainingMs(key); // → 2000
 */
export class ExpiringValues {
  readonly #entries: SweptMap<Entry>;

  constructor(sweepMs: number) {
    this.#entries = new SweptMap((entry, now) => entry.expiresAt <= now, sweepMs);
  }

  /** The live value of `key`, or undefined when there is none or it expired. */
  get(key: string): number | undefined {
    const entry = this.#entries.get(key);
    return entry && entry.expiresAt > Date.now() ? entry.value : undefined;
  }

  /** How long (ms) `key`'s value still lives; 0 when there is none. */
  remainingMs(key: string): number {
    const entry = this.#entries.get(key);
    return entry ? Math.max(entry.expiresAt - Date.now(), 0) : 0;
  }

  /** Sets `key` to `value` for `ttlMs` from now (replacing any value and expiry). */
  set(key: string, value: number, ttlMs: number): void {
    this.#entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Live keys (for tests: back to 0 once every key is deleted or expired). */
  get size(): number {
    this.#entries.sweep();
    return this.#entries.size;
  }
}
