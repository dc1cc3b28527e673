import { IMAGE_MAX_BYTES, TEXT_MAX_BYTES } from "@sanctuary/protocol";
import type { Selection } from "./formats";

/**
 * A message body holds formatted text and pasted pictures. Pictures travel inside the
 * text as `data:` URIs, and the SDK caps the whole body at MESSAGE_BODY_MAX_BYTES
 * (text budget + picture budget + framing); this module splits that budget the way
 * the protocol means it: the words (everything but the `data:` URIs) get
 * TEXT_MAX_BYTES, the pictures together get IMAGE_MAX_BYTES.
 */

const KIB = 1024;
const TEXT_LIMIT_WORDS = `The text of a message is at most ${TEXT_MAX_BYTES / KIB} KiB, pictures not counted.`;
export const IMAGE_LIMIT_WORDS = `The pictures in one message take at most ${IMAGE_MAX_BYTES / KIB} KiB together.`;

/** The `data:` URIs pasted pictures become (see encodeImage.ts and sanitize.ts). */
const DATA_URI = /data:image\/[a-z]+;base64,[A-Za-z0-9+/]*=*/g;

/** The markup a pasted image becomes; `alt` gives screen readers something to say. */
export function imageTag(dataUri: string): string {
  return `<img src="${dataUri}" alt="pasted image">`;
}

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

/**
 * How many bytes of `data:` URI an image pasted over `selection` may take: what the
 * pictures already in the draft leave of IMAGE_MAX_BYTES, or nothing when the words
 * (with the new picture's tag) are already over TEXT_MAX_BYTES.
 */
export function imageBudget(draft: string, selection: Selection): number {
  const rest = draft.slice(0, selection.start) + imageTag("") + draft.slice(selection.end);
  if (textPartBytes(rest) > TEXT_MAX_BYTES) return 0;
  return Math.max(0, IMAGE_MAX_BYTES - imageBytes(rest));
}
