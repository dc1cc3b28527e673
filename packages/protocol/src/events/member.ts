import { defineDomain, pushSchema } from "../contract.js";
import { KEY_BYTES } from "../limits.js";
import {
  b64url,
  emptyAckSchema,
  farewellEnvelopeSchema,
  memberIdSchema,
  serverIdSchema,
  timestampSchema,
  wireAliasSchema,
} from "../schemas.js";
import * as z from "../zod.js";

/** A member as every client sees it; `id` is opaque and is not the socket ID. */
export const memberSchema = pushSchema(() =>
  z.object({
    id: serverIdSchema,
    alias: wireAliasSchema,
    owner: z.boolean(),
    /** Server time the member was admitted. */
    joinedAt: timestampSchema,
    /** X25519 public key and its room-MAC binding (F22), when announced. */
    pub: z.optional(b64url(KEY_BYTES)),
    pubMac: z.optional(b64url(KEY_BYTES)),
    /** True while the member's connection is down and its seat is held for a resume (F17). */
    away: z.optional(z.boolean()),
  }),
);

export const leaveReasonSchema = z.enum(["left", "exit", "kicked", "disconnected"]);

export const memberLeftSchema = pushSchema(() =>
  z.object({
    id: serverIdSchema,
    reason: leaveReasonSchema,
    /** Alias of the owner who kicked, when `reason` is "kicked". */
    by: z.optional(wireAliasSchema),
    farewell: z.optional(farewellEnvelopeSchema),
  }),
);

export const memberRoleSchema = pushSchema(() => z.object({ ownerId: serverIdSchema }));

/** A member's connection dropped (`away: true`) or came back within the window (`false`). */
export const memberAwaySchema = pushSchema(() => z.object({ id: serverIdSchema, away: z.boolean() }));

export const memberKickSchema = z.strictObject({ id: memberIdSchema });
export const memberExitSchema = z.strictObject({ farewell: z.optional(farewellEnvelopeSchema) });

/** Who is in a room: arrivals, departures, ownership, presence, kick and exit. */
export const memberDomain = defineDomain({
  toServer: {
    /** Owner only. */
    "member:kick": { payload: memberKickSchema, ack: emptyAckSchema },
    "member:exit": { payload: memberExitSchema, ack: emptyAckSchema },
  },
  toClient: {
    "member:joined": { payload: memberSchema },
    "member:left": { payload: memberLeftSchema },
    "member:role": { payload: memberRoleSchema },
    "member:away": { payload: memberAwaySchema },
  },
});

export type Member = z.infer<typeof memberSchema>;
export type LeaveReason = z.infer<typeof leaveReasonSchema>;
export type MemberLeft = z.infer<typeof memberLeftSchema>;
export type MemberRole = z.infer<typeof memberRoleSchema>;
export type MemberAway = z.infer<typeof memberAwaySchema>;
export type MemberKickRequest = z.infer<typeof memberKickSchema>;
export type MemberExitRequest = z.infer<typeof memberExitSchema>;
