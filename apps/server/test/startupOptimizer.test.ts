import { type ChildProcess, spawn } from "node:child_process";
import { request } from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

/**
 * The `sanctuary` command starts without V8's optimizing compiler and hands it back once
 * it listens (startupOptimizer.ts): an idle server then never pages TurboFan's code in.
 * Seen from outside through V8's own trace (`--trace-opt`), in a process of its own.
 */

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));
const OPTIMIZED = /completed optimizing/;

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
  child = undefined;
});

interface Started {
  url: string;
  /** Trace lines printed before the server's URL. */
  beforeListening: string[];
  /** Every trace line so far (it keeps growing). */
  lines: string[];
}

function start(nodeFlags: string[]): Promise<Started> {
  const proc = spawn(
    process.execPath,
    [...nodeFlags, "--trace-opt", MAIN, "--host", "127.0.0.1", "--port", "0", "--quiet"],
    { stdio: ["ignore", "pipe", "ignore"], env: { PATH: process.env.PATH ?? "" } },
  );
  child = proc;
  const lines: string[] = [];
  let rest = "";
  return new Promise((resolve, reject) => {
    let started: Started | undefined;
    proc.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        const url = /^https?:\/\/\S+/.exec(line);
        if (url && !started) {
          started = { url: url[0], beforeListening: lines.slice(0, -1), lines };
          resolve(started);
        }
      }
    });
    proc.once("exit", () => reject(new Error("the server exited before listening")));
  });
}

/** Sequential GETs of /healthz: enough calls to make the request path hot. */
async function hammer(url: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    await new Promise<void>((resolve, reject) => {
      request(new URL("/healthz", url), (res) => {
        res.resume();
        res.on("end", resolve);
      })
        .on("error", reject)
        .end();
    });
  }
}

async function optimizedWithin(lines: string[], ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (lines.some((l) => OPTIMIZED.test(l))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return lines.some((l) => OPTIMIZED.test(l));
}

describe("the optimizing compiler at start-up", () => {
  it("is held while the server starts and works again once it listens", { timeout: 60_000 }, async () => {
    const server = await start([]);
    expect(server.beforeListening.filter((l) => OPTIMIZED.test(l))).toEqual([]);
    await hammer(server.url, 3000);
    expect(await optimizedWithin(server.lines, 5000)).toBe(true);
  });

  it("is left as the operator set it (node --no-opt)", { timeout: 60_000 }, async () => {
    const server = await start(["--no-opt"]);
    await hammer(server.url, 3000);
    expect(await optimizedWithin(server.lines, 1000)).toBe(false);
  });
});
