/**
 * Fan-out at a given offered rate: one measured step (every worker sends its share;
 * latencies of every receipt; the server's, Redis's, the load generator's and other
 * processes' CPU around it) and the search for the highest rate with p99 under the limit.
 */
import { performance } from "node:perf_hooks";
import { MIN_DELIVERED, NOISY_CPU_PERCENT, P99_LIMIT_MS, plan } from "./plan.js";
import { machineBusySeconds, processCpuSeconds, quantile, round, sleep } from "./stats.js";

/**
 * @typedef {import("./processes.js").Child} Child
 * @typedef {import("./processes.js").Cluster} Cluster
 * @typedef {import("./workers.js").LoadWorker} LoadWorker
 */

/**
 * One step: every worker sends its share of `rate` for `stepMs`; the server's CPU time
 * is read around it.
 * @param {LoadWorker[]} workers
 * @param {Child | Cluster} target one server, or the nodes of a cluster and its Redis
 * @param {number[]} memberShares members per worker
 * @param {number} rate offered msg/s in total
 * @param {number} stepMs
 */
export async function step(workers, target, memberShares, rate, stepMs) {
  const totalMembers = memberShares.reduce((a, b) => a + b, 0);
  // A cluster (--nodes) is several server processes and a Redis.
  const nodes = Array.isArray(target) ? target : [target];
  const redisPid = Array.isArray(target) ? /** @type {{redisPid?: number}} */ (target).redisPid : undefined;
  const befores = await Promise.all(nodes.map((n) => n.usage()));
  const redis0 = redisPid === undefined ? null : processCpuSeconds(redisPid);
  const loadCpu0 = process.cpuUsage();
  const busy0 = machineBusySeconds();
  const t0 = performance.now();
  const results = await Promise.all(
    workers.map((w, i) =>
      w.call("fanout", {
        rate: (rate * (memberShares[i] ?? 0)) / totalMembers,
        durationMs: stepMs,
        drainMs: plan.drainMs,
        quietMs: 500,
      }),
    ),
  );
  const loadCpu = process.cpuUsage(loadCpu0);
  const busy1 = machineBusySeconds();
  const redis1 = redisPid === undefined ? null : processCpuSeconds(redisPid);
  const wall = (performance.now() - t0) / 1000;
  const afters = await Promise.all(nodes.map((n) => n.usage()));
  const perNode = afters.map((after, i) => {
    const before = /** @type {typeof after} */ (befores[i]);
    return {
      writes: (after.socketWrites ?? 0) - (before.socketWrites ?? 0),
      cpuMicros: after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system),
      systemMicros: after.cpu.system - before.cpu.system,
      elu: performance.eventLoopUtilization(after.elu, before.elu).utilization,
    };
  });
  // The busiest node's event loop (with one node, the server's).
  const serverElu = Math.max(...perNode.map((n) => n.elu));
  const redisCpuSeconds = redis0 === null || redis1 === null ? null : redis1 - redis0;
  const all = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
  let offset = 0;
  for (const r of results) {
    all.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  all.sort();
  const sent = results.reduce((n, r) => n + r.sent, 0);
  const expected = results.reduce((n, r) => n + r.expected, 0);
  const received = all.length;
  const seconds = Math.max(...results.map((r) => r.sendSeconds));
  const cpuMicros = perNode.reduce((n, node) => n + node.cpuMicros, 0);
  const p99 = quantile(all, 0.99);
  const deliveredShare = expected === 0 ? 0 : received / expected;
  const offeredOk = sent >= rate * seconds * 0.95;
  return {
    offeredMsgPerSec: rate,
    sentMsgPerSec: round(sent / seconds, 1),
    deliveredPerSec: round(received / seconds, 1),
    expected,
    received,
    deliveredShare: round(deliveredShare, 4),
    p50Ms: round(quantile(all, 0.5)),
    p95Ms: round(quantile(all, 0.95)),
    p99Ms: round(p99),
    maxMs: round(all[all.length - 1] ?? Number.NaN),
    serverCpuPercent: round((cpuMicros / (wall * 1e6)) * 100, 1),
    serverEventLoopUtilization: round(serverElu, 2),
    loadGeneratorCpuPercent: round(((loadCpu.user + loadCpu.system) / (wall * 1e6)) * 100, 1),
    otherProcessesCpuPercent:
      busy0 === null || busy1 === null
        ? null
        : round(
            Math.max(
              0,
              (busy1 - busy0 - (cpuMicros + loadCpu.user + loadCpu.system) / 1e6 - (redisCpuSeconds ?? 0)) /
                wall,
            ) * 100,
            1,
          ),
    ...(nodes.length > 1 || redisPid !== undefined
      ? {
          nodes: perNode.map((n) => ({
            cpuPercent: round((n.cpuMicros / (wall * 1e6)) * 100, 1),
            eventLoopUtilization: round(n.elu, 2),
          })),
          redisCpuPercent: redisCpuSeconds === null ? null : round((redisCpuSeconds / wall) * 100, 1),
        }
      : {}),
    cpuMicrosPerDelivered: received === 0 ? null : round(cpuMicros / received, 2),
    /** The part of it spent in the kernel (system time): the TCP writes and reads themselves. */
    systemMicrosPerDelivered:
      received === 0 ? null : round(perNode.reduce((n, node) => n + node.systemMicros, 0) / received, 2),
    /** TCP writes (syscalls) the server made per delivery: 1.25 without coalescing (4 frames and an ack per message). */
    writesPerDelivered:
      received === 0 ? null : round(perNode.reduce((n, node) => n + node.writes, 0) / received, 3),
    loadGeneratorEventLoopUtilization: results.map((r) => round(r.elu, 2)),
    pass: p99 < P99_LIMIT_MS && deliveredShare >= MIN_DELIVERED && offeredOk,
  };
}

