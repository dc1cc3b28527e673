/**
 * The targets (docs/performance.md) and what they are measured from: Sanctuary's deliveries at
 * p99 < 50 ms against the bare relay's, server CPU per delivery at the same load, heap
 * per idle member, heap growth under churn and idle heap overhead.
 */
import { KiB, MiB } from "./plan.js";
import { round } from "./stats.js";

/**
 * @param {string} name
 * @param {boolean} pass
 * @param {string} measured
 * @param {string} target
 * @param {string} margin
 */
const verdict = (name, pass, measured, target, margin) => ({ name, pass, measured, target, margin });

/**
 * @typedef {Awaited<ReturnType<typeof import("./fanoutSearch.js").latencySearch>>} Search
 */

/**
 * Sanctuary against the relay: the ratio of their best deliveries, whether it is
 * uncertain (a noisy bound), and server CPU per delivery at the highest rate both passed
 * (hardly affected by other processes, unlike latency).
 * @param {Search} sanctuary
 * @param {Search} bare
 */
export function compareWithRelay(sanctuary, bare) {
  const sBest = sanctuary.best;
  const bBest = bare.best;
  const ratio = sBest && bBest ? sBest.deliveredPerSec / bBest.deliveredPerSec : 0;
  const ratioNoisy = sanctuary.boundNoisy || bare.boundNoisy;
  const passedAt = (/** @type {Search} */ search, /** @type {number} */ rate) =>
    [...search.steps].reverse().find((st) => st.offeredMsgPerSec === rate && st.pass);
  const sameRate = Math.max(
    0,
    ...sanctuary.steps
      .filter((st) => st.pass && passedAt(bare, st.offeredMsgPerSec))
      .map((st) => st.offeredMsgPerSec),
  );
  const sSame = passedAt(sanctuary, sameRate);
  const bareSame = passedAt(bare, sameRate);
  const cpuCompare =
    sSame?.cpuMicrosPerDelivered && bareSame?.cpuMicrosPerDelivered
      ? {
          offeredMsgPerSec: sameRate,
          sanctuaryMicrosPerDelivery: sSame.cpuMicrosPerDelivered,
          bareMicrosPerDelivery: bareSame.cpuMicrosPerDelivered,
          sanctuaryDeliveriesPerCoreSecond: Math.round(1e6 / sSame.cpuMicrosPerDelivered),
          bareDeliveriesPerCoreSecond: Math.round(1e6 / bareSame.cpuMicrosPerDelivered),
          ratio: round(bareSame.cpuMicrosPerDelivered / sSame.cpuMicrosPerDelivered, 3),
        }
      : null;
  return { ratio, ratioNoisy, cpuCompare };
}

/** Decimal units, as the targets state RSS ("KB", "MB"): stricter than KiB and MiB. */
const KB = 1000;
const MB = 1000 * 1000;

/**
 * Each target with its verdict, measurement and margin. Per-member targets get one row
 * per measured member count; a missing measurement is a MISS, never a silent pass.
 * @param {{
 *   ratio: number,
 *   ratioNoisy: boolean,
 *   cpuFixed: {sanctuary: number | null, bare: number | null},
 *   cpuCompare: ReturnType<typeof compareWithRelay>["cpuCompare"],
 *   idle: Awaited<ReturnType<typeof import("./idleMemory.js").idleMembers>>,
 *   churn: Awaited<ReturnType<typeof import("./churn.js").roomChurn>>,
 *   httpIdle: {heapUsed: number, memory: {rss: number}},
 *   serverIdle: {heapUsed: number, memory: {rss: number}},
 * }} m
 */
export function verdicts({ ratio, ratioNoisy, cpuFixed, cpuCompare, idle, churn, httpIdle, serverIdle }) {
  const cpuRow = (
    /** @type {string} */ where,
    /** @type {number | null} */ s,
    /** @type {number | null} */ b,
  ) => {
    const times = s && b ? s / b : Number.POSITIVE_INFINITY;
    return verdict(
      `server CPU per delivery vs bare relay, ${where}`,
      times <= 1.3,
      s && b ? `${round(times, 2)}× (${s} vs ${b} µs)` : "not measured",
      "≤ 1.3×",
      `${round(1.3 - times, 2)}×`,
    );
  };
  const rows = [
    cpuRow("fixed load", cpuFixed.sanctuary, cpuFixed.bare),
    cpuRow(
      `highest load both passed (${cpuCompare?.offeredMsgPerSec ?? "?"} msg/s)`,
      cpuCompare?.sanctuaryMicrosPerDelivery ?? null,
      cpuCompare?.bareMicrosPerDelivery ?? null,
    ),
    verdict(
      `deliveries at p99 < 50 ms vs bare relay${ratioNoisy ? " *" : ""}`,
      ratio >= 0.75,
      `${round(ratio * 100, 1)}%`,
      "≥ 75%",
      `${round((ratio - 0.75) * 100, 1)} points`,
    ),
  ];
  for (const count of [1000, 5000]) {
    const p = idle.points.find((x) => x.members === count);
    const rss = p?.rssPerMemberBytes ?? Number.POSITIVE_INFINITY;
    const heap = p?.heapPerMemberBytes ?? Number.POSITIVE_INFINITY;
    rows.push(
      verdict(
        `RSS per idle member (${count} members)`,
        rss <= 15 * KB,
        p ? `${round(rss / KB, 1)} KB` : "not measured",
        "≤ 15 KB",
        `${round((15 * KB - rss) / KB, 1)} KB`,
      ),
      verdict(
        `heap per idle member (${count} members)`,
        heap <= 6 * KiB,
        p ? `${round(heap / KiB)} KiB` : "not measured",
        "≤ 6 KiB",
        `${round((6 * KiB - heap) / KiB)} KiB`,
      ),
    );
  }
  const rssOver = serverIdle.memory.rss - httpIdle.memory.rss;
  const heapOver = serverIdle.heapUsed - httpIdle.heapUsed;
  rows.push(
    verdict(
      "idle RSS over bare Node HTTP",
      rssOver <= 15 * MB,
      `${round(rssOver / MB, 1)} MB`,
      "≤ 15 MB",
      `${round((15 * MB - rssOver) / MB, 1)} MB`,
    ),
    verdict(
      "idle heap over bare Node",
      heapOver <= 6 * MiB,
      `${round(heapOver / MiB)} MiB`,
      "≤ 6 MiB",
      `${round((6 * MiB - heapOver) / MiB)} MiB`,
    ),
    verdict(
      `heap growth after ${churn.cycles} room cycles`,
      churn.heapGrowthBytes <= churn.noiseBytes && churn.errors === 0,
      `${round(churn.heapGrowthBytes / KiB, 1)} KiB`,
      `≤ noise (${round(churn.noiseBytes / KiB)} KiB)`,
      `${round((churn.noiseBytes - churn.heapGrowthBytes) / KiB, 1)} KiB`,
    ),
  );
  return rows;
}
