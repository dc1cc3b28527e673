/**
 * The load generators: worker threads of simulated members (bench/loadWorker.js),
 * driven by commands and answering each one with its result.
 */
import { Worker } from "node:worker_threads";
import { benchPath } from "./processes.js";

/**
 * @typedef {{ call: (cmd: string, payload?: object) => Promise<any>, stop: () => Promise<void> }} LoadWorker
 */

/** @returns {LoadWorker} */
function startWorker() {
  const worker = new Worker(benchPath("./loadWorker.js"));
  let nextId = 1;
  /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
  const waiting = new Map();
  worker.on("message", (msg) => {
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.ok) w?.resolve(msg);
    else w?.reject(new Error(msg.error));
  });
  worker.on("error", (err) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  });
  return {
    call: (cmd, payload = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, cmd, ...payload });
      }),
    stop: async () => {
      await worker.terminate();
    },
  };
}

/** @param {number} n */
export function startWorkers(n) {
  return Array.from({ length: n }, startWorker);
}

/**
 * Splits `total` into `parts` near-equal whole shares.
 * @param {number} total
 * @param {number} parts
 */
export function split(total, parts) {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
