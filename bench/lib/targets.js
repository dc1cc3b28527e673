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

/**
 * Each target with its verdict, measurement and margin.
 * @param {{
 *   ratio: number,
 *   ratioNoisy: boolean,
 *   idle: Awaited<ReturnType<typeof import("./idleMemory.js").idleMembers>>,
 *   churn: Awaited<ReturnType<typeof import("./churn.js").roomChurn>>,
 *   overhead: number,
 * }} m
 */
export function verdicts({ ratio, ratioNoisy, idle, churn, overhead }) {
  const lastIdle = idle.points[idle.points.length - 1];
  const perMember = lastIdle?.heapPerMemberBytes ?? Number.POSITIVE_INFINITY;
  return [
    verdict(
      `throughput at p99 < 50 ms vs bare relay${ratioNoisy ? " *" : ""}`,
      ratio >= 0.6,
      `${round(ratio * 100, 1)}%`,
      "≥ 60%",
      `${round((ratio - 0.6) * 100, 1)} points`,
    ),
    verdict(
      `heap per idle member (${lastIdle?.members ?? "?"} members)`,
      perMember <= 6 * KiB,
      `${round(perMember / KiB)} KiB`,
      "≤ 6 KiB",
      `${round((6 * KiB - perMember) / KiB)} KiB`,
    ),
    verdict(
      `heap growth after ${churn.cycles} room cycles`,
      churn.heapGrowthBytes <= churn.noiseBytes && churn.errors === 0,
      `${round(churn.heapGrowthBytes / KiB, 1)} KiB`,
      `≤ noise (${round(churn.noiseBytes / KiB)} KiB)`,
      `${round((churn.noiseBytes - churn.heapGrowthBytes) / KiB, 1)} KiB`,
    ),
    verdict(
      "idle heap overhead over bare Node HTTP",
      overhead <= 8 * MiB,
      `${round(overhead / MiB)} MiB`,
      "≤ 8 MiB",
      `${round((8 * MiB - overhead) / MiB)} MiB`,
    ),
  ];
}
