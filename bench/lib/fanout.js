/**
 * The fan-out comparison: Sanctuary and the bare relay searched in turn, one step at a
 * time, each with its own worker threads holding the same rooms and members.
 */
import { latencySearch, step } from "./fanoutSearch.js";
import { fanoutClient, MEMBERS, plan, ROOMS } from "./plan.js";
import { sleep } from "./stats.js";
import { split, startWorkers } from "./workers.js";

const WARM_UP_RATE = 4000;
const WARM_UP_MS = 3000;

/**
 * @typedef {import("./processes.js").Child} Child
 * @typedef {import("./workers.js").LoadWorker} LoadWorker
 */

/**
 * Both searches at once, one step at a time, alternating between Sanctuary and the
 * relay, so that both meet the same moments of the shared machine. Each target has its
 * own worker threads with the same rooms and members.
 * @param {Child} server
 * @param {Child} relay
 */
export async function fanout(server, relay) {
  const sWorkers = startWorkers(plan.workers);
  const bWorkers = startWorkers(plan.workers);
  try {
    const roomShares = split(ROOMS, plan.workers);
    const memberShares = roomShares.map((r) => r * MEMBERS);
    const setup = (
      /** @type {LoadWorker[]} */ workers,
      /** @type {string} */ kind,
      /** @type {string} */ url,
    ) =>
      Promise.all(
        workers.map((w, i) =>
          w.call("setup", {
            kind,
            client: fanoutClient,
            url,
            rooms: roomShares[i],
            members: MEMBERS,
            concurrency: 4,
            tag: `w${i}`,
          }),
        ),
      );
    await setup(sWorkers, "sanctuary", server.url);
    await setup(bWorkers, "bare", `${relay.url}/`);
    // A warm-up so JIT compilation is not in the fixed-load figures: after 100 messages
    // (the warm-up before) V8 was still optimising the server's path on its background
    // threads, 18 % of the server's CPU at the fixed load (perf); after 3 s at 4,000
    // msg/s the fixed-load figures of both servers are flat from step to step.
    await step(sWorkers, server, memberShares, WARM_UP_RATE, WARM_UP_MS);
    await step(bWorkers, relay, memberShares, WARM_UP_RATE, WARM_UP_MS);
    await sleep(200);
    /** @type {Promise<unknown>} */
    let tail = Promise.resolve();
    /** @type {<T>(fn: () => Promise<T>) => Promise<T>} */
    const exclusive = (fn) => {
      const run = tail.then(fn);
      tail = run.catch(() => {});
      return run;
    };
    const [sanctuary, bare] = await Promise.all([
      latencySearch("sanctuary", sWorkers, server, memberShares, exclusive),
      latencySearch("bare", bWorkers, relay, memberShares, exclusive),
    ]);
    await Promise.all([...sWorkers, ...bWorkers].map((w) => w.call("teardown")));
    return { sanctuary, bare };
  } finally {
    await Promise.all([...sWorkers, ...bWorkers].map((w) => w.stop()));
  }
}
