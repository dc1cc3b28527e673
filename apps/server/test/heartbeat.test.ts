import { KDF_DEFAULT, type SessionEnded } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import {
  b64,
  createRoom,
  joined,
  lobbyFor,
  once,
  request,
  sleep,
  startServer,
  useServers,
} from "./helpers.js";

describe("heartbeat: rooms are transient", () => {
  const start = useServers();

  it("purges a room left empty past the grace period and removes its namespace", async () => {
    const t = await start({ heartbeatMs: 20, emptyGraceMs: 150 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const name = `/r/${room.roomId}`;
    const nsp = t.server.io._nsps.get(name);
    expect(nsp).toBeDefined();

    // Occupied: survives well past the grace period.
    await sleep(300);
    expect(await t.server.registry.hasRoom(room.roomId)).toBe(true);

    alice.socket.disconnect();
    // Empty, but still inside the grace period: a quick rejoin would find it.
    await sleep(60);
    expect(await t.server.registry.hasRoom(room.roomId)).toBe(true);

    await sleep(250);
    expect(await t.server.registry.hasRoom(room.roomId)).toBe(false);
    expect(t.server.io._nsps.has(name)).toBe(false);
    expect(t.server.namespaces.size).toBe(0);
    // Middleware and room handlers are gone; only the late-arrival guard is left.
    expect((nsp as unknown as { _fns: unknown[] })._fns).toEqual([]);
    expect(nsp?.listenerCount("connection")).toBe(1);
    expect(await request(lobby, "room:lookup", { roomId: room.roomId })).toMatchObject({ code: "NOT_FOUND" });
  });

  it("purges a room nobody ever joined, counted from its creation", async () => {
    const t = await start({ heartbeatMs: 20, emptyGraceMs: 100 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await sleep(250);
    expect(await t.server.registry.hasRoom(room.roomId)).toBe(false);
  });

  it("ends a room past its self-destruct time, telling members it expired", async () => {
    const t = await start({ heartbeatMs: 20 });
    const lobby = await lobbyFor(t);
    // The lobby only accepts lifetimes of 15 minutes and more; store a short one directly.
    const authKey = Buffer.from(b64(32), "base64url");
    const roomId = "0123456789ABCDEF";
    await t.server.registry.createRoom(
      roomId,
      { salt: b64(16), kdf: { ...KDF_DEFAULT }, authKey, createdAt: Date.now(), expiresAt: Date.now() + 300 },
      10,
    );
    const alice = await joined(t, lobby, { roomId, authKey, salt: "" }, "alice");
    expect(alice.welcome.expiresAt).toBeGreaterThan(Date.now());
    const ended = await once<SessionEnded>(alice.socket, "session:ended", 2000);
    expect(ended).toEqual({ reason: "expired" });
    await sleep(20);
    expect(alice.socket.connected).toBe(false);
    expect(await t.server.registry.hasRoom(roomId)).toBe(false);
    expect(t.server.io._nsps.has(`/r/${roomId}`)).toBe(false);
  });

  it("forgets expired nonces", async () => {
    const t = await start({ heartbeatMs: 20 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await t.server.registry.issueNonce(room.roomId, "stale", Date.now() - 1, "group", Date.now() - 2);
    expect(await t.server.registry.consumeNonce(room.roomId, "stale", Date.now())).toBe(false);
  });
});

describe("heartbeat: orphaned namespaces", () => {
  it("removes a namespace whose room record vanished without endRoom", async () => {
    const t = await startServer({ heartbeatMs: 20, emptyGraceMs: 60_000 });
    try {
      const lobby = await lobbyFor(t);
      const room = await createRoom(lobby);
      const alice = await joined(t, lobby, room, "alice");
      await t.server.registry.deleteRoom(room.roomId);
      await once(alice.socket, "disconnect");
      expect(t.server.io._nsps.has(`/r/${room.roomId}`)).toBe(false);
      expect(t.server.namespaces.size).toBe(0);
    } finally {
      await t.close();
    }
  });
});
