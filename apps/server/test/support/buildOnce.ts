import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Vitest global setup: compiles the server once before any test file runs, so every
 * test that spawns the real `sanctuary` command (dist/main.js) runs the current source,
 * and no two test files race to write dist/ at the same time.
 */
export default function buildOnce(): void {
  const serverDir = fileURLToPath(new URL("../..", import.meta.url));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: serverDir, stdio: "inherit" });
}
