/**
 * Scale-out (F19, docs/scaling.md): the fan-out against N server processes sharing rooms through a
 * private Redis, for each cluster size asked for, with the one-node in-memory reference.
 */
import { randomBytes } from "node:crypto";
import { cpus } from "node:os";
import { latencySearch, step } from "./fanoutSearch.js";
import { fanoutClient, MEMBERS, mode, plan, ROOMS, SERVER_FLAGS } from "./plan.js";
import { startBenchRedis, startChild } from "./processes.js";
import { printEnd, printScaleOut } from "./report.js";
import { scaleOutResult, writeResults } from "./results.js";
import { sleep } from "./stats.js";
import { split, startWorkers } from "./workers.js";

/**
 * @typedef {import("./processes.js").Child} Child
 * @typedef {import("./processes.js").Cluster} Cluster
 */

/**
 * The fan-out against `n` nodes with Redis (`n` = 0: one node in memory, the reference):
 * the same 20 rooms × 5 members, member m of room r on node (r + m) mod n (so almost
 * every message crosses nodes), the same fixed-load step and p99 < 50 ms rate search.
 * @param {number} n
 */
async function scaleOutRun(n) {
  const redis = n > 0 ? await startBenchRedis() : null;
  /** @type {Child[]} */
  const nodes = [];
  const workers = startWorkers(plan.workers);
  try {
    // One random secret for the cluster, through the environment (flags show in ps).
    const env = redis ? { SANCTUARY_REDIS_KEY: randomBytes(32).toString("base64url") } : {};
    const argv = redis ? [...SERVER_FLAGS, "--redis", redis.url] : SERVER_FLAGS;
    for (let i = 0; i < Math.max(1, n); i++) nodes.push(await startChild("./serverProbe.js", argv, env));
    const roomShares = split(ROOMS, plan.workers);
    const memberShares = roomShares.map((r) => r * MEMBERS);
    await Promise.all(
      workers.map((w, i) =>
        w.call("setup", {
          kind: "sanctuary",
          client: fanoutClient,
          url: nodes[0]?.url,
          urls: nodes.map((node) => node.url),
          rooms: roomShares[i],
          members: MEMBERS,
          concurrency: 4,
          tag: `w${i}`,
        }),
      ),
    );
    /** @type {Cluster} */
    const target = Object.assign([...nodes], redis ? { redisPid: redis.pid } : {});
    await step(workers, target, memberShares, plan.fixedRate * 4, 500);
    await sleep(200);
    const label = n === 0 ? "1 memory" : `${n} node${n > 1 ? "s" : ""}`;
    const search = await latencySearch(label, workers, target, memberShares, (fn) => fn());
    await Promise.all(workers.map((w) => w.call("teardown")));
    return { nodes: Math.max(1, n), redis: n > 0, ...search };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    for (const node of nodes) await node.stop();
    await redis?.stop();
  }
}

/**
 * Every cluster size in `counts` in turn, then the table and the JSON.
 * @param {number[]} counts
 */
export async function scaleOut(counts) {
  const started = Date.now();
  process.stdout.write(
    `Sanctuary scale-out bench (${mode}): ${cpus().length} cores, Node ${process.version}, 127.0.0.1 only; ${ROOMS} rooms × ${MEMBERS} members spread round-robin over the nodes\n`,
  );
  const runs = [];
  for (const n of counts) runs.push(await scaleOutRun(n));
  printScaleOut(runs);
  const file = writeResults(scaleOutResult(started, runs), started, `-scaleout-${mode}`);
  printEnd(file, started);
}
