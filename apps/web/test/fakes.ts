import {
  type ChatMessage,
  type JoinPhase,
  type MemberKeyInfo,
  type RoomSessionEvents,
  SanctuaryError,
} from "@sanctuary/client";
import type { Member } from "@sanctuary/protocol";
import { vi } from "vitest";
import type { Navigation, Sdk, SessionLike } from "../src/store/sdk";

type AnyListener = (...args: never[]) => void;

export function member(id: string, alias: string, owner = false): Member {
  return { id, alias, owner, joinedAt: 1_700_000_000_000 };
}

/**
 * A stand-in for the SDK's RoomSession: same surface, no network. Tests drive it with
 * `emit` as the server would, and inspect what the store asked of it.
 */
export class FakeSession implements SessionLike {
  readonly roomId = "K7QM2XZD9PWH4TNS";
  readonly roomName: string | undefined;
  readonly you: Member;
  members: Member[];
  ownerId: string;
  locked = false;
  expiresAt: number | undefined = undefined;
  readonly roomFingerprint = "R00M FP00 0000 0000 0000";
  readonly yourFingerprint: string;
  /** Key status by member ID; anyone not listed has a verified key. */
  keyStatus = new Map<string, MemberKeyInfo["status"]>();
  closed = 0;
  leftWith: Array<string | undefined> = [];
  typingCalls: boolean[] = [];
  sendError: Error | null = null;
  /** Every moderation request the store made, e.g. "kick m3", "purge", "lock true". */
  requests: string[] = [];
  private readonly listeners = new Map<keyof RoomSessionEvents, Set<AnyListener>>();
  private seq = 0;

  constructor(opts: { you?: Member; members?: Member[]; roomName?: string } = {}) {
    this.you = opts.you ?? member("m1", "alice", true);
    this.members = opts.members ?? [this.you];
    this.ownerId = this.members.find((m) => m.owner)?.id ?? this.you.id;
    this.roomName = opts.roomName;
    this.yourFingerprint = fakeFingerprint(this.you.id);
  }

  memberKey(id: string): MemberKeyInfo | undefined {
    const status = this.keyStatus.get(id) ?? "verified";
    return status === "verified" ? { status, fingerprint: fakeFingerprint(id) } : { status };
  }

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
    await Promise.resolve();
    if (this.sendError) throw this.sendError;
    this.seq += 1;
    const message: ChatMessage = {
      id: `sent-${this.seq}`,
      kind: "msg",
      from: { id: this.you.id, alias: this.you.alias },
      ts: Date.now(),
      text,
      mine: true,
    };
    // Like the SDK: the "message" event follows the server's ack.
    this.emit("message", message);
    return message;
  }

  async whisper(toMemberId: string, text: string): Promise<ChatMessage> {
    this.requests.push(`whisper ${toMemberId}`);
    await Promise.resolve();
    if (this.sendError) throw this.sendError;
    const target = this.members.find((m) => m.id === toMemberId);
    if (!target) throw new SanctuaryError("NO_SUCH_MEMBER", "gone");
    if (this.memberKey(toMemberId)?.status !== "verified") {
      throw new SanctuaryError(
        "UNVERIFIED_KEY",
        `${target.alias} has no verified key, so a whisper cannot be sealed to them.`,
      );
    }
    this.seq += 1;
    const message: ChatMessage = {
      id: `whisper-${this.seq}`,
      kind: "whisper",
      from: { id: this.you.id, alias: this.you.alias },
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
    const member = this.members.find((m) => m.id === memberId);
    if (!member) throw new SanctuaryError("NO_SUCH_MEMBER", "gone");
    this.members = this.members.filter((m) => m.id !== memberId);
    this.emit("memberLeft", { member, reason: "kicked", by: this.you.alias });
  }

  async purge(): Promise<void> {
    this.requests.push("purge");
    await this.ownerOnly();
    this.emit("ended", { reason: "purged", by: this.you.alias });
  }

  async setLocked(locked: boolean): Promise<void> {
    this.requests.push(`lock ${locked}`);
    await this.ownerOnly();
    this.locked = locked;
    this.emit("lockChanged", locked, this.you.alias);
  }

  private async ownerOnly(): Promise<void> {
    await Promise.resolve();
    if (this.ownerId !== this.you.id)
      throw new SanctuaryError("NOT_OWNER", "Only the room owner can do that.");
  }

  setTyping(on: boolean): void {
    this.typingCalls.push(on);
  }

  async leave(farewell?: string): Promise<void> {
    this.leftWith.push(farewell);
    this.emit("ended", { reason: "left" });
  }

  close(): void {
    this.closed += 1;
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
  } satisfies Sdk;
  return sdk;
}

export function fakeNav() {
  return { enterRoom: vi.fn(), goHome: vi.fn() } satisfies Navigation;
}
