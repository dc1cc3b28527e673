import type {
  ClientEventsOf,
  Domain,
  LobbyProtocol,
  PushPayload,
  RequestAck,
  RequestName,
  RequestPayload,
  RoomProtocol,
  ServerEventsOf,
} from "@sanctuary/protocol";
import { ackReplySchema, isErrorCode } from "@sanctuary/protocol";
import type { Socket } from "socket.io-client";
import { SanctuaryError } from "./errors.js";

/**
 * The SDK's boundary with the server. Requests are typed by the protocol's definitions
 * (a wrong event name or payload does not compile) and their acknowledgements parsed
 * with the event's ack schema; every server → client payload is parsed with its schema
 * here, once, so nothing behind this file ever sees an unchecked value.
 */

/** How long a request waits for its acknowledgement before it counts as a network failure. */
export const ACK_TIMEOUT_MS = 10_000;

/** Where a typed socket keeps the protocol it speaks, for its ack and push schemas. */
const spoken: unique symbol = Symbol("sanctuary.protocol");

/**
 * A socket.io socket typed by protocol `P`. The protocol rides along at runtime, so a
 * room socket and a lobby socket are different types, and `request` and `subscribe`
 * find the schemas of the socket they are given.
 */
export type ProtocolSocket<P extends Domain> = Socket<ServerEventsOf<P>, ClientEventsOf<P>> & {
  readonly [spoken]: P;
};
export type RoomSocket = ProtocolSocket<RoomProtocol>;
export type LobbySocket = ProtocolSocket<LobbyProtocol>;

/** The names of the events a server pushes on a `P` socket. */
export type PushName<P extends Domain> = keyof P["toClient"] & string;

/** Handlers for pushed events, by name, each taking the parsed payload. */
export type PushHandlers<P extends Domain> = {
  readonly [E in PushName<P>]?: (payload: PushPayload<P, E>) => void;
};

/** Types `socket` as speaking `protocol`. */
export function speaking<P extends Domain>(socket: Socket, protocol: P): ProtocolSocket<P> {
  Object.defineProperty(socket, spoken, { value: protocol });
  return socket as unknown as ProtocolSocket<P>;
}

/** The plain socket.io view, for the calls whose generic typing cannot follow a name. */
function untyped(socket: object): Socket {
  return socket as unknown as Socket;
}

/** The reply schema of each request's ack schema, built once. */
const replySchemas = new WeakMap<object, ReturnType<typeof ackReplySchema>>();

/**
 * Emits request `event` and waits for its acknowledgement. Resolves with the success
 * fields; rejects with the server's code, NETWORK on timeout or disconnect, and
 * INTERNAL when the reply does not match the event's ack schema.
 *
 * @example
 * const { id, ts } = await request(roomSocket, "msg:send", { env });
 */
export async function request<P extends Domain, E extends RequestName<P>>(
  socket: ProtocolSocket<P>,
  event: E,
  payload: RequestPayload<P, E>,
): Promise<RequestAck<P, E>> {
  const ack = socket[spoken].toServer[event]?.ack;
  if (!ack) throw new SanctuaryError("INTERNAL", `"${event}" is not a request.`);
  let schema = replySchemas.get(ack);
  if (!schema) {
    schema = ackReplySchema(ack);
    replySchemas.set(ack, schema);
  }
  let raw: unknown;
  try {
    raw = await untyped(socket).timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
  } catch {
    throw new SanctuaryError("NETWORK", "The server did not answer in time.");
  }
  const reply = schema.safeParse(raw).data;
  if (!reply) throw new SanctuaryError("INTERNAL", "The server sent a malformed reply.");
  if (reply.ok) return reply as unknown as RequestAck<P, E>;
  throw new SanctuaryError(isErrorCode(reply.code) ? reply.code : "INTERNAL", reply.message);
}

export interface SubscribeOptions {
  /** While this says false, every push is ignored (a session that has ended). */
  active?(): boolean;
  /** Told the name of each event that arrived malformed and was dropped. */
  onMalformed?(event: string): void;
}

/**
 * Subscribes `handlers` to the server's pushes on `socket`. Each payload is parsed with
 * its event's schema first; one that fails is dropped, and a handler that throws is
 * contained, so a misbehaving server can neither crash the client nor feed it a shape
 * it did not expect. Returns the function that unsubscribes them all.
 */
export function subscribe<P extends Domain>(
  socket: ProtocolSocket<P>,
  handlers: PushHandlers<P>,
  options: SubscribeOptions = {},
): () => void {
  const defs = socket[spoken].toClient;
  const raw = untyped(socket);
  const offs: Array<() => void> = [];
  for (const [event, handler] of Object.entries(handlers) as Array<[string, (payload: unknown) => void]>) {
    const schema = defs[event]?.payload;
    if (!schema) continue;
    const listener = (payload: unknown) => {
      if (options.active && !options.active()) return;
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        options.onMalformed?.(event);
        return;
      }
      try {
        handler(parsed.data);
      } catch {
        // Never thrown into socket.io's packet loop: the next packet must still arrive.
      }
    };
    raw.on(event, listener);
    offs.push(() => raw.off(event, listener));
  }
  return () => {
    for (const off of offs) off();
  };
}
