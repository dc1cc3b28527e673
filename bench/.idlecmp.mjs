import { startChild } from "./lib/processes.js";
import { settledHeap, IDLE_SETTLE_MS } from "./lib/idleMemory.js";
import { SERVER_FLAGS } from "./lib/plan.js";
import { sleep } from "./lib/stats.js";
const mains = process.argv.slice(2);
const out = [];
const children = [];
const http = await startChild("./httpProbe.js");
for (const m of mains) children.push(await startChild("./serverProbe.js", SERVER_FLAGS, { BENCH_SERVER_MAIN: m }));
await sleep(300);
const fresh = await Promise.all(children.map((c) => settledHeap(c)));
await sleep(IDLE_SETTLE_MS);
const h = await settledHeap(http);
import { readFileSync } from "node:fs";
const smaps = (pid) => { const t = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"); const g = (k) => Math.round(+new RegExp(k + ":\\s+(\\d+)").exec(t)[1] / 1024); return `rss ${g("Rss")} shClean ${g("Shared_Clean")} prDirty ${g("Private_Dirty")} prClean ${g("Private_Clean")}`; };
console.log("http", smaps(http.pid));
for (const c of children) console.log("srv ", smaps(c.pid));
const MiB = 2 ** 20;
console.log(`http heap ${(h.heapUsed / MiB).toFixed(2)} rss ${(h.memory.rss / MiB).toFixed(1)}`);
for (const [i, c] of children.entries()) {
  const s = await settledHeap(c);
  console.log(`total ${(s.memory.heapTotal / MiB).toFixed(2)} ext ${(s.memory.external / MiB).toFixed(2)} ab ${(s.memory.arrayBuffers / MiB).toFixed(2)} ${JSON.stringify(s.codeBytes)}`); console.log(`${mains[i]}: fresh heap ${(fresh[i].heapUsed / MiB).toFixed(2)} rss ${(fresh[i].memory.rss / MiB).toFixed(1)} | idled heap ${(s.heapUsed / MiB).toFixed(2)} (+${((s.heapUsed - h.heapUsed) / MiB).toFixed(2)}) rss ${(s.memory.rss / MiB).toFixed(1)} (+${((s.memory.rss - h.memory.rss) / 1e6).toFixed(1)} MB)`);
  await c.stop();
}
await http.stop();
process.exit(0);
