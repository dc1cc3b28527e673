import type {
  Envelope,
  IncomingMessage,
  IncomingWhisper,
  Member,
  MemberLeft,
  MemberRole,
  MsgSentResult,
  RoomLocked,
  SessionEnded,
  Typing,
  Welcome,
} from "@sanctuary/protocol";
import { aliasKey, FAREWELL_MAX_CHARS, TEXT_MAX_BYTES } from "@sanctuary/protocol";
import type { Socket } from "socket.io-client";
import { nameBody, readNameBody, readTextBody, textBody } from "./body.js";
import { request } from "./connect.js";
import { Emitter } from "./emitter.js";
import { utf8Encode } from "./encoding.js";
import { type EnvelopeKind, openEnvelope, sealEnvelope } from "./envelope.js";
import { SanctuaryError } from "./errors.js";
import { type RoomKeys, wipeRoomKeys } from "./kdf.js";
import type { ChatMessage, DroppedEvent, RoomSessionEvents, SessionEndedEvent } from "./types.js";

/**
 * The room a `meta` envelope is sealed for. The room name is sealed before the server
 * has assigned the room ID (it travels inside `room:create`), so `meta` uses "" for
 * the room as it already does for the sender. Nothing is lost: every room has its own
 * random salt and therefore its own keys, so a name cannot be moved to another room.
 */
export const META_ROOM_ID = "";

/** Seals a room name as the `meta` envelope of `room:create`. */
export function sealRoomName(keys: RoomKeys, name: string): Envelope {
  return sealEnvelope(keys, { kind: "meta", roomId: META_ROOM_ID, fromAlias: "", body: nameBody(name) });
}

/** What the join step hands a new session; internal to the SDK. */
export interface RoomSessionInit {
  socket: Socket;
  keys: RoomKeys;
  roomId: string;
  welcome: Welcome;
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

  private socket: Socket | null;
  private keys: RoomKeys | null;
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

  /** @internal Use `createRoom` or `joinRoom`. */
  constructor(init: RoomSessionInit) {
    const { welcome } = init;
    this.roomId = init.roomId;
    this.socket = init.socket;
    this.keys = init.keys;
    const you = toMember(welcome.you);
    if (!you) throw new SanctuaryError("INTERNAL", "The server sent a malformed welcome.");
    this.youId = you.id;
    this.lastYou = you;
    this.currentOwnerId = typeof welcome.ownerId === "string" ? welcome.ownerId : "";
    this.currentLocked = welcome.locked === true;
    this.currentExpiresAt = typeof welcome.expiresAt === "number" ? welcome.expiresAt : undefined;
    for (const raw of Array.isArray(welcome.members) ? welcome.members : []) {
      const member = toMember(raw);
      if (member) this.memberMap.set(member.id, member);
    }
    if (!this.memberMap.has(you.id)) this.memberMap.set(you.id, you);
    this.applyOwner(this.currentOwnerId);
    this.roomName = welcome.meta ? this.openRoomName(welcome.meta) : undefined;
    // Events that arrive before the caller has subscribed wait for its first `on()`.
    this.emitter.hold();
    this.listen();
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
   * Whispers to one member: the server delivers it to that member only. (v1 envelope
   * under the room key; sealing to the recipient's own key comes with F22.)
   */
  async whisper(toMemberId: string, text: string): Promise<ChatMessage> {
    if (!this.memberMap.has(toMemberId)) {
      throw new SanctuaryError("NO_SUCH_MEMBER", "There is no such member in this room.");
    }
    const env = this.sealText("whisper", text);
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
    if (this.ended || !this.socket) return;
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
    const guard =
      <A>(handler: (arg: A) => void) =>
      (arg: A) => {
        if (this.ended) return;
        try {
          handler(arg);
        } catch {
          // ignored: see above
        }
      };
    socket.on(
      "member:joined",
      guard<Member>((m) => this.onMemberJoined(m)),
    );
    socket.on(
      "member:left",
      guard<MemberLeft>((m) => this.onMemberLeft(m)),
    );
    socket.on(
      "member:role",
      guard<MemberRole>((r) => this.onRole(r)),
    );
    socket.on(
      "room:locked",
      guard<RoomLocked>((l) => this.onLocked(l)),
    );
    socket.on(
      "typing",
      guard<Typing>((t) => this.onTyping(t)),
    );
    socket.on(
      "msg:new",
      guard<IncomingMessage>((m) => this.onMessage(m, "msg")),
    );
    socket.on(
      "msg:whisper",
      guard<IncomingWhisper>((m) => this.onMessage(m, "whisper")),
    );
    socket.on(
      "session:ended",
      guard<SessionEnded>((e) => this.onSessionEnded(e)),
    );
    socket.on("disconnect", () => {
      this.end({ reason: this.leaving ? "left" : "disconnected" });
    });
  }

  private onMemberJoined(raw: Member): void {
    const member = toMember(raw);
    if (!member) return;
    const joined = { ...member, owner: member.id === this.currentOwnerId };
    this.memberMap.set(joined.id, joined);
    this.refreshMembers();
    this.emitter.emit("memberJoined", joined);
  }

  private onMemberLeft(left: MemberLeft): void {
    const member = this.memberMap.get(left.id);
    if (!member || member.id === this.youId) return;
    this.memberMap.delete(member.id);
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
    const text = this.openText(kind, msg.env as Envelope, { id: from.id, alias: from.alias });
    if (text === undefined) return;
    const message: ChatMessage = {
      id: msg.id,
      kind,
      from: { id: from.id, alias: from.alias },
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
    if (typeof text !== "string") throw new SanctuaryError("BAD_INPUT", "A message must be text.");
    const body = textBody(text);
    if (utf8Encode(body).length > TEXT_MAX_BYTES) {
      throw new SanctuaryError("TOO_LARGE", `A message is at most ${TEXT_MAX_BYTES / 1024} KiB.`);
    }
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
    if (this.keys) wipeRoomKeys(this.keys);
    this.keys = null;
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
  return member;
}
