import {
  type Ack,
  type AckOf,
  ackError,
  type Domain,
  ERROR_MESSAGES,
  type ErrorCode,
  type NotifyName,
  type PayloadOf,
  type RequestName,
} from "@sanctuary/protocol";
import { SharedListeners } from "./sharedListeners.js";

/**
 * A refusal a handler throws: the router answers `{ok: false, code, message}`. Any
 * other throw or rejection is answered `INTERNAL`, saying nothing about what broke.
 *
 * @example
 * if (room.ownerId !== memberId) throw new ProtocolError("NOT_OWNER");
 */
export class ProtocolError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string = ERROR_MESSAGES[code]) {
    super(message);
    this.code = code;
  }
}

/** An ack value with work to do once the ack is on its way (see `afterAck`). */
export class AfterAck<A extends object> {
  readonly #brand = true;
  readonly value: A;
  readonly after: () => void | Promise<void>;
  constructor(value: A, after: () => void | Promise<void>) {
    this.value = value;
    this.after = after;
  }
  /** True for an `AfterAck` (the brand keeps look-alike objects out). */
  static is(value: unknown): value is AfterAck<object> {
    return typeof value === "object" && value !== null && #brand in value;
  }
}

/**
 * Acknowledges with `value`, then runs `after`: for work the client must hear about
 * only after its own answer (a purge ends the room, an exit disconnects). Whatever
 * `after` throws is swallowed; the ack has already gone.
 *
 * @example
 * return afterAck({}, () => socket.disconnect());
 */
export function afterAck<A extends object>(value: A, after: () => void | Promise<void>): AfterAck<A> {
  return new AfterAck(value, after);
}

/** What a request handler returns: its ack's success fields, maybe with work for after. */
export type Reply<A extends object> = A | AfterAck<A>;

/**
 * Handles a request: its return value is the ack (`{ok: true, ...value}`), a throw is a
 * refusal. A synchronous handler is answered synchronously.
 */
export type RequestHandler<P, A extends object, S> = (payload: P, socket: S) => Reply<A> | Promise<Reply<A>>;

/**
 * Handles a fire-and-forget event: it returns nothing. (The union keeps TypeScript from
 * accepting any return value as it would for a plain `void`, so a handler that returns
 * an ack nobody would receive does not compile.)
 */
export type NotifyHandler<P, S> = (payload: P, socket: S) => void | Promise<void>;

/**
 * One handler for every client → server event of protocol `D`, and nothing else: a
 * missing handler, an unknown event name, a wrong payload type or a wrong ack shape
 * fails to compile. `S` is the socket the handlers receive.
 */
export type Handlers<D extends Domain, S> = {
  [E in keyof D["toServer"] & string]: E extends RequestName<D>
    ? RequestHandler<PayloadOf<D["toServer"][E]>, AckOf<D["toServer"][E]>, S>
    : E extends NotifyName<D>
      ? NotifyHandler<PayloadOf<D["toServer"][E]>, S>
      : never;
};

/**
 * A listener as Socket.IO calls it: the socket as `this`, the raw arguments off the
 * wire (anything a client sent). Only the router sees these.
 */
type WireListener<S> = (this: S, ...args: unknown[]) => void;

export interface Router<S> {
  /** Adds every event's listener to `socket`; the listeners are shared by all sockets. */
  attach(socket: S): void;
}

/**
 * Routes a protocol's client events to their handlers, so nothing reaches a handler
 * unchecked:
 * - a request without an ack function as its last argument is dropped (nobody to answer);
 * - extra arguments, or a payload failing the event's schema → `INVALID`, naming the
 *   failing path but never echoing the input; a malformed fire-and-forget event is
 *   dropped silently. Both call `onInvalid` (which charges the sender);
 * - the handler's return value is the ack; a `ProtocolError` is answered with its code,
 *   any other throw or rejection with `INTERNAL`; nothing escapes to crash the process;
 * - each request is answered at most once.
 *
 * The listeners are made once, here, not per socket: Socket.IO calls a listener with
 * the socket as `this`, which the router hands to the handler and to `onInvalid`. A
 * member costs listener entries, not closures.
 *
 * @example
 * const router = createRouter(roomProtocol, roomHandlers(deps), penalize);
 * nsp.on("connection", (socket) => router.attach(socket));
 */
export function createRouter<D extends Domain, S>(
  protocol: D,
  handlers: Handlers<D, S>,
  onInvalid: (socket: S) => void,
): Router<S> {
  const listeners: Array<[string, WireListener<S>]> = Object.entries(protocol.toServer).map(
    ([event, def]) => {
      const handler = (handlers as Record<string, AnyHandler<S>>)[event];
      if (typeof handler !== "function") throw new Error(`router: no handler for "${event}"`);
      const listener = def.ack
        ? requestListener(def.payload, handler, onInvalid)
        : notifyListener(def.payload, handler, onInvalid);
      return [event, listener];
    },
  );
  // One table of listeners for every socket, not an entry per event per socket.
  const shared = new SharedListeners(listeners);
  return {
    attach(socket) {
      shared.addTo(socket as object);
    },
  };
}

/**
 * The part of a protocol (zod) schema the router uses, described structurally so the
 * server does not depend on zod itself.
 */
interface PayloadSchema {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[] }> } };
}

type AnyHandler<S> = (payload: unknown, socket: S) => unknown;

function requestListener<S>(
  schema: PayloadSchema,
  handler: AnyHandler<S>,
  onInvalid: (socket: S) => void,
): WireListener<S> {
  return function (this: S, ...args: unknown[]) {
    const clientAck = args[args.length - 1];
    if (typeof clientAck !== "function") {
      onInvalid(this);
      return;
    }
    let answered = false;
    const ack = (res: Ack<object>) => {
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
    const reply = (value: unknown) => {
      if (AfterAck.is(value)) {
        ack({ ok: true, ...value.value });
        runSafely(value.after, () => {});
        return;
      }
      ack({ ok: true, ...(value as object) });
    };
    const refuse = (err: unknown) => ack(refusal(err));
    let result: unknown;
    try {
      result = handler(parsed.data, this);
    } catch (err) {
      refuse(err);
      return;
    }
    // Only a handler that awaited something answers later; `msg:send` does not.
    if (result instanceof Promise) result.then(reply, refuse);
    else reply(result);
  };
}

function notifyListener<S>(
  schema: PayloadSchema,
  handler: AnyHandler<S>,
  onInvalid: (socket: S) => void,
): WireListener<S> {
  return function (this: S, ...args: unknown[]) {
    // No ack function may come with it: one more argument is malformed too.
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

/** The answer to a handler that threw or rejected. */
function refusal(err: unknown): Ack<object> {
  return err instanceof ProtocolError ? ackError(err.code, err.message) : ackError("INTERNAL");
}

/** Runs a sync or async function; any throw or rejection goes to `onError`, never further. */
export function runSafely(fn: () => unknown, onError: () => void): void {
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
