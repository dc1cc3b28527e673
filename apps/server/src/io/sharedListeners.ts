import { EventEmitter } from "node:events";

/** A listener as an emitter calls it: the emitter as `this`. */
type Listener = (this: never, ...args: never[]) => void;

/** What `addTo` uses of an emitter when the shared table cannot be used. */
interface Emitter {
  on(event: string, listener: Listener): unknown;
}

/** The two fields of Node's EventEmitter that hold its listeners. */
interface EmitterFields {
  _events?: unknown;
  _eventsCount?: unknown;
}

/**
 * The same listeners for many emitters, held once. Node's EventEmitter keeps an
 * emitter's listeners in its own `_events` object, created without a prototype, so V8
 * stores it as a hash table: with a dozen events that is about 0.8 KiB per emitter
 * (per member, for a room's socket), all of it pointers to functions every socket
 * shares. Here each emitter's `_events` gets the shared table as its prototype instead:
 * `emit`, `listeners`, `listenerCount` and `on` all read `_events[event]`, so they find
 * the shared listeners through it, and an emitter's own listeners (added before or
 * after, on any event) are its own properties as before.
 *
 * Shared listeners are for the emitter's whole life: `removeListener` cannot take one
 * away (nothing here does), `removeAllListeners()` drops them with the rest, and
 * `eventNames()` lists only the emitter's own events. When Node's emitter does not
 * behave as expected (checked once, at load) or an emitter already has its own listener
 * for one of the events, `addTo` falls back to `on` for each, which is equivalent.
 *
 * @example
 * const listeners = new SharedListeners([["msg:send", onSend]]);
 * nsp.on("connection", (socket) => listeners.addTo(socket));
 */
export class SharedListeners {
  readonly #entries: ReadonlyArray<readonly [string, Listener]>;
  readonly #table: Record<string, Listener>;

  constructor(entries: ReadonlyArray<readonly [string, Listener]>) {
    this.#entries = entries;
    this.#table = Object.create(null) as Record<string, Listener>;
    for (const [event, listener] of entries) this.#table[event] = listener;
  }

  /** Adds every listener to `emitter`, as `emitter.on(event, listener)` would. */
  addTo(target: object): void {
    const emitter = target as Emitter;
    const fields = target as EmitterFields;
    const own = fields._events;
    if (
      !TABLE_WORKS ||
      typeof own !== "object" ||
      own === null ||
      Object.getPrototypeOf(own) !== null ||
      typeof fields._eventsCount !== "number" ||
      this.#entries.some(([event]) => Object.hasOwn(own, event))
    ) {
      for (const [event, listener] of this.#entries) emitter.on(event, listener);
      return;
    }
    const events = Object.create(this.#table) as Record<PropertyKey, unknown>;
    for (const key of Reflect.ownKeys(own)) events[key] = (own as Record<PropertyKey, unknown>)[key];
    fields._events = events;
    // Counted, so removing the emitter's last own listener never resets `_events`.
    fields._eventsCount += this.#entries.length;
  }
}

/** Whether this Node's EventEmitter finds listeners through `_events`' prototype. */
const TABLE_WORKS = ((): boolean => {
  try {
    const calls: string[] = [];
    const emitter = new EventEmitter();
    emitter.on("own", () => calls.push("own"));
    const fields = emitter as EmitterFields;
    if (typeof fields._events !== "object" || fields._events === null) return false;
    if (Object.getPrototypeOf(fields._events) !== null || typeof fields._eventsCount !== "number")
      return false;
    const table = Object.create(null) as Record<string, Listener>;
    table.shared = function (this: EventEmitter, value: string) {
      calls.push(this === emitter ? `shared ${value}` : "wrong this");
    } as Listener;
    const events = Object.create(table) as Record<PropertyKey, unknown>;
    for (const key of Reflect.ownKeys(fields._events))
      events[key] = (fields._events as Record<PropertyKey, unknown>)[key];
    fields._events = events;
    fields._eventsCount += 1;
    emitter.on("shared", () => calls.push("added"));
    emitter.emit("shared", "x");
    emitter.emit("own");
    return (
      calls.join() === "shared x,added,own" &&
      emitter.listenerCount("shared") === 2 &&
      emitter.listeners("shared")[0] === table.shared
    );
  } catch {
    return false;
  }
})();
