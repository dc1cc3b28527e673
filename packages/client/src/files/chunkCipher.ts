import { hkdf } from "@noble/hashes/hkdf.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { FILE_CHUNK_BYTES, KEY_BYTES, SHORT_BYTES } from "@sanctuary/protocol";
import AES from "crypto-js/aes.js";
import CryptoJS from "crypto-js/core.js";
import "crypto-js/cipher-core.js";
import "crypto-js/pad-nopadding.js";
import { utf8Encode } from "../encoding.js";
import { EnvelopeError } from "../errors.js";
import { constantTimeEqual } from "../mac.js";
import { randomBytes } from "../random.js";
import { wipeWordArray } from "../wordarray.js";

/**
 * File chunks (docs/design.md Crypto step 7, F43). Each transfer has its own random
 * 32-byte file key, carried only inside the sealed offer; from it HKDF-SHA256 derives an
 * AES key and a MAC key. A chunk is `iv ‖ ct ‖ mac`: AES-256-CBC + PKCS#7 of at most
 * `FILE_CHUNK_BYTES` under a fresh IV (crypto-js, as envelopes), then
 * `mac = HMAC-SHA256(macKey, "sanctuary/v1/file-chunk|" + id + "|" + index + "|" + last + "|" ‖ iv ‖ ct)`
 * with `last` "1" on the final chunk and "0" otherwise. The receiver checks each chunk
 * against the index it expects next and the last flag the offer's size implies, so a
 * chunk reordered, dropped, replayed, moved from another transfer or a stream cut short
 * fails the MAC or never completes.
 */

const ENC_INFO = utf8Encode("sanctuary/v1/file-enc");
const MAC_INFO = utf8Encode("sanctuary/v1/file-mac");
const EMPTY = new Uint8Array(0);
const BLOCK = 16;

export interface FileKeys {
  encKey: Uint8Array;
  macKey: Uint8Array;
}

/** A fresh random file key (32 bytes). */
export function newFileKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}

/** The AES and MAC keys of one transfer, from its file key. */
export function fileKeys(fileKey: Uint8Array): FileKeys {
  if (fileKey.length !== KEY_BYTES) throw new EnvelopeError("a file key is 32 bytes");
  return {
    encKey: hkdf(sha256, fileKey, EMPTY, ENC_INFO, KEY_BYTES),
    macKey: hkdf(sha256, fileKey, EMPTY, MAC_INFO, KEY_BYTES),
  };
}

/** Zeroes a transfer's keys. */
export function wipeFileKeys(keys: FileKeys): void {
  keys.encKey.fill(0);
  keys.macKey.fill(0);
}

/** Where a chunk sits: bound by its MAC. */
export interface ChunkPosition {
  transferId: string;
  index: number;
  last: boolean;
}

function chunkMac(macKey: Uint8Array, at: ChunkPosition, iv: Uint8Array, ct: Uint8Array): Uint8Array {
  const h = hmac.create(sha256, macKey);
  h.update(utf8Encode(`sanctuary/v1/file-chunk|${at.transferId}|${at.index}|${at.last ? "1" : "0"}|`));
  h.update(iv);
  h.update(ct);
  return h.digest();
}

/**
 * Encrypts one chunk of plaintext (at most FILE_CHUNK_BYTES) at its position.
 *
 * @example
 * const wire = sealChunk(keys, { transferId, index: 0, last: true }, bytes);
 */
