import { aliasKey, type KnockRequest, type KnockRequested } from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import { connectionAddress } from "../net/clientAddress.js";
import type { RoomRegistry } from "../registry/roomRegistry.js";
import { proofMatches } from "../rooms/admissionRules.js";
import { checkBars } from "../rooms/barCheck.js";
import type { KnockStore } from "../rooms/knocks.js";
import type { RoomNamespaces } from "./roomNamespaces.js";
import { ProtocolError } from "./router.js";
import type { LobbySocket, RoomNamespace, RoomSocket } from "./types.js";

/** Where knocking is off (a cluster, F19): knocks are refused, never half-delivered. */
const KNOCKING_OFF = "Knocking is not available on this server; ask the owner to unlock the room.";
const NO_OWNER = "Nobody is in the room to let you in right now; try again later.";
const ROOM_OPEN = "This room is open; join it directly.";
const TOO_MANY = "Too many people are knocking on this room; try again in a minute.";
const ALREADY = "You are already knocking on this room.";
const GONE = "That knock is no longer waiting.";

export interface KnockDeps {
  registry: RoomRegistry;
  namespaces: RoomNamespaces;
  /** Absent where knocking is off. */
  knocks?: KnockStore;
  now: () => number;
  maxAliasLength: number;
  limits: Pick<Limits, "joins" | "hashAddress">;
}

/**
 * `knock:request` on the lobby (F34): the knocker proves the password exactly as a join
 * does (a fresh challenge, spent first; a wrong proof counts toward the join backoff),
 * so someone with only the room ID cannot knock. The person kicked is refused (BANNED,
 * with the time left), an open room needs no knock, and the owner must be connected to
 * hear it. The knock then waits in `KnockStore`; the owner hears `knock:new`.
 *
 * @example
 * const handlers = { ...lobbyHandlers(deps), "knock:request": knockRequest(knockDeps) };
 */
export function knockRequest(deps: KnockDeps) {
  return async (req: KnockRequest, socket: LobbySocket): Promise<KnockRequested> => {
    const { knocks, registry, limits } = deps;
    if (!knocks) throw new ProtocolError("INVALID", KNOCKING_OFF);
    const { roomId, alias, nonce, proof } = req;
    if ([...alias].length > deps.maxAliasLength) {
      throw new ProtocolError(
        "INVALID",
        `Aliases on this server are at most ${deps.maxAliasLength} characters.`,
      );
    }
    const room = await registry.getRoom(roomId);
    if (!room) throw new ProtocolError("NOT_FOUND");
    const address = connectionAddress(socket.conn);
    const addressKey = limits.hashAddress(address);
    if ((await limits.joins.blockedFor(roomId, addressKey)) > 0) throw new ProtocolError("RATE_LIMITED");
    if (!(await registry.consumeNonce(roomId, nonce, deps.now()))) throw new ProtocolError("NONCE_EXPIRED");
    if (!proofMatches(room, nonce, alias, proof)) {
      const { roomFailures, notify } = await limits.joins.recordFailure(roomId, addressKey);
      if (notify)
        deps.namespaces.get(roomId)?.emit("room:notice", { kind: "join-failures", count: roomFailures });
      throw new ProtocolError("WRONG_PASSWORD");
    }
    await limits.joins.recordSuccess(roomId, addressKey);

    const bars = await checkBars(registry, room, address, alias, deps.now());
    if (bars.kind === "kicked") throw new ProtocolError("BANNED", bars.message);
    if (bars.kind === "clear" && !room.locked) throw new ProtocolError("INVALID", ROOM_OPEN);
    const ownerId = room.ownerId;
    const nsp = deps.namespaces.get(roomId);
    if (ownerId === null || !nsp || !nsp.adapter.rooms.get(ownerId)?.size) {
      throw new ProtocolError("LOCKED", NO_OWNER);
    }

    let knockId = "";
    const added = knocks.add(
      { roomId, alias, groupKey: bars.groupKey, aliasKey: aliasKey(alias), socketId: socket.id },
      {
        answered: (outcome) => socket.emit("knock:answered", { knockId, ...outcome }),
        // To whoever owns the room by then: ownership may have passed on meanwhile.
        gone: () =>
          void registry.getRoom(roomId).then(
            (now) => {
              if (now?.ownerId) nsp.to(now.ownerId).emit("knock:gone", { knockId });
            },
            () => undefined,
          ),
      },
    );
    if ("full" in added) throw new ProtocolError("RATE_LIMITED", added.full === "alias" ? ALREADY : TOO_MANY);
    knockId = added.knockId;
    const expiresInMs = knocks.timeoutMs;
    // Only the owner's sockets are in the Socket.IO room named by the owner's member ID.
    nsp.to(ownerId).emit("knock:new", { knockId, alias, expiresInMs });
    return { knockId, expiresInMs };
  };
}

/**
 * Ownership passed to `ownerId` while knocks wait (F35): the new owner hears each of
 * them as `knock:new`, with the time it has left, and may answer it.
 *
 * @example
 * emitMemberEvent(socket.nsp, event, (ownerId) => handKnocksOver(deps.knocks, socket.nsp, roomId, ownerId));
 */
export function handKnocksOver(
  knocks: KnockStore | undefined,
  audience: Pick<RoomNamespace, "to">,
  roomId: string,
  ownerId: string,
): void {
  for (const knock of knocks?.waitingIn(roomId) ?? []) audience.to(ownerId).emit("knock:new", knock);
}

/** `knock:request` where knocking is off: refused, never half-delivered. */
export function knockingOff(): never {
  throw new ProtocolError("INVALID", KNOCKING_OFF);
}

/** `knock:cancel` on the lobby: the knocker gives up; the owner's card goes away. */
export function knockCancel(deps: Pick<KnockDeps, "knocks">) {
  return ({ knockId }: { knockId: string }, socket: LobbySocket): Record<string, never> => {
    if (!deps.knocks?.cancel(knockId, socket.id)) throw new ProtocolError("NOT_FOUND", GONE);
    return {};
  };
}

/**
 * `knock:answer` in the room: only the owner answers; an admitted knocker gets a
 * single-use ticket on its lobby socket, a refused one hears so.
 */
export function knockAnswer(deps: Pick<KnockDeps, "knocks" | "registry">) {
  return async (
    { knockId, admit }: { knockId: string; admit: boolean },
    socket: RoomSocket,
  ): Promise<Record<string, never>> => {
    const { roomId, memberId } = socket.data;
    const room = await deps.registry.getRoom(roomId);
    if (!room) throw new ProtocolError("NOT_FOUND");
    if (room.ownerId !== memberId) throw new ProtocolError("NOT_OWNER");
    if (!deps.knocks?.answer(roomId, knockId, admit)) throw new ProtocolError("NOT_FOUND", GONE);
    return {};
  };
}
