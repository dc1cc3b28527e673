import {
  FILE_CHUNK_WIRE_MAX_BYTES,
  type FileCancelReason,
  type FileChunkRequest,
  type FileOfferRequest,
  fileChunkCount,
} from "@sanctuary/protocol";
import { connectionAddress } from "../net/clientAddress.js";
import { ByteRate, untilDrained } from "./fileRelayFlow.js";
import { ProtocolError } from "./router.js";
import type { RoomSocket } from "./types.js";

export interface FileRelayOptions {
  /** Largest file in bytes (plaintext, as offered); 0 refuses every file. */
  maxFileBytes: number;
  maxTransfersPerMember: number;
  maxTransfersPerRoom: number;
  /** Bytes per second of chunks per socket and per address group; 0 for no limit. */
  socketRate: number;
  addressRate: number;
  hashAddress: (address: string) => string;
  /** Charges a socket whose chunk was refused, as a malformed event would be. */
  penalize: (socket: RoomSocket) => void;
}

/** Chunks the relay accepts from one transfer before their acks have gone out. */
export const MAX_CHUNKS_IN_FLIGHT = 8;
/** A chunk is acked once every receiver has less than this waiting to be written. */
export const DRAIN_THRESHOLD_BYTES = 4 * FILE_CHUNK_WIRE_MAX_BYTES;
/** A receiver that cannot take a chunk for this long is dropped from the transfer. */
export const SLOW_RECEIVER_MS = 8_000;

interface Transfer {
  key: string;
  id: string;
  roomId: string;
  sender: RoomSocket;
  /** The receivers' sockets, fixed at the offer: nobody is added later. */
  targets: Map<string, RoomSocket>;
  count: number;
  next: number;
  inFlight: number;
}

/**
 * The file relay (F43): forwards the chunks of a transfer from its sender to the
 * sockets present at the offer (or to the one recipient of a whispered file), in
 * order, acking each chunk only when the receivers' sockets have room and the rates
 * allow it. It never stores a chunk: each is handed to the receivers' sockets and
 * forgotten; what it keeps per transfer is the fields of `Transfer`. It sees the
 * transfer ID, the size and the chunk count, never the name, type or content.
 *
 * In a cluster (F19) it reaches the members connected to this node only.
 */
export class FileRelay {
  readonly #options: FileRelayOptions;
  readonly #transfers = new Map<string, Transfer>();
  /** Transfers each socket takes part in, as sender or receiver. */
  readonly #bySocket = new WeakMap<RoomSocket, Set<Transfer>>();
  readonly #socketRate: ByteRate;
  readonly #addressRate: ByteRate;
  readonly #onDisconnect: (this: RoomSocket) => void;

