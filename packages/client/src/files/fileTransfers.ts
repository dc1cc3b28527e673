import {
  type Envelope,
  FILE_CHUNK_BYTES,
  FILE_MAX_BYTES,
  type FileCancelled,
  type FileChunkPush,
  type FileOffered,
  type Member,
  type RoomAck,
  type RoomProtocol,
  type RoomRequest,
  type RoomRequestName,
  type SealedEnvelope,
  TRANSFER_ID_BYTES,
} from "@sanctuary/protocol";
import { Emitter } from "../emitter.js";
import { toBase64url } from "../encoding.js";
import { SanctuaryError } from "../errors.js";
import type { MemberKeys } from "../memberKeys.js";
import { randomBytes } from "../random.js";
import type { RoomCipher } from "../roomCipher.js";
import type { Roster } from "../roster.js";
import type { PushHandlers } from "../typedSocket.js";
import { fileKeys, newFileKey } from "./chunkCipher.js";
import { IncomingTransfer } from "./incoming.js";
import { offerBody, readOfferBody, safeFileName, safeFileType } from "./offerBody.js";
import { type FileSource, OutgoingTransfer } from "./outgoing.js";

/** The session's typed request function. */
export type Ask = <E extends RoomRequestName>(event: E, payload: RoomRequest<E>) => Promise<RoomAck<E>>;

/** What `FileTransfers` needs of its session, in the session's own terms. */
interface FileTransfersDeps {
  cipher: RoomCipher;
  ask: Ask;
  you(): Member;
  members(): readonly Member[];
  member(id: string): Member | undefined;
  verifiedPub(id: string): string | undefined;
}

export interface SendFileOptions {
  /** Shown to the receivers; path parts and control characters are removed. */
  name: string;
  /** MIME type; anything that does not look like one becomes `application/octet-stream`. */
  type?: string;
  /** Whisper the file to this member only (sealed to its verified key). */
  to?: string;
  /** The ID of the message the file goes with. */
  ref?: string;
}

export interface FileTransferEvents {
  /** Someone offered a file; chunks follow at once unless it is declined. */
  offer: (transfer: IncomingTransfer) => void;
}

/**
 * `session.files` (F42–F45): sending and receiving files. `send` offers a file and
 * streams it; incoming offers arrive as `offer` events whose handles give progress,
 * `accept(sink)`, `decline()` and, at the end, the file as a `Blob`.
 *
 * @example
 * const t = await room.files.send(bytes, { name: "notes.pdf", type: "application/pdf" });
 * t.on("progress", (p) => show(p.bytes / p.size));
 * room.files.on("offer", (t) => t.on("end", (state) => state === "done" && save(t.blob)));
 */
export class FileTransfers {
  readonly #deps: FileTransfersDeps;
  readonly #emitter = new Emitter<FileTransferEvents>();
  readonly #out = new Map<string, OutgoingTransfer>();
  readonly #in = new Map<string, IncomingTransfer>();
  #closed = false;

