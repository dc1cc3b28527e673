import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { type Kdf, KEY_BYTES } from "@sanctuary/protocol";
import { argon2id } from "hash-wasm";
import { fromBase64url, utf8Encode } from "./encoding.js";

/** The three room keys (docs/design.md Crypto steps 1–2). All live in memory only. */
export interface RoomKeys {
  /** Proves knowledge of the password to the server; the server keeps a copy. */
  authKey: Uint8Array;
  /** AES-256-CBC key for envelopes; never leaves the browser. */
  encKey: Uint8Array;
  /** HMAC-SHA256 key for envelopes; never leaves the browser. */
  macKey: Uint8Array;
}

const EMPTY_SALT = new Uint8Array(0);
const INFO_AUTH = utf8Encode("sanctuary/v1/auth");
const INFO_ENC = utf8Encode("sanctuary/v1/enc");
const INFO_MAC = utf8Encode("sanctuary/v1/mac");

/**
 * Derives the room keys from a password: Argon2id (hash-wasm, because it runs without
 * `crypto.subtle` and is far faster than a pure-JS Argon2) over the UTF-8 bytes of the
 * NFC-normalised password, then HKDF-SHA256 with an empty salt splits the master key
 * into independent keys so that the key the server holds (authKey) reveals nothing
 * about the ones that protect messages.
 *
 * @example
 * const keys = await deriveRoomKeys("correct horse", "AAECAwQFBgcICQoLDA0ODw", KDF_DEFAULT);
 */
export async function deriveRoomKeys(password: string, saltB64: string, kdf: Kdf): Promise<RoomKeys> {
  if (kdf.alg !== "argon2id") throw new RangeError(`unsupported KDF ${String(kdf.alg)}`);
  const passwordBytes = utf8Encode(password.normalize("NFC"));
  const master = await argon2id({
    password: passwordBytes,
    salt: fromBase64url(saltB64),
    parallelism: kdf.p,
    iterations: kdf.t,
    memorySize: kdf.m,
    hashLength: KEY_BYTES,
    outputType: "binary",
  });
  // HKDF-Extract once; the three keys are HKDF-Expand of the same PRK with their own info.
  let prk: Uint8Array | undefined;
  try {
    prk = extract(sha256, master, EMPTY_SALT);
    return {
      authKey: expand(sha256, prk, INFO_AUTH, KEY_BYTES),
      encKey: expand(sha256, prk, INFO_ENC, KEY_BYTES),
      macKey: expand(sha256, prk, INFO_MAC, KEY_BYTES),
    };
  } finally {
    // The master key, PRK and password bytes are not needed past this point.
    prk?.fill(0);
    master.fill(0);
    passwordBytes.fill(0);
  }
}

/** Overwrites the keys in place, for when a session ends. */
export function wipeRoomKeys(keys: RoomKeys): void {
  keys.authKey.fill(0);
  keys.encKey.fill(0);
  keys.macKey.fill(0);
}
