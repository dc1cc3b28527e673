/**
 * `npm run bench` (quick, under a minute) and `npm run bench -- --full` (for the record).
 *
 * Drives the production Sanctuary server (apps/server/dist/main.js, run by
 * bench/serverProbe.js so that memory and CPU can be read after gc) and, in the same
 * run, a bare `ws` relay (bench/bareRelay.js) with simulated members in worker threads,
 * all on 127.0.0.1. Prints a table, compares with the targets in docs/performance.md, and writes
 * the JSON to bench/results/<timestamp>-<mode>.json. See docs/performance.md.
 *
 * The phases live in lib/: plan (command line and setup), processes, workers, idle
 * memory, churn, fan-out, scale-out, targets, report and results.
 */
import { existsSync } from "node:fs";
import { cpus } from "node:os";
import { roomChurn } from "./lib/churn.js";
import { fanout } from "./lib/fanout.js";
import { IDLE_SETTLE_MS, idleBoth, idleMembers, mem } from "./lib/idleMemory.js";
import {
  fanoutOnly,
  MiB,
  memoryOnly,
  mode,
  nodeCounts,
  plan,
  RUN_DEADLINE_MS,
  SERVER_FLAGS,
  serverExecArgv,
} from "./lib/plan.js";
import { benchPath, killAll, startChild } from "./lib/processes.js";
import { printChurn, printEnd, printFanout, printMemory, printTargets } from "./lib/report.js";
import { benchResult, writeResults } from "./lib/results.js";
import { scaleOut } from "./lib/scaleOut.js";
import { round } from "./lib/stats.js";
import { compareWithRelay, verdicts } from "./lib/targets.js";
import { startWorkers } from "./lib/workers.js";

async function main() {
  const started = Date.now();
  const hardStop = setTimeout(() => {
    console.error("bench: run deadline passed, stopping");
    killAll();
    process.exit(1);
  }, RUN_DEADLINE_MS);
  hardStop.unref();

  if (!existsSync(benchPath("../apps/server/dist/main.js"))) {
    throw new Error("apps/server/dist/main.js is missing: run `npm run build` first (npm run bench does)");
  }
  if (nodeCounts) {
    await scaleOut(nodeCounts);
    return;
  }
  process.stdout.write(
    `Sanctuary bench (${mode}): ${cpus().length} cores, Node ${process.version}, 127.0.0.1 only\n`,
  );

  if (fanoutOnly) {
    const server = await startChild("./serverProbe.js", SERVER_FLAGS, {}, serverExecArgv);
    const relay = await startChild("./bareRelay.js");
    const { sanctuary, bare } = await fanout(server, relay);
    printFanout(sanctuary, bare, compareWithRelay(sanctuary, bare));
    await server.stop();
    await relay.stop();
    return;
  }

  // 1. Idle memory of a bare Node HTTP server and of Sanctuary, just started and idled.
  const server = await startChild("./serverProbe.js", SERVER_FLAGS, {}, serverExecArgv);
  const { fresh, settled } = await idleBoth(server);
  const httpIdle = settled.http;
  const serverIdle = settled.server;
  for (const [when, m] of [
    ["started", fresh],
    [`idled ${IDLE_SETTLE_MS / 1000} s`, settled],
  ])
    process.stdout.write(
      `  idle      ${when}: sanctuary heap ${round(m.server.heapUsed / MiB)} MiB, rss ${round(m.server.memory.rss / MiB)} MiB; bare http heap ${round(m.http.heapUsed / MiB)} MiB, rss ${round(m.http.memory.rss / MiB)} MiB\n`,
    );

  // 2. Idle members, 3. churn.
  const workers = startWorkers(plan.workers);
  let idle;
  let churn;
  try {
    idle = await idleMembers(server, workers);
    if (memoryOnly) return;
    churn = await roomChurn(server, workers);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    if (memoryOnly) await server.stop();
  }
  // 4. Fan-out: Sanctuary and the bare relay, step by step in turn.
  const relay = await startChild("./bareRelay.js");
  const { sanctuary, bare } = await fanout(server, relay);
  const serverEnd = await server.usage(true);
  await server.stop();
  await relay.stop();

  // Targets, the report and the record.
  const comparison = compareWithRelay(sanctuary, bare);
  const { ratio, ratioNoisy, cpuCompare } = comparison;
  const overhead = serverIdle.heapUsed - httpIdle.heapUsed;
  const cpuFixed = {
    sanctuary: sanctuary.fixed?.cpuMicrosPerDelivered ?? null,
    bare: bare.fixed?.cpuMicrosPerDelivered ?? null,
  };
  const targets = verdicts({ ratio, ratioNoisy, cpuFixed, cpuCompare, idle, churn, httpIdle, serverIdle });

  printFanout(sanctuary, bare, comparison);
  printMemory(httpIdle, serverIdle, idle);
  printChurn(churn);
  printTargets(targets, ratioNoisy);

  const result = benchResult(started, {
    idle: {
      bareHttp: httpIdle,
      sanctuary: serverIdle,
      settleMs: IDLE_SETTLE_MS,
      justStarted: { bareHttp: fresh.http, sanctuary: fresh.server },
      overheadBytes: overhead,
      rssOverheadBytes: serverIdle.memory.rss - httpIdle.memory.rss,
    },
    idleMembers: idle,
    churn,
    fanout: { sanctuary, bare, ratio: round(ratio, 4), ratioUncertain: ratioNoisy, cpuCompare },
    serverAtEnd: mem(serverEnd),
    targets,
  });
  printEnd(writeResults(result, started, `-${mode}`), started);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench: ${err instanceof Error ? err.stack : err}`);
    killAll();
    process.exit(1);
  },
);
