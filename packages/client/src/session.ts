import type {
  Envelope,
  Member,
  MemberLeft,
  RoomAck,
  RoomProtocol,
  RoomRequest,
  RoomRequestName,
  SessionEnded,
  Welcome,
} from "@sanctuary/protocol";
import { Emitter } from "./emitter.js";
import { SanctuaryError } from "./errors.js";
import { FileTransfers } from "./files/fileTransfers.js";
import { IncomingGate, type Opened } from "./incoming.js";
import type { RoomKeys } from "./kdf.js";
import { MemberKeys } from "./memberKeys.js";
import { newStamp } from "./replayGuard.js";
import { Resume } from "./resume.js";
import { RoomCipher } from "./roomCipher.js";
import { Roster, snapshotOf } from "./roster.js";
import type { MemberKeyPair } from "./sealed.js";
import { type PushHandlers, type RoomSocket, request, subscribe } from "./typedSocket.js";
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
 * whisper key verified), `RoomCipher` (sealing and opening), `Resume` (the seat after a
 * dropped connection) and `typedSocket` (the wire).
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
    this.keyBook = new MemberKeys({
      roomId: init.roomId,
      macKey: this.cipher.macKey,
      youId: this.roster.youId,
      ownPub: this.cipher.ownPub,
    });
    this.keyBook.sync(this.roster.members);
    this.expiry = welcome.expiresAt;
    this.roomName = welcome.meta ? this.cipher.openRoomName(welcome.meta) : undefined;
    this.resume = new Resume(socket, this.roster.youId, welcome, {
      isEnded: () => this.ended,
      isLeaving: () => this.leaving,
      end: (reason) => this.end({ reason }),
      reconnecting: () => this.onReconnecting(),
      resumed: (next, offlineMs) => this.onResumed(next, offlineMs),
    });
    this.files = new FileTransfers(this.cipher, this.roster, this.keyBook, (e, p) => this.ask(e, p));
    this.state = this.buildSnapshot();
    // Events that arrive before the caller has subscribed wait for its first `on()`.
    this.emitter.hold();
    this.listen(socket);
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

  // --- incoming events (already parsed by `subscribe`) ----------------------------------

  private listen(socket: RoomSocket): void {
    const handlers: PushHandlers<RoomProtocol> = {
      "member:joined": (m) => this.onMemberJoined(m),
      "member:left": (m) => this.onMemberLeft(m),
      "member:role": (r) => this.onOwner(r.ownerId),
      "member:away": (a) => this.onAway(a.id, a.away),
      "room:locked": (l) => this.onLocked(l.locked, l.by),
      "room:notice": (n) => this.emitter.emit("notice", n),
      "room:welcome": (w) => this.resume.welcomed(w),
      typing: (t) => this.onTyping(t.id, t.on),
      "msg:new": (m) => this.onIncoming(this.gate.message(m)),
      "msg:whisper": (m) => this.onIncoming(this.gate.whisper(m, this.you.alias)),
      "session:ended": (e) => this.onSessionEnded(e),
      ...this.files.handlers(),
    };
    subscribe(socket, handlers, { active: () => !this.ended });
    socket.on("connect_error", (err: Error & { data?: unknown }) => this.resume.refused(err));
    socket.on("disconnect", (reason: string) => this.resume.disconnected(reason));
  }

  private onMemberJoined(member: Member): void {
    const joined = this.roster.add(member);
    this.keyBook.check(joined);
    this.commit();
    this.emitter.emit("memberJoined", joined);
  }

  private onMemberLeft(left: MemberLeft): void {
    const member = this.roster.remove(left.id);
    if (!member) return;
    this.keyBook.forget(member.id);
    this.commit();
    const opened = left.farewell ? this.gate.farewell(member, left.farewell) : undefined;
    if (opened && "dropped" in opened) this.emitter.emit("dropped", opened.dropped);
    const farewell = opened && "text" in opened ? opened.text : undefined;
    this.emitter.emit("memberLeft", {
      member,
      reason: left.reason,
      ...(left.by !== undefined ? { by: left.by } : {}),
      ...(farewell !== undefined ? { farewell } : {}),
    });
  }

  private onOwner(ownerId: string): void {
    if (!this.roster.setOwner(ownerId)) return;
    this.commit();
    this.emitter.emit("ownerChanged", ownerId);
  }

  private onLocked(locked: boolean, by: string): void {
    if (this.roster.setLocked(locked)) this.commit();
    this.emitter.emit("lockChanged", locked, by);
  }

  private onAway(id: string, away: boolean): void {
    const member = this.roster.setAway(id, away);
    if (!member) return;
    this.commit();
    this.emitter.emit("memberAway", member, away);
  }

  private onTyping(id: string, on: boolean): void {
    if (!this.roster.byIdOf(id) || id === this.roster.youId) return;
    this.emitter.emit("typing", id, on);
  }

  /** Shows what opens; what does not is reported as `dropped`, never shown. */
  private onIncoming(opened: Opened): void {
    if ("dropped" in opened) this.emitter.emit("dropped", opened.dropped);
    else this.emitter.emit("message", opened.message);
  }

  private onSessionEnded(ended: SessionEnded): void {
    this.end({ reason: ended.reason, ...(ended.by !== undefined ? { by: ended.by } : {}) });
  }

  private onReconnecting(): void {
    this.commit();
    this.emitter.emit("connection", { state: "reconnecting" });
  }

  /** Back in: the welcome replaces members, owner and lock in one step. */
  private onResumed(welcome: Welcome, offlineMs: number): void {
    const { ownerChanged } = this.roster.reset(welcome);
    this.keyBook.sync(this.roster.members);
    this.commit();
    this.emitter.emit("connection", { state: "online", offlineMs });
    if (ownerChanged) this.emitter.emit("ownerChanged", this.roster.ownerId);
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
