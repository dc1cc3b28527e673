/**
 * The processes the bench measures: children forked with `--expose-gc` that print their
 * URL and answer the probe channel (bench/probe.js), and a private Redis for scale-out.
 * Every one of them is remembered, so a failed or overdue run kills them all.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startRedis } from "@sanctuary/testkit";

/** A path inside bench/. @param {string} file */
export const benchPath = (file) => fileURLToPath(new URL(file, new URL("../", import.meta.url)));

/**
 * @typedef {{
 *   pid: number,
 *   url: string,
 *   usage: (gc?: boolean) => Promise<{memory: NodeJS.MemoryUsage, cpu: NodeJS.CpuUsage, socketWrites?: number, elu: import("node:perf_hooks").EventLoopUtilization, spaces: Record<string, number>}>,
 *   stop: () => Promise<void>,
 *   profile: (file?: string) => Promise<unknown>,
 * }} Child
 */

/**
 * The nodes of a cluster, with the pid of its Redis (whose CPU the steps read).
 * @typedef {Child[] & { redisPid?: number }} Cluster
 */

/** Process IDs still running that the bench started. @type {Set<number>} */
const running = new Set();

/** SIGKILLs every process the bench started that is still running. */
export function killAll() {
  for (const pid of running) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/**
 * Forks `script` with `--expose-gc`, waits for the URL it prints, and wraps the probe.
 * @param {string} script a path relative to bench/
 * @param {string[]} argv
 * @param {Record<string, string>} [extraEnv] set for the child (the cluster's shared secret)
 * @param {string[]} [execArgv] more Node flags (the bench's --cpu-prof)
 * @returns {Promise<Child>}
 */
export function startChild(script, argv = [], extraEnv = {}, execArgv = []) {
  // No SANCTUARY_* variable of the caller's shell may change the server under test.
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("SANCTUARY_"))),
    ...extraEnv,
  };
  const child = fork(benchPath(script), argv, {
    execArgv: ["--expose-gc", ...execArgv],
    stdio: ["ignore", "pipe", "inherit", "ipc"],
    env,
  });
  const pid = child.pid ?? 0;
  running.add(pid);
  let nextId = 1;
  /** @type {Map<number, (value: any) => void>} */
  const waiting = new Map();
  child.on("message", (msg) => {
    const m = /** @type {{id: number}} */ (msg);
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  exited.then(() => running.delete(pid));
  return new Promise((resolve, reject) => {
    let out = "";
    let ready = false;
    const timer = setTimeout(() => reject(new Error(`${script} did not start`)), 15_000);
    child.once("exit", (code) => reject(new Error(`${script} exited early (${code})`)));
    child.stdout?.on("data", (chunk) => {
      if (ready) return;
      out += String(chunk);
      const match = /^(\w+:\/\/127\.0\.0\.1:\d+)\//m.exec(out);
      if (!match?.[1]) return;
      clearTimeout(timer);
      ready = true;
      // Whatever the child prints later is ignored (the server prints nothing more).
      child.stdout?.resume();
      resolve({
        pid,
        url: match[1],
        usage: (gc = false) =>
          new Promise((res, rej) => {
            const id = nextId++;
            const t = setTimeout(() => rej(new Error("probe timed out")), 20_000);
            waiting.set(id, (m) => {
              clearTimeout(t);
              res(m);
            });
            child.send({ type: "usage", id, gc });
          }),
        // Starts the child's CPU profiler, or stops it and writes `file` (bench/probe.js).
        profile: (file) =>
          new Promise((res) => {
            const id = nextId++;
            waiting.set(id, res);
            child.send({ type: "profile", id, ...(file ? { file } : {}) });
          }),
        stop: async () => {
          child.kill("SIGTERM");
          const t = setTimeout(() => child.kill("SIGKILL"), 5000);
          await exited;
          clearTimeout(t);
        },
      });
    });
  });
}

/**
 * A private Redis from the shared test kit (loopback, a free port, nothing on disk),
 * killed with the rest if the run fails.
 */
export async function startBenchRedis() {
  const redis = await startRedis();
  const pid = redis.pid;
  running.add(pid);
  return {
    pid,
    url: redis.url,
    stop: async () => {
      await redis.stop();
      running.delete(pid);
    },
  };
}
