import { type ChildProcess, spawn } from "node:child_process";
import { request as httpsRequest } from "node:https";
import { fileURLToPath } from "node:url";
import { KDF_DEFAULT } from "@sanctuary/protocol";
import { io as connect } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { b64, once, request } from "./helpers.js";
import { makeTestCert, type TestCert } from "./tlsCert.js";

/**
 * The real `sanctuary` command (dist/main.js) as an operator runs it, on port 0: with
 * --quiet it prints only its first URL, which tells the test the port it got.
 */
const mainJs = fileURLToPath(new URL("../dist/main.js", import.meta.url));

const running: ChildProcess[] = [];

function start(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [mainJs, "--port", "0", "--quiet", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env.PATH ?? "" },
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out} ${err}`)), 5000);
    child.stderr?.on("data", (d: Buffer) => {
      err += d;
    });
    child.stdout?.on("data", (d: Buffer) => {
      out += d;
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) {
        clearTimeout(timer);
        resolve({ child, url: line.trim() });
      }
    });
    child.once("exit", (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [mainJs, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d;
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d;
  });
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

const portOf = (url: string) => new URL(url).port;

async function healthy(base: string): Promise<boolean> {
  try {
    return (await fetch(`${base}/healthz`)).ok;
  } catch {
    return false;
  }
}

/** A Socket.IO client creating a room, as the web app would. */
async function createsRoom(base: string): Promise<boolean> {
  const lobby = connect(base, { forceNew: true, reconnection: false, transports: ["websocket"] });
  try {
    await once(lobby, "connect");
    const res = await request(lobby, "room:create", {
      salt: b64(16),
      kdf: { ...KDF_DEFAULT },
      authKey: b64(32),
    });
    return res.ok;
  } finally {
    lobby.disconnect();
  }
}

describe("the sanctuary command (dist/main.js)", () => {
  let cert: TestCert;
  beforeAll(() => {
    // dist/ was built from the current source by test/support/buildOnce.ts.
    cert = makeTestCert();
  });
  afterAll(() => cert.remove());
  afterEach(async () => {
    for (const child of running.splice(0)) {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    }
  });

  it("by default (dual stack) accepts clients on 127.0.0.1 and [::1]", async () => {
    const { url } = await start([]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = portOf(url);
    for (const base of [`http://127.0.0.1:${port}`, `http://[::1]:${port}`]) {
      expect(await healthy(base), base).toBe(true);
      expect(await createsRoom(base), base).toBe(true);
    }
  });

  it("-4 serves 127.0.0.1 and refuses [::1]", async () => {
    const { url } = await start(["-4"]);
    const port = portOf(url);
    expect(await healthy(`http://127.0.0.1:${port}`)).toBe(true);
    expect(await healthy(`http://[::1]:${port}`)).toBe(false);
  });

  it("-6 serves [::1] and refuses 127.0.0.1", async () => {
    const { url } = await start(["-6"]);
    expect(url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
    const port = portOf(url);
    expect(await healthy(`http://[::1]:${port}`)).toBe(true);
    expect(await createsRoom(`http://[::1]:${port}`)).toBe(true);
    expect(await healthy(`http://127.0.0.1:${port}`)).toBe(false);
  });

  it("--tls-cert/--tls-key serve HTTPS with HSTS", async () => {
    const { url } = await start([
      "--host",
      "127.0.0.1",
      "--tls-cert",
      cert.certFile,
      "--tls-key",
      cert.keyFile,
    ]);
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      httpsRequest(`${url}healthz`, { ca: cert.cert }, (res) => {
        res.resume();
        resolve(res.headers);
      })
        .on("error", reject)
        .end();
    });
    expect(headers["strict-transport-security"]).toContain("max-age=");
  });

  it("prints the full banner with the plain-http line unless --quiet", async () => {
    const child = spawn(process.execPath, [mainJs, "--port", "0", "--host", "127.0.0.1"], {
      stdio: ["ignore", "pipe", "ignore"],
    });
    running.push(child);
    let out = "";
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d;
        if (out.includes("Ctrl+C")) resolve();
      });
    });
    expect(out).toMatch(/^Sanctuary \d+\.\d+\.\d+ is running/);
    expect(out).toMatch(/No TLS: .* end-to-end encrypted\. Add --tls-cert/);
  });

  it("a bad value is one line on stderr and exit code 2, never a stack trace", async () => {
    for (const args of [
      ["--port", "abc"],
      ["--redis", "redis://127.0.0.1:6379"],
      ["--redis", "nope"],
      ["--max-text-bytes", "99999999"],
      ["--max-alias-length", "0"],
      ["--tls-cert", "/nonexistent/c", "--tls-key", "/nonexistent/k"],
      ["--tls-cert", cert.keyFile, "--tls-key", cert.certFile],
      ["--bogus"],
    ]) {
      const { code, stdout, stderr } = await run(args);
      expect(code, args.join(" ")).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
    }
    const redis = await run(["--redis", "redis://127.0.0.1:6379"]);
    expect(redis.stderr.trim()).toMatch(/^sanctuary: --redis needs SANCTUARY_REDIS_KEY/);
  });
});
