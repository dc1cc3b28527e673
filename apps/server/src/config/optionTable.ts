import {
  ALIAS_MAX_CHARS,
  DEFAULT_INVITE_TTL_MINUTES,
  DEFAULT_RESUME_WINDOW_SECONDS,
  IMAGE_MAX_BYTES,
  LIFETIME_MAX_SECONDS,
  TEXT_MAX_BYTES,
} from "@sanctuary/protocol";
import { DEFAULT_YOUNG_GENERATION_MIB } from "../youngGeneration.js";
import { ABUSE_ROWS } from "./abuseRows.js";
import { FILE_ROWS } from "./fileRows.js";
import type { OptionRow, ValueOf } from "./rows.js";
import { defaultWebRoot } from "./webRoot.js";

/**
 * Every option of `sanctuary` and `createServer`, one row each: field name, flag,
 * environment variable, kind and bounds, default and help. The command line, the
 * environment lookup, validation, `--help`, the option types and the defaults are all
 * derived from these rows, so the CLI and `createServer` accept exactly the same values.
 * Rows are listed in `--help` order. Limits that are part of the wire protocol (message
 * sizes, alias length, room lifetime, the resume window the client assumes) come from
 * `@sanctuary/protocol`, which the client shares.
 */

/** The built web app: `apps/web/dist` in a clone, `web/` in the installed package. */
export const DEFAULT_WEB_ROOT = defaultWebRoot();

/** The shortest `--redis-key`: about 192 bits as base64. */
const REDIS_KEY_MIN_CHARS = 32;

