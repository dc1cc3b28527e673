import { SweptMap } from "./sweptMap.js";

/** One key's use of the current window. */
interface Window {
  used: number;
  resetAt: number;
}

/**
 * A synchronous fixed-window counter per key, with the rules of rate-limiter-flexible's
 * in-memory limiter that it replaced (events, room creation, lookups): a key's window
 * starts at its first charge and lasts `durationMs`; every charge counts, and a charge
 * is refused once the window's total passes `points`. No promise, microtask or timer
 * per charge (the library made a promise per consume and a timer per key): the event
 * path is charged for every message a member sends.
 *
 * Expired windows are dropped by one unref'd sweep per window length while any key is
 * held, so a key that is never charged again (an address that went away) does not stay.
 *
 * @example
 * const perSocket = new FixedWindow(10 * 10, 10_000);
 * if (!perSocket.consume(socket.id)) refuse();
 */
export class FixedWindow {
  readonly #points: number;
  readonly #durationMs: number;
  readonly #windows: SweptMap<Window>;

  constructor(points: number, durationMs: number) {
    this.#points = points;
    this.#durationMs = durationMs;
    this.#windows = new SweptMap((window, now) => window.resetAt <= now, durationMs);
  }

  /** Charges `cost` to `key`; false when the window's total is now over its points. */
  consume(key: string, cost = 1): boolean {
    return this.#charge(key, cost) <= this.#points;
  }

  /** Charges `cost` to `key` without asking for a verdict (a penalty). */
  penalty(key: string, cost: number): void {
    this.#charge(key, cost);
  }

  /** Forgets `key` (its window starts afresh at its next charge). */
  delete(key: string): void {
    this.#windows.delete(key);
  }

  /** Keys held (for tests: back to 0 once every key is deleted or expired). */
  get size(): number {
    return this.#windows.size;
  }

  #charge(key: string, cost: number): number {
    const now = Date.now();
    const window = this.#windows.get(key);
    if (window && window.resetAt > now) {
      window.used += cost;
      return window.used;
    }
    this.#windows.set(key, { used: cost, resetAt: now + this.#durationMs });
    return cost;
  }
}
