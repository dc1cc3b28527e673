#!/usr/bin/env node
// `npm start [-- options]`: builds the server and the web app only when a build is
// missing or older than its sources (Turborepo, telemetry off), then runs the
// `sanctuary` command in this process with the given options.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** What `sanctuary` runs on, each with the inputs of its build. */
const WORKSPACES = ["packages/protocol", "packages/client", "apps/server", "apps/web"];
const INPUTS = [
  "src",
  "index.html",
  "public",
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "vite.config.ts",
];

/** Newest modification time under `path` (0 when absent). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function isStale(workspace) {
  const dir = join(ROOT, workspace);
  const built = newest(join(dir, "dist"));
  return built === 0 || INPUTS.some((input) => newest(join(dir, input)) > built);
}

if (WORKSPACES.some(isStale)) {
  execFileSync("npx", ["turbo", "run", "build", "--filter=@sanctuary/web...", "--output-logs=errors-only"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  });
}

// main.js reads its options from process.argv.slice(2): the ones given to this script.
await import("../apps/server/dist/main.js");
