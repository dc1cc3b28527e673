import { createHmac } from "node:crypto";
import { addressGroup } from "../net/addressGroup.js";

/**
 * What a room remembers about a kicked member's address (F21): an HMAC-SHA256 under
 * the room's own random salt, so the same address hashes differently in every room and
 * nothing links rooms or reveals the address. This key is the address group's (the IPv4
 * address or the IPv6 /64): while it is barred, a join from that group becomes a knock
 * (F34), so a household behind one router is not shut out by someone else's kick.
 *
 * @example
 * await registry.barAddress(roomId, barKey(room.barSalt, address), now + 600_000);
 */
export function barKey(roomSalt: Buffer, address: string): string {
  return createHmac("sha256", roomSalt).update(addressGroup(address)).digest("base64url");
}

/**
 * The bar on the person actually kicked (F21): the same address group (its `barKey`)
 * AND the same alias, as alias uniqueness sees it (`aliasKey`: case, width and
 * look-alike characters folded). Refused with BANNED and the time left; it cannot knock.
 * Derived from the group's key, so the member's address itself is never needed again.
 *
 * @example
 * const key = personBarKey(room.barSalt, member.barKey, member.aliasKey);
 */
export function personBarKey(roomSalt: Buffer, groupKey: string, aliasKey: string): string {
  return createHmac("sha256", roomSalt).update(`kicked\0${groupKey}\0${aliasKey}`).digest("base64url");
}

/** "9 minutes", "1 minute": the wait as a person reads it, rounded up. */
export function minutesText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
