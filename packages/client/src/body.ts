import { EnvelopeError } from "./errors.js";

/**
 * The JSON inside envelopes. A `msg`, `whisper` or `farewell` body is `{"text": …}`
 * (docs/design.md Crypto step 4). The room name (`meta`) is `{"name": …}`: the design does
 * not fix the meta body, and a distinct field name keeps a room name from ever being
 * mistaken for a message text. Unknown fields are ignored on reading, so later
 * versions can add some (an image, say) without breaking older clients.
 */

export function textBody(text: string): string {
  return JSON.stringify({ text });
}

export function nameBody(name: string): string {
  return JSON.stringify({ name });
}

function stringField(json: string, field: "text" | "name"): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EnvelopeError("body is not JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new EnvelopeError("body is not an object");
  }
  const value = (parsed as Record<string, unknown>)[field];
  if (typeof value !== "string") throw new EnvelopeError(`body has no string "${field}"`);
  return value;
}

export function readTextBody(json: string): string {
  return stringField(json, "text");
}

export function readNameBody(json: string): string {
  return stringField(json, "name");
}
