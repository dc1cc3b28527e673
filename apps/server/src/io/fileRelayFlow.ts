/**
 * The two things that pace a file transfer at the relay (F43): how much is still
 * waiting to be written to each receiver, and a per-socket and per-address byte rate.
 * A chunk's ack waits for both, and the sender sends only a few chunks ahead of its
 * acks, so the relay holds a bounded number of chunks whatever the receivers do.
 */

/** What the relay reads of an engine.io connection (engine.io 6.6). */
interface EngineConn {
  readyState?: string;
  writeBuffer?: Array<{ data?: unknown }>;
  transport?: { name?: string; socket?: { bufferedAmount?: number } };
}

/**
 * Bytes waiting to be written to a connection: engine.io's write buffer plus, for
 * WebSocket, what `ws` and the kernel still hold. A closed connection has none.
 */
export function queuedBytes(connection: object): number {
  const conn = connection as EngineConn;
  if (conn.readyState === "closed") return 0;
  let bytes = 0;
  for (const packet of conn.writeBuffer ?? []) {
    const data = packet.data;
    if (typeof data === "string") bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
  }
  if (conn.transport?.name === "websocket") bytes += conn.transport.socket?.bufferedAmount ?? 0;
  return bytes;
}

const POLL_MS = 3;

/**
 * Resolves once every connection in `conns()` has fewer than `threshold` bytes queued,
 * or with the ones still over it after `timeoutMs` (the caller drops them as too slow).
 */
export function untilDrained<T extends { conn: object }>(
  targets: () => Iterable<T>,
  threshold: number,
  timeoutMs: number,
): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => {
      const full = [...targets()].filter((t) => queuedBytes(t.conn) >= threshold);
      if (full.length === 0) return resolve([]);
      if (Date.now() >= deadline) return resolve(full);
      setTimeout(check, POLL_MS);
    };
    check();
  });
}

/**
 * Token buckets of bytes per second, by key: `delay(key, bytes)` takes the bytes and
 * says how long to hold the ack so the key stays within its rate (a burst of one
 * second's worth passes at once). Rate 0 is no limit. Full buckets are forgotten.
 */
export class ByteRate {
  readonly #rate: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(bytesPerSecond: number) {
    this.#rate = bytesPerSecond;
  }

  /** Milliseconds to wait before this many more bytes are within the rate. */
  delay(key: string, bytes: number, now = Date.now()): number {
    if (this.#rate <= 0) return 0;
    const bucket = this.#buckets.get(key) ?? { tokens: this.#rate, at: now };
    bucket.tokens = Math.min(this.#rate, bucket.tokens + ((now - bucket.at) * this.#rate) / 1000);
    bucket.at = now;
    bucket.tokens -= bytes;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#forgetFull(now);
    return bucket.tokens >= 0 ? 0 : Math.ceil((-bucket.tokens * 1000) / this.#rate);
  }

  /** How many keys are remembered (tests check that it stays small). */
  get size(): number {
    return this.#buckets.size;
  }

  #forgetFull(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) * this.#rate) / 1000 >= this.#rate) this.#buckets.delete(key);
    }
  }
}
