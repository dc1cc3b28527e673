import type {
  ChatMessage,
  ConnectionState,
  JoinPhase,
  MemberKeyInfo,
  SessionEndReason,
} from "@sanctuary/client";
import type { Member } from "@sanctuary/protocol";
import type { FormatName, Selection } from "../formatting/formats";
import type { InviteSlice } from "./inviteSlice";
import type { KnockSlice } from "./knockSlice";
import type { SessionLike } from "./sdk";

export type Screen = "home" | "joining" | "room" | "ended" | "invalidated";
export type FormName = "create" | "join";

/** A line in the message log that nobody typed: joins, departures, role changes. */
export interface Notice {
  kind: "notice";
  id: string;
  ts: number;
  text: string;
  /**
   * Lines only this page shows, never sent: `hint` explains a command that was not
   * run (or that the server refused), `local` answers one (/who, /help, /clear).
   * `quiet`: from the server, for everyone, but of little weight (failed joins).
   */
  tone?: "hint" | "local" | "quiet";
  /** Further lines (the /help list). */
  lines?: readonly string[];
}

/**
 * A message in the log; a whisper keeps its recipient's alias from when it was sent.
 * One of ours is `queued` while the connection is down (the outbox, F27: "Not sent
 * yet", in this page's memory only), `sending` from Enter (or from the return of the
 * connection) until the server acknowledges it (a local ID and the local time
 * meanwhile), then `delivered` with the server's ID and time: shown as "Sent", meaning
 * the server accepted it, and no more.
 */
export interface RoomMessage extends ChatMessage {
  toAlias?: string;
  status?: "queued" | "sending" | "delivered";
}

export type FeedItem = RoomMessage | Notice;

/** A destructive action waiting for the confirmation dialog. */
export type PendingConfirm =
  | { kind: "kick"; memberId: string; alias: string }
  | { kind: "purge" }
  /** Leaving, from the Leave button or the browser's Back (F28). */
  | { kind: "leave" };

export interface EndedInfo {
  reason: SessionEndReason;
  by?: string;
  /** For `rejoin-refused`: the server's refusal (KNOCK_REFUSED, KNOCK_EXPIRED, BANNED, …). */
  code?: string;
  /** With BANNED: how long the bar still ran when the session ended (ms). */
  retryAfterMs?: number;
}

export interface RoomInfo {
  roomId: string;
  roomName: string | undefined;
  youId: string;
  expiresAt: number | undefined;
  /** Key fingerprints to compare out loud (F22): the room's and this member's own. */
  roomFingerprint: string;
  yourFingerprint: string;
}

/** Whether the theme follows the system or was switched for this page (never stored). */
export type ThemeChoice = "system" | "light" | "dark";

/**
 * The store is six slices, each named for what it holds:
 *
 * - `JoinFlowSlice`: the forms, a join in flight, which screen shows, how a session ended;
 * - `RoomStateSlice`: a copy of the SDK's room snapshot (members, owner, lock, keys,
 *   connection), replaced whole on every `change`, never rebuilt here;
 * - `FeedSlice`: the message log with its notices, and who is typing;
 * - `ComposerSlice`: the draft, its preview, sending and the typing signal;
 * - `ModerationSlice`: kick, purge and lock, and the confirmation they wait on;
 * - `PreferencesSlice`: theme, sound and which panels are open.
 */

export interface CreateForm {
  alias: string;
  password: string;
  roomName: string;
  /** "" (off) or one of LIFETIME_CHOICES_SECONDS as text, as the <select> holds it. */
  lifetime: string;
  showPassword: boolean;
}

export interface JoinForm {
  roomId: string;
  alias: string;
  password: string;
}

export interface JoinActions {
  setCreateField<K extends keyof CreateForm>(field: K, value: CreateForm[K]): void;
  setJoinField<K extends keyof JoinForm>(field: K, value: JoinForm[K]): void;
  /** Fills the create form with a fresh strong password and shows it. */
  generatePassword(): void;
  /**
   * An invite link (`/#/r/<id>`, optionally `/<password>`) was opened: put its room ID
   * (and password) in the join form.
   */
  prefillInvite(roomId: string, password?: string): void;
  /** Validates the create form, then creates and joins a room as its owner. */
  createRoom(): Promise<void>;
  /** Validates the join form, then joins the room it names. */
  joinRoom(): Promise<void>;
  /** Leaves the room (optionally with a farewell) and shows the "You left" screen. */
  leave(farewell?: string): Promise<void>;
  /** From the ended or invalidated screen back to the forms. */
  backToStart(): void;
  /** Shows "Session invalidated" (history navigation into a dead `#/room`). */
  invalidate(): void;
  /** Page is going away (reload, tab closed): end the session now, keep nothing. */
  closeForUnload(): void;
}

