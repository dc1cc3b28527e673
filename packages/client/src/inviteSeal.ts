import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { type Envelope, INVITE_BODY_MAX_BYTES, INVITE_LINK_KEY_BYTES, KEY_BYTES } from "@sanctuary/protocol";
import { utf8Encode } from "./encoding.js";
import { openEnvelope, sealEnvelope } from "./envelope.js";
import { EnvelopeError, SanctuaryError } from "./errors.js";
import { randomBytes } from "./random.js";

/**
 * The room password sealed for a one-time invite link (docs/design.md Crypto step 7,
 * F30). A fresh random link key, which only the link carries, is split by HKDF into an
 * encryption and a MAC key, and the password goes into an ordinary v1 envelope of kind
 * `invite` bound to the room ID. The server only ever holds the envelope.
 */

const EMPTY_SALT = new Uint8Array(0);
const INFO_ENC = utf8Encode("sanctuary/v1/invite-enc");
const INFO_MAC = utf8Encode("sanctuary/v1/invite-mac");

/** A fresh link key: 32 bytes from the platform CSPRNG. */
export function newLinkKey(): Uint8Array {
  return randomBytes(INVITE_LINK_KEY_BYTES);
}

/** The envelope keys a link key stands for. */
export function inviteKeys(linkKey: Uint8Array): { encKey: Uint8Array; macKey: Uint8Array } {
  if (linkKey.length !== INVITE_LINK_KEY_BYTES)
    throw new EnvelopeError("invite link key has the wrong length");
  const prk = extract(sha256, linkKey, EMPTY_SALT);
  try {
    return {
      encKey: expand(sha256, prk, INFO_ENC, KEY_BYTES),
      macKey: expand(sha256, prk, INFO_MAC, KEY_BYTES),
    };
  } finally {
    prk.fill(0);
  }
}

/**
 * Seals `password` for room `roomId` under `linkKey`.
 *
 * @example
 * const linkKey = newLinkKey();
 * const sealed = sealInvite(linkKey, roomId, password);
 */
export function sealInvite(linkKey: Uint8Array, roomId: string, password: string, iv?: Uint8Array): Envelope {
  const body = JSON.stringify({ password });
  if (utf8Encode(body).length > INVITE_BODY_MAX_BYTES) {
    throw new SanctuaryError("BAD_INPUT", "This password is too long for a one-time link.");
  }
  const keys = inviteKeys(linkKey);
  try {
    return sealEnvelope(keys, { kind: "invite", roomId, fromAlias: "", body, ...(iv ? { iv } : {}) });
  } finally {
    keys.encKey.fill(0);
    keys.macKey.fill(0);
  }
}

/**
 * Opens what `sealInvite` made; throws `EnvelopeError` for a wrong key, another room's
 * envelope, or a body that is not an invite.
 */
export function openInvite(linkKey: Uint8Array, roomId: string, sealed: Envelope): string {
  const keys = inviteKeys(linkKey);
  let body: string;
  try {
    body = openEnvelope(keys, { kind: "invite", roomId, fromAlias: "", env: sealed });
  } finally {
    keys.encKey.fill(0);
    keys.macKey.fill(0);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new EnvelopeError("invite body is not JSON");
  }
  const password = (parsed as { password?: unknown } | null)?.password;
  if (typeof password !== "string" || password === "") throw new EnvelopeError("invite body has no password");
  return password;
}
