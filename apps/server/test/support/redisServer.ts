import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { createClient } from "redis";

/** Where scripts/system-deps.sh installs Debian's Redis. */
export const REDIS_SERVER = "/usr/bin/redis-server";

/** The shared secret test nodes use (`--redis-key`). */
export const TEST_REDIS_KEY = "test-cluster-secret-0123456789-abcdefghij";

export type RedisTestClient = ReturnType<typeof createClient>;

export interface TestRedis {
  url: string;
  port: number;
  /** A client of the test's own (not a node's), for scans and faults. */
  client: RedisTestClient;
  /** Kills the server (no save: it keeps nothing) and starts an empty one on the same port. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A private Redis for one test file, configured as docs/scaling.md says: on loopback,
 * a free port, no RDB snapshots, no append-only file, so it never writes to disk.
 * Fails (does not skip) when redis-server is missing.
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
  await client.connect();
  return {
    url,
    port,
    client,
    async restart(downMs = 300) {
      await kill(child);
      await new Promise((r) => setTimeout(r, downMs));
      child = await launch(port);
      // Wait for the test's own client to be back.
      for (let i = 0; i < 100 && !client.isReady; i++) await new Promise((r) => setTimeout(r, 50));
    },
    async stop() {
      await client.disconnect().catch(() => {});
      await kill(child);
    },
  };
}

function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    REDIS_SERVER,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d;
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited ${code}: ${out}`));
    });
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
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
