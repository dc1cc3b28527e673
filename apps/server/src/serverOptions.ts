import { fileURLToPath } from "node:url";
import {
  DEFAULT_EMPTY_GRACE_MS,
  DEFAULT_HEARTBEAT_MS,
  DEFAULT_MAX_MEMBERS,
  DEFAULT_MAX_ROOMS,
  LIFETIME_MAX_SECONDS,
} from "@sanctuary/protocol";
import type { RoomRegistry } from "./rooms/roomRegistry.js";

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
  /** Members per room (default 50). */
  maxMembers?: number;
  /** Live rooms per server (default 1000). */
  maxRooms?: number;
  /**
   * Upper bound on a room's life, in seconds. A room asking for longer gets this; when
   * set, a room asking for no self-destruct gets it too, since the operator chose a cap.
   */
  maxLifetimeSeconds?: number;
  /** True when served over TLS: enables HSTS and `upgrade-insecure-requests`. */
  tls?: boolean;
  /** Where room records live (default: a fresh in-memory registry). */
  registry?: RoomRegistry;
}

export interface ResolvedServerOptions {
  webRoot: string | null;
  heartbeatMs: number;
  emptyGraceMs: number;
  maxMembers: number;
  maxRooms: number;
  maxLifetimeSeconds: number | undefined;
  tls: boolean;
}

/** `apps/web/dist`, from `apps/server/dist/*.js` (or `apps/server/src/*.ts` under test). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** Fills in defaults; callers (the CLI, tests) have already validated the values. */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  return {
    webRoot: options.webRoot === undefined ? DEFAULT_WEB_ROOT : options.webRoot,
    heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    emptyGraceMs: options.emptyGraceMs ?? DEFAULT_EMPTY_GRACE_MS,
    maxMembers: options.maxMembers ?? DEFAULT_MAX_MEMBERS,
    maxRooms: options.maxRooms ?? DEFAULT_MAX_ROOMS,
    maxLifetimeSeconds:
      options.maxLifetimeSeconds === undefined
        ? undefined
        : Math.min(options.maxLifetimeSeconds, LIFETIME_MAX_SECONDS),
    tls: options.tls ?? false,
  };
}
