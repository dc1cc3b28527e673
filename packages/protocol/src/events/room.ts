import { defineDomain, pushSchema } from "../contract.js";
import { RESUME_TOKEN_BYTES } from "../limits.js";
import {
  b64url,
  emptyAckSchema,
  metaEnvelopeSchema,
  serverIdSchema,
  timestampSchema,
  wireAliasSchema,
} from "../schemas.js";
import * as z from "../zod.js";
import { memberSchema } from "./member.js";

/** The first thing an admitted socket hears: who it is, who is there, and the room's state. */
export const welcomeSchema = pushSchema(() =>
  z.object({
    you: memberSchema,
    members: z.array(memberSchema).check(z.maxLength(10_000)),
    ownerId: serverIdSchema,
    meta: z.optional(metaEnvelopeSchema),
    locked: z.boolean(),
    expiresAt: z.optional(timestampSchema),
    /**
     * Single-use token (32 random bytes, base64url) that takes this seat back after a
     * dropped connection: handshake `auth = {resume}`. A new one comes with every welcome;
     * the server keeps only its hash. Keep it in memory only.
     */
    resumeToken: b64url(RESUME_TOKEN_BYTES),
    /** How long (ms) the seat is held after a dropped connection. */
    resumeWindowMs: z.int().check(z.nonnegative()),
  }),
);

export const roomLockSchema = z.strictObject({ locked: z.boolean() });
export const roomPurgeSchema = z.strictObject({});

export const roomLockedSchema = pushSchema(() => z.object({ locked: z.boolean(), by: wireAliasSchema }));

export const endReasonSchema = z.enum(["kicked", "purged", "expired", "shutdown"]);
export const sessionEndedSchema = pushSchema(() =>
  z.object({
    reason: endReasonSchema,
    /** Alias of the member who caused it (kick, purge). */
    by: z.optional(wireAliasSchema),
  }),
);

/**
 * A quiet notice to a room's members. `join-failures`: that many join attempts with a
 * wrong password were made recently (someone may be guessing); sent at
 * `JOIN_FAILURE_NOTICE_AFTER` failures and each time the count doubles.
 */
export const roomNoticeSchema = pushSchema(() =>
  z.object({
    kind: z.literal("join-failures"),
    count: z.int().check(z.positive()),
  }),
);

/** The room as a whole: welcome, lock, purge, notices and the end of a session. */
export const roomDomain = defineDomain({
  toServer: {
    /** Owner only: ends the room for everyone. */
    "room:purge": { payload: roomPurgeSchema, ack: emptyAckSchema },
    /** Owner only: a locked room admits nobody new. */
    "room:lock": { payload: roomLockSchema, ack: emptyAckSchema },
  },
  toClient: {
    "room:welcome": { payload: welcomeSchema },
    "room:locked": { payload: roomLockedSchema },
    "room:notice": { payload: roomNoticeSchema },
    "session:ended": { payload: sessionEndedSchema },
  },
});

export type Welcome = z.infer<typeof welcomeSchema>;
export type RoomLockRequest = z.infer<typeof roomLockSchema>;
export type RoomPurgeRequest = z.infer<typeof roomPurgeSchema>;
export type RoomLocked = z.infer<typeof roomLockedSchema>;
export type EndReason = z.infer<typeof endReasonSchema>;
export type SessionEnded = z.infer<typeof sessionEndedSchema>;
export type RoomNotice = z.infer<typeof roomNoticeSchema>;
