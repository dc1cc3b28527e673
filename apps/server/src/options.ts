import { isIP } from "node:net";
import { resolve } from "node:path";
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
  DEFAULT_PORT,
  DEFAULT_RESUME_WINDOW_SECONDS,
  IMAGE_MAX_BYTES,
  LIFETIME_MAX_SECONDS,
  RATE_WINDOW_SECONDS,
  RESUME_WINDOW_MAX_SECONDS,
  TEXT_MAX_BYTES,
} from "@sanctuary/protocol";
import { Command, CommanderError } from "commander";
import type { ServerOptions } from "./serverOptions.js";
import { packageVersion } from "./version.js";

/**
 * The one module that reads command-line flags and `SANCTUARY_*` environment
 * variables. A flag wins over its variable; every value is checked here, so the rest
 * of the server can trust what it is given.
 */

/** Everything `main` needs to run. */
export interface CliOptions {
  host: string;
  port: number;
  ipv6Only: boolean;
  /** Print only the first URL instead of the whole banner. */
  quiet: boolean;
  /** Certificate and key files for HTTPS/WSS; `main` reads them once at startup. */
  tls?: { certFile: string; keyFile: string };
  /** Scale-out (F19): the Redis every node shares, and the secret every node shares. */
  redis?: { url: string; secret: string };
  server: ServerOptions;
}

export type ParseOutcome = { kind: "run"; options: CliOptions } | { kind: "exit"; code: number };

/** A value the user gave that cannot be used; `main` prints the message on one line. */
export class OptionsError extends Error {}

/** Exit code for a usage error (as in most Unix tools). */
export const USAGE_EXIT_CODE = 2;

export interface OptionsOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

const ENV = {
  host: "SANCTUARY_HOST",
  port: "SANCTUARY_PORT",
  ipv4: "SANCTUARY_IPV4",
  ipv6: "SANCTUARY_IPV6",
  webRoot: "SANCTUARY_WEB_ROOT",
  heartbeat: "SANCTUARY_HEARTBEAT",
  grace: "SANCTUARY_GRACE",
  resumeWindow: "SANCTUARY_RESUME_WINDOW",
  maxMembers: "SANCTUARY_MAX_MEMBERS",
  maxRooms: "SANCTUARY_MAX_ROOMS",
  maxLifetime: "SANCTUARY_MAX_LIFETIME",
  maxTextBytes: "SANCTUARY_MAX_TEXT_BYTES",
  maxImageBytes: "SANCTUARY_MAX_IMAGE_BYTES",
  maxAliasLength: "SANCTUARY_MAX_ALIAS_LENGTH",
  maxMessageRate: "SANCTUARY_MAX_MESSAGE_RATE",
  maxAddressRate: "SANCTUARY_MAX_ADDRESS_RATE",
  maxRoomsPerMinute: "SANCTUARY_MAX_ROOMS_PER_MINUTE",
  maxConnectionsPerAddress: "SANCTUARY_MAX_CONNECTIONS_PER_ADDRESS",
  maxJoinFailures: "SANCTUARY_MAX_JOIN_FAILURES",
  maxRoomJoinFailures: "SANCTUARY_MAX_ROOM_JOIN_FAILURES",
  kickBar: "SANCTUARY_KICK_BAR",
  trustProxy: "SANCTUARY_TRUST_PROXY",
  allowedOrigin: "SANCTUARY_ALLOWED_ORIGIN",
  tlsCert: "SANCTUARY_TLS_CERT",
  tlsKey: "SANCTUARY_TLS_KEY",
  redis: "SANCTUARY_REDIS",
  redisKey: "SANCTUARY_REDIS_KEY",
  quiet: "SANCTUARY_QUIET",
} as const;

type Key = keyof typeof ENV;
type RawValue = string | boolean | string[] | undefined;

/** The `ServerOptions` fields that hold a number. */
type NumericServerOption = {
  [F in keyof ServerOptions]-?: ServerOptions[F] extends number | undefined ? F : never;
}[keyof ServerOptions];

