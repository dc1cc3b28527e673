import type { ClientErrorCode } from "./types.js";

/**
 * Every failure the SDK reports to its caller. `code` is the server's error code
 * (WRONG_PASSWORD, ALIAS_TAKEN, …) or a local one (NETWORK, BAD_INPUT, CLOSED), so
 * the UI can pick its words by code and show `message` as a fallback.
 */
export class SanctuaryError extends Error {
  readonly code: ClientErrorCode;
  /** With BANNED: how long (ms) until the person kicked may try again (F21). */
  readonly retryAfterMs: number | undefined;

  constructor(code: ClientErrorCode, message: string, details: { retryAfterMs?: number } = {}) {
    super(message);
    this.name = "SanctuaryError";
    this.code = code;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** An envelope that failed its MAC, would not decrypt or had the wrong shape. */
export class EnvelopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EnvelopeError";
  }
}