export const OPTIONS = {
  host: {
    target: "cli",
    kind: "host",
    flag: "--host",
    env: "SANCTUARY_HOST",
    default: "::",
    defaultHelp: '"::", dual stack',
    help: "address to listen on",
  },
  port: {
    target: "cli",
    kind: "integer",
    unit: "port",
    flag: "--port",
    env: "SANCTUARY_PORT",
    min: 0,
    max: 65_535,
    default: 6969,
    help: "port to listen on",
  },
  ipv4: {
    target: "cli",
    kind: "boolean",
    flag: "--ipv4",
    short: "-4",
    env: "SANCTUARY_IPV4",
    default: false,
    help: "IPv4 only: listen on 0.0.0.0",
  },
  ipv6: {
    target: "cli",
    kind: "boolean",
    flag: "--ipv6",
    short: "-6",
    env: "SANCTUARY_IPV6",
    default: false,
    help: "IPv6 only: listen on :: without IPv4",
  },
  webRoot: {
    target: "server",
    kind: "dir",
    flag: "--web-root",
    env: "SANCTUARY_WEB_ROOT",
    default: DEFAULT_WEB_ROOT,
    defaultHelp: "apps/web/dist",
    help: "directory of the built web app",
  },
  heartbeatMs: {
    target: "server",
    kind: "integer",
    unit: "ms",
    flag: "--heartbeat",
    env: "SANCTUARY_HEARTBEAT",
    min: 10,
    max: 3_600_000,
    default: 5_000,
    help: "room sweep interval",
  },
  emptyGraceMs: {
    target: "server",
    kind: "integer",
    unit: "ms",
    flag: "--grace",
    env: "SANCTUARY_GRACE",
    min: 0,
    max: 86_400_000,
    default: 15_000,
    help: "how long an empty room survives",
  },
  resumeWindowSeconds: {
    target: "server",
    kind: "integer",
    unit: "s",
    flag: "--resume-window",
    env: "SANCTUARY_RESUME_WINDOW",
    min: 0,
    max: 600,
    default: DEFAULT_RESUME_WINDOW_SECONDS,
    help: "seconds a dropped member's seat is held for an automatic rejoin, 0 for none",
  },
  // Engine.io liveness, for createServer only: lower than Socket.IO's defaults (25 s +
  // 20 s) so that a dead link is noticed within 15 s on both sides (the client uses the
  // server's values), well inside the resume window.
  pingIntervalMs: {
    target: "server",
    kind: "integer",
    unit: "ms",
    min: 10,
    max: 600_000,
    default: 10_000,
    help: "Engine.io ping interval",
  },
  pingTimeoutMs: {
    target: "server",
    kind: "integer",
    unit: "ms",
    min: 10,
    max: 600_000,
    default: 5_000,
    help: "Engine.io ping timeout",
  },
  maxMembers: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-members",
    env: "SANCTUARY_MAX_MEMBERS",
    min: 1,
    max: 10_000,
    default: 50,
    help: "members per room",
  },
  maxRooms: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-rooms",
    env: "SANCTUARY_MAX_ROOMS",
    min: 1,
    max: 1_000_000,
    default: 1000,
    help: "live rooms on this server",
  },
  // A room asking for longer gets this; when set, a room asking for no self-destruct
  // gets it too, since the operator chose a cap.
  maxLifetimeSeconds: {
    target: "server",
    kind: "integer",
    unit: "s",
    flag: "--max-lifetime",
    env: "SANCTUARY_MAX_LIFETIME",
    min: 60,
    max: LIFETIME_MAX_SECONDS,
    defaultHelp: "none",
    help: "cap on a room's life in seconds",
  },
  // The text and image caps bound the envelope ciphertext of msg:send and msg:whisper
  // and, with it, Socket.IO's maxHttpBufferSize.
  maxTextBytes: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-text-bytes",
    env: "SANCTUARY_MAX_TEXT_BYTES",
    min: 1,
    max: TEXT_MAX_BYTES,
    default: TEXT_MAX_BYTES,
    help: "largest message text in bytes, before encryption",
  },
  maxImageBytes: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-image-bytes",
    env: "SANCTUARY_MAX_IMAGE_BYTES",
    min: 0,
    max: IMAGE_MAX_BYTES,
    default: IMAGE_MAX_BYTES,
    help: "largest image in a message in bytes, 0 for no images",
  },
  maxAliasLength: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-alias-length",
    env: "SANCTUARY_MAX_ALIAS_LENGTH",
    min: 1,
    max: ALIAS_MAX_CHARS,
    default: ALIAS_MAX_CHARS,
    help: "longest alias in characters",
  },
  ...ABUSE_ROWS,
  tlsCert: {
    target: "cli",
    kind: "file",
    flag: "--tls-cert",
    env: "SANCTUARY_TLS_CERT",
    help: "TLS certificate (PEM) to serve HTTPS and WSS",
  },
  tlsKey: {
    target: "cli",
    kind: "file",
    flag: "--tls-key",
    env: "SANCTUARY_TLS_KEY",
    help: "TLS private key (PEM) for --tls-cert",
  },
  redis: {
    target: "cli",
    kind: "url",
    protocols: ["redis:", "rediss:"],
    flag: "--redis",
    env: "SANCTUARY_REDIS",
    help: "scale out: share rooms with other sanctuary processes through this Redis (redis:// or rediss://)",
  },
  redisKey: {
    target: "cli",
    kind: "secret",
    minChars: REDIS_KEY_MIN_CHARS,
    flag: "--redis-key",
    env: "SANCTUARY_REDIS_KEY",
    help: `with --redis: a secret of ${REDIS_KEY_MIN_CHARS}+ characters every node shares; aliases and keys are sealed with it before they reach Redis (prefer the variable: flags show in ps)`,
  },
  quiet: {
    target: "cli",
    kind: "boolean",
    flag: "--quiet",
    env: "SANCTUARY_QUIET",
    default: false,
    help: "print only the first URL instead of the banner",
  },
  // Why a cap and how it is held: youngGeneration.ts; what it saves: docs/performance.md.
  youngGeneration: {
    target: "cli",
    kind: "integer",
    unit: "MiB",
    flag: "--young-generation",
    env: "SANCTUARY_YOUNG_GENERATION",
    min: 0,
    max: 64,
    default: DEFAULT_YOUNG_GENERATION_MIB,
    help: "cap in MiB on V8's young generation (both semi-spaces), so bursts and file transfers do not leave the process ≈ 35 MB larger; 0 leaves V8's default (up to 32)",
  },
  // One-time invite links (F30): how long a sealed password waits for its one fetch.
  inviteTtlMinutes: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--invite-ttl",
    env: "SANCTUARY_INVITE_TTL",
    min: 1,
    max: 1440,
    default: DEFAULT_INVITE_TTL_MINUTES,
    help: "minutes a one-time invite link works before its sealed password is forgotten",
  },
  ...FILE_ROWS,
} as const satisfies Record<string, OptionRow>;

type Rows = typeof OPTIONS;
export type OptionName = keyof Rows;

/** Names of the rows that are `ServerOptions` fields. */
export type ServerOptionName = {
  [K in OptionName]: Rows[K]["target"] extends "server" ? K : never;
}[OptionName];

/** Names of the rows only `main` reads. */
export type CliOptionName = Exclude<OptionName, ServerOptionName>;

/** An option's value as a caller gives it. */
export type OptionValue<K extends OptionName> = ValueOf<Rows[K]>;

/** An option's value once defaults are filled in: rows without a default may stay unset. */
export type ResolvedValue<K extends OptionName> = Rows[K] extends { default: unknown }
  ? OptionValue<K>
  : OptionValue<K> | undefined;

/** The table's rows with their names, in `--help` order. */
export const OPTION_ROWS: ReadonlyArray<readonly [OptionName, OptionRow]> = Object.entries(OPTIONS) as [
  OptionName,
  OptionRow,
][];
