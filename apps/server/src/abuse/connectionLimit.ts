/**
 * Counts live engine connections per (hashed) address and refuses new ones over the
 * limit in `allowRequest`. A handshake reserves its slot when it is allowed, so a burst
 * of parallel handshakes cannot all slip in before any of them is counted; a
 * reservation that never becomes a connection is given back after a short while.
 *
 * @example
 * const limit = new ConnectionLimit(32, hash);
 * allowRequest: (req, done) => done(null, limit.reserve(req, requestAddress(req, false)));
 * io.engine.on("connection", (conn) => limit.claim(conn.request, conn));
 */
export class ConnectionLimit {
  readonly #max: number;
  readonly #hash: (address: string) => string;
  readonly #reservationMs: number;
  /** hashed address → live connections plus reservations; deleted at zero. */
  readonly #counts = new Map<string, number>();
  readonly #pending = new Map<object, { key: string; timer: NodeJS.Timeout }>();

  constructor(max: number, hash: (address: string) => string, reservationMs = 10_000) {
    this.#max = max;
    this.#hash = hash;
    this.#reservationMs = reservationMs;
  }

  /** Reserves a slot for the handshake `req`; false when its address is at the limit. */
  reserve(req: object, address: string): boolean {
    const key = this.#hash(address);
    const count = this.#counts.get(key) ?? 0;
    if (count >= this.#max) return false;
    this.#counts.set(key, count + 1);
    const timer = setTimeout(() => {
      this.#pending.delete(req);
      this.#release(key);
    }, this.#reservationMs);
    timer.unref();
    this.#pending.set(req, { key, timer });
    return true;
  }

  /**
   * Turns the reservation made for `req` into the live connection `conn`, whose slot is
   * given back when it closes.
   */
  claim(req: object, address: string, conn: { once(event: "close", fn: () => void): unknown }): void {
    const pending = this.#pending.get(req);
    let key: string;
    if (pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(req);
      key = pending.key;
    } else {
      // Not reserved (cannot happen with allowRequest in place): count it all the same.
      key = this.#hash(address);
      this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    }
    conn.once("close", () => this.#release(key));
  }

  /** Addresses with a live connection or a reservation (for tests: it must return to 0). */
  get size(): number {
    return this.#counts.size;
  }

  #release(key: string): void {
    const count = (this.#counts.get(key) ?? 1) - 1;
    if (count <= 0) this.#counts.delete(key);
    else this.#counts.set(key, count);
  }
}
