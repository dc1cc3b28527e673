/**
 * The bench's side of a measured child process (the Sanctuary server, the bare HTTP
 * server, the bare relay): answers `{type: "usage", id, gc}` over the fork IPC channel
 * with `process.memoryUsage()` (after full garbage collections when asked; the child
 * runs with `--expose-gc`), `process.cpuUsage()`, V8's used size per heap space and the main thread's event-loop
 * utilisation (cumulative; the bench takes differences). The child exits when the bench
 * goes away, so nothing outlives a run.
 */

import { performance } from "node:perf_hooks";
import { getHeapSpaceStatistics } from "node:v8";

/** Full, synchronous collections with a turn of the event loop between them. */
async function collect() {
  const gc = /** @type {undefined | (() => void)} */ (globalThis.gc);
  if (!gc) return false;
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

/**
 * @param {() => void} [onDisconnect] how to stop when the bench disconnects (default: exit)
 */
export function answerProbes(onDisconnect = () => process.exit(0)) {
  process.on("message", (message) => {
    const msg = /** @type {{type?: string, id?: number, gc?: boolean}} */ (message);
    if (msg?.type !== "usage") return;
    const reply = async () => {
      const collected = msg.gc ? await collect() : false;
      process.send?.({
        id: msg.id,
        collected,
        memory: process.memoryUsage(),
        cpu: process.cpuUsage(),
        elu: performance.eventLoopUtilization(),
        spaces: Object.fromEntries(getHeapSpaceStatistics().map((sp) => [sp.space_name, sp.space_used_size])),
      });
    };
    void reply();
  });
  process.on("disconnect", onDisconnect);
}
