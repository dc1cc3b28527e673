import { type LeaveReason, roomProtocol, type Welcome } from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import { SLOW_CONSUMER } from "../abuse/writeCap.js";
import { publicMember } from "../registry/roomRegistry.js";
import { removalEvent } from "../rooms/lifecycle.js";
import { newResumeToken } from "../rooms/resumeToken.js";
import { markConnected } from "./admission.js";
import { trimRoomSocket } from "./connectionTrim.js";
import { handKnocksOver } from "./knockHandlers.js";
import { emitMemberEvent } from "./roomBus.js";
import { type RoomHandlerDeps, roomHandlers } from "./roomHandlers.js";
import { createRouter, runSafely } from "./router.js";
import { claimSeat, seatClaimed, seatedOnly } from "./seating.js";
import type { RoomSocket } from "./types.js";

export interface RoomConnectionDeps extends RoomHandlerDeps {
  limits: Pick<Limits, "events">;
  /** How long a dropped member's seat is held for a resume (F17); 0 holds none. */
  resumeWindowMs: number;
  /**
   * In a cluster (F19) a node that shuts down hands its members' seats over as "away"
   * before it closes, so they can resume on another node; their disconnects then
   * change nothing.
   */
  keepSeatsOnShutdown?: boolean;
}

/**
 * Disconnect reasons that mean "the network went away", not "the member or the server
 * ended it": the member is kept seated, away, for the resume window (F17). A slow
 * consumer (abuse/writeCap.ts) is one: its link could not keep up, it may come back.
 */
const RESUMABLE = new Set(["transport close", "transport error", "ping timeout", SLOW_CONSUMER]);

/**
 * A room namespace's "connection" handler: welcomes the admitted member, announces it,
 * routes its events to `roomHandlers` and handles its disconnect.
 *
 * The router's listeners and the disconnect listener are made once here, per server,
 * not per socket: Socket.IO calls a listener with the socket as `this`, and everything
 * a handler needs about its member is in `socket.data`. A member costs the listener
 * entries, not a set of closures.
 *
 * @example
 * io.of(isRoomNamespace).on("connection", roomConnectionHandler(deps));
 */
export function roomConnectionHandler(deps: RoomConnectionDeps): (socket: RoomSocket) => void {
  const router = createRouter(roomProtocol, seatedOnly(roomHandlers(deps), deps.registry), (socket) =>
    deps.limits.events.penalize(socket),
  );
  const onDisconnectEvent = function (this: RoomSocket, reason: string) {
    runSafely(
      () => onDisconnect(this, deps, reason),
      () => {},
    );
  };
  return (socket) => {
    markConnected(socket);
    // Nothing reads the handshake after admission: the proof, nonce, alias and keys of
    // `auth`, the request headers and the query would otherwise stay with every socket.
    slimHandshake(socket);
    deps.limits.events.guard(socket);
    const { roomId, memberId } = socket.data;
    // Each socket sits in a Socket.IO room named by its member ID, so whisper and kick
    // address a member (across nodes through the adapter). Joined before the seat is
    // claimed, so a kick that lands meanwhile reaches this socket too.
    void socket.join(memberId);
    router.attach(socket);
    socket.on("disconnect", onDisconnectEvent);
    // Last: every listener this server puts on the socket and its connection is on.
    trimRoomSocket(socket);

    // A resume takes its seat only now that this socket is connected; the member's
    // other sockets (a connection the server has not yet noticed is dead) go then.
    const seated = claimSeat(socket, deps);
    runSafely(
      async () => {
        if (await seated) await welcome(socket, deps, roomId, memberId);
        else socket.disconnect();
      },
      () => socket.disconnect(),
    );
  };
}

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/**
 * What an admitted socket's `handshake` says: nothing. One frozen object for every
 * socket, so none keeps the auth payload, the request headers and query, the
 * connection time as text or the address (Socket.IO reads `handshake` only to
 * describe sockets to `fetchSockets`, which this server does not call).
 */
const SLIM_HANDSHAKE: RoomSocket["handshake"] = Object.freeze({
  headers: EMPTY,
  time: "",
  address: "",
  xdomain: false,
  secure: false,
  issued: 0,
  url: "",
  query: EMPTY,
  auth: EMPTY,
});

/** Replaces what `socket.handshake` holds about the handshake request with `SLIM_HANDSHAKE`. */
function slimHandshake(socket: RoomSocket): void {
  // `handshake` is read-only in the typings only: Socket.IO sets it once, in the constructor.
  (socket as { handshake: unknown }).handshake = SLIM_HANDSHAKE;
}

/**
 * A member's socket went away. If the member left or was removed, the registry no
 * longer seats it and nothing happens. A dropped network keeps the seat, away, for the
 * resume window (the heartbeat removes it after that); anything else removes it now.
 * Only the socket that holds the seat may do either: one replaced by a resume may not.
 * A seat claim still in flight settles first, so a socket that dies while taking its
 * seat leaves the member away, never seated by a dead socket.
 */
async function onDisconnect(socket: RoomSocket, deps: RoomConnectionDeps, reason: string): Promise<void> {
  const { roomId, memberId } = socket.data;
  await seatClaimed(socket);
  if (reason === "server shutting down" && deps.keepSeatsOnShutdown) return;
  if (deps.resumeWindowMs > 0 && RESUMABLE.has(reason)) {
    if (await deps.registry.markAway(roomId, memberId, socket.id, deps.now())) {
      emitMemberEvent(socket.nsp, { kind: "away", id: memberId });
    }
    return;
  }
  const leave: LeaveReason = reason === "client namespace disconnect" ? "left" : "disconnected";
  const removed = await deps.registry.removeMember(roomId, memberId, deps.now(), socket.id);
  if (!removed) return;
  emitMemberEvent(socket.nsp, removalEvent(removed, { id: memberId, reason: leave }), (ownerId) =>
    handKnocksOver(deps.knocks, socket.nsp, roomId, ownerId),
  );
}

async function welcome(
  socket: RoomSocket,
  deps: RoomConnectionDeps,
  roomId: string,
  memberId: string,
): Promise<void> {
  const { token, hash } = newResumeToken();
  // Stored before the room is read, so the welcome never carries a token the registry
  // does not know; false when the seat is gone.
  const seated = await deps.registry.setResumeHash(roomId, memberId, hash);
  const room = seated ? await deps.registry.getRoom(roomId) : undefined;
  const me = room?.members.find((m) => m.id === memberId);
  if (!room || !me || me.socketId !== socket.id) {
    // The room ended (or the seat was given back or taken over) since admission.
    socket.disconnect();
    return;
  }
  const you = publicMember(me, room.ownerId);
  const message: Welcome = {
    you,
    members: room.members.map((m) => publicMember(m, room.ownerId)),
    ownerId: room.ownerId ?? memberId,
    locked: room.locked,
    ...(room.meta === undefined ? {} : { meta: room.meta }),
    ...(room.expiresAt === undefined ? {} : { expiresAt: room.expiresAt }),
    resumeToken: token,
    resumeWindowMs: deps.resumeWindowMs,
  };
  socket.emit("room:welcome", message);
  if (socket.data.resumed) socket.broadcast.emit("member:away", { id: memberId, away: false });
  else socket.broadcast.emit("member:joined", you);
  // An owner back from a dropped connection may have missed knocks (or become owner
  // while away): it hears every knock still waiting, after its welcome (F35).
  if (room.ownerId === memberId) handKnocksOver(deps.knocks, socket.nsp, roomId, memberId);
}
