import type { MemberLeft, SessionEnded } from "@sanctuary/protocol";

/**
 * Something that happened to a room that its members must hear about: a member left or
 * went away, or the room ended. Plain data, so it can cross to the other nodes of a
 * cluster (F19) as is.
 */
export type RoomEvent =
  | { kind: "left"; left: MemberLeft; ownerId: string | null; ownerChanged: boolean }
  | { kind: "away"; id: string }
  | { kind: "ended"; ended: SessionEnded | null };

/** The member events: what a room's sockets hear while the room goes on. */
export type MemberEvent = Exclude<RoomEvent, { kind: "ended" }>;

/**
 * Where the domain sends room events: to every node's sockets of the room. The
 * Socket.IO side implements it (`io/roomBus.ts`); the rules only say what happened.
 */
export interface RoomEventSink {
  /** Applies the event to this node's sockets and sends it to every other node. */
  send(roomId: string, event: RoomEvent): void;
  /** Applies the event to this node's sockets of the room only. */
  apply(roomId: string, event: RoomEvent): void;
}

/** Checks data that came from another node before it is applied. */
export function isRoomEvent(value: unknown): value is RoomEvent {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return kind === "left" || kind === "away" || kind === "ended";
}
