import type { Envelope, Member, RoomAck, RoomRequest, RoomRequestName, Welcome } from "@sanctuary/protocol";
import { Emitter } from "./emitter.js";
import { SanctuaryError } from "./errors.js";
import { FileTransfers } from "./files/fileTransfers.js";
import { IncomingGate } from "./incoming.js";
import type { RoomKeys } from "./kdf.js";
import { MemberKeys } from "./memberKeys.js";
import { closeLobby, knockToRejoin, lookUpAgain, rejoinAlias } from "./rejoin.js";
import { newStamp } from "./replayGuard.js";
import { Resume } from "./resume.js";
import { RoomCipher } from "./roomCipher.js";
import { listenRoom } from "./roomEvents.js";
import { Roster, snapshotOf } from "./roster.js";
import type { MemberKeyPair } from "./sealed.js";
import { type RoomSocket, request } from "./typedSocket.js";
import type {
  ChatMessage,
  ConnectionState,
  MemberKeyInfo,
  RoomSessionEvents,
  RoomSnapshot,
  SessionEndedEvent,
} from "./types.js";

export { sealRoomName } from "./roomCipher.js";

/** What the join step hands a new session; internal to the SDK. */
export interface RoomSessionInit {
  socket: RoomSocket;
  keys: RoomKeys;
  /** This member's X25519 key pair, announced in the handshake (F22). */
  memberKeys: MemberKeyPair;
  roomId: string;
  /** Parsed at the boundary (`subscribe`), like every server payload. */
  welcome: Welcome;
}

/**
 * A joined room: the room's state as one frozen `snapshot` (members, owner, lock, member
 * keys, connection), and the actions a member can take. Everything arriving is parsed,
 * MAC-checked and decrypted before it gets here; the UI sees only plaintext
 * `ChatMessage`s and never a key. Built by `createRoom` and `joinRoom`.
 *
 * This class wires the parts together: `Roster` (who is here), `MemberKeys` (whose
 * whisper key verified), `RoomCipher` (sealing and opening; it holds the room keys for
 * the session's life, so a rejoin after the resume window can prove itself again),
 * `Resume` (getting back in after a dropped connection), `roomEvents` (what the room
 * pushes) and `typedSocket` (the wire).
 *
 * @example
 * const room = await joinRoom({ roomId, alias: "alice", password });
 * room.on("change", (snapshot) => render(snapshot.members));
 * room.on("message", (m) => show(m));
 * await room.send("hello <b>world</b>");
 */
export class RoomSession {
  readonly roomId: string;
  /** The decrypted room name, or undefined when there is none or it did not verify. */
  readonly roomName: string | undefined;
  /**
   * Fingerprint of the room key (5 groups of 4 Crockford base32 symbols, see
   * `roomFingerprint`): everyone who derived the same keys sees the same value, so
   * members can compare it out loud or on another channel.
   */
  readonly roomFingerprint: string;
  /** Fingerprint of this member's own whisper key, as others see it under `memberKey`. */
  readonly yourFingerprint: string;

  /** Sending and receiving files (F42–F45). */
  readonly files: FileTransfers;
  private socket: RoomSocket | null;
  private readonly cipher: RoomCipher;
  private readonly roster: Roster;
  private readonly gate: IncomingGate;
  private readonly keyBook: MemberKeys;
  private readonly resume: Resume;
  private readonly emitter = new Emitter<RoomSessionEvents>();
  private readonly expiry: number | undefined;
  private state: RoomSnapshot;
  private leaving = false;
  private ended = false;

  /** @internal Use `createRoom` or `joinRoom`. */
  constructor(init: RoomSessionInit) {
    const { welcome, socket } = init;
    this.roomId = init.roomId;
    this.socket = socket;
    this.cipher = new RoomCipher(init.roomId, init.keys, init.memberKeys);
    this.roomFingerprint = this.cipher.roomFingerprint;
    this.yourFingerprint = this.cipher.yourFingerprint;
    this.roster = new Roster(welcome);
    this.gate = new IncomingGate(this.cipher, this.roster);
    const roster = this.roster;
    this.keyBook = new MemberKeys({
      roomId: init.roomId,
      macKey: this.cipher.macKey,
      // A rejoin after the window (F26) gives this member a new ID.
      get youId() {
        return roster.youId;
      },
      ownPub: this.cipher.ownPub,
    });
    this.keyBook.sync(this.roster.members);
    this.expiry = welcome.expiresAt;
    this.roomName = welcome.meta ? this.cipher.openRoomName(welcome.meta) : undefined;
    const firstAlias = welcome.you.alias;
    this.resume = new Resume(
      socket,
      welcome,
      {
        isEnded: () => this.ended,
        isLeaving: () => this.leaving,
        end: (event) => this.end(event),
        reconnecting: (since) => this.onReconnecting(since),
        resumed: (next, offlineMs) => this.onResumed(next, offlineMs, false),
        rejoined: (next, offlineMs) => this.onResumed(next, offlineMs, true),
        joinAuth: (alias) => this.joinAuth(alias),
        joinSettled: () => closeLobby(socket.io),
        knock: (alias, signal) => this.knockToRejoin(alias, signal),
      },
      (taken) => rejoinAlias(firstAlias, taken),
    );
    this.files = new FileTransfers(this.cipher, this.roster, this.keyBook, (e, p) => this.ask(e, p));
    this.state = this.buildSnapshot();
    // Events that arrive before the caller has subscribed wait for its first `on()`.
    this.emitter.hold();
    listenRoom(socket, {
      roster: this.roster,
      keyBook: this.keyBook,
      gate: this.gate,
      resume: this.resume,
      emitter: this.emitter,
      isEnded: () => this.ended,
      commit: () => this.commit(),
      end: (event) => this.end(event),
      pushes: this.files.handlers(),
    });
  }

