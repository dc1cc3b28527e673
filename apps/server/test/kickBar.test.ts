import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { barKey } from "../src/rooms/kickBar.js";
import {
  connectRoom,
  createRoom,
  join,
  joined,
  lobbyFor,
  lookup,
  once,
  proof,
  request,
  startServer,
  type TestServer,
} from "./helpers.js";

/** Each test client binds its own loopback address, so it counts as another person. */
const BOB = { localAddress: "127.0.0.2" };
const CAROL = { localAddress: "127.0.0.3" };
const DAVE = { localAddress: "127.0.0.4" };

describe("kick that sticks (F21): a kicked member's address is barred from the room", () => {
  let t: TestServer;
  afterEach(() => t.close());

  async function kickBob(clock: { now: number }) {
    t = await startServer({ now: () => clock.now });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob", BOB);
    const carol = await joined(t, lobby, room, "carol", CAROL);
    const bobGone = once(bob.socket, "disconnect");
    expect(await request(alice.socket, "member:kick", { id: bob.welcome.you.id })).toEqual({ ok: true });
    await bobGone;
    return { lobby, room, alice, carol };
  }

  it("refuses the person kicked (same address group, same alias) with BANNED and the time left", async () => {
    const clock = { now: Date.now() };
    const { room } = await kickBob(clock);
    clock.now += 60_000;
    const bobLobby = await lobbyFor(t, BOB);
    // The same alias as uniqueness sees it: case folded too.
    for (const alias of ["bob", "BOB"]) {
      const again = await join(t, bobLobby, room, alias, room.authKey, BOB);
      expect(again.ok ? "admitted" : again.refusal.code).toBe("BANNED");
      if (again.ok) return;
      expect(again.refusal.retryAfterMs).toBe(9 * 60_000);
      expect(again.refusal.message).toBe("You were removed from this room; you can try again in 9 minutes.");
    }
    // Nor can the person kicked knock its way back in.
    const nonce = await lookup(bobLobby, room.roomId);
    const knocked = await request(bobLobby, "knock:request", {
      roomId: room.roomId,
      alias: "bob",
      nonce,
      proof: proof(room.authKey, room.roomId, nonce, "bob"),
    });
    expect(knocked.ok ? "ok" : knocked.code).toBe("BANNED");
    if (!knocked.ok) expect(knocked.message).toContain("9 minutes");
    // A wrong password from the barred address is just a wrong password: the bar is only
    // checked after the proof, so a stranger learns nothing about who was kicked.
    const guess = await join(t, bobLobby, room, "bob", randomBytes(32), BOB);
    expect(guess.ok ? "admitted" : guess.refusal.code).toBe("WRONG_PASSWORD");
  });

  it("lets a housemate (same address group, another alias) knock, and the owner let them in", async () => {
    const clock = { now: Date.now() };
    const { room, alice } = await kickBob(clock);
    const eveLobby = await lobbyFor(t, BOB);
    const first = await join(t, eveLobby, room, "eve", room.authKey, BOB);
    expect(first.ok ? "admitted" : first.refusal.code).toBe("KNOCK_REQUIRED");
    const nonce = await lookup(eveLobby, room.roomId);
    const heard = once<{ knockId: string; alias: string }>(alice.socket, "knock:new");
    const asked = await request<{ knockId: string }>(eveLobby, "knock:request", {
      roomId: room.roomId,
      alias: "eve",
      nonce,
      proof: proof(room.authKey, room.roomId, nonce, "eve"),
    });
    if (!asked.ok) throw new Error(asked.code);
    expect((await heard).alias).toBe("eve");
    const answered = once<{ admitted: boolean; ticket?: string }>(eveLobby, "knock:answered");
    await request(alice.socket, "knock:answer", { knockId: asked.knockId, admit: true });
    const { ticket } = await answered;
    const nonce2 = await lookup(eveLobby, room.roomId);
    const auth = {
      alias: "eve",
      nonce: nonce2,
      proof: proof(room.authKey, room.roomId, nonce2, "eve"),
      ticket,
    };
    const inside = await connectRoom(t, room.roomId, auth, BOB);
    expect(inside.ok ? "admitted" : inside.refusal.code).toBe("admitted");
  });

  it("lets everyone else in: members at other addresses, and newcomers", async () => {
    const clock = { now: Date.now() };
    const { lobby, room, carol } = await kickBob(clock);
    carol.socket.disconnect();
    const carolLobby = await lobbyFor(t, CAROL);
    expect((await join(t, carolLobby, room, "carol", room.authKey, CAROL)).ok).toBe(true);
    const daveLobby = await lobbyFor(t, DAVE);
    expect((await join(t, daveLobby, room, "dave", room.authKey, DAVE)).ok).toBe(true);
    // The bar is per room: bob's address can join another room.
    const other = await createRoom(lobby);
    const bobLobby = await lobbyFor(t, BOB);
    expect((await join(t, bobLobby, other, "bob", other.authKey, BOB)).ok).toBe(true);
  });

  it("expires after ten minutes", async () => {
    const clock = { now: Date.now() };
    const { room } = await kickBob(clock);
    const bobLobby = await lobbyFor(t, BOB);
    clock.now += 10 * 60_000 - 1_000;
    const early = await join(t, bobLobby, room, "bob", room.authKey, BOB);
    expect(early.ok ? "admitted" : early.refusal.code).toBe("BANNED");
    clock.now += 2_000;
    const later = await join(t, bobLobby, room, "bob", room.authKey, BOB);
    expect(later.ok).toBe(true);
    await t.server.heartbeat.tick();
  });

  it("ends with the room: a purge forgets every bar", async () => {
    const clock = { now: Date.now() };
    const { room, alice } = await kickBob(clock);
    const snapshot = await t.server.registry.getRoom(room.roomId);
    if (!snapshot) throw new Error("room gone");
    const key = barKey(snapshot.barSalt, "127.0.0.2");
    expect(await t.server.registry.isBarred(room.roomId, key, clock.now)).toBe(true);
    await request(alice.socket, "room:purge", {});
    expect(await t.server.registry.isBarred(room.roomId, key, clock.now)).toBe(false);
  });

  it("hashes the address under a salt of each room, so bars do not link rooms", () => {
    const a = barKey(randomBytes(32), "192.0.2.1");
    const b = barKey(randomBytes(32), "192.0.2.1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("192");
  });
});
