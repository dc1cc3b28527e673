import type { MemberLeft, SessionEnded } from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import type { RoomNamespace } from "../sockets/types.js";
import type { RoomNamespaces } from "./roomNamespaces.js";
import type { RemovedMember, RoomRegistry } from "./roomRegistry.js";

/**
 * Ends a room for good: the record goes first (so no lookup or join can find it any
 * more), then every member is told why (when there is a reason to tell) and
 * disconnected, then the namespace and its adapter are removed, and the room's join
 * backoff state is dropped.
 *
 * @example
 * await endRoom({ registry, namespaces, limits }, roomId, { reason: "purged", by: "alice" });
 */
export async function endRoom(
  deps: { registry: RoomRegistry; namespaces: RoomNamespaces; limits: Pick<Limits, "joins"> },
  roomId: string,
  ended: SessionEnded | null,
): Promise<void> {
  await deps.registry.deleteRoom(roomId);
  await deps.limits.joins.forgetRoom(roomId);
  const nsp = deps.namespaces.get(roomId);
  if (!nsp) return;
  if (ended) nsp.emit("session:ended", ended);
  // Only this namespace: the same connection may still carry the lobby.
  nsp.disconnectSockets(false);
  deps.namespaces.remove(roomId);
}

/**
 * Tells a room that a member is gone, and who owns the room now if that changed. Sent
 * on the namespace minus the leaver's own member room: a disconnected socket has
 * already left every room, and an exiting one must not hear about itself.
 *
 * @example
 * const removed = await registry.removeMember(roomId, memberId, Date.now());
 * if (removed) announceRemoval(nsp, removed, { id: memberId, reason: "disconnected" });
 */
export function announceRemoval(nsp: RoomNamespace, removed: RemovedMember, left: MemberLeft): void {
  nsp.except(removed.member.id).emit("member:left", left);
  if (removed.ownerChanged && removed.ownerId !== null) {
    nsp.emit("member:role", { ownerId: removed.ownerId });
  }
}
