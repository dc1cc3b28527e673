/** Error codes carried by `{ ok: false, code, message }` acknowledgements and join refusals. */
export const ERROR_CODES = [
  "INVALID",
  "NOT_FOUND",
  "WRONG_PASSWORD",
  "ALIAS_TAKEN",
  "LOCKED",
  "FULL",
  "NOT_OWNER",
  "NO_SUCH_MEMBER",
  "TOO_LARGE",
  "RATE_LIMITED",
  "NONCE_EXPIRED",
  "BANNED",
  "SERVER_FULL",
  "TRANSFER_LIMIT",
  "NO_SUCH_TRANSFER",
  "INTERNAL",
  "KNOCK_REQUIRED",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Words a person can act on; the server sends these and the UI may show them as is. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  INVALID: "The request was malformed.",
  NOT_FOUND: "No room with that ID exists (it may have ended).",
  WRONG_PASSWORD: "Wrong password for this room.",
  ALIAS_TAKEN: "Someone in this room already uses that alias.",
  LOCKED: "The room is locked; nobody new can join.",
  FULL: "The room is full.",
  NOT_OWNER: "Only the room owner can do that.",
  NO_SUCH_MEMBER: "There is no such member in this room.",
  TOO_LARGE: "That is too large to send.",
  RATE_LIMITED: "Too many requests; slow down and try again shortly.",
  NONCE_EXPIRED: "The join challenge expired or was already used; try again.",
  BANNED: "You were removed from this room and cannot rejoin yet.",
  SERVER_FULL: "This server hosts as many rooms as it can; try again later.",
  TRANSFER_LIMIT: "Too many file transfers at once; wait for one to finish.",
  NO_SUCH_TRANSFER: "That file transfer has ended or never existed.",
  INTERNAL: "The server could not complete the request.",
  KNOCK_REQUIRED: "Only the owner can let you in now; knock to ask.",
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}
