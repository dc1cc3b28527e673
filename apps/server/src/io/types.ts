import type {
  LobbyClientEvents,
  LobbyServerEvents,
  RoomClientEvents,
  RoomServerEvents,
  RoomSocketData,
} from "@sanctuary/protocol";
import type { BroadcastOperator, Namespace, Server, Socket } from "socket.io";
import type { RoomEvent } from "../rooms/roomEvent.js";

/** What the nodes of a cluster (F19) send each other through the adapter. */
export interface InterServerEvents {
  "room:event": (roomId: string, event: RoomEvent) => void;
}

/**
 * Socket.IO types every namespace of a `Server` with the same four maps, but the lobby
 * and the rooms speak different protocols. The server is typed with both; each side
 * narrows to its own view in exactly one place (`lobbyView` here; the room parent in
 * createServer.ts).
 */
export type SanctuaryIo = Server<
  LobbyClientEvents & RoomClientEvents,
  RoomServerEvents & LobbyServerEvents,
  InterServerEvents,
  RoomSocketData
>;

export type LobbyNamespace = Namespace<LobbyClientEvents, LobbyServerEvents, InterServerEvents>;
export type LobbySocket = Socket<LobbyClientEvents, LobbyServerEvents, InterServerEvents>;
export type RoomNamespace = Namespace<RoomClientEvents, RoomServerEvents, InterServerEvents, RoomSocketData>;
export type RoomSocket = Socket<RoomClientEvents, RoomServerEvents, InterServerEvents, RoomSocketData>;
/**
 * Whom a room-wide emit reaches: a room's namespace (every node, through the adapter)
 * or its `local` operator (this node's sockets only).
 */
export type RoomAudience = Pick<BroadcastOperator<RoomServerEvents, RoomSocketData>, "except" | "emit">;

/** The lobby namespace `/` seen with the lobby's event maps. */
export function lobbyView(io: SanctuaryIo): LobbyNamespace {
  return io.of("/") as unknown as LobbyNamespace;
}
