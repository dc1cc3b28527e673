/**
 * What the bench prints at the end: the fan-out table, memory, churn, the targets and,
 * for scale-out, one row per cluster size. Plain aligned columns on stdout.
 */
import { KiB, MEMBERS, MiB, NOISY_CPU_PERCENT, P99_LIMIT_MS, plan, ROOMS } from "./plan.js";
import { round } from "./stats.js";

/**
 * @typedef {Awaited<ReturnType<typeof import("./fanoutSearch.js").latencySearch>>} Search
 * @typedef {ReturnType<typeof import("./targets.js").compareWithRelay>} Comparison
 * @typedef {ReturnType<typeof import("./targets.js").verdicts>} Verdicts
 * @typedef {Awaited<ReturnType<typeof import("./idleMemory.js").settledHeap>>} Heap
 */

/** @param {string} text */
const print = (text) => process.stdout.write(text);

/** @param {string[][]} rows */
export function table(rows) {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join("  ")).join("\n");
}

/**
 * @param {Search} sanctuary
 * @param {Search} bare
 * @param {Comparison} comparison
 */
export function printFanout(sanctuary, bare, { ratio, cpuCompare }) {
  const latencyRow = (/** @type {string} */ name, /** @type {any} */ r) => [
    name,
    String(r?.offeredMsgPerSec ?? "-"),
    String(r?.deliveredPerSec ?? "-"),
    String(r?.p50Ms ?? "-"),
    String(r?.p95Ms ?? "-"),
    String(r?.p99Ms ?? "-"),
    String(r?.serverCpuPercent ?? "-"),
    String(r?.cpuMicrosPerDelivered ?? "-"),
  ];
  print(`\nFan-out, ${ROOMS} rooms × ${MEMBERS} members (4 receipts per message)\n`);
  print(
    `${table([
      ["", "msg/s", "deliveries/s", "p50 ms", "p95 ms", "p99 ms", "server CPU %", "CPU µs/delivery"],
      latencyRow("sanctuary @ fixed", sanctuary.fixed),
      latencyRow("bare relay @ fixed", bare.fixed),
      latencyRow("sanctuary @ max", sanctuary.best),
      latencyRow("bare relay @ max", bare.best),
    ])}\n`,
  );
  print(`  ratio sanctuary/bare deliveries at p99 < ${P99_LIMIT_MS} ms: ${round(ratio * 100, 1)}%\n`);
  if (cpuCompare) {
    print(
      `  server CPU per delivery at ${cpuCompare.offeredMsgPerSec} msg/s: sanctuary ${cpuCompare.sanctuaryMicrosPerDelivery} µs, bare ${cpuCompare.bareMicrosPerDelivery} µs → one core would carry ${round(cpuCompare.ratio * 100, 1)}% of the relay's deliveries\n`,
    );
  }
}

/**
 * @param {Heap} httpIdle
 * @param {Heap} serverIdle
 * @param {Awaited<ReturnType<typeof import("./idleMemory.js").idleMembers>>} idle
 */
export function printMemory(httpIdle, serverIdle, idle) {
  print("\nMemory (heap after gc)\n");
  print(
    `${table([
      ["", "heap", "rss"],
      [
        "bare Node HTTP, idle",
        `${round(httpIdle.heapUsed / MiB)} MiB`,
        `${round(httpIdle.memory.rss / MiB)} MiB`,
      ],
      [
        "sanctuary, idle",
        `${round(serverIdle.heapUsed / MiB)} MiB`,
        `${round(serverIdle.memory.rss / MiB)} MiB`,
      ],
      ...idle.points.map((p) => [
        `sanctuary, ${p.members} idle members`,
        `${round(p.heapUsed / MiB)} MiB (${round(p.heapPerMemberBytes / KiB)} KiB/member)`,
        `${round(p.rss / MiB)} MiB (${round(p.rssPerMemberBytes / KiB)} KiB/member)`,
      ]),
    ])}\n`,
  );
}

