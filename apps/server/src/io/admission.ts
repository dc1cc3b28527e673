import { ERROR_MESSAGES, type ErrorCode, type JoinRefusal } from "@sanctuary/protocol";
import type { ConnectionRoomSlots } from "../abuse/liveRoomShare.js";
import { connectionAddress } from "../net/clientAddress.js";
import { type AdmissionRuleDeps, admit, type Refusal } from "../rooms/admissionRules.js";
import { newMemberId } from "./ids.js";
import { roomIdOf } from "./roomNamespaces.js";
import type { RoomSocket } from "./types.js";

export interface AdmissionDeps extends Omit<AdmissionRuleDeps, "newMemberId"> {
  /**
   * False while the shared registry (Redis, F19) is unreachable. Handshakes are then
   * refused like a network failure, without a code, so a resuming client keeps trying
   * instead of giving up its seat.
   */
  available?: () => boolean;
  /** Room namespaces per connection (`--max-rooms-per-connection`); none when absent. */
  roomSlots?: ConnectionRoomSlots;
  /** True while the server is over its memory budget: new joins are refused (resumes pass). */
  overBudget?: () => boolean;
}

/** The refusal when one connection already holds its share of room sockets. */
const TOO_MANY_ROOMS_MESSAGE = "This connection has as many rooms open as it may; leave one first.";

/** A join refused for the memory budget: the room exists, the server is the one full. */
const BUSY_MESSAGE = "This server is too busy to take anyone new; try again later.";

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
 * Resume tokens (their hashes) checked by admission and not spent yet: the seat moves
 * only once the socket is connected (`io/seating.ts`).
 */
const pendingResumes = new WeakMap<RoomSocket, string>();

/**
 * Called once the admitted socket is connected: from now on its "disconnect" handler
 * owns the member's removal, so the fallback release is detached.
 */
export function markConnected(socket: RoomSocket): void {
  const release = pendingReleases.get(socket);
  pendingReleases.delete(socket);
  if (!release) return;
  const conn = socket.conn;
  const pending = pendingByConnection.get(conn);
  if (!pending) return;
  pending.delete(release);
  // Nothing left to give back on this connection: its listener and set go now, not
  // when the connection closes (they would otherwise stay as long as the member).
  if (pending.size === 0) {
    pendingByConnection.delete(conn);
    conn.off("close", runPendingReleases);
  }
}

/** A connection's "close" listener (shared; `this` is the connection): gives back what it still holds. */
function runPendingReleases(this: RoomSocket["conn"]): void {
  const releases = pendingByConnection.get(this);
  if (!releases) return;
  pendingByConnection.delete(this);
  for (const run of releases) run();
}

/** The hash of the resume token a connected socket came with (once; undefined for a join). */
export function takeResumeHash(socket: RoomSocket): string | undefined {
  const hash = pendingResumes.get(socket);
  pendingResumes.delete(socket);
  return hash;
}

/** A namespace-middleware refusal: the client reads `err.data.code` in `connect_error`. */
class JoinRefusedError extends Error {
  readonly data: JoinRefusal;
  constructor(code: ErrorCode, message: string = ERROR_MESSAGES[code], retryAfterMs?: number) {
    super(message);
    this.data = retryAfterMs === undefined ? { code, message } : { code, message, retryAfterMs };
  }
}

/**
 * The room namespaces' middleware: the Socket.IO side of admission. The rules
 * (`rooms/admissionRules.ts`) decide who gets in; this reads the handshake, tells the
 * room about password guessing, holds a new seat until the socket connects (a resume
 * token is only checked here, see `takeResumeHash`), and answers a refusal as a
 * `connect_error` with `{code, message}`.
 *
 * @example
 * io.of(isRoomNamespace).use(createAdmission({ registry, maxMembers: 50, maxAliasLength: 32, resumeWindowMs: 30_000, now: Date.now, limits }));
 */
export function createAdmission(deps: AdmissionDeps) {
  const unavailable = () => deps.available !== undefined && !deps.available();
  const rules: AdmissionRuleDeps = { ...deps, newMemberId };
  const slots = deps.roomSlots;
  // One listener for every socket (Socket.IO calls it with the socket as `this`): a
  // closure here would keep this middleware's scope, and with it Socket.IO's own
  // callbacks for the handshake, alive for as long as the member stays.
  const giveSlotBack = function (this: RoomSocket) {
    slots?.give(this.conn);
  };
  return (socket: RoomSocket, done: (err?: Error) => void): void => {
    if (unavailable()) {
      done(new Error(UNAVAILABLE_MESSAGE));
      return;
    }
    if (deps.overBudget?.() && !isResume(socket.handshake.auth)) {
      done(new JoinRefusedError("SERVER_FULL", BUSY_MESSAGE));
      return;
    }
    // Counted before any await, so a burst of CONNECT packets cannot overshoot; the
    // slot comes back when the socket disconnects or is refused.
    if (slots && !slots.take(socket.conn)) {
      done(new JoinRefusedError("RATE_LIMITED", TOO_MANY_ROOMS_MESSAGE));
      return;
    }
    const next = (err?: Error): void => {
      if (slots) {
        if (err) slots.give(socket.conn);
        // "disconnect" fires once per socket, so `on` does what `once` would, without
        // a wrapper per socket.
        else socket.on("disconnect", giveSlotBack);
      }
      done(err);
    };
    admitSocket(socket, rules).then(
      (refusal) =>
        next(
          refusal === null
            ? undefined
            : new JoinRefusedError(refusal.code, refusal.message, refusal.retryAfterMs),
        ),
      () => next(unavailable() ? new Error(UNAVAILABLE_MESSAGE) : new JoinRefusedError("INTERNAL")),
    );
  };
}

/** A resume only takes back a seat that exists, so the memory budget lets it through. */
function isResume(auth: unknown): boolean {
  return typeof auth === "object" && auth !== null && "resume" in auth;
}

async function admitSocket(socket: RoomSocket, rules: AdmissionRuleDeps): Promise<Refusal | null> {
  const handshake = {
    roomId: roomIdOf(socket.nsp.name),
    auth: socket.handshake.auth,
    address: connectionAddress(socket.conn),
    socketId: socket.id,
  };
  const result = await admit(handshake, rules);
  if (!result.ok) {
    const count = result.refusal.joinFailures;
    if (count !== undefined) socket.nsp.emit("room:notice", { kind: "join-failures", count });
    return result.refusal;
  }
  const { roomId, memberId, alias, resumeHash, release } = result.seat;
  if (resumeHash !== undefined) {
    // Checked, not spent: nothing to give back if this socket never connects.
    if (socket.conn.readyState !== "open") return { code: "INTERNAL" };
    pendingResumes.set(socket, resumeHash);
    socket.data = { roomId, memberId, alias, resumed: true };
    return null;
  }
  // A new seat is this socket's now; if it dies before "connection", it is given back.
  holdSeat(socket, release);
  if (socket.conn.readyState !== "open") return { code: "INTERNAL" };
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
    pending = new Set<() => void>();
    pendingByConnection.set(conn, pending);
    conn.on("close", runPendingReleases);
  }
  pending.add(release);
  pendingReleases.set(socket, release);
}
