import {
  type ClientEventsOf,
  mergeDomains,
  type NotifyName,
  payloadSchemas,
  type RequestAck,
  type RequestName,
  type RequestPayload,
  type ServerEventsOf,
} from "./contract.js";
import { fileDomain } from "./events/file.js";
import { knockLobbyDomain, knockRoomDomain } from "./events/knock.js";
import { lobbyDomain } from "./events/lobby.js";
import { memberDomain } from "./events/member.js";
import { messageDomain } from "./events/message.js";
import { roomDomain } from "./events/room.js";

export * from "./events/file.js";
export * from "./events/knock.js";
export * from "./events/lobby.js";
export * from "./events/member.js";
export * from "./events/message.js";
export * from "./events/room.js";

/**
 * The two protocols Sanctuary speaks, each assembled from its domains' definitions
 * (`events/*.ts`). Everything else — Socket.IO's event maps, the schema tables the
 * server validates with and the SDK parses with, request and ack types — is derived
 * from these two objects, never written beside them.
 */

/** Namespace of a room: `/r/<roomId>`. */
export const ROOM_NAMESPACE_PREFIX = "/r/";
export const ROOM_NAMESPACE_PATTERN = /^\/r\/([0-9A-HJKMNP-TV-Z]{16})$/;
export function roomNamespace(roomId: string): string {
  return `${ROOM_NAMESPACE_PREFIX}${roomId}`;
}

/** The lobby `/`. */
export const lobbyProtocol = mergeDomains(lobbyDomain, knockLobbyDomain);
/** A room's namespace `/r/<roomId>`. */
export const roomProtocol = mergeDomains(
  roomDomain,
  memberDomain,
  messageDomain,
  knockRoomDomain,
  fileDomain,
);

export type LobbyProtocol = typeof lobbyProtocol;
export type RoomProtocol = typeof roomProtocol;

export type LobbyClientEvents = ClientEventsOf<LobbyProtocol>;
export type LobbyServerEvents = ServerEventsOf<LobbyProtocol>;
export type RoomClientEvents = ClientEventsOf<RoomProtocol>;
export type RoomServerEvents = ServerEventsOf<RoomProtocol>;

export type LobbyEventName = keyof LobbyProtocol["toServer"] & string;
export type RoomEventName = keyof RoomProtocol["toServer"] & string;
export type RoomPushName = keyof RoomProtocol["toClient"] & string;
export type LobbyRequestName = RequestName<LobbyProtocol>;
export type RoomRequestName = RequestName<RoomProtocol>;
export type RoomNotifyName = NotifyName<RoomProtocol>;
export type LobbyRequest<E extends LobbyEventName> = RequestPayload<LobbyProtocol, E>;
export type LobbyAck<E extends LobbyEventName> = RequestAck<LobbyProtocol, E>;
export type RoomRequest<E extends RoomEventName> = RequestPayload<RoomProtocol, E>;
export type RoomAck<E extends RoomEventName> = RequestAck<RoomProtocol, E>;

/** The payload schema of each client event, so the server validates in one place. */
export const lobbyEventSchemas = payloadSchemas(lobbyProtocol.toServer);
export const roomEventSchemas = payloadSchemas(roomProtocol.toServer);
/** The payload schema of each server event, so the SDK parses at its boundary. */
export const roomPushSchemas = payloadSchemas(roomProtocol.toClient);
export const lobbyPushSchemas = payloadSchemas(lobbyProtocol.toClient);

/** Per-socket data the server keeps on a room socket. */
export interface RoomSocketData {
  roomId: string;
  memberId: string;
  alias: string;
  /** Set when the socket took back an away member's seat with a resume token. */
  resumed?: boolean;
}
