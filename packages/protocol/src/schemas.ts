import { aliasProblem, normalizeAlias } from "./alias.js";
import { BASE64URL_PATTERN } from "./base64url.js";
import {
  ALIAS_MAX_CHARS,
  ALIAS_RAW_MAX_CHARS,
  base64urlLength,
  FAREWELL_CT_MAX_CHARS,
  KDF_MAX,
  KDF_MIN,
  KEY_BYTES,
  KNOCK_TICKET_BYTES,
  MESSAGE_CT_MAX_CHARS,
  META_CT_MAX_CHARS,
  RESUME_TOKEN_BYTES,
  SHORT_BYTES,
} from "./limits.js";
import { ROOM_ID_PATTERN } from "./roomId.js";
import * as z from "./zod.js";

/**
 * Runtime schemas for every client-to-server payload. Objects are strict (unknown
 * keys, including `__proto__` and `constructor`, fail) and every string is bounded,
 * so a handler only ever sees the shapes below. Base64url fields use the shared
 * `BASE64URL_PATTERN`; each also has a minimum length, so none may be empty.
 */

const base64urlSchemas = new Map<number, z.ZodMiniString>();

/**
 * The schema of `bytes` bytes as base64url. One instance per length, shared: schemas
 * are immutable, and a key or nonce field appears in dozens of them.
 */
export function b64url(bytes: number): z.ZodMiniString {
  let schema = base64urlSchemas.get(bytes);
  if (!schema) {
    schema = z
      .string()
      .check(z.length(base64urlLength(bytes)), z.regex(BASE64URL_PATTERN, "must be base64url"));
    base64urlSchemas.set(bytes, schema);
  }
  return schema;
}

/** AES-CBC output is a whole number of 16-byte blocks; its base64url length says so. */
const ciphertext = (maxChars: number) =>
  z.string().check(
    z.minLength(base64urlLength(16)),
    z.maxLength(maxChars),
    z.regex(BASE64URL_PATTERN, "must be base64url"),
    z.refine((s) => ((s.length * 3) >> 2) % 16 === 0, "not a whole number of AES blocks"),
  );

export const roomIdSchema = z.string().check(z.regex(ROOM_ID_PATTERN, "not a room ID"));
export const memberIdSchema = z.string().check(z.minLength(1), z.maxLength(32), z.regex(BASE64URL_PATTERN));

export const kdfSchema = z.strictObject({
  alg: z.literal("argon2id"),
  m: z.int().check(z.gte(KDF_MIN.m), z.lte(KDF_MAX.m)),
  t: z.int().check(z.gte(KDF_MIN.t), z.lte(KDF_MAX.t)),
  p: z.int().check(z.gte(KDF_MIN.p), z.lte(KDF_MAX.p)),
});

export const envelopeV1 = (maxCtChars: number) =>
  z.strictObject({
    v: z.literal(1),
    iv: b64url(SHORT_BYTES),
    ct: ciphertext(maxCtChars),
    mac: b64url(KEY_BYTES),
  });

/** Room-key envelope (docs/design.md Crypto step 4). */
export const messageEnvelopeSchema = envelopeV1(MESSAGE_CT_MAX_CHARS);
export const metaEnvelopeSchema = envelopeV1(META_CT_MAX_CHARS);
export const farewellEnvelopeSchema = envelopeV1(FAREWELL_CT_MAX_CHARS);

/** Whisper sealed to the recipient's X25519 key (docs/design.md Crypto step 6). */
export const sealedEnvelopeSchema = z.strictObject({
  v: z.literal(2),
  epk: b64url(KEY_BYTES),
  iv: b64url(SHORT_BYTES),
  ct: ciphertext(MESSAGE_CT_MAX_CHARS),
  mac: b64url(KEY_BYTES),
});

export const whisperEnvelopeSchema = z.union([messageEnvelopeSchema, sealedEnvelopeSchema]);

/** An alias as sent on the wire: already in canonical form, visible, bounded, in one script. */
export const aliasSchema = z.string().check(
  z.minLength(1),
  // Aborts on a long string, so the Unicode checks below never run on a large payload.
  z.maxLength(ALIAS_RAW_MAX_CHARS, { abort: true }),
  z.refine((a) => normalizeAlias(a) === a, "alias is not normalised"),
  z.refine((a) => [...a].length <= ALIAS_MAX_CHARS, `alias is longer than ${ALIAS_MAX_CHARS}`),
  z.superRefine((a, ctx) => {
    // Mixed scripts and stray marks, worded as the client words them.
    const problem = aliasProblem(a);
    if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
  }),
);

/**
 * Socket.IO handshake `auth` for a room namespace.
 */
export const joinAuthSchema = z.strictObject({
  alias: aliasSchema,
  nonce: b64url(SHORT_BYTES),
  proof: b64url(KEY_BYTES),
  pub: z.optional(b64url(KEY_BYTES)),
  pubMac: z.optional(b64url(KEY_BYTES)),
  /** An admitted knock's single-use ticket (F35): passes the lock and the household bar once. */
  ticket: z.optional(b64url(KNOCK_TICKET_BYTES)),
});

/**
 * Handshake `auth` that takes back an away member's seat (F17): the resume token from
 * the member's last `room:welcome`, and nothing else.
 */
export const resumeAuthSchema = z.strictObject({ resume: b64url(RESUME_TOKEN_BYTES) });

/** Either handshake a room namespace accepts: a fresh join proof or a resume token. */
export const roomAuthSchema = z.union([joinAuthSchema, resumeAuthSchema]);

/**
 * Server → client strings that only the server makes (IDs) or that it already checked
 * on the way in (aliases): bounded, so a misbehaving server cannot hand a client
 * megabytes where a name belongs.
 */
export const serverIdSchema = z.string().check(z.minLength(1), z.maxLength(64));
export const wireAliasSchema = z.string().check(z.minLength(1), z.maxLength(ALIAS_RAW_MAX_CHARS));
/** A server timestamp (ms since epoch). */
export const timestampSchema = z.int().check(z.nonnegative());

/** The success fields of an acknowledgement that carries nothing but `ok: true`. */
export const emptyAckSchema = z.object({});

/** `{ok: false, code, message}`: how every refused request is answered. */
export const ackErrorSchema = z.object({
  ok: z.literal(false),
  code: z.string().check(z.maxLength(64)),
  message: z.string().check(z.maxLength(1000)),
});

export type Kdf = z.infer<typeof kdfSchema>;
export type Envelope = z.infer<typeof messageEnvelopeSchema>;
export type SealedEnvelope = z.infer<typeof sealedEnvelopeSchema>;
export type WhisperEnvelope = z.infer<typeof whisperEnvelopeSchema>;
export type JoinAuth = z.infer<typeof joinAuthSchema>;
export type ResumeAuth = z.infer<typeof resumeAuthSchema>;
export type RoomAuth = z.infer<typeof roomAuthSchema>;
