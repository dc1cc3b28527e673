/**
 * Randomness comes from `crypto.getRandomValues`, which browsers offer even in
 * insecure contexts (plain http on a LAN IP), unlike `crypto.subtle`. Typed locally
 * because the package compiles without the DOM library.
 */
interface RandomSource {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}

/** Largest request `getRandomValues` accepts in one call (Web Crypto spec). */
const MAX_CHUNK = 65_536;

/** `n` bytes from the platform CSPRNG; throws when there is none rather than falling back. */
export function randomBytes(n: number): Uint8Array {
  const source = (globalThis as { crypto?: RandomSource }).crypto;
  if (!source || typeof source.getRandomValues !== "function") {
    throw new Error("crypto.getRandomValues is not available");
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += MAX_CHUNK) {
    source.getRandomValues(out.subarray(i, Math.min(n, i + MAX_CHUNK)));
  }
  return out;
}
