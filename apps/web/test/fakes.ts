import {
  type ChatMessage,
  type ConnectionState,
  type JoinPhase,
  type MemberKeyInfo,
  type MemberKeyStatus,
  type MemberLeftEvent,
  type RoomSessionEvents,
  type RoomSnapshot,
  SanctuaryError,
  type SessionEndedEvent,
} from "@sanctuary/client";
import type { Member } from "@sanctuary/protocol";
import { vi } from "vitest";
import type { Navigation, Sdk, SessionLike } from "../src/store/sdk";

type AnyListener = (...args: never[]) => void;

export function member(id: string, alias: string, owner = false): Member {
  return { id, alias, owner, joinedAt: 1_700_000_000_000 };
}

/**
 * A stand-in for the SDK's RoomSession: the same surface (`SessionLike`, picked from
 * the real class), no network. Like the SDK it owns the room state: every change
 * replaces its frozen `snapshot` and emits `change` before the finer event. Tests play
 * the server with the methods below (`memberJoins`, `ownerBecomes`, `resumes`, …) and
 * with `emit` for the events that carry no state (messages, typing, notices, endings).
 * test/sessionContract.test.ts holds it to the real session's behaviour.
 */
export class FakeSession implements SessionLike {
  readonly roomId = "K7QM2XZD9PWH4TNS";
  readonly roomName: string | undefined;
  readonly roomFingerprint = "R00M FP00 0000 0000 0000";
  readonly yourFingerprint: string;
  /** Files (F42): no offers arrive unless a test emits them; sending is refused. */
  readonly files: SessionLike["files"] = {
    send: () => Promise.reject(new Error("The fake session sends no files.")),
    on: () => () => {},
  };
  closed = 0;
  leftWith: Array<string | undefined> = [];
  typingCalls: boolean[] = [];
  sendError: Error | null = null;
  /** Every moderation request the store made, e.g. "kick m3", "purge", "lock true". */
  requests: string[] = [];
  private youId: string;
  /** Texts the "server" accepted from this member, in order. */
  sent: string[] = [];
  private roster: Member[];
  private ownerId: string;
  private locked = false;
  private connection: ConnectionState = "online";
  private readonly expiresAt: number | undefined;
  /** Key status by member ID; anyone not listed has a verified key. */
  private readonly keyStatus = new Map<string, MemberKeyStatus>();
  private current: RoomSnapshot | null = null;
  private ended = false;
  private readonly listeners = new Map<keyof RoomSessionEvents, Set<AnyListener>>();
  private seq = 0;

  constructor(opts: { you?: Member; members?: Member[]; roomName?: string; expiresAt?: number } = {}) {
    const you = opts.you ?? member("m1", "alice", true);
    this.youId = you.id;
    this.roster = opts.members ?? [you];
    this.ownerId = this.roster.find((m) => m.owner)?.id ?? you.id;
    this.roomName = opts.roomName;
    this.expiresAt = opts.expiresAt;
    this.yourFingerprint = fakeFingerprint(you.id);
  }

  get snapshot(): RoomSnapshot {
    this.current ??= this.build();
    return this.current;
  }

  // --- the server, played by the test ---------------------------------------------------

  /** Sets a member's key status (before joining, or before that member arrives). */
  setKeyStatus(id: string, status: MemberKeyStatus): void {
    this.keyStatus.set(id, status);
    this.current = null;
  }

  memberJoins(joined: Member): void {
    this.roster = [...this.roster.filter((m) => m.id !== joined.id), joined];
    this.changed();
    this.emit("memberJoined", this.memberOf(joined.id));
  }

  memberLeaves(event: MemberLeftEvent): void {
    this.roster = this.roster.filter((m) => m.id !== event.member.id);
    this.changed();
    this.emit("memberLeft", event);
  }

  ownerBecomes(ownerId: string): void {
    this.ownerId = ownerId;
    this.changed();
    this.emit("ownerChanged", ownerId);
  }

  roomLocked(locked: boolean, by: string): void {
    this.locked = locked;
    this.changed();
    this.emit("lockChanged", locked, by);
  }

