import {
  CLIENT_HEADER,
  CLIENT_HEADER_VALUE,
  isErrorCode,
  lobbyProtocol,
  roomNamespace,
  roomProtocol,
} from "@sanctuary/protocol";
import { Manager, type Socket } from "socket.io-client";
import { SanctuaryError } from "./errors.js";
import { type LobbySocket, type RoomSocket, speaking } from "./typedSocket.js";

/**
 * Socket plumbing shared by the lobby and room steps: one Manager (one engine.io
 * connection, multiplexed) per session, typed lobby and room sockets, and handshake
 * refusals turned into `SanctuaryError`s with the server's code.
 */
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
    // Polling XHR in browsers, both transports in Node: the server requires it on a
    // polling handshake without Origin or Sec-Fetch-Site (a LAN address over plain
    // HTTP), where it tells this client from another site's <img>.
    extraHeaders: { [CLIENT_HEADER]: CLIENT_HEADER_VALUE },
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
  const data = err.data as { code?: unknown; message?: unknown; retryAfterMs?: unknown } | undefined;
  if (data && isErrorCode(data.code)) {
    const retry = data.retryAfterMs;
    const details =
      typeof retry === "number" && Number.isFinite(retry) && retry >= 0 ? { retryAfterMs: retry } : {};
    return new SanctuaryError(
      data.code,
      typeof data.message === "string" ? data.message : err.message,
      details,
    );
  }
  return new SanctuaryError("NETWORK", "Could not reach the Sanctuary server.");
}

/**
 * Opens the socket of room `roomId` on `manager` with the given handshake `auth`. The
 * Manager keeps one socket per namespace, so a second attempt (a retry after
 * NONCE_EXPIRED) gets the refused socket back: its `auth` is replaced here.
 */
export function roomSocket(manager: Manager, roomId: string, auth: Record<string, string>): RoomSocket {
  const socket = manager.socket(roomNamespace(roomId), { auth });
  socket.auth = auth;
  return speaking(socket, roomProtocol);
}

/** Opens the lobby socket `/` on `manager`. */
export function lobbySocket(manager: Manager): LobbySocket {
  return speaking(manager.socket("/"), lobbyProtocol);
}
