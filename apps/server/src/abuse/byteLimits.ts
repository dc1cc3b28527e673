import { TokenBuckets } from "./tokenBuckets.js";

/** Events whose payload the server copies to other members: what their bytes cost. */
const FANNED_OUT: Readonly<Record<string, string>> = {
  "msg:send": "env",
  "msg:whisper": "env",
  "member:exit": "farewell",
};

/** What an envelope costs besides its strings (event name, ids, JSON framing). */
const PACKET_COST = 128;
/** Fields of an envelope counted; a legal one has at most five. */
const MAX_FIELDS = 8;
/**
 * Envelopes up to this size (a chat message of up to about 3 KB of text) never wait
 * for the room's budget: under a flood of large messages, the room keeps chatting.
 * The event rate spreads them out, so they cannot pile into one moment.
 */
export const ROOM_EXEMPT_BYTES = 4096;

/** Who refused a packet: its sender (socket or address), or its room. */
export type ByteVerdict = "ok" | "sender" | "room";

export interface ByteLimitOptions {
  /** Bytes per second one socket may have fanned out, sustained. */
  perSocket: number;
  /** Bytes per second one address group may have fanned out, all its sockets. */
  perAddress: number;
  /** Bytes per second of larger messages one room may have fanned out, all senders. */
  perRoom: number;
  /** Bytes one socket, or one room, may send at once (a bucket's size), at least one largest message. */
  burst: number;
}

/**
 * The bytes a packet asks the server to fan out: the strings of its envelope (the
 * ciphertext is nearly all of it) plus a fixed cost, or 0 for events that carry none.
 * Runs before the schema check, so it reads the payload defensively and cheaply.
 */
export function fannedOutBytes(packet: readonly unknown[]): number {
  const field = FANNED_OUT[packet[0] as string];
  if (field === undefined) return 0;
  const payload = packet[1];
  if (typeof payload !== "object" || payload === null) return PACKET_COST;
  const envelope = (payload as Record<string, unknown>)[field];
  if (typeof envelope !== "object" || envelope === null) return PACKET_COST;
  let bytes = PACKET_COST;
  let fields = 0;
  for (const key in envelope) {
    if (++fields > MAX_FIELDS) break;
    const value = (envelope as Record<string, unknown>)[key];
    if (typeof value === "string") bytes += value.length;
  }
  return bytes;
}

/**
 * Token buckets on the bytes each sender makes the server fan out (messages, whispers,
 * farewells), per socket and per address group: each member's download is what the
 * others send, so a sender within the event rate but sending the largest envelope
 * every time is cut to a rate a person typing or pasting never reaches. File chunks are
 * paced by their own relay (F43) and are not counted here.
 *
 * A room's budget bounds the sum: without it twenty senders, each within its own rate,
 * put twenty largest envelopes into every member's queue in the same moment (7.4 MB,
 * past the 4 MiB write cap, so every honest member was dropped as a slow consumer). Only
 * envelopes over `ROOM_EXEMPT_BYTES` wait for it, so small messages always pass, and a
 * refusal by the room is the room's doing: it costs the sender its own bytes (so a
 * flooder still runs out and strikes) but is no strike itself.
 *
 * @example
 * const bytes = new ByteLimits({ perSocket: 65_536, perAddress: 262_144, perRoom: 262_144, burst: 760_000 });
 * if (bytes.admit(socket.id, addressKey, roomId, packet) !== "ok") refuse();
 */
export class ByteLimits {
  readonly #perSocket: TokenBuckets;
  readonly #perAddress: TokenBuckets;
  readonly #perRoom: TokenBuckets;

  constructor(options: ByteLimitOptions) {
    this.#perSocket = new TokenBuckets(options.perSocket, options.burst);
    // The group's burst scales with its rate: the same seconds of sending as one socket.
    const addressBurst = Math.max(options.burst, (options.burst * options.perAddress) / options.perSocket);
    this.#perAddress = new TokenBuckets(options.perAddress, addressBurst);
    this.#perRoom = new TokenBuckets(options.perRoom, options.burst);
  }

  /**
   * Charges `packet`'s fanned-out bytes to the socket, its address and (if larger than
   * `ROOM_EXEMPT_BYTES`) its room; says who refused it, if anyone did.
   */
  admit(
    socketId: string,
    addressKey: string,
    roomId: string | undefined,
    packet: readonly unknown[],
  ): ByteVerdict {
    const bytes = fannedOutBytes(packet);
    if (bytes === 0) return "ok";
    if (!this.#perSocket.take(socketId, bytes)) return "sender";
    if (!this.#perAddress.take(addressKey, bytes)) {
      this.#perSocket.refund(socketId, bytes);
      return "sender";
    }
    if (roomId === undefined || bytes <= ROOM_EXEMPT_BYTES) return "ok";
    return this.#perRoom.take(roomId, bytes) ? "ok" : "room";
  }

  /** Forgets a socket that has gone (its address's bucket refills by itself). */
  forget(socketId: string): void {
    this.#perSocket.delete(socketId);
  }

  /** Keys held per socket (for tests: back to 0 once every socket is gone). */
  socketKeys(): number {
    return this.#perSocket.size;
  }
}
