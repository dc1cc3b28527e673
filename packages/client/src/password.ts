import { CROCKFORD_ALPHABET } from "@sanctuary/protocol";
import { randomBytes } from "./random.js";

/**
 * Lowercase Crockford base32 (no i, l, o, u): 32 symbols that cannot be confused with
 * each other and are easy on a phone keyboard.
 */
const ALPHABET = CROCKFORD_ALPHABET.toLowerCase();
const GROUPS = 5;
const GROUP_LENGTH = 4;

/**
 * A strong password a person can read out and type on a phone: 5 groups of 4 symbols
 * (20 × 5 bits = 100 bits from the CSPRNG), e.g. `k7qm-2xzd-9pwh-4tns-b3ve`.
 * Each symbol takes the low 5 bits of a random byte; since 256 is a multiple of 32
 * that is already uniform, and the rejection step below keeps it uniform should the
 * alphabet ever change size.
 */
export function generatePassword(): string {
  const symbols: string[] = [];
  const limit = 256 - (256 % ALPHABET.length);
  while (symbols.length < GROUPS * GROUP_LENGTH) {
    for (const byte of randomBytes(GROUPS * GROUP_LENGTH)) {
      if (byte >= limit) continue; // rejection sampling: no modulo bias
      symbols.push(ALPHABET[byte % ALPHABET.length] as string);
      if (symbols.length === GROUPS * GROUP_LENGTH) break;
    }
  }
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    groups.push(symbols.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH).join(""));
  }
  return groups.join("-");
}