  constructor(options: FileRelayOptions) {
    this.#options = options;
    this.#socketRate = new ByteRate(options.socketRate);
    this.#addressRate = new ByteRate(options.addressRate);
    const relay = this;
    this.#onDisconnect = function (this: RoomSocket) {
      relay.#left(this);
    };
  }

  /** Transfers in progress on this node (tests and the bench read it). */
  get size(): number {
    return this.#transfers.size;
  }

  /** `file:offer`: checks the limits, fixes the receivers and tells them. */
  offer(
    { id, to, size, env }: FileOfferRequest,
    socket: RoomSocket,
  ): { receivers: number; members: string[] } {
    const { roomId, memberId } = socket.data;
    const o = this.#options;
    if (size > o.maxFileBytes) {
      const mib = Math.floor(o.maxFileBytes / 2 ** 20);
      throw new ProtocolError(
        "TOO_LARGE",
        o.maxFileBytes === 0
          ? "This server does not relay files."
          : `Files on this server are at most ${mib} MiB.`,
      );
    }
    const key = `${roomId}/${id}`;
    if (this.#transfers.has(key)) throw new ProtocolError("INVALID", "That transfer ID is in use.");
    let mine = 0;
    let inRoom = 0;
    for (const t of this.#transfers.values()) {
      if (t.roomId !== roomId) continue;
      inRoom++;
      if (t.sender.data.memberId === memberId) mine++;
    }
    if (mine >= o.maxTransfersPerMember) {
      throw new ProtocolError(
        "TRANSFER_LIMIT",
        `You can send at most ${o.maxTransfersPerMember} files at once.`,
      );
    }
    if (inRoom >= o.maxTransfersPerRoom) {
      throw new ProtocolError(
        "TRANSFER_LIMIT",
        `At most ${o.maxTransfersPerRoom} files can be on their way in this room at once.`,
      );
    }
    if (to === memberId) throw new ProtocolError("INVALID", "You cannot send a file to yourself.");
    const targets = new Map<string, RoomSocket>();
    for (const target of socket.nsp.sockets.values()) {
      if (!target.connected || target.data.memberId === memberId) continue;
      if (to !== undefined && target.data.memberId !== to) continue;
      targets.set(target.id, target);
    }
    if (to !== undefined && targets.size === 0) {
      // Also a member connected to another node of a cluster: files are relayed per node.
      throw new ProtocolError(
        "NO_SUCH_MEMBER",
        "That member is not connected to this server (with several server nodes: not to yours, and files reach only members on the sender's node).",
      );
    }
    if (targets.size === 0) return { receivers: 0, members: [] };
    const transfer: Transfer = {
      key,
      id,
      roomId,
      sender: socket,
      targets,
      count: fileChunkCount(size),
      next: 0,
      inFlight: 0,
    };
    this.#transfers.set(key, transfer);
    this.#track(socket, transfer);
    const offered = {
      id,
      from: { id: memberId, alias: socket.data.alias },
      size,
      ts: Date.now(),
      env,
      ...(to === undefined ? {} : { to }),
    };
    for (const target of targets.values()) {
      this.#track(target, transfer);
      target.emit("file:offered", offered);
    }
    const members = [...new Set([...targets.values()].map((t) => t.data.memberId))];
    return { receivers: targets.size, members };
  }

  /** `file:chunk`: forwards the next chunk; the returned promise is the ack (backpressure). */
  async chunk({ id, index, data }: FileChunkRequest, socket: RoomSocket): Promise<Record<string, never>> {
    const t = this.#transfers.get(`${socket.data.roomId}/${id}`);
    if (!t || t.sender !== socket) return this.#refuse(socket, "NO_SUCH_TRANSFER");
    const bytes = data.byteLength;
    // In order, no more than offered, full-size but for the last: the receivers check
    // all of it cryptographically; the relay checks what bounds its own work.
    if (index !== t.next || index >= t.count) return this.#refuse(socket, "INVALID", "Chunks go in order.");
    if (index < t.count - 1 && bytes !== FILE_CHUNK_WIRE_MAX_BYTES)
      return this.#refuse(socket, "INVALID", "Only the last chunk may be short.");
    if (t.inFlight >= MAX_CHUNKS_IN_FLIGHT) return this.#refuse(socket, "RATE_LIMITED");
    t.next++;
    t.inFlight++;
    const payload = { id, index, data: data instanceof Uint8Array ? data : new Uint8Array(data) };
    for (const target of t.targets.values()) {
      target.emit("file:chunk", payload);
      if (t.next === t.count) target.emit("file:done", { id });
    }
    const wait = Math.max(
      this.#socketRate.delay(socket.id, bytes),
      this.#addressRate.delay(this.#options.hashAddress(connectionAddress(socket.conn)), bytes),
    );
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const slow = await untilDrained(() => t.targets.values(), DRAIN_THRESHOLD_BYTES, SLOW_RECEIVER_MS);
    for (const target of slow) this.#dropTarget(t, target, "too-slow");
    t.inFlight--;
    if (t.next === t.count && t.inFlight === 0) this.#forget(t);
    return {};
  }

  /** `file:cancel`: the sender ends it for everyone; a receiver only for itself. */
  cancel({ id }: { id: string }, socket: RoomSocket): Record<string, never> {
    const t = this.#transfers.get(`${socket.data.roomId}/${id}`);
    if (!t) throw new ProtocolError("NO_SUCH_TRANSFER");
    if (t.sender === socket) {
      this.#end(t, "cancelled");
      return {};
    }
    const target = t.targets.get(socket.id);
    if (!target) throw new ProtocolError("NO_SUCH_TRANSFER");
    this.#dropTarget(t, target, "declined");
    return {};
  }

  #refuse(
    socket: RoomSocket,
    code: "NO_SUCH_TRANSFER" | "INVALID" | "RATE_LIMITED",
    message?: string,
  ): never {
    this.#options.penalize(socket);
    throw new ProtocolError(code, message);
  }

  /** A receiver leaves the transfer; the sender hears why, and the transfer ends with its last receiver. */
  #dropTarget(t: Transfer, target: RoomSocket, reason: FileCancelReason): void {
    if (!t.targets.delete(target.id)) return;
    this.#bySocket.get(target)?.delete(t);
    if (reason === "too-slow") target.emit("file:cancelled", { id: t.id, reason });
    if (t.targets.size === 0) {
      this.#end(t, "no-receivers");
      return;
    }
    t.sender.emit("file:cancelled", { id: t.id, reason, by: target.data.memberId });
  }

  /** Ends a transfer for everyone still in it. */
  #end(t: Transfer, reason: FileCancelReason): void {
    if (!this.#forget(t)) return;
    if (reason !== "cancelled" && reason !== "sender-left")
      t.sender.emit("file:cancelled", { id: t.id, reason });
    if (reason === "no-receivers") return;
    for (const target of t.targets.values()) target.emit("file:cancelled", { id: t.id, reason });
  }

  #forget(t: Transfer): boolean {
    if (this.#transfers.get(t.key) !== t) return false;
    this.#transfers.delete(t.key);
    this.#bySocket.get(t.sender)?.delete(t);
    for (const target of t.targets.values()) this.#bySocket.get(target)?.delete(t);
    return true;
  }

  #track(socket: RoomSocket, t: Transfer): void {
    let set = this.#bySocket.get(socket);
    if (!set) {
      set = new Set();
      this.#bySocket.set(socket, set);
      socket.once("disconnect", this.#onDisconnect);
    }
    set.add(t);
  }

  /** A socket went: its sent transfers end (`sender-left`), it leaves those it received. */
  #left(socket: RoomSocket): void {
    const set = this.#bySocket.get(socket);
    this.#bySocket.delete(socket);
    for (const t of set ?? []) {
      if (t.sender === socket) this.#end(t, "sender-left");
      else this.#dropTarget(t, socket, "receiver-left");
    }
  }
}
