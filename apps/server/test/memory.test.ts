import { createHmac, randomBytes } from "node:crypto";
import { type Ack, joinProofMessage, KDF_DEFAULT } from "@sanctuary/protocol";
import { Manager, type Socket } from "socket.io-client";
import { afterAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "./helpers.js";

/**
 * Memory comes back (F10): 2,000 rooms are created, filled, emptied and purged by the
 * heartbeat, and every structure that grows with rooms or members is back to its size
 * before: the server's namespace map, the parent namespace's children, our namespace
 * map, the registry, the per-socket and per-room limiter keys, connection reservations,
 * engine clients and live timers. Heap and RSS are reported, not asserted (the garbage
 * collector decides those); structure sizes are asserted.
 *
 * Members of every room share a few connections (Socket.IO multiplexes namespaces), so
 * the test is about rooms and sockets, not about TCP. MEMORY_TEST_ROOMS and
 * MEMORY_TEST_MEMBERS change the size (the numbers in docs/privacy.md used 2000 × 5).
 */
const ROOMS = Number(process.env.MEMORY_TEST_ROOMS ?? 2000);
const MEMBERS = Number(process.env.MEMORY_TEST_MEMBERS ?? 2);
const BATCH = 100;
/** Fill-and-purge cycles; with more than one, the heap after each is reported too. */
const CYCLES = Number(process.env.MEMORY_TEST_CYCLES ?? 1);

let t: TestServer;
const managers: Manager[] = [];
afterAll(async () => {
  for (const m of managers) m._close();
  await t?.close();
});

interface Sizes {
  nsps: number;
  children: number;
  namespaces: number;
  rooms: number;
  members: number;
  socketKeys: number;
  joinKeys: number;
  connectionKeys: number;
  liveRoomKeys: number;
  engineClients: number;
  timers: number;
}

async function sizes(): Promise<Sizes> {
  const stats = await t.server.registry.stats();
  return {
    nsps: t.server.io._nsps.size,
    children: childrenCount(),
    namespaces: t.server.namespaces.size,
    rooms: stats.rooms,
    members: stats.members,
    socketKeys: t.server.limits.events.socketKeys(),
    joinKeys: t.server.limits.joins.size(),
    connectionKeys: t.server.limits.connections.size,
    liveRoomKeys: t.server.limits.liveRooms.size,
    engineClients: t.server.io.engine.clientsCount,
    timers: process.getActiveResourcesInfo().filter((r) => r === "Timeout").length,
  };
}

/** Children of the parent (function) namespace: socket.io keeps them in a private Set. */
function childrenCount(): number {
  const parents = (t.server.io as unknown as { parentNsps: Map<unknown, { children: Set<unknown> }> })
    .parentNsps;
  let n = 0;
  for (const parent of parents.values()) n += parent.children.size;
  return n;
}

function memory() {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMB: +(heapUsed / 2 ** 20).toFixed(1), rssMB: +(rss / 2 ** 20).toFixed(1) };
}

function ask<T extends object>(socket: Socket, event: string, payload: unknown): Promise<Ack<T>> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

async function fillRoom(lobbies: Socket[]): Promise<Socket[]> {
  const lobby = lobbies[0] as Socket;
  const authKey = randomBytes(32);
  const created = await ask<{ roomId: string }>(lobby, "room:create", {
    salt: randomBytes(16).toString("base64url"),
    kdf: { ...KDF_DEFAULT },
    authKey: authKey.toString("base64url"),
  });
  if (!created.ok) throw new Error(`room:create: ${created.code}`);
  const { roomId } = created;
  const sockets: Socket[] = [];
  for (let k = 0; k < MEMBERS; k++) {
    const look = await ask<{ nonce: string }>(lobbies[k] as Socket, "room:lookup", { roomId });
    if (!look.ok) throw new Error(`room:lookup: ${look.code}`);
    const alias = `member${k}`;
    const proof = createHmac("sha256", authKey)
      .update(joinProofMessage(roomId, look.nonce, alias))
      .digest("base64url");
    const socket = (managers[k] as Manager).socket(`/r/${roomId}`, {
      auth: { alias, nonce: look.nonce, proof },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once("room:welcome", () => resolve());
      socket.once("connect_error", reject);
      socket.connect();
    });
    sockets.push(socket);
  }
  return sockets;
}

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

