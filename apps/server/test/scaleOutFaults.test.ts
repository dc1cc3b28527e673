import { spawn } from "node:child_process";
import type { IncomingMessage, MemberLeft, SessionEnded } from "@sanctuary/protocol";
import {
  eventually,
  SERVER_MAIN_JS as MAIN_JS,
  type SpawnedServer,
  spawnServer,
  startRedis,
  TEST_REDIS_KEY,
  type TestRedis,
} from "@sanctuary/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  connectRoom,
  createRoom,
  envelope,
  type JoinResult,
  joined,
  lobbyFor,
  once,
  request,
  type TestServer,
} from "./helpers.js";
import { startNode } from "./support/cluster.js";

/**
 * Scale-out faults (F19): a node that dies, a node that shuts down, Redis dropping its
 * connections, Redis restarting empty, Redis missing at start. Some nodes are the real
 * `sanctuary --redis` command (dist/main.js), some `createServer` in this process.
 */
let redis: TestRedis;
const nodes: TestServer[] = [];
const processes: SpawnedServer[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(nodes.splice(0).map((n) => n.close()));
  await Promise.all(
    processes
      .splice(0)
      .map((p) => (p.child.exitCode === null && p.child.signalCode === null ? p.stop("SIGKILL") : null)),
  );
});

async function node(options = {}): Promise<TestServer> {
  const t = await startNode(redis, options);
  nodes.push(t);
  return t;
}

/** A real `sanctuary --redis` process, wrapped so the test helpers can open sockets on it. */
async function processNode(args: string[] = []): Promise<{ proc: SpawnedServer; t: TestServer }> {
  const proc = await spawnServer(["--redis", redis.url, "--quiet", ...args], {
    env: { SANCTUARY_REDIS_KEY: TEST_REDIS_KEY },
  });
  processes.push(proc);
  const t: TestServer = {
    server: undefined as never,
    url: proc.url,
    clients: [],
    async close() {
      for (const c of t.clients) c.disconnect();
    },
  };
  nodes.push(t);
  return { proc, t };
}

