import type { MemberLeft, SessionEnded } from "@sanctuary/protocol";
import type { RemovedMember, RoomRegistry } from "../registry/roomRegistry.js";
import type { MemberEvent, RoomEventSink } from "./roomEvent.js";

/**
 * Ends a room for good: the record goes first (so no lookup or join can find it any
 * more), then every member, on every node, is told why (when there is a reason to
 * tell) and disconnected, the namespaces and their adapters are removed, and the room's
 * join backoff state is dropped. Only the call that deleted the record tells the other
 * nodes, so a purge is announced exactly once however many nodes notice it; a room
 * whose record was already gone is only cleaned up here.
 *
 * @example
 * await endRoom({ registry, bus }, roomId, { reason: "purged", by: "alice" });
 */
export async function endRoom(
  deps: { registry: RoomRegistry; bus: RoomEventSink },
  roomId: string,
  ended: SessionEnded | null,
): Promise<void> {
  const deleted = await deps.registry.deleteRoom(roomId);
  if (deleted) deps.bus.send(roomId, { kind: "ended", ended });
  else deps.bus.apply(roomId, { kind: "ended", ended });
}

/**
 * What a room hears when a member is gone: that it left (and how), and who owns the
 * room now if that changed. The leaver itself is never told (a disconnected socket
 * has already left every room, and an exiting one must not hear about itself).
 *
 * @example
 * const removed = await registry.removeMember(roomId, memberId, Date.now());
 * if (removed) emitMemberEvent(nsp, removalEvent(removed, { id: memberId, reason: "disconnected" }));
 */
export function removalEvent(removed: RemovedMember, left: MemberLeft): MemberEvent {
  return { kind: "left", left, ownerId: removed.ownerId, ownerChanged: removed.ownerChanged };
}

/** Announces a removal on every node: for a room this node may not have a namespace for (the heartbeat). */
export function announceRemovalEverywhere(
  bus: RoomEventSink,
  roomId: string,
  removed: RemovedMember,
  left: MemberLeft,
): void {
  bus.send(roomId, removalEvent(removed, left));
}
