import type { Envelope, SealedEnvelope } from "@sanctuary/protocol";
import AES from "crypto-js/aes.js";
import CryptoJS from "crypto-js/core.js";
import "crypto-js/cipher-core.js";
import "crypto-js/pad-nopadding.js";
import { fromBase64url, toBase64url, utf8Decode, utf8Encode } from "./encoding.js";
import { EnvelopeError } from "./errors.js";
import type { RoomKeys } from "./kdf.js";
import { constantTimeEqual, hmacText } from "./mac.js";
import { randomBytes } from "./random.js";
import { bytesToWordArray, wipeWordArray, wordArrayToBytes } from "./wordarray.js";

/**
 * Room-key envelopes (docs/design.md Crypto step 4): AES-256-CBC + PKCS#7 with crypto-js,
 * then HMAC-SHA256 over the base64url strings (encrypt-then-MAC). The MAC also covers
 * the kind, room and the server-assigned sender alias, so a ciphertext cannot be
 * replayed into another room, relabelled as another kind, or attributed to someone else.
 */

/**
 * What an envelope can carry; `meta` (the room name) and `invite` (F30) have no sender;
 * `file` is a file offer (F42).
 */
export type EnvelopeKind = "msg" | "whisper" | "farewell" | "meta" | "invite" | "file";

const IV_BYTES = 16;
const BLOCK_BYTES = 16;
export const MAC_BYTES = 32;
/** Raw X25519 key length (secret scalar and public u-coordinate), e.g. a v2 `epk`. */
export const X25519_KEY_BYTES = 32;

type EnvelopeKeys = Pick<RoomKeys, "encKey" | "macKey">;

export interface SealInput {
  kind: EnvelopeKind;
  roomId: string;
  /** The sender's alias as the server knows it; "" for `meta`. */
  fromAlias: string;
  /** The UTF-8 JSON body, e.g. `{"text":"hi"}`. */
  body: string;
  /** Fixed IV, for test vectors only; omitted, a fresh random one is used. */
  iv?: Uint8Array;
}

export interface OpenInput {
  kind: EnvelopeKind;
  roomId: string;
  /** The sender's alias as the server assigned it (`from.alias`); "" for `meta`. */
  fromAlias: string;
  env: Envelope;
}

/** The MAC over the exact string `sanctuary/v1/<kind>|room|from|iv|ct`. */
function computeMac(
  macKey: Uint8Array,
  kind: EnvelopeKind,
  roomId: string,
  fromAlias: string,
  iv: string,
  ct: string,
): Uint8Array {
  return hmacText(macKey, `sanctuary/v1/${kind}|${roomId}|${fromAlias}|${iv}|${ct}`);
}

/** Decodes one base64url envelope field; a missing or mangled field is an `EnvelopeError`. */
export function decodeField(text: unknown, name: string): Uint8Array {
  if (typeof text !== "string") throw new EnvelopeError(`envelope ${name} is missing`);
  try {
    return fromBase64url(text);
  } catch {
    throw new EnvelopeError(`envelope ${name} is not base64url`);
  }
}

/**
 * Encrypts and authenticates a body.
 *
 * @example
 * const env = sealEnvelope(keys, { kind: "msg", roomId, fromAlias: "alice", body: '{"text":"hi"}' });
 */
export function sealEnvelope(keys: EnvelopeKeys, input: SealInput): Envelope {
  const { iv, ct } = encryptBody(keys.encKey, checkedIv(input.iv), input.body);
  const mac = toBase64url(computeMac(keys.macKey, input.kind, input.roomId, input.fromAlias, iv, ct));
  return { v: 1, iv, ct, mac };
}

/**
 * Verifies and decrypts an envelope, returning the body string. The MAC is checked in
 * constant time before any decryption, so tampered data never reaches the cipher.
 * Throws `EnvelopeError` for anything that does not verify or decode.
 */
export function openEnvelope(keys: EnvelopeKeys, input: OpenInput): string {
  const { env } = input;
  if (typeof env !== "object" || env === null || env.v !== 1) {
    throw new EnvelopeError("not a v1 envelope");
  }
  const fields = decodeEnvelopeFields(env);
  const expected = computeMac(keys.macKey, input.kind, input.roomId, input.fromAlias, env.iv, env.ct);
  if (!constantTimeEqual(expected, fields.mac)) throw new EnvelopeError("envelope MAC does not verify");

  return aesCbcDecryptText(keys.encKey, fields.iv, fields.ct);
}

