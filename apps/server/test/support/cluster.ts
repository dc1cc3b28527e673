import { TEST_REDIS_KEY, type TestRedis } from "@sanctuary/testkit";
import { RedisCluster, type ServerOptions } from "../../src/index.js";
import { startServer, type TestServer } from "../helpers.js";

/**
 * One node of a test cluster: `createServer` in this process, on port 0, sharing
 * `redis` with the other nodes. Fast heartbeat and grace so lifecycles show in tests.
 */
export async function startNode(redis: TestRedis, options: ServerOptions = {}): Promise<TestServer> {
  const cluster = await RedisCluster.connect({ url: redis.url, secret: TEST_REDIS_KEY });
  return startServer({ heartbeatMs: 50, emptyGraceMs: 300, ...options, cluster });
}
