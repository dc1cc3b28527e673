import type { Kdf, RoomCreateRequest, RoomLookupResult, Welcome } from "@sanctuary/protocol";
import {
  aliasProblem,
  KDF_DEFAULT,
  LIFETIME_MAX_SECONDS,
  LIFETIME_MIN_SECONDS,
  normalizeAlias,
  parseRoomId,
  ROOM_NAME_MAX_CHARS,
  SHORT_BYTES,
} from "@sanctuary/protocol";
import type { Manager } from "socket.io-client";
import {
  connectError,
  createManager,
  JOIN_TIMEOUT_MS,
  lobbySocket,
  resolveServerUrl,
  roomSocket,
  waitConnected,
} from "./connect.js";
import { toBase64url } from "./encoding.js";
import { SanctuaryError } from "./errors.js";
import { deriveRoomKeys, type RoomKeys, wipeRoomKeys } from "./kdf.js";
import { knockForTicket } from "./knock.js";
import { joinProof } from "./proof.js";
import { randomBytes } from "./random.js";
import { memberKeyPair, pubMac, wipeMemberKeyPair } from "./sealed.js";
import { RoomSession, sealRoomName } from "./session.js";
import { type LobbySocket, request, subscribe } from "./typedSocket.js";
import type { CommonJoinOptions, CreateRoomOptions, JoinPhase, JoinRoomOptions } from "./types.js";

/**
 * Creates a room and joins it as its owner. The password never leaves this function:
 * only `authKey`, derived from it with Argon2id and HKDF, is sent, once.
 *
 * @example
 * const room = await createRoom({ alias: "alice", password: generatePassword(), roomName: "Plans" });
 * share(room.roomId);
 */
export async function createRoom(opts: CreateRoomOptions): Promise<RoomSession> {
  const alias = checkAlias(opts.alias);
  checkPassword(opts.password);
  const roomName = checkRoomName(opts.roomName);
  const lifetime = checkLifetime(opts.lifetime);
  const manager = createManager(resolveServerUrl(opts.serverUrl));
  const lobby = lobbySocket(manager);
  let keys: RoomKeys | undefined;
  try {
    // Connect while Argon2id runs; neither waits for the other.
    const connected = waitConnected(lobby);
    connected.catch(() => undefined); // awaited below; this only silences "unhandled"
    phase(opts, "deriving-key");
    await nextPaint();
    const salt = toBase64url(randomBytes(SHORT_BYTES));
    const kdf: Kdf = { ...KDF_DEFAULT };
    keys = await deriveRoomKeys(opts.password, salt, kdf);
    await connected;
    const req: RoomCreateRequest = { salt, kdf, authKey: toBase64url(keys.authKey) };
    if (roomName !== undefined) req.meta = sealRoomName(keys, roomName);
    if (lifetime !== undefined) req.lifetime = lifetime;
    // The ack schema checks the ID, which becomes part of a namespace name.
    const created = await request(lobby, "room:create", req);
    phase(opts, "looking-up");
    const lookup = await lookUp(lobby, created.roomId);
    phase(opts, "connecting");
    const session = await enterWithRetry(
      { manager, lobby, roomId: created.roomId, alias, lookup, keys },
      opts,
    );
    keys = undefined; // the session owns them now
    return session;
  } finally {
    if (keys) wipeRoomKeys(keys);
    lobby.disconnect();
  }
}

/**
 * Joins an existing room. Fails with a `SanctuaryError` whose code tells what went
 * wrong: NOT_FOUND, WRONG_PASSWORD, ALIAS_TAKEN, LOCKED, FULL, BANNED, NETWORK, …
 *
 * @example
 * const room = await joinRoom({ roomId: "K7QM-2XZD-9PWH-4TNS", alias: "bob", password });
 */
