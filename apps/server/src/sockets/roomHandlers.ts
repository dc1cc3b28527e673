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
   * Longest envelope `ct` this server relays in `msg:send` and `msg:whisper` (from
   * `--max-text-bytes` and `--max-image-bytes`); a longer one is TOO_LARGE.
   */
  messageCtMaxChars: number;
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
 * The event handlers are made once here, per server, not per socket: Socket.IO calls
 * a listener with the socket as `this`, and everything a handler needs about its
 * member is in `socket.data` (room, member ID, alias). A member costs the listener
 * entries, not a set of closures.
 *
 * @example
 * io.of(isRoomNamespace).on("connection", roomConnectionHandler(deps));
 */
export function roomConnectionHandler(deps: RoomDeps): (socket: RoomSocket) => void {
  const handlers = roomEventHandlers(deps);
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

    for (const [event, handler] of handlers) socket.on(event, handler);
    socket.on("disconnect", onDisconnectEvent);

    runSafely(
      () => welcome(socket, deps, roomId, memberId),
      () => socket.disconnect(),
    );
  };
}

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Empties what `socket.handshake` holds about the handshake request (auth payload,
 * headers, query); the small scalar fields stay. Shared, frozen empty objects: nothing
 * can write into them.
 */
function slimHandshake(socket: RoomSocket): void {
  const handshake = socket.handshake as { auth: object; headers: object; query: object };
  handshake.auth = EMPTY;
  handshake.headers = EMPTY;
  handshake.query = EMPTY;
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

type RoomHandler = (this: RoomSocket, ...args: unknown[]) => void;

/** Every room event's listener, made once per server (see `roomConnectionHandler`). */
function roomEventHandlers(deps: RoomDeps): Array<[keyof typeof roomEventSchemas, RoomHandler]> {
  const { registry, now } = deps;
  const penalize = (socket: RoomSocket) => deps.limits.events.penalize(socket);
  const from = (socket: RoomSocket) => ({ id: socket.data.memberId, alias: socket.data.alias });

  const msgSend = validated(
    roomEventSchemas["msg:send"],
    ({ env }, ack, socket: RoomSocket) => {
      if (env.ct.length > deps.messageCtMaxChars) return ack(ackError("TOO_LARGE"));
      const id = newMessageId();
      const ts = now();
      socket.broadcast.emit("msg:new", { id, from: from(socket), ts, env });
      ack(ackOk({ id, ts }));
    },
    penalize,
  );

  const msgWhisper = validated(
    roomEventSchemas["msg:whisper"],
    async ({ to, env }, ack, socket: RoomSocket) => {
      if (env.ct.length > deps.messageCtMaxChars) return ack(ackError("TOO_LARGE"));
      const { roomId, memberId } = socket.data;
      if (to === memberId) return ack(ackError("INVALID", "You cannot whisper to yourself."));
      // Only whether the target is seated: not the whole room (which, in Redis, means
      // opening every member's seal) on a message path.
      if (!(await registry.hasMember(roomId, to))) return ack(ackError("NO_SUCH_MEMBER"));
      const id = newMessageId();
      const ts = now();
      // Only the target's socket is in the room named by its member ID.
      socket.to(to).emit("msg:whisper", { id, from: from(socket), to, ts, env });
      ack(ackOk({ id, ts }));
    },
    penalize,
  );

  const memberKick = validated(
    roomEventSchemas["member:kick"],
    async ({ id }, ack, socket: RoomSocket) => {
      const { roomId, memberId, alias } = socket.data;
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
  );

  const roomPurge = validated(
    roomEventSchemas["room:purge"],
    async (_req, ack, socket: RoomSocket) => {
      const { roomId, memberId, alias } = socket.data;
      const room = await ownedRoom(registry, roomId, memberId);
      if ("ok" in room) return ack(room);
      ack(ackOk({}));
      await endRoom(deps, roomId, { reason: "purged", by: alias });
    },
    penalize,
  );

  const roomLock = validated(
    roomEventSchemas["room:lock"],
    async ({ locked }, ack, socket: RoomSocket) => {
      const { roomId, memberId, alias } = socket.data;
      const room = await ownedRoom(registry, roomId, memberId);
      if ("ok" in room) return ack(room);
      await registry.setLocked(roomId, locked);
      socket.nsp.emit("room:locked", { locked, by: alias });
      ack(ackOk({}));
    },
    penalize,
  );

  const memberExit = validated(
    roomEventSchemas["member:exit"],
    async ({ farewell }, ack, socket: RoomSocket) => {
      const { memberId } = socket.data;
      await removeAndAnnounce(socket, deps, memberId, {
        id: memberId,
        reason: "exit",
        ...(farewell === undefined ? {} : { farewell }),
      });
      ack(ackOk({}));
      socket.disconnect();
    },
    penalize,
  );

  const typing = validatedNoAck(
    roomEventSchemas.typing,
    ({ on }, socket: RoomSocket) => {
      // Volatile: a stale "typing" indicator is worth nothing, so it may be dropped.
      socket.broadcast.volatile.emit("typing", { id: socket.data.memberId, on });
    },
    penalize,
  );

  return [
    ["msg:send", msgSend],
    ["msg:whisper", msgWhisper],
    ["member:kick", memberKick],
    ["room:purge", roomPurge],
    ["room:lock", roomLock],
    ["member:exit", memberExit],
    ["typing", typing],
  ];
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
