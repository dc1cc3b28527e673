import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createRoom,
  envelope,
  joined,
  lobbyFor,
  once,
  request,
  sleep,
  startServer,
  type TestServer,
} from "./helpers.js";

/**
 * Per-member memory (docs/performance.md): once a member is in, the server keeps neither the HTTP
 * requests of its handshake and upgrade (engine.io's WebSocketResponse would otherwise
 * hold them for the life of the connection) nor what the room handshake carried (the
 * join proof, nonce and alias in `auth`, the request headers). Both transports are
 * checked: WebSocket from the start, and long-polling upgraded to WebSocket.
 */

let t: TestServer;
beforeEach(async () => {
  t = await startServer();
});
afterEach(async () => {
  await t.close();
});

const gc = (globalThis as { gc?: () => void }).gc;

async function collect(): Promise<void> {
  for (let i = 0; i < 4; i++) {
    gc?.();
    await sleep(20);
  }
}

describe("after the handshake", () => {
  it("lets the handshake and upgrade requests go, on both transports", async () => {
    // vitest.config.ts runs the tests with --expose-gc; without it this test cannot tell.
    expect(gc, "run with --expose-gc (apps/server/vitest.config.ts)").toBeTypeOf("function");
    const requests: WeakRef<object>[] = [];
    // Every handshake request (polling or WebSocket) and every upgrade passes here.
    t.server.io.engine.on("headers", (_headers: unknown, req: object) => {
      requests.push(new WeakRef(req));
    });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob", { transports: ["polling", "websocket"] });
    const engine = bob.socket.io.engine;
    for (let i = 0; i < 100 && engine.transport.name !== "websocket"; i++) await sleep(20);
    expect(engine.transport.name).toBe("websocket");

    // Both still work both ways after the requests are gone.
    await collect();
    const toBob = once<{ env: unknown }>(bob.socket, "msg:new");
    expect((await request(alice.socket, "msg:send", { env: envelope() })).ok).toBe(true);
    await toBob;
    const toAlice = once<{ env: unknown }>(alice.socket, "msg:new");
    expect((await request(bob.socket, "msg:send", { env: envelope() })).ok).toBe(true);
    await toAlice;

    await collect();
    // lobby + alice (WebSocket), bob's polling handshake and its upgrade at least.
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });

  it("keeps nothing of the room handshake on an admitted socket", async () => {
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "alice");
    const sockets = [...(t.server.namespaces.get(room.roomId)?.sockets.values() ?? [])];
    expect(sockets).toHaveLength(1);
    for (const socket of sockets) {
      expect(socket.handshake.auth).toEqual({});
      expect(socket.handshake.headers).toEqual({});
      expect(socket.handshake.query).toEqual({});
      // Nor the address or the time of the connection.
      expect(socket.handshake.address).toBe("");
      expect(socket.handshake.time).toBe("");
      expect(socket.data.alias).toBe("alice");
    }
  });
});
