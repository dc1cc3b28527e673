import { FILE_CHUNK_BYTES, fileChunkCount } from "@sanctuary/protocol";
import { SanctuaryError } from "../errors.js";
import { type FileKeys, sealChunk, wipeFileKeys } from "./chunkCipher.js";
import { Transfer, type TransferInfo } from "./transfer.js";

/** What a file to send can be. */
export type FileSource = Blob | Uint8Array;

/** The wire calls an outgoing transfer makes (the session's typed requests). */
export interface OutgoingWire {
  chunk(id: string, index: number, data: Uint8Array): Promise<unknown>;
  cancel(id: string): Promise<unknown>;
}

/**
 * Chunks sent ahead of their acknowledgements. The relay acknowledges a chunk only when
 * the receivers' sockets have room (that is the backpressure); a few in flight keep the
 * pipe full across the round trip without letting the sender run ahead.
 */
export const SEND_WINDOW = 4;

/**
 * A file being sent: reads the source one chunk at a time, encrypts each at its index
 * and sends it, never more than `SEND_WINDOW` unacknowledged; the file is never read
 * into memory whole.
 */
export class OutgoingTransfer extends Transfer {
  readonly direction = "out" as const;
  /**
   * Members present who will not get the file: with several server nodes (F19), those
   * connected to another node than yours. Known once `send` resolves.
   */
  missed: ReadonlyArray<{ id: string; alias: string }> = [];
  readonly #source: FileSource;
  readonly #keys: FileKeys;
  readonly #wire: OutgoingWire;
  readonly #count: number;

  /** @internal Made by `FileTransfers.send`. */
  constructor(info: Omit<TransferInfo, "direction">, source: FileSource, keys: FileKeys, wire: OutgoingWire) {
    super(info);
    this.#source = source;
    this.#keys = keys;
    this.#wire = wire;
    this.#count = fileChunkCount(info.size);
  }

  cancel(): void {
    if (this.finish("cancelled", "cancelled")) {
      wipeFileKeys(this.#keys);
      this.#wire.cancel(this.id).catch(() => {});
    }
  }

  /** @internal The relay (or the session) stopped it. */
  stopped(reason: "declined" | "no-receivers" | "too-slow" | "receiver-left" | "closed" | "refused"): void {
    if (this.finish(reason === "closed" ? "cancelled" : "failed", reason)) wipeFileKeys(this.#keys);
  }

  /** @internal Sends every chunk; settles when done, cancelled or failed. */
  async run(): Promise<void> {
    const inFlight = new Set<Promise<unknown>>();
    let failure: unknown;
    for (let index = 0; index < this.#count && this.state === "active" && failure === undefined; index++) {
      const plain = await this.#read(index);
      if (this.state !== "active") break;
      const data = sealChunk(
        this.#keys,
        { transferId: this.id, index, last: index === this.#count - 1 },
        plain,
      );
      const sent: Promise<unknown> = this.#wire.chunk(this.id, index, data).then(
        () => {
          inFlight.delete(sent);
          if (this.state === "active") this.advance(plain.length);
        },
        (err: unknown) => {
          inFlight.delete(sent);
          failure ??= err;
        },
      );
      inFlight.add(sent);
      if (inFlight.size >= SEND_WINDOW) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure !== undefined) {
      const detail = failure instanceof SanctuaryError ? failure.message : undefined;
      if (this.finish("failed", "refused", detail)) {
        wipeFileKeys(this.#keys);
        this.#wire.cancel(this.id).catch(() => {});
      }
      return;
    }
    if (this.finish("done")) wipeFileKeys(this.#keys);
  }

  async #read(index: number): Promise<Uint8Array> {
    const start = index * FILE_CHUNK_BYTES;
    const end = Math.min(this.size, start + FILE_CHUNK_BYTES);
    if (this.#source instanceof Uint8Array) return this.#source.subarray(start, end);
    return new Uint8Array(await this.#source.slice(start, end).arrayBuffer());
  }
}
