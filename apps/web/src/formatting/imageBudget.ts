import { IMAGE_MAX_BYTES, TEXT_MAX_BYTES } from "@sanctuary/protocol";
import type { Selection } from "./formats";

/** The markup a pasted image becomes; `alt` gives screen readers something to say. */
export function imageTag(dataUri: string): string {
  return `<img src="${dataUri}" alt="pasted image">`;
}

/** UTF-8 bytes of a message body as the SDK encrypts it (`{"text": …}`). */
export function bodyBytes(text: string): number {
  return new TextEncoder().encode(JSON.stringify({ text })).length;
}

/**
 * How many bytes of `data:` URI an image pasted over `selection` may take. Two limits
 * apply: the protocol's cap on an embedded image (IMAGE_MAX_BYTES), and — because the
 * image travels inside the message text, which the SDK caps at TEXT_MAX_BYTES — the
 * room left in the text once the rest of the draft is counted. The second is the
 * smaller today; it stops mattering if images ever get their own body field.
 */
export function imageBudget(draft: string, selection: Selection): number {
  const rest = draft.slice(0, selection.start) + imageTag("") + draft.slice(selection.end);
  // A data: URI is plain ASCII with nothing JSON must escape: one byte per character.
  return Math.max(0, Math.min(IMAGE_MAX_BYTES, TEXT_MAX_BYTES - bodyBytes(rest)));
}
