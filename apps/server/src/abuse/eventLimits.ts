import { ackError, INVALID_PAYLOAD_COST, RATE_LIMIT_STRIKES, RATE_WINDOW_SECONDS } from "@sanctuary/protocol";
import { connectionAddress } from "../net/clientAddress.js";
import type { ByteLimits } from "./byteLimits.js";
import { FixedWindow } from "./fixedWindow.js";

/** The answer to an event over its socket's or address's event budget. */
const EVENTS_REFUSED = ackError("RATE_LIMITED");
/** The answer to a message over its sender's byte rate: it says what to do. */
const BYTES_REFUSED = ackError(
  "RATE_LIMITED",
  "Sending too much data too fast: wait a few seconds before sending another large message.",
);
/** The answer to a large message over its room's byte rate: not the sender's doing. */
const ROOM_BUSY = ackError(
  "RATE_LIMITED",
  "The room is busy with large messages: try again in a few seconds (short messages still go through).",
);

/** The parts of a Socket.IO socket (lobby or room) the limiter touches. */
export interface LimitedSocket {
  id: string;
  conn: object;
  connected: boolean;
  /** A room socket's room (set at admission); a lobby socket has none. */
  data?: { roomId?: string };
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): unknown;
  on(event: "disconnect", listener: () => void): unknown;
  disconnect(close?: boolean): unknown;
}

export interface EventLimitOptions {
  /** Events per second one socket may send, averaged over the window. */
  perSocket: number;
  /** Events per second one address may send over all its sockets. */
  perAddress: number;
  hashAddress: (address: string) => string;
  /** Bytes fanned out per sender; refusals strike like the event budget's. */
  bytes?: ByteLimits;
  /** Events another part of the server paces itself, which this budget lets through. */
  selfPaced?: ReadonlySet<string>;
}

/**
 * Points for every inbound event, per socket and per address, over a fixed window of
 * `RATE_WINDOW_SECONDS` (in memory, synchronous: see FixedWindow). An event over either budget
 * is dropped before any handler sees it and answered `RATE_LIMITED` when it has an ack;
 * after `RATE_LIMIT_STRIKES` refusals within a window the next one closes the connection. Only the flooding
 * socket is refused: the handlers, and so the other members, never see its excess.
 * Messages, whispers and farewells also pay their bytes (ByteLimits, when given), with
 * the same answer and the same strikes (except for a refusal by the room's budget).
 *
 * Per-socket keys are deleted when the socket disconnects. Per-address keys are left to
 * expire with their window, so reconnecting does not buy a fresh budget.
 *
 * @example
 * const limits = new EventLimits({ perSocket: 10, perAddress: 50, hashAddress });
 * io.on("connection", (socket) => limits.guard(socket));
 */
