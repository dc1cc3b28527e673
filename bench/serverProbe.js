/**
 * Runs the production `sanctuary` binary (apps/server/dist/main.js, unchanged: same
 * option parsing, same createServer, same banner) inside this process, and adds only the
 * bench's probe: memory (after gc) and CPU usage over the fork IPC channel.
 *
 *   fork("bench/serverProbe.js", ["--port", "0", "--host", "127.0.0.1", "--quiet", ...],
 *        { execArgv: ["--expose-gc"] })
 *
 * `--expose-gc` only makes `gc()` callable; it changes no collector behaviour. The
 * server prints its URL (with --quiet, one line) on stdout; the bench reads the port
 * from it.
 */
import { fileURLToPath } from "node:url";
import { answerProbes } from "./probe.js";

// BENCH_SERVER_MAIN runs another build of the server (abCompare.js sets it; an older
// commit's for a before/after, docs/performance.md "Reproducing").
const main =
  process.env.BENCH_SERVER_MAIN ?? fileURLToPath(new URL("../apps/server/dist/main.js", import.meta.url));
process.argv = [process.argv[0] ?? "node", main, ...process.argv.slice(2)];
// When the bench goes away, stop the way an operator would: SIGTERM (graceful close).
answerProbes(() => process.kill(process.pid, "SIGTERM"));
await import(main);
