import { setFlagsFromString } from "node:v8";

/**
 * V8's optimizing compiler (TurboFan) held back while the server starts.
 *
 * Loading the server makes a handful of functions hot for a moment (Node's path and
 * module resolution, the lexer that finds a CommonJS module's exports for an `import`),
 * and optimizing them pages TurboFan's own machine code in: ≈ 4 MB of the `node` binary
 * stay resident in a server that then sits idle (docs/performance.md, "Changes kept"). Started
 * interpreted, the server brings the compiler in when real traffic makes something hot.
 * V8 reads the flag at each tiering decision, so it is switched back on once the server
 * listens, and functions that were hot during start-up can still be optimized later.
 * An operator who chose the tiers (`--no-opt`, `--jitless`, … on Node's command line or
 * in NODE_OPTIONS) is left alone.
 */

const OPERATOR_TIERING = /--(no-)?(opt|turbofan|jitless|max-opt)\b/;

let held = false;

function operatorChoseTiering(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((arg) => OPERATOR_TIERING.test(arg));
}

/** Until {@link releaseOptimizer}: functions run in V8's interpreter and baseline tiers only. */
export function holdOptimizer(): void {
  if (held || operatorChoseTiering()) return;
  setFlagsFromString("--no-turbofan");
  held = true;
}

/** The optimizing compiler back, as V8 would have it. */
export function releaseOptimizer(): void {
  if (!held) return;
  held = false;
  setFlagsFromString("--turbofan");
}
