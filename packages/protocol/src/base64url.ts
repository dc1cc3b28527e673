import { base64urlLength } from "./limits.js";

/** Binary values travel as base64url without padding (RFC 4648 section 5). */
export const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

/** True when `s` could be the unpadded base64url text of exactly `bytes` bytes. */
export function isBase64urlOfBytes(s: string, bytes: number): boolean {
  return s.length === base64urlLength(bytes) && BASE64URL_PATTERN.test(s);
}
