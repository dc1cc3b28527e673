import type { AckFn } from "./ack.js";
import type {
  Envelope,
  Kdf,
  MemberExitRequest,
  MemberKickRequest,
  MsgSendRequest,
  MsgWhisperRequest,
  RoomCreateRequest,
  RoomLockRequest,
  RoomLookupRequest,
  RoomPurgeRequest,
  TypingRequest,
  WhisperEnvelope,
} from "./schemas.js";
import {
  memberExitSchema,
  memberKickSchema,
  msgSendSchema,
  msgWhisperSchema,
  roomCreateSchema,
  roomLockSchema,
  roomLookupSchema,
  roomPurgeSchema,
  typingSchema,
} from "./schemas.js";

/**
 * Event maps for Socket.IO's typed `Server`, `Namespace` and `Socket`. Client-to-server
 * names are imperative (`msg:send`); server-to-client names are nouns or past tense
 * (`msg:new`, `member:joined`). Every client request is `(payload, ack)`.
 */

/** Namespace of a room: `/r/<roomId>`. */
export const ROOM_NAMESPACE_PREFIX = "/r/";
export const ROOM_NAMESPACE_PATTERN = /^\/r\/([0-9A-HJKMNP-TV-Z]{16})$/;
export function roomNamespace(roomId: string): string {
  return `${ROOM_NAMESPACE_PREFIX}${roomId}`;
}

/** A member as every client sees it; `id` is opaque and is not the socket ID. */
export interface Member {
  id: string;
  alias: string;
  owner: boolean;
  /** Server time (ms since epoch) the member was admitted. */
  joinedAt: number;
  /** X25519 public key and its room-MAC binding (F22), when announced. */
  pub?: string;
  pubMac?: string;
  /** True while the member's connection is down and its seat is held for a resume (F17). */
  away?: boolean;
}

export interface Sender {
  id: string;
  alias: string;
}

export interface RoomCreateResult {
  roomId: string;
  expiresAt?: number;
}

export interface RoomLookupResult {
  salt: string;
  kdf: Kdf;
  nonce: string;
}

export interface MsgSentResult {
  id: string;
  ts: number;
}

export interface Welcome {
  you: Member;
  members: Member[];
  ownerId: string;
  meta?: Envelope;
  locked: boolean;
  expiresAt?: number;
  /**
   * Single-use token (32 random bytes, base64url) that takes this seat back after a
   * dropped connection: handshake `auth = {resume}`. A new one comes with every welcome;
   * the server keeps only its hash. Keep it in memory only.
   */
  resumeToken: string;
  /** How long (ms) the seat is held after a dropped connection. */
  resumeWindowMs: number;
}

/** A member's connection dropped (`away: true`) or came back within the window (`false`). */
export interface MemberAway {
  id: string;
  away: boolean;
}

export type LeaveReason = "left" | "exit" | "kicked" | "disconnected";
export interface MemberLeft {
  id: string;
  reason: LeaveReason;
  /** Alias of the owner who kicked, when `reason` is "kicked". */
  by?: string;
  farewell?: Envelope;
}

export interface MemberRole {
  ownerId: string;
}

export interface IncomingMessage {
  id: string;
  from: Sender;
  ts: number;
  env: Envelope;
}

export interface IncomingWhisper {
  id: string;
  from: Sender;
  to: string;
  ts: number;
  env: WhisperEnvelope;
}

export interface RoomLocked {
  locked: boolean;
  by: string;
}

export interface Typing {
  id: string;
  on: boolean;
}

export type EndReason = "kicked" | "purged" | "expired" | "shutdown";
export interface SessionEnded {
  reason: EndReason;
  /** Alias of the member who caused it (kick, purge). */
  by?: string;
}

/**
 * A quiet notice to a room's members. `join-failures`: that many join attempts with a
 * wrong password were made recently (someone may be guessing); sent at
 * `JOIN_FAILURE_NOTICE_AFTER` failures and each time the count doubles.
 */
export interface RoomNotice {
  kind: "join-failures";
  count: number;
}

type Empty = Record<never, never>;

export interface LobbyClientEvents {
  "room:create": (req: RoomCreateRequest, ack: AckFn<RoomCreateResult>) => void;
  "room:lookup": (req: RoomLookupRequest, ack: AckFn<RoomLookupResult>) => void;
}

// biome-ignore lint/complexity/noBannedTypes: the lobby pushes nothing to clients
export type LobbyServerEvents = {};

export interface RoomClientEvents {
  "msg:send": (req: MsgSendRequest, ack: AckFn<MsgSentResult>) => void;
  "msg:whisper": (req: MsgWhisperRequest, ack: AckFn<MsgSentResult>) => void;
  "member:kick": (req: MemberKickRequest, ack: AckFn<Empty>) => void;
  "room:purge": (req: RoomPurgeRequest, ack: AckFn<Empty>) => void;
  "room:lock": (req: RoomLockRequest, ack: AckFn<Empty>) => void;
  "member:exit": (req: MemberExitRequest, ack: AckFn<Empty>) => void;
  typing: (req: TypingRequest) => void;
}

export interface RoomServerEvents {
  "room:welcome": (welcome: Welcome) => void;
  "member:joined": (member: Member) => void;
  "member:left": (left: MemberLeft) => void;
  "member:role": (role: MemberRole) => void;
  "member:away": (state: MemberAway) => void;
  "room:locked": (state: RoomLocked) => void;
  "msg:new": (msg: IncomingMessage) => void;
  "msg:whisper": (msg: IncomingWhisper) => void;
  typing: (typing: Typing) => void;
  "session:ended": (ended: SessionEnded) => void;
  "room:notice": (notice: RoomNotice) => void;
}

/** Per-socket data the server keeps on a room socket. */
export interface RoomSocketData {
  roomId: string;
  memberId: string;
  alias: string;
  /** Set when the socket took back an away member's seat with a resume token. */
  resumed?: boolean;
}

/** Schema for each client event's payload, so the server validates in one place. */
export const lobbyEventSchemas = {
  "room:create": roomCreateSchema,
  "room:lookup": roomLookupSchema,
} as const;

export const roomEventSchemas = {
  "msg:send": msgSendSchema,
  "msg:whisper": msgWhisperSchema,
  "member:kick": memberKickSchema,
  "room:purge": roomPurgeSchema,
  "room:lock": roomLockSchema,
  "member:exit": memberExitSchema,
  typing: typingSchema,
} as const;

export type LobbyEventName = keyof typeof lobbyEventSchemas;
export type RoomEventName = keyof typeof roomEventSchemas;