  /** @internal Made by the session. */
  constructor(cipher: RoomCipher, roster: Roster, keyBook: MemberKeys, ask: Ask) {
    this.#deps = {
      cipher,
      ask,
      you: () => roster.you,
      members: () => roster.members,
      member: (id) => roster.byIdOf(id),
      verifiedPub: (id) => keyBook.verifiedPub(id),
    };
  }

  /** Subscribes to incoming offers; returns the function that unsubscribes. */
  on<E extends keyof FileTransferEvents>(event: E, listener: FileTransferEvents[E]): () => void {
    return this.#emitter.on(event, listener);
  }

  /**
   * Offers `file` to the room (or to one member with `to`) and starts streaming it.
   * Resolves with the transfer once the relay has accepted the offer; rejects with the
   * server's refusal (TOO_LARGE, TRANSFER_LIMIT, …) or locally (UNVERIFIED_KEY).
   */
  async send(file: FileSource, options: SendFileOptions): Promise<OutgoingTransfer> {
    if (this.#closed) throw new SanctuaryError("CLOSED", "This session has ended.");
    const size = file instanceof Uint8Array ? file.byteLength : file.size;
    if (size > FILE_MAX_BYTES) throw new SanctuaryError("TOO_LARGE", "That file is too large to send.");
    const you = this.#deps.you();
    const to = options.to === undefined ? undefined : this.#recipient(options.to);
    const id = toBase64url(randomBytes(TRANSFER_ID_BYTES));
    const key = newFileKey();
    const name = safeFileName(options.name);
    const type = safeFileType(options.type ?? "");
    const body = offerBody({
      id,
      name,
      type,
      size,
      chunkBytes: FILE_CHUNK_BYTES,
      key,
      ...(options.ref === undefined ? {} : { ref: options.ref }),
      sent: Date.now(),
      from: you.id,
    });
    const env = this.#deps.cipher.sealFileOffer(you.alias, body, to);
    const keys = fileKeys(key);
    key.fill(0);
    const transfer = new OutgoingTransfer(
      {
        id,
        name,
        type,
        size,
        ...(to ? { peer: { id: to.id, alias: to.alias } } : {}),
        ...(options.ref === undefined ? {} : { ref: options.ref }),
      },
      file,
      keys,
      {
        chunk: (tid, index, data) => this.#deps.ask("file:chunk", { id: tid, index, data }),
        cancel: (tid) => this.#deps.ask("file:cancel", { id: tid }),
      },
    );
    const { receivers, members } = await this.#deps.ask("file:offer", {
      id,
      size,
      env: env as Envelope | SealedEnvelope,
      ...(to ? { to: to.id } : {}),
    });
    if (members && !to) {
      // A room file reaches only the members on the sender's server node (F19).
      const reached = new Set(members);
      transfer.missed = this.#deps
        .members()
        .filter((m) => m.id !== you.id && !reached.has(m.id))
        .map((m) => ({ id: m.id, alias: m.alias }));
    }
    if (receivers === 0) {
      transfer.stopped("no-receivers");
      return transfer;
    }
    this.#out.set(id, transfer);
    transfer.on("end", () => this.#out.delete(id));
    void transfer.run();
    return transfer;
  }

  /** Transfers still moving, both directions. */
  get active(): Array<OutgoingTransfer | IncomingTransfer> {
    return [...this.#out.values(), ...this.#in.values()];
  }

  /** @internal The session's push handlers for the file events. */
  handlers(): PushHandlers<RoomProtocol> {
    return {
      "file:offered": (p) => this.#offered(p),
      "file:chunk": (p) => this.#chunk(p),
      "file:cancelled": (p) => this.#cancelled(p),
      "file:done": (p) => this.#in.get(p.id)?.senderDone(),
    };
  }

  /** @internal The session ended: every transfer stops, its keys wiped. */
  close(): void {
    this.#closed = true;
    for (const t of this.#out.values()) t.stopped("closed");
    for (const t of this.#in.values()) t.stopped("closed");
    this.#out.clear();
    this.#in.clear();
    this.#emitter.clear();
  }

  #recipient(id: string): { id: string; alias: string; pub: string } {
    const member = this.#deps.member(id);
    if (!member) throw new SanctuaryError("NO_SUCH_MEMBER", "There is no such member in this room.");
    const pub = this.#deps.verifiedPub(id);
    if (pub === undefined) {
      throw new SanctuaryError(
        "UNVERIFIED_KEY",
        `${member.alias} has no verified key, so a file cannot be sealed to them.`,
      );
    }
    return { id, alias: member.alias, pub };
  }

  #offered(p: FileOffered): void {
    if (this.#closed || this.#in.has(p.id) || this.#out.has(p.id)) return;
    const you = this.#deps.you();
    const sender = this.#deps.member(p.from.id);
    // Only from a present member under its alias, and a whisper only when addressed to us.
    if (!sender || sender.alias !== p.from.alias || p.from.id === you.id) return;
    if (p.to !== undefined && p.to !== you.id) return;
    const json = this.#deps.cipher.openFileOffer(
      p.env,
      p.from.alias,
      p.to === undefined ? undefined : you.alias,
    );
    if (json === undefined) return;
    let meta: ReturnType<typeof readOfferBody>;
    try {
      meta = readOfferBody(json);
    } catch {
      return;
    }
    // The sealed body must agree with what the relay says: transfer, sender and size.
    if (meta.id !== p.id || meta.from !== p.from.id || meta.size !== p.size) return;
    const keys = fileKeys(meta.key);
    meta.key.fill(0);
    const transfer = new IncomingTransfer(
      {
        id: p.id,
        name: meta.name,
        type: meta.type,
        size: meta.size,
        peer: { id: p.from.id, alias: p.from.alias },
        ...(meta.ref === undefined ? {} : { ref: meta.ref }),
      },
      keys,
      (id) => void this.#deps.ask("file:cancel", { id }).catch(() => {}),
    );
    this.#in.set(p.id, transfer);
    transfer.on("end", () => this.#in.delete(p.id));
    this.#emitter.emit("offer", transfer);
  }

  #chunk(p: FileChunkPush): void {
    this.#in.get(p.id)?.chunk(p.index, p.data);
  }

  #cancelled(p: FileCancelled): void {
    const incoming = this.#in.get(p.id);
    if (incoming) {
      incoming.stopped(p.reason);
      return;
    }
    const outgoing = this.#out.get(p.id);
    if (!outgoing) return;
    // One receiver declining or leaving ends nothing while others still receive.
    if ((p.reason === "declined" || p.reason === "receiver-left") && p.by !== undefined) return;
    outgoing.stopped(p.reason === "sender-left" || p.reason === "cancelled" ? "closed" : p.reason);
  }
}
