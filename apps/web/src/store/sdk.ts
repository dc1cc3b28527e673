import type {
  CreateInviteOptions,
  CreateRoomOptions,
  FileTransfers,
  JoinRoomOptions,
  OneTimeInvite,
  RedeemInviteOptions,
  RoomSession,
} from "@sanctuary/client";

/**
 * The part of `@sanctuary/client`'s `RoomSession` the store relies on, picked from the
 * class itself so it cannot drift from it. The room's changing state comes in one piece,
 * `snapshot` (and the `change` event); the store copies it and never rebuilds it. Store
 * tests hand in a fake that implements this (test/fakes.ts), held to the real session's
 * behaviour by test/sessionContract.test.ts.
 */
export type SessionLike = Pick<
  RoomSession,
  | "roomId"
  | "roomName"
  | "roomFingerprint"
  | "yourFingerprint"
  | "snapshot"
  | "on"
  | "send"
  | "whisper"
  | "kick"
  | "purge"
  | "setLocked"
  | "answerKnock"
  | "setTyping"
  | "leave"
  | "close"
> & {
  /** Files (F42): the part the store uses; `FileTransfers` itself has private state. */
  files: Pick<FileTransfers, "send" | "on">;
};

/** The SDK entry points the store calls; `sdkAdapter.ts` binds the real ones. */
export interface Sdk {
  createRoom(opts: CreateRoomOptions): Promise<SessionLike>;
  joinRoom(opts: JoinRoomOptions): Promise<SessionLike>;
  generatePassword(): string;
  /** Seals the password for a one-time invite link (F30). */
  createInvite(opts: CreateInviteOptions): Promise<OneTimeInvite>;
  /** Fetches (and so burns) a one-time invite, returning the password. */
  redeemInvite(opts: RedeemInviteOptions): Promise<string>;
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
}
