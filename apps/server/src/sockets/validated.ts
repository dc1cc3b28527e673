import { type AckFn, ackError, ERROR_MESSAGES } from "@sanctuary/protocol";
/**
 * The part of a protocol (zod) schema the wrapper uses, described structurally so the
 * server does not depend on zod itself.
 */
export interface PayloadSchema<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[] }> } };
}

/** `socket` is the listener's `this`: Socket.IO calls listeners on the socket. */
type Handler<P, R extends object, S> = (payload: P, ack: AckFn<R>, socket: S) => void | Promise<void>;

/**
 * Wraps an acknowledged event handler so that nothing reaches it unchecked:
 * - no ack function as the last argument → dropped silently (nobody to answer);
 * - payload failing the protocol schema, or extra arguments → `INVALID` ack, never
 *   echoing the input, and `onInvalid` (which charges the sender rate-limit points);
 * - handler throwing or rejecting → `INTERNAL` ack; nothing escapes to crash the process.
 * The ack given to the handler answers at most once.
 *
 * The wrapper passes its `this` (the socket, when Socket.IO calls it as a listener) to
 * `handler` and `onInvalid`, so one wrapper can serve every socket: no closures per
 * connection.
 *
 * @example
 * socket.on("msg:send", validated(msgSendSchema, async ({ env }, ack) => ack(ackOk({ id, ts }))));
 */
export function validated<T, R extends object, S = unknown>(
  schema: PayloadSchema<T>,
  handler: Handler<T, R, S>,
  onInvalid: (socket: S) => void = () => {},
): (this: S, ...args: unknown[]) => void {
  return function (this: S, ...args: unknown[]) {
    const clientAck = args[args.length - 1];
    if (typeof clientAck !== "function") {
      onInvalid(this);
      return;
    }
    let answered = false;
    const ack: AckFn<R> = (res) => {
      if (answered) return;
      answered = true;
      try {
        clientAck(res);
      } catch {
        // An ack that cannot be sent (socket gone) is nothing to act on.
      }
    };
    if (args.length !== 2) {
      onInvalid(this);
      ack(ackError("INVALID"));
      return;
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      onInvalid(this);
      ack(ackError("INVALID", invalidMessage(parsed.error)));
      return;
    }
    runSafely(
      () => handler(parsed.data, ack, this),
      () => ack(ackError("INTERNAL")),
    );
  };
}

/**
 * The same checks for an event that takes no acknowledgement (`typing`): anything
 * malformed is dropped silently, since there is nobody to tell (but `onInvalid` still
 * charges the sender).
 */
export function validatedNoAck<T, S = unknown>(
  schema: PayloadSchema<T>,
  handler: (payload: T, socket: S) => void | Promise<void>,
  onInvalid: (socket: S) => void = () => {},
): (this: S, ...args: unknown[]) => void {
  return function (this: S, ...args: unknown[]) {
    const parsed = args.length === 1 ? schema.safeParse(args[0]) : undefined;
    if (!parsed?.success) {
      onInvalid(this);
      return;
    }
    runSafely(
      () => handler(parsed.data, this),
      () => {},
    );
  };
}

/** Runs a sync or async function; any throw or rejection goes to `onError`, never further. */
export function runSafely(fn: () => void | Promise<void>, onError: () => void): void {
  try {
    const result = fn();
    if (result instanceof Promise) result.catch(onError);
  } catch {
    onError();
  }
}

/**
 * Names where the payload went wrong (schema paths are the schema's own keys, never
 * the client's), without repeating any value the client sent.
 */
function invalidMessage(error: { issues: ReadonlyArray<{ path: PropertyKey[] }> }): string {
  const path = error.issues[0]?.path.map(String).join(".");
  return path ? `${ERROR_MESSAGES.INVALID} Check "${path}".` : ERROR_MESSAGES.INVALID;
}
