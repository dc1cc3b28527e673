import { EventEmitter } from "node:events";
import type { MemberAway } from "@sanctuary/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compactListeners } from "../src/io/connectionTrim.js";
import {
  createRoom,
  envelope,
  joined,
  lobbyFor,
  once,
  request,
  sleep,
  socketFor,
  startServer,
  type TestServer,
} from "./helpers.js";
import { roomSockets } from "./support/seats.js";

/**
 * Per-member memory (docs/performance.md): engine.io's and ws's per-connection listener
 * objects are compacted and two dead listeners dropped once a WebSocket connection is
 * up, and a room socket's listener and middleware arrays cut to length once it is in
 * (io/connectionTrim.ts). Everything must behave exactly as before.
 */

describe("compactListeners", () => {
  it("keeps every listener, `once` and removal working", () => {
    const calls: string[] = [];
    const emitter = new EventEmitter();
    const a = () => calls.push("a");
    emitter.on("x", a);
    emitter.on("x", () => calls.push("a2"));
    emitter.once("y", () => calls.push("y"));
    compactListeners(emitter);
    // Twice: the second pass only copies the arrays of the already compact object.
    compactListeners(emitter);
    expect(Object.getPrototypeOf((emitter as unknown as { _events: object })._events)).not.toBeNull();
    emitter.on("z", () => calls.push("z"));
    emitter.emit("x");
    emitter.emit("y");
    emitter.emit("y");
    emitter.emit("z");
    emitter.off("x", a);
    emitter.emit("x");
    expect(emitter.emit("toString")).toBe(false);
    expect(emitter.emit("__proto__")).toBe(false);
    expect(calls).toEqual(["a", "a2", "y", "z", "a2"]);
    expect(emitter.listenerCount("y")).toBe(0);
    expect(emitter.eventNames()).toEqual(["x", "z"]);
  });
});

type Inner = { _events: object; listeners(event: string): Array<{ name: string }> };

describe("a trimmed WebSocket connection", () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startServer({ resumeWindowSeconds: 5 });
  });
  afterEach(async () => {
    await t.close();
  });

  it("is compacted, still relays both ways, and its dropped link is noticed", async () => {
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, await lobbyFor(t), room, "bob");
    const bobs = roomSockets([t], room.roomId).find((s) => s.data.alias === "bob");
    const conn = bobs?.conn as unknown as Inner & { transport: Inner & { socket: Inner } };
    for (const emitter of [conn, conn.transport, conn.transport.socket]) {
      expect(Object.getPrototypeOf(emitter._events)).not.toBeNull();
    }
    expect(conn.transport.listeners("headers")).toEqual([]);
    expect(conn.transport.socket.listeners("error").map((l) => l.name)).not.toContain("onUpgradeError");

    const toBob = once<{ env: unknown }>(bob.socket, "msg:new");
    expect((await request(alice.socket, "msg:send", { env: envelope() })).ok).toBe(true);
    await toBob;
    const toAlice = once<{ env: unknown }>(alice.socket, "msg:new");
    expect((await request(bob.socket, "msg:send", { env: envelope() })).ok).toBe(true);
    await toAlice;

    // Bob's TCP connection dies under him: the server notices ("transport close") and
    // tells alice he is away.
    const away = once<MemberAway>(alice.socket, "member:away");
    const engine = bob.socket.io.engine as unknown as {
      transport: { ws?: { _socket?: { destroy(): void } } };
    };
    engine.transport.ws?._socket?.destroy();
    expect(await away).toEqual({ id: bob.welcome.you.id, away: true });
  });

  it("frees exactly one address slot and one engine client per closed connection", async () => {
    await t.close();
    t = await startServer({ maxConnectionsPerAddress: 2 });
    const first = await lobbyFor(t);
    await lobbyFor(t);
    expect(t.server.io.engine.clientsCount).toBe(2);
    first.disconnect();
    for (let i = 0; i < 50 && t.server.io.engine.clientsCount > 1; i++) await sleep(20);
    expect(t.server.io.engine.clientsCount).toBe(1);
    await lobbyFor(t);
    expect(t.server.io.engine.clientsCount).toBe(2);
    // A third connection from the address is still refused: the close freed one slot, not two.
    const third = socketFor(t, "/");
    const refused = await new Promise<boolean>((resolve) => {
      third.once("connect", () => resolve(false));
      third.once("connect_error", () => resolve(true));
    });
    expect(refused).toBe(true);
    expect(t.server.io.engine.clientsCount).toBe(2);
  });
});
