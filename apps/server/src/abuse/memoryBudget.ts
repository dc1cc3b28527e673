/** How often the process's memory is read: cheap enough, and never per message. */
const SAMPLE_MS = 1000;

/**
 * The server's overall memory budget (docs/security.md, "Backpressure"): the
 * process's resident set is read on a timer, and while it is above `maxBytes` new work is refused (room creation, new
 * joins) so that what is already running keeps its room to breathe instead of the
 * operating system ending every room. Members already in are never disconnected for
 * it, and resumes still go through: they only take back a seat that exists.
 *
 * The resident set, not the V8 heap: the costly queues (socket write buffers, pre-
 * encoded frames) live outside the heap.
 *
 * @example
 * const budget = new MemoryBudget(384 * 2 ** 20);
 * if (budget.exceeded) throw new ProtocolError("SERVER_FULL");
 */
export class MemoryBudget {
  readonly #maxBytes: number;
  readonly #measure: () => number;
  readonly #timer: NodeJS.Timeout;
  #exceeded = false;

  constructor(maxBytes: number, measure: () => number = () => process.memoryUsage.rss()) {
    this.#maxBytes = maxBytes;
    this.#measure = measure;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), SAMPLE_MS);
    this.#timer.unref();
  }

  /** True while the last sample was above the budget. */
  get exceeded(): boolean {
    return this.#exceeded;
  }

  /** Stops sampling (server shutdown). */
  stop(): void {
    clearInterval(this.#timer);
  }

  #sample(): void {
    this.#exceeded = this.#measure() > this.#maxBytes;
  }
}
