/**
 * Per-key state that goes stale on its own (a window that ended, a bucket that refilled,
 * a value that expired), held in a Map whose stale entries one unref'd timer drops every
 * `sweepMs` while any key is held: a key that is never touched again (an address that
 * went away) does not stay, and an empty map runs no timer. What "stale" means is the
 * owner's `isStale`; reading a stale entry before the sweep is the owner's to handle.
 *
 * @example
 * const windows = new SweptMap<Window>((w, now) => w.resetAt <= now, 10_000);
 */
export class SweptMap<V> {
  readonly #entries = new Map<string, V>();
  readonly #isStale: (value: V, now: number) => boolean;
  readonly #sweepMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(isStale: (value: V, now: number) => boolean, sweepMs: number) {
    this.#isStale = isStale;
    this.#sweepMs = sweepMs;
  }

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  set(key: string, value: V): void {
    this.#entries.set(key, value);
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.sweep(), this.#sweepMs);
      this.#timer.unref();
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
    if (this.#entries.size === 0) this.#stop();
  }

  /** Entries held, stale ones included until the next sweep. */
  get size(): number {
    return this.#entries.size;
  }

  /** Drops every stale entry now (the timer does it every `sweepMs`). */
  sweep(now = Date.now()): void {
    for (const [key, value] of this.#entries) {
      if (this.#isStale(value, now)) this.#entries.delete(key);
    }
    if (this.#entries.size === 0) this.#stop();
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
