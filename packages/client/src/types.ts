import type { EndReason, ErrorCode, LeaveReason, Member, Sender } from "@sanctuary/protocol";

/**
 * The SDK's public surface, as the web store consumes it. Everything here is plaintext
 * that exists only in the browser's memory; nothing in this package persists anything.
 */

/** What a long operation is doing, for the "deriving key…" indicator. */
export type JoinPhase = "looking-up" | "deriving-key" | "connecting" | "knocking";

export interface CommonJoinOptions {
  /** Origin of the Sanctuary server; defaults to `location.origin` in a browser. */
  serverUrl?: string;
  alias: string;
  password: string;
  onPhase?: (phase: JoinPhase) => void;
  /**
   * Knocking (F34): when set, a join the server answers with KNOCK_REQUIRED (a locked
   * room, or an address group barred by someone else's kick) knocks instead and waits
   * for the owner; `onKnock` is told when the knock waits. Without it, KNOCK_REQUIRED
   * is thrown.
   */
  knock?: KnockHooks;
}

/** How a joiner follows and withdraws a knock. */
export interface KnockHooks {
  /** The knock reached the owner; it waits at most `expiresInMs`. */
  onKnock?: (waiting: { expiresInMs: number }) => void;
  /** Aborting withdraws the knock; the join then fails with KNOCK_CANCELLED. */
  signal?: AbortSignal;
}

/** Someone who proved the password knocks (told to the owner only). */
export interface KnockEvent {
  knockId: string;
  alias: string;
  /** How long the knock waits for an answer (ms from when it arrived). */
  expiresInMs: number;
}

export interface CreateRoomOptions extends CommonJoinOptions {
  /** Optional room name, encrypted as a `meta` envelope. */
  roomName?: string;
  /** Self-destruct time in seconds (one of LIFETIME_CHOICES_SECONDS), if any. */
  lifetime?: number;
}

export interface JoinRoomOptions extends CommonJoinOptions {
  roomId: string;
}

/**
 * Codes the SDK raises: the server's, plus local ones. `UNVERIFIED_KEY`: a whisper was
 * refused locally because the recipient has no key whose `pubMac` verified.
 */
export type ClientErrorCode =
  | ErrorCode
  | "NETWORK"
  | "BAD_INPUT"
  | "CLOSED"
  | "UNVERIFIED_KEY"
  | "KNOCK_REFUSED"
  | "KNOCK_EXPIRED"
  | "KNOCK_CANCELLED";

/**
 * Whether a member's whisper key can be trusted (F22): `verified` when its `pubMac`
 * checked out under the room MAC key, `unverified` when a key came with a `pubMac` that
 * did not (someone, e.g. the server, swapped it), `missing` when the member announced
 * none. Whispers go to verified members only.
 */
export type MemberKeyStatus = "verified" | "unverified" | "missing";

export interface MemberKeyInfo {
  status: MemberKeyStatus;
  /**
   * For a verified key only: 5 groups of 4 Crockford base32 symbols from SHA-256 of the
   * raw public key, e.g. `"7K2M QX9D 0PWH 4TNS B3VE"`, for comparing out loud.
   */
  fingerprint?: string;
}

/** A message as the UI shows it: decrypted, MAC-checked, sender bound by the server. */
export interface ChatMessage {
  id: string;
  kind: "msg" | "whisper";
  from: Sender;
  /** Member ID of the whisper's recipient. */
  to?: string;
  ts: number;
  /** The message body's `text` (HTML as typed; the UI sanitises before rendering). */
  text: string;
  /** True when this client sent it. */
  mine: boolean;
}

export interface MemberLeftEvent {
  member: Member;
  reason: LeaveReason;
  by?: string;
  /** Decrypted farewell, when one came and its MAC verified. */
  farewell?: string;
}

/**
 * Why this client's session is over. `room-gone`: the connection dropped and, trying
 * to get back in, the SDK found the room no longer exists (purged, expired, or the
 * server restarted). `rejoin-refused`: after the resume window the new join was refused
 * (`code` says why: KNOCK_REFUSED or KNOCK_EXPIRED when the owner said no or did not
 * answer the knock, BANNED for the person kicked, LOCKED where knocking is off, …); F26.
 */
export type SessionEndReason = EndReason | "left" | "disconnected" | "room-gone" | "rejoin-refused";

export interface SessionEndedEvent {
  reason: SessionEndReason;
  by?: string;
  /** For `rejoin-refused`: the server's refusal. */
  code?: ClientErrorCode;
  /** With `code` BANNED: how long (ms) the bar still runs, when the server said. */
  retryAfterMs?: number;
}

