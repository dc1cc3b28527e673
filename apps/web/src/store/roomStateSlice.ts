import type { RoomSnapshot } from "@sanctuary/client";
import type { StateCreator } from "zustand";
import type { SessionLike } from "./sdk";
import type { AppState, RoomStateSlice } from "./types";

/** The room state when there is no room. */
export const NO_ROOM_STATE: RoomStateSlice = {
  session: null,
  room: null,
  members: [],
  ownerId: null,
  locked: false,
  memberKeys: {},
  connection: "online",
  reconnectingSince: null,
};

/**
 * The room state is the SDK's: nothing here computes members, owner, lock or keys. It is
 * set from the session when it starts (`adoptSession`) and replaced from every
 * snapshot the session emits (`copySnapshot`, wired in sessionSync.ts).
 */
export function createRoomStateSlice(): StateCreator<AppState, [], [], RoomStateSlice> {
  return () => NO_ROOM_STATE;
}

/** The store's copy of a snapshot: the SDK's frozen values, as they are. */
export function copySnapshot(
  snapshot: RoomSnapshot,
): Pick<RoomStateSlice, "members" | "ownerId" | "locked" | "memberKeys" | "connection"> {
  return {
    members: snapshot.members,
    ownerId: snapshot.ownerId,
    locked: snapshot.locked,
    memberKeys: snapshot.memberKeys,
    connection: snapshot.connection,
  };
}

/** Everything the store holds of a session that has just started. */
export function adoptSession(session: SessionLike): RoomStateSlice {
  const { snapshot } = session;
  return {
    session,
    room: {
      roomId: session.roomId,
      roomName: session.roomName,
      youId: snapshot.you.id,
      expiresAt: snapshot.expiresAt,
      roomFingerprint: session.roomFingerprint,
      yourFingerprint: session.yourFingerprint,
    },
    ...copySnapshot(snapshot),
    reconnectingSince: null,
  };
}
