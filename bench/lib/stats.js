/**
 * Small numeric helpers: quantiles of sorted latencies, CPU time read from /proc (the
 * machine's, and one process's), rounding and sleeping.
 */
import { readFileSync } from "node:fs";

/**
 * @param {Float64Array} sorted
 * @param {number} q
 */
export function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Busy CPU seconds of the whole machine so far (Linux /proc/stat; null elsewhere), to
 * tell how much CPU other processes took during a step: the machine is shared.
 */
export function machineBusySeconds() {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const [, ...fields] = line.trim().split(/\s+/);
    const n = fields.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    // USER_HZ is 100 on every Linux the bench targets.
    return (total - idle) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux;
 * null elsewhere or once it is gone): how the bench reads Redis's CPU.
 * @param {number} pid
 */
export function processCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** @param {number} x @param {number} [d] */
export const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
