#!/usr/bin/env node
// The host files (F48): deploy/sanctuary.service passes `systemd-analyze verify` with no
// warning and keeps its hardening; deploy/Containerfile installs the tarball that
// `npm run package` writes, as a non-root user, with no volume. Run after the package
// step of `npm test` (it reads release/).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const problems = [];
const unit = readFileSync(join(ROOT, "deploy/sanctuary.service"), "utf8");

const REQUIRED = [
  "DynamicUser=yes",
  "ProtectSystem=strict",
  "ProtectHome=yes",
  "PrivateTmp=yes",
  "NoNewPrivileges=yes",
  "MemoryMax=512M",
  "Restart=on-failure",
  "ExecStart=/usr/local/bin/sanctuary ",
];
for (const line of REQUIRED)
  if (!unit.includes(`\n${line}`)) problems.push(`sanctuary.service lacks ${line}`);
for (const writable of ["ReadWritePaths", "StateDirectory", "CacheDirectory", "LogsDirectory"]) {
  if (new RegExp(`^${writable}=`, "m").test(unit)) problems.push(`sanctuary.service grants ${writable}`);
}

if (spawnSync("systemd-analyze", ["--version"]).status === 0) {
  // verify checks that ExecStart exists: point it at an executable this machine has.
  const dir = mkdtempSync(join(tmpdir(), "sanctuary-unit-"));
  const copy = join(dir, "sanctuary.service");
  writeFileSync(copy, unit.replace("/usr/local/bin/sanctuary", process.execPath));
  const verify = spawnSync("systemd-analyze", ["verify", copy], { encoding: "utf8" });
  rmSync(dir, { recursive: true, force: true });
  const said = `${verify.stdout}${verify.stderr}`.trim();
  if (verify.status !== 0 || said !== "")
    problems.push(`systemd-analyze verify: ${said || `exit ${verify.status}`}`);
  else console.log("check-deploy: systemd-analyze verify accepts deploy/sanctuary.service");
} else {
  console.log("check-deploy: SKIPPED systemd-analyze verify — systemd-analyze is not installed here");
}

const containerfile = readFileSync(join(ROOT, "deploy/Containerfile"), "utf8");
const copied = /^COPY (release\/\S+) /m.exec(containerfile)?.[1];
const tarballs = readdirSync(join(ROOT, "release")).filter((f) => f.endsWith(".tgz"));
const pattern =
  copied && new RegExp(`^${copied.replace("release/", "").replace(".", "\\.").replace("*", "[^/]+")}$`);
if (tarballs.length !== 1) problems.push(`release/ should hold one tarball, holds ${tarballs.length}`);
else if (!pattern?.test(tarballs[0]))
  problems.push(`Containerfile copies ${copied}, the package is ${tarballs[0]}`);
if (!/^FROM node:20-slim$/m.test(containerfile)) problems.push("Containerfile is not FROM node:20-slim");
if (!/^USER (?!root\b|0\b)\S+$/m.test(containerfile)) problems.push("Containerfile runs as root");
if (/^VOLUME/m.test(containerfile)) problems.push("Containerfile declares a volume");

if (process.argv.includes("--build-image")) {
  execFileSync("docker", ["build", "-f", "deploy/Containerfile", "-t", "sanctuary-test", "."], {
    cwd: ROOT,
    stdio: "inherit",
  });
} else {
  console.log("check-deploy: container image not built (run with --build-image where Docker runs)");
}

if (problems.length > 0) {
  for (const problem of problems) console.error(`check-deploy: ${problem}`);
  process.exit(1);
}
console.log("check-deploy: unit and container file match the package");
