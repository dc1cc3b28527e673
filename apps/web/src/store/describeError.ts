import { ERROR_MESSAGES, isErrorCode } from "@sanctuary/protocol";

const LOCAL_MESSAGES: Readonly<Record<string, string>> = {
  NETWORK: "Could not reach the server. Check your connection and try again.",
  CLOSED: "This session has already ended.",
};

/**
 * Words for a failure from the SDK. Server codes use the protocol's ERROR_MESSAGES, so a
 * wrong password, an unknown room and a taken alias each read differently; BAD_INPUT
 * carries the SDK's own explanation.
 */
export function describeError(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { code?: unknown }).code : undefined;
  if (isErrorCode(code)) return ERROR_MESSAGES[code];
  if (typeof code === "string" && LOCAL_MESSAGES[code]) return LOCAL_MESSAGES[code];
  if (err instanceof Error && err.message) return err.message;
  return "Something went wrong. Please try again.";
}
