import { ERROR_MESSAGES, type ErrorCode } from "./errors.js";

/** Every client request is acknowledged with one of these two shapes. */
export type AckOk<T extends object> = { ok: true } & T;
export type AckError = { ok: false; code: ErrorCode; message: string };
export type Ack<T extends object = Record<never, never>> = AckOk<T> | AckError;
export type AckFn<T extends object = Record<never, never>> = (res: Ack<T>) => void;

export function ackOk<T extends object>(value: T): AckOk<T> {
  return { ok: true, ...value };
}

export function ackError(code: ErrorCode, message: string = ERROR_MESSAGES[code]): AckError {
  return { ok: false, code, message };
}

/**
 * Data attached to a namespace-middleware refusal (`connect_error`'s `err.data`).
 * The client reads `code` to tell a wrong password from a taken alias.
 */
export type JoinRefusal = {
  code: ErrorCode;
  message: string;
  /** With BANNED: how long (ms) until the bar on this person ends (F21). */
  retryAfterMs?: number;
};
