import { createHmac, randomBytes } from "node:crypto";
import {
  type JoinRefusal,
  joinProofMessage,
  KDF_DEFAULT,
  type RoomCreateRequest,
  roomNamespace,
  type Welcome,
} from "@sanctuary/protocol";
import { Manager } from "socket.io-client";
import { b64 } from "./envelopes.js";
import {
  type AnySocket,
  CLIENT_HEADERS,
  type ClientOptions,
  connect,
  connected,
  DEFAULT_TIMEOUT_MS,
  type LobbySocket,
  type RoomSocket,
  request,
  requireOk,
} from "./sockets.js";

/**
 * The client side of rooms done with Node's crypto, so tests and the bench need no
 * client SDK: a random authKey stands in for the Argon2id/HKDF output of a password.
 */

/** A room this client created: what a member needs to join it. */
export interface TestRoom {
  roomId: string;
  authKey: Buffer;
  salt: string;
  expiresAt?: number;
}

export interface CreateRoomOptions {
  /** The verifier key (default: 32 random bytes). */
  authKey?: Buffer;
  timeoutMs?: number;
}

/** Creates a room with default KDF parameters; `extra` overrides or adds request fields. */
export async function createRoom(
  lobby: LobbySocket,
  extra: Partial<RoomCreateRequest> = {},
  { authKey = randomBytes(32), timeoutMs }: CreateRoomOptions = {},
): Promise<TestRoom> {
  const salt = b64(16);
  const res = await request(
    lobby,
    "room:create",
    { salt, kdf: { ...KDF_DEFAULT }, authKey: authKey.toString("base64url"), ...extra },
    timeoutMs,
  );
  if (!res.ok) throw new Error(`room:create failed: ${res.code}`);
  return { roomId: res.roomId, authKey, salt, ...(res.expiresAt ? { expiresAt: res.expiresAt } : {}) };
}

/** A fresh join challenge for `roomId`. */
export async function lookup(lobby: LobbySocket, roomId: string, timeoutMs?: number): Promise<string> {
  const res = await request(lobby, "room:lookup", { roomId }, timeoutMs);
  if (!res.ok) throw new Error(`room:lookup failed: ${res.code}`);
  return res.nonce;
}

/** The join proof: HMAC-SHA256 under the authKey over the protocol's proof message. */
export function joinProof(authKey: Buffer, roomId: string, nonce: string, alias: string): string {
  return createHmac("sha256", authKey)
    .update(joinProofMessage(roomId, nonce, alias))
    .digest("base64url");
}

/** A join's outcome; `S` is the room socket's type (untyped for tests that send junk). */
export type JoinResult<S extends AnySocket = RoomSocket> =
  | { ok: true; socket: S; welcome: Welcome }
  | { ok: false; socket: S; refusal: JoinRefusal; message: string };

/**
 * Resolves with the room's welcome, or with the refusal the server attached to
 * `connect_error`; rejects after `ms`. Listen before the socket connects.
 */
export function welcomeOrRefusal<S extends AnySocket = RoomSocket>(
  socket: S,
  ms = DEFAULT_TIMEOUT_MS,
): Promise<JoinResult<S>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("join timed out")), ms);
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

/**
 * Connects to a room namespace on its own connection with the given handshake `auth`
 * (a join `{alias, nonce, proof}`, a resume `{resume}`, or anything at all).
 */
export function connectRoom(
  url: string,
  roomId: string,
  auth: object,
  extra: ClientOptions = {},
  ms = DEFAULT_TIMEOUT_MS,
): Promise<JoinResult> {
  return welcomeOrRefusal(connect<RoomSocket>(url, roomNamespace(roomId), auth, extra), ms);
}

export interface JoinOptions {
  /** The key the proof is made with (default: the room's; another one is a wrong password). */
  key?: Buffer;
  /** Socket options of the room socket. */
  client?: ClientOptions;
  timeoutMs?: number;
}

/** Lookup + proof + connect: the whole join, as a client does it. */
export async function joinRoom(
  url: string,
  lobby: LobbySocket,
  room: TestRoom,
  alias: string,
  { key = room.authKey, client = {}, timeoutMs }: JoinOptions = {},
): Promise<JoinResult> {
  const nonce = await lookup(lobby, room.roomId, timeoutMs);
  const proof = joinProof(key, room.roomId, nonce, alias);
  return connectRoom(url, room.roomId, { alias, nonce, proof }, client, timeoutMs);
}

/** Takes back an away member's seat with its resume token. */
export function resumeRoom(
  url: string,
  roomId: string,
  resumeToken: string,
  extra: ClientOptions = {},
  ms?: number,
): Promise<JoinResult> {
  return connectRoom(url, roomId, { resume: resumeToken }, extra, ms);
}

/** A member that joined as the SDK does, on one connection of its own. */
export interface Member {
  manager: Manager;
  socket: RoomSocket;
  room: TestRoom;
  welcome: Welcome;
}

/**
 * One member joining exactly as the client SDK does: one connection (a Manager) for
 * the lobby and the room namespace, lookup and proof on the lobby, the room socket on
 * the same connection, and the lobby closed once in. With `room === null` the member
 * creates the room first (and owns it). Throws on any refusal.
 */
export async function joinAsMember(
  url: string,
  room: TestRoom | null,
  alias: string,
  { ackMs = DEFAULT_TIMEOUT_MS, joinMs = DEFAULT_TIMEOUT_MS }: { ackMs?: number; joinMs?: number } = {},
): Promise<Member> {
  const manager = new Manager(url, {
    transports: ["websocket"],
    extraHeaders: CLIENT_HEADERS,
    reconnection: false,
    autoConnect: false,
  });
  try {
    const lobby: LobbySocket = manager.socket("/");
    await connected(lobby, joinMs);
    const target = room ?? (await createRoom(lobby, {}, { timeoutMs: ackMs }));
    const { nonce } = requireOk(
      await request(lobby, "room:lookup", { roomId: target.roomId }, ackMs),
      "room:lookup",
    );
    const socket: RoomSocket = manager.socket(roomNamespace(target.roomId), {
      auth: { alias, nonce, proof: joinProof(target.authKey, target.roomId, nonce, alias) },
    });
    const entered = welcomeOrRefusal(socket, joinMs);
    socket.connect();
    const result = await entered;
    if (!result.ok) throw new Error(`join refused: ${result.message}`);
    // The SDK closes the lobby once the room socket holds the connection.
    lobby.disconnect();
    return { manager, socket, room: target, welcome: result.welcome };
  } catch (err) {
    manager.engine?.close();
    throw err;
  }
}
