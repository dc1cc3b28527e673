/**
 * A tiny typed event emitter. `on()` returns its own unsubscribe function, which suits
 * React effects. A listener that throws is isolated: the error is reported (the
 * browser's `reportError`, else `console.error`) and the other listeners and the
 * session carry on, because a UI bug must not silently stop messages arriving.
 */
// biome-ignore lint/suspicious/noExplicitAny: listener maps have arbitrary signatures
type ListenerMap<Events> = { [E in keyof Events]: (...args: any[]) => void };

const HOLD_LIMIT = 1000;

export class Emitter<Events extends ListenerMap<Events>> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();
  /** Events emitted while held, delivered in order once someone subscribes. */
  private held: Array<() => void> | null = null;
  private releaseScheduled = false;

  /**
   * Queues events until the first `on()`, then delivers them one microtask later, so
   * every listener subscribed in the same synchronous block receives them. A session
   * is built inside the socket's welcome handler, before the caller's `await` resumes
   * and subscribes; holding keeps an event arriving in that gap from going unheard.
   * At most `HOLD_LIMIT` events are kept (the oldest go) should nobody ever subscribe.
   */
  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const queued = this.held;
    this.held = null;
    for (const deliver of queued ?? []) deliver();
  }

  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    if (this.held && !this.releaseScheduled) {
      this.releaseScheduled = true;
      void Promise.resolve().then(() => this.release());
    }
    return () => {
      this.listeners.get(event)?.delete(listener);
    };
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    if (this.held) {
      this.held.push(() => this.emit(event, ...args));
      if (this.held.length > HOLD_LIMIT) this.held.shift();
      return;
    }
    const set = this.listeners.get(event);
    if (!set) return;
    // Copy, so a listener that unsubscribes (or subscribes) while we iterate is safe.
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (err) {
        reportListenerError(err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
    this.held = null;
  }
}

/** Reports without throwing: `reportError` reaches window.onerror like an uncaught error. */
function reportListenerError(err: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === "function") report(err);
  else console.error(err);
}
