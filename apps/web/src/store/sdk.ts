import type {
  ChatMessage,
  CreateRoomOptions,
  JoinRoomOptions,
  MemberKeyInfo,
  RoomSessionEvents,
} from "@sanctuary/client";
import type { Member } from "@sanctuary/protocol";
import type { ImageEncoder } from "../formatting/encodeImage";

/**
 * The part of `@sanctuary/client`'s `RoomSession` the store relies on. The real class
 * satisfies it structurally; store tests hand in a small fake that implements it.
 */
export interface SessionLike {
  readonly roomId: string;
  readonly you: Member;
  readonly roomName: string | undefined;
  readonly members: readonly Member[];
  readonly ownerId: string;
  readonly locked: boolean;
  readonly expiresAt: number | undefined;
  /** Fingerprint of the room key: the same for everyone who knows the password. */
  readonly roomFingerprint: string;
  /** Fingerprint of this member's own whisper key, as the others see it. */
  readonly yourFingerprint: string;
  /** Whether a member's whisper key verified (F22), with its fingerprint when it did. */
  memberKey(id: string): MemberKeyInfo | undefined;
  on<E extends keyof RoomSessionEvents>(event: E, listener: RoomSessionEvents[E]): () => void;
  send(text: string): Promise<ChatMessage>;
  /** Whispers to one member; the server delivers it to that member only. */
  whisper(toMemberId: string, text: string): Promise<ChatMessage>;
  /** Owner only (the server enforces it): removes a member. */
  kick(memberId: string): Promise<void>;
  /** Owner only: ends the room for everyone. */
  purge(): Promise<void>;
  /** Owner only: a locked room admits nobody new. */
  setLocked(locked: boolean): Promise<void>;
  setTyping(on: boolean): void;
  leave(farewell?: string): Promise<void>;
  close(): void;
}

/** The SDK entry points the store calls; `sdkAdapter.ts` binds the real ones. */
export interface Sdk {
  createRoom(opts: CreateRoomOptions): Promise<SessionLike>;
  joinRoom(opts: JoinRoomOptions): Promise<SessionLike>;
  generatePassword(): string;
}

/** Browser history side effects of entering and leaving a room (no-ops in tests). */
export interface Navigation {
  /** Adds a `#/room` history entry; the room ID never goes into the URL. */
  enterRoom(): void;
  /** Adds a plain `/` entry, so "back" from home lands on the dead `#/room` one. */
  goHome(): void;
}

export interface StoreDeps {
  sdk: Sdk;
  nav?: Navigation;
  /**
   * Resolves once the browser has had a chance to paint, so the "Deriving key…"
   * indicator shows before Argon2id occupies the main thread.
   */
  yieldToBrowser?: () => Promise<void>;
  /** Shrinks a pasted picture into a `data:` URI (a canvas in the browser; faked in tests). */
  encodeImage?: ImageEncoder;
}
