import {
  FILE_CHUNK_BYTES,
  FILE_MAX_BYTES,
  FILE_NAME_MAX_CHARS,
  FILE_TYPE_MAX_CHARS,
  KEY_BYTES,
} from "@sanctuary/protocol";
import { fromBase64url, toBase64url } from "../encoding.js";
import { EnvelopeError } from "../errors.js";

/**
 * The sealed body of a file offer (F42): what the relay must not learn. JSON
 * `{"file": {"id", "name", "type", "size", "chunk", "key"}, "ref"?, "sent", "from"}`:
 * the transfer ID again (so an offer cannot be moved onto another transfer), the file's
 * name, MIME type and size, the chunk size, the file key (base64url), the ID of the
 * message it was sent with, the sender's clock and member ID. The `file` field keeps it
 * from ever opening as a message body, which has `text`.
 */
export interface FileOfferMeta {
  id: string;
  name: string;
  type: string;
  size: number;
  chunkBytes: number;
  key: Uint8Array;
  /** The ID of the message the file was sent with, if any (the server's `id` of it). */
  ref?: string;
  sent: number;
  from: string;
}

/** Control and bidi-override characters that would let a name pose as another (RLO in `x.pdf<RLO>exe`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what it removes
const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/g;

/** The offer's JSON body. */
export function offerBody(meta: FileOfferMeta): string {
  return JSON.stringify({
    file: {
      id: meta.id,
      name: meta.name,
      type: meta.type,
      size: meta.size,
      chunk: meta.chunkBytes,
      key: toBase64url(meta.key),
    },
    ...(meta.ref === undefined ? {} : { ref: meta.ref }),
    sent: meta.sent,
    from: meta.from,
  });
}

/** A name safe to show and to save under: no path, no control or bidi characters, bounded. */
export function safeFileName(name: string): string {
  const cleaned = [...name.replace(UNSAFE_NAME, "_").trim()].slice(0, FILE_NAME_MAX_CHARS).join("");
  return cleaned === "" || cleaned === "." || cleaned === ".." ? "file" : cleaned;
}

/** A MIME type as given when it looks like one, else `application/octet-stream`. */
export function safeFileType(type: string): string {
  const t = type.trim().toLowerCase();
  return t.length <= FILE_TYPE_MAX_CHARS && /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(t)
    ? t
    : "application/octet-stream";
}

/** Reads an offer body; throws `EnvelopeError` for anything malformed. */
export function readOfferBody(json: string): FileOfferMeta {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    throw new EnvelopeError("offer body is not JSON");
  }
  const b = body as Record<string, unknown> | null;
  const file = (b && typeof b === "object" ? b.file : undefined) as Record<string, unknown> | undefined;
  if (!b || !file || typeof file !== "object") throw new EnvelopeError("offer body has no file");
  const { id, name, type, size, chunk, key } = file;
  if (typeof id !== "string" || typeof name !== "string" || typeof type !== "string") {
    throw new EnvelopeError("offer body is malformed");
  }
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0 || size > FILE_MAX_BYTES) {
    throw new EnvelopeError("offer size is malformed");
  }
  if (chunk !== FILE_CHUNK_BYTES) throw new EnvelopeError("offer chunk size is not supported");
  if (typeof key !== "string") throw new EnvelopeError("offer has no key");
  let keyBytes: Uint8Array;
  try {
    keyBytes = fromBase64url(key);
  } catch {
    throw new EnvelopeError("offer key is not base64url");
  }
  if (keyBytes.length !== KEY_BYTES) throw new EnvelopeError("offer key has the wrong length");
  const { ref, sent, from } = b;
  if (typeof sent !== "number" || !Number.isSafeInteger(sent) || typeof from !== "string") {
    throw new EnvelopeError("offer stamp is malformed");
  }
  return {
    id,
    name: safeFileName(name),
    type: safeFileType(type),
    size,
    chunkBytes: chunk,
    key: keyBytes,
    ...(typeof ref === "string" && ref.length > 0 && ref.length <= 64 ? { ref } : {}),
    sent,
    from,
  };
}
