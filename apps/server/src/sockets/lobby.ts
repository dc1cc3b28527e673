import { ackError, ackOk, lobbyEventSchemas, NONCE_TTL_MS } from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import type { ResolvedServerOptions } from "../config/resolve.js";
import { connectionAddress } from "../net/clientAddress.js";
import type { RoomRegistry } from "../rooms/roomRegistry.js";
import { newNonce, newRoomId } from "./ids.js";
import type { LobbyNamespace, LobbySocket } from "./types.js";
import { validated } from "./validated.js";

/** A collision of 80-bit IDs is astronomically unlikely; a few retries are plenty. */
const ROOM_ID_ATTEMPTS = 5;

export interface LobbyDeps {
  registry: RoomRegistry;
  options: Pick<ResolvedServerOptions, "maxRooms" | "maxLifetimeSeconds">;
  now: () => number;
  limits: Pick<Limits, "events" | "roomCreation">;
}

/**
 * The lobby `/`: creating rooms and handing out what a join needs (salt, KDF
 * parameters, a fresh single-use challenge).
 *
 * @example
 * registerLobby(lobbyView(io), { registry, options, now: Date.now, limits });
 */
export function registerLobby(lobby: LobbyNamespace, deps: LobbyDeps): void {
  const { registry, options, now, limits } = deps;
  // The listeners are made once here, not per socket (as in roomHandlers.ts): Socket.IO
  // calls them with the socket as `this`, which `validated` hands to the handler.
  const penalize = (socket: LobbySocket) => limits.events.penalize(socket);

  const roomCreate = validated(
    lobbyEventSchemas["room:create"],
    async (req, ack, socket: LobbySocket) => {
      if (!(await limits.roomCreation.allow(connectionAddress(socket.conn)))) {
        return ack(ackError("RATE_LIMITED"));
      }
      const createdAt = now();
      const lifetime = cappedLifetime(req.lifetime, options.maxLifetimeSeconds);
      const expiresAt = lifetime === undefined ? undefined : createdAt + lifetime * 1000;
      const room = {
        salt: req.salt,
        kdf: req.kdf,
        authKey: Buffer.from(req.authKey, "base64url"),
        createdAt,
        ...(req.meta === undefined ? {} : { meta: req.meta }),
        ...(expiresAt === undefined ? {} : { expiresAt }),
      };
      for (let attempt = 0; attempt < ROOM_ID_ATTEMPTS; attempt++) {
        const roomId = newRoomId();
        const result = await registry.createRoom(roomId, room, options.maxRooms);
        if (result === "server-full") return ack(ackError("SERVER_FULL"));
        if (result === "created") {
          return ack(ackOk(expiresAt === undefined ? { roomId } : { roomId, expiresAt }));
        }
      }
      ack(ackError("INTERNAL"));
    },
    penalize,
  );

  const roomLookup = validated(
    lobbyEventSchemas["room:lookup"],
    async ({ roomId }, ack) => {
      const room = await registry.getRoom(roomId);
      if (!room) return ack(ackError("NOT_FOUND"));
      const nonce = newNonce();
      await registry.issueNonce(roomId, nonce, now() + NONCE_TTL_MS);
      ack(ackOk({ salt: room.salt, kdf: room.kdf, nonce }));
    },
    penalize,
  );

  lobby.on("connection", (socket) => {
    limits.events.guard(socket);
    socket.on("room:create", roomCreate);
    socket.on("room:lookup", roomLookup);
  });
}

/** The lifetime a room gets: what it asked for, never past the operator's cap. */
function cappedLifetime(requested: number | undefined, cap: number | undefined): number | undefined {
  if (cap === undefined) return requested;
  return requested === undefined ? cap : Math.min(requested, cap);
}
