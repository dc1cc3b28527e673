#!/usr/bin/env node
// Nothing phoned home (F46): every script of the project that runs Turborepo turns its
// telemetry off, and neither `npm start` nor a Turborepo-running npm script prints
// Turborepo's telemetry notice. The scripts run without the variables in the
// environment and with an empty config directory, where Turborepo would print its
// notice on first use if telemetry were on. Needs a build (`npm test` builds first).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
// Turborepo's first-run notice ("Attention: Turborepo now collects completely anonymous telemetry …").
const NOTICE = /Attention:|anonymous telemetry|docs\/telemetry/i;
const problems = [];

// 1. Every script that runs turbo sets both variables itself.
const rootPkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const manifests = ["package.json", ...rootPkg.workspaces.map((w) => join(w, "package.json"))];
for (const manifest of manifests) {
  const scripts = JSON.parse(readFileSync(join(ROOT, manifest), "utf8")).scripts ?? {};
  for (const [name, command] of Object.entries(scripts)) {
    for (const part of command.split(/&&|\|\||;/)) {
      if (
        /\bturbo\b/.test(part) &&
        !(part.includes("TURBO_TELEMETRY_DISABLED=1") && part.includes("DO_NOT_TRACK=1"))
      ) {
        problems.push(
          `${manifest} script "${name}" runs turbo without TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1`,
        );
      }
    }
  }
}
const scriptFiles = [...readdirSync(join(ROOT, "scripts")).map((f) => join("scripts", f)), ".ci/run"].filter(
  (f) => /\.(sh|js)$|run$/.test(f) && !f.endsWith("check-no-telemetry.js"),
);
for (const file of scriptFiles) {
  let text;
  try {
    text = readFileSync(join(ROOT, file), "utf8");
  } catch {
    continue;
  }
  if (
    /\bturbo\b/.test(text) &&
    !(/TURBO_TELEMETRY_DISABLED[=:]\s*"?1/.test(text) && /DO_NOT_TRACK[=:]\s*"?1/.test(text))
  ) {
    problems.push(`${file} runs turbo without turning its telemetry off`);
  }
}

// 2. What the scripts print, from an environment that does not turn telemetry off.
const config = mkdtempSync(join(tmpdir(), "sanctuary-telemetry-"));
const env = { ...process.env, XDG_CONFIG_HOME: config };
delete env.TURBO_TELEMETRY_DISABLED;
delete env.DO_NOT_TRACK;

/** Runs `npm <args>` until it exits or `until(output)` holds; resolves with its output. */
function run(args, until = () => false, timeoutMs = 120_000) {
  return new Promise((resolve) => {
    const child = spawn("npm", args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const finish = () => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
      resolve(output);
    };
    const timer = setTimeout(() => {
      output += "\n[timed out]";
      finish();
    }, timeoutMs);
    const collect = (chunk) => {
      output += chunk;
      if (until(output)) finish();
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("exit", finish);
  });
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const outputs = {
  "npm run build": await run(["run", "build"]),
  [`npm start -- --port ${port}`]: await run(["start", "--", "--port", String(port), "--quiet"], (out) =>
    out.includes(`:${port}/`),
  ),
};
rmSync(config, { recursive: true, force: true });
for (const [command, output] of Object.entries(outputs)) {
  if (NOTICE.test(output) || output.includes("[timed out]")) {
    problems.push(`${command} printed a telemetry notice or did not finish:\n${output}`);
  }
}
if (!outputs[`npm start -- --port ${port}`].includes(`:${port}/`))
  problems.push("npm start did not start the server");

if (problems.length > 0) {
  for (const problem of problems) console.error(`check-no-telemetry: ${problem}`);
  process.exit(1);
}
console.log("check-no-telemetry: no script sends or announces telemetry");
