import type { MemberLeft, RoomProtocol } from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import { connectionAddress } from "../net/clientAddress.js";
import type { MemberRecord, RoomRegistry, RoomSnapshot } from "../registry/roomRegistry.js";
import { barKey, personBarKey } from "../rooms/kickBar.js";
import type { KnockStore } from "../rooms/knocks.js";
import { endRoom, removalEvent } from "../rooms/lifecycle.js";
import type { RoomEventSink } from "../rooms/roomEvent.js";
import type { FileRelay } from "./fileRelay.js";
import { newMessageId } from "./ids.js";
import { handKnocksOver, knockAnswer } from "./knockHandlers.js";
import { emitMemberEvent } from "./roomBus.js";
import { afterAck, type Handlers, ProtocolError } from "./router.js";
import type { RoomSocket } from "./types.js";

export interface RoomHandlerDeps {
  registry: RoomRegistry;
  bus: RoomEventSink;
  now: () => number;
  limits: Pick<Limits, "events">;
  /** How long a kicked member's address stays barred (F21); 0 bars nobody. */
  kickBarMs: number;
  /**
   * Longest envelope `ct` this server relays in `msg:send` and `msg:whisper` (from
   * `--max-text-bytes` and `--max-image-bytes`); a longer one is TOO_LARGE.
   */
  messageCtMaxChars: number;
  /** Knocks waiting for this server's room owners (F34); absent where knocking is off. */
  knocks?: KnockStore;
  /** Relays file transfers (F43). */
  files: FileRelay;
}

/**
 * What a member may do in a room, one handler per client event. The server relays
 * envelopes it cannot read; its own work is deciding who may do what and stamping
 * `from` itself so nobody can post as someone else. Each handler returns its ack or
 * throws a `ProtocolError`; everything it needs about its member is in `socket.data`.
 *
 * @example
 * const router = createRouter(roomProtocol, roomHandlers(deps), penalize);
 */
export function roomHandlers(deps: RoomHandlerDeps): Handlers<RoomProtocol, RoomSocket> {
  const { registry, now } = deps;
  const checkSize = (ct: string) => {
    if (ct.length > deps.messageCtMaxChars) throw new ProtocolError("TOO_LARGE");
  };

  return {
    "msg:send": ({ env }, socket) => {
      checkSize(env.ct);
      const id = newMessageId();
      const ts = now();
      socket.broadcast.emit("msg:new", { id, from: sender(socket), ts, env });
      return { id, ts };
    },

    "msg:whisper": async ({ to, env }, socket) => {
      checkSize(env.ct);
      const { roomId, memberId } = socket.data;
      if (to === memberId) throw new ProtocolError("INVALID", "You cannot whisper to yourself.");
      // Only whether the target is seated: not the whole room (which, in Redis, means
      // opening every member's seal) on a message path.
      if (!(await registry.hasMember(roomId, to))) throw new ProtocolError("NO_SUCH_MEMBER");
      const id = newMessageId();
      const ts = now();
      // Only the target's socket is in the room named by its member ID.
      socket.to(to).emit("msg:whisper", { id, from: sender(socket), to, ts, env });
      return { id, ts };
    },

    typing: ({ on }, socket) => {
      // Volatile: a stale "typing" indicator is worth nothing, so it may be dropped.
      socket.broadcast.volatile.emit("typing", { id: socket.data.memberId, on });
    },

    "file:offer": (req, socket) => deps.files.offer(req, socket),
    "file:chunk": (req, socket) => deps.files.chunk(req, socket),
    "file:cancel": (req, socket) => deps.files.cancel(req, socket),

    "member:kick": async ({ id }, socket) => {
      const { roomId, memberId, alias } = socket.data;
      const room = await ownedRoom(registry, roomId, memberId);
      if (id === memberId) throw new ProtocolError("INVALID", "You cannot kick yourself.");
      if (!room.members.some((m) => m.id === id)) throw new ProtocolError("NO_SUCH_MEMBER");
      const removed = await registry.removeMember(roomId, id, now());
      if (!removed) throw new ProtocolError("NO_SUCH_MEMBER");
      await barKicked(socket, deps, room, removed.member);
      socket.nsp.to(id).emit("session:ended", { reason: "kicked", by: alias });
      socket.nsp.in(id).disconnectSockets(false);
      emitMemberEvent(socket.nsp, removalEvent(removed, { id, reason: "kicked", by: alias }));
      return {};
    },

    "member:exit": async ({ farewell }, socket) => {
      const { memberId } = socket.data;
      await removeAndAnnounce(socket, deps, {
        id: memberId,
        reason: "exit",
        ...(farewell === undefined ? {} : { farewell }),
      });
      // The member hears its ack before its connection to the room closes. Any other
      // socket of it (there should be none) goes too, on every node.
      return afterAck({}, () => {
        socket.disconnect();
        socket.nsp.in(memberId).disconnectSockets(false);
      });
    },

    "room:lock": async ({ locked }, socket) => {
      const { roomId, memberId, alias } = socket.data;
      await ownedRoom(registry, roomId, memberId);
      await registry.setLocked(roomId, locked);
      socket.nsp.emit("room:locked", { locked, by: alias });
      return {};
    },

    "room:purge": async (_req, socket) => {
      const { roomId, memberId, alias } = socket.data;
      await ownedRoom(registry, roomId, memberId);
      // The owner hears its ack before the `session:ended` everyone gets.
      return afterAck({}, () => endRoom(deps, roomId, { reason: "purged", by: alias }));
    },

    "knock:answer": knockAnswer(deps),
  };
}

