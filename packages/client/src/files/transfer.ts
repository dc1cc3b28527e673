import { Emitter } from "../emitter.js";

/** Where a transfer is: still moving, or how it ended. */
export type TransferState = "active" | "done" | "cancelled" | "failed";

/**
 * Why a transfer stopped, in the SDK's words: the relay's reasons (a member cancelled,
 * declined or left; too slow) plus the receiver's own findings.
 * - `tampered`: a chunk failed its MAC (changed, reordered, dropped or replayed);
 * - `stalled`: nothing arrived for `STALL_MS`;
 * - `refused`: the server refused the offer or a chunk (see `error`);
 * - `closed`: the session ended.
 */
export type TransferEndReason =
  | "cancelled"
  | "declined"
  | "sender-left"
  | "receiver-left"
  | "no-receivers"
  | "too-slow"
  | "tampered"
  | "stalled"
  | "refused"
  | "closed";

export interface TransferProgress {
  bytes: number;
  size: number;
  /** Bytes per second over the last few seconds. */
  bytesPerSecond: number;
}

export interface TransferEvents {
  progress: (progress: TransferProgress) => void;
  /** The transfer ended; for a received file, `blob` holds it unless a sink took it. */
  end: (state: TransferState, reason?: TransferEndReason, detail?: string) => void;
}

/** What every transfer, sent or received, shows. */
export interface TransferInfo {
  readonly id: string;
  readonly direction: "out" | "in";
  readonly name: string;
  readonly type: string;
  readonly size: number;
  /** The other side: the recipient of a whispered file, or the sender of a received one. */
  readonly peer?: { id: string; alias: string };
  /** The message the file was sent with. */
  readonly ref?: string;
}

/**
 * The common part of a file transfer handle: state, progress with speed, events, and a
 * single end. Subclasses do the moving.
 */
export abstract class Transfer implements TransferInfo {
  readonly id: string;
  abstract readonly direction: "out" | "in";
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly peer?: { id: string; alias: string };
  readonly ref?: string;
  state: TransferState = "active";
  reason: TransferEndReason | undefined;
  bytes = 0;
  /** Settles once the transfer ends, however it ends (it never rejects). */
  readonly finished: Promise<{ state: Exclude<TransferState, "active">; reason?: TransferEndReason }>;
  protected readonly emitter = new Emitter<TransferEvents>();
  #settle: (end: { state: Exclude<TransferState, "active">; reason?: TransferEndReason }) => void = () => {};
  readonly #samples: Array<[number, number]> = [];

  constructor(info: Omit<TransferInfo, "direction">) {
    this.id = info.id;
    this.name = info.name;
    this.type = info.type;
    this.size = info.size;
    if (info.peer) this.peer = info.peer;
    if (info.ref !== undefined) this.ref = info.ref;
    this.finished = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /** Subscribes to `progress` or `end`; returns the function that unsubscribes. */
  on<E extends keyof TransferEvents>(event: E, listener: TransferEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  /** The current progress, speed over the last ~3 s. */
  get progress(): TransferProgress {
    return { bytes: this.bytes, size: this.size, bytesPerSecond: this.#speed() };
  }

  /** Stops the transfer (both directions); the other side hears `cancelled`. */
  abstract cancel(): void;

  protected advance(bytes: number): void {
    this.bytes += bytes;
    const now = Date.now();
    this.#samples.push([now, this.bytes]);
    while (this.#samples.length > 2 && (this.#samples[0]?.[0] ?? now) < now - 3000) this.#samples.shift();
    this.emitter.emit("progress", this.progress);
  }

  /** Ends once; later calls change nothing. Returns whether this call ended it. */
  protected finish(
    state: Exclude<TransferState, "active">,
    reason?: TransferEndReason,
    detail?: string,
  ): boolean {
    if (this.state !== "active") return false;
    this.state = state;
    this.reason = reason;
    this.#settle(reason === undefined ? { state } : { state, reason });
    this.emitter.emit("end", state, reason, detail);
    return true;
  }

  #speed(): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last[0] === first[0]) return 0;
    return Math.round(((last[1] - first[1]) * 1000) / (last[0] - first[0]));
  }
}
