import type { Ack, ErrorCode } from "@sanctuary/protocol";
import { isErrorCode, roomNamespace } from "@sanctuary/protocol";
import { Manager, type Socket } from "socket.io-client";
import { SanctuaryError } from "./errors.js";

/**
 * Socket plumbing shared by the lobby and room steps: one Manager (one engine.io
 * connection, multiplexed) per session, acknowledged requests with a timeout, and
 * server refusals turned into `SanctuaryError`s with the server's code.
 */

/** How long a request waits for its acknowledgement before it counts as a network failure. */
export const ACK_TIMEOUT_MS = 10_000;
/** How long the room handshake (connect, then `room:welcome`) may take. */
export const JOIN_TIMEOUT_MS = 15_000;

/** The server URL, defaulting to the page's own origin in a browser. */
export function resolveServerUrl(serverUrl: string | undefined): string {
  const url = serverUrl ?? (globalThis as { location?: { origin?: string } }).location?.origin;
  if (!url) throw new SanctuaryError("BAD_INPUT", "No server URL was given and there is no page origin.");
  return url;
}

/**
 * One Manager for the lobby and room sockets. `reconnection: false` because a join
 * nonce is single use: a silent reconnect would be refused anyway (resuming after a
 * blip is a separate, token-based mechanism). `autoConnect: false` so each socket
 * connects only when asked, after its listeners are in place.
 */
export function createManager(serverUrl: string): Manager {
  return new Manager(serverUrl, {
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnection: false,
    autoConnect: false,
  });
}

/** Resolves once `socket` is connected; rejects with the refusal's code otherwise. */
export function waitConnected(socket: Socket): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onConnect = () => {
      socket.off("connect_error", onError);
      resolve();
    };
    const onError = (err: Error & { data?: unknown }) => {
      socket.off("connect", onConnect);
      reject(connectError(err));
    };
    socket.once("connect", onConnect);
    socket.once("connect_error", onError);
    if (!socket.active) socket.connect();
  });
}

/**
 * A namespace-middleware refusal carries `{code, message}` in `err.data`; anything
 * else (no server, TLS failure, transport error) is a network problem.
 */
export function connectError(err: Error & { data?: unknown }): SanctuaryError {
  const data = err.data as { code?: unknown; message?: unknown } | undefined;
  if (data && isErrorCode(data.code)) {
    return new SanctuaryError(data.code, typeof data.message === "string" ? data.message : err.message);
  }
  return new SanctuaryError("NETWORK", "Could not reach the Sanctuary server.");
}

/**
 * Emits `event` and waits for its `{ok, ...}` acknowledgement. Resolves with the
 * success payload; rejects with the server's code, or NETWORK on timeout/disconnect.
 */
export async function request<T extends object>(socket: Socket, event: string, payload: unknown): Promise<T> {
  let res: Ack<T>;
  try {
    res = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload)) as Ack<T>;
  } catch {
    throw new SanctuaryError("NETWORK", "The server did not answer in time.");
  }
  if (typeof res !== "object" || res === null) {
    throw new SanctuaryError("INTERNAL", "The server sent a malformed reply.");
  }
  if (res.ok === true) return res;
  const code: ErrorCode = isErrorCode(res.code) ? res.code : "INTERNAL";
  throw new SanctuaryError(code, typeof res.message === "string" ? res.message : "The request failed.");
}

/** Opens the socket of room `roomId` on `manager` with the given handshake `auth`. */
export function roomSocket(manager: Manager, roomId: string, auth: Record<string, string>): Socket {
  return manager.socket(roomNamespace(roomId), { auth });
}
