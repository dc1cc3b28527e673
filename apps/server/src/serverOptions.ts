import { fileURLToPath } from "node:url";
import {
  ALIAS_MAX_CHARS,
  DEFAULT_EMPTY_GRACE_MS,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_KICK_BAR_SECONDS,
  DEFAULT_MAX_ADDRESS_RATE,
  DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
  DEFAULT_MAX_JOIN_FAILURES,
  DEFAULT_MAX_MEMBERS,
  DEFAULT_MAX_MESSAGE_RATE,
  DEFAULT_MAX_ROOM_JOIN_FAILURES,
  DEFAULT_MAX_ROOMS,
  DEFAULT_MAX_ROOMS_PER_MINUTE,
  DEFAULT_RESUME_WINDOW_SECONDS,
  IMAGE_MAX_BYTES,
  LIFETIME_MAX_SECONDS,
  maxPacketBytes,
  messageCtMaxChars,
  PING_INTERVAL_MS,
  PING_TIMEOUT_MS,
  TEXT_MAX_BYTES,
} from "@sanctuary/protocol";
import type { RedisCluster } from "./cluster/redisCluster.js";
import type { RoomRegistry } from "./registry/roomRegistry.js";

/** What `createServer` accepts; every field has a default. */
export interface ServerOptions {
  /**
   * Directory holding the built web app. Default: `apps/web/dist`, found relative to
   * this compiled file. `null` serves no static files at all.
   */
  webRoot?: string | null;
  /** How often the heartbeat sweeps rooms, in ms (default 5000). */
  heartbeatMs?: number;
  /** How long a room may stay empty before the heartbeat purges it, in ms (default 15000). */
  emptyGraceMs?: number;
  /**
   * How long a member whose connection dropped keeps its seat, "away", for a resume
   * with its token, in seconds (default 30; 0 turns resuming off).
   */
  resumeWindowSeconds?: number;
  /** Engine.io ping interval and timeout in ms (defaults 10000 and 5000; tests lower them). */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** Members per room (default 50). */
  maxMembers?: number;
  /** Live rooms per server (default 1000). */
  maxRooms?: number;
  /**
   * Upper bound on a room's life, in seconds. A room asking for longer gets this; when
   * set, a room asking for no self-destruct gets it too, since the operator chose a cap.
   */
  maxLifetimeSeconds?: number;
  /**
   * Plaintext caps on a message's text and image, in bytes (defaults and maxima
   * `TEXT_MAX_BYTES` and `IMAGE_MAX_BYTES`; an image cap of 0 allows no images). They
   * bound the envelope ciphertext of `msg:send` and `msg:whisper` and, with it,
   * Socket.IO's `maxHttpBufferSize`.
   */
  maxTextBytes?: number;
  maxImageBytes?: number;
  /** Longest alias a member may join with, in characters (default and max `ALIAS_MAX_CHARS`). */
  maxAliasLength?: number;
  /** Events per second per socket, averaged over `RATE_WINDOW_SECONDS` (default 10). */
  maxMessageRate?: number;
  /** Events per second per address over all its sockets (default 50). */
  maxAddressRate?: number;
  /** Rooms one address may create per minute (default 10). */
  maxRoomsPerMinute?: number;
  /** Live connections per address (default 32). */
  maxConnectionsPerAddress?: number;
  /** Failed join proofs per address before backoff (default 5). */
  maxJoinFailures?: number;
  /** Failed join proofs per room before backoff (default 20). */
  maxRoomJoinFailures?: number;
  /** How long a kicked member's address is barred from the room, in seconds (default 600). */
  kickBarSeconds?: number;
  /**
   * Believe the last `X-Forwarded-For` hop as the client address (behind a reverse
   * proxy only; default false).
   */
  trustProxy?: boolean;
  /** Origins accepted by the Socket.IO Origin check besides the server's own host. */
  allowedOrigins?: readonly string[];
  /** Serve HTTPS and WSS with this certificate and key (PEM). Implies `tls`. */
  https?: { cert: string | Buffer; key: string | Buffer };
  /**
   * True when served over TLS: enables HSTS and `upgrade-insecure-requests`. Defaults to
   * whether `https` is given; set it alone behind a TLS-terminating proxy.
   */
  tls?: boolean;
  /** Where room records live (default: a fresh in-memory registry). */
  registry?: RoomRegistry;
  /**
   * Scale-out (F19): share rooms with other processes through Redis. Its registry
   * replaces `registry`, its adapter carries every namespace, and `close()` closes it.
   */
  cluster?: RedisCluster;
  /** The clock (ms since epoch); tests inject one. */
  now?: () => number;
}

