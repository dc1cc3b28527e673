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
  /** hashed address → its live connections plus reservations; deleted at zero. */
  readonly #counts = new Map<string, Slots>();
  readonly #pending = new Map<object, { slots: Slots; timer: NodeJS.Timeout }>();
  /**
   * The slots of each live connection, taken off when it closes: the "close" listener is
   * one for all connections (its `this`), so a connection costs no closure and no key.
   */
  readonly #claimed = new WeakMap<object, Slots>();
  readonly #onClose: (this: object) => void;

  constructor(max: number, hash: (address: string) => string, reservationMs = 10_000) {
    this.#max = max;
    this.#hash = hash;
    this.#reservationMs = reservationMs;
    const claimed = this.#claimed;
    const limit = this;
    this.#onClose = function (this: object) {
      const slots = claimed.get(this);
      if (slots === undefined) return;
      // Deleted first: a connection gives its slot back once, however often it closes.
      claimed.delete(this);
      limit.#release(slots);
    };
  }

  /** Reserves a slot for the handshake `req`; false when its address is at the limit. */
  reserve(req: object, address: string): boolean {
    const slots = this.#take(this.#hash(address));
    if (slots === null) return false;
    const timer = setTimeout(() => {
      this.#pending.delete(req);
      this.#release(slots);
    }, this.#reservationMs);
    timer.unref();
    this.#pending.set(req, { slots, timer });
    return true;
  }

  /**
   * Turns the reservation made for `req` into the live connection `conn`, whose slot is
   * given back when it closes.
   */
  claim(
    req: object,
    address: string,
    conn: { on(event: "close", fn: (this: object) => void): unknown },
  ): void {
    const pending = this.#pending.get(req);
    let slots: Slots;
    if (pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(req);
      slots = pending.slots;
    } else {
      // Not reserved (cannot happen with allowRequest in place): count it all the same.
      slots = this.#take(this.#hash(address), true) as Slots;
    }
    this.#claimed.set(conn, slots);
    // engine.io emits "close" once per connection, so `on` does what `once` would,
    // without a wrapper per connection (and the listener ignores a second one anyway).
    conn.on("close", this.#onClose);
  }

  /** Addresses with a live connection or a reservation (for tests: it must return to 0). */
  get size(): number {
    return this.#counts.size;
  }

  /**
   * Counts one more connection for `key`, unless it is at the limit (and not `force`d).
   * Every connection of an address shares its one `Slots`, and so its one key string.
   */
  #take(key: string, force = false): Slots | null {
    const slots = this.#counts.get(key);
    if (!force && (slots?.count ?? 0) >= this.#max) return null;
    if (slots !== undefined) {
      slots.count++;
      return slots;
    }
    const fresh = { key, count: 1 };
    this.#counts.set(key, fresh);
    return fresh;
  }

  #release(slots: Slots): void {
    slots.count--;
    if (slots.count <= 0 && this.#counts.get(slots.key) === slots) this.#counts.delete(slots.key);
  }
}

/** The live connections and reservations of one hashed address. */
interface Slots {
  readonly key: string;
  count: number;
}
