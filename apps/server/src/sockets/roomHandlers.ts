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
import { endRoom } from "../rooms/roomLifecycle.js";
import type { RoomNamespaces } from "../rooms/roomNamespaces.js";
import {
  publicMember,
  type RemovedMember,
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
  now: () => number;
  limits: Pick<Limits, "events" | "joins">;
  /** How long a kicked member's address stays barred (F21); 0 bars nobody. */
  kickBarMs: number;
}

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
  // Each socket sits in a Socket.IO room named by its member ID, so whisper and kick
  // address a member (and later work across nodes through the adapter).
  void socket.join(memberId);

  registerRoomEvents(socket, deps);
  socket.on("disconnect", (reason) => {
    const leave: LeaveReason = reason === "client namespace disconnect" ? "left" : "disconnected";
    runSafely(
      () => removeAndAnnounce(socket, deps, memberId, { id: memberId, reason: leave }),
      () => {},
    );
  });

  runSafely(
    () => welcome(socket, deps, roomId, memberId),
    () => socket.disconnect(),
  );
}

async function welcome(socket: RoomSocket, deps: RoomDeps, roomId: string, memberId: string): Promise<void> {
  const room = await deps.registry.getRoom(roomId);
  const me = room?.members.find((m) => m.id === memberId);
  if (!room || !me) {
    // The room ended (or the seat was given back) between admission and connection.
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
  };
  socket.emit("room:welcome", message);
  socket.broadcast.emit("member:joined", you);
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
        await barKicked(socket, deps, room, id);
        socket.nsp.to(id).emit("session:ended", { reason: "kicked", by: alias });
        socket.nsp.in(id).disconnectSockets(false);
        announceRemoval(socket, removed, { id, reason: "kicked", by: alias });
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
 * Bars the kicked member's address from the room for `kickBarMs` (F21): its sockets on
 * this server are in the Socket.IO room named by its member ID. Only the hash under the
 * room's salt is stored, and never longer than the room lives.
 */
async function barKicked(socket: RoomSocket, deps: RoomDeps, room: RoomSnapshot, memberId: string) {
  if (deps.kickBarMs <= 0) return;
  const until = deps.now() + deps.kickBarMs;
  const sockets = socket.nsp.adapter.rooms.get(memberId) ?? new Set<string>();
  for (const socketId of sockets) {
    const target = socket.nsp.sockets.get(socketId);
    if (!target) continue;
    await deps.registry.barAddress(room.roomId, barKey(room.barSalt, connectionAddress(target.conn)), until);
  }
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
  if (removed) announceRemoval(socket, removed, left);
}

function announceRemoval(socket: RoomSocket, removed: RemovedMember, left: MemberLeft): void {
  // Sent on the namespace minus the leaver's own member room: a disconnected socket has
  // already left every room, and an exiting one must not hear about itself.
  socket.nsp.except(removed.member.id).emit("member:left", left);
  if (removed.ownerChanged && removed.ownerId !== null) {
    socket.nsp.emit("member:role", { ownerId: removed.ownerId });
  }
}
