import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { fileURLToPath } from "node:url";

/**
 * A private scale-out cluster for one spec (F19): a Redis on a free loopback port that
 * keeps nothing on disk, and real `sanctuary --redis` processes sharing it, each on its
 * own port. Everything is killed by `stop()`.
 */
const MAIN_JS = fileURLToPath(new URL("../../apps/server/dist/main.js", import.meta.url));
const REDIS_SERVER = "/usr/bin/redis-server";
const REDIS_KEY = "e2e-scale-out-secret-0123456789abcdefghij";

/** Suite-wide abuse limits are lifted as in playwright.config.ts: every browser is 127.0.0.1. */
const LIMIT_FLAGS = [
  "--max-rooms-per-minute",
  "1000",
  "--max-join-failures",
  "1000",
  "--max-room-join-failures",
  "1000",
  "--max-connections-per-address",
  "1000",
];

export interface ScaleOutCluster {
  redisPort: number;
  /** Base URLs of the nodes, e.g. http://127.0.0.1:41234. */
  urls: string[];
  /** Makes Redis drop every client connection (the nodes reconnect on their own). */
  dropRedisConnections(): Promise<void>;
  stop(): Promise<void>;
}

export async function startScaleOut(nodeCount: number): Promise<ScaleOutCluster> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: run scripts/system-deps.sh`);
  const children: ChildProcess[] = [];
  const redisPort = await freePort();
  const redis = spawn(
    REDIS_SERVER,
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(redis);
  const stop = async () => {
    await Promise.all(children.map(kill));
  };
  try {
    await waitFor(redis, /Ready to accept connections/);
    const urls: string[] = [];
    for (let i = 0; i < nodeCount; i++) {
      const node = spawn(
        process.execPath,
        [
          MAIN_JS,
          "--host",
          "127.0.0.1",
          "--port",
          "0",
          "--quiet",
          "--redis",
          `redis://127.0.0.1:${redisPort}`,
          ...LIMIT_FLAGS,
        ],
        {
          stdio: ["ignore", "pipe", "pipe"],
          env: { PATH: process.env.PATH ?? "", SANCTUARY_REDIS_KEY: REDIS_KEY },
        },
      );
      children.push(node);
      const line = await waitFor(node, /^http:\/\/127\.0\.0\.1:\d+\/?$/m);
      urls.push(line.replace(/\/$/, ""));
    }
    return {
      redisPort,
      urls,
      dropRedisConnections: async () => {
        await redisCommand(redisPort, ["CLIENT", "KILL", "TYPE", "pubsub"]);
        await redisCommand(redisPort, ["CLIENT", "KILL", "TYPE", "normal"]);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Resolves with the first stdout match of `pattern`; rejects if the process exits first. */
function waitFor(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`not started: ${out} ${err}`)), 20_000);
    child.stderr?.on("data", (d: Buffer) => {
      err += d;
    });
    child.stdout?.on("data", (d: Buffer) => {
      out += d;
      const match = pattern.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${out} ${err}`));
    });
  });
}

/** One Redis command over a plain socket (RESP), so the e2e package needs no Redis client. */
function redisCommand(port: number, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    socket.on("data", (d: Buffer) => {
      reply += d;
      if (reply.endsWith("\r\n")) {
        socket.end();
        resolve(reply);
      }
    });
    socket.on("error", reject);
    socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`);
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