/** Who sent a message: stamped from the socket, never taken from the sender. */
function sender(socket: RoomSocket) {
  return { id: socket.data.memberId, alias: socket.data.alias };
}

/** The room when `memberId` owns it; otherwise NOT_FOUND or NOT_OWNER is thrown. */
async function ownedRoom(registry: RoomRegistry, roomId: string, memberId: string): Promise<RoomSnapshot> {
  const room = await registry.getRoom(roomId);
  if (!room) throw new ProtocolError("NOT_FOUND");
  if (room.ownerId !== memberId) throw new ProtocolError("NOT_OWNER");
  return room;
}

/**
 * Bars the kicked member from the room for `kickBarMs` (F21): the address group it
 * joined from (kept as the same salted hash, so an away member is barred too) and that
 * of any socket it has now (in the Socket.IO room named by its member ID), each twice:
 * the group alone (a housemate's join becomes a knock, F34) and the group with the
 * member's alias (the person kicked, refused with the time left). Only hashes under the
 * room's salt are stored, and never longer than the room lives.
 */
async function barKicked(
  socket: RoomSocket,
  deps: RoomHandlerDeps,
  room: RoomSnapshot,
  member: MemberRecord,
): Promise<void> {
  if (deps.kickBarMs <= 0) return;
  const until = deps.now() + deps.kickBarMs;
  const keys = new Set<string>(member.barKey === undefined ? [] : [member.barKey]);
  for (const socketId of socket.nsp.adapter.rooms.get(member.id) ?? []) {
    const target = socket.nsp.sockets.get(socketId);
    if (target) keys.add(barKey(room.barSalt, connectionAddress(target.conn)));
  }
  for (const key of keys) {
    // The group's bar turns a housemate's join into a knock; the person's refuses it.
    await deps.registry.barAddress(room.roomId, key, until);
    await deps.registry.barAddress(room.roomId, personBarKey(room.barSalt, key, member.aliasKey), until);
  }
}

/** Removes the socket's member (idempotently) and, if this call removed it, tells the others. */
async function removeAndAnnounce(socket: RoomSocket, deps: RoomHandlerDeps, left: MemberLeft): Promise<void> {
  const removed = await deps.registry.removeMember(socket.data.roomId, left.id, deps.now());
  if (!removed) return;
  const { roomId } = socket.data;
  emitMemberEvent(socket.nsp, removalEvent(removed, left), (ownerId) =>
    handKnocksOver(deps.knocks, socket.nsp, roomId, ownerId),
  );
}