/** Every whole-number `ServerOptions` field: flag key, flag name, bounds, field; checked in this order. */
const SERVER_INTEGERS: ReadonlyArray<readonly [Key, string, number, number, NumericServerOption]> = [
  ["heartbeat", "--heartbeat", 10, 3_600_000, "heartbeatMs"],
  ["grace", "--grace", 0, 86_400_000, "emptyGraceMs"],
  ["resumeWindow", "--resume-window", 0, RESUME_WINDOW_MAX_SECONDS, "resumeWindowSeconds"],
  ["maxMembers", "--max-members", 1, 10_000, "maxMembers"],
  ["maxRooms", "--max-rooms", 1, 1_000_000, "maxRooms"],
  ["maxLifetime", "--max-lifetime", 60, LIFETIME_MAX_SECONDS, "maxLifetimeSeconds"],
  ["maxTextBytes", "--max-text-bytes", 1, TEXT_MAX_BYTES, "maxTextBytes"],
  ["maxImageBytes", "--max-image-bytes", 0, IMAGE_MAX_BYTES, "maxImageBytes"],
  ["maxAliasLength", "--max-alias-length", 1, ALIAS_MAX_CHARS, "maxAliasLength"],
  ["maxMessageRate", "--max-message-rate", 1, 100_000, "maxMessageRate"],
  ["maxAddressRate", "--max-address-rate", 1, 1_000_000, "maxAddressRate"],
  ["maxRoomsPerMinute", "--max-rooms-per-minute", 1, 1_000_000, "maxRoomsPerMinute"],
  ["maxConnectionsPerAddress", "--max-connections-per-address", 1, 1_000_000, "maxConnectionsPerAddress"],
  ["maxJoinFailures", "--max-join-failures", 1, 1_000_000, "maxJoinFailures"],
  ["maxRoomJoinFailures", "--max-room-join-failures", 1, 1_000_000, "maxRoomJoinFailures"],
  ["kickBar", "--kick-bar", 0, LIFETIME_MAX_SECONDS, "kickBarSeconds"],
];

/** The shortest `--redis-key` accepted: about 192 bits as base64. */
const REDIS_KEY_MIN_CHARS = 32;

