/**
 * What engine.io, ws and Socket.IO keep for every connection but never use again once
 * it is up, trimmed: when engine.io announces a WebSocket connection, and when a room
 * socket is in. Each step checks the shape it expects and leaves anything else as it
 * was, so another version of those libraries only loses the saving.
 */

type Listener = (...args: unknown[]) => void;

/** The part of an emitter (engine.io's socket and transport, ws's WebSocket) used here. */
interface Emitter {
  listeners(event: string): Listener[];
  rawListeners(event: string): Array<Listener & { listener?: Listener }>;
  on(event: string, listener: Listener): unknown;
  removeListener(event: string, listener: Listener): unknown;
  removeAllListeners(event: string): unknown;
}

interface EngineConnection extends Emitter {
  transport?: (Emitter & { name?: string; socket?: unknown }) | undefined;
}

/** The prototype of compacted listener objects: empty and frozen, like no prototype at all. */
const NO_LISTENERS: object = Object.freeze(Object.create(null));

/**
 * Node creates an emitter's listener object without a prototype, which V8 keeps as a
 * hash table (several hundred bytes for a handful of events); the same entries copied
 * into an object whose prototype is an empty frozen one take a fraction of that. Every
 * lookup reads the same listeners; a later `delete` (a `once` listener firing) only
 * turns it back into a table. An event with several listeners holds them in an array
 * that V8 grew by 16 slots on its third `push`: it is copied to its exact length. An
 * emitter whose listener object already has a prototype (compacted, or given shared
 * listeners by `SharedListeners`) only has its arrays copied.
 */
export function compactListeners(emitter: object): void {
  const fields = emitter as { _events?: unknown };
  const own = fields._events as Record<PropertyKey, unknown> | undefined;
  if (typeof own !== "object" || own === null) return;
  const events =
    Object.getPrototypeOf(own) === null ? (Object.create(NO_LISTENERS) as Record<PropertyKey, unknown>) : own;
  for (const key of Reflect.ownKeys(own)) {
    const value = own[key];
    events[key] = Array.isArray(value) ? value.slice() : value;
  }
  fields._events = events;
}

/** An array a library only pushes to and reads, copied to its exact length. */
function exactArray(holder: Record<string, unknown> | undefined, key: string): void {
  const value = holder?.[key];
  if (holder && Array.isArray(value)) holder[key] = value.slice();
}

/**
 * Trims a room socket once it is connected and every listener of the server is on it:
 * the listener arrays of the socket and of its engine.io connection (which admission
 * just added to and took from), and the arrays Socket.IO pushed one entry to (the
 * socket's middleware list, the connection's decoder listeners, engine.io's cleanup
 * list), copied to their exact lengths.
 */
export function trimRoomSocket(socket: object): void {
  const sio = socket as {
    fns?: unknown;
    conn?: object;
    client?: { decoder?: { _callbacks?: Record<string, unknown> } };
  };
  compactListeners(socket);
  exactArray(sio as Record<string, unknown>, "fns");
  const callbacks = sio.client?.decoder?._callbacks;
  if (callbacks) for (const key of Object.keys(callbacks)) exactArray(callbacks, key);
  if (sio.conn) {
    compactListeners(sio.conn);
    exactArray(sio.conn as Record<string, unknown>, "cleanupFn");
  }
}

/**
 * Replaces `once` listeners of an event the emitter fires at most once with the plain
 * listeners, in the same order: each `once` costs a wrapper, a bound function and a
 * state object for as long as it waits. Only for events whose emitter guards against a
 * second emit (engine.io's socket and transport emit "close" only when not closed yet;
 * ws emits "close" once) or whose listeners are idempotent (engine.io's `onError`).
 */
function unwrapOnce(emitter: Emitter, event: string): void {
  const raw = emitter.rawListeners(event);
  if (!raw.some((l) => typeof l.listener === "function")) return;
  const plain = raw.map((l) => (typeof l.listener === "function" ? l.listener : l));
  emitter.removeAllListeners(event);
  for (const listener of plain) emitter.on(event, listener);
}

/**
 * Trims a new engine.io connection whose transport is a WebSocket (polling connections
 * are left alone):
 * - the transport's "headers" listener (engine.io adds it to answer polling requests;
 *   a WebSocket transport never emits "headers"), a closure per connection;
 * - engine.io's `onUpgradeError` on the ws socket, a no-op kept for errors before the
 *   transport existed: the transport's own "error" listener handles them now;
 * - `once` listeners for "close" (and the transport's "error"), which fire at most once
 *   anyway, made plain (`unwrapOnce`);
 * - the listener objects of the engine socket, the transport and the ws socket, compacted.
 */
export function trimWebSocketConnection(connection: object): void {
  const conn = connection as EngineConnection;
  const transport = conn.transport;
  if (transport?.name !== "websocket") return;
  transport.removeAllListeners("headers");
  const ws = transport.socket as Emitter | undefined;
  if (ws && typeof ws.listeners === "function") {
    const errorListeners = ws.listeners("error");
    const upgradeError = errorListeners.find((l) => l.name === "onUpgradeError");
    if (upgradeError && errorListeners.length > 1) ws.removeListener("error", upgradeError);
    unwrapOnce(ws, "close");
    compactListeners(ws);
  }
  unwrapOnce(transport, "close");
  unwrapOnce(transport, "error");
  unwrapOnce(conn, "close");
  compactListeners(transport);
  compactListeners(conn);
}