describe("memory comes back", () => {
  it(`${ROOMS} rooms of ${MEMBERS} members: created, filled, emptied, purged, nothing left`, async () => {
    t = await startServer({
      heartbeatMs: 50,
      emptyGraceMs: 1000,
      maxRooms: ROOMS + 100,
      maxMembers: MEMBERS,
      maxMessageRate: 100_000,
      maxAddressRate: 1_000_000,
      maxRoomsPerMinute: 1_000_000,
      maxConnectionsPerAddress: 1_000,
      maxLookupsPerMinute: 1_000_000,
      maxLiveRoomsPerAddress: ROOMS + 100,
      maxRoomsPerConnection: 10_000,
    });
    const open = async () => {
      const lobbies: Socket[] = [];
      for (let k = 0; k < MEMBERS; k++) {
        const manager = new Manager(t.url, {
          transports: ["websocket"],
          reconnection: false,
          autoConnect: false,
        });
        managers.push(manager);
        const lobby = manager.socket("/");
        await new Promise((resolve) => {
          lobby.once("connect", () => resolve(undefined));
          lobby.connect();
        });
        lobbies.push(lobby);
      }
      return lobbies;
    };
    const closeAll = async () => {
      for (const m of managers.splice(0)) m._close();
      await waitFor(async () => t.server.io.engine.clientsCount === 0, 5000);
    };

    // Warm up every code path once, so lazily built things do not count as growth.
    let lobbies = await open();
    for (const s of (await Promise.all([0, 1, 2].map(() => fillRoom(lobbies)))).flat()) s.disconnect();
    await waitFor(async () => (await t.server.registry.stats()).rooms === 0, 5000);
    await closeAll();
    const before = await sizes();
    const idle = memory();

    const reports: string[] = [];
    let after = before;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      lobbies = await open();
      const started = Date.now();
      const sockets: Socket[] = [];
      for (let done = 0; done < ROOMS; done += BATCH) {
        const batch = Math.min(BATCH, ROOMS - done);
        const rooms = await Promise.all(Array.from({ length: batch }, () => fillRoom(lobbies)));
        sockets.push(...rooms.flat());
      }
      const fillMs = Date.now() - started;
      const full = await sizes();
      expect(full.rooms).toBe(ROOMS);
      expect(full.members).toBe(ROOMS * MEMBERS);
      expect(full.namespaces).toBe(ROOMS);
      const loaded = memory();

      // Everyone leaves; the heartbeat ends each room after the grace period.
      for (const s of sockets) s.disconnect();
      // The clients live in this process too: drop them before measuring the server.
      sockets.length = 0;
      lobbies = [];
      const purgedAfterMs = await waitFor(async () => {
        const s = await t.server.registry.stats();
        return s.rooms === 0 && t.server.namespaces.size === 0;
      }, 20_000);
      await closeAll();
      // Let the adapters' close() promises settle.
      await new Promise((r) => setTimeout(r, 100));
      after = await sizes();
      const purged = memory();
      reports.push(
        `cycle ${cycle}: filled in ${fillMs} ms; heap/RSS idle ${idle.heapMB}/${idle.rssMB} MB, ` +
          `full ${loaded.heapMB}/${loaded.rssMB} MB, purged ${purged.heapMB}/${purged.rssMB} MB; ` +
          `last member left → all rooms gone in ${purgedAfterMs} ms (heartbeat 50 ms, grace 1000 ms)`,
      );
      expect(after).toEqual({ ...before, timers: after.timers });
    }
    // biome-ignore lint/suspicious/noConsole: the numbers the issue asks to report
    console.info(
      `[memory] ${ROOMS} rooms × ${MEMBERS} members\n  ${reports.join("\n  ")}\n` +
        `  sizes before ${JSON.stringify(before)}\n  sizes after  ${JSON.stringify(after)}`,
    );
    expect(after).toEqual({ ...before, timers: after.timers });
    expect(after.timers).toBeLessThanOrEqual(before.timers + 2);
  }, 120_000);
});