/**
 * The fixed load, then the highest offered rate with p99 under the limit: doubling from
 * `firstRate` until a step fails (or `maxRate`), then bisecting `bisections` times.
 * @param {string} label
 * @param {LoadWorker[]} workers
 * @param {Child | Cluster} target
 * @param {number[]} memberShares
 * @param {<T>(fn: () => Promise<T>) => Promise<T>} exclusive runs one step at a time
 */
export async function latencySearch(label, workers, target, memberShares, exclusive) {
  /** @type {Array<Awaited<ReturnType<typeof step>> & {noisy?: boolean, retried?: boolean}>} */
  const steps = [];
  const run = async (/** @type {number} */ rate, stepMs = plan.stepMs) => {
    // The machine is shared: a failed step is tried again, `plan.retries` times, and a
    // failure while other processes took more than NOISY_CPU_PERCENT of the machine
    // does not count (up to NOISY_RETRIES more attempts). A pass is a pass.
    /** @type {Awaited<ReturnType<typeof step>> & {noisy?: boolean}} */
    let result;
    let failures = 0;
    let noisyFailures = 0;
    for (;;) {
      const attempt = await exclusive(async () => {
        const r = await step(workers, target, memberShares, rate, stepMs);
        const noisy = (r.otherProcessesCpuPercent ?? 0) > NOISY_CPU_PERCENT;
        const again = !r.pass && (noisy ? noisyFailures++ < plan.noisyRetries : failures++ < plan.retries);
        process.stdout.write(
          `  ${label.padEnd(9)} ${String(rate).padStart(6)} msg/s → ${String(r.deliveredPerSec).padStart(8)} deliveries/s  p99 ${String(r.p99Ms).padStart(7)} ms  server ELU ${r.nodes ? r.nodes.map((n) => n.eventLoopUtilization.toFixed(2)).join("/") : r.serverEventLoopUtilization.toFixed(2)}${r.nodes ? `  redis CPU ${String(r.redisCpuPercent).padStart(5)}%` : ""}  ${String(r.cpuMicrosPerDelivered).padStart(6)} µs/delivery ${String(r.writesPerDelivered).padStart(5)} writes/delivery  load CPU ${String(r.loadGeneratorCpuPercent).padStart(5)}%  others ${String(r.otherProcessesCpuPercent).padStart(5)}%  ${r.pass ? "ok" : "over"}${again ? ", again" : ""}\n`,
        );
        await sleep(again && noisy ? 1500 : 300);
        return { result: { ...r, noisy }, again };
      });
      result = attempt.result;
      steps.push({ ...result, retried: attempt.again });
      if (!attempt.again) break;
    }
    return result;
  };
  const fixed = await run(plan.fixedRate, plan.fixedStepMs);
  /** The failure that bounds the search: if other processes were busy then, the maximum is only a lower bound. */
  let bound = null;
  let best = fixed.pass ? fixed : null;
  let low = fixed.pass ? plan.fixedRate : 0;
  let high = 0;
  for (let rate = Math.max(plan.firstRate, plan.fixedRate * 2); rate <= plan.maxRate; rate *= 2) {
    const r = await run(rate);
    if (!r.pass) {
      high = rate;
      bound = r;
      break;
    }
    best = r;
    low = rate;
  }
  for (let i = 0; i < plan.bisections && high > 0 && high - low > low * 0.05; i++) {
    const rate = Math.round((low + high) / 2);
    const r = await run(rate);
    if (r.pass) {
      best = r;
      low = rate;
    } else {
      high = rate;
      bound = r;
    }
  }
  return {
    fixed,
    best,
    boundedBy: bound === null ? "maxRate" : "p99",
    boundNoisy: bound?.noisy ?? false,
    steps,
  };
}
