import type {
  Envelope,
  IncomingMessage,
  IncomingWhisper,
  Member,
  MemberAway,
  MemberLeft,
  MemberRole,
  MsgSentResult,
  RoomLocked,
  RoomNotice,
  RoomServerEvents,
  SealedEnvelope,
  SessionEnded,
  Typing,
  Welcome,
} from "@sanctuary/protocol";
import {
  aliasKey,
  DEFAULT_RESUME_WINDOW_SECONDS,
  FAREWELL_MAX_CHARS,
  isErrorCode,
  MESSAGE_BODY_MAX_BYTES,
} from "@sanctuary/protocol";
import type { Socket } from "socket.io-client";
import { nameBody, readNameBody, readTextBody, textBody } from "./body.js";
import { request } from "./connect.js";
import { Emitter } from "./emitter.js";
import { utf8Encode } from "./encoding.js";
import { type EnvelopeKind, openEnvelope, sealEnvelope } from "./envelope.js";
import { SanctuaryError } from "./errors.js";
import { type RoomKeys, wipeRoomKeys } from "./kdf.js";
import {
  fingerprint,
  type MemberKeyPair,
  openWhisper,
  roomFingerprint,
  sealWhisper,
  verifyPubMac,
  wipeMemberKeyPair,
} from "./sealed.js";
import type {
  ChatMessage,
  ConnectionState,
  DroppedEvent,
  MemberKeyInfo,
  RoomSessionEvents,
  SessionEndedEvent,
} from "./types.js";

/**
 * The room a `meta` envelope is sealed for. The room name is sealed before the server
 * has assigned the room ID (it travels inside `room:create`), so `meta` uses "" for
 * the room as it already does for the sender. Nothing is lost: every room has its own
 * random salt and therefore its own keys, so a name cannot be moved to another room.
 */
const META_ROOM_ID = "";

/** Seals a room name as the `meta` envelope of `room:create`. */
export function sealRoomName(keys: RoomKeys, name: string): Envelope {
  return sealEnvelope(keys, { kind: "meta", roomId: META_ROOM_ID, fromAlias: "", body: nameBody(name) });
}

/**
 * Socket.IO client disconnect reasons that mean the network went away (F17): the seat is
 * resumed. Everything else ("io server disconnect", "io client disconnect", "parse
 * error") ends the session.
 */
const RESUMABLE = new Set(["transport close", "transport error", "ping timeout"]);
/** Waits between resume attempts (ms); the last repeats until the window passes. */
const RESUME_BACKOFF_MS = [250, 500, 1000, 2000, 3000] as const;
/** One resume attempt may take this long before the next one starts. */
const RESUME_ATTEMPT_MS = 5000;

/** The window's `online`/`offline` events, where there is a window. */
interface NetworkEvents {
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
}

/** What the join step hands a new session; internal to the SDK. */
export interface RoomSessionInit {
  socket: Socket;
  keys: RoomKeys;
  /** This member's X25519 key pair, announced in the handshake (F22). */
  memberKeys: MemberKeyPair;
  roomId: string;
  welcome: Welcome;
}

/** A member's checked key: the raw `pub` string is kept only when it verified. */
interface KeyRecord {
  info: MemberKeyInfo;
  pub?: string;
}

