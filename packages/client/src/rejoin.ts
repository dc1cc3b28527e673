import { ALIAS_MAX_CHARS, aliasProblem, type RoomLookupResult } from "@sanctuary/protocol";
import type { Manager } from "socket.io-client";
import { lobbySocket, waitConnected } from "./connect.js";
import { SanctuaryError } from "./errors.js";
import { knockForTicket } from "./knock.js";
import { request } from "./typedSocket.js";
import type { KnockHooks } from "./types.js";

/**
 * The parts of a rejoin after the resume window (F26) that talk to the lobby and pick
 * an alias. The rejoin itself is an ordinary join: a fresh challenge from `room:lookup`,
 * a proof made with the room keys the session still holds, and a new seat.
 */

/**
 * A fresh challenge for `roomId` from the lobby on the session's own connection. The
 * lobby socket stays connected until `closeLobby`, so the engine is not torn down
 * between the lookup and the room handshake. Rejects with NOT_FOUND when the room is gone.
 */
export async function lookUpAgain(manager: Manager, roomId: string): Promise<RoomLookupResult> {
  const lobby = lobbySocket(manager);
  // A socket whose last connect failed still counts as active and would wait forever
  // (the Manager does not reconnect by itself): start it afresh.
  if (lobby.active && !lobby.connected) lobby.disconnect();
  await waitConnected(lobby);
  return request(lobby, "room:lookup", { roomId });
}

/**
 * A rejoin after the window met a locked room or a barred address group
 * (KNOCK_REQUIRED): knocks on the same lobby connection with a fresh challenge and the
 * proof `prove` makes from the held keys, for `alias` (F26, F34). Resolves with the
 * single-use ticket for the next join handshake; fails like `knockForTicket`.
 */
export async function knockToRejoin(
  manager: Manager,
  roomId: string,
  alias: string,
  prove: (nonce: string) => string,
  hooks: KnockHooks,
): Promise<string> {
  const lookup = await lookUpAgain(manager, roomId);
  const lobby = lobbySocket(manager);
  // The answer comes on this connection: if it drops, the server forgets the knock, so
  // stop waiting at once (NETWORK: the rejoin tries again) rather than until the expiry.
  const inner = new AbortController();
  let dropped = false;
  const onDrop = () => {
    dropped = true;
    inner.abort();
  };
  const onAbort = () => inner.abort();
  lobby.on("disconnect", onDrop);
  hooks.signal?.addEventListener("abort", onAbort, { once: true });
  if (hooks.signal?.aborted) inner.abort();
  try {
    return await knockForTicket({ lobby, roomId, alias, prove, lookup }, { ...hooks, signal: inner.signal });
  } catch (err) {
    if (dropped) throw new SanctuaryError("NETWORK", "The connection dropped while knocking.");
    throw err;
  } finally {
    lobby.off("disconnect", onDrop);
    hooks.signal?.removeEventListener("abort", onAbort);
  }
}

/** Disconnects the lobby socket a rejoin opened, if it is open. */
export function closeLobby(manager: Manager): void {
  const lobby = manager.socket("/");
  if (lobby.active) lobby.disconnect();
}

/**
 * The alias to ask for on the `taken`-th refusal with ALIAS_TAKEN: the member's own
 * alias twice (the old seat may still be held for a few seconds after the window,
 * until the server's heartbeat removes it), then `alias2`, `alias3`, …, shortened to
 * fit the alias limit.
 */
export function rejoinAlias(alias: string, taken: number): string {
  if (taken < 2) return alias;
  const suffix = String(taken);
  const chars = [...alias];
  const base = chars.slice(0, Math.max(1, ALIAS_MAX_CHARS - suffix.length)).join("");
  const candidate = `${base}${suffix}`;
  return aliasProblem(candidate) === null ? candidate : alias;
}