/** The given IV (test vectors) checked for length, or a fresh random one. */
export function checkedIv(iv: Uint8Array | undefined): Uint8Array {
  const ivBytes = iv ?? randomBytes(IV_BYTES);
  if (ivBytes.length !== IV_BYTES) throw new RangeError(`IV must be ${IV_BYTES} bytes`);
  return ivBytes;
}

/** Encrypts a UTF-8 body; `iv` and `ct` come back as the base64url strings the MAC covers. */
export function encryptBody(
  encKey: Uint8Array,
  ivBytes: Uint8Array,
  body: string,
): { iv: string; ct: string } {
  return { iv: toBase64url(ivBytes), ct: toBase64url(aesCbcEncrypt(encKey, ivBytes, utf8Encode(body))) };
}

/** The binary fields of a v1 or v2 envelope; `epk` only for v2. */
export interface EnvelopeFields {
  epk?: Uint8Array;
  iv: Uint8Array;
  ct: Uint8Array;
  mac: Uint8Array;
}

/**
 * Decodes an envelope's fields and checks their lengths (the caller has checked `v`),
 * before any MAC is computed. Throws `EnvelopeError` for anything missing or malformed.
 */
export function decodeEnvelopeFields(env: Envelope | SealedEnvelope): EnvelopeFields {
  const epk = env.v === 2 ? decodeField(env.epk, "epk") : undefined;
  const iv = decodeField(env.iv, "iv");
  const ct = decodeField(env.ct, "ct");
  const mac = decodeField(env.mac, "mac");
  if (epk && epk.length !== X25519_KEY_BYTES) throw new EnvelopeError("envelope epk has the wrong length");
  if (iv.length !== IV_BYTES) throw new EnvelopeError("envelope iv has the wrong length");
  if (mac.length !== MAC_BYTES) throw new EnvelopeError("envelope mac has the wrong length");
  if (ct.length === 0 || ct.length % BLOCK_BYTES !== 0) {
    throw new EnvelopeError("envelope ct is not whole AES blocks");
  }
  return epk ? { epk, iv, ct, mac } : { iv, ct, mac };
}

/**
 * AES-256-CBC with PKCS#7 (docs/design.md Crypto step 4), shared by room-key envelopes and
 * sealed whispers. Key and IV are explicit WordArrays: crypto-js's passphrase mode
 * (string key, OpenSSL EVP_BytesToKey with MD5) is never used.
 */
function aesCbcEncrypt(encKey: Uint8Array, ivBytes: Uint8Array, plain: Uint8Array): Uint8Array {
  const key = bytesToWordArray(encKey);
  try {
    const encrypted = AES.encrypt(bytesToWordArray(plain), key, {
      iv: bytesToWordArray(ivBytes),
      mode: CryptoJS.mode.CBC,
      padding: CryptoJS.pad.Pkcs7,
    });
    return wordArrayToBytes(encrypted.ciphertext);
  } finally {
    wipeWordArray(key);
  }
}

/**
 * Decrypts, strictly unpads and UTF-8-decodes a ciphertext whose MAC the caller has
 * already verified. Throws `EnvelopeError` on bad padding or a body that is not UTF-8.
 */
export function aesCbcDecryptText(encKey: Uint8Array, ivBytes: Uint8Array, ctBytes: Uint8Array): string {
  const key = bytesToWordArray(encKey);
  let padded: Uint8Array;
  try {
    // NoPadding here and a strict PKCS#7 check below: crypto-js's own unpadding trusts
    // the last byte blindly and can yield a negative length.
    const decrypted = AES.decrypt(
      CryptoJS.lib.CipherParams.create({ ciphertext: bytesToWordArray(ctBytes) }),
      key,
      { iv: bytesToWordArray(ivBytes), mode: CryptoJS.mode.CBC, padding: CryptoJS.pad.NoPadding },
    );
    padded = wordArrayToBytes(decrypted);
  } finally {
    wipeWordArray(key);
  }
  const plain = stripPkcs7(padded);
  try {
    return utf8Decode(plain);
  } catch {
    throw new EnvelopeError("envelope body is not UTF-8");
  }
}

function stripPkcs7(padded: Uint8Array): Uint8Array {
  const pad = padded[padded.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK_BYTES || pad > padded.length) throw new EnvelopeError("bad padding");
  for (let i = padded.length - pad; i < padded.length; i++) {
    if (padded[i] !== pad) throw new EnvelopeError("bad padding");
  }
  return padded.subarray(0, padded.length - pad);
}