/**
 * Parses `argv` (without the node and script entries) and `env`. Help and version are
 * printed through `output` and come back as `{kind: "exit", code: 0}`; an unknown flag
 * as exit code 2 after commander's one-line message. A bad value throws `OptionsError`.
 *
 * @example
 * const outcome = parseOptions(process.argv.slice(2), process.env);
 */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  output: OptionsOutput = {
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  },
): ParseOutcome {
  const program = new Command()
    .name("sanctuary")
    .description("Self-hosted, end-to-end encrypted, ephemeral chatrooms. Nothing is logged or stored.")
    .version(packageVersion(), "-v, --version", "print the version and exit")
    .helpOption("-h, --help", "show this help and exit")
    .option("--host <host>", `address to listen on (default "::", dual stack) [${ENV.host}]`)
    .option("--port <port>", `port to listen on (default ${DEFAULT_PORT}) [${ENV.port}]`)
    .option("-4, --ipv4", `IPv4 only: listen on 0.0.0.0 [${ENV.ipv4}]`)
    .option("-6, --ipv6", `IPv6 only: listen on :: without IPv4 [${ENV.ipv6}]`)
    .option("--web-root <dir>", `directory of the built web app (default apps/web/dist) [${ENV.webRoot}]`)
    .option("--heartbeat <ms>", `room sweep interval (default ${DEFAULT_HEARTBEAT_MS}) [${ENV.heartbeat}]`)
    .option(
      "--grace <ms>",
      `how long an empty room survives (default ${DEFAULT_EMPTY_GRACE_MS}) [${ENV.grace}]`,
    )
    .option(
      "--resume-window <s>",
      `seconds a dropped member's seat is held for an automatic rejoin, 0 for none (default ${DEFAULT_RESUME_WINDOW_SECONDS}) [${ENV.resumeWindow}]`,
    )
    .option("--max-members <n>", `members per room (default ${DEFAULT_MAX_MEMBERS}) [${ENV.maxMembers}]`)
    .option("--max-rooms <n>", `live rooms on this server (default ${DEFAULT_MAX_ROOMS}) [${ENV.maxRooms}]`)
    .option("--max-lifetime <s>", `cap on a room's life in seconds (default none) [${ENV.maxLifetime}]`)
    .option(
      "--max-text-bytes <n>",
      `largest message text in bytes, before encryption (default and max ${TEXT_MAX_BYTES}) [${ENV.maxTextBytes}]`,
    )
    .option(
      "--max-image-bytes <n>",
      `largest image in a message in bytes, 0 for no images (default and max ${IMAGE_MAX_BYTES}) [${ENV.maxImageBytes}]`,
    )
    .option(
      "--max-alias-length <n>",
      `longest alias in characters (default and max ${ALIAS_MAX_CHARS}) [${ENV.maxAliasLength}]`,
    )
    .option(
      "--max-message-rate <n>",
      `events per second per socket, over ${RATE_WINDOW_SECONDS} s (default ${DEFAULT_MAX_MESSAGE_RATE}) [${ENV.maxMessageRate}]`,
    )
    .option(
      "--max-address-rate <n>",
      `events per second per address, all its sockets (default ${DEFAULT_MAX_ADDRESS_RATE}) [${ENV.maxAddressRate}]`,
    )
    .option(
      "--max-rooms-per-minute <n>",
      `rooms one address may create per minute (default ${DEFAULT_MAX_ROOMS_PER_MINUTE}) [${ENV.maxRoomsPerMinute}]`,
    )
    .option(
      "--max-connections-per-address <n>",
      `live connections per address (default ${DEFAULT_MAX_CONNECTIONS_PER_ADDRESS}) [${ENV.maxConnectionsPerAddress}]`,
    )
    .option(
      "--max-join-failures <n>",
      `wrong passwords per address before joins back off (default ${DEFAULT_MAX_JOIN_FAILURES}) [${ENV.maxJoinFailures}]`,
    )
    .option(
      "--max-room-join-failures <n>",
      `wrong passwords per room before joins back off (default ${DEFAULT_MAX_ROOM_JOIN_FAILURES}) [${ENV.maxRoomJoinFailures}]`,
    )
    .option(
      "--kick-bar <s>",
      `seconds a kicked member's address may not rejoin, 0 for none (default ${DEFAULT_KICK_BAR_SECONDS}) [${ENV.kickBar}]`,
    )
    .option(
      "--trust-proxy",
      `behind a reverse proxy: take the client address from X-Forwarded-For [${ENV.trustProxy}]`,
    )
    .option(
      "--allowed-origin <origin...>",
      `extra origins allowed to open sockets, e.g. https://chat.example.org [${ENV.allowedOrigin}, comma-separated]`,
    )
    .option("--tls-cert <file>", `TLS certificate (PEM) to serve HTTPS and WSS [${ENV.tlsCert}]`)
    .option("--tls-key <file>", `TLS private key (PEM) for --tls-cert [${ENV.tlsKey}]`)
    .option(
      "--redis <url>",
      `scale out: share rooms with other sanctuary processes through this Redis (redis:// or rediss://) [${ENV.redis}]`,
    )
    .option(
      "--redis-key <secret>",
      `with --redis: a secret of ${REDIS_KEY_MIN_CHARS}+ characters every node shares; aliases and keys are sealed with it before they reach Redis (prefer the variable: flags show in ps) [${ENV.redisKey}]`,
    )
    .option("--quiet", `print only the first URL instead of the banner [${ENV.quiet}]`)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ writeOut: output.writeOut, writeErr: output.writeErr });

  try {
    program.parse([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      const done = err.code === "commander.helpDisplayed" || err.code === "commander.version";
      return { kind: "exit", code: done ? 0 : USAGE_EXIT_CODE };
    }
    throw err;
  }

  const flags = program.opts<Partial<Record<Key, string | boolean | string[]>>>();
  const raw = (key: Key): RawValue => flags[key] ?? env[ENV[key]];
  return { kind: "run", options: toCliOptions(raw) };
}

