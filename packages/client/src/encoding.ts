import { base64urlnopad } from "@scure/base";

/**
 * Binary values travel as base64url without padding (docs/protocol.md). The
 * strict `@scure/base` coder rejects padding and stray characters instead of
 * guessing, so a mangled field fails loudly rather than decoding to other bytes.
 */
export function toBase64url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

/** Throws on anything that is not canonical unpadded base64url. */
export function fromBase64url(text: string): Uint8Array {
  return base64urlnopad.decode(text);
}

const encoder = new TextEncoder();
// `fatal`: a body that is not valid UTF-8 is an error, not a string full of U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: true });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
