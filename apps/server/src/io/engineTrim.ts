/**
 * What engine.io and ws keep for every WebSocket connection but never use again once it
 * is open, trimmed when engine.io announces the connection. Each step checks the shape
 * it expects and leaves anything else as it was, so another engine.io or ws version
 * only loses the saving.
 */

type Listener = (...args: unknown[]) => void;

/** The part of an emitter (engine.io's socket and transport, ws's WebSocket) used here. */
interface Emitter {
  listeners(event: string): Listener[];
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
 * turns it back into a table.
 */
export function compactListeners(emitter: object): void {
  const fields = emitter as { _events?: unknown };
  const own = fields._events;
  if (typeof own !== "object" || own === null || Object.getPrototypeOf(own) !== null) return;
  const events = Object.create(NO_LISTENERS) as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(own)) events[key] = (own as Record<PropertyKey, unknown>)[key];
  fields._events = events;
}

/**
 * Trims a new engine.io connection whose transport is a WebSocket (polling connections
 * are left alone):
 * - the transport's "headers" listener (engine.io adds it to answer polling requests;
 *   a WebSocket transport never emits "headers"), a closure per connection;
 * - engine.io's `onUpgradeError` on the ws socket, a no-op kept for errors before the
 *   transport existed: the transport's own "error" listener handles them now;
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
    compactListeners(ws);
  }
  compactListeners(transport);
  compactListeners(conn);
}
