import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const RELEASE = join(ROOT, "release");

/**
 * The release tarball installed as a user would (`npm install -g`, offline) into a
 * temporary prefix: its `sanctuary` command, run from an empty directory. `npm test`
 * packs the tarball before the end-to-end tests; run alone, this packs it if missing.
 */
export class InstalledPackage {
  readonly prefix = mkdtempSync(join(tmpdir(), "sanctuary-prefix-"));
  readonly cwd = mkdtempSync(join(tmpdir(), "sanctuary-cwd-"));
  readonly bin = join(this.prefix, "bin", "sanctuary");
  readonly home = join(this.prefix, "lib", "node_modules", "sanctuary");
  private readonly running: ChildProcess[] = [];

  static install(): InstalledPackage {
    if (!tarball())
      execFileSync("node", ["scripts/package.js", "--no-build"], { cwd: ROOT, stdio: "ignore" });
    const installed = new InstalledPackage();
    execFileSync(
      "npm",
      [
        "install",
        "-g",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--prefix",
        installed.prefix,
        tarball() as string,
      ],
      { cwd: installed.cwd, stdio: "ignore" },
    );
    return installed;
  }

  /** Runs the command to completion: its exit code and everything it printed. */
  run(args: string[]): { code: number; stdout: string; stderr: string } {
    try {
      const stdout = execFileSync(this.bin, args, { cwd: this.cwd, encoding: "utf8", stdio: "pipe" });
      return { code: 0, stdout, stderr: "" };
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      return { code: e.status, stdout: e.stdout, stderr: e.stderr };
    }
  }

  /** Starts `sanctuary` on `port` and resolves with its banner once /healthz answers. */
  async start(port: number, args: string[] = []): Promise<string> {
    const child = spawn(this.bin, ["--port", String(port), ...args], { cwd: this.cwd, stdio: "pipe" });
    this.running.push(child);
    let banner = "";
    child.stdout?.on("data", (chunk) => {
      banner += chunk;
    });
    for (let i = 0; i < 300; i++) {
      if (child.exitCode !== null) throw new Error(`sanctuary exited with ${child.exitCode}`);
      const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      // The banner (or with --quiet its one URL) is written once listening.
      if (up && banner.includes(`:${port}/`)) return banner;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("sanctuary did not answer /healthz within 30 s");
  }

  /** Stops every started server and removes the prefix and the working directory. */
  async remove(): Promise<void> {
    for (const child of this.running) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    }
    rmSync(this.prefix, { recursive: true, force: true });
    rmSync(this.cwd, { recursive: true, force: true });
  }
}

function tarball(): string | undefined {
  if (!existsSync(RELEASE)) return undefined;
  const file = readdirSync(RELEASE).find((f) => /^sanctuary-.*\.tgz$/.test(f));
  return file && join(RELEASE, file);
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}