/** Resumes a seat with its token on `t`, retrying while the server refuses without a code. */
async function resumeOn(t: TestServer, roomId: string, token: string, ms = 8000): Promise<JoinResult> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await connectRoom(t, roomId, { resume: token });
    // A code, or Socket.IO's own "Invalid namespace" (no such room on that node), is final,
    // as in the client SDK; a refusal without either (Redis down) is retried.
    const final = !res.ok && (res.refusal?.code !== undefined || res.message === "Invalid namespace");
    if (res.ok || final || Date.now() > deadline) return res;
    res.socket.disconnect();
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("scale-out faults", () => {
  it("a node killed outright: its members go away, then leave, and ownership passes on, within a bounded time", async () => {
    const flags = ["--heartbeat", "100", "--grace", "300", "--resume-window", "1"];
    const { t: a } = await processNode(flags);
    const { proc: procB, t: b } = await processNode(flags);
    const lobbyB = await lobbyFor(b);
    const room = await createRoom(lobbyB);
    const bob = await joined(b, lobbyB, room, "bob");
    const alice = await joined(a, await lobbyFor(a), room, "alice");
    const heard = once<IncomingMessage>(alice.socket, "msg:new");
    await request(bob.socket, "msg:send", { env: envelope() });
    expect((await heard).from.alias).toBe("bob");

    const away = once<{ id: string; away: boolean }>(alice.socket, "member:away", 6000);
    const left = once<MemberLeft>(alice.socket, "member:left", 8000);
    const role = once<{ ownerId: string }>(alice.socket, "member:role", 8000);
    const killedAt = Date.now();
    await procB.stop("SIGKILL");
    expect(await away).toEqual({ id: bob.welcome.you.id, away: true });
    expect(await left).toEqual({ id: bob.welcome.you.id, reason: "disconnected" });
    expect((await role).ownerId).toBe(alice.welcome.you.id);
    // Liveness TTL (1 s at least) + a heartbeat + the resume window (1 s) + a heartbeat:
    // about 2.3 s; the margin is for a loaded machine.
    expect(Date.now() - killedAt).toBeLessThan(5000);
    expect((await request(alice.socket, "room:lock", { locked: true })).ok).toBe(true);
  });

  it("a node shutting down hands its members over: they resume on another node as themselves", async () => {
    const a = await node();
    const b = await node();
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const bob = await joined(b, await lobbyFor(b), room, "bob");
    const away = once<{ id: string; away: boolean }>(alice.socket, "member:away");
    const dropped = once<string>(bob.socket, "disconnect");
    await b.server.close();
    expect(await dropped).toBe("transport close");
    expect((await away).id).toBe(bob.welcome.you.id);
    const back = await resumeOn(a, room.roomId, bob.welcome.resumeToken);
    if (!back.ok) throw new Error(`resume refused: ${back.refusal?.code}`);
    expect(back.welcome.you.id).toBe(bob.welcome.you.id);
    expect(back.welcome.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
    const heard = once<IncomingMessage>(alice.socket, "msg:new");
    await request(back.socket, "msg:send", { env: envelope() });
    expect((await heard).from.alias).toBe("bob");
  });

  it("Redis dropping every connection: members are dropped to 'reconnecting', resume, and chat goes on", async () => {
    const a = await node();
    const b = await node();
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const bob = await joined(b, await lobbyFor(b), room, "bob");
    const drops = [once<string>(alice.socket, "disconnect"), once<string>(bob.socket, "disconnect")];
    await redis.client.sendCommand(["CLIENT", "KILL", "TYPE", "pubsub"]);
    await redis.client.sendCommand(["CLIENT", "KILL", "TYPE", "normal"]);
    expect(await Promise.all(drops)).toEqual(["transport close", "transport close"]);

    const alice2 = await resumeOn(a, room.roomId, alice.welcome.resumeToken);
    const bob2 = await resumeOn(b, room.roomId, bob.welcome.resumeToken);
    if (!alice2.ok || !bob2.ok) throw new Error("resume refused");
    expect(bob2.welcome.members.map((m) => [m.alias, m.away ?? false])).toEqual([
      ["alice", false],
      ["bob", false],
    ]);
    const heard = once<IncomingMessage>(bob2.socket, "msg:new");
    await request(alice2.socket, "msg:send", { env: envelope() });
    expect((await heard).from.alias).toBe("alice");
  });

  it("Redis restarting empty: no node crashes, the old rooms are gone, new rooms work across nodes", async () => {
    const a = await node();
    const b = await node();
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    const alice = await joined(a, lobbyA, room, "alice");
    const bob = await joined(b, await lobbyFor(b), room, "bob");
    const drops = [
      once<string>(alice.socket, "disconnect", 5000),
      once<string>(bob.socket, "disconnect", 5000),
    ];
    await redis.restart(300);
    expect(await Promise.all(drops)).toEqual(["transport close", "transport close"]);

    const refused = await resumeOn(a, room.roomId, alice.welcome.resumeToken);
    expect(refused.ok ? "resumed" : (refused.refusal?.code ?? refused.message)).toMatch(
      /NOT_FOUND|Invalid namespace/,
    );
    await eventually(
      () => a.server.namespaces.size === 0 && b.server.namespaces.size === 0,
      "old namespaces gone",
    );

    const lobbyA2 = await lobbyFor(a);
    const fresh = await createRoom(lobbyA2);
    const carol = await joined(a, lobbyA2, fresh, "carol");
    const dave = await joined(b, await lobbyFor(b), fresh, "dave");
    const heard = once<IncomingMessage>(dave.socket, "msg:new");
    await request(carol.socket, "msg:send", { env: envelope() });
    expect((await heard).from.alias).toBe("carol");
    // Room events between nodes (the lobby's channel) work again too.
    const ended = once<SessionEnded>(dave.socket, "session:ended");
    await request(carol.socket, "room:purge", {});
    expect(await ended).toEqual({ reason: "purged", by: "carol" });
  });

  it("a node closes promptly while Redis is down, with nothing left unhandled", async () => {
    const own = await startRedis();
    const a = await startNode(own);
    try {
      const lobby = await lobbyFor(a);
      const room = await createRoom(lobby);
      const alice = await joined(a, lobby, room, "alice");
      const dropped = once<string>(alice.socket, "disconnect", 5000);
      await own.stop();
      expect(await dropped).toBe("transport close");
      const started = Date.now();
      await a.close();
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await a.close();
    }
  });

  it("an unreachable Redis at start is one line on stderr and exit code 1", async () => {
    const child = spawn(
      process.execPath,
      [MAIN_JS, "--port", "0", "--redis", "redis://127.0.0.1:1", "--redis-key", TEST_REDIS_KEY],
      { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "" } },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("sanctuary: cannot reach Redis at 127.0.0.1:1 (ECONNREFUSED)\n");
  });
});
