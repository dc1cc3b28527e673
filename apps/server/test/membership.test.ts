import type { MemberLeft, MemberRole, SessionEnded } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import {
  createRoom,
  envelope,
  join,
  joined,
  lobbyFor,
  once,
  recorder,
  request,
  sleep,
  useServers,
} from "./helpers.js";

describe("membership: leaving, exit, kick and ownership", () => {
  const start = useServers();

  it("announces member:left when a member disconnects", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const left = once<MemberLeft>(alice.socket, "member:left");
    bob.socket.disconnect();
    expect(await left).toEqual({ id: bob.welcome.you.id, reason: "left" });
    expect((await t.server.registry.getRoom(room.roomId))?.members.map((m) => m.alias)).toEqual(["alice"]);
  });

  it("passes ownership to the longest-present member when the owner leaves", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const carol = await joined(t, lobby, room, "carol");
    const roleAtCarol = once<MemberRole>(carol.socket, "member:role");
    const leftAtBob = once<MemberLeft>(bob.socket, "member:left");
    alice.socket.disconnect();
    expect(await leftAtBob).toMatchObject({ id: alice.welcome.you.id });
    expect(await roleAtCarol).toEqual({ ownerId: bob.welcome.you.id });
    // The new owner can now do owner things.
    expect(await request(bob.socket, "room:lock", { locked: true })).toMatchObject({ ok: true });
  });

  it("member:exit carries the farewell to the others, acks, then disconnects", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const bobSaw = recorder(bob.socket);
    const farewell = envelope(1);
    const left = once<MemberLeft>(alice.socket, "member:left");
    const gone = once(bob.socket, "disconnect");
    expect(await request(bob.socket, "member:exit", { farewell })).toEqual({ ok: true });
    expect(await left).toEqual({ id: bob.welcome.you.id, reason: "exit", farewell });
    await gone;
    await sleep(30);
    // Only one notice, and not to the leaver.
    expect(bobSaw.filter(([event]) => event === "member:left")).toEqual([]);
  });

  it("the owner kicks a member: the target learns why and is disconnected, the others see it", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const carol = await joined(t, lobby, room, "carol");
    const ended = once<SessionEnded>(bob.socket, "session:ended");
    const bobGone = once<string>(bob.socket, "disconnect");
    const leftAtCarol = once<MemberLeft>(carol.socket, "member:left");
    expect(await request(alice.socket, "member:kick", { id: bob.welcome.you.id })).toEqual({ ok: true });
    expect(await ended).toEqual({ reason: "kicked", by: "alice" });
    expect(await bobGone).toBe("io server disconnect");
    expect(await leftAtCarol).toEqual({ id: bob.welcome.you.id, reason: "kicked", by: "alice" });
    const carolSaw = recorder(carol.socket);
    await sleep(50);
    // No second "left" notice from bob's disconnect.
    expect(carolSaw).toEqual([]);
    expect((await t.server.registry.getRoom(room.roomId))?.members.map((m) => m.alias)).toEqual([
      "alice",
      "carol",
    ]);
    // Bob's address is barred now (F21, see kickBar.test.ts), but his alias is free again
    // for someone at another address.
    const back = await join(t, lobby, room, "bob");
    expect(back.ok ? "admitted" : back.refusal.code).toBe("BANNED");
    expect((await join(t, lobby, room, "bob", room.authKey, { localAddress: "127.0.0.2" })).ok).toBe(true);
  });

  it("kick: NO_SUCH_MEMBER for an unknown ID, INVALID for yourself", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    expect(await request(alice.socket, "member:kick", { id: "nobody" })).toMatchObject({
      code: "NO_SUCH_MEMBER",
    });
    expect(await request(alice.socket, "member:kick", { id: alice.welcome.you.id })).toMatchObject({
      code: "INVALID",
    });
    expect(alice.socket.connected).toBe(true);
  });
});
