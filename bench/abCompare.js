/**
 * A development aid for tuning: server CPU per delivery of two builds of the server and
 * of the bare relay at the same offered rates, in alternating steps, so that a shared,
 * noisy machine affects all three alike. Prints the median µs per delivery per rate.
 *
 *   node bench/abCompare.js <a/main.js> <b/main.js> [rates=2000,8000,16000] [rounds=5]
 *
 * A build may carry Node flags after a "+": `apps/server/dist/main.js+--max-semi-space-size=1`.
 *
 * Build the "before" server into another folder first, e.g.
 * `git stash; npx tsc -p apps/server/tsconfig.build.json --outDir apps/server/dist-base; git stash pop`.
 */
import { resolve } from "node:path";
import { step } from "./lib/fanoutSearch.js";
import { fanoutClient, MEMBERS, ROOMS, SERVER_FLAGS } from "./lib/plan.js";
import { killAll, startChild } from "./lib/processes.js";
import { round } from "./lib/stats.js";
import { split, startWorkers } from "./lib/workers.js";

const [a, b, ratesArg, roundsArg] = process.argv.slice(2);
if (!a || !b) {
  console.error("usage: node bench/abCompare.js <a/main.js> <b/main.js> [rates] [rounds]");
  process.exit(2);
}
const rates = (ratesArg ?? "2000,8000,16000").split(",").map(Number);
const rounds = Number(roundsArg ?? 5);
const STEP_MS = 1500;

/** A server build, maybe with Node flags after "+". @param {string} spec */
function server(spec) {
  const [path = "", ...flags] = spec.split("+");
  return startChild("./serverProbe.js", SERVER_FLAGS, { BENCH_SERVER_MAIN: resolve(path) }, flags);
}

async function main() {
  const targets = [
    { name: "A", child: await server(a) },
    { name: "B", child: await server(b) },
    { name: "bare", child: await startChild("./bareRelay.js") },
  ];
  const roomShares = split(ROOMS, 2);
  const memberShares = roomShares.map((r) => r * MEMBERS);
  const withWorkers = await Promise.all(
    targets.map(async (t) => {
      const workers = startWorkers(2);
      const kind = t.name === "bare" ? "bare" : "sanctuary";
      const url = t.name === "bare" ? `${t.child.url}/` : t.child.url;
      await Promise.all(
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
      await step(workers, t.child, memberShares, 2000, 500);
      return { ...t, workers };
    }),
  );
  /** @type {Record<string, number[]>} */
  const samples = {};
  /** @type {Record<string, number[]>} */
  const writes = {};
  /** @type {Record<string, number[]>} */
  const kernel = {};
  for (const rate of rates) {
    for (let r = 0; r < rounds; r++) {
      for (const t of r % 2 ? [...withWorkers].reverse() : withWorkers) {
        const s = await step(t.workers, t.child, memberShares, rate, STEP_MS);
        const key = `${t.name}@${rate}`;
        if (s.cpuMicrosPerDelivered) {
          samples[key] = [...(samples[key] ?? []), s.cpuMicrosPerDelivered];
          writes[key] = [...(writes[key] ?? []), s.writesPerDelivered ?? Number.NaN];
          kernel[key] = [...(kernel[key] ?? []), s.systemMicrosPerDelivered ?? Number.NaN];
        }
        process.stdout.write(
          `  ${key.padEnd(12)} ${String(s.cpuMicrosPerDelivered).padStart(7)} µs/delivery  ${s.writesPerDelivered} writes/delivery  p99 ${s.p99Ms} ms  others ${s.otherProcessesCpuPercent}%\n`,
        );
      }
    }
  }
  const median = (/** @type {number[]} */ xs) =>
    [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
  process.stdout.write(
    "\nmedian server CPU µs per delivery\nrate    A       B       bare    B/A     A/bare  B/bare\n",
  );
  for (const rate of rates) {
    const [ma, mb, mr] = ["A", "B", "bare"].map((n) => median(samples[`${n}@${rate}`] ?? []));
    process.stdout.write(
      `${String(rate).padEnd(8)}${String(ma).padEnd(8)}${String(mb).padEnd(8)}${String(mr).padEnd(8)}${String(round(mb / ma, 2)).padEnd(8)}${String(round(ma / mr, 2)).padEnd(8)}${round(mb / mr, 2)}\n`,
    );
  }
  process.stdout.write("\nmedian server TCP writes per delivery\nrate    A       B       bare\n");
  for (const rate of rates) {
    const [wa, wb, wr] = ["A", "B", "bare"].map((n) => median(writes[`${n}@${rate}`] ?? []));
    process.stdout.write(`${String(rate).padEnd(8)}${String(wa).padEnd(8)}${String(wb).padEnd(8)}${wr}\n`);
  }
  process.stdout.write(
    "\nof which in the kernel (system time), µs per delivery\nrate    A       B       bare\n",
  );
  for (const rate of rates) {
    const [ka, kb, kr] = ["A", "B", "bare"].map((n) => median(kernel[`${n}@${rate}`] ?? []));
    process.stdout.write(`${String(rate).padEnd(8)}${String(ka).padEnd(8)}${String(kb).padEnd(8)}${kr}\n`);
  }
  for (const t of withWorkers) {
    await Promise.all(t.workers.map((w) => w.stop()));
    await t.child.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    killAll();
    process.exit(1);
  },
);
