/**
 * A tiny typed event emitter. `on()` returns its own unsubscribe function, which suits
 * React effects. A listener that throws is isolated: the error is reported (the
 * browser's `reportError`, else `console.error`) and the other listeners and the
 * session carry on, because a UI bug must not silently stop messages arriving.
 */
// biome-ignore lint/suspicious/noExplicitAny: listener maps have arbitrary signatures
type ListenerMap = { [event: string]: (...args: any[]) => void };

export class Emitter<Events extends ListenerMap> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<E extends keyof Events>(event: E, listener: Events[E]): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      this.listeners.get(event)?.delete(listener);
    };
  }

  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
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
  }
}

/** Reports without throwing: `reportError` reaches window.onerror like an uncaught error. */
function reportListenerError(err: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === "function") report(err);
  else console.error(err);
}
