import type { Limits } from "../abuse/limits.js";
import type { MemberEvent, RoomEvent, RoomEventSink } from "../rooms/roomEvent.js";
import type { RoomNamespaces } from "./roomNamespaces.js";
import type { RoomAudience } from "./types.js";

/**
 * Delivers room events to every node's sockets. With one process it only applies them
 * here; in a cluster (F19) `publish` also sends them to the other nodes (a server-side
 * emit through the Redis adapter), which apply them to their own sockets. Everything a
 * member does on its socket goes through the adapter directly instead; the bus is for
 * rooms that may have no namespace on the node that noticed (a purge by the heartbeat,
 * a dead node's members).
 *
 * @example
 * bus.send(roomId, { kind: "ended", ended: { reason: "expired" } });
 */
export class RoomBus implements RoomEventSink {
  readonly #namespaces: RoomNamespaces;
  readonly #limits: Pick<Limits, "joins" | "liveRooms">;
  #publish: ((roomId: string, event: RoomEvent) => void) | undefined;
  /** Run for every room that ends here, e.g. to drop its knocks (F35). */
  readonly #onEnded: Array<(roomId: string) => void> = [];
  /** Run when ownership passes on here, e.g. to hand waiting knocks over (F35). */
  readonly #onOwner: Array<(roomId: string, ownerId: string) => void> = [];

  constructor(namespaces: RoomNamespaces, limits: Pick<Limits, "joins" | "liveRooms">) {
    this.#namespaces = namespaces;
    this.#limits = limits;
  }

  /** Runs `fn` with the ID of each room that ends (on this node). */
  onEnded(fn: (roomId: string) => void): void {
    this.#onEnded.push(fn);
  }

  /** Runs `fn` whenever a room's ownership passes to `ownerId` through the bus. */
  onOwnerChanged(fn: (roomId: string, ownerId: string) => void): void {
    this.#onOwner.push(fn);
  }

  /** Sends events to the other nodes too (set once, by the cluster wiring). */
  connect(publish: (roomId: string, event: RoomEvent) => void): void {
    this.#publish = publish;
  }

  send(roomId: string, event: RoomEvent): void {
    this.apply(roomId, event);
    this.#publish?.(roomId, event);
  }

  apply(roomId: string, event: RoomEvent): void {
    const nsp = this.#namespaces.get(roomId);
    if (event.kind === "ended") {
      void this.#limits.joins.forgetRoom(roomId).catch(() => {});
      this.#limits.liveRooms.forgetRoom(roomId);
      for (const fn of this.#onEnded) fn(roomId);
      if (!nsp) return;
      if (event.ended) nsp.local.emit("session:ended", event.ended);
      // Only this namespace: the same connection may still carry the lobby.
      nsp.local.disconnectSockets(false);
      this.#namespaces.remove(roomId);
      return;
    }
    if (!nsp) return;
    emitMemberEvent(nsp.local, event, (ownerId) => {
      for (const fn of this.#onOwner) fn(roomId, ownerId);
    });
    // A member removed without its socket (the heartbeat, a dead node's seats) keeps
    // none: any socket of it here is disconnected, so nothing of it lingers.
    if (event.kind === "left") nsp.local.in(event.left.id).disconnectSockets(false);
  }
}

/**
 * Tells a room about a member event, never the member itself: `member:away`, or
 * `member:left` and, when ownership passed on, `member:role` to everyone (then `onOwner`).
 *
 * @example
 * emitMemberEvent(socket.nsp, { kind: "away", id: memberId });
 */
export function emitMemberEvent(
  audience: RoomAudience,
  event: MemberEvent,
  onOwner?: (ownerId: string) => void,
): void {
  if (event.kind === "away") {
    audience.except(event.id).emit("member:away", { id: event.id, away: true });
    return;
  }
  audience.except(event.left.id).emit("member:left", event.left);
  if (event.ownerChanged && event.ownerId !== null) {
    audience.emit("member:role", { ownerId: event.ownerId });
    onOwner?.(event.ownerId);
  }
}
