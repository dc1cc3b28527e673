import { RedisCluster } from "../../src/cluster/redisCluster.js";
import type { ServerOptions } from "../../src/index.js";
import { startServer, type TestServer } from "../helpers.js";
import { TEST_REDIS_KEY, type TestRedis } from "./redisServer.js";

/**
 * One node of a test cluster: `createServer` in this process, on port 0, sharing
 * `redis` with the other nodes. Fast heartbeat and grace so lifecycles show in tests.
 */
export async function startNode(redis: TestRedis, options: ServerOptions = {}): Promise<TestServer> {
  const cluster = await RedisCluster.connect({ url: redis.url, secret: TEST_REDIS_KEY });
  return startServer({ heartbeatMs: 50, emptyGraceMs: 300, ...options, cluster });
}

/** Resolves once `check` holds, polling; rejects with `what` after `ms`. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 5000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out: ${what}`);
}
