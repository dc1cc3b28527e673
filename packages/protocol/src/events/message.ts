import { defineDomain, pushSchema } from "../contract.js";
import {
  memberIdSchema,
  messageEnvelopeSchema,
  serverIdSchema,
  timestampSchema,
  whisperEnvelopeSchema,
  wireAliasSchema,
} from "../schemas.js";
import * as z from "../zod.js";

/** Who sent a message: stamped by the server, never taken from the sender. */
export const senderSchema = pushSchema(() => z.object({ id: serverIdSchema, alias: wireAliasSchema }));

export const msgSendSchema = z.strictObject({ env: messageEnvelopeSchema });
export const msgWhisperSchema = z.strictObject({ to: memberIdSchema, env: whisperEnvelopeSchema });
export const typingSchema = z.strictObject({ on: z.boolean() });

/** The server's ID and time for a message it accepted. */
export const msgSentSchema = z.object({ id: serverIdSchema, ts: timestampSchema });

export const incomingMessageSchema = pushSchema(() =>
  z.object({
    id: serverIdSchema,
    from: senderSchema,
    ts: timestampSchema,
    env: messageEnvelopeSchema,
  }),
);

export const incomingWhisperSchema = pushSchema(() =>
  z.object({
    id: serverIdSchema,
    from: senderSchema,
    to: serverIdSchema,
    ts: timestampSchema,
    env: whisperEnvelopeSchema,
  }),
);

export const typingStateSchema = pushSchema(() => z.object({ id: serverIdSchema, on: z.boolean() }));

/** Messages, whispers and the typing indicator. */
export const messageDomain = defineDomain({
  toServer: {
    "msg:send": { payload: msgSendSchema, ack: msgSentSchema },
    "msg:whisper": { payload: msgWhisperSchema, ack: msgSentSchema },
    /** Fire and forget; relayed as a volatile packet. */
    typing: { payload: typingSchema },
  },
  toClient: {
    "msg:new": { payload: incomingMessageSchema },
    /** To the recipient only. */
    "msg:whisper": { payload: incomingWhisperSchema },
    typing: { payload: typingStateSchema },
  },
});

export type Sender = z.infer<typeof senderSchema>;
export type MsgSendRequest = z.infer<typeof msgSendSchema>;
export type MsgWhisperRequest = z.infer<typeof msgWhisperSchema>;
export type TypingRequest = z.infer<typeof typingSchema>;
export type MsgSentResult = z.infer<typeof msgSentSchema>;
export type IncomingMessage = z.infer<typeof incomingMessageSchema>;
export type IncomingWhisper = z.infer<typeof incomingWhisperSchema>;
export type Typing = z.infer<typeof typingStateSchema>;
