import { FILE_CHUNK_PACKET_BYTES, maxPacketBytes, messageCtMaxChars } from "@sanctuary/protocol";
import type { RedisCluster } from "../cluster/redisCluster.js";
import type { RoomRegistry } from "../registry/roomRegistry.js";
import { OPTION_ROWS, type OptionValue, type ResolvedValue, type ServerOptionName } from "./optionTable.js";
import { checkValue } from "./values.js";

/** The `ServerOptions` fields that are plain values: one table row each (optionTable.ts). */
type TableOptions = { [K in ServerOptionName]?: OptionValue<K> };
type ResolvedTableOptions = { [K in ServerOptionName]: ResolvedValue<K> };

/**
 * What `createServer` accepts; every field has a default. The plain values are checked
 * against the same rows as the command line, so a value `sanctuary` refuses is refused
 * here too, with the same message.
 */
export interface ServerOptions extends Omit<TableOptions, "webRoot"> {
  /**
   * Directory holding the built web app. Default: `apps/web/dist`, found relative to
   * this compiled file. `null` serves no static files at all.
   */
  webRoot?: string | null;
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
  /** This machine's name for the Host check (default `os.hostname()`); tests inject one. */
  machineName?: string;
}

export interface ResolvedServerOptions extends Omit<ResolvedTableOptions, "webRoot"> {
  webRoot: string | null;
  /** Longest `ct` of a message or whisper envelope, from the text and image caps. */
  messageCtMaxChars: number;
  /** Socket.IO's `maxHttpBufferSize`, just above the largest legal packet. */
  maxPacketBytes: number;
  /** `--max-socket-buffer` in bytes, never below two of the largest packets. */
  maxSocketBufferBytes: number;
  tls: boolean;
}

/**
 * Checks every plain value against its row and fills in the defaults. Throws
 * `OptionsError` for a value out of its row's range, as `sanctuary` would.
 *
 * @example
 * resolveServerOptions({ heartbeatMs: 50 }).heartbeatMs; // 50
 */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  // `webRoot: null` (no static files) is the one value outside its row.
  const given: Record<string, unknown> = { ...options, webRoot: options.webRoot ?? undefined };
  const values: Record<string, unknown> = {};
  for (const [name, row] of OPTION_ROWS) {
    if (row.target !== "server") continue;
    const value = given[name];
    values[name] =
      value === undefined ? ("default" in row ? row.default : undefined) : checkValue(name, row, value);
  }
  const table = values as ResolvedTableOptions;
  const ctMaxChars = messageCtMaxChars(table.maxTextBytes, table.maxImageBytes);
  // A server that relays files (F45) takes a chunk whatever its message caps are.
  const packetBytes = Math.max(
    maxPacketBytes(ctMaxChars),
    table.maxFileSizeMiB > 0 ? FILE_CHUNK_PACKET_BYTES : 0,
  );
  return {
    ...table,
    webRoot: options.webRoot === null ? null : table.webRoot,
    messageCtMaxChars: ctMaxChars,
    maxPacketBytes: packetBytes,
    maxSocketBufferBytes: Math.max(table.maxSocketBufferKiB * 1024, 2 * packetBytes),
    tls: options.tls ?? options.https !== undefined,
  };
}
