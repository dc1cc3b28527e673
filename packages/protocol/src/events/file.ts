import { BASE64URL_PATTERN } from "../base64url.js";
import { defineDomain, pushSchema } from "../contract.js";
import {
  base64urlLength,
  FILE_CHUNK_WIRE_MAX_BYTES,
  FILE_CHUNK_WIRE_MIN_BYTES,
  FILE_MAX_BYTES,
  FILE_META_CT_MAX_CHARS,
  KEY_BYTES,
  SHORT_BYTES,
  TRANSFER_ID_BYTES,
} from "../limits.js";
import { b64url, emptyAckSchema, memberIdSchema, serverIdSchema, timestampSchema } from "../schemas.js";
import * as z from "../zod.js";
import { senderSchema } from "./message.js";

/**
 * Attachments (F42–F45): a file goes as an offer, then its chunks, through the relay,
 * which forwards them to the members present at the offer and keeps only a few in
 * flight. The name, type and file key are inside the offer's sealed envelope; the
 * relay sees the transfer ID, the size and the chunk count. Chunk format and crypto:
 * docs/protocol.md, "Files".
 */

export const transferIdSchema = b64url(TRANSFER_ID_BYTES);

const metaCt = z.string().check(
  z.minLength(base64urlLength(16)),
  z.maxLength(FILE_META_CT_MAX_CHARS),
  z.regex(BASE64URL_PATTERN, "must be base64url"),
  z.refine((s) => ((s.length * 3) >> 2) % 16 === 0, "not a whole number of AES blocks"),
);

/** The sealed offer body: under the room key, or sealed to the one recipient's key. */
export const fileMetaEnvelopeSchema = z.union([
  z.strictObject({ v: z.literal(1), iv: b64url(SHORT_BYTES), ct: metaCt, mac: b64url(KEY_BYTES) }),
  z.strictObject({
    v: z.literal(2),
    epk: b64url(KEY_BYTES),
    iv: b64url(SHORT_BYTES),
    ct: metaCt,
    mac: b64url(KEY_BYTES),
  }),
]);

/** A chunk's bytes: a Buffer on Node, an ArrayBuffer in a browser. */
const chunkBytes = z.custom<Uint8Array | ArrayBuffer>((value) => {
  const length =
    value instanceof Uint8Array ? value.byteLength : value instanceof ArrayBuffer ? value.byteLength : -1;
  return length >= FILE_CHUNK_WIRE_MIN_BYTES && length <= FILE_CHUNK_WIRE_MAX_BYTES;
}, "not a chunk");

export const fileOfferSchema = z.strictObject({
  id: transferIdSchema,
  /** A whispered file: only this member gets it (the envelope is then sealed to its key). */
  to: z.optional(memberIdSchema),
  /** Plaintext bytes; the chunk count follows from it (`fileChunkCount`). */
  size: z.int().check(z.gte(0), z.lte(FILE_MAX_BYTES)),
  env: fileMetaEnvelopeSchema,
});
/**
 * How many members the relay will forward the chunks to, and which: in a cluster (F19)
 * only those connected to the sender's node, so the sender can tell who will not get it.
 */
export const fileOfferAckSchema = z.object({
  receivers: z.int().check(z.nonnegative()),
  members: z.optional(z.array(memberIdSchema)),
});

export const fileChunkSchema = z.strictObject({
  id: transferIdSchema,
  index: z.int().check(z.gte(0)),
  data: chunkBytes,
});

export const fileCancelSchema = z.strictObject({ id: transferIdSchema });

/** Why a transfer stopped, as the relay tells those still in it. */
export const FILE_CANCEL_REASONS = [
  "cancelled",
  "declined",
  "sender-left",
  "receiver-left",
  "no-receivers",
  "too-slow",
] as const;
export type FileCancelReason = (typeof FILE_CANCEL_REASONS)[number];

export const fileOfferedSchema = pushSchema(() =>
  z.object({
    id: transferIdSchema,
    from: senderSchema,
    to: z.optional(serverIdSchema),
    size: z.int().check(z.gte(0), z.lte(FILE_MAX_BYTES)),
    ts: timestampSchema,
    env: fileMetaEnvelopeSchema,
  }),
);

export const fileChunkPushSchema = pushSchema(() =>
  z.object({
    id: transferIdSchema,
    index: z.int().check(z.gte(0)),
    data: z.pipe(
      chunkBytes,
      z.transform((d) => (d instanceof Uint8Array ? d : new Uint8Array(d))),
    ),
  }),
);

export const fileCancelledSchema = pushSchema(() =>
  z.object({
    id: transferIdSchema,
    reason: z.enum(FILE_CANCEL_REASONS),
    /** The member whose action or departure it was (a receiver who declined or left). */
    by: z.optional(serverIdSchema),
  }),
);

export const fileDoneSchema = pushSchema(() => z.object({ id: transferIdSchema }));

/** File transfers: offer, chunks with backpressure (the ack), cancel. */
export const fileDomain = defineDomain({
  toServer: {
    "file:offer": { payload: fileOfferSchema, ack: fileOfferAckSchema },
    /** Acknowledged once the receivers' sockets have room for more: the sender's pace. */
    "file:chunk": { payload: fileChunkSchema, ack: emptyAckSchema },
    /** By the sender (ends it for all) or a receiver (stops it for that receiver). */
    "file:cancel": { payload: fileCancelSchema, ack: emptyAckSchema },
  },
  toClient: {
    "file:offered": { payload: fileOfferedSchema },
    "file:chunk": { payload: fileChunkPushSchema },
    "file:cancelled": { payload: fileCancelledSchema },
    /** The sender sent every chunk: a receiver still missing one was cut short. */
    "file:done": { payload: fileDoneSchema },
  },
});

export type FileOfferRequest = z.infer<typeof fileOfferSchema>;
export type FileChunkRequest = z.infer<typeof fileChunkSchema>;
export type FileOffered = z.infer<typeof fileOfferedSchema>;
export type FileChunkPush = z.infer<typeof fileChunkPushSchema>;
export type FileCancelled = z.infer<typeof fileCancelledSchema>;
export type FileMetaEnvelope = z.infer<typeof fileMetaEnvelopeSchema>;