/** @param {Awaited<ReturnType<typeof import("./churn.js").roomChurn>>} churn */
export function printChurn(churn) {
  print(
    `\nRoom churn: ${churn.cyclesPerSec} create/join/leave/purge cycles per s (${churn.roomsCreatedPerSec} rooms created, ${churn.joinsPerSec} joins, ${churn.roomsPurgedPerSec} purges per s); heap ${round(churn.heapBefore / MiB)} → ${round(churn.heapAfter / MiB)} MiB (${churn.heapGrowthPerCycleBytes} B/cycle)\n`,
  );
}

/**
 * @param {Verdicts} verdicts
 * @param {boolean} ratioNoisy
 */
export function printTargets(verdicts, ratioNoisy) {
  print("\nTargets (docs/performance.md)\n");
  print(
    `${table([
      ["", "target", "measured", "margin", ""],
      ...verdicts.map((v) => [v.name, v.target, v.measured, v.margin, v.pass ? "PASS" : "MISS"]),
    ])}\n`,
  );
  if (ratioNoisy) {
    print(
      `  * other processes took more than ${NOISY_CPU_PERCENT}% of a core during the step that bounded a search:\n    the maximum found is a lower bound and the ratio is uncertain; rerun on a quiet machine.\n`,
    );
  }
}

/**
 * One row per cluster size.
 * @param {Array<{nodes: number, redis: boolean} & Search>} runs
 */
export function printScaleOut(runs) {
  const fmt = (/** @type {number | null | undefined} */ x) =>
    x === null || x === undefined ? "-" : String(x);
  const row = (/** @type {(typeof runs)[number]} */ r) => {
    const f = r.fixed;
    const b = r.best;
    return [
      r.redis ? `${r.nodes} node${r.nodes > 1 ? "s" : ""} + Redis` : "1 node, in memory",
      `${fmt(f.p50Ms)} / ${fmt(f.p95Ms)} / ${fmt(f.p99Ms)}`,
      b ? `${b.offeredMsgPerSec}${r.boundNoisy ? " *" : ""}` : "-",
      fmt(b?.deliveredPerSec),
      b ? `${fmt(b.p50Ms)} / ${fmt(b.p95Ms)} / ${fmt(b.p99Ms)}` : "-",
      b?.nodes
        ? b.nodes.map((x) => x.eventLoopUtilization.toFixed(2)).join(" / ")
        : fmt(b?.serverEventLoopUtilization),
      b?.nodes ? b.nodes.map((x) => `${x.cpuPercent}`).join(" / ") : fmt(b?.serverCpuPercent),
      fmt(b?.redisCpuPercent),
      fmt(b?.cpuMicrosPerDelivered),
      fmt(b?.loadGeneratorCpuPercent),
      fmt(b?.otherProcessesCpuPercent),
    ];
  };
  print(`\nScale-out, ${ROOMS} rooms × ${MEMBERS} members (4 receipts per message)\n`);
  print(
    `${table([
      [
        "",
        `p50/p95/p99 ms @ ${plan.fixedRate} msg/s`,
        "max msg/s (p99<50)",
        "deliveries/s",
        "p50/p95/p99 ms there",
        "node ELU",
        "node CPU %",
        "Redis CPU %",
        "µs/delivery (nodes)",
        "load CPU %",
        "others %",
      ],
      ...runs.map(row),
    ])}\n`,
  );
  if (runs.some((r) => r.boundNoisy)) {
    print(
      `  * other processes took more than ${NOISY_CPU_PERCENT}% of a core during the step that bounded the search: a lower bound.\n`,
    );
  }
}

/**
 * The last lines of every run: where the JSON went and how long it all took.
 * @param {string} file
 * @param {number} started
 */
export function printEnd(file, started) {
  print(`\nJSON: ${file}\n(${round((Date.now() - started) / 1000, 1)} s)\n`);
}
