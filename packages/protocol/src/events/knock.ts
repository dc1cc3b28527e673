import { defineDomain, pushSchema } from "../contract.js";
import { KEY_BYTES, KNOCK_ID_BYTES, KNOCK_TICKET_BYTES, SHORT_BYTES } from "../limits.js";
import { aliasSchema, b64url, emptyAckSchema, roomIdSchema, wireAliasSchema } from "../schemas.js";
import * as z from "../zod.js";

/**
 * Knocking (F34–F36). A join refused with KNOCK_REQUIRED (a locked room, or an address
 * group barred by a kick) may ask the owner instead: the knocker proves the password on
 * the lobby (`knock:request`, with a fresh challenge, exactly like a join), the owner
 * hears `knock:new` on the room and answers `knock:answer`, and the knocker's lobby
 * socket hears `knock:answered`. An admitted knocker joins with the single-use `ticket`
 * in its handshake. See docs/protocol.md "Knocking".
 */

export const knockIdSchema = b64url(KNOCK_ID_BYTES);

/** `knock:request`: the same alias, challenge and proof a join handshake carries. */
export const knockRequestSchema = z.strictObject({
  roomId: roomIdSchema,
  alias: aliasSchema,
  nonce: b64url(SHORT_BYTES),
  proof: b64url(KEY_BYTES),
});

export const knockRequestedSchema = z.object({
  knockId: knockIdSchema,
  /** How long the knock waits unanswered (ms from now; no clocks to compare). */
  expiresInMs: z.int().check(z.nonnegative()),
});

export const knockCancelSchema = z.strictObject({ knockId: knockIdSchema });

/** How a knock ended for the knocker; a ticket comes only with `admitted`. */
export const knockAnsweredSchema = pushSchema(() =>
  z.object({
    knockId: knockIdSchema,
    admitted: z.boolean(),
    ticket: z.optional(b64url(KNOCK_TICKET_BYTES)),
    /** Why it was not admitted: the owner said no, nobody answered in time, the room ended. */
    reason: z.optional(z.enum(["refused", "expired", "ended"])),
  }),
);

/** `knock:answer`: the owner lets a knocker in (`admit`) or not. */
export const knockAnswerSchema = z.strictObject({ knockId: knockIdSchema, admit: z.boolean() });

/** To the owner: someone who proved the password asks to come in. */
export const knockNewSchema = pushSchema(() =>
  z.object({ knockId: knockIdSchema, alias: wireAliasSchema, expiresInMs: z.int().check(z.nonnegative()) }),
);

/** To the owner: a knock is no longer waiting (expired, or the knocker gave up). */
export const knockGoneSchema = pushSchema(() => z.object({ knockId: knockIdSchema }));

/** The lobby's half: asking, giving up, hearing the answer. */
export const knockLobbyDomain = defineDomain({
  toServer: {
    "knock:request": { payload: knockRequestSchema, ack: knockRequestedSchema },
    "knock:cancel": { payload: knockCancelSchema, ack: emptyAckSchema },
  },
  toClient: {
    "knock:answered": { payload: knockAnsweredSchema },
  },
});

/** The room's half: the owner hears knocks and answers them. */
export const knockRoomDomain = defineDomain({
  toServer: {
    "knock:answer": { payload: knockAnswerSchema, ack: emptyAckSchema },
  },
  toClient: {
    "knock:new": { payload: knockNewSchema },
    "knock:gone": { payload: knockGoneSchema },
  },
});

export type KnockRequest = z.infer<typeof knockRequestSchema>;
export type KnockRequested = z.infer<typeof knockRequestedSchema>;
export type KnockAnswered = z.infer<typeof knockAnsweredSchema>;
export type KnockAnswer = z.infer<typeof knockAnswerSchema>;
export type KnockNew = z.infer<typeof knockNewSchema>;
export type KnockGone = z.infer<typeof knockGoneSchema>;
