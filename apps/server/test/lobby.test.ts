import { KDF_DEFAULT, NONCE_TTL_MS, ROOM_ID_PATTERN } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { b64, createRoom, lobbyFor, lookup, request, useServers } from "./helpers.js";

describe("lobby: room:create and room:lookup", () => {
  const start = useServers();

  it("creates a room with an 80-bit Crockford ID and looks it up with a fresh nonce each time", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    expect(room.roomId).toMatch(ROOM_ID_PATTERN);
    expect(room.expiresAt).toBeUndefined();

    const first = await request<{ salt: string; kdf: unknown; nonce: string }>(lobby, "room:lookup", {
      roomId: room.roomId,
    });
    expect(first).toMatchObject({ ok: true, salt: room.salt, kdf: KDF_DEFAULT });
    const second = await lookup(lobby, room.roomId);
    if (!first.ok) throw new Error("unreachable");
    expect(first.nonce).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(second).not.toBe(first.nonce);
    // The verifier key never comes back out.
    expect(JSON.stringify(first)).not.toContain(room.authKey.toString("base64url"));
  });

  it("answers NOT_FOUND for a room that does not exist", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const res = await request(lobby, "room:lookup", { roomId: "0123456789ABCDEF" });
    expect(res).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("refuses with SERVER_FULL past --max-rooms", async () => {
    const t = await start({ maxRooms: 2 });
    const lobby = await lobbyFor(t);
    await createRoom(lobby);
    await createRoom(lobby);
    const res = await request(lobby, "room:create", {
      salt: b64(16),
      kdf: { ...KDF_DEFAULT },
      authKey: b64(32),
    });
    expect(res).toMatchObject({ ok: false, code: "SERVER_FULL" });
    expect((await t.server.registry.stats()).rooms).toBe(2);
  });

  it("caps the self-destruct time at --max-lifetime, and applies the cap to rooms without one", async () => {
    const t = await start({ maxLifetimeSeconds: 3600 });
    const lobby = await lobbyFor(t);
    const before = Date.now();
    const long = await createRoom(lobby, { lifetime: 24 * 3600 });
    const short = await createRoom(lobby, { lifetime: 15 * 60 });
    const none = await createRoom(lobby);
    const after = Date.now();
    expect(long.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(long.expiresAt).toBeLessThanOrEqual(after + 3600_000);
    expect(short.expiresAt).toBeLessThanOrEqual(after + 15 * 60_000);
    expect(none.expiresAt).toBeLessThanOrEqual(after + 3600_000);
    expect(none.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
  });

  it("stores the verifier key in memory as bytes, and the room starts ownerless and unlocked", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const record = await t.server.registry.getRoom(room.roomId);
    expect(record?.authKey.equals(room.authKey)).toBe(true);
    expect(record).toMatchObject({ ownerId: null, locked: false, members: [] });
    expect(NONCE_TTL_MS).toBe(60_000);
  });
});
