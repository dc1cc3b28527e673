import { defineDomain } from "../contract.js";
import {
  INVITE_CT_MAX_CHARS,
  INVITE_ID_BYTES,
  KEY_BYTES,
  LIFETIME_MAX_SECONDS,
  LIFETIME_MIN_SECONDS,
  SHORT_BYTES,
} from "../limits.js";
import {
  b64url,
  envelopeV1,
  kdfSchema,
  metaEnvelopeSchema,
  roomIdSchema,
  timestampSchema,
} from "../schemas.js";
import * as z from "../zod.js";

/** `room:create`: a new room's salt, KDF parameters and verifier key (never the password). */
export const roomCreateSchema = z.strictObject({
  salt: b64url(SHORT_BYTES),
  kdf: kdfSchema,
  authKey: b64url(KEY_BYTES),
  meta: z.optional(metaEnvelopeSchema),
  lifetime: z.optional(z.int().check(z.gte(LIFETIME_MIN_SECONDS), z.lte(LIFETIME_MAX_SECONDS))),
});

export const roomCreatedSchema = z.object({
  roomId: roomIdSchema,
  expiresAt: z.optional(timestampSchema),
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

/** The room password sealed under a one-time link key (docs/design.md Crypto step 7). */
export const inviteEnvelopeSchema = envelopeV1(INVITE_CT_MAX_CHARS);
export const inviteIdSchema = b64url(INVITE_ID_BYTES);

/** `invite:create` (F30): only the sealed password reaches the server, never the link key. */
export const inviteCreateSchema = z.strictObject({ roomId: roomIdSchema, sealed: inviteEnvelopeSchema });
export const inviteCreatedSchema = z.object({ inviteId: inviteIdSchema, expiresAt: timestampSchema });

/** `invite:open`: fetches the sealed password once; the server forgets it as it answers. */
export const inviteOpenSchema = z.strictObject({ roomId: roomIdSchema, inviteId: inviteIdSchema });
export const inviteOpenedSchema = z.object({ sealed: inviteEnvelopeSchema });

/** The lobby namespace `/`: creating rooms, getting what a join needs, one-time invites. */
export const lobbyDomain = defineDomain({
  toServer: {
    "room:create": { payload: roomCreateSchema, ack: roomCreatedSchema },
    "room:lookup": { payload: roomLookupSchema, ack: roomLookupResultSchema },
    "invite:create": { payload: inviteCreateSchema, ack: inviteCreatedSchema },
    "invite:open": { payload: inviteOpenSchema, ack: inviteOpenedSchema },
  },
  toClient: {},
});

export type RoomCreateRequest = z.infer<typeof roomCreateSchema>;
export type RoomCreateResult = z.infer<typeof roomCreatedSchema>;
export type RoomLookupRequest = z.infer<typeof roomLookupSchema>;
export type RoomLookupResult = z.infer<typeof roomLookupResultSchema>;
export type InviteCreateRequest = z.infer<typeof inviteCreateSchema>;
export type InviteCreated = z.infer<typeof inviteCreatedSchema>;
export type InviteOpenRequest = z.infer<typeof inviteOpenSchema>;
export type InviteOpened = z.infer<typeof inviteOpenedSchema>;
