import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/**
 * The cap on V8's young generation (`--young-generation`), held from inside the process.
 *
 * Under load V8 doubles each semi-space of the young generation up to 16 MiB and, once a
 * scavenge has cycled through the pages, they stay resident: a relay moving a 100 MiB
 * file or a burst of chat grows by ≈ 35 MB that way, which is most of a small host's
 * budget. `--max-semi-space-size` would cap it, but V8 reads heap sizes only when the
 * process starts, before any script runs, and `node dist/main.js` or a systemd unit
 * should not need extra flags to be lean. The growth factor, though, is read at every
 * growth: while the semi-space is below the cap it may double; once it reaches the cap
 * the factor is 1 and it stays. The check runs after collections, a turn or two late,
 * so a burst that keeps megabytes alive across consecutive scavenges can overshoot by a
 * doubling before it holds. V8's memory reducer may still shrink it when idle, after
 * which it can grow back to the cap.
 *
 * Measured (docs/performance.md): a 4 MiB cap keeps a 100 MiB transfer's RSS growth to
 * ≈ 10 MB and costs no CPU at moderate load; at saturation scavenges are more frequent.
 */

const MiB = 2 ** 20;
/** The cap unless the operator chooses another (the option's default). */
export const DEFAULT_YOUNG_GENERATION_MIB = 4;
/** V8's own growth factor, restored below the cap. */
const V8_GROWTH_FACTOR = 2;

let observer: PerformanceObserver | undefined;
let capBytes = 0;
let growing = true;

/** The young generation's current semi-space size in bytes. */
export function semiSpaceBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}

function setGrowing(next: boolean): void {
  if (next === growing) return;
  growing = next;
  setFlagsFromString(`--semi-space-growth-factor=${next ? V8_GROWTH_FACTOR : 1}`);
}

/** After every collection: may the semi-space still double? */
function enforce(): void {
  setGrowing(semiSpaceBytes() < capBytes);
}

/**
 * Caps the young generation's semi-space at `mib` MiB (a power of two from 1 to 16
 * takes effect exactly; others round up to the next doubling). 0 removes the cap and
 * leaves V8 to its defaults. Calling it again replaces the cap.
 */
export function capYoungGeneration(mib: number): void {
  capBytes = mib * MiB;
  if (mib === 0) {
    observer?.disconnect();
    observer = undefined;
    setGrowing(true);
    return;
  }
  if (!observer) {
    observer = new PerformanceObserver(enforce);
    observer.observe({ entryTypes: ["gc"] });
  }
  enforce();
}
