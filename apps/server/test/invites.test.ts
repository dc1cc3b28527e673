import { describe, expect, it } from "vitest";
import { MemoryInviteStore } from "../src/invites/inviteStore.js";
import { b64, createRoom, joined, lobbyFor, request, sleep, useServers } from "./helpers.js";

/** What a page sends: an envelope the server cannot open (random bytes here). */
const sealed = () => ({ v: 1 as const, iv: b64(16), ct: b64(48), mac: b64(32) });
const STRANGER = { localAddress: "127.0.0.5" };

type Created = { inviteId: string; expiresAt: number };

describe("one-time invites (F30)", () => {
  const start = useServers();

  it("hands the sealed password out exactly once, then NOT_FOUND", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const box = sealed();
    const made = await request<Created>(lobby, "invite:create", { roomId: room.roomId, sealed: box });
    if (!made.ok) throw new Error(`invite:create refused: ${made.code}`);
    expect(made.inviteId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(made.expiresAt).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect(await t.server.invites.count()).toBe(1);

    const other = await lobbyFor(t, STRANGER);
    const first = await request(other, "invite:open", { roomId: room.roomId, inviteId: made.inviteId });
    expect(first).toEqual({ ok: true, sealed: box });
    expect(await t.server.invites.count()).toBe(0);
    const second = await request(lobby, "invite:open", { roomId: room.roomId, inviteId: made.inviteId });
    expect(second).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("makes a new random ID for every invite", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const made = await request<Created>(lobby, "invite:create", { roomId: room.roomId, sealed: sealed() });
      if (made.ok) ids.add(made.inviteId);
    }
    expect(ids.size).toBe(5);
  });

  it("forgets an invite once its lifetime (--invite-ttl) has passed", async () => {
    let clock = Date.now();
    const t = await start({ now: () => clock, inviteTtlMinutes: 2 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const made = await request<Created>(lobby, "invite:create", { roomId: room.roomId, sealed: sealed() });
    if (!made.ok) throw new Error("refused");
    expect(made.expiresAt).toBe(clock + 2 * 60_000);
    clock += 2 * 60_000 + 1;
    const late = await request(lobby, "invite:open", { roomId: room.roomId, inviteId: made.inviteId });
    expect(late).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await t.server.invites.count()).toBe(0);
  });

  it("refuses invites for a room that does not exist", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const res = await request(lobby, "invite:create", { roomId: "0123456789ABCDEF", sealed: sealed() });
    expect(res).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await t.server.invites.count()).toBe(0);
  });

  it("gives a stranger guessing IDs nothing, leaves the real invite alone, and rate-limits the guessing", async () => {
    const t = await start({ maxLookupsPerMinute: 10 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const made = await request<Created>(lobby, "invite:create", { roomId: room.roomId, sealed: sealed() });
    if (!made.ok) throw new Error("refused");
    const stranger = await lobbyFor(t, STRANGER);
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await request(stranger, "invite:open", { roomId: room.roomId, inviteId: b64(16) });
      codes.push(res.ok ? "ok" : res.code);
    }
    expect(codes.slice(0, 10).every((c) => c === "NOT_FOUND")).toBe(true);
    expect(codes.slice(10)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    // The right ID under another room does not burn it either.
    const other = await createRoom(lobby);
    const wrongRoom = await request(lobby, "invite:open", { roomId: other.roomId, inviteId: made.inviteId });
    expect(wrongRoom).toMatchObject({ code: "NOT_FOUND" });
    const real = await request(lobby, "invite:open", { roomId: room.roomId, inviteId: made.inviteId });
    expect(real).toMatchObject({ ok: true });
  });

  it("drops a room's invites when the room ends", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const made = await request<Created>(lobby, "invite:create", { roomId: room.roomId, sealed: sealed() });
    if (!made.ok) throw new Error("refused");
    expect(await t.server.invites.count()).toBe(1);
    expect(await request(alice.socket, "room:purge", {})).toEqual({ ok: true });
    for (let i = 0; i < 50 && (await t.server.invites.count()) > 0; i++) await sleep(10);
    expect(await t.server.invites.count()).toBe(0);
    const res = await request(lobby, "invite:open", { roomId: room.roomId, inviteId: made.inviteId });
    expect(res).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });

  it("caps the invites a room may hold", async () => {
    const t = await start({ maxLookupsPerMinute: 100 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await request(lobby, "invite:create", { roomId: room.roomId, sealed: sealed() });
      codes.push(res.ok ? "ok" : res.code);
    }
    expect(codes.filter((c) => c === "ok")).toHaveLength(20);
    expect(codes.slice(20)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
    expect(await t.server.invites.count()).toBe(20);
  });

  it("refuses a link key or anything but the sealed envelope", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const res = await request(lobby, "invite:create", {
      roomId: room.roomId,
      sealed: sealed(),
      linkKey: b64(32),
    });
    expect(res).toMatchObject({ ok: false, code: "INVALID" });
    expect(await t.server.invites.count()).toBe(0);
  });
});

describe("InviteStore bounds", () => {
  it("holds at most its total, and forgets expired records on its own", async () => {
    const store = new MemoryInviteStore({ ttlMs: 30, now: Date.now, perRoom: 5, total: 8 });
    const results = [];
    for (let i = 0; i < 10; i++) results.push(await store.create(`ROOM${i % 3}`, sealed()));
    expect(results.filter((r) => typeof r === "object")).toHaveLength(8);
    expect(results.slice(8)).toEqual(["server-full", "server-full"]);
    await sleep(80);
    expect(await store.count()).toBe(0);
  });
});