  /** The room as this client knows it now (frozen; replaced on every `change`). */
  get snapshot(): RoomSnapshot {
    return this.state;
  }

  /** `online`, or `reconnecting` while the seat is being resumed after a blip (F17). */
  get connection(): ConnectionState {
    return this.state.connection;
  }

  /** This client's own member record (kept current, e.g. when it becomes owner). */
  get you(): Member {
    return this.state.you;
  }

  /** Everyone present, in join order, this client included. */
  get members(): readonly Member[] {
    return this.state.members;
  }

  get ownerId(): string {
    return this.state.ownerId;
  }

  get isOwner(): boolean {
    return this.state.ownerId === this.state.you.id;
  }

  get locked(): boolean {
    return this.state.locked;
  }

  /** Self-destruct time (ms since epoch), when the room has one. */
  get expiresAt(): number | undefined {
    return this.state.expiresAt;
  }

  memberById(id: string): Member | undefined {
    return this.roster.byIdOf(id);
  }

  /**
   * Whether `id`'s whisper key is verified, with its fingerprint when it is; undefined
   * for someone not in the room. For this member itself it tells whether the server
   * passed the key on intact, i.e. whether others can whisper to it.
   */
  memberKey(id: string): MemberKeyInfo | undefined {
    return this.state.memberKeys[id];
  }

  /** Finds a member the way the server compares aliases: normalised, case-insensitive. */
  memberByAlias(alias: string): Member | undefined {
    return this.roster.byAlias(alias);
  }

