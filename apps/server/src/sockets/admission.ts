import { createHmac, timingSafeEqual } from "node:crypto";
import {
  ERROR_MESSAGES,
  type ErrorCode,
  INVALID_PAYLOAD_COST,
  type JoinRefusal,
  joinAuthSchema,
  joinProofMessage,
} from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import { connectionAddress } from "../net/clientAddress.js";
import { barKey } from "../rooms/kickBar.js";
import { roomIdOf } from "../rooms/roomNamespaces.js";
import type { RoomRegistry } from "../rooms/roomRegistry.js";
import { newMemberId } from "./ids.js";
import type { RoomSocket } from "./types.js";

export interface AdmissionDeps {
  registry: RoomRegistry;
  maxMembers: number;
  now: () => number;
  limits: Pick<Limits, "events" | "joins" | "hashAddress">;
}

/** Seat releases waiting for a socket that passed admission but has not connected yet. */
const pendingReleases = new WeakMap<RoomSocket, () => void>();

/**
 * Called once the admitted socket is connected: from now on its "disconnect" handler
 * owns the member's removal, so the fallback release is detached.
 */
export function markConnected(socket: RoomSocket): void {
  const release = pendingReleases.get(socket);
  if (release) socket.conn.off("close", release);
  pendingReleases.delete(socket);
}

/** A namespace-middleware refusal: the client reads `err.data.code` in `connect_error`. */
export class JoinRefusedError extends Error {
  readonly data: JoinRefusal;
  constructor(code: ErrorCode) {
    super(ERROR_MESSAGES[code]);
    this.data = { code, message: ERROR_MESSAGES[code] };
  }
}

/**
 * The room namespaces' middleware: decides who gets in, in this order, each with its
 * own code: within the address's event budget (RATE_LIMITED) → well-formed auth
 * (INVALID) → room exists (NOT_FOUND) → no join backoff running for the room or the
 * address (RATE_LIMITED) → challenge consumed (NONCE_EXPIRED) → proof of the password
 * (WRONG_PASSWORD) → address not barred by a kick (BANNED) → lock (LOCKED) → capacity
 * (FULL) → alias free (ALIAS_TAKEN). The bar is checked only after the proof, so a
 * stranger learns nothing about who was kicked. The last three and the reservation of
 * the seat are one registry step, so no two sockets can win the same alias.
 *
 * @example
 * io.of(isRoomNamespace).use(createAdmission({ registry, maxMembers: 50, now: Date.now, limits }));
 */
export function createAdmission(deps: AdmissionDeps) {
  return (socket: RoomSocket, next: (err?: Error) => void): void => {
    admit(socket, deps).then(
      (code) => next(code === null ? undefined : new JoinRefusedError(code)),
      () => next(new JoinRefusedError("INTERNAL")),
    );
  };
}

async function admit(socket: RoomSocket, deps: AdmissionDeps): Promise<ErrorCode | null> {
  const { limits } = deps;
  const address = connectionAddress(socket.conn);
  // A join attempt is an event like any other for the address's budget.
  if (!(await limits.events.chargeAddress(address))) return "RATE_LIMITED";
  const auth = joinAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success) {
    await limits.events.chargeAddress(address, INVALID_PAYLOAD_COST - 1);
    return "INVALID";
  }
  const { alias, nonce, proof, pub, pubMac } = auth.data;

  const roomId = roomIdOf(socket.nsp.name);
  const room = roomId === null ? undefined : await deps.registry.getRoom(roomId);
  if (roomId === null || !room) return "NOT_FOUND";

  const addressKey = limits.hashAddress(address);
  if ((await limits.joins.blockedFor(roomId, addressKey)) > 0) return "RATE_LIMITED";

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

  if (await deps.registry.isBarred(roomId, barKey(room.barSalt, address), deps.now())) return "BANNED";

  const candidate = {
    alias,
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
  const release = () => {
    void deps.registry.removeMember(roomId, memberId, deps.now()).catch(() => {});
  };
  if (socket.conn.readyState !== "open") {
    // The connection died while we were checking: give the seat back.
    release();
    return "INTERNAL";
  }
  // If the connection dies between here and the namespace's "connection" event,
  // Socket.IO drops the socket without a "disconnect"; this gives the seat back then.
  // `markConnected` detaches it once the socket is in.
  socket.conn.once("close", release);
  pendingReleases.set(socket, release);
  socket.data = { roomId, memberId, alias };
  return null;
}
