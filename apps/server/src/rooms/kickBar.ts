import { createHmac } from "node:crypto";

/**
 * What a room remembers about a kicked member's address (F21): an HMAC-SHA256 under
 * the room's own random salt, so the same address hashes differently in every room and
 * nothing links rooms or reveals the address.
 *
 * @example
 * await registry.barAddress(roomId, barKey(room.barSalt, address), now + 600_000);
 */
export function barKey(roomSalt: Buffer, address: string): string {
  return createHmac("sha256", roomSalt).update(address).digest("base64url");
}