  /** Subscribes to a session event; returns the function that unsubscribes. */
  on<E extends keyof RoomSessionEvents>(event: E, listener: RoomSessionEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  /** Sends a message to everyone; emits it as `message` (mine) once the server accepts it. */
  async send(text: string): Promise<ChatMessage> {
    this.requireOpen();
    const stamp = newStamp(this.you.id);
    const env = this.cipher.sealMessage(this.you.alias, text, stamp);
    this.gate.sent(stamp);
    const res = await this.ask("msg:send", { env });
    return this.sent({ id: res.id, kind: "msg", ts: res.ts, text });
  }

  /**
   * Whispers to one member, sealed to that member's verified X25519 key (docs/design.md
   * Crypto step 6): only that member can open it, whoever the server hands it to.
   * Refused locally with UNVERIFIED_KEY when the member has no verified key.
   */
  async whisper(toMemberId: string, text: string): Promise<ChatMessage> {
    this.requireOpen();
    const member = this.roster.byIdOf(toMemberId);
    if (!member) throw new SanctuaryError("NO_SUCH_MEMBER", "There is no such member in this room.");
    const pub = this.keyBook.verifiedPub(toMemberId);
    if (pub === undefined) {
      throw new SanctuaryError(
        "UNVERIFIED_KEY",
        `${member.alias} has no verified key, so a whisper cannot be sealed to them.`,
      );
    }
    const stamp = newStamp(this.you.id);
    const env = this.cipher.sealWhisper(this.you.alias, { alias: member.alias, pub }, text, stamp);
    this.gate.sent(stamp);
    const res = await this.ask("msg:whisper", { to: toMemberId, env });
    return this.sent({ id: res.id, kind: "whisper", to: toMemberId, ts: res.ts, text });
  }

  /** Owner only: removes a member (the server enforces it). */
  async kick(memberId: string): Promise<void> {
    await this.ask("member:kick", { id: memberId });
  }

  /** Owner only: ends the room for everyone; `ended {reason: "purged"}` follows. */
  async purge(): Promise<void> {
    await this.ask("room:purge", {});
  }

  /** Owner only: a locked room admits nobody new. */
  /** The owner lets a knocker in, or not (F35). */
  async answerKnock(knockId: string, admit: boolean): Promise<void> {
    await this.ask("knock:answer", { knockId, admit });
  }

  async setLocked(locked: boolean): Promise<void> {
    await this.ask("room:lock", { locked });
  }

  /** Tells the others whether this member is typing; fire and forget. */
  setTyping(on: boolean): void {
    if (this.ended || this.resume.reconnecting || !this.socket) return;
    this.socket.emit("typing", { on });
  }

  /**
   * Leaves with an optional farewell that the others see, then disconnects. Resolves
   * once the session has ended (`ended {reason: "left"}`), even if the server did not
   * answer: leaving must always work. A farewell over the limit is refused (TOO_LARGE)
   * before anything is sent, and the session stays open.
   */
  async leave(farewell?: string): Promise<void> {
    if (this.ended) return;
    const req: { farewell?: Envelope } = {};
    if (farewell !== undefined && farewell !== "") {
      req.farewell = this.cipher.sealFarewell(this.you.alias, farewell, newStamp(this.you.id));
    }
    this.leaving = true;
    try {
      await this.ask("member:exit", req);
    } catch {
      // Not answered or refused: leave locally all the same.
    } finally {
      this.end({ reason: "left" });
    }
  }

  /** Disconnects without a farewell (tab closing, logout). */
  close(): void {
    this.end({ reason: "left" });
  }

  private onReconnecting(since: number): void {
    this.commit();
    this.emitter.emit("connection", { state: "reconnecting", since });
  }

  /**
   * Back in: the welcome replaces members, owner and lock in one step. After a rejoin
   * (F26) it also names this member's new seat (ID, perhaps another alias).
   */
  private onResumed(welcome: Welcome, offlineMs: number, rejoined: boolean): void {
    const { ownerChanged } = this.roster.reset(welcome);
    this.keyBook.sync(this.roster.members);
    this.commit();
    this.emitter.emit("connection", { state: "online", offlineMs, rejoined });
    if (ownerChanged) this.emitter.emit("ownerChanged", this.roster.ownerId);
  }

  /** A new join's handshake after the window: fresh challenge, proof from the held keys. */
  private async joinAuth(alias: string): Promise<Record<string, string>> {
    const socket = this.socket;
    if (this.ended || !socket) throw closedError();
    const lookup = await lookUpAgain(socket.io, this.roomId);
    return this.cipher.joinAuth(lookup.nonce, alias);
  }

  /** A rejoin into a locked room or from a barred address group knocks (F26, F34). */
  private knockToRejoin(alias: string, signal: AbortSignal): Promise<string> {
    const socket = this.socket;
    if (this.ended || !socket) return Promise.reject(closedError());
    const since = this.resume.offlineSince ?? Date.now();
    const prove = (nonce: string) => this.cipher.joinAuth(nonce, alias).proof ?? "";
    return knockToRejoin(socket.io, this.roomId, alias, prove, {
      signal,
      onKnock: ({ expiresInMs }) =>
        this.emitter.emit("connection", { state: "knocking", since, expiresInMs }),
    });
  }

  // --- helpers --------------------------------------------------------------------------

  private buildSnapshot(): RoomSnapshot {
    const connection = this.resume.reconnecting ? "reconnecting" : "online";
    return snapshotOf(this.roster, this.keyBook.table, connection, this.expiry);
  }

  /** Takes a new snapshot of the room and tells subscribers. */
  private commit(): void {
    this.state = this.buildSnapshot();
    this.emitter.emit("change", this.state);
  }

  /** Emits and returns a message this client sent, once the server has acknowledged it. */
  private sent(fields: Omit<ChatMessage, "from" | "mine">): ChatMessage {
    const you = this.you;
    const message: ChatMessage = { ...fields, from: { id: you.id, alias: you.alias }, mine: true };
    if (!this.ended) this.emitter.emit("message", message);
    return message;
  }

  private async ask<E extends RoomRequestName>(event: E, payload: RoomRequest<E>): Promise<RoomAck<E>> {
    const socket = this.socket;
    if (this.ended || !socket) throw closedError();
    if (this.resume.reconnecting) {
      throw new SanctuaryError("NETWORK", "Reconnecting: nothing can be sent until the connection is back.");
    }
    try {
      return await request(socket, event, payload);
    } catch (err) {
      // A request cut short by the session ending is "closed", not a network fault.
      if (this.ended && err instanceof SanctuaryError && err.code === "NETWORK") throw closedError();
      throw err;
    }
  }

  private requireOpen(): void {
    if (this.ended) throw closedError();
  }

  /** Ends the session exactly once: keys wiped, socket closed, `ended` emitted. */
  private end(event: SessionEndedEvent): void {
    if (this.ended) return;
    this.ended = true;
    this.resume.stop();
    this.files.close();
    this.cipher.wipe();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      closeLobby(socket.io);
      socket.off();
      // Closing the last socket also closes the Manager's underlying connection.
      socket.disconnect();
    }
    this.emitter.emit("ended", event);
  }
}

function closedError(): SanctuaryError {
  return new SanctuaryError("CLOSED", "This session has ended.");
}