export class EventLimits {
  readonly #perSocket: FixedWindow;
  readonly #perAddress: FixedWindow;
  readonly #strikes: FixedWindow;
  readonly #hashAddress: (address: string) => string;
  readonly #bytes: ByteLimits | undefined;
  readonly #selfPaced: ReadonlySet<string>;
  /** The "disconnect" listener of every guarded socket (its `this`), one for all. */
  readonly #forget: (this: LimitedSocket) => void;
  /**
   * The middleware of every guarded socket, one function for all: Socket.IO calls it
   * without the socket, so each socket gets it bound to itself and its address key
   * (a bound function is far smaller than a closure and its scope).
   */
  readonly #check: (
    this: LimitedSocket,
    addressKey: string,
    packet: unknown[],
    next: (err?: Error) => void,
  ) => void;
  /** Sockets being closed for sustained abuse (rare, so not a field of every socket). */
  readonly #closing = new WeakSet<LimitedSocket>();

  constructor(options: EventLimitOptions) {
    const windowMs = RATE_WINDOW_SECONDS * 1000;
    this.#perSocket = new FixedWindow(options.perSocket * RATE_WINDOW_SECONDS, windowMs);
    this.#perAddress = new FixedWindow(options.perAddress * RATE_WINDOW_SECONDS, windowMs);
    this.#strikes = new FixedWindow(RATE_LIMIT_STRIKES, windowMs);
    this.#hashAddress = options.hashAddress;
    this.#bytes = options.bytes;
    this.#selfPaced = options.selfPaced ?? new Set();
    const perSocket = this.#perSocket;
    const strikes = this.#strikes;
    const bytes = this.#bytes;
    this.#forget = function (this: LimitedSocket) {
      perSocket.delete(this.id);
      strikes.delete(this.id);
      bytes?.forget(this.id);
    };
    const limits = this;
    this.#check = function (this: LimitedSocket, addressKey, packet, next) {
      limits.#admit(this, addressKey, packet, next);
    };
  }

  /** Puts every event of `socket` through the budget; forgets the socket when it goes. */
  guard(socket: LimitedSocket): void {
    const addressKey = this.#hashAddress(connectionAddress(socket.conn));
    socket.use(this.#check.bind(socket, addressKey));
    socket.on("disconnect", this.#forget);
  }

  /** Passes one event of `socket` on, answers it with a refusal, or drops it. */
  #admit(socket: LimitedSocket, addressKey: string, packet: unknown[], next: (err?: Error) => void) {
    // Socket.IO hands a socket packets queued before it disconnected (a "41" followed
    // by events in one read); they are dropped here, so nothing is relayed for a
    // member who has left and no key is made again after the cleanup in #forget.
    if (!socket.connected || this.#closing.has(socket)) return;
    if (this.#selfPaced.has(String(packet[0]))) return next();
    // The address is charged only for what the socket's own budget let through.
    let refusal = EVENTS_REFUSED;
    if (this.#perSocket.consume(socket.id) && this.#perAddress.consume(addressKey)) {
      const verdict = this.#bytes?.admit(socket.id, addressKey, socket.data?.roomId, packet) ?? "ok";
      if (verdict === "ok") return next();
      // A busy room is no strike against this sender (its own bytes were charged).
      if (verdict === "room") return answer(packet, ROOM_BUSY);
      refusal = BYTES_REFUSED;
    }
    if (this.#strikes.consume(socket.id)) return answer(packet, refusal);
    this.#closing.add(socket);
    // Sustained abuse: close the whole connection, not just this namespace. After the
    // events already accepted have run (Socket.IO queues them with nextTick), so their
    // acks still go out before the close.
    setImmediate(() => socket.disconnect(true));
  }

  /**
   * Charges `socket` the extra cost of a payload that failed its schema (the event
   * itself already cost 1), so garbage runs out of budget faster than chat.
   */
  penalize(socket: Pick<LimitedSocket, "id" | "conn" | "connected">): void {
    const extra = INVALID_PAYLOAD_COST - 1;
    if (!socket.connected) return;
    this.#perSocket.penalty(socket.id, extra);
    this.#perAddress.penalty(this.#hashAddress(connectionAddress(socket.conn)), extra);
  }

  /**
   * Charges an address for something that is not an event on a socket yet (a join
   * handshake); true when it was within budget.
   */
  chargeAddress(address: string, cost = 1): Promise<boolean> {
    return Promise.resolve(this.#perAddress.consume(this.#hashAddress(address), cost));
  }

  /** Keys held per socket (for tests: back to 0 once every socket is gone). */
  socketKeys(): number {
    return this.#perSocket.size + this.#strikes.size + (this.#bytes?.socketKeys() ?? 0);
  }
}

/** Answers an event's ack, if it has one and it can still be sent. */
function answer(packet: unknown[], res: unknown): void {
  const ack = packet[packet.length - 1];
  if (typeof ack !== "function") return;
  try {
    ack(res);
  } catch {
    // The socket may be gone; nothing to tell then.
  }
}