/**
 * A joined room: live member list, owner, lock and expiry, and the actions a member
 * can take. Everything arriving is MAC-checked and decrypted here; the UI sees only
 * plaintext `ChatMessage`s and never a key. Built by `createRoom` and `joinRoom`.
 *
 * @example
 * const room = await joinRoom({ roomId, alias: "alice", password });
 * room.on("message", (m) => render(m));
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

  private socket: Socket | null;
  private keys: RoomKeys | null;
  private memberKeys: MemberKeyPair | null;
  /** Whisper-key status by member ID, decided once when the member arrives. */
  private readonly keyRecords = new Map<string, KeyRecord>();
  private readonly emitter = new Emitter<RoomSessionEvents>();
  /** Members by ID; a Map keeps insertion order, which is join order. */
  private readonly memberMap = new Map<string, Member>();
  /** Cached so `members` keeps its identity until something changes (cheap for React). */
  private memberList: readonly Member[] = [];
  private readonly youId: string;
  private lastYou: Member;
  private currentOwnerId: string;
  private currentLocked: boolean;
  private readonly currentExpiresAt: number | undefined;
  private leaving = false;
  private ended = false;
  /** The token from the last welcome (memory only), and how long the seat is held. */
  private resumeToken: string | null;
  private resumeWindowMs: number;
  /** Set while resuming after a dropped connection. */
  private offline: { since: number; attempt: number; timer?: ReturnType<typeof setTimeout> } | null = null;
  private readonly detachNetwork: () => void;
  /** Set when the browser said it went offline and we closed the connection for it. */
  private networkLost = false;

  /** @internal Use `createRoom` or `joinRoom`. */
  constructor(init: RoomSessionInit) {
    const { welcome } = init;
    this.roomId = init.roomId;
    this.socket = init.socket;
    this.keys = init.keys;
    this.memberKeys = init.memberKeys;
    this.roomFingerprint = roomFingerprint(init.keys.macKey);
    this.yourFingerprint = fingerprint(init.memberKeys.publicKey);
    const you = toMember(welcome.you);
    if (!you) throw new SanctuaryError("INTERNAL", "The server sent a malformed welcome.");
    this.youId = you.id;
    this.lastYou = you;
    this.currentOwnerId = typeof welcome.ownerId === "string" ? welcome.ownerId : "";
    this.currentLocked = welcome.locked === true;
    this.currentExpiresAt = typeof welcome.expiresAt === "number" ? welcome.expiresAt : undefined;
    this.fillMembers(welcome, you);
    for (const member of this.memberMap.values()) this.checkKey(member);
    this.applyOwner(this.currentOwnerId);
    this.roomName = welcome.meta ? this.openRoomName(welcome.meta) : undefined;
    this.resumeToken = typeof welcome.resumeToken === "string" ? welcome.resumeToken : null;
    this.resumeWindowMs = resumeWindow(welcome);
    // Events that arrive before the caller has subscribed wait for its first `on()`.
    this.emitter.hold();
    this.listen();
    this.detachNetwork = this.watchNetwork();
  }

  /** `online`, or `reconnecting` while the seat is being resumed after a blip (F17). */
  get connection(): ConnectionState {
    return this.offline ? "reconnecting" : "online";
  }

  /** This client's own member record (kept current, e.g. when it becomes owner). */
  get you(): Member {
    return this.memberMap.get(this.youId) ?? this.lastYou;
  }

  /** Everyone present, in join order, this client included. */
  get members(): readonly Member[] {
    return this.memberList;
  }

  get ownerId(): string {
    return this.currentOwnerId;
  }

  get isOwner(): boolean {
    return this.currentOwnerId === this.youId;
  }

  get locked(): boolean {
    return this.currentLocked;
  }

  /** Self-destruct time (ms since epoch), when the room has one. */
  get expiresAt(): number | undefined {
    return this.currentExpiresAt;
  }

  memberById(id: string): Member | undefined {
    return this.memberMap.get(id);
  }

  /**
   * Whether `id`'s whisper key is verified, with its fingerprint when it is; undefined
   * for someone not in the room. For this member itself it tells whether the server
   * passed the key on intact, i.e. whether others can whisper to it.
   */
  memberKey(id: string): MemberKeyInfo | undefined {
    const record = this.keyRecords.get(id);
    return record && this.memberMap.has(id) ? { ...record.info } : undefined;
  }

  /** Finds a member the way the server compares aliases: normalised, case-insensitive. */
  memberByAlias(alias: string): Member | undefined {
    const key = aliasKey(alias);
    for (const member of this.memberMap.values()) {
      if (aliasKey(member.alias) === key) return member;
    }
    return undefined;
  }

  /** Subscribes to a session event; returns the function that unsubscribes. */
  on<E extends keyof RoomSessionEvents>(event: E, listener: RoomSessionEvents[E]): () => void {
    return this.emitter.on(event, listener);
  }

  /** Sends a message to everyone; emits it as `message` (mine) once the server accepts it. */
  async send(text: string): Promise<ChatMessage> {
    const env = this.sealText("msg", text);
    const res = await this.ask<MsgSentResult>("msg:send", { env });
    return this.sent({ id: res.id, kind: "msg", ts: res.ts, text });
  }

  /**
   * Whispers to one member, sealed to that member's verified X25519 key (DESIGN.md
   * Crypto step 6): only that member can open it, whoever the server hands it to.
   * Refused locally with UNVERIFIED_KEY when the member has no verified key.
   */
  async whisper(toMemberId: string, text: string): Promise<ChatMessage> {
    this.requireKeys();
    const member = this.memberMap.get(toMemberId);
    if (!member) throw new SanctuaryError("NO_SUCH_MEMBER", "There is no such member in this room.");
    const record = this.keyRecords.get(toMemberId);
    if (record?.info.status !== "verified" || record.pub === undefined) {
      throw new SanctuaryError(
        "UNVERIFIED_KEY",
        `${member.alias} has no verified key, so a whisper cannot be sealed to them.`,
      );
    }
    const body = checkedTextBody(text);
    let env: SealedEnvelope;
    try {
      env = sealWhisper({
        roomId: this.roomId,
        fromAlias: this.you.alias,
        toAlias: member.alias,
        recipientPub: record.pub,
        body,
      });
    } catch {
      // A key that verified but is unusable (a low-order point): its owner made it so.
      throw new SanctuaryError("UNVERIFIED_KEY", `${member.alias}'s key cannot be used for a whisper.`);
    }
    const res = await this.ask<MsgSentResult>("msg:whisper", { to: toMemberId, env });
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
    if (this.ended || this.offline || !this.socket) return;
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
    const keys = this.requireKeys();
    const req: { farewell?: Envelope } = {};
    if (farewell !== undefined && farewell !== "") {
      if ([...farewell].length > FAREWELL_MAX_CHARS) {
        throw new SanctuaryError("TOO_LARGE", `A farewell is at most ${FAREWELL_MAX_CHARS} characters.`);
      }
      req.farewell = sealEnvelope(keys, {
        kind: "farewell",
        roomId: this.roomId,
        fromAlias: this.you.alias,
        body: textBody(farewell),
      });
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

  // --- incoming events ----------------------------------------------------------------

  private listen(): void {
    const socket = this.socket;
    if (!socket) return;
    // Every handler is guarded: a malformed server payload is ignored, never thrown
    // into socket.io's packet loop.
    // Typed by the protocol's event map, so a handler cannot take the wrong payload.
    type Payload<E extends keyof RoomServerEvents> = Parameters<RoomServerEvents[E]>[0];
    const on = <E extends keyof RoomServerEvents>(event: E, handler: (arg: Payload<E>) => void) => {
      socket.on(event as string, (arg: Payload<E>) => {
        if (this.ended) return;
        try {
          handler(arg);
        } catch {
          // ignored: see above
        }
      });
    };
    on("member:joined", (m) => this.onMemberJoined(m));
    on("member:left", (m) => this.onMemberLeft(m));
    on("member:role", (r) => this.onRole(r));
    on("room:locked", (l) => this.onLocked(l));
    on("typing", (t) => this.onTyping(t));
    on("msg:new", (m) => this.onMessage(m, "msg"));
    on("msg:whisper", (m) => this.onMessage(m, "whisper"));
    on("session:ended", (e) => this.onSessionEnded(e));
    on("member:away", (a) => this.onAway(a));
    on("room:notice", (n) => this.onNotice(n));
    on("room:welcome", (w) => this.onResumed(w));
    socket.on("connect_error", (err: Error & { data?: unknown }) => this.onResumeRefused(err));
    socket.on("disconnect", (reason: string) => this.onDisconnect(reason));
  }

  // --- resume after a dropped connection (F17) ------------------------------------------

  private onDisconnect(reason: string): void {
    if (this.ended) return;
    if (this.offline) {
      // An attempt connected and dropped again before its welcome: try again.
      this.scheduleResume();
      return;
    }
    const dropped = RESUMABLE.has(reason) || this.networkLost;
    this.networkLost = false;
    if (this.leaving || !dropped || this.resumeToken === null || this.resumeWindowMs <= 0) {
      this.end({ reason: this.leaving ? "left" : "disconnected" });
      return;
    }
    this.offline = { since: Date.now(), attempt: 0 };
    // Nothing queued while offline may go out after the resume.
    (this.socket as unknown as { sendBuffer?: unknown[] }).sendBuffer = [];
    this.emitter.emit("connection", { state: "reconnecting" });
    this.scheduleResume();
  }

  /** The next attempt, after the backoff; the session ends once the window has passed. */
  private scheduleResume(delay?: number): void {
    const offline = this.offline;
    if (!offline || this.ended) return;
    clearTimeout(offline.timer);
    const wait = delay ?? RESUME_BACKOFF_MS[Math.min(offline.attempt, RESUME_BACKOFF_MS.length - 1)] ?? 3000;
    const left = offline.since + this.resumeWindowMs - Date.now();
    if (left <= 0) {
      this.end({ reason: "disconnected" });
      return;
    }
    offline.timer = setTimeout(() => this.attemptResume(), Math.min(wait, left));
  }

  private attemptResume(): void {
    const offline = this.offline;
    const socket = this.socket;
    if (!offline || !socket || this.ended) return;
    if (Date.now() - offline.since >= this.resumeWindowMs || this.resumeToken === null) {
      this.end({ reason: "disconnected" });
      return;
    }
    offline.attempt += 1;
    // An attempt still in flight is abandoned (it never got its welcome); a "disconnect"
    // that this causes must not schedule another attempt beside this one.
    if (socket.active) socket.disconnect();
    clearTimeout(offline.timer);
    socket.auth = { resume: this.resumeToken };
    offline.timer = setTimeout(() => this.scheduleResume(0), RESUME_ATTEMPT_MS);
    socket.connect();
  }

  /** A refusal with a code (token spent, room gone) is final; a network error is retried. */
  private onResumeRefused(err: Error & { data?: unknown }): void {
    if (this.ended || !this.offline) return;
    const code = (err.data as { code?: unknown } | undefined)?.code;
    // Socket.IO's own refusal of a namespace that no longer exists: the room is gone.
    const roomGone = err.message === "Invalid namespace";
    if (roomGone || (isErrorCode(code) && code !== "RATE_LIMITED")) {
      this.end({ reason: "disconnected" });
      return;
    }
    this.scheduleResume();
  }

  /** Back in: same member, a fresh member list and token; the gap is reported, not filled. */
  private onResumed(welcome: Welcome): void {
    const offline = this.offline;
    if (!offline) return;
    const you = toMember(welcome.you);
    if (!you || you.id !== this.youId || typeof welcome.resumeToken !== "string") {
      this.end({ reason: "disconnected" });
      return;
    }
    clearTimeout(offline.timer);
    this.offline = null;
    this.resumeToken = welcome.resumeToken;
    this.resumeWindowMs = resumeWindow(welcome);
    this.memberMap.clear();
    this.fillMembers(welcome, you);
    for (const id of [...this.keyRecords.keys()]) if (!this.memberMap.has(id)) this.keyRecords.delete(id);
    for (const member of this.memberMap.values()) if (!this.keyRecords.has(member.id)) this.checkKey(member);
    const ownerId = typeof welcome.ownerId === "string" ? welcome.ownerId : this.currentOwnerId;
    const ownerChanged = ownerId !== this.currentOwnerId;
    this.applyOwner(ownerId);
    this.currentLocked = welcome.locked === true;
    this.emitter.emit("connection", { state: "online", offlineMs: Date.now() - offline.since });
    if (ownerChanged) this.emitter.emit("ownerChanged", ownerId);
  }

  /**
   * In a browser, `offline` means every connection is dead: drop ours now instead of
   * waiting for the ping timeout, and `online` means try again at once.
   */
  private watchNetwork(): () => void {
    const target = globalThis as unknown as Partial<NetworkEvents>;
    if (typeof target.addEventListener !== "function" || typeof target.removeEventListener !== "function") {
      return () => {};
    }
    const events = target as NetworkEvents;
    const onOffline = () => {
      const socket = this.socket;
      if (this.ended || this.offline || !socket?.connected) return;
      // Closing the engine reads as "forced close"; it is the network drop it follows.
      this.networkLost = true;
      socket.io.engine?.close();
      this.networkLost = false;
    };
    const onOnline = () => {
      if (this.offline) this.scheduleResume(0);
    };
    events.addEventListener("offline", onOffline);
    events.addEventListener("online", onOnline);
    return () => {
      events.removeEventListener("offline", onOffline);
      events.removeEventListener("online", onOnline);
    };
  }

  private onAway(state: MemberAway): void {
    const member = this.memberMap.get(state.id);
    if (!member || member.id === this.youId || typeof state.away !== "boolean") return;
    if ((member.away === true) === state.away) return;
    const updated: Member = { ...member };
    if (state.away) updated.away = true;
    else delete updated.away;
    this.memberMap.set(member.id, updated);
    this.refreshMembers();
    this.emitter.emit("memberAway", updated, state.away);
  }

  /** A quiet notice from the server; only kinds this SDK knows are passed on. */
  private onNotice(notice: RoomNotice): void {
    if (notice?.kind !== "join-failures") return;
    const count = notice.count;
    if (typeof count !== "number" || !Number.isSafeInteger(count) || count < 1) return;
    this.emitter.emit("notice", { kind: "join-failures", count });
  }

  private onMemberJoined(raw: Member): void {
    const member = toMember(raw);
    if (!member) return;
    const joined = { ...member, owner: member.id === this.currentOwnerId };
    this.memberMap.set(joined.id, joined);
    this.checkKey(joined);
    this.refreshMembers();
    this.emitter.emit("memberJoined", joined);
  }

  private onMemberLeft(left: MemberLeft): void {
    const member = this.memberMap.get(left.id);
    if (!member || member.id === this.youId) return;
    this.memberMap.delete(member.id);
    this.keyRecords.delete(member.id);
    this.refreshMembers();
    let farewell: string | undefined;
    if (left.farewell) {
      farewell = this.openText("farewell", left.farewell, { id: member.id, alias: member.alias });
    }
    this.emitter.emit("memberLeft", {
      member,
      reason: left.reason,
      ...(typeof left.by === "string" ? { by: left.by } : {}),
      ...(farewell !== undefined ? { farewell } : {}),
    });
  }

  private onRole(role: MemberRole): void {
    if (typeof role.ownerId !== "string" || role.ownerId === this.currentOwnerId) return;
    this.applyOwner(role.ownerId);
    this.emitter.emit("ownerChanged", role.ownerId);
  }

  private onLocked(state: RoomLocked): void {
    if (typeof state.locked !== "boolean") return;
    this.currentLocked = state.locked;
    this.emitter.emit("lockChanged", state.locked, typeof state.by === "string" ? state.by : "");
  }

  private onTyping(typing: Typing): void {
    if (typeof typing.on !== "boolean" || !this.memberMap.has(typing.id) || typing.id === this.youId) return;
    this.emitter.emit("typing", typing.id, typing.on);
  }

  private onMessage(msg: IncomingMessage | IncomingWhisper, kind: "msg" | "whisper"): void {
    const from = msg.from;
    if (typeof from?.id !== "string" || typeof from.alias !== "string") return;
    if (typeof msg.id !== "string" || typeof msg.ts !== "number") return;
    // The sender alias comes from the server, and the MAC binds it: a member cannot
    // post as someone else.
    const sender = { id: from.id, alias: from.alias };
    const text =
      kind === "whisper"
        ? this.openSealedWhisper(msg.env as SealedEnvelope, sender)
        : this.openText(kind, msg.env as Envelope, sender);
    if (text === undefined) return;
    const message: ChatMessage = {
      id: msg.id,
      kind,
      from: sender,
      ts: msg.ts,
      text,
      mine: false,
    };
    if (kind === "whisper" && "to" in msg && typeof msg.to === "string") message.to = msg.to;
    this.emitter.emit("message", message);
  }

  private onSessionEnded(ended: SessionEnded): void {
    this.end({ reason: ended.reason, ...(typeof ended.by === "string" ? { by: ended.by } : {}) });
  }

  // --- helpers ------------------------------------------------------------------------

  /**
   * Decides once whether a member's announced key can be trusted: its `pubMac` must
   * verify under the room MAC key for this room and the member's server-assigned alias.
   * A key that fails is never used, so a server cannot slip its own key in.
   */
  private checkKey(member: Member): void {
    const keys = this.keys;
    if (!keys) return;
    let record: KeyRecord;
    if (member.pub === undefined || member.pubMac === undefined) {
      record = { info: { status: "missing" } };
    } else if (!verifyPubMac(keys.macKey, this.roomId, member.alias, member.pub, member.pubMac)) {
      record = { info: { status: "unverified" } };
    } else if (member.id === this.youId && member.pub !== this.memberKeys?.pub) {
      // Our own record carries a key that verifies but is not ours: we could not open
      // whispers sealed to it, so say so rather than claim it is fine.
      record = { info: { status: "unverified" } };
    } else {
      record = { info: { status: "verified", fingerprint: fingerprint(member.pub) }, pub: member.pub };
    }
    this.keyRecords.set(member.id, record);
  }

  /**
   * Opens a whisper with this member's secret key. Only sealed (v2) whispers are
   * accepted; anything else, or one that does not open, is reported as `dropped` with
   * a reason, so the UI can say a whisper could not be opened instead of losing it.
   */
  private openSealedWhisper(env: SealedEnvelope, from: { id: string; alias: string }): string | undefined {
    const own = this.memberKeys;
    if (!own) return undefined;
    if (typeof env !== "object" || env === null || env.v !== 2) {
      this.emitter.emit("dropped", { from, kind: "whisper", reason: "unsealed" });
      return undefined;
    }
    try {
      const body = openWhisper(
        own.secretKey,
        {
          roomId: this.roomId,
          fromAlias: from.alias,
          toAlias: this.you.alias,
          env,
        },
        own.publicKey,
      );
      return readTextBody(body);
    } catch {
      this.emitter.emit("dropped", { from, kind: "whisper", reason: "unreadable" });
      return undefined;
    }
  }

  /** Opens a text envelope; on any failure reports `dropped` and returns undefined. */
  private openText(
    kind: DroppedEvent["kind"],
    env: Envelope,
    from: { id: string; alias: string },
  ): string | undefined {
    const keys = this.keys;
    if (!keys) return undefined;
    try {
      return readTextBody(openEnvelope(keys, { kind, roomId: this.roomId, fromAlias: from.alias, env }));
    } catch {
      this.emitter.emit("dropped", { from, kind });
      return undefined;
    }
  }

  private openRoomName(env: Envelope): string | undefined {
    const keys = this.keys;
    if (!keys) return undefined;
    try {
      return readNameBody(openEnvelope(keys, { kind: "meta", roomId: META_ROOM_ID, fromAlias: "", env }));
    } catch {
      return undefined;
    }
  }

  /** Seals a text body after the plaintext size check (UTF-8 bytes of the JSON body). */
  private sealText(kind: EnvelopeKind, text: string): Envelope {
    const keys = this.requireKeys();
    const body = checkedTextBody(text);
    return sealEnvelope(keys, { kind, roomId: this.roomId, fromAlias: this.you.alias, body });
  }

  /** Emits and returns a message this client sent, once the server has acknowledged it. */
  private sent(fields: Omit<ChatMessage, "from" | "mine">): ChatMessage {
    const you = this.you;
    const message: ChatMessage = { ...fields, from: { id: you.id, alias: you.alias }, mine: true };
    if (!this.ended) this.emitter.emit("message", message);
    return message;
  }

  private async ask<T extends object = Record<never, never>>(event: string, payload: unknown): Promise<T> {
    const socket = this.socket;
    if (this.ended || !socket) throw closedError();
    if (this.offline) {
      throw new SanctuaryError("NETWORK", "Reconnecting: nothing can be sent until the connection is back.");
    }
    try {
      return await request<T>(socket, event, payload);
    } catch (err) {
      // A request cut short by the session ending is "closed", not a network fault.
      if (this.ended && err instanceof SanctuaryError && err.code === "NETWORK") throw closedError();
      throw err;
    }
  }

  private requireKeys(): RoomKeys {
    if (this.ended || !this.keys) throw closedError();
    return this.keys;
  }

  /** Fills the (empty) member map from a welcome's list, this member included. */
  private fillMembers(welcome: Welcome, you: Member): void {
    for (const raw of Array.isArray(welcome.members) ? welcome.members : []) {
      const member = toMember(raw);
      if (member) this.memberMap.set(member.id, member);
    }
    if (!this.memberMap.has(you.id)) this.memberMap.set(you.id, you);
  }

  private applyOwner(ownerId: string): void {
    this.currentOwnerId = ownerId;
    for (const [id, member] of this.memberMap) {
      const owner = id === ownerId;
      if (member.owner !== owner) this.memberMap.set(id, { ...member, owner });
    }
    this.refreshMembers();
  }

  private refreshMembers(): void {
    this.memberList = Object.freeze([...this.memberMap.values()]);
    const you = this.memberMap.get(this.youId);
    if (you) this.lastYou = you;
  }

  /** Ends the session exactly once: keys wiped, socket closed, `ended` emitted. */
  private end(event: SessionEndedEvent): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.offline?.timer);
    this.offline = null;
    this.resumeToken = null;
    this.detachNetwork?.();
    if (this.keys) wipeRoomKeys(this.keys);
    this.keys = null;
    if (this.memberKeys) wipeMemberKeyPair(this.memberKeys);
    this.memberKeys = null;
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

/**
 * The JSON body of a text, refused when over the limit (UTF-8 bytes of the JSON body).
 * The cap is the whole message budget, MESSAGE_BODY_MAX_BYTES: formatted text
 * (TEXT_MAX_BYTES) plus embedded pictures (IMAGE_MAX_BYTES), which travel inside the
 * text as `data:` URIs. How that budget splits between words and pictures is the
 * composer's business; the SDK only guarantees that what it seals, the server admits.
 */
function checkedTextBody(text: string): string {
  if (typeof text !== "string") throw new SanctuaryError("BAD_INPUT", "A message must be text.");
  const body = textBody(text);
  if (utf8Encode(body).length > MESSAGE_BODY_MAX_BYTES) {
    throw new SanctuaryError(
      "TOO_LARGE",
      `A message is at most ${Math.floor(MESSAGE_BODY_MAX_BYTES / 1024)} KiB, text and pictures together.`,
    );
  }
  return body;
}

function closedError(): SanctuaryError {
  return new SanctuaryError("CLOSED", "This session has ended.");
}

/** The resume window a welcome announces (ms), or the protocol default from an older server. */
function resumeWindow(welcome: Welcome): number {
  const ms = welcome.resumeWindowMs;
  return typeof ms === "number" && Number.isFinite(ms) && ms >= 0 ? ms : DEFAULT_RESUME_WINDOW_SECONDS * 1000;
}

/** A member record from the server, checked and copied (extra fields such as `pub` kept). */
function toMember(raw: unknown): Member | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const m = raw as Partial<Member>;
  if (typeof m.id !== "string" || typeof m.alias !== "string") return undefined;
  const member: Member = {
    id: m.id,
    alias: m.alias,
    owner: m.owner === true,
    joinedAt: typeof m.joinedAt === "number" ? m.joinedAt : 0,
  };
  if (typeof m.pub === "string") member.pub = m.pub;
  if (typeof m.pubMac === "string") member.pubMac = m.pubMac;
  if (m.away === true) member.away = true;
  return member;
}
