import {
  type AckError,
  ackError,
  ackOk,
  type LeaveReason,
  type MemberLeft,
  roomEventSchemas,
  type Welcome,
} from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import { connectionAddress } from "../net/clientAddress.js";
import { barKey } from "../rooms/kickBar.js";
import { newResumeToken } from "../rooms/resumeToken.js";
import type { RoomBus } from "../rooms/roomBus.js";
import { announceRemoval, endRoom } from "../rooms/roomLifecycle.js";
import type { RoomNamespaces } from "../rooms/roomNamespaces.js";
import {
  type MemberRecord,
  publicMember,
  type RoomRegistry,
  type RoomSnapshot,
} from "../rooms/roomRegistry.js";
import { markConnected } from "./admission.js";
import { newMessageId } from "./ids.js";
import type { RoomSocket } from "./types.js";
import { runSafely, validated, validatedNoAck } from "./validated.js";

export interface RoomDeps {
  registry: RoomRegistry;
  namespaces: RoomNamespaces;
  bus: RoomBus;
  now: () => number;
  limits: Pick<Limits, "events" | "joins">;
  /** How long a kicked member's address stays barred (F21); 0 bars nobody. */
  kickBarMs: number;
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
 * ended it": the member is kept seated, away, for the resume window (F17).
 */
const RESUMABLE = new Set(["transport close", "transport error", "ping timeout"]);

/**
 * A room namespace's "connection" handler: welcomes the admitted member, announces it,
 * and wires every room event. The server relays envelopes it cannot read; its own
 * work is deciding who may do what and stamping `from` itself so nobody can post as
 * someone else.
 *
 * @example
 * io.of(isRoomNamespace).on("connection", (socket) => onRoomConnection(socket, deps));
 */
export function onRoomConnection(socket: RoomSocket, deps: RoomDeps): void {
  markConnected(socket);
  deps.limits.events.guard(socket);
  const { roomId, memberId } = socket.data;
  if (socket.data.resumed) {
    // A resume can beat the server to noticing the old connection is dead: that socket
    // goes now, and since it no longer holds the seat its disconnect changes nothing.
    // Not this socket: through the Redis adapter the local part runs only after the
    // publish, by when this socket has joined the member's room below.
    socket.nsp.in(memberId).except(socket.id).disconnectSockets(true);
  }
  // Each socket sits in a Socket.IO room named by its member ID, so whisper and kick
  // address a member (and later work across nodes through the adapter).
  void socket.join(memberId);

  registerRoomEvents(socket, deps);
  socket.on("disconnect", (reason) => {
    runSafely(
      () => onDisconnect(socket, deps, reason),
      () => {},
    );
  });

  runSafely(
    () => welcome(socket, deps, roomId, memberId),
    () => socket.disconnect(),
  );
}

/**
 * A member's socket went away. If the member left or was removed, the registry no
 * longer seats it and nothing happens. A dropped network keeps the seat, away, for the
 * resume window (the heartbeat removes it after that); anything else removes it now.
 * Only the socket that holds the seat may do either: one replaced by a resume may not.
 */
async function onDisconnect(socket: RoomSocket, deps: RoomDeps, reason: string): Promise<void> {
  const { roomId, memberId } = socket.data;
  if (reason === "server shutting down" && deps.keepSeatsOnShutdown) return;
  if (deps.resumeWindowMs > 0 && RESUMABLE.has(reason)) {
    if (await deps.registry.markAway(roomId, memberId, socket.id, deps.now())) {
      socket.nsp.except(memberId).emit("member:away", { id: memberId, away: true });
    }
    return;
  }
  const leave: LeaveReason = reason === "client namespace disconnect" ? "left" : "disconnected";
  const removed = await deps.registry.removeMember(roomId, memberId, deps.now(), socket.id);
  if (removed) announceRemoval(socket.nsp, removed, { id: memberId, reason: leave });
}

async function welcome(socket: RoomSocket, deps: RoomDeps, roomId: string, memberId: string): Promise<void> {
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
}

function registerRoomEvents(socket: RoomSocket, deps: RoomDeps): void {
  const { registry, now } = deps;
  const { roomId, memberId, alias } = socket.data;
  const from = { id: memberId, alias };
  const penalize = () => deps.limits.events.penalize(socket);

  socket.on(
    "msg:send",
    validated(
      roomEventSchemas["msg:send"],
      ({ env }, ack) => {
        const id = newMessageId();
        const ts = now();
        socket.broadcast.emit("msg:new", { id, from, ts, env });
        ack(ackOk({ id, ts }));
      },
      penalize,
    ),
  );

  socket.on(
    "msg:whisper",
    validated(
      roomEventSchemas["msg:whisper"],
      async ({ to, env }, ack) => {
        if (to === memberId) return ack(ackError("INVALID", "You cannot whisper to yourself."));
        const room = await registry.getRoom(roomId);
        if (!room?.members.some((m) => m.id === to)) return ack(ackError("NO_SUCH_MEMBER"));
        const id = newMessageId();
        const ts = now();
        // Only the target's socket is in the room named by its member ID.
        socket.to(to).emit("msg:whisper", { id, from, to, ts, env });
        ack(ackOk({ id, ts }));
      },
      penalize,
    ),
  );

  socket.on(
    "member:kick",
    validated(
      roomEventSchemas["member:kick"],
      async ({ id }, ack) => {
        const room = await ownedRoom(registry, roomId, memberId);
        if ("ok" in room) return ack(room);
        if (id === memberId) return ack(ackError("INVALID", "You cannot kick yourself."));
        if (!room.members.some((m) => m.id === id)) return ack(ackError("NO_SUCH_MEMBER"));
        const removed = await registry.removeMember(roomId, id, now());
        if (!removed) return ack(ackError("NO_SUCH_MEMBER"));
        await barKicked(socket, deps, room, removed.member);
        socket.nsp.to(id).emit("session:ended", { reason: "kicked", by: alias });
        socket.nsp.in(id).disconnectSockets(false);
        announceRemoval(socket.nsp, removed, { id, reason: "kicked", by: alias });
        ack(ackOk({}));
      },
      penalize,
    ),
  );

  socket.on(
    "room:purge",
    validated(
      roomEventSchemas["room:purge"],
      async (_req, ack) => {
        const room = await ownedRoom(registry, roomId, memberId);
        if ("ok" in room) return ack(room);
        ack(ackOk({}));
        await endRoom(deps, roomId, { reason: "purged", by: alias });
      },
      penalize,
    ),
  );

  socket.on(
    "room:lock",
    validated(
      roomEventSchemas["room:lock"],
      async ({ locked }, ack) => {
        const room = await ownedRoom(registry, roomId, memberId);
        if ("ok" in room) return ack(room);
        await registry.setLocked(roomId, locked);
        socket.nsp.emit("room:locked", { locked, by: alias });
        ack(ackOk({}));
      },
      penalize,
    ),
  );

  socket.on(
    "member:exit",
    validated(
      roomEventSchemas["member:exit"],
      async ({ farewell }, ack) => {
        await removeAndAnnounce(socket, deps, memberId, {
          id: memberId,
          reason: "exit",
          ...(farewell === undefined ? {} : { farewell }),
        });
        ack(ackOk({}));
        socket.disconnect();
      },
      penalize,
    ),
  );

  socket.on(
    "typing",
    validatedNoAck(
      roomEventSchemas.typing,
      ({ on }) => {
        // Volatile: a stale "typing" indicator is worth nothing, so it may be dropped.
        socket.broadcast.volatile.emit("typing", { id: memberId, on });
      },
      penalize,
    ),
  );
}

/**
 * Bars the kicked member's address from the room for `kickBarMs` (F21): the address it
 * joined from (kept as the same salted hash, so an away member is barred too) and that
 * of any socket it has now (in the Socket.IO room named by its member ID). Only hashes
 * under the room's salt are stored, and never longer than the room lives.
 */
async function barKicked(socket: RoomSocket, deps: RoomDeps, room: RoomSnapshot, member: MemberRecord) {
  if (deps.kickBarMs <= 0) return;
  const until = deps.now() + deps.kickBarMs;
  const keys = new Set<string>(member.barKey === undefined ? [] : [member.barKey]);
  for (const socketId of socket.nsp.adapter.rooms.get(member.id) ?? []) {
    const target = socket.nsp.sockets.get(socketId);
    if (target) keys.add(barKey(room.barSalt, connectionAddress(target.conn)));
  }
  for (const key of keys) await deps.registry.barAddress(room.roomId, key, until);
}

/** The room when `memberId` owns it, else the ack that says why not. */
async function ownedRoom(
  registry: RoomRegistry,
  roomId: string,
  memberId: string,
): Promise<RoomSnapshot | AckError> {
  const room = await registry.getRoom(roomId);
  if (!room) return ackError("NOT_FOUND");
  if (room.ownerId !== memberId) return ackError("NOT_OWNER");
  return room;
}

/** Removes a member (idempotently) and, if this call removed it, tells the others. */
async function removeAndAnnounce(
  socket: RoomSocket,
  deps: RoomDeps,
  memberId: string,
  left: MemberLeft,
): Promise<void> {
  const removed = await deps.registry.removeMember(socket.data.roomId, memberId, deps.now());
  if (removed) announceRemoval(socket.nsp, removed, left);
}
