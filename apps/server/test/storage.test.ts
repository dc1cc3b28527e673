import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScenarioOnCommand } from "./support/privacyScenario.js";

/**
 * Zero storage (F12): the real `sanctuary` command runs under `strace -f` through the
 * whole privacy scenario and a SIGTERM shutdown; every call that could leave something
 * on disk is recorded, and none may touch a path outside /dev, /proc and /sys (reads
 * anywhere are fine). strace is required: scripts/system-deps.sh installs it, and this
 * test fails rather than skips without it.
 */
const TRACED = [
  "open",
  "openat",
  "openat2",
  "creat",
  "rename",
  "renameat",
  "renameat2",
  "unlink",
  "unlinkat",
  "mkdir",
  "mkdirat",
  "rmdir",
  "link",
  "linkat",
  "symlink",
  "symlinkat",
  "truncate",
  "ftruncate",
];
const WRITE_FLAGS = /\b(O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND|O_TMPFILE)\b/;
const ALLOWED = /^"\/(dev|proc|sys)\//;

interface TraceFindings {
  /** Calls that wrote, created, renamed or deleted something outside /dev, /proc, /sys. */
  writes: string[];
  /** Every path opened for reading (for docs/privacy.md). */
  reads: string[];
  calls: number;
}

/** Reads an `strace -f -o` log: one call per line, `PID name(args) = result`. */
function analyseTrace(log: string): TraceFindings {
  const writes: string[] = [];
  const reads = new Set<string>();
  let calls = 0;
  for (const raw of log.split("\n")) {
    // Calls split by a context switch come as "<unfinished ...>" and "<... name resumed>".
    const line = raw.replace(/^\d+\s+/, "");
    const call = /^(\w+)\((.*)$/.exec(line);
    if (!call || !TRACED.includes(call[1] as string)) continue;
    calls++;
    const [, name, rest = ""] = call;
    const paths = [...rest.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => m[0]);
    if (name === "ftruncate") {
      writes.push(line);
      continue;
    }
    if (name === "open" || name === "openat" || name === "openat2") {
      const path = paths[0];
      if (path === undefined) continue;
      if (WRITE_FLAGS.test(rest)) {
        if (!ALLOWED.test(path)) writes.push(line);
      } else if (!/= -1 /.test(line)) {
        reads.add(path.slice(1, -1));
      }
      continue;
    }
    // creat, rename*, unlink*, mkdir*, rmdir, link*, symlink*, truncate.
    if (paths.length === 0 || paths.some((p) => !ALLOWED.test(p))) writes.push(line);
  }
  return { writes, reads: [...reads].sort(), calls };
}

function hasStrace(): boolean {
  try {
    execFileSync("strace", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("zero storage", () => {
  it("strace is installed (scripts/system-deps.sh)", () => {
    expect(hasStrace(), "strace is missing: run `bash scripts/system-deps.sh`").toBe(true);
  });

  it("writes, creates, renames and deletes no file through a whole scenario and shutdown", async () => {
    expect(hasStrace(), "strace is missing: run `bash scripts/system-deps.sh`").toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "sanctuary-strace-"));
    const log = join(dir, "trace.log");
    try {
      const { exitCode } = await runScenarioOnCommand(["--quiet"], {
        wrapper: ["strace", "-f", "-qq", "-e", `trace=${TRACED.join(",")}`, "-o", log],
      });
      expect(exitCode).toBe(0);
      const findings = analyseTrace(readFileSync(log, "utf8"));
      // The trace really is of the server: Node read its own modules.
      expect(findings.calls).toBeGreaterThan(50);
      expect(findings.reads.some((p) => p.endsWith("/apps/server/dist/main.js"))).toBe(true);
      expect(findings.writes).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("the analysis catches writes (a trace with one of each)", () => {
    const log = [
      '123 openat(AT_FDCWD, "/srv/app/node_modules/x.js", O_RDONLY|O_CLOEXEC) = 21',
      '123 openat(AT_FDCWD, "/dev/null", O_RDWR|O_CLOEXEC) = 22',
      '123 openat(AT_FDCWD, "/tmp/chat.log", O_WRONLY|O_CREAT|O_APPEND, 0644) = 23',
      '124 renameat2(AT_FDCWD, "/tmp/a", AT_FDCWD, "/tmp/b", 0) = 0',
      '124 unlink("/var/tmp/x") = 0',
      '124 mkdir("/home/u/.cache", 0755) = 0',
      "124 ftruncate(23, 0) = 0",
    ].join("\n");
    const findings = analyseTrace(log);
    expect(findings.reads).toEqual(["/srv/app/node_modules/x.js"]);
    expect(findings.writes).toHaveLength(5);
  });
});
