import { createHmac, randomBytes } from "node:crypto";
import {
  type Ack,
  type Envelope,
  type JoinRefusal,
  joinProofMessage,
  KDF_DEFAULT,
  type RoomCreateRequest,
  type Welcome,
} from "@sanctuary/protocol";
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { afterEach } from "vitest";
import { createServer, type SanctuaryServer, type ServerOptions } from "../src/index.js";

/**
 * The client side of the protocol done with Node's crypto, so server tests need no
 * client SDK: a random authKey stands in for the Argon2id/HKDF output, and envelopes
 * are random but well-formed (the server never decrypts them anyway).
 */

export const b64 = (bytes: number): string => randomBytes(bytes).toString("base64url");

export interface TestServer {
  server: SanctuaryServer;
  url: string;
  clients: Socket[];
  close(): Promise<void>;
}

/** Starts a real server on 127.0.0.1, port 0, with no web root unless one is given. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const server = createServer({ webRoot: null, ...options });
  const { port } = await server.listen(0, "127.0.0.1");
  const clients: Socket[] = [];
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    clients,
    async close() {
      for (const c of clients) c.disconnect();
      await server.close();
    },
  };
}

/**
 * For tests that each start their own server: registers an `afterEach` that closes
 * every server started through the returned function during the test.
 *
 * @example
 * const start = useServers();
 * it("...", async () => {
 *   const t = await start({ maxMembers: 2 });
 * });
 */
export function useServers(): (options?: ServerOptions) => Promise<TestServer> {
  const started: TestServer[] = [];
  afterEach(async () => {
    for (const t of started.splice(0)) await t.close();
  });
  return async (options) => {
    const t = await startServer(options);
    started.push(t);
    return t;
  };
}

/** Extra socket.io-client options, e.g. `{ localAddress: "127.0.0.2" }` to be another address. */
export type ClientOptions = Partial<ManagerOptions & SocketOptions> & { localAddress?: string };

/** A socket with its own connection (one person), never reconnecting. */
export function socketFor(t: TestServer, path = "/", auth?: object, extra: ClientOptions = {}): Socket {
  const socket = connect(`${t.url}${path}`, {
    forceNew: true,
    reconnection: false,
    transports: ["websocket"],
    ...(auth ? { auth: auth as Record<string, unknown> } : {}),
    ...extra,
  });
  t.clients.push(socket);
  return socket;
}

export async function lobbyFor(t: TestServer, extra: ClientOptions = {}): Promise<Socket> {
  const socket = socketFor(t, "/", undefined, extra);
  await once(socket, "connect");
  return socket;
}

/** Emits and waits for the acknowledgement. */
export function request<T extends object = Record<string, unknown>>(
  socket: Socket,
  event: string,
  ...args: unknown[]
): Promise<Ack<T>> {
  return socket.timeout(2000).emitWithAck(event, ...args) as Promise<Ack<T>>;
}

/** Resolves with the first payload of `event`. */
export function once<T = unknown>(socket: Socket, event: string, ms = 2000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Records every event a socket receives, for "received nothing" checks. */
export function recorder(socket: Socket): Array<[string, unknown[]]> {
  const seen: Array<[string, unknown[]]> = [];
  socket.onAny((event: string, ...args: unknown[]) => seen.push([event, args]));
  return seen;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function envelope(ctBlocks = 2): Envelope {
  return { v: 1, iv: b64(16), ct: b64(16 * ctBlocks), mac: b64(32) };
}

export interface TestRoom {
  roomId: string;
  authKey: Buffer;
  salt: string;
  expiresAt?: number;
}

export async function createRoom(lobby: Socket, extra: Partial<RoomCreateRequest> = {}): Promise<TestRoom> {
  const authKey = randomBytes(32);
  const salt = b64(16);
  const res = await request<{ roomId: string; expiresAt?: number }>(lobby, "room:create", {
    salt,
    kdf: { ...KDF_DEFAULT },
    authKey: authKey.toString("base64url"),
    ...extra,
  });
  if (!res.ok) throw new Error(`room:create failed: ${res.code}`);
  return { roomId: res.roomId, authKey, salt, ...(res.expiresAt ? { expiresAt: res.expiresAt } : {}) };
}

export async function lookup(lobby: Socket, roomId: string): Promise<string> {
  const res = await request<{ nonce: string }>(lobby, "room:lookup", { roomId });
  if (!res.ok) throw new Error(`room:lookup failed: ${res.code}`);
  return res.nonce;
}

export function proof(authKey: Buffer, roomId: string, nonce: string, alias: string): string {
  return createHmac("sha256", authKey)
    .update(joinProofMessage(roomId, nonce, alias))
    .digest("base64url");
}

export type JoinResult =
  | { ok: true; socket: Socket; welcome: Welcome }
  | { ok: false; socket: Socket; refusal: JoinRefusal; message: string };

/** Connects to a room namespace with the given auth, resolving with welcome or refusal. */
export function connectRoom(
  t: TestServer,
  roomId: string,
  auth: object,
  extra: ClientOptions = {},
): Promise<JoinResult> {
  const socket = socketFor(t, `/r/${roomId}`, auth, extra);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("join timed out")), 3000);
    socket.once("room:welcome", (welcome: Welcome) => {
      clearTimeout(timer);
      resolve({ ok: true, socket, welcome });
    });
    socket.once("connect_error", (err: Error & { data?: JoinRefusal }) => {
      clearTimeout(timer);
      resolve({ ok: false, socket, refusal: err.data as JoinRefusal, message: err.message });
    });
  });
}

/** Lookup + proof + connect: the whole join, as a client would do it. */
export async function join(
  t: TestServer,
  lobby: Socket,
  room: TestRoom,
  alias: string,
  key: Buffer = room.authKey,
  extra: ClientOptions = {},
): Promise<JoinResult> {
  const nonce = await lookup(lobby, room.roomId);
  return connectRoom(t, room.roomId, { alias, nonce, proof: proof(key, room.roomId, nonce, alias) }, extra);
}

/** A join that must succeed. */
export async function joined(
  t: TestServer,
  lobby: Socket,
  room: TestRoom,
  alias: string,
  extra: ClientOptions = {},
) {
  const result = await join(t, lobby, room, alias, room.authKey, extra);
  if (!result.ok) throw new Error(`join refused: ${result.refusal?.code}`);
  return result;
}
