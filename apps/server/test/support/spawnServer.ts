import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built `sanctuary` command (test/support/buildOnce.ts builds it first). */
export const MAIN_JS = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface SpawnedServer {
  /** The process that was started (strace, when wrapped). */
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` as the banner printed it. */
  url: string;
  /** Everything printed so far on stdout and on stderr. */
  stdout(): string;
  stderr(): string;
  /** The PID of the node process itself (the child of strace when wrapped). */
  nodePid(): number;
  /** Sends `signal` to the node process and resolves with its exit code once all has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real server on 127.0.0.1 and a free port, optionally under `wrapper`
 * (e.g. strace), and resolves once its banner names the URL. The environment is
 * minimal (PATH only, plus `env`), so nothing the test runner set leaks in.
 */
export function spawnServer(
  args: readonly string[],
  options: { wrapper?: readonly string[]; env?: Record<string, string> } = {},
): Promise<SpawnedServer> {
  const wrapper = options.wrapper ?? [];
  const command = [...wrapper, process.execPath, MAIN_JS, "--host", "127.0.0.1", "--port", "0", ...args];
  const [file, ...rest] = command as [string, ...string[]];
  const child = spawn(file, rest, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "", ...options.env },
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d;
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const nodePid = () => {
    if (wrapper.length === 0) return child.pid as number;
    // The traced node is the wrapper's only child.
    const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim();
    return Number(children.split(/\s+/)[0]);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out} ${err}`)), 15_000);
    const onData = () => {
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (!match || !out.includes("\n")) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve({
        child,
        url: `http://127.0.0.1:${match[1]}`,
        stdout: () => out,
        stderr: () => err,
        nodePid,
        async stop(signal = "SIGTERM") {
          if (child.exitCode !== null) return child.exitCode;
          process.kill(nodePid(), signal);
          return exited;
        },
      });
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening: ${out} ${err}`));
    });
  });
}
