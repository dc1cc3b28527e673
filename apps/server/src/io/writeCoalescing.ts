/**
 * One write per WebSocket connection per event-loop turn (docs/performance.md, "Write
 * coalescing").
 *
 * engine.io's WebSocket transport hands `ws` one frame per packet, and `ws` writes each
 * frame to the TCP socket at once: a broadcast to four members plus the sender's ack is
 * five `writev` syscalls, and under load a member gets several frames in one turn, each
 * its own syscall. Here the TCP socket of a WebSocket connection is corked when
 * engine.io first flushes packets to it in a turn, and every socket corked in that turn
 * is uncorked once, in the check phase right after the I/O callbacks (`setImmediate`):
 * Node then writes everything the turn queued for that socket in one `writev`.
 *
 * Nothing else changes: the frames, their order and their bytes are the same; only when
 * they leave (at most one turn later). What waits while corked sits in the socket's
 * writable state, which `ws` counts in `bufferedAmount`, so the write cap
 * (abuse/writeCap.ts) still sees it; a socket the cap terminates is simply not uncorked.
 * Polling connections are left alone (each poll is already one response).
 *
 * engine.io 6.6 and ws 8 internals used: the engine socket's "flush" event (emitted just
 * before it hands its write buffer to the transport), `transport.name`, the transport's
 * `ws` WebSocket as `transport.socket` and its TCP socket as `_socket`.
 */

/** The TCP (or TLS) socket under a `ws` WebSocket. */
interface Corkable {
  cork(): void;
  uncork(): void;
  readonly destroyed: boolean;
  /** How many corks hold the socket; `ws` corks only inside a synchronous frame write. */
  readonly writableCorked: number;
}

interface EngineSocket {
  transport: { name: string; socket?: { _socket?: Corkable | null } };
  on(event: "flush", listener: (this: EngineSocket) => void): unknown;
}

// Taken when this module loads: a test that fakes timers must not hold writes back.
const schedule = setImmediate;

/**
 * Corks each WebSocket connection's TCP socket for the rest of the event-loop turn in
 * which engine.io first writes to it.
 *
 * @example
 * const coalescer = new WriteCoalescer();
 * io.engine.on("connection", (conn) => coalescer.watch(conn));
 */
export class WriteCoalescer {
  /** Sockets corked in this turn; swapped with the spare list when they are uncorked. */
  #corked: Corkable[] = [];
  #spare: Corkable[] = [];
  #scheduled = false;
  /** The "flush" listener of every watched connection (its `this`), one for all. */
  readonly #onFlush: (this: EngineSocket) => void;
  readonly #uncorkAll = () => this.#release();

  constructor() {
    const corkFor = (raw: Corkable) => this.#cork(raw);
    this.#onFlush = function (this: EngineSocket) {
      const transport = this.transport;
      if (transport.name !== "websocket") return;
      const raw = transport.socket?._socket;
      if (raw && !raw.destroyed) corkFor(raw);
    };
  }

  /** Coalesces the writes of one engine connection (call at engine.io's "connection"). */
  watch(connection: object): void {
    (connection as EngineSocket).on("flush", this.#onFlush);
  }

  #cork(raw: Corkable): void {
    // Already corked in this turn: by this class, since ws uncorks before it returns.
    if (raw.writableCorked > 0) return;
    raw.cork();
    this.#corked.push(raw);
    if (!this.#scheduled) {
      this.#scheduled = true;
      schedule(this.#uncorkAll);
    }
  }

  #release(): void {
    this.#scheduled = false;
    const corked = this.#corked;
    this.#corked = this.#spare;
    this.#spare = corked;
    for (const raw of corked) {
      if (!raw.destroyed) raw.uncork();
    }
    corked.length = 0;
  }
}
