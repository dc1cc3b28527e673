import { z } from "zod";
import { normalizeAlias } from "./alias.js";
import { BASE64URL_PATTERN } from "./base64url.js";
import {
  ALIAS_MAX_CHARS,
  ALIAS_RAW_MAX_CHARS,
  base64urlLength,
  FAREWELL_CT_MAX_CHARS,
  KDF_MAX,
  KDF_MIN,
  KEY_BYTES,
  LIFETIME_MAX_SECONDS,
  LIFETIME_MIN_SECONDS,
  MESSAGE_CT_MAX_CHARS,
  META_CT_MAX_CHARS,
  RESUME_TOKEN_BYTES,
  SHORT_BYTES,
} from "./limits.js";
import { ROOM_ID_PATTERN } from "./roomId.js";

/**
 * Runtime schemas for every client-to-server payload. Objects are strict (unknown
 * keys, including `__proto__` and `constructor`, fail) and every string is bounded,
 * so a handler only ever sees the shapes below. Base64url fields use the shared
 * `BASE64URL_PATTERN`; each also has a minimum length, so none may be empty.
 */

const b64url = (bytes: number) =>
  z.string().length(base64urlLength(bytes)).regex(BASE64URL_PATTERN, "must be base64url");

/** AES-CBC output is a whole number of 16-byte blocks; its base64url length says so. */
const ciphertext = (maxChars: number) =>
  z
    .string()
    .min(base64urlLength(16))
    .max(maxChars)
    .regex(BASE64URL_PATTERN, "must be base64url")
    .refine((s) => ((s.length * 3) >> 2) % 16 === 0, "not a whole number of AES blocks");

export const roomIdSchema = z.string().regex(ROOM_ID_PATTERN, "not a room ID");
export const memberIdSchema = z.string().min(1).max(32).regex(BASE64URL_PATTERN);

export const kdfSchema = z.strictObject({
  alg: z.literal("argon2id"),
  m: z.int().min(KDF_MIN.m).max(KDF_MAX.m),
  t: z.int().min(KDF_MIN.t).max(KDF_MAX.t),
  p: z.int().min(KDF_MIN.p).max(KDF_MAX.p),
});

const envelopeV1 = (maxCtChars: number) =>
  z.strictObject({
    v: z.literal(1),
    iv: b64url(SHORT_BYTES),
    ct: ciphertext(maxCtChars),
    mac: b64url(KEY_BYTES),
  });

/** Room-key envelope (DESIGN.md Crypto step 4). */
export const messageEnvelopeSchema = envelopeV1(MESSAGE_CT_MAX_CHARS);
export const metaEnvelopeSchema = envelopeV1(META_CT_MAX_CHARS);
export const farewellEnvelopeSchema = envelopeV1(FAREWELL_CT_MAX_CHARS);

/** Whisper sealed to the recipient's X25519 key (DESIGN.md Crypto step 6). */
export const sealedEnvelopeSchema = z.strictObject({
  v: z.literal(2),
  epk: b64url(KEY_BYTES),
  iv: b64url(SHORT_BYTES),
  ct: ciphertext(MESSAGE_CT_MAX_CHARS),
  mac: b64url(KEY_BYTES),
});

export const whisperEnvelopeSchema = z.union([messageEnvelopeSchema, sealedEnvelopeSchema]);

/** An alias as sent on the wire: already in canonical form, visible, bounded. */
export const aliasSchema = z
  .string()
  .min(1)
  .max(ALIAS_RAW_MAX_CHARS)
  .refine((a) => normalizeAlias(a) === a, "alias is not normalised")
  .refine((a) => [...a].length <= ALIAS_MAX_CHARS, `alias is longer than ${ALIAS_MAX_CHARS}`);

export const roomCreateSchema = z.strictObject({
  salt: b64url(SHORT_BYTES),
  kdf: kdfSchema,
  authKey: b64url(KEY_BYTES),
  meta: metaEnvelopeSchema.optional(),
  lifetime: z.int().min(LIFETIME_MIN_SECONDS).max(LIFETIME_MAX_SECONDS).optional(),
});

export const roomLookupSchema = z.strictObject({ roomId: roomIdSchema });

/** Socket.IO handshake `auth` for a room namespace. */
export const joinAuthSchema = z.strictObject({
  alias: aliasSchema,
  nonce: b64url(SHORT_BYTES),
  proof: b64url(KEY_BYTES),
  pub: b64url(KEY_BYTES).optional(),
  pubMac: b64url(KEY_BYTES).optional(),
});

/**
 * Handshake `auth` that takes back an away member's seat (F17): the resume token from
 * the member's last `room:welcome`, and nothing else.
 */
export const resumeAuthSchema = z.strictObject({ resume: b64url(RESUME_TOKEN_BYTES) });

/** Either handshake a room namespace accepts: a fresh join proof or a resume token. */
export const roomAuthSchema = z.union([joinAuthSchema, resumeAuthSchema]);

export const msgSendSchema = z.strictObject({ env: messageEnvelopeSchema });
export const msgWhisperSchema = z.strictObject({ to: memberIdSchema, env: whisperEnvelopeSchema });
export const memberKickSchema = z.strictObject({ id: memberIdSchema });
export const roomPurgeSchema = z.strictObject({});
export const roomLockSchema = z.strictObject({ locked: z.boolean() });
export const memberExitSchema = z.strictObject({ farewell: farewellEnvelopeSchema.optional() });
export const typingSchema = z.strictObject({ on: z.boolean() });

export type Kdf = z.infer<typeof kdfSchema>;
export type Envelope = z.infer<typeof messageEnvelopeSchema>;
export type SealedEnvelope = z.infer<typeof sealedEnvelopeSchema>;
export type WhisperEnvelope = z.infer<typeof whisperEnvelopeSchema>;
export type RoomCreateRequest = z.infer<typeof roomCreateSchema>;
export type RoomLookupRequest = z.infer<typeof roomLookupSchema>;
export type JoinAuth = z.infer<typeof joinAuthSchema>;
export type ResumeAuth = z.infer<typeof resumeAuthSchema>;
export type RoomAuth = z.infer<typeof roomAuthSchema>;
export type MsgSendRequest = z.infer<typeof msgSendSchema>;
export type MsgWhisperRequest = z.infer<typeof msgWhisperSchema>;
export type MemberKickRequest = z.infer<typeof memberKickSchema>;
export type RoomPurgeRequest = z.infer<typeof roomPurgeSchema>;
export type RoomLockRequest = z.infer<typeof roomLockSchema>;
export type MemberExitRequest = z.infer<typeof memberExitSchema>;
export type TypingRequest = z.infer<typeof typingSchema>;
