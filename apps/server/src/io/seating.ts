import type { Domain } from "@sanctuary/protocol";
import type { RoomRegistry } from "../registry/roomRegistry.js";
import { takeResumeHash } from "./admission.js";
import { type Handlers, ProtocolError } from "./router.js";
import type { RoomSocket } from "./types.js";

/**
 * One live socket per member: the registry's seat and the sockets are kept
 * in step. A seat moves to a socket only once that socket is connected, every other
 * socket of the member is disconnected (on every node) as it moves, and a socket that
 * does not hold its member's seat may do nothing (see docs/security.md).
 */

export interface SeatingDeps {
  registry: RoomRegistry;
  now: () => number;
  /** How long an away member's seat is held (ms). */
  resumeWindowMs: number;
}

/**
 * Seat claims in flight, by socket: its handlers and its disconnect wait for them. A
 * settled claim is forgotten here (its outcome is in `claimed`), so an idle member
 * keeps no promise.
 */
const claims = new WeakMap<RoomSocket, Promise<boolean>>();
/** Sockets whose claim settled with the seat: their events need not wait for it. */
const claimed = new WeakSet<RoomSocket>();

/**
 * Makes a just-connected socket the holder of its member's seat. A join was seated by
 * admission already. A resume spends its token now, in one registry step that gives
 * the seat to this socket, and then every other socket of the member, on every node
 * (through the adapter), is disconnected. False when the seat could not be taken (the
 * token was spent meanwhile, the member removed, the registry unreachable); the
 * caller disconnects the socket then. Never rejects.
 *
 * @example
 * if (!(await claimSeat(socket, deps))) socket.disconnect();
 */
export function claimSeat(socket: RoomSocket, deps: SeatingDeps): Promise<boolean> {
  const claim = moveSeat(socket, deps).then(
    (seated) => {
      if (seated) claimed.add(socket);
      claims.delete(socket);
      return seated;
    },
    () => {
      claims.delete(socket);
      return false;
    },
  );
  claims.set(socket, claim);
  return claim;
}

/**
 * Resolves once the socket's seat claim has settled: true if it holds its seat (false
 * for a socket that never claimed one).
 */
export function seatClaimed(socket: RoomSocket): Promise<boolean> {
  return claims.get(socket) ?? Promise.resolve(claimed.has(socket));
}

async function moveSeat(socket: RoomSocket, deps: SeatingDeps): Promise<boolean> {
  const hash = takeResumeHash(socket);
  if (hash === undefined) return true;
  const { roomId, memberId } = socket.data;
  const member = await deps.registry.resumeMember(roomId, hash, socket.id, deps.now(), deps.resumeWindowMs);
  if (member?.id !== memberId) return false;
  // `true`: the old connection is presumed dead (the member resumed because it dropped).
  socket.nsp.in(memberId).except(socket.id).disconnectSockets(true);
  return true;
}

/**
 * Wraps a room's handlers so that each first checks, in the registry, that the socket
 * still holds its member's seat; one that does not (its seat moved to another socket,
 * or the member is gone, and the disconnect sent to it went missing) is refused with
 * NO_SUCH_MEMBER and disconnected, and nothing it sent is acted on or relayed.
 *
 * @example
 * const router = createRouter(roomProtocol, seatedOnly(roomHandlers(deps), registry), penalize);
 */
export function seatedOnly<D extends Domain>(
  handlers: Handlers<D, RoomSocket>,
  registry: RoomRegistry,
): Handlers<D, RoomSocket> {
  type AnyHandler = (payload: unknown, socket: RoomSocket) => unknown;
  const guarded: Record<string, AnyHandler> = {};
  for (const [event, handler] of Object.entries(handlers as Record<string, AnyHandler>)) {
    guarded[event] = (payload, socket) => {
      // Synchronous when the claim has settled and the registry answers at once (the
      // memory one): the `msg:send` hot path then makes no promise.
      const held = holdsSeat(socket, registry);
      if (held === true) return handler(payload, socket);
      if (held === false) return refuse(socket);
      return held.then((ok) => (ok ? handler(payload, socket) : refuse(socket)));
    };
  }
  return guarded as Handlers<D, RoomSocket>;
}

function holdsSeat(socket: RoomSocket, registry: RoomRegistry): boolean | Promise<boolean> {
  const { roomId, memberId } = socket.data;
  if (claimed.has(socket)) return registry.holdsSeat(roomId, memberId, socket.id);
  return seatClaimed(socket).then((ok) => ok && registry.holdsSeat(roomId, memberId, socket.id));
}

function refuse(socket: RoomSocket): never {
  socket.disconnect();
  throw new ProtocolError("NO_SUCH_MEMBER");
}