export interface JoinFlowSlice {
  screen: Screen;
  createForm: CreateForm;
  joinForm: JoinForm;
  /** Bumped when an invite pre-fills the join form, so it can take focus. */
  inviteSeq: number;
  /** Which form started the join in flight, if any. */
  joiningForm: FormName | null;
  phase: JoinPhase | null;
  formError: { form: FormName; message: string } | null;
  /**
   * The room password, kept in this page's memory while the session lasts, only so the
   * invite panel can put it in a link when asked to. Dropped when the session ends.
   */
  invitePassword: string | null;
  ended: EndedInfo | null;
  joinActions: JoinActions;
}

/** The SDK's room snapshot as the store holds it; only `change` writes these. */
export interface RoomStateSlice {
  session: SessionLike | null;
  /** What does not change while the session lasts. */
  room: RoomInfo | null;
  members: readonly Member[];
  ownerId: string | null;
  locked: boolean;
  /** Each member's whisper-key status and fingerprint (F22), by member ID. */
  memberKeys: Readonly<Record<string, MemberKeyInfo>>;
  /** `reconnecting` while the SDK gets back into the room after a drop (F17, F26). */
  connection: ConnectionState;
  /** When the current outage began (ms since epoch), for "Reconnecting… 1 min 20 s". */
  reconnectingSince: number | null;
}

export interface FeedActions {
  showHelp(): void;
  /** Clears this page's log only; nobody else's screen changes. */
  clearScreen(): void;
}

export interface FeedSlice {
  /** The newest messages and notices, capped at MESSAGE_CAP. */
  messages: readonly FeedItem[];
  /** Member IDs currently typing. */
  typing: readonly string[];
  feedActions: FeedActions;
}

/** The composer: slash commands, sending, whispering, formatting and pasted pictures. */
export interface ComposerActions {
  /** The composer's text changed (signals typing, but never for a command). */
  setDraft(text: string): void;
  /** Sends the draft, or runs it when it is a slash command; puts it back if that failed. */
  submitDraft(): Promise<void>;
  /** Runs one line of composer text; resolves false when it should stay in the composer. */
  runCommand(input: string): Promise<boolean>;
  /**
   * Sends a message; while the connection is down it waits in the outbox (F27) instead.
   * Resolves false (and sets `sendError`) when it could not be sent nor kept.
   */
  send(text: string, files?: readonly Attachment[]): Promise<boolean>;
  /** Sends what waits in the outbox, in order, while the connection holds. */
  flushOutbox(): Promise<void>;
  /** Drops a message that is not sent yet (the user's "Discard"). */
  discardQueued(id: string): void;
  /** Starts a whisper: the composer gets `/purr <alias> ` and the focus. */
  whisperTo(memberId: string): void;
  /** Tells the SDK the user is typing; stops by itself after a few idle seconds. */
  typingActivity(): void;
  /** Withdraws the "typing" signal now (e.g. when the draft turns into a command). */
  stopTyping(): void;
  clearSendError(): void;
  /**
   * Applies a format's Markdown to the selected part of the draft, or takes it off
   * (toolbar and shortcuts, formatting/editing.ts); returns what to select next.
   */
  applyFormat(format: FormatName, selection: Selection): Selection;
  /** Shows or hides the formatted preview of the draft. */
  togglePreview(): void;
}

export interface ComposerSlice {
  draft: string;
  /** Whether the formatted preview of the draft is open (ComposerPreview renders it). */
  preview: boolean;
  /** Bumped when something outside the composer wants it focused (a whisper button). */
  composerFocus: number;
  sendError: string | null;
  composerActions: ComposerActions;
}

