import { IMAGE_MAX_BYTES, TEXT_MAX_BYTES } from "@sanctuary/protocol";

/**
 * A message body holds formatted text and, from older clients or typed by hand, small
 * `data:` URI pictures (pictures pasted or dropped here are attachments now, F42; this
 * page no longer puts pictures into the text). The SDK caps the whole body at MESSAGE_BODY_MAX_BYTES
 * (text budget + picture budget + framing); this module splits that budget the way
 * the protocol means it: the words (everything but the `data:` URIs) get
 * TEXT_MAX_BYTES, the pictures together get IMAGE_MAX_BYTES.
 */

const KIB = 1024;
const TEXT_LIMIT_WORDS = `The text of a message is at most ${TEXT_MAX_BYTES / KIB} KiB, pictures not counted.`;
const IMAGE_LIMIT_WORDS = `The pictures in one message take at most ${IMAGE_MAX_BYTES / KIB} KiB together.`;

/** The `data:` URI pictures a body may hold (see sanitize.ts). */
const DATA_URI = /data:image\/[a-z]+;base64,[A-Za-z0-9+/]*=*/g;

/** UTF-8 bytes of a message body as the SDK encrypts it (`{"text": …}`). */
export function bodyBytes(text: string): number {
  return new TextEncoder().encode(JSON.stringify({ text })).length;
}

/** Bytes of the words: the body with every picture's `data:` URI left out. */
export function textPartBytes(text: string): number {
  return bodyBytes(text.replace(DATA_URI, ""));
}

/** Bytes of the pictures: a `data:` URI is plain ASCII, one byte per character. */
export function imageBytes(text: string): number {
  let total = 0;
  for (const match of text.matchAll(DATA_URI)) total += match[0].length;
  return total;
}

/** What is over a limit in a draft, in words; null when it can be sent. */
export function draftProblem(text: string): string | null {
  if (textPartBytes(text) > TEXT_MAX_BYTES) return `The message is too long. ${TEXT_LIMIT_WORDS}`;
  if (imageBytes(text) > IMAGE_MAX_BYTES) return `The pictures are too large. ${IMAGE_LIMIT_WORDS}`;
  return null;
}
