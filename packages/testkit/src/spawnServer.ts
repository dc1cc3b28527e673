import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RAISED_LIMITS } from "./inProcessServer.js";

/** The built `sanctuary` command of this repository (`npx turbo run build` makes it). */
export const SERVER_MAIN_JS = fileURLToPath(new URL("../../../apps/server/dist/main.js", import.meta.url));

/** `RAISED_LIMITS` as command-line flags, for a spawned server whose clients share one address. */
export const RAISED_LIMIT_FLAGS: readonly string[] = Object.entries(RAISED_LIMITS).flatMap(
  ([name, value]) => [`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(value)],
);

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

export interface SpawnServerOptions {
  /** A command to run node under, e.g. `["strace", "-f", ...]`. */
  wrapper?: readonly string[];
  /** Environment besides PATH (nothing else of the caller's leaks in). */
  env?: Record<string, string>;
  /** The script to run (default `SERVER_MAIN_JS`). */
  main?: string;
  /** How long to wait for the banner, in ms (default 15000). */
  startTimeoutMs?: number;
}

/**
 * Starts the built server as a child process on 127.0.0.1 and a free port (`--port 0`),
 * optionally under `wrapper`, and resolves once its banner names the URL. Its abuse
 * limits are the defaults unless `args` say otherwise (see `RAISED_LIMIT_FLAGS`).
 */
export function spawnServer(
  args: readonly string[],
  options: SpawnServerOptions = {},
): Promise<SpawnedServer> {
  const wrapper = options.wrapper ?? [];
  const main = options.main ?? SERVER_MAIN_JS;
  const command = [...wrapper, process.execPath, main, "--host", "127.0.0.1", "--port", "0", ...args];
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
    const timer = setTimeout(() => {
      // Nothing outlives a start that failed.
      child.kill("SIGKILL");
      reject(new Error(`no URL printed: ${out} ${err}`));
    }, options.startTimeoutMs ?? 15_000);
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
          if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
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