export async function joinRoom(opts: JoinRoomOptions): Promise<RoomSession> {
  const roomId = parseRoomId(typeof opts.roomId === "string" ? opts.roomId : "");
  if (!roomId) throw new SanctuaryError("BAD_INPUT", "That is not a room ID.");
  const alias = checkAlias(opts.alias);
  checkPassword(opts.password);
  const manager = createManager(resolveServerUrl(opts.serverUrl));
  const lobby = lobbySocket(manager);
  try {
    phase(opts, "looking-up");
    await waitConnected(lobby);
    const lookup = await lookUp(lobby, roomId);
    phase(opts, "deriving-key");
    await nextPaint();
    const keys = await deriveRoomKeys(opts.password, lookup.salt, lookup.kdf);
    phase(opts, "connecting");
    try {
      return await enterWithRetry({ manager, lobby, roomId, alias, lookup, keys }, opts);
    } catch (err) {
      wipeRoomKeys(keys);
      throw err;
    }
  } finally {
    // The lobby is only needed to get in; the room socket keeps the connection open.
    lobby.disconnect();
  }
}

function phase(opts: Pick<CommonJoinOptions, "onPhase">, value: JoinPhase): void {
  try {
    opts.onPhase?.(value);
  } catch {
    // A progress callback must not be able to abort a join.
  }
}

/**
 * Argon2id runs on the main thread and blocks it for a moment (tens of ms on a
 * desktop, longer on a phone), so give the browser a frame to show the "deriving key"
 * indicator first. The timeout covers hidden tabs, where animation frames never come.
 */
function nextPaint(): Promise<void> {
  const raf = (globalThis as { requestAnimationFrame?: (cb: () => void) => unknown }).requestAnimationFrame;
  if (typeof raf !== "function") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    raf(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0);
    });
  });
}

/**
 * Asks for the room's salt, KDF parameters and a fresh nonce. The ack schema refuses
 * KDF parameters outside the protocol's bounds (INTERNAL): a hostile server could
 * otherwise ask for a weak derivation (easier to crack from the proof) or a huge one
 * (a frozen tab).
 */
function lookUp(lobby: LobbySocket, roomId: string): Promise<RoomLookupResult> {
  return request(lobby, "room:lookup", { roomId });
}

/** What entering a room takes: the connection, the lookup that gave the challenge, the keys. */
interface Entry {
  manager: Manager;
  lobby: LobbySocket;
  roomId: string;
  alias: string;
  lookup: RoomLookupResult;
  keys: RoomKeys;
}

/**
 * Enters the room, knocking first when the server says KNOCK_REQUIRED and the caller
 * asked to (`opts.knock`, F34): the ticket the owner's "let in" gives passes the lock or
 * the household bar once, with a fresh challenge and proof.
 */
async function enterWithRetry(
  entry: Entry,
  opts: Pick<CommonJoinOptions, "knock" | "onPhase">,
): Promise<RoomSession> {
  const { manager, lobby, roomId, alias, lookup, keys } = entry;
  try {
    return await enterOrRefresh(entry);
  } catch (err) {
    // A locked room or a barred household (F34): knock, and come in with the ticket.
    if (!(err instanceof SanctuaryError) || err.code !== "KNOCK_REQUIRED" || !opts.knock) throw err;
    phase(opts, "knocking");
    const prove = (nonce: string) => joinProof(keys.authKey, roomId, nonce, alias);
    const ticket = await knockForTicket({ lobby, roomId, alias, prove, lookup }, opts.knock);
    phase(opts, "connecting");
    const fresh = await lookUp(lobby, roomId);
    return enterRoom(manager, roomId, alias, fresh.nonce, keys, ticket);
  }
}

/**
 * Enters the room; refused with NONCE_EXPIRED (the challenge lapsed, or others' lookups
 * pushed it out, while Argon2id ran), looks up a fresh challenge and tries once more
 * with the keys already derived. Once: a second refusal is the caller's to report, so
 * a server that keeps refusing cannot keep a client looping. A fresh lookup with another
 * salt or KDF would need other keys, so it is not tried.
 */
async function enterOrRefresh(entry: Entry): Promise<RoomSession> {
  const { manager, lobby, roomId, alias, lookup, keys } = entry;
  try {
    return await enterRoom(manager, roomId, alias, lookup.nonce, keys);
  } catch (err) {
    if (!(err instanceof SanctuaryError) || err.code !== "NONCE_EXPIRED") throw err;
    const fresh = await lookUp(lobby, roomId);
    if (fresh.salt !== lookup.salt || !sameKdf(fresh.kdf, lookup.kdf)) throw err;
    return enterRoom(manager, roomId, alias, fresh.nonce, keys);
  }
}

