import { z } from "zod";
import { defineDomain } from "../contract.js";
import { KEY_BYTES, LIFETIME_MAX_SECONDS, LIFETIME_MIN_SECONDS, SHORT_BYTES } from "../limits.js";
import { b64url, kdfSchema, metaEnvelopeSchema, roomIdSchema, timestampSchema } from "../schemas.js";

/** `room:create`: a new room's salt, KDF parameters and verifier key (never the password). */
export const roomCreateSchema = z.strictObject({
  salt: b64url(SHORT_BYTES),
  kdf: kdfSchema,
  authKey: b64url(KEY_BYTES),
  meta: metaEnvelopeSchema.optional(),
  lifetime: z.int().min(LIFETIME_MIN_SECONDS).max(LIFETIME_MAX_SECONDS).optional(),
});

export const roomCreatedSchema = z.object({
  roomId: roomIdSchema,
  expiresAt: timestampSchema.optional(),
});

export const roomLookupSchema = z.strictObject({ roomId: roomIdSchema });

/**
 * What a join needs: the room's salt and KDF parameters (bounded, so a hostile server
 * cannot ask a client for a weak or a tab-freezing derivation) and a fresh challenge.
 */
export const roomLookupResultSchema = z.object({
  salt: b64url(SHORT_BYTES),
  kdf: kdfSchema,
  nonce: b64url(SHORT_BYTES),
});

/** The lobby namespace `/`: creating rooms and getting what a join needs. */
export const lobbyDomain = defineDomain({
  toServer: {
    "room:create": { payload: roomCreateSchema, ack: roomCreatedSchema },
    "room:lookup": { payload: roomLookupSchema, ack: roomLookupResultSchema },
  },
  toClient: {},
});

export type RoomCreateRequest = z.infer<typeof roomCreateSchema>;
export type RoomCreateResult = z.infer<typeof roomCreatedSchema>;
export type RoomLookupRequest = z.infer<typeof roomLookupSchema>;
export type RoomLookupResult = z.infer<typeof roomLookupResultSchema>;
