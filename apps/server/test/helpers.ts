import { type Ack, type RoomCreateRequest, roomNamespace } from "@sanctuary/protocol";
import {
  type ClientOptions,
  connect,
  randomEnvelope as envelope,
  type JoinResult as KitJoinResult,
  createRoom as kitCreateRoom,
  lookup as kitLookup,
  once as kitOnce,
  joinProof as proof,
  requestRaw,
  startServer as startKitServer,
  type TestRoom,
  welcomeOrRefusal,
} from "@sanctuary/testkit";
import type { Socket } from "socket.io-client";
import { afterEach } from "vitest";
import { createServer, type SanctuaryServer, type ServerOptions } from "../src/index.js";

/**
 * The server tests' side of the shared test kit (`@sanctuary/testkit`): servers with
 * the server's own default limits, every socket remembered so `close()` disconnects it,
 * and the kit's raw client with this suite's short timeouts.
 */
export { b64, type ClientOptions, recorder, sleep, type TestRoom } from "@sanctuary/testkit";
export { envelope, proof };

/** A join's outcome with an untyped socket: these tests send junk on purpose. */
export type JoinResult = KitJoinResult<Socket>;

const ACK_MS = 2000;
const JOIN_MS = 3000;

export interface TestServer {
  server: SanctuaryServer;
  url: string;
  clients: Socket[];
  close(): Promise<void>;
}

/** Starts a real server on 127.0.0.1, port 0, with no web root unless one is given. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const running = await startKitServer(createServer, options, { limits: "default" });
  const clients: Socket[] = [];
  return {
    server: running.server,
    url: running.url,
    clients,
    async close() {
      for (const c of clients) c.disconnect();
      await running.close();
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

/** A socket with its own connection (one person), never reconnecting. */
export function socketFor(t: TestServer, path = "/", auth?: object, extra: ClientOptions = {}): Socket {
  const socket = connect(t.url, path, auth, extra);
  t.clients.push(socket);
  return socket;
}

export async function lobbyFor(t: TestServer, extra: ClientOptions = {}): Promise<Socket> {
  const socket = socketFor(t, "/", undefined, extra);
  await once(socket, "connect");
  return socket;
}

/** Emits anything (junk included) and waits for the acknowledgement. */
export function request<T extends object = Record<string, unknown>>(
  socket: Socket,
  event: string,
  ...args: unknown[]
): Promise<Ack<T>> {
  return requestRaw<T>(socket, event, args, ACK_MS);
}

/** Resolves with the first payload of `event`. */
export function once<T = unknown>(socket: Socket, event: string, ms = ACK_MS): Promise<T> {
  return kitOnce<T>(socket, event, ms);
}

export function createRoom(lobby: Socket, extra: Partial<RoomCreateRequest> = {}): Promise<TestRoom> {
  return kitCreateRoom(lobby, extra, { timeoutMs: ACK_MS });
}

export function lookup(lobby: Socket, roomId: string): Promise<string> {
  return kitLookup(lobby, roomId, ACK_MS);
}

/** Connects to a room namespace with the given auth, resolving with welcome or refusal. */
export function connectRoom(
  t: TestServer,
  roomId: string,
  auth: object,
  extra: ClientOptions = {},
): Promise<JoinResult> {
  return welcomeOrRefusal(socketFor(t, roomNamespace(roomId), auth, extra), JOIN_MS);
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
