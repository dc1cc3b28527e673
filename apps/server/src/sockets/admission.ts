import { createHmac, timingSafeEqual } from "node:crypto";
import {
  ERROR_MESSAGES,
  type ErrorCode,
  INVALID_PAYLOAD_COST,
  type JoinAuth,
  type JoinRefusal,
  joinProofMessage,
  type ResumeAuth,
  roomAuthSchema,
} from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import { connectionAddress } from "../net/clientAddress.js";
import { barKey } from "../rooms/kickBar.js";
import { hashResumeToken } from "../rooms/resumeToken.js";
import { roomIdOf } from "../rooms/roomNamespaces.js";
import type { RoomRegistry, RoomSnapshot } from "../rooms/roomRegistry.js";
import { newMemberId } from "./ids.js";
import type { RoomSocket } from "./types.js";

export interface AdmissionDeps {
  registry: RoomRegistry;
  maxMembers: number;
  /** Longest alias, in characters, this server admits (at most `ALIAS_MAX_CHARS`). */
  maxAliasLength: number;
  /** How long an away member's seat is held (ms); 0 refuses every resume. */
  resumeWindowMs: number;
  now: () => number;
  limits: Pick<Limits, "events" | "joins" | "hashAddress">;
  /**
   * False while the shared registry (Redis, F19) is unreachable. Handshakes are then
   * refused like a network failure, without a code, so a resuming client keeps trying
   * instead of giving up its seat.
   */
  available?: () => boolean;
}

/** The refusal while Redis is down: no `data`, so clients treat it as a network error. */
const UNAVAILABLE_MESSAGE = "Service temporarily unavailable";

/** Seat releases waiting for a socket that passed admission but has not connected yet. */
const pendingReleases = new WeakMap<RoomSocket, () => void>();
/**
 * The same releases by connection: one "close" listener per connection runs them all,
 * however many room namespaces a client opens over it at once.
 */
const pendingByConnection = new WeakMap<object, Set<() => void>>();

/**
 * Called once the admitted socket is connected: from now on its "disconnect" handler
 * owns the member's removal, so the fallback release is detached.
 */
export function markConnected(socket: RoomSocket): void {
  const release = pendingReleases.get(socket);
  if (release) pendingByConnection.get(socket.conn)?.delete(release);
  pendingReleases.delete(socket);
}

/** A namespace-middleware refusal: the client reads `err.data.code` in `connect_error`. */
class JoinRefusedError extends Error {
  readonly data: JoinRefusal;
  constructor(code: ErrorCode, message: string = ERROR_MESSAGES[code]) {
    super(message);
    this.data = { code, message };
  }
}

/**
 * The room namespaces' middleware: decides who gets in, in this order, each with its
 * own code: within the address's event budget (RATE_LIMITED) → well-formed auth
 * (INVALID) → alias within `--max-alias-length` (INVALID, saying so) → room exists (NOT_FOUND) → no join backoff running for the room or the
 * address (RATE_LIMITED) → challenge consumed (NONCE_EXPIRED) → proof of the password
 * (WRONG_PASSWORD) → address not barred by a kick (BANNED) → lock (LOCKED) → capacity
 * (FULL) → alias free (ALIAS_TAKEN). The bar is checked only after the proof, so a
 * stranger learns nothing about who was kicked. The last three and the reservation of
 * the seat are one registry step, so no two sockets can win the same alias.
 *
 * The other handshake, `{resume}` (F17), takes back the seat of a member whose
 * connection dropped: the token from its last welcome, single use, within the resume
 * window. It passes the same budget and backoff checks; a token that matches no
 * member (spent, expired, never issued) is NOT_FOUND and costs the address like a
 * malformed payload. A member that resumes keeps its ID, alias, key and role.
 *
 * @example
 * io.of(isRoomNamespace).use(createAdmission({ registry, maxMembers: 50, maxAliasLength: 32, resumeWindowMs: 30_000, now: Date.now, limits }));
 */
export function createAdmission(deps: AdmissionDeps) {
  const unavailable = () => deps.available !== undefined && !deps.available();
  return (socket: RoomSocket, next: (err?: Error) => void): void => {
    if (unavailable()) {
      next(new Error(UNAVAILABLE_MESSAGE));
      return;
    }
    admit(socket, deps).then(
      (refusal) => next(refusal === null ? undefined : refusedError(refusal)),
      () => next(unavailable() ? new Error(UNAVAILABLE_MESSAGE) : new JoinRefusedError("INTERNAL")),
    );
  };
}

function refusedError(refusal: ErrorCode | JoinRefusal): JoinRefusedError {
  return typeof refusal === "string"
    ? new JoinRefusedError(refusal)
    : new JoinRefusedError(refusal.code, refusal.message);
}

