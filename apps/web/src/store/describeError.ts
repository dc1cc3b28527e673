import { ERROR_MESSAGES, isErrorCode } from "@sanctuary/protocol";

const LOCAL_MESSAGES: Readonly<Record<string, string>> = {
  NETWORK: "Could not reach the server. Check your connection and try again.",
  CLOSED: "This session has already ended.",
  KNOCK_REFUSED: "The owner did not let you in.",
  KNOCK_EXPIRED: "No answer; try again later.",
  KNOCK_CANCELLED: "You stopped knocking.",
};

/**
 * Words for a failure from the SDK. Server codes use the protocol's ERROR_MESSAGES, so a
 * wrong password, an unknown room and a taken alias each read differently; BAD_INPUT
 * carries the SDK's own explanation.
 */
export function describeError(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  const wait =
    typeof err === "object" && err !== null ? (err as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  // The person kicked is told how long the bar still runs (F21).
  if (code === "BANNED" && typeof wait === "number") return bannedFor(wait);
  // A rate refusal says which budget ran out (events, bytes, the room's large messages).
  if (code === "RATE_LIMITED" && err instanceof Error && err.message) return err.message;
  if (isErrorCode(code)) return ERROR_MESSAGES[code];
  if (typeof code === "string" && LOCAL_MESSAGES[code]) return LOCAL_MESSAGES[code];
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong. Please try again.";
}

/** "You were removed from this room; you can try again in 9 minutes." */
export function bannedFor(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `You were removed from this room; you can try again in ${minutes === 1 ? "1 minute" : `${minutes} minutes`}.`;
}
