import CryptoJS from "crypto-js/core.js";

/**
 * crypto-js works on WordArrays (big-endian 32-bit words plus a byte count). These two
 * conversions let every other module deal in Uint8Array, and avoid pulling in
 * crypto-js's `lib-typedarrays` patch, which rewrites `WordArray.init` globally.
 */
export function bytesToWordArray(bytes: Uint8Array): CryptoJS.lib.WordArray {
  const words: number[] = new Array((bytes.length + 3) >>> 2).fill(0);
  for (let i = 0; i < bytes.length; i++) {
    words[i >>> 2] = (words[i >>> 2] as number) | ((bytes[i] as number) << (24 - (i % 4) * 8));
  }
  return CryptoJS.lib.WordArray.create(words, bytes.length);
}

export function wordArrayToBytes(wordArray: CryptoJS.lib.WordArray): Uint8Array {
  const { words, sigBytes } = wordArray;
  if (sigBytes < 0 || sigBytes > words.length * 4) throw new RangeError("malformed WordArray");
  const out = new Uint8Array(sigBytes);
  for (let i = 0; i < sigBytes; i++) {
    out[i] = ((words[i >>> 2] as number) >>> (24 - (i % 4) * 8)) & 0xff;
  }
  return out;
}

/** Overwrites a WordArray that held key material. */
export function wipeWordArray(wordArray: CryptoJS.lib.WordArray): void {
  wordArray.words.fill(0);
  wordArray.sigBytes = 0;
}
