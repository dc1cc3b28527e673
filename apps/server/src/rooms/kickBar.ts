import { createHmac } from "node:crypto";
import { addressGroup } from "../net/addressGroup.js";

/**
 * What a room remembers about a kicked member's address (F21): an HMAC-SHA256 under
 * the room's own random salt, so the same address hashes differently in every room and
 * nothing links rooms or reveals the address. A kick bars the address group (the IPv4
 * address or the IPv6 /64), so a fresh address from the same /64 is barred too.
 *
 * @example
 * await registry.barAddress(roomId, barKey(room.barSalt, address), now + 600_000);
 */
export function barKey(roomSalt: Buffer, address: string): string {
  return createHmac("sha256", roomSalt).update(addressGroup(address)).digest("base64url");
}