function toCliOptions(raw: (key: Key) => RawValue): CliOptions {
  const redisOptions = redis(raw("redis"), raw("redisKey"));

  const ipv4 = flag(raw, "ipv4", "--ipv4");
  const ipv6 = flag(raw, "ipv6", "--ipv6");
  if (ipv4 && ipv6) throw new OptionsError("choose -4 (IPv4 only) or -6 (IPv6 only), not both");

  const hostRaw = raw("host");
  const host = hostRaw === undefined ? (ipv4 ? "0.0.0.0" : "::") : hostName(String(hostRaw));
  if (ipv4 && isIP(host) === 6) throw new OptionsError(`--host ${host} is IPv6 but -4 asks for IPv4 only`);
  if (ipv6 && isIP(host) === 4) throw new OptionsError(`--host ${host} is IPv4 but -6 asks for IPv6 only`);

  const server: ServerOptions = {};
  const webRoot = raw("webRoot");
  if (webRoot !== undefined) {
    if (typeof webRoot !== "string" || webRoot.length === 0)
      throw new OptionsError("--web-root needs a directory");
    server.webRoot = resolve(webRoot);
  }
  for (const [key, name, min, max, field] of SERVER_INTEGERS) {
    const value = integer(raw, key, name, min, max);
    if (value !== undefined) server[field] = value;
  }
  if (flag(raw, "trustProxy", "--trust-proxy")) server.trustProxy = true;
  const origins = allowedOrigins(raw("allowedOrigin"));
  if (origins.length > 0) server.allowedOrigins = origins;

  const options: CliOptions = {
    host,
    port: integer(raw, "port", "--port", 0, 65_535) ?? DEFAULT_PORT,
    ipv6Only: ipv6,
    quiet: flag(raw, "quiet", "--quiet"),
    server,
  };
  const tls = tlsFiles(raw("tlsCert"), raw("tlsKey"));
  if (tls) options.tls = tls;
  if (redisOptions) options.redis = redisOptions;
  return options;
}

/** `--redis` needs a redis:// or rediss:// URL and, with it, the shared `--redis-key`. */
function redis(value: RawValue, key: RawValue): CliOptions["redis"] {
  if (value === undefined) {
    if (typeof key === "string" && key.length > 0) {
      throw new OptionsError(`--redis-key (or ${ENV.redisKey}) is only used with --redis`);
    }
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(String(value));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
    throw new OptionsError(`--redis (or ${ENV.redis}) must be a redis:// or rediss:// URL`);
  }
  const secret = typeof key === "string" ? key : "";
  if ([...secret].length < REDIS_KEY_MIN_CHARS) {
    throw new OptionsError(
      `--redis needs ${ENV.redisKey} (or --redis-key): a secret of at least ${REDIS_KEY_MIN_CHARS} characters shared by every node, e.g. from \`openssl rand -base64 32\``,
    );
  }
  return { url: url.href, secret };
}

/** Origins as browsers send them (`scheme://host[:port]`, lowercase, no path). */
function allowedOrigins(value: RawValue): string[] {
  if (value === undefined || typeof value === "boolean") return [];
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  return items.map((item) => {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      throw new OptionsError(`--allowed-origin "${item}" is not an origin like https://chat.example.org`);
    }
    const plain = url.pathname === "/" && url.search === "" && url.hash === "" && url.username === "";
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !plain) {
      throw new OptionsError(`--allowed-origin "${item}" is not an origin like https://chat.example.org`);
    }
    return url.origin;
  });
}

/** Both files or neither; they are read (and checked as a pair) by `main` at startup. */
function tlsFiles(cert: RawValue, key: RawValue): CliOptions["tls"] {
  const certFile = typeof cert === "string" && cert.length > 0 ? cert : undefined;
  const keyFile = typeof key === "string" && key.length > 0 ? key : undefined;
  if (certFile === undefined && keyFile === undefined) return undefined;
  if (certFile === undefined || keyFile === undefined) {
    throw new OptionsError("--tls-cert and --tls-key go together: give both files, or neither");
  }
  return { certFile: resolve(certFile), keyFile: resolve(keyFile) };
}

function hostName(value: string): string {
  // Brackets are how people write IPv6 in URLs; listen() wants the bare address.
  const host = value.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host) !== 0) return host;
  if (
    /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
      host,
    )
  ) {
    return host;
  }
  throw new OptionsError(`--host "${value}" is not an IP address or host name`);
}

function integer(
  raw: (key: Key) => RawValue,
  key: Key,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = raw(key);
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new OptionsError(`${name} (or ${ENV[key]}) must be a whole number from ${min} to ${max}`);
  }
  return n;
}

function flag(raw: (key: Key) => RawValue, key: Key, name: string): boolean {
  const value = raw(key);
  if (value === undefined || typeof value === "boolean") return value === true;
  if (Array.isArray(value)) throw new OptionsError(`${name} takes no value`);
  const text = value.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(text)) return true;
  if (["", "0", "false", "no", "off"].includes(text)) return false;
  throw new OptionsError(`${ENV[key]} must be true or false (for ${name})`);
}