/**
 * Why a message, whisper or farewell was not shown (absent: a message or farewell that
 * failed its MAC or would not decrypt).
 *
 * - `unreadable`: a sealed (v2) whisper that did not open with this member's key
 *   (sealed to someone else, or changed on the way).
 * - `unsealed`: a whisper under the room key (v1), which is no longer accepted.
 * - `not-member`: the server says it came from an ID that is not a current member, or
 *   whose alias is not that member's (a ghost, someone who left, a relabelled message).
 * - `wrong-sender`: it opened, but the sender ID sealed inside is not the member the
 *   server says sent it (a message re-attributed, say to a new holder of the alias).
 * - `stale`: the sender's time sealed inside is far from the server's time for it, or
 *   the server's time is far from this client's clock (shown again long after).
 * - `repeat`: this session has already shown (or sent) a message with the same ID.
 * - `outdated`: it carries no message ID and time (sent by a client from before F25),
 *   so nothing tells whether it is being shown again.
 *
 * See docs/protocol.md ("Message bodies").
 */
export type DropReason =
  | "unreadable"
  | "unsealed"
  | "not-member"
  | "wrong-sender"
  | "stale"
  | "repeat"
  | "outdated";

/** Something that arrived and is dropped, not shown. */
export interface DroppedEvent {
  /** The sender as the server gave it (for a farewell, the member who left). */
  from: Sender;
  kind: "msg" | "whisper" | "farewell";
  reason?: DropReason;
}

/**
 * The room connection (F17, F26). `reconnecting`: the network dropped at `since` and
 * the SDK is getting back in, for as long as the session lives: first into the same seat
 * with its in-memory resume token, after the resume window as a new member with the
 * keys it holds (same alias if free). `online`: back in after `offlineMs`; `rejoined`
 * when that is a new seat (new member ID, perhaps another alias: see `snapshot.you`).
 * Messages sent meanwhile are not replayed. `knocking`: that new join met a locked room
 * or a barred address group, so the SDK knocks and waits (at most `expiresInMs`) for the
 * owner to let it back in (F34); `reconnecting` follows once let in. Only a room that is
 * gone or a refused rejoin (or knock) ends the session (`room-gone`, `rejoin-refused`).
 */
export type ConnectionEvent =
  | { state: "reconnecting"; since: number }
  | { state: "knocking"; since: number; expiresInMs: number }
  | { state: "online"; offlineMs: number; rejoined: boolean };

/**
 * The snapshot's view of the connection: `reconnecting` covers a knock too (the
 * `connection` event tells the two apart).
 */
export type ConnectionState = "online" | "reconnecting";

/**
 * A quiet notice about the room from the server. `join-failures`: `count` join attempts
 * with a wrong password were made recently (someone may be guessing the password).
 */
export interface RoomNoticeEvent {
  kind: "join-failures";
  count: number;
}

/**
 * The room as this client knows it, at one moment: frozen, and replaced (never changed)
 * whenever anything in it changes. A resume replaces it from the server's welcome, so
 * whoever copies it is in step again without rebuilding anything.
 */
export interface RoomSnapshot {
  /** This member's own record (owner flag included). */
  readonly you: Member;
  /** Everyone present, in join order, this member included; `owner` agrees with `ownerId`. */
  readonly members: readonly Member[];
  readonly ownerId: string;
  readonly locked: boolean;
  /** Each present member's whisper-key status (F22) and, when verified, fingerprint. */
  readonly memberKeys: Readonly<Record<string, MemberKeyInfo>>;
  readonly connection: ConnectionState;
  /** Self-destruct time (ms since epoch), when the room has one. */
  readonly expiresAt: number | undefined;
}

export interface RoomSessionEvents {
  /**
   * The room changed (members, owner, lock, keys, connection): the new snapshot. Emitted
   * before the finer event that says what happened (`memberJoined`, `lockChanged`, …).
   */
  change: (snapshot: RoomSnapshot) => void;
  message: (message: ChatMessage) => void;
  memberJoined: (member: Member) => void;
  memberLeft: (event: MemberLeftEvent) => void;
  ownerChanged: (ownerId: string) => void;
  lockChanged: (locked: boolean, by: string) => void;
  typing: (memberId: string, on: boolean) => void;
  dropped: (event: DroppedEvent) => void;
  ended: (event: SessionEndedEvent) => void;
  connection: (event: ConnectionEvent) => void;
  /** Another member's connection dropped (`away`) or came back within the window. */
  memberAway: (member: Member, away: boolean) => void;
  /** A quiet notice about the room (failed joins). */
  notice: (notice: RoomNoticeEvent) => void;
  /** To the owner: someone knocks (F35); answer with `answerKnock`. */
  knock: (knock: KnockEvent) => void;
  /** To the owner: a knock no longer waits (expired, or withdrawn). */
  knockGone: (knockId: string) => void;
}