function sameKdf(a: Kdf, b: Kdf): boolean {
  return a.alg === b.alg && a.m === b.m && a.t === b.t && a.p === b.p;
}

/**
 * Connects to `/r/<roomId>` with the join proof and resolves when `room:welcome`
 * arrives. The session is built inside the welcome handler so that no event sent
 * right after the welcome can slip past it. The handshake also announces a fresh
 * X25519 key for sealed whispers, bound to room and alias by `pubMac` (docs/design.md Crypto
 * step 6); its secret half lives in the session's memory only.
 */
function enterRoom(
  manager: Manager,
  roomId: string,
  alias: string,
  nonce: string,
  keys: RoomKeys,
  ticket?: string,
): Promise<RoomSession> {
  const proof = joinProof(keys.authKey, roomId, nonce, alias);
  const memberKeys = memberKeyPair();
  const socket = roomSocket(manager, roomId, {
    alias,
    nonce,
    proof,
    pub: memberKeys.pub,
    pubMac: pubMac(keys.macKey, roomId, alias, memberKeys.pub),
    ...(ticket === undefined ? {} : { ticket }),
  });
  return new Promise((resolve, reject) => {
    const fail = (err: SanctuaryError) => {
      clearTimeout(timer);
      wipeMemberKeyPair(memberKeys);
      socket.off();
      socket.disconnect();
      reject(err);
    };
    const timer = setTimeout(() => {
      fail(new SanctuaryError("NETWORK", "The room did not answer in time."));
    }, JOIN_TIMEOUT_MS);
    socket.once("connect_error", (err: Error & { data?: unknown }) => fail(connectError(err)));
    socket.once("disconnect", () =>
      fail(new SanctuaryError("NETWORK", "The connection closed while joining.")),
    );
    const malformed = () => fail(new SanctuaryError("INTERNAL", "The server sent a malformed welcome."));
    subscribe(socket, { "room:welcome": onWelcome }, { onMalformed: malformed });
    function onWelcome(welcome: Welcome): void {
      clearTimeout(timer);
      socket.off();
      try {
        resolve(new RoomSession({ socket, keys, memberKeys, roomId, welcome }));
      } catch (err) {
        fail(
          err instanceof SanctuaryError
            ? err
            : new SanctuaryError("INTERNAL", "Could not start the session."),
        );
      }
    }
    socket.connect();
  });
}

/** The alias in the canonical form the server requires, or BAD_INPUT with the reason. */
function checkAlias(raw: unknown): string {
  if (typeof raw !== "string") throw new SanctuaryError("BAD_INPUT", "Choose an alias.");
  const problem = aliasProblem(raw);
  if (problem) throw new SanctuaryError("BAD_INPUT", problem);
  return normalizeAlias(raw);
}

function checkPassword(password: unknown): void {
  if (typeof password !== "string" || password.length === 0) {
    throw new SanctuaryError("BAD_INPUT", "Enter the room password.");
  }
}

/** A blank name means "no name"; otherwise at most ROOM_NAME_MAX_CHARS characters. */
function checkRoomName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== "string") throw new SanctuaryError("BAD_INPUT", "A room name must be text.");
  const trimmed = name.trim();
  if (trimmed === "") return undefined;
  if ([...trimmed].length > ROOM_NAME_MAX_CHARS) {
    throw new SanctuaryError("TOO_LARGE", `A room name is at most ${ROOM_NAME_MAX_CHARS} characters.`);
  }
  return trimmed;
}

function checkLifetime(lifetime: number | undefined): number | undefined {
  if (lifetime === undefined) return undefined;
  if (!Number.isInteger(lifetime) || lifetime < LIFETIME_MIN_SECONDS || lifetime > LIFETIME_MAX_SECONDS) {
    throw new SanctuaryError(
      "BAD_INPUT",
      `A self-destruct time is between ${LIFETIME_MIN_SECONDS / 60} minutes and ${LIFETIME_MAX_SECONDS / 3600} hours.`,
    );
  }
  return lifetime;
}