export function sealChunk(
  keys: FileKeys,
  at: ChunkPosition,
  plain: Uint8Array,
  fixedIv?: Uint8Array,
): Uint8Array {
  if (plain.length > FILE_CHUNK_BYTES) throw new RangeError("a chunk is at most FILE_CHUNK_BYTES");
  const iv = fixedIv ?? randomBytes(SHORT_BYTES);
  if (iv.length !== SHORT_BYTES) throw new RangeError("an IV is 16 bytes");
  const key = toWords(keys.encKey);
  let ct: Uint8Array;
  try {
    const out = AES.encrypt(toWords(plain), key, {
      iv: toWords(iv),
      mode: CryptoJS.mode.CBC,
      padding: CryptoJS.pad.Pkcs7,
    });
    ct = fromWords(out.ciphertext);
  } finally {
    wipeWordArray(key);
  }
  const mac = chunkMac(keys.macKey, at, iv, ct);
  const wire = new Uint8Array(iv.length + ct.length + mac.length);
  wire.set(iv, 0);
  wire.set(ct, iv.length);
  wire.set(mac, iv.length + ct.length);
  return wire;
}

/**
 * Verifies (in constant time, before decrypting) and decrypts a chunk expected at
 * `at`. Throws `EnvelopeError` when it was changed, is another chunk, or is malformed.
 */
export function openChunk(keys: FileKeys, at: ChunkPosition, wire: Uint8Array): Uint8Array {
  const ctLength = wire.length - SHORT_BYTES - KEY_BYTES;
  if (ctLength < BLOCK || ctLength % BLOCK !== 0) throw new EnvelopeError("chunk is not whole AES blocks");
  const iv = wire.subarray(0, SHORT_BYTES);
  const ct = wire.subarray(SHORT_BYTES, SHORT_BYTES + ctLength);
  const mac = wire.subarray(SHORT_BYTES + ctLength);
  if (!constantTimeEqual(chunkMac(keys.macKey, at, iv, ct), mac)) {
    throw new EnvelopeError("chunk MAC does not verify");
  }
  const key = toWords(keys.encKey);
  let padded: Uint8Array;
  try {
    const out = AES.decrypt(CryptoJS.lib.CipherParams.create({ ciphertext: toWords(ct) }), key, {
      iv: toWords(iv),
      mode: CryptoJS.mode.CBC,
      padding: CryptoJS.pad.NoPadding,
    });
    padded = fromWords(out);
  } finally {
    wipeWordArray(key);
  }
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK) throw new EnvelopeError("bad padding");
  for (let i = padded.length - pad; i < padded.length; i++) {
    if (padded[i] !== pad) throw new EnvelopeError("bad padding");
  }
  return padded.subarray(0, padded.length - pad);
}

/**
 * Bytes to a crypto-js WordArray, four bytes at a time (a 64 KiB chunk is 16 K words;
 * the byte-wise conversion in wordarray.ts is fine for messages, slow for files).
 */
function toWords(bytes: Uint8Array): CryptoJS.lib.WordArray {
  const n = bytes.length;
  const words = new Array<number>((n + 3) >>> 2);
  const whole = n >>> 2;
  for (let w = 0, i = 0; w < whole; w++, i += 4) {
    words[w] =
      ((bytes[i] as number) << 24) |
      ((bytes[i + 1] as number) << 16) |
      ((bytes[i + 2] as number) << 8) |
      (bytes[i + 3] as number);
  }
  if (whole < words.length) {
    let last = 0;
    for (let i = whole * 4; i < n; i++) last |= (bytes[i] as number) << (24 - (i % 4) * 8);
    words[whole] = last;
  }
  return CryptoJS.lib.WordArray.create(words, n);
}

function fromWords(wa: CryptoJS.lib.WordArray): Uint8Array {
  const { words, sigBytes } = wa;
  if (sigBytes < 0 || sigBytes > words.length * 4) throw new RangeError("malformed WordArray");
  const out = new Uint8Array(sigBytes);
  const whole = sigBytes >>> 2;
  for (let w = 0, i = 0; w < whole; w++, i += 4) {
    const v = words[w] as number;
    out[i] = v >>> 24;
    out[i + 1] = (v >>> 16) & 0xff;
    out[i + 2] = (v >>> 8) & 0xff;
    out[i + 3] = v & 0xff;
  }
  for (let i = whole * 4; i < sigBytes; i++)
    out[i] = ((words[i >>> 2] as number) >>> (24 - (i % 4) * 8)) & 0xff;
  return out;
}
