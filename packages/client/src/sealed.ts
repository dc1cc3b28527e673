import { x25519 } from "@noble/curves/ed25519.js";
import { hkdf } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { CROCKFORD_ALPHABET, type SealedEnvelope } from "@sanctuary/protocol";
import { fromBase64url, toBase64url, utf8Encode } from "./encoding.js";
import {
  aesCbcDecryptText,
  checkedIv,
  decodeEnvelopeFields,
  decodeField,
  encryptBody,
  MAC_BYTES,
  X25519_KEY_BYTES,
} from "./envelope.js";
import { EnvelopeError } from "./errors.js";
import { constantTimeEqual, hmacText } from "./mac.js";
import { randomBytes } from "./random.js";

/**
 * Sealed whispers (docs/design.md Crypto step 6, F22). Each member holds an X25519 key pair
 * for the length of one session (memory only) and announces the public half with a
 * `pubMac` under the room MAC key, so the server, which lacks that key, cannot swap in
 * a key of its own. A whisper is encrypted to the recipient's public key with a fresh
 * ephemeral key, so only the holder of the recipient's secret key can read it, however
 * the server routes it.
 *
 * What it does not give: the whisper's MAC key comes from the X25519 exchange alone, so
 * anyone who knows the recipient's public key (every member, and the server) could seal
 * a whisper to them. Who sent a whisper rests on the server's `from`, as for every
 * other message.
 */

const WHISPER_INFO = utf8Encode("sanctuary/v1/whisper");
const FINGERPRINT_INFO = utf8Encode("sanctuary/v1/fingerprint");
const EMPTY_SALT = new Uint8Array(0);

/** This member's X25519 key pair; `pub` is the public key as sent (base64url). */
export interface MemberKeyPair {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  pub: string;
}

/**
 * A fresh X25519 key pair from the platform CSPRNG, or the pair for a given secret key
 * (test vectors). The secret is used as given; X25519 clamps it.
 */
export function memberKeyPair(secretKey: Uint8Array = randomBytes(X25519_KEY_BYTES)): MemberKeyPair {
  if (secretKey.length !== X25519_KEY_BYTES)
    throw new RangeError(`a secret key is ${X25519_KEY_BYTES} bytes`);
  const publicKey = x25519.getPublicKey(secretKey);
  return { secretKey, publicKey, pub: toBase64url(publicKey) };
}

/** Overwrites the secret key in place, for when a session ends. */
export function wipeMemberKeyPair(keys: MemberKeyPair): void {
  keys.secretKey.fill(0);
}

function pubMacBytes(macKey: Uint8Array, roomId: string, alias: string, pub: string): Uint8Array {
  return hmacText(macKey, `sanctuary/v1/pub|${roomId}|${alias}|${pub}`);
}

/**
 * `base64url(HMAC-SHA256(macKey, "sanctuary/v1/pub|" + roomId + "|" + alias + "|" + pub))`:
 * binds a member's public key to the room and to its alias, under the room MAC key.
 *
 * @example
 * auth.pubMac = pubMac(keys.macKey, roomId, "alice", myKeys.pub);
 */
export function pubMac(macKey: Uint8Array, roomId: string, alias: string, pub: string): string {
  return toBase64url(pubMacBytes(macKey, roomId, alias, pub));
}

/**
 * True when `pub` is a 32-byte key and `mac` its `pubMac` for this room and alias,
 * compared in constant time. Anything malformed is simply false.
 */
export function verifyPubMac(
  macKey: Uint8Array,
  roomId: string,
  alias: string,
  pub: unknown,
  mac: unknown,
): boolean {
  if (typeof pub !== "string" || typeof mac !== "string") return false;
  let pubBytes: Uint8Array;
  let macBytes: Uint8Array;
  try {
    pubBytes = fromBase64url(pub);
    macBytes = fromBase64url(mac);
  } catch {
    return false;
  }
  if (pubBytes.length !== X25519_KEY_BYTES || macBytes.length !== MAC_BYTES) return false;
  return constantTimeEqual(pubMacBytes(macKey, roomId, alias, pub), macBytes);
}

