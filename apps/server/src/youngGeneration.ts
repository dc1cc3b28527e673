import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/**
 * The cap on V8's young generation (`--young-generation`), held from inside the process.
 *
 * Under load V8 doubles the young generation (two semi-spaces) up to 32 MiB and, once
 * scavenges have cycled through the pages, they stay resident: a relay moving a 100 MiB
 * file or a burst of chat grows by ≈ 35 MB that way, which is most of a small host's
 * budget. `--max-semi-space-size` would cap it, but V8 reads heap sizes only when the
 * process starts, before any script runs, and `node dist/main.js` or a systemd unit
 * should not need extra flags to be lean. The growth factor, though, is read at every
 * growth: while the young generation is below the cap it may double; once it reaches the cap
 * the factor is 1 and it stays. Below the cap the check runs after every collection, a
 * turn or two late, so a burst that keeps megabytes alive across consecutive scavenges can
 * overshoot by a doubling before it holds. At the cap nothing can grow, so collections go
 * unwatched (a relay under load collects dozens of times a second, and Node's observer
 * cost 1.4 % of the server's busy time at 16,000 msg/s): an unref'd timer looks every
 * {@link AT_CAP_CHECK_MS} ms for V8's memory reducer having shrunk it when idle, and lets
 * it grow back to the cap.
 *
 * Measured (docs/performance.md): a 4 MiB cap (2 MiB semi-spaces) keeps a cold server's
 * RSS growth during a 100 MiB transfer to 10–14 MiB instead of ≈ 37, for 4–11 % more
 * CPU per delivery under fan-out load (more, shorter scavenges).
 */

const MiB = 2 ** 20;
/** The cap unless the operator chooses another (the option's default). */
export const DEFAULT_YOUNG_GENERATION_MIB = 4;
/** V8's own growth factor, restored below the cap. */
const V8_GROWTH_FACTOR = 2;

/** How often a young generation at the cap is checked for having been shrunk. */
export const AT_CAP_CHECK_MS = 2000;

let observer: PerformanceObserver | undefined;
let timer: NodeJS.Timeout | undefined;
let capBytes = 0;
let growing = true;

/** The young generation's current size in bytes (both semi-spaces; V8's "new_space"). */
export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((space) => space.space_name === "new_space")?.space_size ?? 0;
}

/** Whether the cap is watching every collection (true only while below a cap). */
export function watchesCollections(): boolean {
  return observer !== undefined;
}

function setGrowing(next: boolean): void {
  if (next === growing) return;
  growing = next;
  setFlagsFromString(`--semi-space-growth-factor=${next ? V8_GROWTH_FACTOR : 1}`);
}

function unwatch(): void {
  observer?.disconnect();
  observer = undefined;
  clearInterval(timer);
  timer = undefined;
}

/** Below the cap it may double, and every collection is watched; at the cap a timer waits for a shrink. */
function enforce(): void {
  const below = youngGenerationBytes() < capBytes;
  setGrowing(below);
  if (below && !observer) {
    unwatch();
    observer = new PerformanceObserver(enforce);
    observer.observe({ entryTypes: ["gc"] });
  } else if (!below && !timer) {
    unwatch();
    timer = setInterval(enforce, AT_CAP_CHECK_MS);
    timer.unref();
  }
}

/**
 * Caps the young generation at `mib` MiB, both semi-spaces together (a power of two from
 * 2 to 32 takes effect exactly; others round up to the next doubling). 0 removes the cap
 * and leaves V8 to its defaults. Calling it again replaces the cap.
 */
export function capYoungGeneration(mib: number): void {
  capBytes = mib * MiB;
  if (mib === 0) {
    unwatch();
    setGrowing(true);
    return;
  }
  enforce();
}
