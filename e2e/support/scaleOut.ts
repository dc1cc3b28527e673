import {
  RAISED_LIMIT_FLAGS,
  type SpawnedServer,
  spawnServer,
  startRedis,
  TEST_REDIS_KEY,
  type TestRedis,
} from "@sanctuary/testkit";

/**
 * A private scale-out cluster for one spec (F19): a Redis on a free loopback port that
 * keeps nothing on disk, and real `sanctuary --redis` processes sharing it, each on its
 * own port, all started by the shared test kit. Everything is killed by `stop()`.
 */
export interface ScaleOutCluster {
  redisPort: number;
  /** Base URLs of the nodes, e.g. http://127.0.0.1:41234. */
  urls: string[];
  /** Makes Redis drop every client connection (the nodes reconnect on their own). */
  dropRedisConnections(): Promise<void>;
  stop(): Promise<void>;
}

export async function startScaleOut(nodeCount: number): Promise<ScaleOutCluster> {
  const redis: TestRedis = await startRedis();
  const nodes: SpawnedServer[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((node) => node.stop("SIGKILL")));
    await redis.stop();
  };
  try {
    for (let i = 0; i < nodeCount; i++) {
      // Abuse limits are raised: every browser is 127.0.0.1.
      const node = await spawnServer(["--quiet", "--redis", redis.url, ...RAISED_LIMIT_FLAGS], {
        env: { SANCTUARY_REDIS_KEY: TEST_REDIS_KEY },
        startTimeoutMs: 20_000,
      });
      nodes.push(node);
    }
    return {
      redisPort: redis.port,
      urls: nodes.map((node) => node.url),
      dropRedisConnections: async () => {
        // The kit's own client is spared (CLIENT KILL skips the caller).
        await redis.client.sendCommand(["CLIENT", "KILL", "TYPE", "pubsub"]);
        await redis.client.sendCommand(["CLIENT", "KILL", "TYPE", "normal"]);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
