import { aliasKey } from "@sanctuary/protocol";
import type { RoomRegistry, RoomSnapshot } from "../registry/roomRegistry.js";
import { barKey, minutesText, personBarKey } from "./kickBar.js";

/** What the kick bars (F21) say about one joiner, after its proof has passed. */
export type BarVerdict =
  /** Not barred. */
  | { kind: "clear"; groupKey: string }
  /** The person kicked (same address group and alias): out for `retryAfterMs` more. */
  | { kind: "kicked"; groupKey: string; retryAfterMs: number; message: string }
  /** Someone else from a barred address group: may knock (F34). */
  | { kind: "household"; groupKey: string; retryAfterMs: number };

/**
 * Reads both bars a kick leaves for a joiner from `address` with `alias`. Only hashes
 * under the room's salt are looked up; the address itself is never stored.
 *
 * @example
 * const verdict = await checkBars(registry, room, address, alias, Date.now());
 */
export async function checkBars(
  registry: RoomRegistry,
  room: RoomSnapshot,
  address: string,
  alias: string,
  now: number,
): Promise<BarVerdict> {
  const groupKey = barKey(room.barSalt, address);
  const person = personBarKey(room.barSalt, groupKey, aliasKey(alias));
  const kickedUntil = await registry.barredUntil(room.roomId, person, now);
  if (kickedUntil !== null) {
    const retryAfterMs = kickedUntil - now;
    return { kind: "kicked", groupKey, retryAfterMs, message: kickedMessage(retryAfterMs) };
  }
  const groupUntil = await registry.barredUntil(room.roomId, groupKey, now);
  if (groupUntil !== null) return { kind: "household", groupKey, retryAfterMs: groupUntil - now };
  return { kind: "clear", groupKey };
}

/** The refusal the kicked person reads, with the wait in it. */
export function kickedMessage(retryAfterMs: number): string {
  return `You were removed from this room; you can try again in ${minutesText(retryAfterMs)}.`;
}

/** Where knocking is off (a cluster): the household is told why, and how long. */
export function householdMessage(retryAfterMs: number): string {
  return `Someone on your network was removed from this room; joining from it is possible again in ${minutesText(retryAfterMs)}.`;
}
