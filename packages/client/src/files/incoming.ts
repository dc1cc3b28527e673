import { fileChunkCount } from "@sanctuary/protocol";
import { type FileKeys, openChunk, wipeFileKeys } from "./chunkCipher.js";
import { Transfer, type TransferEndReason, type TransferInfo } from "./transfer.js";

/**
 * Where a received file can go instead of memory: a stream the caller opened (the File
 * System Access API's `FileSystemWritableFileStream` fits). Writes are awaited in order.
 */
export interface FileSink {
  write(chunk: Uint8Array): Promise<void> | void;
  close(): Promise<void> | void;
  abort?(): Promise<void> | void;
}

/** Nothing arrived for this long: the transfer is given up (a relay that stalls it). */
export const STALL_MS = 60_000;

/**
 * A file being received. Chunks are checked at the index expected next and with the
 * last flag the offer's size implies (docs/design.md Crypto step 7), so anything out of
 * order, missing, repeated or cut short ends it as `tampered` (or never completes, and
 * ends as `stalled`). By default the plaintext collects in memory and `blob` holds the
 * file at the end; `accept(sink)` before the first chunk streams it there instead.
 */
export class IncomingTransfer extends Transfer {
  readonly direction = "in" as const;
  /** The whole file once `done`, unless a sink took it. */
  blob: Blob | undefined;
  readonly #keys: FileKeys;
  readonly #count: number;
  readonly #onStop: (id: string) => void;
  readonly #parts: Uint8Array[] = [];
  #sink: FileSink | undefined;
  #writing: Promise<void> = Promise.resolve();
  #next = 0;
  #stall: ReturnType<typeof setTimeout> | undefined;

  /** @internal Made by `FileTransfers` for a verified offer. */
  constructor(info: Omit<TransferInfo, "direction">, keys: FileKeys, onStop: (id: string) => void) {
    super(info);
    this.#keys = keys;
    this.#count = fileChunkCount(info.size);
    this.#onStop = onStop;
    this.#armStall();
  }

  /**
   * Streams the file into `sink` rather than memory. Only before the first chunk; false
   * once chunks have arrived (they are in memory then, and stay there).
   */
  accept(sink: FileSink): boolean {
    if (this.#next > 0 || this.state !== "active") return false;
    this.#sink = sink;
    return true;
  }

  /** Refuses the file (same as `cancel` before it starts): the relay stops sending it here. */
  decline(): void {
    this.#stop("declined");
  }

  cancel(): void {
    this.#stop("cancelled");
  }

  /** @internal One chunk from the relay. */
  chunk(index: number, data: Uint8Array): void {
    if (this.state !== "active") return;
    let plain: Uint8Array;
    try {
      // The index we expect, not the one the relay claims: a chunk out of place fails its MAC.
      plain = openChunk(
        this.#keys,
        { transferId: this.id, index: this.#next, last: this.#next === this.#count - 1 },
        data,
      );
    } catch {
      this.#stop(
        "tampered",
        index === this.#next ? "A chunk did not verify." : "A chunk arrived out of order.",
      );
      return;
    }
    this.#next++;
    this.#armStall();
    if (this.#sink) {
      const sink = this.#sink;
      // A write that fails (disk full, file removed) ends the transfer; later ones are skipped.
      this.#writing = this.#writing
        .then(() => (this.state === "active" ? sink.write(plain) : undefined))
        .catch(() => this.#writeFailed());
    } else {
      this.#parts.push(plain);
    }
    this.advance(plain.length);
    if (this.#next === this.#count) void this.#complete();
  }

  /** @internal The relay says every chunk was sent: one still missing was cut out on the way. */
  senderDone(): void {
    if (this.#next < this.#count) this.#stop("tampered", "The file was cut short.");
  }

  /** @internal The relay or the session ended it. */
  stopped(reason: TransferEndReason): void {
    this.#end(reason === "closed" ? "cancelled" : "failed", reason);
  }

  async #complete(): Promise<void> {
    clearTimeout(this.#stall);
    wipeFileKeys(this.#keys);
    if (this.#sink) {
      const sink = this.#sink;
      await this.#writing;
      if (this.state !== "active") return;
      try {
        await sink.close();
      } catch {
        this.#end("failed", "closed", "The file could not be written.");
        return;
      }
    } else {
      this.blob = new Blob(this.#parts as unknown as ConstructorParameters<typeof Blob>[0], {
        type: this.type,
      });
      this.#parts.length = 0;
    }
    this.finish("done");
  }

  #writeFailed(): void {
    if (this.state !== "active") return;
    this.#onStop(this.id);
    this.#end("failed", "closed", "The file could not be written.");
  }

  #stop(reason: TransferEndReason, detail?: string): void {
    if (this.state !== "active") return;
    this.#onStop(this.id);
    this.#end(reason === "tampered" ? "failed" : "cancelled", reason, detail);
  }

  #end(state: "cancelled" | "failed", reason: TransferEndReason, detail?: string): void {
    if (!this.finish(state, reason, detail)) return;
    clearTimeout(this.#stall);
    wipeFileKeys(this.#keys);
    this.#parts.length = 0;
    const sink = this.#sink;
    if (sink?.abort) void this.#writing.then(() => sink.abort?.()).catch(() => {});
  }

  #armStall(): void {
    clearTimeout(this.#stall);
    this.#stall = setTimeout(() => this.#stop("stalled", "Nothing arrived for a minute."), STALL_MS);
    // Never keeps a Node process alive on its own.
    (this.#stall as { unref?: () => void }).unref?.();
  }
}
