/**
 * The reason a connection cut off by `WriteCap` closes with. Socket.IO passes it on as
 * the sockets' disconnect reason; the room code treats it like a network drop (the
 * member goes away and may resume), see io/roomConnection.ts.
 */
export const SLOW_CONSUMER = "slow consumer";

/** The connection's field for its write buffer's bytes (a symbol: no clash with engine.io's). */
const PENDING = Symbol("sanctuary.pendingWriteBytes");

/** What `WriteCap` needs of an engine.io socket (engine.io 6.6; internals named here only). */
interface EngineSocket {
  readyState: string;
  /** Bytes in its write buffer, kept by `WriteCap` on the connection itself. */
  [PENDING]?: number;
  transport: EngineTransport;
  on(event: "packetCreate", listener: (this: EngineSocket, packet: { data?: unknown }) => void): unknown;
  on(event: "flush", listener: (this: EngineSocket) => void): unknown;
  onClose(reason: string, description?: unknown): void;
}

interface EngineTransport {
  name: string;
  /** The `ws` WebSocket of the websocket transport. */
  socket?: { bufferedAmount?: number; terminate?(): void };
}

/**
 * Caps the bytes waiting to be written to each engine connection (docs/security.md,
 * "Backpressure"). A client that stops reading its socket while others send makes the
 * server queue everything for it, outside the V8 heap and without bound; once what waits for one connection
 * passes `maxBytes` it is closed at once as a slow consumer, its queue dropped, and
 * nothing more is queued for it (engine.io queues nothing for a closed socket).
 *
 * What waits is engine.io's write buffer (packets not yet handed to the transport:
 * counted as they are created, reset when flushed) plus, for WebSocket, what `ws` and
 * the TCP socket still hold (`bufferedAmount`). The check runs once per packet written
 * to the connection, on engine.io's own "packetCreate" event: a sum and a property read,
 * no timer and nothing per Socket.IO namespace.
 *
 * @example
 * const cap = new WriteCap(4 * 2 ** 20);
 * io.engine.on("connection", (conn) => cap.watch(conn));
 */
export class WriteCap {
  #cutOff = 0;
  // The listeners are one pair for all connections (their `this`), so a connection
  // costs no closure; each keeps its count in a field (read and written per packet).
  readonly #onPacket: (this: EngineSocket, packet: { data?: unknown }) => void;
  readonly #onFlush: (this: EngineSocket) => void;

  constructor(maxBytes: number) {
    const cap = this;
    this.#onPacket = function (this: EngineSocket, packet) {
      const pending = (this[PENDING] ?? 0) + packetBytes(packet.data);
      this[PENDING] = pending;
      if (pending + transportQueued(this.transport) > maxBytes) cap.#close(this);
    };
    // The write buffer went to the transport: its bytes are in `bufferedAmount` now.
    this.#onFlush = function (this: EngineSocket) {
      this[PENDING] = 0;
    };
  }

  /** Connections cut off as slow consumers since the server started (for tests and logs). */
  get cutOff(): number {
    return this.#cutOff;
  }

  /** Starts watching one engine connection (call at engine.io's "connection"). */
  watch(connection: object): void {
    const conn = connection as EngineSocket;
    // Set before the first packet, so every connection has the field from the start.
    conn[PENDING] = 0;
    conn.on("packetCreate", this.#onPacket);
    conn.on("flush", this.#onFlush);
  }

  #close(conn: EngineSocket): void {
    if (conn.readyState === "closed") return;
    this.#cutOff++;
    const transport = conn.transport;
    // Closes now, drops the write buffer; a graceful close would wait for it to drain.
    conn.onClose(SLOW_CONSUMER);
    // ws's graceful close would still wait behind the queued frames: drop them too.
    transport.socket?.terminate?.();
  }
}

function packetBytes(data: unknown): number {
  if (typeof data === "string") return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

function transportQueued(transport: EngineTransport): number {
  return transport.name === "websocket" ? (transport.socket?.bufferedAmount ?? 0) : 0;
}
