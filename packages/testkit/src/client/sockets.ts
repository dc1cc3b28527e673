import type {
  Ack,
  AckOk,
  LobbyAck,
  LobbyClientEvents,
  LobbyRequest,
  LobbyRequestName,
  LobbyServerEvents,
  RoomAck,
  RoomClientEvents,
  RoomRequest,
  RoomRequestName,
  RoomServerEvents,
} from "@sanctuary/protocol";
import { CLIENT_HEADER, CLIENT_HEADER_VALUE } from "@sanctuary/protocol";
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";

/** A socket on the lobby `/`, typed with the protocol's derived event maps. */
export type LobbySocket = Socket<LobbyServerEvents, LobbyClientEvents>;
/** A socket on a room namespace `/r/<roomId>`, typed with the protocol's derived event maps. */
export type RoomSocket = Socket<RoomServerEvents, RoomClientEvents>;
/** Any socket, typed or not: what the untyped helpers (junk, recorders) accept. */
// biome-ignore lint/suspicious/noExplicitAny: any event map, typed or untyped
export type AnySocket = Socket<any, any>;

/** How long the kit waits for an acknowledgement or an event unless told (ms). */
export const DEFAULT_TIMEOUT_MS = 5000;

/** The header Sanctuary's own clients send on every handshake, as the SDK does. */
export const CLIENT_HEADERS: Record<string, string> = { [CLIENT_HEADER]: CLIENT_HEADER_VALUE };

/** Extra socket.io-client options, e.g. `{ localAddress: "127.0.0.2" }` to be another address. */
export type ClientOptions = Partial<ManagerOptions & SocketOptions> & { localAddress?: string };

/**
 * A socket with its own connection (one person), WebSocket only, never reconnecting;
 * `auth` is the handshake's auth. It starts connecting at once.
 */
export function connect<S extends AnySocket = Socket>(
  url: string,
  path = "/",
  auth?: object,
  extra: ClientOptions = {},
): S {
  return io(`${url}${path}`, {
    forceNew: true,
    reconnection: false,
    transports: ["websocket"],
    extraHeaders: CLIENT_HEADERS,
    ...(auth ? { auth: auth as Record<string, unknown> } : {}),
    ...extra,
  }) as S;
}

/** Resolves once `socket` is connected (connecting it if needed); rejects on a refusal. */
export function connected(socket: AnySocket, ms = DEFAULT_TIMEOUT_MS): Promise<void> {
  if (socket.connected) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("connect timed out")), ms);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once("connect_error", (err: Error) => {
      clearTimeout(timer);
      reject(new Error(`connect_error: ${err.message}`));
    });
    if (!socket.active) socket.connect();
  });
}

/** A connected lobby socket with its own connection. */
export async function openLobby(url: string, extra: ClientOptions = {}, ms = DEFAULT_TIMEOUT_MS) {
  const lobby = connect<LobbySocket>(url, "/", undefined, extra);
  await connected(lobby, ms);
  return lobby;
}

/** A lobby request, typed by event: resolves with its acknowledgement (ok or not). */
export function request<E extends LobbyRequestName>(
  socket: LobbySocket,
  event: E,
  payload: LobbyRequest<E>,
  ms?: number,
): Promise<Ack<LobbyAck<E>>>;
/** A room request, typed by event: resolves with its acknowledgement (ok or not). */
export function request<E extends RoomRequestName>(
  socket: RoomSocket,
  event: E,
  payload: RoomRequest<E>,
  ms?: number,
): Promise<Ack<RoomAck<E>>>;
export function request(socket: AnySocket, event: string, payload: unknown, ms = DEFAULT_TIMEOUT_MS) {
  return socket.timeout(ms).emitWithAck(event, payload);
}

/**
 * Emits anything (any event, any arguments, malformed on purpose) and waits for the
 * acknowledgement, for tests of what the server refuses.
 */
export function requestRaw<T extends object = Record<string, unknown>>(
  socket: AnySocket,
  event: string,
  args: readonly unknown[],
  ms = DEFAULT_TIMEOUT_MS,
): Promise<Ack<T>> {
  return socket.timeout(ms).emitWithAck(event, ...args) as Promise<Ack<T>>;
}

/** The acknowledgement's success fields; throws `<what> refused: <code>` on an error. */
export function requireOk<T extends object>(ack: Ack<T>, what: string): AckOk<T> {
  if (!ack.ok) throw new Error(`${what} refused: ${ack.code}`);
  return ack;
}

/** Resolves with the first payload of `event`; rejects after `ms`. */
export function once<T = unknown>(socket: AnySocket, event: string, ms = DEFAULT_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Records every event a socket receives, for "received nothing" checks. */
export function recorder(socket: AnySocket): Array<[string, unknown[]]> {
  const seen: Array<[string, unknown[]]> = [];
  socket.onAny((event: string, ...args: unknown[]) => seen.push([event, args]));
  return seen;
}

/** Destroys the client's TCP socket under its WebSocket: the server sees a dead network. */
export function cutClientNetwork(socket: AnySocket): void {
  const engine = socket.io.engine as unknown as { transport?: { ws?: { _socket?: { destroy(): void } } } };
  const tcp = engine.transport?.ws?._socket;
  if (!tcp) throw new Error("no WebSocket to cut");
  tcp.destroy();
}
