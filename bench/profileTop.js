/**
 * Summarises a `.cpuprofile` (from `node bench/run.js --fanout-only --cpu-prof <dir>`):
 * the top functions by self time and the self time per package, as shares of busy time
 * (idle excluded), so profiles before and after a change compare directly.
 *
 *   node bench/profileTop.js <file.cpuprofile> [top=25]
 */
import { readFileSync } from "node:fs";

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: node bench/profileTop.js <file.cpuprofile> [top]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
/** @type {{nodes: Array<{id: number, callFrame: {functionName: string, url: string, lineNumber: number}}>, samples: number[], timeDeltas: number[]}} */
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
/** @type {Map<number, number>} */
const selfMicros = new Map();
profile.samples.forEach((id, i) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

/** A package name or a short label for where a frame's code lives. */
function where(/** @type {string} */ url) {
  if (!url) return "(native/V8)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m?.[1]) return m[1];
  if (url.startsWith("node:")) return "node core";
  if (url.includes("/apps/server/")) return "sanctuary server";
  if (url.includes("/packages/protocol/")) return "sanctuary protocol";
  return url.replace(/^.*\//, "");
}

/** @type {Map<string, number>} */
const fns = new Map();
/** @type {Map<string, number>} */
const pkgs = new Map();
let idle = 0;
let total = 0;
for (const [id, us] of selfMicros) {
  const cf = byId.get(id)?.callFrame;
  if (!cf) continue;
  total += us;
  if (cf.functionName === "(idle)") {
    idle += us;
    continue;
  }
  const pkg = cf.functionName.startsWith("(") ? cf.functionName : where(cf.url);
  const key = `${cf.functionName || "(anonymous)"}  ${where(cf.url)}${cf.url ? `:${cf.lineNumber + 1}` : ""}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  pkgs.set(pkg, (pkgs.get(pkg) ?? 0) + us);
}
const busy = total - idle;
const pct = (/** @type {number} */ us) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
console.log(
  `${(total / 1e6).toFixed(1)} s profiled, ${((100 * idle) / total).toFixed(1)} % idle; shares of busy time (${(busy / 1e6).toFixed(1)} s):`,
);
console.log("\nself time by function");
for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${k}`);
console.log("\nself time by package");
for (const [k, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(us)}  ${k}`);