  memberAway(id: string, away: boolean): void {
    this.roster = this.roster.map((m) => {
      if (m.id !== id) return m;
      const { away: _was, ...rest } = m;
      return away ? { ...rest, away: true } : rest;
    });
    this.changed();
    this.emit("memberAway", this.memberOf(id), away);
  }

  connectionDrops(since = Date.now()): void {
    this.connection = "reconnecting";
    this.changed();
    this.emit("connection", { state: "reconnecting", since });
  }

  /** Back in after the window as a new member (F26): a new ID, perhaps another alias. */
  rejoins(room: { you: Member; members: Member[]; ownerId: string; offlineMs: number }): void {
    this.youId = room.you.id;
    this.roster = room.members;
    this.ownerId = room.ownerId;
    this.connection = "online";
    this.changed();
    this.emit("connection", { state: "online", offlineMs: room.offlineMs, rejoined: true });
  }

  /** Back in: the room as the server's welcome has it now (like the SDK, owner news last). */
  resumes(room: { members?: Member[]; ownerId?: string; locked?: boolean; offlineMs: number }): void {
    const ownerChanged = room.ownerId !== undefined && room.ownerId !== this.ownerId;
    this.roster = room.members ?? this.roster;
    this.ownerId = room.ownerId ?? this.ownerId;
    this.locked = room.locked ?? this.locked;
    this.connection = "online";
    this.changed();
    this.emit("connection", { state: "online", offlineMs: room.offlineMs, rejoined: false });
    if (ownerChanged) this.emit("ownerChanged", this.ownerId);
  }

  // --- SessionLike ----------------------------------------------------------------------

  on<E extends keyof RoomSessionEvents>(event: E, listener: RoomSessionEvents[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const listeners = set;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }

  emit<E extends keyof RoomSessionEvents>(event: E, ...args: Parameters<RoomSessionEvents[E]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as unknown as (...a: Parameters<RoomSessionEvents[E]>) => void)(...args);
    }
  }

  listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  async send(text: string): Promise<ChatMessage> {
    this.requireOpen();
    await Promise.resolve();
    if (this.sendError) throw this.sendError;
    if (this.connection !== "online") {
      throw new SanctuaryError("NETWORK", "Reconnecting: nothing can be sent until the connection is back.");
    }
    this.seq += 1;
    this.sent.push(text);
    const you = this.snapshot.you;
    const message: ChatMessage = {
      id: `sent-${this.seq}`,
      kind: "msg",
      from: { id: you.id, alias: you.alias },
      ts: Date.now(),
      text,
      mine: true,
    };
    // Like the SDK: the "message" event follows the server's ack.
    this.emit("message", message);
    return message;
  }

  async whisper(toMemberId: string, text: string): Promise<ChatMessage> {
    this.requireOpen();
    this.requests.push(`whisper ${toMemberId}`);
    await Promise.resolve();
    if (this.sendError) throw this.sendError;
    const target = this.roster.find((m) => m.id === toMemberId);
    if (!target) throw new SanctuaryError("NO_SUCH_MEMBER", "There is no such member in this room.");
    if (this.snapshot.memberKeys[toMemberId]?.status !== "verified") {
      throw new SanctuaryError(
        "UNVERIFIED_KEY",
        `${target.alias} has no verified key, so a whisper cannot be sealed to them.`,
      );
    }
    this.seq += 1;
    const you = this.snapshot.you;
    const message: ChatMessage = {
      id: `whisper-${this.seq}`,
      kind: "whisper",
      from: { id: you.id, alias: you.alias },
      to: toMemberId,
      ts: Date.now(),
      text,
      mine: true,
    };
    this.emit("message", message);
    return message;
  }

  /** Like the server: NOT_OWNER from anyone but the owner, else the member is gone. */
  async kick(memberId: string): Promise<void> {
    this.requests.push(`kick ${memberId}`);
    await this.ownerOnly();
    const kicked = this.roster.find((m) => m.id === memberId);
    if (!kicked) throw new SanctuaryError("NO_SUCH_MEMBER", "There is no such member in this room.");
    this.memberLeaves({ member: this.memberOf(memberId), reason: "kicked", by: this.snapshot.you.alias });
  }

  async purge(): Promise<void> {
    this.requests.push("purge");
    await this.ownerOnly();
    this.end({ reason: "purged", by: this.snapshot.you.alias });
  }

  /** Like the server: NOT_OWNER from anyone but the owner (F35). */
  async answerKnock(knockId: string, admit: boolean): Promise<void> {
    this.requests.push(`knock ${knockId} ${admit ? "admit" : "refuse"}`);
    await this.ownerOnly();
  }

  async setLocked(locked: boolean): Promise<void> {
    this.requests.push(`lock ${locked}`);
    await this.ownerOnly();
    this.roomLocked(locked, this.snapshot.you.alias);
  }

  setTyping(on: boolean): void {
    this.typingCalls.push(on);
  }

  async leave(farewell?: string): Promise<void> {
    if (this.ended) return;
    this.leftWith.push(farewell);
    this.end({ reason: "left" });
  }

  close(): void {
    this.closed += 1;
    this.end({ reason: "left" });
  }

  private end(event: SessionEndedEvent): void {
    if (this.ended) return;
    this.ended = true;
    this.emit("ended", event);
  }

  private requireOpen(): void {
    if (this.ended) throw new SanctuaryError("CLOSED", "This session has ended.");
  }

  private async ownerOnly(): Promise<void> {
    this.requireOpen();
    await Promise.resolve();
    if (this.ownerId !== this.youId)
      throw new SanctuaryError("NOT_OWNER", "Only the room owner can do that.");
  }

  private memberOf(id: string): Member {
    const found = this.snapshot.members.find((m) => m.id === id) ?? this.roster.find((m) => m.id === id);
    if (!found) throw new Error(`fake: no member ${id}`);
    return found;
  }

  private changed(): void {
    this.current = null;
    this.emit("change", this.snapshot);
  }

  private build(): RoomSnapshot {
    const members = Object.freeze(
      this.roster.map((m) => Object.freeze({ ...m, owner: m.id === this.ownerId })),
    );
    const memberKeys: Record<string, MemberKeyInfo> = {};
    for (const m of members) {
      const status = this.keyStatus.get(m.id) ?? "verified";
      memberKeys[m.id] = Object.freeze(
        status === "verified" ? { status, fingerprint: fakeFingerprint(m.id) } : { status },
      );
    }
    const you = members.find((m) => m.id === this.youId);
    if (!you) throw new Error("fake: you are not in the room");
    return Object.freeze({
      you,
      members,
      ownerId: this.ownerId,
      locked: this.locked,
      memberKeys: Object.freeze(memberKeys),
      connection: this.connection,
      expiresAt: this.expiresAt,
    });
  }
}

