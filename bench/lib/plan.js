/**
 * The bench's command line and everything that follows from it: quick or full mode,
 * the development switches, the scale-out cluster sizes, and the fixed setup (rooms,
 * limits, thresholds, server flags) shared by every phase.
 */

const args = process.argv.slice(2);
export const full = args.includes("--full");
export const mode = full ? "full" : "quick";
/** Development aid: `--fanout-only` skips the memory and churn phases (no JSON is written). */
export const fanoutOnly = args.includes("--fanout-only");
/**
 * The fan-out's Sanctuary members: plain `ws` connections writing Socket.IO's frames
 * (load/wireMember.js), which cost the load generator what the relay's client costs;
 * `--sdk-client` uses the kit's socket.io-client members instead (docs/performance.md).
 */
export const fanoutClient = args.includes("--sdk-client") ? "sdk" : "wire";
/** Development aid: `--memory-only` measures idle heap and idle members only (no JSON). */
export const memoryOnly = args.includes("--memory-only");
/**
 * Scale-out (F19, docs/scaling.md): `--nodes N` runs only the fan-out against N server processes
 * sharing rooms through a private Redis; `--scale-out` runs one node without Redis as the
 * reference, then 1, 2 and 3 nodes with Redis, in one go.
 */
export const nodeCounts = parseNodeCounts();
/**
 * Development aid: `--cpu-prof <dir>` runs the Sanctuary server with Node's `--cpu-prof`,
 * writing its profile to <dir> when it stops (summarise it with bench/profileTop.js).
 */
export const serverExecArgv = cpuProfArgs();

function cpuProfArgs() {
  const i = args.indexOf("--cpu-prof");
  if (i < 0) return [];
  const dir = args[i + 1];
  if (!dir || dir.startsWith("--")) {
    console.error("bench: --cpu-prof takes a directory");
    process.exit(2);
  }
  return ["--cpu-prof", `--cpu-prof-dir=${dir}`];
}

function parseNodeCounts() {
  if (args.includes("--scale-out")) return [0, 1, 2, 3];
  const i = args.findIndex((a) => a === "--nodes" || a.startsWith("--nodes="));
  if (i < 0) return null;
  const arg = args[i] ?? "";
  const raw = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[i + 1];
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 8) {
    console.error(`bench: --nodes takes a whole number from 1 to 8 (got ${raw ?? "nothing"})`);
    process.exit(2);
  }
  return [n];
}

export const KiB = 1024;
export const MiB = 1024 * 1024;

/** Everything that differs between quick and full mode. */
export const plan = full
  ? {
      workers: 2,
      fixedRate: 50,
      fixedStepMs: 10_000,
      stepMs: 5000,
      drainMs: 3000,
      firstRate: 500,
      maxRate: 200_000,
      bisections: 4,
      retries: 2,
      idleCounts: [1000, 5000],
      churnCycles: 10_000,
      churnWarmup: 2000,
      noisyRetries: 3,
    }
  : {
      workers: 2,
      fixedRate: 50,
      fixedStepMs: 2000,
      stepMs: 1000,
      drainMs: 1500,
      firstRate: 2000,
      maxRate: 200_000,
      bisections: 2,
      retries: 0,
      idleCounts: [1000, 5000],
      churnCycles: 2000,
      // As long as full mode's: after 500 the first-half growth was still warm-up (JIT
      // code, pools), and the second half flat, which read as growth over 2,000 cycles.
      churnWarmup: 2000,
      noisyRetries: 1,
    };
export const ROOMS = 20;
export const MEMBERS = 5;
export const IDLE_ROOM_SIZE = 25;
export const P99_LIMIT_MS = 50;
/** A step also fails when fewer than this share of receipts arrived by the end of its drain. */
export const MIN_DELIVERED = 0.99;
/**
 * What "no heap growth beyond noise" allows: the gc'd heap of the same idle server moves
 * by up to ±0.3 MiB between identical states (JIT code, feedback, pools), so 512 KiB;
 * at 10,000 cycles that is 52 bytes per cycle, less than one leaked small object.
 */
export const CHURN_NOISE_BYTES = 512 * KiB;
/** Other processes' share of the machine (100 = one core) above which a step is "noisy". */
export const NOISY_CPU_PERCENT = 30;
/** A hard stop for the whole run, whatever happens (per cluster size with --nodes/--scale-out). */
export const RUN_DEADLINE_MS = (full ? 20 * 60_000 : 5 * 60_000) * (nodeCounts?.length ?? 1);

/** Abuse limits raised so the bench measures the relay, not the limiter's refusals. */
export const SERVER_FLAGS = [
  "--host",
  "127.0.0.1",
  "--port",
  "0",
  "--quiet",
  "--max-message-rate",
  "100000",
  "--max-address-rate",
  "1000000",
  "--max-rooms-per-minute",
  "1000000",
  "--max-connections-per-address",
  "1000000",
  "--max-join-failures",
  "1000000",
  "--max-room-join-failures",
  "1000000",
  "--max-lookups-per-minute",
  "1000000",
  "--max-live-rooms-per-address",
  "1000000",
  "--max-rooms-per-connection",
  "10000",
  "--max-rooms",
  "100000",
  // Past its highest rate the load generator itself reads too slowly, and the write cap
  // would cut its members off as slow consumers (the relay has no cap): 1 GiB instead.
  "--max-socket-buffer",
  "1048576",
  // Byte rates: every bench member comes from 127.0.0.1, one address group.
  "--message-byte-rate",
  "0",
  "--message-address-byte-rate",
  "0",
  "--room-byte-rate",
  "0",
];
