import type { FileSink } from "@sanctuary/client";

/** The part of a `FileSystemWritableFileStream` the sink uses. */
export interface WritableFile {
  write(data: Uint8Array | Blob): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Where a received file's decrypted chunks go (F44): memory, ending as a `Blob`, until
 * the person picks a file to save it in (`toFile`); then what arrived so far is written
 * there and the rest streams straight in, so memory holds no more than the chunks of
 * the moment. Given to the SDK's `IncomingTransfer.accept`, which awaits each write in
 * order and `close` after the last.
 */
export class ReceiveSink implements FileSink {
  /** The file once complete in memory; undefined while arriving or when it went to a file. */
  blob: Blob | undefined;
  readonly #type: string;
  #parts: Uint8Array[] = [];
  #held = 0;
  #file: WritableFile | undefined;
  #switching: Promise<void> | undefined;
  #closed = false;

  constructor(type: string) {
    this.#type = type;
  }

  /** Bytes held in memory now. */
  get held(): number {
    return this.#held;
  }

  /** Whether the file goes (or went) to a file on disk. */
  get toDisk(): boolean {
    return this.#file !== undefined || this.#switching !== undefined;
  }

  write(chunk: Uint8Array): Promise<void> | void {
    if (this.#file) return this.#file.write(chunk);
    this.#parts.push(chunk);
    this.#held += chunk.byteLength;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#switching) await this.#switching;
    if (this.#file) {
      await this.#file.close();
      return;
    }
    const blob = new Blob(this.#parts as unknown as BlobPart[], { type: this.#type });
    this.#release();
    // A browser out of blob memory hands back a Blob it cannot read (Chromium past
    // ~490 MiB): fail now rather than offer a Save link to a broken file.
    if (blob.size > 0 && typeof blob.slice(blob.size - 1).arrayBuffer === "function") {
      await blob.slice(blob.size - 1).arrayBuffer();
    }
    this.blob = blob;
  }

  async abort(): Promise<void> {
    this.#closed = true;
    this.#release();
    if (this.#switching) await this.#switching.catch(() => {});
    await this.#file?.abort().catch(() => {});
  }

  /**
   * Sends the file into `file`: what is in memory first, then every later chunk. Only
   * while it is still arriving; false once it has ended.
   */
  toFile(file: WritableFile): boolean {
    if (this.#closed || this.toDisk) return false;
    this.#switching = (async () => {
      // Chunks arriving meanwhile join #parts; the loop drains them before the switch.
      for (let part = this.#parts.shift(); part; part = this.#parts.shift()) {
        this.#held -= part.byteLength;
        await file.write(part);
      }
      this.#file = file;
    })();
    return true;
  }

  #release(): void {
    this.#parts = [];
    this.#held = 0;
  }
}