/** The keys of one whisper: `okm = HKDF-SHA256(X25519(…), salt = epk ‖ recipientPub, info, 64)`. */
function whisperKeys(shared: Uint8Array, epk: Uint8Array, recipientPub: Uint8Array) {
  const salt = new Uint8Array(epk.length + recipientPub.length);
  salt.set(epk, 0);
  salt.set(recipientPub, epk.length);
  const okm = hkdf(sha256, shared, salt, WHISPER_INFO, 64);
  return { okm, encKey: okm.subarray(0, 32), macKey: okm.subarray(32, 64) };
}

function whisperMac(
  macKey: Uint8Array,
  roomId: string,
  fromAlias: string,
  toAlias: string,
  epk: string,
  iv: string,
  ct: string,
): Uint8Array {
  return hmacText(macKey, `sanctuary/v1/whisper|${roomId}|${fromAlias}|${toAlias}|${epk}|${iv}|${ct}`);
}

/** X25519, with a low-order (all-zero) result reported as an `EnvelopeError`. */
function sharedSecret(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  try {
    return x25519.getSharedSecret(secretKey, publicKey);
  } catch {
    throw new EnvelopeError("the key exchange failed");
  }
}

export interface SealWhisperInput {
  roomId: string;
  /** The sender's alias as the server knows it. */
  fromAlias: string;
  /** The recipient's alias as the server knows it. */
  toAlias: string;
  /** The recipient's public key (base64url), already checked with `verifyPubMac`. */
  recipientPub: string;
  /** The UTF-8 JSON body, e.g. `{"text":"hi"}`. */
  body: string;
  /** Fixed ephemeral secret key, for test vectors only; omitted, a fresh one is made. */
  ephemeralSecretKey?: Uint8Array;
  /** Fixed IV, for test vectors only; omitted, a fresh random one is used. */
  iv?: Uint8Array;
}

export interface OpenWhisperInput {
  roomId: string;
  /** The sender's alias as the server assigned it (`from.alias`). */
  fromAlias: string;
  /** This member's own alias. */
  toAlias: string;
  env: SealedEnvelope;
}

/**
 * Seals a whisper to one member's public key: a v2 envelope `{v: 2, epk, iv, ct, mac}`.
 * Throws `EnvelopeError` when `recipientPub` is not a usable X25519 key.
 *
 * @example
 * const env = sealWhisper({ roomId, fromAlias: "alice", toAlias: "bob", recipientPub: bob.pub, body });
 */
export function sealWhisper(input: SealWhisperInput): SealedEnvelope {
  const recipientPub = decodeField(input.recipientPub, "recipient key");
  if (recipientPub.length !== X25519_KEY_BYTES)
    throw new EnvelopeError("the recipient key has the wrong length");
  const ivBytes = checkedIv(input.iv);
  const eph = memberKeyPair(input.ephemeralSecretKey ? input.ephemeralSecretKey.slice() : undefined);
  let shared: Uint8Array | undefined;
  let okm: Uint8Array | undefined;
  try {
    shared = sharedSecret(eph.secretKey, recipientPub);
    const keys = whisperKeys(shared, eph.publicKey, recipientPub);
    okm = keys.okm;
    const { iv, ct } = encryptBody(keys.encKey, ivBytes, input.body);
    const mac = toBase64url(
      whisperMac(keys.macKey, input.roomId, input.fromAlias, input.toAlias, eph.pub, iv, ct),
    );
    return { v: 2, epk: eph.pub, iv, ct, mac };
  } finally {
    // The ephemeral secret is used once and forgotten: not even the sender can reopen it.
    wipeMemberKeyPair(eph);
    shared?.fill(0);
    okm?.fill(0);
  }
}

