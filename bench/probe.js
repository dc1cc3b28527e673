/**
 * The bench's side of a measured child process (the Sanctuary server, the bare HTTP
 * server, the bare relay): answers `{type: "usage", id, gc}` over the fork IPC channel
 * with `process.memoryUsage()` (after full garbage collections when asked; the child
 * runs with `--expose-gc`), `process.cpuUsage()`, V8's used size per heap space and the main thread's event-loop
 * utilisation (cumulative; the bench takes differences). The child exits when the bench
 * goes away, so nothing outlives a run.
 */

import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { Socket } from "node:net";
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
 * Writes handed to the kernel by TCP sockets (one `write` or `writev` each), counted by
 * wrapping Node's internal `Socket.prototype._writeGeneric` (Node 20), so the bench sees
 * how many writes a delivery costs. Only a counter: what is written is untouched.
 */
let socketWrites = 0;
const proto = /** @type {{_writeGeneric?: (...args: unknown[]) => unknown}} */ (
  /** @type {unknown} */ (Socket.prototype)
);
const writeGeneric = proto._writeGeneric;
if (typeof writeGeneric === "function") {
  proto._writeGeneric = function (/** @type {unknown[]} */ ...args) {
    socketWrites++;
    return writeGeneric.apply(this, args);
  };
}

/** The CPU profiler session of `{type: "profile"}` (bench/profileLoad.js), while it runs. */
let session = /** @type {Session | null} */ (null);

/**
 * Starts the CPU profiler (no `file`) or stops it and writes the profile to `file`, then
 * answers `{id}`: a profile of exactly the load the bench drives, without the start-up.
 * @param {number | undefined} id
 * @param {string | undefined} file
 */
function profile(id, file) {
  const done = () => process.send?.({ id });
  if (!file) {
    session = new Session();
    session.connect();
    session.post("Profiler.enable", () =>
      session?.post("Profiler.setSamplingInterval", { interval: 200 }, () =>
        session?.post("Profiler.start", done),
      ),
    );
    return;
  }
  session?.post("Profiler.stop", (err, result) => {
    if (!err) writeFileSync(file, JSON.stringify(result.profile));
    session?.disconnect();
    session = null;
    done();
  });
}

/**
 * @param {() => void} [onDisconnect] how to stop when the bench disconnects (default: exit)
 */
export function answerProbes(onDisconnect = () => process.exit(0)) {
  process.on("message", (message) => {
    const msg = /** @type {{type?: string, id?: number, gc?: boolean, file?: string}} */ (message);
    if (msg?.type === "profile") return void profile(msg.id, msg.file);
    if (msg?.type !== "usage") return;
    const reply = async () => {
      const collected = msg.gc ? await collect() : false;
      process.send?.({
        id: msg.id,
        collected,
        memory: process.memoryUsage(),
        cpu: process.cpuUsage(),
        socketWrites,
        elu: performance.eventLoopUtilization(),
        spaces: Object.fromEntries(getHeapSpaceStatistics().map((sp) => [sp.space_name, sp.space_used_size])),
      });
    };
    void reply();
  });
  process.on("disconnect", onDisconnect);
}
