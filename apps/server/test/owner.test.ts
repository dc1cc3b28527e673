import type { RoomLocked, SessionEnded } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import {
  createRoom,
  join,
  joined,
  lobbyFor,
  once,
  recorder,
  request,
  sleep,
  type TestServer,
  useServers,
} from "./helpers.js";

async function room3(t: TestServer) {
  const lobby = await lobbyFor(t);
  const room = await createRoom(lobby);
  const alice = await joined(t, lobby, room, "alice");
  const bob = await joined(t, lobby, room, "bob");
  const carol = await joined(t, lobby, room, "carol");
  await sleep(30);
  return { lobby, room, alice, bob, carol };
}

describe("owner-only actions: kick, purge, lock", () => {
  const start = useServers();

  it("refuses kick, purge and lock from a non-owner with NOT_OWNER and changes nothing", async () => {
    const t = await start();
    const { lobby, room, alice, bob, carol } = await room3(t);
    const aliceSaw = recorder(alice.socket);
    const carolSaw = recorder(carol.socket);
    expect(await request(bob.socket, "member:kick", { id: carol.welcome.you.id })).toMatchObject({
      code: "NOT_OWNER",
    });
    expect(await request(bob.socket, "member:kick", { id: alice.welcome.you.id })).toMatchObject({
      code: "NOT_OWNER",
    });
    expect(await request(bob.socket, "room:purge", {})).toMatchObject({ code: "NOT_OWNER" });
    expect(await request(bob.socket, "room:lock", { locked: true })).toMatchObject({ code: "NOT_OWNER" });
    await sleep(50);
    expect(aliceSaw).toEqual([]);
    expect(carolSaw).toEqual([]);
    const state = await t.server.registry.getRoom(room.roomId);
    expect(state?.members).toHaveLength(3);
    expect(state?.locked).toBe(false);
    expect((await request(lobby, "room:lookup", { roomId: room.roomId })).ok).toBe(true);
  });

  it("purge ends the session for everyone, deletes the room and its namespace at once", async () => {
    const t = await start();
    const { lobby, room, alice, bob, carol } = await room3(t);
    const ended = [alice, bob, carol].map((m) => once<SessionEnded>(m.socket, "session:ended"));
    const gone = [alice, bob, carol].map((m) => once<string>(m.socket, "disconnect"));
    expect(await request(alice.socket, "room:purge", {})).toEqual({ ok: true });
    for (const e of await Promise.all(ended)) expect(e).toEqual({ reason: "purged", by: "alice" });
    expect(await Promise.all(gone)).toEqual([
      "io server disconnect",
      "io server disconnect",
      "io server disconnect",
    ]);
    expect(await request(lobby, "room:lookup", { roomId: room.roomId })).toMatchObject({ code: "NOT_FOUND" });
    expect(t.server.io._nsps.has(`/r/${room.roomId}`)).toBe(false);
    expect(t.server.namespaces.size).toBe(0);
    // The lobby connection of the same person is untouched.
    expect(lobby.connected).toBe(true);
    // A stale join attempt creates nothing either.
    const late = await join(t, lobby, room, "dave").catch((e: Error) => e);
    expect(late).toBeInstanceOf(Error);
    expect(t.server.io._nsps.has(`/r/${room.roomId}`)).toBe(false);
  });

  it("lock tells everyone and turns newcomers' joins into knocks (KNOCK_REQUIRED); unlock lets them in", async () => {
    const t = await start();
    const { lobby, room, alice, bob } = await room3(t);
    const atBob = once<RoomLocked>(bob.socket, "room:locked");
    const atAlice = once<RoomLocked>(alice.socket, "room:locked");
    expect(await request(alice.socket, "room:lock", { locked: true })).toEqual({ ok: true });
    expect(await atBob).toEqual({ locked: true, by: "alice" });
    expect(await atAlice).toEqual({ locked: true, by: "alice" });
    const refused = await join(t, lobby, room, "dave");
    expect(refused.ok ? "admitted" : refused.refusal.code).toBe("KNOCK_REQUIRED");
    await request(alice.socket, "room:lock", { locked: false });
    const admitted = await join(t, lobby, room, "dave");
    expect(admitted.ok).toBe(true);
    if (admitted.ok) expect(admitted.welcome.locked).toBe(false);
  });
});