/**
 * Verifies and decrypts a sealed whisper with this member's secret key, returning the
 * body string. The MAC is checked in constant time before any decryption. Throws
 * `EnvelopeError` for anything that is not a v2 envelope, was sealed to another key,
 * or was changed on the way (including a different sender or recipient alias).
 * `publicKey`, when the caller holds it (a `MemberKeyPair`), saves deriving it again
 * for every whisper; a key that does not belong to `secretKey` only fails the MAC.
 */
export function openWhisper(secretKey: Uint8Array, input: OpenWhisperInput, publicKey?: Uint8Array): string {
  const { env } = input;
  if (typeof env !== "object" || env === null || env.v !== 2) throw new EnvelopeError("not a v2 envelope");
  const fields = decodeEnvelopeFields(env);
  const epkBytes = fields.epk as Uint8Array; // present: env.v is 2
  const ownPub = publicKey ?? x25519.getPublicKey(secretKey);
  const shared = sharedSecret(secretKey, epkBytes);
  const { okm, encKey, macKey } = whisperKeys(shared, epkBytes, ownPub);
  try {
    const expected = whisperMac(
      macKey,
      input.roomId,
      input.fromAlias,
      input.toAlias,
      env.epk,
      env.iv,
      env.ct,
    );
    if (!constantTimeEqual(expected, fields.mac)) throw new EnvelopeError("whisper MAC does not verify");
    return aesCbcDecryptText(encKey, fields.iv, fields.ct);
  } finally {
    shared.fill(0);
    okm.fill(0);
  }
}

const FINGERPRINT_GROUPS = 5;
const FINGERPRINT_GROUP_CHARS = 4;

/**
 * The first 100 bits of `digest` as 5 space-separated groups of 4 Crockford base32
 * symbols, most significant bit first, e.g. `"7K2M QX9D 0PWH 4TNS B3VE"`.
 */
function formatFingerprint(digest: Uint8Array): string {
  const total = FINGERPRINT_GROUPS * FINGERPRINT_GROUP_CHARS;
  let symbols = "";
  for (let i = 0; i < total; i++) {
    let value = 0;
    for (let b = 0; b < 5; b++) {
      const bit = i * 5 + b;
      value = (value << 1) | (((digest[bit >>> 3] as number) >>> (7 - (bit & 7))) & 1);
    }
    // Uppercase Crockford base32 (no I, L, O, U), the room ID alphabet: a fingerprint
    // read aloud or typed cannot be mistaken for another.
    symbols += CROCKFORD_ALPHABET[value];
    if (i % FINGERPRINT_GROUP_CHARS === FINGERPRINT_GROUP_CHARS - 1 && i < total - 1) symbols += " ";
  }
  return symbols;
}

/**
 * A member key's fingerprint: the first 100 bits of SHA-256 over the raw 32-byte public
 * key, as 5 groups of 4 Crockford base32 symbols (`"7K2M QX9D 0PWH 4TNS B3VE"`). Two
 * people who read out the same fingerprint for a member hold the same key for them.
 * Takes the key as base64url (as on the wire) or as raw bytes.
 */
export function fingerprint(pub: string | Uint8Array): string {
  const raw = typeof pub === "string" ? decodeField(pub, "public key") : pub;
  if (raw.length !== X25519_KEY_BYTES) throw new RangeError(`a public key is ${X25519_KEY_BYTES} bytes`);
  return formatFingerprint(sha256(raw));
}

/**
 * The room key's fingerprint, same format: SHA-256 of `HKDF-SHA256(macKey, salt = "",
 * info = "sanctuary/v1/fingerprint", 32 bytes)`. Members who derived the same room keys
 * see the same fingerprint; HKDF makes it a one-way value independent of the keys that
 * protect messages, so showing it reveals nothing about them.
 */
export function roomFingerprint(macKey: Uint8Array): string {
  const derived = hkdf(sha256, macKey, EMPTY_SALT, FINGERPRINT_INFO, 32);
  try {
    return formatFingerprint(sha256(derived));
  } finally {
    derived.fill(0);
  }
}
