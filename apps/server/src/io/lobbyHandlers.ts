import { type LobbyProtocol, lobbyProtocol, NONCE_TTL_MS, type RoomCreateRequest } from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import type { LiveRoomTicket } from "../abuse/liveRoomShare.js";
import type { ResolvedServerOptions } from "../config/resolve.js";
import type { InviteStore } from "../invites/inviteStore.js";
import { connectionAddress } from "../net/clientAddress.js";
import type { RoomRegistry } from "../registry/roomRegistry.js";
import { barKey } from "../rooms/kickBar.js";
import { newNonce, newRoomId } from "./ids.js";
import { inviteHandlers } from "./inviteHandlers.js";
import { type KnockDeps, knockCancel, knockingOff, knockRequest } from "./knockHandlers.js";
import { createRouter, type Handlers, ProtocolError } from "./router.js";
import type { LobbyNamespace, LobbySocket } from "./types.js";

/** A collision of 80-bit IDs is astronomically unlikely; a few retries are plenty. */
const ROOM_ID_ATTEMPTS = 5;

/** The refusal when an address group holds its share of live rooms. */
const LIVE_ROOMS_MESSAGE =
  "Your network already has as many rooms open as one address may; end one before creating another.";

export interface LobbyDeps {
  registry: RoomRegistry;
  options: Pick<ResolvedServerOptions, "maxRooms" | "maxLifetimeSeconds">;
  now: () => number;
  limits: Pick<Limits, "events" | "roomCreation" | "lookups" | "liveRooms" | "memory">;
  /** One-time invites (F30). */
  invites: InviteStore;
  /** Knocking (F34); without it `knock:request` is refused. */
  knock?: KnockDeps;
}

/**
 * The lobby `/`: creating rooms and handing out what a join needs (salt, KDF
 * parameters, a fresh single-use challenge). The router is made once per server.
 *
 * @example
 * registerLobby(lobbyView(io), { registry, options, now: Date.now, limits, invites });
 */
export function registerLobby(lobby: LobbyNamespace, deps: LobbyDeps): void {
  const router = createRouter(lobbyProtocol, lobbyHandlers(deps), (socket) =>
    deps.limits.events.penalize(socket),
  );
  lobby.on("connection", (socket) => {
    deps.limits.events.guard(socket);
    router.attach(socket);
    const knocks = deps.knock?.knocks;
    if (knocks) socket.on("disconnect", () => knocks.cancelAllOf(socket.id));
  });
}

/** The lobby's request handlers; each returns its ack or throws a `ProtocolError`. */
export function lobbyHandlers(deps: LobbyDeps): Handlers<LobbyProtocol, LobbySocket> {
  const { registry, now, limits } = deps;
  return {
    "room:create": async (req, socket) => {
      // Over the memory budget nothing new starts; the rooms that run keep running.
      if (limits.memory.exceeded) throw new ProtocolError("SERVER_FULL");
      const address = connectionAddress(socket.conn);
      if (!(await limits.roomCreation.allow(address))) throw new ProtocolError("RATE_LIMITED");
      const ticket = await limits.liveRooms.reserve(address, (id) => registry.hasRoom(id));
      if (!ticket) throw new ProtocolError("RATE_LIMITED", LIVE_ROOMS_MESSAGE);
      try {
        return await storeRoom(req, deps, ticket);
      } catch (err) {
        ticket.cancel();
        throw err;
      }
    },

    "room:lookup": async ({ roomId }, socket) => {
      const address = connectionAddress(socket.conn);
      if (!(await limits.lookups.allow(address))) throw new ProtocolError("RATE_LIMITED");
      const room = await registry.getRoom(roomId);
      if (!room) throw new ProtocolError("NOT_FOUND");
      const nonce = newNonce();
      // The challenge belongs to the asker's address group (hashed as for kick bars), so
      // others' lookups can never push it out; a room full of challenges refuses instead.
      const at = now();
      const group = barKey(room.barSalt, address);
      if (!(await registry.issueNonce(roomId, nonce, at + NONCE_TTL_MS, group, at))) {
        throw new ProtocolError("RATE_LIMITED");
      }
      return { salt: room.salt, kdf: room.kdf, nonce };
    },

    ...inviteHandlers(deps),
    "knock:request": deps.knock ? knockRequest(deps.knock) : knockingOff,
    "knock:cancel": knockCancel(deps.knock ?? {}),
  };
}

/** Stores a new room under a fresh ID; the ticket is committed to that ID. */
async function storeRoom(
  req: RoomCreateRequest,
  deps: LobbyDeps,
  ticket: LiveRoomTicket,
): Promise<{ roomId: string; expiresAt?: number }> {
  const { registry, options, now } = deps;
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
    if (result === "server-full") throw new ProtocolError("SERVER_FULL");
    if (result !== "created") continue;
    ticket.commit(roomId);
    return expiresAt === undefined ? { roomId } : { roomId, expiresAt };
  }
  throw new ProtocolError("INTERNAL");
}

/** The lifetime a room gets: what it asked for, never past the operator's cap. */
function cappedLifetime(requested: number | undefined, cap: number | undefined): number | undefined {
  if (cap === undefined) return requested;
  return requested === undefined ? cap : Math.min(requested, cap);
}