/** A stand-in fingerprint, different per member. */
export function fakeFingerprint(id: string): string {
  return `${id.toUpperCase().padEnd(4, "0")} AAAA BBBB CCCC DDDD`;
}

export function incoming(id: string, from: Member, text: string): ChatMessage {
  return { id, kind: "msg", from: { id: from.id, alias: from.alias }, ts: Date.now(), text, mine: false };
}

/** A controllable SDK: each join walks through `phases`, then resolves or rejects. */
export function fakeSdk(result: () => Promise<SessionLike>, phases: JoinPhase[] = []) {
  const run = async (opts: { onPhase?: (phase: JoinPhase) => void }) => {
    for (const phase of phases) {
      opts.onPhase?.(phase);
      await Promise.resolve();
    }
    return result();
  };
  const sdk = {
    createRoom: vi.fn(run),
    joinRoom: vi.fn(run),
    generatePassword: vi.fn(() => "k7qm-2xzd-9pwh-4tns-b3ve"),
    createInvite: vi.fn(async (opts: { roomId: string }) => ({
      roomId: opts.roomId,
      inviteId: "AAECAwQFBgcICQoLDA0ODw",
      linkKey: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
      expiresAt: Date.now() + 600_000,
    })),
    redeemInvite: vi.fn(
      async (_opts: { roomId: string; inviteId: string; linkKey: string }) => "from the link",
    ),
  } satisfies Sdk;
  return sdk;
}

export function fakeNav() {
  return { enterRoom: vi.fn(), goHome: vi.fn() } satisfies Navigation;
}