async function admit(socket: RoomSocket, deps: AdmissionDeps): Promise<ErrorCode | JoinRefusal | null> {
  const { limits } = deps;
  const address = connectionAddress(socket.conn);
  // A join attempt is an event like any other for the address's budget.
  if (!(await limits.events.chargeAddress(address))) return "RATE_LIMITED";
  const auth = roomAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success) {
    await limits.events.chargeAddress(address, INVALID_PAYLOAD_COST - 1);
    return "INVALID";
  }
  // Well-formed, but longer than this server's --max-alias-length: said in words, since
  // the client cannot know the operator's choice.
  if ("alias" in auth.data && [...auth.data.alias].length > deps.maxAliasLength) {
    return {
      code: "INVALID",
      message: `Aliases on this server are at most ${deps.maxAliasLength} characters.`,
    };
  }

  const roomId = roomIdOf(socket.nsp.name);
  const room = roomId === null ? undefined : await deps.registry.getRoom(roomId);
  if (roomId === null || !room) return "NOT_FOUND";

  const addressKey = limits.hashAddress(address);
  if ((await limits.joins.blockedFor(roomId, addressKey)) > 0) return "RATE_LIMITED";

  if ("resume" in auth.data) return resume(socket, deps, address, room, auth.data);
  return join(socket, deps, address, addressKey, room, auth.data);
}

async function resume(
  socket: RoomSocket,
  deps: AdmissionDeps,
  address: string,
  room: RoomSnapshot,
  auth: ResumeAuth,
): Promise<ErrorCode | null> {
  const { roomId } = room;
  const member =
    deps.resumeWindowMs > 0
      ? await deps.registry.resumeMember(
          roomId,
          hashResumeToken(auth.resume),
          socket.id,
          deps.now(),
          deps.resumeWindowMs,
        )
      : undefined;
  if (!member) {
    await deps.limits.events.chargeAddress(address, INVALID_PAYLOAD_COST - 1);
    return "NOT_FOUND";
  }
  // The seat is this socket's now; if it dies before "connection", the member is away
  // again (not gone), so the heartbeat's window still applies.
  holdSeat(socket, () => {
    void deps.registry.markAway(roomId, member.id, socket.id, deps.now()).catch(() => {});
  });
  if (socket.conn.readyState !== "open") return "INTERNAL";
  socket.data = { roomId, memberId: member.id, alias: member.alias, resumed: true };
  return null;
}

async function join(
  socket: RoomSocket,
  deps: AdmissionDeps,
  address: string,
  addressKey: string,
  room: RoomSnapshot,
  auth: JoinAuth,
): Promise<ErrorCode | null> {
  const { limits } = deps;
  const { roomId } = room;
  const { alias, nonce, proof, pub, pubMac } = auth;

  // The challenge is spent before the proof is checked, so a wrong guess burns it too.
  if (!(await deps.registry.consumeNonce(roomId, nonce, deps.now()))) return "NONCE_EXPIRED";

  const expected = createHmac("sha256", room.authKey)
    .update(joinProofMessage(roomId, nonce, alias))
    .digest();
  const given = Buffer.from(proof, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    const { roomFailures, notify } = await limits.joins.recordFailure(roomId, addressKey);
    // Quiet: the members learn that someone is guessing, never from where.
    if (notify) socket.nsp.emit("room:notice", { kind: "join-failures", count: roomFailures });
    return "WRONG_PASSWORD";
  }
  await limits.joins.recordSuccess(addressKey);

  const bar = barKey(room.barSalt, address);
  if (await deps.registry.isBarred(roomId, bar, deps.now())) return "BANNED";

  const candidate = {
    alias,
    socketId: socket.id,
    barKey: bar,
    ...(pub === undefined ? {} : { pub }),
    ...(pubMac === undefined ? {} : { pubMac }),
  };
  const result = await deps.registry.admitMember(roomId, candidate, {
    maxMembers: deps.maxMembers,
    now: deps.now(),
    newMemberId,
  });
  if (!result.ok) return result.code;

  const memberId = result.member.id;
  holdSeat(socket, () => {
    void deps.registry.removeMember(roomId, memberId, deps.now(), socket.id).catch(() => {});
  });
  if (socket.conn.readyState !== "open") return "INTERNAL";
  socket.data = { roomId, memberId, alias };
  return null;
}

/**
 * If the connection dies between admission and the namespace's "connection" event,
 * Socket.IO drops the socket without a "disconnect"; `release` gives the seat back then
 * (now, if it is already closed). `markConnected` detaches it once the socket is in.
 */
function holdSeat(socket: RoomSocket, release: () => void): void {
  const conn = socket.conn;
  if (conn.readyState !== "open") {
    release();
    return;
  }
  let pending = pendingByConnection.get(conn);
  if (!pending) {
    const releases = new Set<() => void>();
    pending = releases;
    pendingByConnection.set(conn, releases);
    conn.once("close", () => {
      pendingByConnection.delete(conn);
      for (const run of releases) run();
    });
  }
  pending.add(release);
  pendingReleases.set(socket, release);
}
