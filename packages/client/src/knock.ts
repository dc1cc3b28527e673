import type { KnockAnswered, KnockNew, RoomLookupResult, RoomProtocol } from "@sanctuary/protocol";
import { SanctuaryError } from "./errors.js";
import { type LobbySocket, type PushHandlers, request, subscribe } from "./typedSocket.js";
import type { KnockEvent, KnockHooks } from "./types.js";

/** Extra time past the server's own expiry before the knocker stops waiting by itself. */
const EXPIRY_GRACE_MS = 5_000;

/** What a knock needs: the lobby it is asked on, who asks, and how to prove the password. */
export interface KnockEntry {
  lobby: LobbySocket;
  roomId: string;
  alias: string;
  /** The join proof for a fresh challenge `nonce` and this entry's alias (room keys held by the caller). */
  prove: (nonce: string) => string;
  /** The lookup the keys were derived for: a fresh one must match it. */
  lookup: RoomLookupResult;
}

/**
 * Knocks on a room (F34) and resolves with the single-use ticket the owner's "let in"
 * gives, for the next join handshake. The knocker proves the password with a fresh
 * challenge, exactly as a join does. Fails with KNOCK_REFUSED (the owner said no),
 * KNOCK_EXPIRED (no answer in time), NOT_FOUND (the room ended), KNOCK_CANCELLED (`signal`
 * aborted: the knock is withdrawn) or the server's refusal of the knock itself
 * (BANNED with the time left, WRONG_PASSWORD, RATE_LIMITED, …).
 *
 * @example
 * const ticket = await knockForTicket(entry, { onKnock: () => show("Waiting…"), signal });
 */
export async function knockForTicket(entry: KnockEntry, hooks: KnockHooks): Promise<string> {
  const { lobby, roomId, alias } = entry;
  if (hooks.signal?.aborted) throw stopped();
  const fresh = await request(lobby, "room:lookup", { roomId });
  if (fresh.salt !== entry.lookup.salt)
    throw new SanctuaryError("INTERNAL", "The room changed while knocking.");
  const proof = entry.prove(fresh.nonce);
  // Listening before asking: an answer may come right after the ack.
  const answers: KnockAnswered[] = [];
  let deliver: ((answer: KnockAnswered) => void) | undefined;
  const off = subscribe(lobby, {
    "knock:answered": (answer) => (deliver ? deliver(answer) : answers.push(answer)),
  });
  try {
    const asked = await request(lobby, "knock:request", { roomId, alias, nonce: fresh.nonce, proof });
    const { knockId } = asked;
    try {
      hooks.onKnock?.({ expiresInMs: asked.expiresInMs });
    } catch {
      // A progress callback must not be able to abort a knock.
    }
    const answer = await new Promise<KnockAnswered>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        hooks.signal?.removeEventListener("abort", onAbort);
      };
      const timer = setTimeout(() => {
        done();
        reject(expired());
      }, asked.expiresInMs + EXPIRY_GRACE_MS);
      const onAbort = () => {
        done();
        // Withdrawn on the server too, so the owner's card goes away; a failure is moot.
        request(lobby, "knock:cancel", { knockId }).catch(() => undefined);
        reject(stopped());
      };
      hooks.signal?.addEventListener("abort", onAbort, { once: true });
      deliver = (a) => {
        if (a.knockId !== knockId) return;
        done();
        resolve(a);
      };
      for (const early of answers.splice(0)) deliver(early);
      // Aborted before the listener was there (e.g. from inside `onKnock`).
      if (hooks.signal?.aborted) onAbort();
    });
    return ticketOf(answer);
  } finally {
    off();
  }
}

function ticketOf(answer: KnockAnswered): string {
  if (answer.admitted && answer.ticket) return answer.ticket;
  if (answer.reason === "expired") throw expired();
  if (answer.reason === "ended")
    throw new SanctuaryError("NOT_FOUND", "The room ended while you were knocking.");
  throw new SanctuaryError("KNOCK_REFUSED", "The owner did not let you in.");
}

function expired(): SanctuaryError {
  return new SanctuaryError("KNOCK_EXPIRED", "No answer; try again later.");
}

function stopped(): SanctuaryError {
  return new SanctuaryError("KNOCK_CANCELLED", "You stopped knocking.");
}

/**
 * The owner's side (F35): the room pushes `knock:new` and `knock:gone` to the owner
 * only; these handlers turn them into the session's `knock` and `knockGone` events.
 *
 * @example
 * subscribe(socket, { ...handlers, ...knockPushes(emit) });
 */
export function knockPushes(emit: {
  knock: (knock: KnockEvent) => void;
  gone: (knockId: string) => void;
}): PushHandlers<RoomProtocol> {
  return {
    "knock:new": (k: KnockNew) =>
      emit.knock({ knockId: k.knockId, alias: k.alias, expiresInMs: k.expiresInMs }),
    "knock:gone": (g) => emit.gone(g.knockId),
  };
}