export interface ResolvedServerOptions {
  webRoot: string | null;
  heartbeatMs: number;
  emptyGraceMs: number;
  resumeWindowSeconds: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  maxMembers: number;
  maxRooms: number;
  maxLifetimeSeconds: number | undefined;
  /** Longest `ct` of a message or whisper envelope, from the text and image caps. */
  messageCtMaxChars: number;
  /** Socket.IO's `maxHttpBufferSize`, just above the largest legal packet. */
  maxPacketBytes: number;
  maxAliasLength: number;
  maxMessageRate: number;
  maxAddressRate: number;
  maxRoomsPerMinute: number;
  maxConnectionsPerAddress: number;
  maxJoinFailures: number;
  maxRoomJoinFailures: number;
  kickBarSeconds: number;
  trustProxy: boolean;
  allowedOrigins: readonly string[];
  tls: boolean;
}

/** `apps/web/dist`, from `apps/server/dist/*.js` (or `apps/server/src/*.ts` under test). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** Fills in defaults; callers (the CLI, tests) have already validated the values. */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const ctMaxChars = messageCtMaxChars(
    Math.min(options.maxTextBytes ?? TEXT_MAX_BYTES, TEXT_MAX_BYTES),
    Math.min(options.maxImageBytes ?? IMAGE_MAX_BYTES, IMAGE_MAX_BYTES),
  );
  return {
    webRoot: options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot,
    heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    emptyGraceMs: options.emptyGraceMs ?? DEFAULT_EMPTY_GRACE_MS,
    resumeWindowSeconds: options.resumeWindowSeconds ?? DEFAULT_RESUME_WINDOW_SECONDS,
    pingIntervalMs: options.pingIntervalMs ?? PING_INTERVAL_MS,
    pingTimeoutMs: options.pingTimeoutMs ?? PING_TIMEOUT_MS,
    maxMembers: options.maxMembers ?? DEFAULT_MAX_MEMBERS,
    maxRooms: options.maxRooms ?? DEFAULT_MAX_ROOMS,
    maxLifetimeSeconds:
      options.maxLifetimeSeconds === undefined
        ? undefined
        : Math.min(options.maxLifetimeSeconds, LIFETIME_MAX_SECONDS),
    messageCtMaxChars: ctMaxChars,
    maxPacketBytes: maxPacketBytes(ctMaxChars),
    maxAliasLength: Math.min(options.maxAliasLength ?? ALIAS_MAX_CHARS, ALIAS_MAX_CHARS),
    maxMessageRate: options.maxMessageRate ?? DEFAULT_MAX_MESSAGE_RATE,
    maxAddressRate: options.maxAddressRate ?? DEFAULT_MAX_ADDRESS_RATE,
    maxRoomsPerMinute: options.maxRoomsPerMinute ?? DEFAULT_MAX_ROOMS_PER_MINUTE,
    maxConnectionsPerAddress: options.maxConnectionsPerAddress ?? DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
    maxJoinFailures: options.maxJoinFailures ?? DEFAULT_MAX_JOIN_FAILURES,
    maxRoomJoinFailures: options.maxRoomJoinFailures ?? DEFAULT_MAX_ROOM_JOIN_FAILURES,
    kickBarSeconds: options.kickBarSeconds ?? DEFAULT_KICK_BAR_SECONDS,
    trustProxy: options.trustProxy ?? false,
    allowedOrigins: options.allowedOrigins ?? [],
    tls: options.tls ?? options.https !== undefined,
  };
}
