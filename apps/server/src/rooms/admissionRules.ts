import { createHmac, timingSafeEqual } from "node:crypto";
import {
  ALIAS_RAW_MAX_CHARS,
  aliasKey,
  aliasProblem,
  type ErrorCode,
  INVALID_PAYLOAD_COST,
  type JoinAuth,
  joinProofMessage,
  normalizeAlias,
  type ResumeAuth,
  roomAuthSchema,
} from "@sanctuary/protocol";
import type { Limits } from "../abuse/limits.js";
import type { RoomRegistry, RoomSnapshot } from "../registry/roomRegistry.js";
import { checkBars, householdMessage } from "./barCheck.js";
import type { KnockStore } from "./knocks.js";
import { hashResumeToken } from "./resumeToken.js";

export interface AdmissionRuleDeps {
  registry: RoomRegistry;
  maxMembers: number;
  /** Longest alias, in characters, this server admits (at most `ALIAS_MAX_CHARS`). */
  maxAliasLength: number;
  /** How long an away member's seat is held (ms); 0 refuses every resume. */
  resumeWindowMs: number;
  now: () => number;
  limits: Pick<Limits, "events" | "joins" | "hashAddress">;
  /** Makes the opaque ID of a new member. */
  newMemberId: () => string;
  /**
   * Knocks and their tickets (F34, F35); absent where knocking is off (a cluster):
   * a locked room is then LOCKED and a barred household BANNED, as before.
   */
  knocks?: KnockStore;
}

/** What a room handshake brings, as the rules see it. */
export interface Handshake {
  /** The room the namespace is for; null when its name is not a room's. */
  roomId: string | null;
  /** The handshake's `auth`, as sent (not yet checked). */
  auth: unknown;
  /** The client's address (never stored; only hashed for limits and kick bars). */
  address: string;
  /** The socket that would hold the seat. */
  socketId: string;
}

/** Why a handshake is refused; `joinFailures` is set when the room should hear of guessing. */
export interface Refusal {
  code: ErrorCode;
  /** Words for the person, when the code's own message does not say enough. */
  message?: string;
  /** The room's recent wrong-password count, when its members are to be told now. */
  joinFailures?: number;
  /** With BANNED: how long (ms) the bar on this person still runs. */
  retryAfterMs?: number;
}

/** A seat the handshake won. */
export interface Seat {
  roomId: string;
  memberId: string;
  alias: string;
  /** True when a member is to take its own seat back with a resume token. */
  resumed: boolean;
  /**
   * For a resume: the hash of the token, checked but NOT spent. The seat moves only
   * once the new socket is connected (`io/seating.ts`), so a connection that dies while
   * it is set up never takes it from the socket that holds it.
   */
  resumeHash?: string;
  /**
   * Gives the seat back if the socket never connects: a join is undone. Nothing for a
   * resume, which holds nothing yet.
   */
  release: () => void;
}

export type Admission = { ok: true; seat: Seat } | { ok: false; refusal: Refusal };

const refuse = (code: ErrorCode, extra: Omit<Refusal, "code"> = {}): Admission => ({
  ok: false,
  refusal: { code, ...extra },
});

/**
 * Decides who gets into a room, in this order, each with its own code: within the
 * address's event budget (RATE_LIMITED) → well-formed auth (INVALID) → alias within
 * `--max-alias-length` (INVALID, saying so) → room exists (NOT_FOUND) → no join backoff
 * running for the address group, or for the group in this room (RATE_LIMITED; never
 * room-wide) → challenge consumed
 * (NONCE_EXPIRED) → proof of the password (WRONG_PASSWORD) → not the person kicked,
 * i.e. the same address group and alias (BANNED, with `retryAfterMs`) → a knock's
 * ticket, if any (F35) → address group not barred by a kick (KNOCK_REQUIRED) → lock
 * (KNOCK_REQUIRED; LOCKED where knocking is off) → capacity (FULL) → alias free
 * (ALIAS_TAKEN). A valid ticket passes the household bar and the lock, once. The bars
 * are checked only after the proof, so a stranger learns nothing about who was kicked.
 * The last three and the reservation of the seat are one registry step, so no two
 * sockets can win the same alias.
 *
 * The other handshake, `{resume}` (F17), takes back the seat of a member whose
 * connection dropped: the token from its last welcome, single use, within the resume
 * window. It passes the same budget check but never the join backoff; a token that matches no
 * member (spent, expired, never issued) is NOT_FOUND and costs the address like a
 * malformed payload. Here the token is only checked: it is spent, and the seat moved,
 * once the socket is connected. A member that resumes keeps its ID, alias, key and role.
 *
 * @example
 * const result = await admit({ roomId, auth, address, socketId }, deps);
 * if (result.ok) holdSeat(socket, result.seat.release);
 */
