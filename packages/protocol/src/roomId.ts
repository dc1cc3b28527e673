import { ROOM_ID_LENGTH } from "./limits.js";

/** Crockford base32: no I, L, O or U, so IDs survive being read aloud and retyped. */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const ROOM_ID_PATTERN = new RegExp(`^[${CROCKFORD_ALPHABET}]{${ROOM_ID_LENGTH}}$`);

export function isRoomId(value: unknown): value is string {
  return typeof value === "string" && ROOM_ID_PATTERN.test(value);
}

/**
 * Turns what a person typed or pasted ("k7qm-2xzd 9pwh-4tns", "K7QM2XZDO...") into the
 * canonical ID, applying Crockford's decoding rules (I/L read as 1, O as 0); returns
 * null when it cannot be a room ID.
 */
export function parseRoomId(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  return ROOM_ID_PATTERN.test(cleaned) ? cleaned : null;
}

/** Shows an ID in groups of four: `K7QM-2XZD-9PWH-4TNS`. */
export function formatRoomId(roomId: string): string {
  return roomId.replace(/(.{4})(?=.)/g, "$1-");
}

/** Builds a room ID from CSPRNG bytes: 5 bits per character, 80 bits for 16 characters. */
export function roomIdFromBytes(bytes: Uint8Array): string {
  if (bytes.length * 8 < ROOM_ID_LENGTH * 5) {
    throw new RangeError(`need ${Math.ceil((ROOM_ID_LENGTH * 5) / 8)} random bytes`);
  }
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < ROOM_ID_LENGTH) {
      bits -= 5;
      out += CROCKFORD_ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}
