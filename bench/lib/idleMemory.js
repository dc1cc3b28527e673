/**
 * Idle memory: the gc'd heap of a bare Node HTTP server and of Sanctuary at rest, then
 * of Sanctuary holding idle members in rooms of `IDLE_ROOM_SIZE`.
 */
import { performance } from "node:perf_hooks";
import { IDLE_ROOM_SIZE, KiB, MiB, plan } from "./plan.js";
import { startChild } from "./processes.js";
import { round, sleep } from "./stats.js";
import { split } from "./workers.js";

/**
 * @typedef {import("./processes.js").Child} Child
 * @typedef {import("./workers.js").LoadWorker} LoadWorker
 */

/** @param {{memory: NodeJS.MemoryUsage}} u */
export const mem = (u) => ({
  heapUsed: u.memory.heapUsed,
  heapTotal: u.memory.heapTotal,
  rss: u.memory.rss,
  external: u.memory.external,
  arrayBuffers: u.memory.arrayBuffers,
});

/** Several gc'd samples: the median heap, and the spread as the noise. */
export async function settledHeap(/** @type {Child} */ child, samples = 3) {
  const values = [];
  let last;
  for (let i = 0; i < samples; i++) {
    last = await child.usage(true);
    values.push(last.memory.heapUsed);
  }
  values.sort((a, b) => a - b);
  const spaces = last?.spaces ?? {};
  return {
    heapUsed: values[Math.floor(values.length / 2)] ?? 0,
    spread: (values[values.length - 1] ?? 0) - (values[0] ?? 0),
    memory: mem(/** @type {{memory: NodeJS.MemoryUsage}} */ (last)),
    /** JIT code (grows while hot paths get optimised; not a leak) and everything else. */
    codeBytes: (spaces.code_space ?? 0) + (spaces.code_large_object_space ?? 0),
  };
}

/**
 * How long both idle processes are left alone before the idle figures are read: V8's
 * memory reducer gives back the start-up's young generation and unused pages about 8 s
 * after a process goes quiet, so RSS read sooner measures the start, not the idle.
 */
export const IDLE_SETTLE_MS = 12_000;

/**
 * The bare Node HTTP server and Sanctuary (already started), each read just after the
 * start and again once both have idled `IDLE_SETTLE_MS`; the bare one is stopped.
 * @param {Child} server
 */
export async function idleBoth(server) {
  const http = await startChild("./httpProbe.js");
  await sleep(300);
  const fresh = { http: await settledHeap(http), server: await settledHeap(server) };
  await sleep(IDLE_SETTLE_MS);
  const settled = { http: await settledHeap(http), server: await settledHeap(server) };
  await http.stop();
  return { fresh, settled };
}

/**
 * @param {Child} server
 * @param {LoadWorker[]} workers
 */
export async function idleMembers(server, workers) {
  // Warm up: first connections load lazily required modules and grow pools once.
  const shares = split(4, workers.length);
  await Promise.all(
    workers.map((w, i) =>
      (shares[i] ?? 0) > 0
        ? w.call("setup", {
            kind: "sanctuary",
            url: server.url,
            rooms: shares[i],
            members: 10,
            concurrency: 4,
          })
        : null,
    ),
  );
  await Promise.all(workers.map((w) => w.call("teardown")));
  // Settled like every point below, so that no point gains from a base read mid-burst.
  await sleep(IDLE_SETTLE_MS);
  const base = await settledHeap(server);
  const points = [];
  let connected = 0;
  for (const count of plan.idleCounts) {
    const rooms = Math.ceil((count - connected) / IDLE_ROOM_SIZE);
    const roomShares = split(rooms, workers.length);
    const t0 = performance.now();
    await Promise.all(
      workers.map((w, i) =>
        (roomShares[i] ?? 0) > 0
          ? w.call("setup", {
              kind: "sanctuary",
              url: server.url,
              rooms: roomShares[i],
              members: IDLE_ROOM_SIZE,
              concurrency: 8,
            })
          : null,
      ),
    );
    const joinSeconds = (performance.now() - t0) / 1000;
    connected += rooms * IDLE_ROOM_SIZE;
    await sleep(500);
    const joined = await settledHeap(server);
    // Idle members, like the idle server: RSS read right after the burst of joins
    // measures the burst (the young generation grown to its cap, freed malloc chunks),
    // so it is read again once the server has been quiet long enough for V8's memory
    // reducer; both are kept.
    await sleep(IDLE_SETTLE_MS);
    const at = await settledHeap(server);
    points.push({
      members: connected,
      rooms: connected / IDLE_ROOM_SIZE,
      joinsPerSec: round((rooms * IDLE_ROOM_SIZE) / joinSeconds, 1),
      heapUsed: at.heapUsed,
      rss: at.memory.rss,
      rssJustJoined: joined.memory.rss,
      heapPerMemberBytes: Math.round((at.heapUsed - base.heapUsed) / connected),
      rssPerMemberBytes: Math.round((at.memory.rss - base.memory.rss) / connected),
    });
    process.stdout.write(
      `  idle      ${connected} members: +${round((at.heapUsed - base.heapUsed) / MiB)} MiB heap, ${round((at.heapUsed - base.heapUsed) / connected / KiB)} KiB/member; RSS ${round((at.memory.rss - base.memory.rss) / connected / 1000)} KB/member (${round((joined.memory.rss - base.memory.rss) / connected / 1000)} just after the joins)\n`,
    );
  }
  await Promise.all(workers.map((w) => w.call("teardown")));
  await sleep(500);
  const after = await settledHeap(server);
  return {
    roomSize: IDLE_ROOM_SIZE,
    baseHeapUsed: base.heapUsed,
    baseRss: base.memory.rss,
    points,
    heapAfterAllLeft: after.heapUsed,
  };
}