export async function admit(handshake: Handshake, deps: AdmissionRuleDeps): Promise<Admission> {
  const { limits } = deps;
  const { address } = handshake;
  // A join attempt is an event like any other for the address's budget.
  if (!(await limits.events.chargeAddress(address))) return refuse("RATE_LIMITED");
  const auth = roomAuthSchema.safeParse(handshake.auth);
  if (!auth.success) {
    await limits.events.chargeAddress(address, INVALID_PAYLOAD_COST - 1);
    return refuse("INVALID", aliasRefusal(handshake.auth));
  }
  // Well-formed, but longer than this server's --max-alias-length: said in words, since
  // the client cannot know the operator's choice.
  if ("alias" in auth.data && [...auth.data.alias].length > deps.maxAliasLength) {
    return refuse("INVALID", {
      message: `Aliases on this server are at most ${deps.maxAliasLength} characters.`,
    });
  }

  const { roomId } = handshake;
  const room = roomId === null ? undefined : await deps.registry.getRoom(roomId);
  if (roomId === null || !room) return refuse("NOT_FOUND");

  const addressKey = limits.hashAddress(address);
  // Only a password join waits out a backoff, and only its own address group's: a
  // resume proves itself with a token no guesser has, so nobody's wrong passwords keep
  // a member from its seat or a joiner with the password from the room.
  const isResume = "resume" in auth.data;
  if (!isResume && (await limits.joins.blockedFor(roomId, addressKey)) > 0) return refuse("RATE_LIMITED");

  if ("resume" in auth.data) return resume(handshake, deps, room, auth.data);
  return join(handshake, deps, addressKey, room, auth.data);
}

async function resume(
  handshake: Handshake,
  deps: AdmissionRuleDeps,
  room: RoomSnapshot,
  auth: ResumeAuth,
): Promise<Admission> {
  const { roomId } = room;
  const resumeHash = hashResumeToken(auth.resume);
  const member =
    deps.resumeWindowMs > 0
      ? await deps.registry.findResumable(roomId, resumeHash, deps.now(), deps.resumeWindowMs)
      : undefined;
  if (!member) {
    await deps.limits.events.chargeAddress(handshake.address, INVALID_PAYLOAD_COST - 1);
    return refuse("NOT_FOUND");
  }
  const seat: Seat = {
    roomId,
    memberId: member.id,
    alias: member.alias,
    resumed: true,
    resumeHash,
    release: () => {},
  };
  return { ok: true, seat };
}

async function join(
  handshake: Handshake,
  deps: AdmissionRuleDeps,
  addressKey: string,
  room: RoomSnapshot,
  auth: JoinAuth,
): Promise<Admission> {
  const { limits } = deps;
  const { roomId } = room;
  const { socketId } = handshake;
  const { alias, nonce, proof, pub, pubMac } = auth;

  // The challenge is spent before the proof is checked, so a wrong guess burns it too.
  if (!(await deps.registry.consumeNonce(roomId, nonce, deps.now()))) return refuse("NONCE_EXPIRED");

  if (!proofMatches(room, nonce, alias, proof)) {
    const { roomFailures, notify } = await limits.joins.recordFailure(roomId, addressKey);
    // Quiet: the members learn that someone is guessing, never from where.
    return refuse("WRONG_PASSWORD", notify ? { joinFailures: roomFailures } : {});
  }
  await limits.joins.recordSuccess(roomId, addressKey);

  const bars = await checkBars(deps.registry, room, handshake.address, alias, deps.now());
  if (bars.kind === "kicked") {
    return refuse("BANNED", { message: bars.message, retryAfterMs: bars.retryAfterMs });
  }
  const { knocks } = deps;
  // Spent here even if the seat is then refused (FULL, ALIAS_TAKEN): single use.
  const ticketed =
    auth.ticket !== undefined && knocks?.takeTicket(roomId, aliasKey(alias), auth.ticket) === true;
  if (bars.kind === "household" && !ticketed) {
    if (knocks) return refuse("KNOCK_REQUIRED");
    return refuse("BANNED", {
      message: householdMessage(bars.retryAfterMs),
      retryAfterMs: bars.retryAfterMs,
    });
  }
  const bar = bars.groupKey;

  const candidate = {
    alias,
    socketId,
    barKey: bar,
    ...(pub === undefined ? {} : { pub }),
    ...(pubMac === undefined ? {} : { pubMac }),
  };
  const result = await deps.registry.admitMember(roomId, candidate, {
    maxMembers: deps.maxMembers,
    now: deps.now(),
    newMemberId: deps.newMemberId,
    ignoreLock: ticketed,
  });
  if (!result.ok) return refuse(result.code === "LOCKED" && knocks ? "KNOCK_REQUIRED" : result.code);

  const memberId = result.member.id;
  const release = () => {
    void deps.registry.removeMember(roomId, memberId, deps.now(), socketId).catch(() => {});
  };
  return { ok: true, seat: { roomId, memberId, alias, resumed: false, release } };
}

/**
 * True when `proof` is the join proof of `alias` for `nonce` under the room's verifier
 * key: a join handshake and a knock (F34) prove the password the same way.
 */
export function proofMatches(room: RoomSnapshot, nonce: string, alias: string, proof: string): boolean {
  const expected = createHmac("sha256", room.authKey)
    .update(joinProofMessage(room.roomId, nonce, alias))
    .digest();
  const given = Buffer.from(proof, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The words for an alias in canonical form that the rules still refuse (mixed scripts,
 * a stray mark), as the client says them; nothing for other malformed auth.
 */
function aliasRefusal(auth: unknown): Omit<Refusal, "code"> {
  const alias = (auth as { alias?: unknown } | null)?.alias;
  if (typeof alias !== "string" || alias.length > ALIAS_RAW_MAX_CHARS) return {};
  if (normalizeAlias(alias) !== alias) return {};
  const problem = aliasProblem(alias);
  return problem === null ? {} : { message: problem };
}
