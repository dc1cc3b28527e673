/**
 * Room churn: create → join → leave → purge cycles in parallel loops, with the server's
 * gc'd heap read after a warm-up, half-way and at the end.
 */

import { settledHeap } from "./idleMemory.js";
import { CHURN_NOISE_BYTES, KiB, plan } from "./plan.js";
import { round, sleep } from "./stats.js";
import { split } from "./workers.js";

/**
 * @typedef {import("./processes.js").Child} Child
 * @typedef {import("./workers.js").LoadWorker} LoadWorker
 */

/**
 * Create → join (owner and a guest, each on its own new connection, as the SDK does) →
 * the guest leaves (`member:exit`) → the owner purges (`room:purge`), in parallel loops.
 * Heap (after gc) is read after a warm-up, half-way and at the end.
 * @param {Child} server
 * @param {LoadWorker[]} workers
 */
export async function roomChurn(server, workers) {
  const concurrency = 8;
  const batch = async (/** @type {number} */ cycles) => {
    const shares = split(cycles, workers.length);
    const results = await Promise.all(
      workers.map((w, i) => w.call("churn", { url: server.url, cycles: shares[i], concurrency })),
    );
    return {
      cycles: results.reduce((n, r) => n + r.cycles, 0),
      errors: results.reduce((n, r) => n + r.errors, 0),
      seconds: Math.max(...results.map((r) => r.seconds)),
    };
  };
  // Warm-up: the gc'd heap keeps moving for the first thousand cycles or so while hot
  // paths are compiled and pools and hash tables reach their working size.
  const warmup = await batch(plan.churnWarmup);
  await sleep(300);
  const before = await settledHeap(server);
  const first = await batch(Math.floor(plan.churnCycles / 2));
  await sleep(300);
  const mid = await settledHeap(server);
  const second = await batch(plan.churnCycles - Math.floor(plan.churnCycles / 2));
  await sleep(300);
  const after = await settledHeap(server);
  const cycles = first.cycles + second.cycles;
  const errors = first.errors + second.errors;
  const seconds = first.seconds + second.seconds;
  const growth = after.heapUsed - before.heapUsed;
  process.stdout.write(
    `  churn     ${cycles} cycles in ${round(seconds, 1)} s (${errors} errors): heap ${round(growth / KiB, 1)} KiB after vs before (${round((after.heapUsed - mid.heapUsed) / KiB, 1)} KiB in the second half, ${round((after.codeBytes - before.codeBytes) / KiB, 1)} KiB of it JIT code)\n`,
  );
  return {
    cycles,
    errors,
    warmupCycles: warmup.cycles,
    seconds: round(seconds, 2),
    cyclesPerSec: round(cycles / seconds, 1),
    roomsCreatedPerSec: round(cycles / seconds, 1),
    joinsPerSec: round((2 * cycles) / seconds, 1),
    roomsPurgedPerSec: round(cycles / seconds, 1),
    heapBefore: before.heapUsed,
    heapMid: mid.heapUsed,
    heapAfter: after.heapUsed,
    heapGrowthBytes: growth,
    heapGrowthSecondHalfBytes: after.heapUsed - mid.heapUsed,
    codeGrowthBytes: after.codeBytes - before.codeBytes,
    nonCodeGrowthBytes: after.heapUsed - after.codeBytes - (before.heapUsed - before.codeBytes),
    heapGrowthPerCycleBytes: round(growth / Math.max(1, cycles), 1),
    noiseBytes: CHURN_NOISE_BYTES,
  };
}
