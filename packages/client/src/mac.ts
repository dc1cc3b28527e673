import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8Encode } from "./encoding.js";

/** HMAC-SHA256 over the UTF-8 bytes of `message`: every MAC and proof in the protocol. */
export function hmacText(key: Uint8Array, message: string): Uint8Array {
  return hmac(sha256, key, utf8Encode(message));
}

/** Compares without an early exit, so timing does not reveal how many bytes matched. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
