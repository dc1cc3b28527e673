import { createHmac, randomBytes } from "node:crypto";
import { addressGroup } from "./addressGroup.js";

/**
 * Hashes addresses for the keys of rate limiters and backoff counters, so what sits in
 * memory is not a list of who connected. The key is random per process and never
 * leaves it, so the hashes cannot be matched against a list of addresses. What is hashed
 * is the address group (IPv4 address, IPv6 /64), so every address of one group is one key.
 *
 * @example
 * const hash = createAddressHasher();
 * limiter.consume(hash("203.0.113.7"));
 */
export function createAddressHasher(key: Buffer = randomBytes(32)): (address: string) => string {
  // 128 bits, encoded from the bytes rather than cut from a longer string: in V8 a cut
  // string is a slice that keeps its whole parent alive, and keys live as long as a
  // connection.
  return (address) =>
    createHmac("sha256", key).update(addressGroup(address)).digest().toString("base64url", 0, 16);
}
