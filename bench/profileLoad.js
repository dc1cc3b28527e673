/**
 * A development aid: a CPU profile of the server under fan-out load at one fixed rate,
 * covering only the load (the profiler starts after the members joined and a warm-up,
 * through the probe), so profiles before and after a change compare directly.
 *
 *   node bench/profileLoad.js <out.cpuprofile> [rate=8000] [seconds=8] [main.js]
 *   node bench/profileTop.js <out.cpuprofile>
 */
import { resolve } from "node:path";
import { step } from "./lib/fanoutSearch.js";
import { fanoutClient, MEMBERS, ROOMS, SERVER_FLAGS } from "./lib/plan.js";
import { killAll, startChild } from "./lib/processes.js";
import { split, startWorkers } from "./lib/workers.js";

const [out, rateArg, secondsArg, main] = process.argv.slice(2);
if (!out) {
  console.error("usage: node bench/profileLoad.js <out.cpuprofile> [rate] [seconds] [main.js]");
  process.exit(2);
}
const rate = Number(rateArg ?? 8000);
const seconds = Number(secondsArg ?? 8);

async function run() {
  const server = await startChild(
    "./serverProbe.js",
    SERVER_FLAGS,
    main ? { BENCH_SERVER_MAIN: resolve(main) } : {},
  );
  const workers = startWorkers(2);
  const roomShares = split(ROOMS, 2);
  const memberShares = roomShares.map((r) => r * MEMBERS);
  await Promise.all(
    workers.map((w, i) =>
      w.call("setup", {
        kind: "sanctuary",
        client: fanoutClient,
        url: server.url,
        rooms: roomShares[i],
        members: MEMBERS,
        concurrency: 4,
        tag: `w${i}`,
      }),
    ),
  );
  await step(workers, server, memberShares, rate, 1000);
  await server.profile();
  const s = await step(workers, server, memberShares, rate, seconds * 1000);
  await server.profile(resolve(out));
  process.stdout.write(
    `${rate} msg/s for ${seconds} s: ${s.cpuMicrosPerDelivered} µs/delivery, p99 ${s.p99Ms} ms, server ELU ${s.serverEventLoopUtilization}, others ${s.otherProcessesCpuPercent}%\n`,
  );
  await Promise.all(workers.map((w) => w.stop()));
  await server.stop();
}

run().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    killAll();
    process.exit(1);
  },
);
