import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createClient } from "redis";
import { freePort } from "./ports.js";
import { killProcess } from "./processes.js";

/** Where scripts/system-deps.sh installs Debian's Redis. */
export const REDIS_SERVER = "/usr/bin/redis-server";

/**
 * How every private Redis runs, as docs/scaling.md configures it: on loopback, with no
 * RDB snapshots and no append-only file, so it never writes to disk.
 */
export const REDIS_FLAGS: readonly string[] = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];

/** The shared secret test nodes use (`--redis-key`, `SANCTUARY_REDIS_KEY`). */
export const TEST_REDIS_KEY = "test-cluster-secret-0123456789-abcdefghij";

export type RedisTestClient = ReturnType<typeof createClient>;

export interface TestRedis {
  url: string;
  port: number;
  /** The redis-server process's ID (a new one after `restart`), e.g. to read its CPU time. */
  readonly pid: number;
  /** A client of the caller's own (not a node's), for scans, commands and faults. */
  client: RedisTestClient;
  /** Kills the server (no save: it keeps nothing) and starts an empty one on the same port. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private Redis on 127.0.0.1 and a free port, configured with `REDIS_FLAGS`. Fails
 * (never skips) when redis-server is missing.
 */
export async function startRedis(): Promise<TestRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: run scripts/system-deps.sh (installs redis-server)`);
  }
  const port = await freePort();
  let child = await launch(port);
  const url = `redis://127.0.0.1:${port}`;
  const client = createClient({ url, socket: { reconnectStrategy: (n) => Math.min(50 * 2 ** n, 500) } });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    await killProcess(child);
    throw err;
  }
  return {
    url,
    port,
    get pid() {
      return child.pid ?? 0;
    },
    client,
    async restart(downMs = 300) {
      await killProcess(child);
      await new Promise((r) => setTimeout(r, downMs));
      child = await launch(port);
      // Wait for the caller's own client to be back.
      for (let i = 0; i < 100 && !client.isReady; i++) await new Promise((r) => setTimeout(r, 50));
    },
    async stop() {
      await client.disconnect().catch(() => {});
      await killProcess(child);
    },
  };
}

/** Starts redis-server on `port`; resolves once it accepts connections. */
function launch(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS_SERVER, ["--port", String(port), ...REDIS_FLAGS, "--daemonize", "no"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Its log is read until it is ready, then drained unread so the pipes never fill.
  child.stderr?.resume();
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    const onData = (d: Buffer) => {
      out += d;
      if (!out.includes("Ready to accept connections")) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stdout?.resume();
      child.off("exit", onExit);
      resolve(child);
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited ${code}: ${out}`));
    };
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}

/** Every key in Redis with its value(s) as text, for "nothing secret is stored" checks. */
export async function dumpRedis(client: RedisTestClient): Promise<Array<{ key: string; text: string }>> {
  const out: Array<{ key: string; text: string }> = [];
  for await (const key of client.scanIterator({ COUNT: 1000 })) {
    const type = await client.type(key);
    let values: string[] = [];
    if (type === "string") values = [(await client.get(key)) ?? ""];
    else if (type === "hash") values = Object.entries(await client.hGetAll(key)).flat();
    else if (type === "zset")
      values = (await client.zRangeWithScores(key, 0, -1)).map((e) => `${e.value} ${e.score}`);
    else if (type === "set") values = await client.sMembers(key);
    else if (type === "list") values = await client.lRange(key, 0, -1);
    else values = [`<${type}>`];
    out.push({ key, text: values.join("\n") });
  }
  return out;
}
