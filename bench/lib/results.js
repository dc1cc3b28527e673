/**
 * The JSON record of a run, written to bench/results/<timestamp>-<mode>.json (ignored by
 * git): the machine, the setup, every step and attempt, and the targets.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { REDIS_FLAGS } from "@sanctuary/testkit";
import { MEMBERS, mode, P99_LIMIT_MS, plan, ROOMS, SERVER_FLAGS } from "./plan.js";
import { benchPath } from "./processes.js";
import { round } from "./stats.js";

/** The machine the run measured. */
function machine() {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    memoryBytes: totalmem(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/**
 * The main run's record.
 * @param {number} started
 * @param {Record<string, unknown>} measured idle, idleMembers, churn, fanout, serverAtEnd, targets
 */
export function benchResult(started, measured) {
  return {
    mode,
    date: new Date(started).toISOString(),
    durationSeconds: round((Date.now() - started) / 1000, 1),
    machine: machine(),
    setup: {
      serverFlags: SERVER_FLAGS,
      loadWorkers: plan.workers,
      fanoutRooms: ROOMS,
      fanoutMembersPerRoom: MEMBERS,
      envelopeCtChars: 299,
      stepMs: plan.stepMs,
      fixedStepMs: plan.fixedStepMs,
      p99LimitMs: P99_LIMIT_MS,
    },
    ...measured,
  };
}

/**
 * The scale-out run's record.
 * @param {number} started
 * @param {unknown[]} runs
 */
export function scaleOutResult(started, runs) {
  return {
    mode: `scale-out-${mode}`,
    date: new Date(started).toISOString(),
    durationSeconds: round((Date.now() - started) / 1000, 1),
    machine: machine(),
    setup: {
      serverFlags: SERVER_FLAGS,
      redisFlags: REDIS_FLAGS,
      loadWorkers: plan.workers,
      fanoutRooms: ROOMS,
      fanoutMembersPerRoom: MEMBERS,
      spread: "member m of room r on node (r + m) mod N",
      stepMs: plan.stepMs,
      fixedStepMs: plan.fixedStepMs,
      p99LimitMs: P99_LIMIT_MS,
    },
    runs,
  };
}

/**
 * Writes `result` as bench/results/<start time><suffix>.json; returns the path.
 * @param {object} result
 * @param {number} started
 * @param {string} suffix e.g. `-quick`
 */
export function writeResults(result, started, suffix) {
  const dir = benchPath("./results/");
  mkdirSync(dir, { recursive: true });
  const file = `${dir}${new Date(started).toISOString().replace(/[:.]/g, "-")}${suffix}.json`;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
