import { randomBytes } from "node:crypto";
import { createShardedAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import type { InviteStoreOptions } from "../invites/inviteStore.js";
import { RedisInviteStore } from "../invites/redisInviteStore.js";
import {
  CHANNEL_PREFIX,
  globalKeys,
  nodeKey,
  reapLockKey,
  roomKeys,
  seatsKey,
} from "../registry/redisKeys.js";
import { RedisRoomRegistry } from "../registry/redisRoomRegistry.js";
import { Sealer } from "../registry/seal.js";

export interface RedisClusterOptions {
  /** `redis://` or `rediss://` URL of the one Redis every node shares. */
  url: string;
  /** The secret every node shares (`--redis-key`); Redis never sees it. */
  secret: string;
  /** How long the first connection may take before the start fails (default 5000 ms). */
  connectTimeoutMs?: number;
}

/** Why the first connection failed, in one line without the URL's password. */
export class RedisUnavailableError extends Error {}

type Client = ReturnType<typeof createClient>;

/**
 * One node's link to the cluster: two Redis connections (commands and publishing on
 * one, sharded subscriptions on the other), the Socket.IO adapter built on them, the
 * Redis room registry, and this node's liveness key.
 *
 * Redis is used only for pub/sub and the registry's keys; the adapter stores nothing.
 * While Redis is unreachable, commands fail at once instead of queueing (a queued resume
 * would spend a member's token after the member gave up waiting), and `available` is
 * false.
 *
 * @example
 * const cluster = await RedisCluster.connect({ url: "redis://127.0.0.1:6379", secret });
 * const server = createServer({ cluster });
 */
export class RedisCluster {
  readonly nodeId: string;
  readonly registry: RedisRoomRegistry;
  readonly adapter: ReturnType<typeof createShardedAdapter>;
  readonly #pub: Client;
  readonly #sub: Client;
  readonly #sealer: Sealer;
  #available = true;
  #touched = false;
  #closed = false;
  readonly #onLost = new Set<() => void>();
  readonly #onBack = new Set<() => void>();

  private constructor(pub: Client, sub: Client, secret: string) {
    this.nodeId = randomBytes(9).toString("base64url");
    this.#pub = pub;
    this.#sub = sub;
    this.#sealer = new Sealer(secret);
    this.registry = new RedisRoomRegistry(pub, this.#sealer, this.nodeId);
    catchFloating(sub, ["sSubscribe", "sUnsubscribe"]);
    // Static: one channel per namespace (`sanctuary#/r/<roomId>#`), none per Socket.IO
    // room, so whispers and kicks addressed to a member's room need no subscription churn.
    this.adapter = createShardedAdapter(pub, sub, {
      channelPrefix: CHANNEL_PREFIX,
      subscriptionMode: "static",
    });
    for (const client of [pub, sub]) {
      // node-redis throws on an "error" without a listener; an outage is handled below.
      client.on("error", () => this.#lost());
      client.on("ready", () => this.#back());
    }
  }

  /**
   * Connects both clients; rejects with a one-line `RedisUnavailableError` when Redis
   * cannot be reached within the timeout. After the first connection, a lost Redis is
   * retried for ever (backoff up to 2 s).
   */
  static async connect(options: RedisClusterOptions): Promise<RedisCluster> {
    const timeout = options.connectTimeoutMs ?? 5000;
    let started = false;
    const make = () =>
      createClient({
        url: options.url,
        disableOfflineQueue: true,
        socket: {
          connectTimeout: timeout,
          reconnectStrategy: (retries, cause) => (started ? Math.min(50 * 2 ** retries, 2000) : cause),
        },
      });
    const pub = make();
    const sub = pub.duplicate();
    const failures: Error[] = [];
    for (const client of [pub, sub]) client.on("error", (err: Error) => failures.push(err));
    try {
      await withTimeout(Promise.all([pub.connect(), sub.connect()]), timeout);
      await pub.sendCommand(["PING"]);
    } catch (err) {
      await Promise.allSettled([pub.disconnect(), sub.disconnect()]);
      throw new RedisUnavailableError(describe(options.url, failures[0] ?? (err as Error)));
    }
    started = true;
    pub.removeAllListeners("error");
    sub.removeAllListeners("error");
    const cluster = new RedisCluster(pub, sub, options.secret);
    return cluster;
  }

  /** One-time invites (F30) in Redis, sealed with the cluster key, so every node finds them. */
  inviteStore(options: InviteStoreOptions): RedisInviteStore {
    return new RedisInviteStore(this.#pub, this.#sealer, options);
  }

  /** False while Redis is unreachable. */
  get available(): boolean {
    return this.#available;
  }

  /** Called once when Redis becomes unreachable, and once when it is back. */
  onConnectionLost(listener: () => void): void {
    this.#onLost.add(listener);
  }
  onConnectionBack(listener: () => void): void {
    this.#onBack.add(listener);
  }

  /**
   * Refreshes this node's liveness key for `ttlMs`. Resolves false when the key had
   * expired since the last refresh: the other nodes may have taken this node for dead
   * and marked its members away.
   */
  async touch(ttlMs: number): Promise<boolean> {
    const previous = await this.#pub.sendCommand([
      "SET",
      nodeKey(this.nodeId),
      "1",
      "PX",
      String(ttlMs),
      "GET",
    ]);
    await this.#pub.sendCommand(["SADD", globalKeys.nodes, this.nodeId]);
    const wasAlive = !this.#touched || previous !== null;
    this.#touched = true;
    return wasAlive;
  }

  /** Nodes that held seats and whose liveness key is gone. */
  async deadNodes(): Promise<string[]> {
    const nodes = ((await this.#pub.sendCommand(["SMEMBERS", globalKeys.nodes])) as string[]).filter(
      (n) => n !== this.nodeId,
    );
    const alive = await Promise.all(nodes.map((n) => this.#pub.sendCommand(["EXISTS", nodeKey(n)])));
    return nodes.filter((_n, i) => Number(alive[i]) === 0);
  }

  /** True for the one node that may reap `nodeId` now (a lock that expires on its own). */
  async claimReap(nodeId: string, ttlMs: number): Promise<boolean> {
    const ok = await this.#pub.sendCommand([
      "SET",
      reapLockKey(nodeId),
      this.nodeId,
      "NX",
      "PX",
      String(ttlMs),
    ]);
    return ok === "OK";
  }

  /** Forgets a reaped node: its seat set, its lock, its place in the node set. */
  async forgetNode(nodeId: string): Promise<void> {
    await this.#pub.sendCommand(["DEL", seatsKey(nodeId), reapLockKey(nodeId), nodeKey(nodeId)]);
    await this.#pub.sendCommand(["SREM", globalKeys.nodes, nodeId]);
  }

  /** The socket that holds a seat now, if any (for reconciling after an outage). */
  async seatSocket(
    roomId: string,
    memberId: string,
  ): Promise<{ socketId?: string; away: boolean } | undefined> {
    const json = await this.#pub.sendCommand(["HGET", roomKeys(roomId).members, memberId]);
    if (typeof json !== "string") return undefined;
    const rec = JSON.parse(json) as { socketId?: string; awaySince?: string };
    return {
      ...(rec.socketId === undefined ? {} : { socketId: rec.socketId }),
      away: rec.awaySince !== undefined,
    };
  }

  /** Closes both connections (after Socket.IO has closed its adapters). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#onLost.clear();
    this.#onBack.clear();
    // QUIT flushes what is pending; without a connection it would wait for one for ever.
    await Promise.allSettled(
      [this.#pub, this.#sub].map((client) => (client.isReady ? client.quit() : client.disconnect())),
    );
    await Promise.allSettled(
      [this.#pub, this.#sub].filter((client) => client.isOpen).map((client) => client.disconnect()),
    );
  }

  #lost(): void {
    if (!this.#available || this.#closed) return;
    this.#available = false;
    for (const listener of this.#onLost) listener();
  }

  #back(): void {
    if (this.#available || this.#closed) return;
    if (!this.#pub.isReady || !this.#sub.isReady) return;
    this.#available = true;
    for (const listener of this.#onBack) listener();
  }
}

/**
 * The adapter calls `sSubscribe`/`sUnsubscribe` without handling their promises
 * (@socket.io/redis-adapter util.js); while Redis is down they reject, and an
 * unhandled rejection would end the process. This gives each such promise a handler
 * (the adapter still gets the same promise). Subscriptions made before an outage are
 * restored by node-redis when it reconnects.
 */
function catchFloating(client: Client, methods: ReadonlyArray<"sSubscribe" | "sUnsubscribe">): void {
  const target = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of methods) {
    const original = target[name];
    if (typeof original !== "function") continue;
    target[name] = (...args: unknown[]) => {
      const result = original.apply(client, args);
      if (result instanceof Promise) result.catch(() => {});
      return result;
    };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** "cannot reach Redis at host:port (ECONNREFUSED)": never the URL's user or password. */
function describe(url: string, err: Error): string {
  let where = "the --redis URL";
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || "6379"}`;
  } catch {
    // The URL was checked by the options parser; keep the generic words.
  }
  const code = (err as NodeJS.ErrnoException).code;
  const why = code ?? (/WRONGPASS|NOAUTH|AUTH/.test(err.message) ? "authentication failed" : err.message);
  return `cannot reach Redis at ${where} (${why.split("\n")[0]})`;
}
