import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The young-generation cap (`--young-generation`, youngGeneration.ts) in a process of its
 * own — V8's flags are per process — under an allocation pattern that makes V8 grow the
 * young generation: many short-lived objects while a sliding window of them survives
 * each scavenge, spread over many event-loop turns as a relay's work is. (The cap is
 * enforced after each collection, between turns: one turn that allocates megabytes of
 * survivors may still overshoot it by a doubling.)
 */

const MODULE = fileURLToPath(new URL("../dist/youngGeneration.js", import.meta.url));
const MiB = 2 ** 20;

/** The largest young generation seen (bytes) while churning with the cap at `mib` (or none). */
function largestYoungGeneration(mib: number | null): number {
  const script = `
    import { capYoungGeneration, youngGenerationBytes } from ${JSON.stringify(MODULE)};
    ${mib === null ? "" : `capYoungGeneration(${mib});`}
    await new Promise((resolve) => setTimeout(resolve, 20));
    let largest = youngGenerationBytes();
    const window = new Array(100000);
    let next = 0;
    for (let turn = 0; turn < 3000; turn++) {
      for (let i = 0; i < 2000; i++) {
        window[next] = { turn, i, text: "x".repeat(i % 64) };
        next = (next + 1) % window.length;
      }
      await new Promise((resolve) => setImmediate(resolve));
      largest = Math.max(largest, youngGenerationBytes());
    }
    process.stdout.write(String(largest));
  `;
  return Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }));
}

describe("the young-generation cap", () => {
  it("keeps the young generation at the cap where V8 alone would grow it", { timeout: 60_000 }, () => {
    expect(largestYoungGeneration(null)).toBeGreaterThan(8 * MiB);
    // Within one doubling: the cap is enforced after collections, and this churn keeps
    // every object alive for 50 turns, far more than a relay's frames live.
    expect(largestYoungGeneration(2)).toBeLessThanOrEqual(4 * MiB);
    expect(largestYoungGeneration(4)).toBeLessThanOrEqual(8 * MiB);
  });

  it("stops watching collections at the cap, and lets the young generation grow back to it after an idle shrink", {
    timeout: 90_000,
  }, () => {
    const script = `
        import { AT_CAP_CHECK_MS, capYoungGeneration, watchesCollections, youngGenerationBytes } from ${JSON.stringify(MODULE)};
        const MiB = 2 ** 20;
        const window = new Array(100000);
        let next = 0;
        async function churnToCap() {
          for (let turn = 0; turn < 3000 && youngGenerationBytes() < 4 * MiB; turn++) {
            for (let i = 0; i < 2000; i++) {
              window[next] = { turn, i, text: "x".repeat(i % 64) };
              next = (next + 1) % window.length;
            }
            await new Promise((resolve) => setImmediate(resolve));
          }
          return youngGenerationBytes();
        }
        const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        capYoungGeneration(4);
        const watchingAtStart = watchesCollections();
        const atCap = await churnToCap();
        const watchingAtCap = watchesCollections();
        window.fill(undefined);
        // V8's memory reducer shrinks an idle process's young generation after some seconds.
        let shrunk = youngGenerationBytes();
        for (let waited = 0; waited < 40_000 && shrunk >= 4 * MiB; waited += 250) {
          await sleep(250);
          shrunk = youngGenerationBytes();
        }
        await sleep(AT_CAP_CHECK_MS + 500);
        const watchingAfterShrink = watchesCollections();
        const regrown = await churnToCap();
        process.stdout.write(JSON.stringify({ watchingAtStart, atCap, watchingAtCap, shrunk, watchingAfterShrink, regrown }));
      `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    const seen = JSON.parse(out);
    expect(seen.watchingAtStart).toBe(true);
    // At the cap, or one doubling past it (the check runs after collections).
    expect(seen.atCap).toBeGreaterThanOrEqual(4 * MiB);
    expect(seen.atCap).toBeLessThanOrEqual(8 * MiB);
    expect(seen.watchingAtCap).toBe(false);
    expect(seen.shrunk).toBeLessThan(4 * MiB);
    expect(seen.watchingAfterShrink).toBe(true);
    expect(seen.regrown).toBeGreaterThanOrEqual(4 * MiB);
    expect(seen.regrown).toBeLessThanOrEqual(8 * MiB);
  });

  it("0 leaves V8's own growth", { timeout: 60_000 }, () => {
    expect(largestYoungGeneration(0)).toBeGreaterThan(8 * MiB);
  });
});
