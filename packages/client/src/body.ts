import { EnvelopeError } from "./errors.js";

/**
 * The JSON inside envelopes. A `msg`, `whisper` or `farewell` body is
 * `{"text", "mid", "sent", "from"}` (docs/design.md Crypto step 4): the text, plus the
 * stamp that binds it to one sending (F25). The room name (`meta`) is `{"name": …}`: a
 * distinct field name keeps a room name from ever being mistaken for a message text.
 * Unknown fields are ignored on reading, so later versions can add some (an image,
 * say) without breaking older clients.
 */

/**
 * What makes a message one particular sending (F25), inside the encrypted body where
 * the server can neither read nor change it: `mid`, 16 random bytes (base64url) made by
 * the sender; `sent`, the sender's clock (ms since epoch); `from`, the sender's member ID.
 */
export interface Stamp {
  mid: string;
  sent: number;
  from: string;
}

/** A message ID: 16 bytes in base64url without padding. */
const MID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Member IDs are at most 32 characters on the wire (`memberIdSchema`). */
const FROM_MAX_CHARS = 32;

/** A body without a stamp: what clients before F25 sent, kept for vectors and tests. */
export function textBody(text: string): string {
  return JSON.stringify({ text });
}

/** A `msg`, `whisper` or `farewell` body: the text and its stamp. */
export function stampedBody(text: string, stamp: Stamp): string {
  return JSON.stringify({ text, mid: stamp.mid, sent: stamp.sent, from: stamp.from });
}

export function nameBody(name: string): string {
  return JSON.stringify({ name });
}

function bodyObject(json: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EnvelopeError("body is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new EnvelopeError("body is not an object");
  }
  return parsed as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, field: "text" | "name"): string {
  const value = body[field];
  if (typeof value !== "string") throw new EnvelopeError(`body has no string "${field}"`);
  return value;
}

/** The stamp of a body, or undefined when it has none or a malformed one (an older client). */
function stampOf(body: Record<string, unknown>): Stamp | undefined {
  const { mid, sent, from } = body;
  if (typeof mid !== "string" || !MID_PATTERN.test(mid)) return undefined;
  if (typeof sent !== "number" || !Number.isSafeInteger(sent) || sent < 0) return undefined;
  if (typeof from !== "string" || from.length === 0 || from.length > FROM_MAX_CHARS) return undefined;
  return { mid, sent, from };
}

export function readTextBody(json: string): string {
  return stringField(bodyObject(json), "text");
}

/** A message body's text and, when it carries a well-formed one, its stamp. */
export function readMessageBody(json: string): { text: string; stamp: Stamp | undefined } {
  const body = bodyObject(json);
  return { text: stringField(body, "text"), stamp: stampOf(body) };
}

export function readNameBody(json: string): string {
  return stringField(bodyObject(json), "name");
}
