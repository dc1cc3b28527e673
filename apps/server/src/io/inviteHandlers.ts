import type { LobbyProtocol } from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import type { InviteStore } from "../invites/inviteStore.js";
import { connectionAddress } from "../net/clientAddress.js";
import type { RoomRegistry } from "../registry/roomRegistry.js";
import { type Handlers, ProtocolError } from "./router.js";
import type { LobbySocket } from "./types.js";

export interface InviteDeps {
  registry: Pick<RoomRegistry, "hasRoom">;
  invites: InviteStore;
  limits: Pick<Limits, "lookups" | "memory">;
}

const ROOM_FULL_MESSAGE =
  "This room has as many open one-time links as it may; wait for some to be used or expire.";

/**
 * `invite:create` and `invite:open` (F30). Both count against the asker's lookup budget
 * (per address group), so guessing invite IDs is as slow as guessing rooms; an unknown,
 * used, expired or foreign ID is NOT_FOUND, whatever the reason.
 */
export function inviteHandlers(
  deps: InviteDeps,
): Pick<Handlers<LobbyProtocol, LobbySocket>, "invite:create" | "invite:open"> {
  const { registry, invites, limits } = deps;
  return {
    "invite:create": async ({ roomId, sealed }, socket) => {
      if (limits.memory.exceeded) throw new ProtocolError("SERVER_FULL");
      if (!(await limits.lookups.allow(connectionAddress(socket.conn))))
        throw new ProtocolError("RATE_LIMITED");
      if (!(await registry.hasRoom(roomId))) throw new ProtocolError("NOT_FOUND");
      const made = await invites.create(roomId, sealed);
      if (made === "no-room") throw new ProtocolError("NOT_FOUND");
      if (made === "room-full") throw new ProtocolError("RATE_LIMITED", ROOM_FULL_MESSAGE);
      if (made === "server-full") throw new ProtocolError("SERVER_FULL");
      return made;
    },

    "invite:open": async ({ roomId, inviteId }, socket) => {
      if (!(await limits.lookups.allow(connectionAddress(socket.conn))))
        throw new ProtocolError("RATE_LIMITED");
      const sealed = await invites.take(roomId, inviteId);
      if (!sealed) throw new ProtocolError("NOT_FOUND");
      // A room that ended between the two steps takes its invites along.
      if (!(await registry.hasRoom(roomId))) {
        await invites.dropRoom(roomId);
        throw new ProtocolError("NOT_FOUND");
      }
      return { sealed };
    },
  };
}