/** Owner requests; the server is the authority and its refusals are shown as hints. */
export interface ModerationActions {
  /** Opens the confirmation for removing a member. */
  askKick(memberId: string): void;
  /** Opens the confirmation for purging the room. */
  askPurge(): void;
  /** Opens the confirmation for leaving the room (F28). */
  askLeave(): void;
  /** The confirmation dialog's "Confirm": does what it asked about. */
  confirmPending(): Promise<void>;
  cancelPending(): void;
  /** Removes a member now (the /kick command); a refusal becomes a hint. */
  kick(memberId: string, alias: string): Promise<void>;
  /** Ends the room for everyone now (the /stop command). */
  purge(): Promise<void>;
  /** Locks or unlocks the room (the server refuses it from a non-owner). */
  setLocked(locked: boolean): Promise<void>;
}

export interface ModerationSlice {
  pending: PendingConfirm | null;
  moderationActions: ModerationActions;
}

export interface PreferenceActions {
  /** Switches between light and dark for this page only (never stored). */
  setTheme(theme: ThemeChoice): void;
  setSound(on: boolean): void;
  /** Opens or closes the member drawer (phones). */
  setMembersOpen(open: boolean): void;
  setInviteOpen(open: boolean): void;
}

export interface PreferencesSlice {
  theme: ThemeChoice;
  /** A short tone on new messages while the tab is hidden; off until switched on. */
  sound: boolean;
  membersOpen: boolean;
  inviteOpen: boolean;
  preferenceActions: PreferenceActions;
}

/** A file picked for the next message, shown in the tray until it is sent or removed (F42). */
export interface Attachment {
  key: string;
  file: File;
  name: string;
  size: number;
  type: string;
  /** A blob: URL of the picture itself, for an image. */
  thumb?: string;
}

/** A file on its way, sent or received, as a transfer card shows it (F44). */
export interface TransferView {
  id: string;
  direction: "out" | "in";
  name: string;
  size: number;
  type: string;
  /** The sender of a received file, or the recipient of a whispered one. */
  peer?: string;
  bytes: number;
  bytesPerSecond: number;
  state: "active" | "done" | "cancelled" | "failed";
  /** Why it stopped, in words. */
  note?: string;
  /** A blob: URL of the file: a received one once complete, or a sent picture. */
  url?: string;
  /** When the card began (sent or offered): its place in the conversation. */
  ts: number;
  /** The member who sent it (you for an outgoing one). */
  fromId?: string;
  /** The ID of the message it went with (the offer's `ref`): the card shows under it. */
  ref?: string;
  /** Too large for memory here: it arrives only if saved to a file (F44). */
  mustSave?: boolean;
  /** It is being written to a file the person picked, not kept in memory. */
  toFile?: boolean;
  /** Members present who will not get a sent file (on another server node, F19). */
  missed?: readonly string[];
}

export interface FilesActions {
  addFiles(files: File[]): void;
  removeAttachment(key: string): void;
  /** Empties the tray, handing back what was in it (sent with the message about to go). */
  takeAttachments(): Attachment[];
  /** Puts files back in the tray (their message was not sent). */
  restoreAttachments(files: readonly Attachment[]): void;
  /**
   * Sends `files` (the tray's, by default), to the room or (with `to`) to one member;
   * `ref` is the ID of the message they go with.
   */
  sendAttachments(to?: string, ref?: string, files?: readonly Attachment[]): Promise<void>;
  /**
   * Writes a received file into a file the person picks (File System Access API): the
   * rest of an active transfer streams there, a finished one is written at once.
   */
  saveToFile(id: string): Promise<void>;
  cancelTransfer(id: string): void;
  /** Opens the full-size viewer on a transfer's picture; null closes it. */
  openViewer(id: string | null): void;
  /** Receives the session's offers; the returned cleanup revokes every blob: URL. */
  watch(session: SessionLike): () => void;
}

export interface FilesSlice {
  attachments: readonly Attachment[];
  transfers: readonly TransferView[];
  viewer: string | null;
  filesActions: FilesActions;
}

export type AppState = InviteSlice &
  FilesSlice &
  JoinFlowSlice &
  RoomStateSlice &
  FeedSlice &
  ComposerSlice &
  ModerationSlice &
  PreferencesSlice &
  KnockSlice;

/** Store setters as each slice receives them. */
export type SetState = (partial: Partial<AppState> | ((s: AppState) => Partial<AppState>)) => void;
export type GetState = () => AppState;
