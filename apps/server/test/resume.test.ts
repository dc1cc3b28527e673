import type { JoinRefusal, MemberAway, MemberLeft, MemberRole, Welcome } from "@sanctuary/protocol";
import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import {
  connectRoom,
  createRoom,
  envelope,
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

/**
 * Reconnect without replay (F17): a dropped connection keeps the member seated and
 * "away" for the resume window; its single-use token takes the seat back with the same
 * ID, alias and role; nothing sent meanwhile is replayed; after the window the member
 * is gone as before.
 */

/** Kills a member's TCP connection from the server side, as a dead network would. */
function cutNetwork(t: TestServer, roomId: string, memberId: string): void {
  const nsp = t.server.namespaces.get(roomId);
  const socket = [...(nsp?.sockets.values() ?? [])].find((s) => s.data.memberId === memberId);
  const transport = socket?.conn.transport as unknown as { socket?: { _socket?: { destroy(): void } } };
  const tcp = transport?.socket?._socket;
  if (!tcp) throw new Error("no WebSocket to cut");
  tcp.destroy();
}

async function resume(t: TestServer, roomId: string, token: string, extra = {}) {
  return connectRoom(t, roomId, { resume: token }, extra);
}

async function refusal(t: TestServer, roomId: string, auth: object): Promise<JoinRefusal | string> {
  const res = await connectRoom(t, roomId, auth);
  if (res.ok) throw new Error("expected a refusal");
  return res.refusal ?? res.message;
}

describe("resume", () => {
  const start = useServers();

  it("keeps a dropped member away, then gives the same seat back once, without the gap", async () => {
    const t = await start({ heartbeatMs: 20 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const bobSaw = recorder(bob.socket);
    const token = alice.welcome.resumeToken;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(alice.welcome.resumeWindowMs).toBe(30_000);

    const away = once<MemberAway>(bob.socket, "member:away");
    cutNetwork(t, room.roomId, alice.welcome.you.id);
    expect(await away).toEqual({ id: alice.welcome.you.id, away: true });
    const record = await t.server.registry.getRoom(room.roomId);
    expect(record?.members.map((m) => [m.alias, m.awaySince !== undefined])).toEqual([
      ["alice", true],
      ["bob", false],
    ]);
    expect(record?.ownerId).toBe(alice.welcome.you.id);
    // The server keeps a hash of the token, never the token.
    expect(JSON.stringify(record?.members)).not.toContain(token);

    // Sent while alice is away: it must not reach her later.
    expect((await request(bob.socket, "msg:send", { env: envelope() })).ok).toBe(true);

    const back = once<MemberAway>(bob.socket, "member:away");
    const again = await resume(t, room.roomId, token);
    if (!again.ok) throw new Error("resume refused");
    const welcome: Welcome = again.welcome;
    expect(welcome.you).toMatchObject({ id: alice.welcome.you.id, alias: "alice", owner: true });
    expect(welcome.you.away).toBeUndefined();
    expect(welcome.ownerId).toBe(alice.welcome.you.id);
    expect(welcome.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
    expect(welcome.resumeToken).not.toBe(token);
    expect(await back).toEqual({ id: alice.welcome.you.id, away: false });
    const aliceSaw = recorder(again.socket);
    await sleep(100);
    expect(aliceSaw.filter(([e]) => e === "msg:new")).toEqual([]);
    // Bob saw no departure and no second arrival.
    expect(bobSaw.map(([e]) => e)).not.toContain("member:left");
    expect(bobSaw.map(([e]) => e)).not.toContain("member:joined");

    // The resumed member is a full member again.
    const relayed = once(bob.socket, "msg:new");
    expect((await request(again.socket, "msg:send", { env: envelope() })).ok).toBe(true);
    expect(await relayed).toMatchObject({ from: { id: alice.welcome.you.id, alias: "alice" } });

    // Single use: the old token is spent.
    expect(await refusal(t, room.roomId, { resume: token })).toMatchObject({ code: "NOT_FOUND" });
  });

  it("a resume that beats the server to the dead connection takes the seat over", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const bobSaw = recorder(bob.socket);
    const oldGone = once(alice.socket, "disconnect");
    const again = await resume(t, room.roomId, alice.welcome.resumeToken);
    expect(again.ok).toBe(true);
    await oldGone;
    await sleep(50);
    const record = await t.server.registry.getRoom(room.roomId);
    expect(record?.members.map((m) => [m.alias, m.awaySince])).toEqual([
      ["alice", undefined],
      ["bob", undefined],
    ]);
    expect(bobSaw.map(([e]) => e)).not.toContain("member:left");
  });

  it("after the window the member is gone: member:left disconnected, ownership passes, token dead", async () => {
    const t = await start({ heartbeatMs: 20, resumeWindowSeconds: 1 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const left = once<MemberLeft>(bob.socket, "member:left", 3000);
    const role = once<MemberRole>(bob.socket, "member:role", 3000);
    const cutAt = Date.now();
    cutNetwork(t, room.roomId, alice.welcome.you.id);
    expect(await left).toEqual({ id: alice.welcome.you.id, reason: "disconnected" });
    expect(Date.now() - cutAt).toBeGreaterThanOrEqual(1000);
    expect(await role).toEqual({ ownerId: bob.welcome.you.id });
    expect(await refusal(t, room.roomId, { resume: alice.welcome.resumeToken })).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("an away member keeps the room alive; it is purged once the window and the grace have passed", async () => {
    const t = await start({ heartbeatMs: 20, emptyGraceMs: 100, resumeWindowSeconds: 1 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    cutNetwork(t, room.roomId, alice.welcome.you.id);
    await sleep(600);
    expect(await t.server.registry.hasRoom(room.roomId)).toBe(true);
    await sleep(1000);
    expect(await t.server.registry.hasRoom(room.roomId)).toBe(false);
    expect(t.server.namespaces.size).toBe(0);
  });

  it("kick removes an away member and bars its address; purge kills every token", async () => {
    const t = await start({ heartbeatMs: 20 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob", { localAddress: "127.0.0.2" });
    const carol = await joined(t, lobby, room, "carol", { localAddress: "127.0.0.3" });
    const away = once(alice.socket, "member:away");
    cutNetwork(t, room.roomId, bob.welcome.you.id);
    await away;
    const left = once<MemberLeft>(alice.socket, "member:left");
    expect((await request(alice.socket, "member:kick", { id: bob.welcome.you.id })).ok).toBe(true);
    expect(await left).toMatchObject({ id: bob.welcome.you.id, reason: "kicked" });
    expect(await refusal(t, room.roomId, { resume: bob.welcome.resumeToken })).toMatchObject({
      code: "NOT_FOUND",
    });
    const bobLobby = await lobbyFor(t, { localAddress: "127.0.0.2" });
    const rejoin = await join(t, bobLobby, room, "bob", room.authKey, { localAddress: "127.0.0.2" });
    expect(rejoin.ok ? "joined" : rejoin.refusal.code).toBe("BANNED");
    // Another alias from bob's address group may only knock (F34).
    const other = await join(t, bobLobby, room, "bob2", room.authKey, { localAddress: "127.0.0.2" });
    expect(other.ok ? "joined" : other.refusal.code).toBe("KNOCK_REQUIRED");

    const carolAway = once(alice.socket, "member:away");
    cutNetwork(t, room.roomId, carol.welcome.you.id);
    await carolAway;
    expect((await request(alice.socket, "room:purge", {})).ok).toBe(true);
    await sleep(50);
    const res = await connectRoom(t, room.roomId, { resume: carol.welcome.resumeToken });
    expect(res.ok).toBe(false);
  });

  it("refuses malformed resume handshakes, and resumes nothing with the window at 0", async () => {
    const t = await start({ resumeWindowSeconds: 0 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    for (const auth of [
      { resume: "short" },
      { resume: alice.welcome.resumeToken, alias: "alice" },
      { resume: 42 },
      { resume: `${alice.welcome.resumeToken.slice(0, 42)}=` },
    ]) {
      expect(await refusal(t, room.roomId, auth), JSON.stringify(auth)).toMatchObject({ code: "INVALID" });
    }
    // A token nobody was given.
    expect(await refusal(t, room.roomId, { resume: "A".repeat(43) })).toMatchObject({ code: "NOT_FOUND" });
    expect(alice.welcome.resumeWindowMs).toBe(0);
    const left = once<MemberLeft>(bob.socket, "member:left");
    cutNetwork(t, room.roomId, alice.welcome.you.id);
    expect(await left).toEqual({ id: alice.welcome.you.id, reason: "disconnected" });
    expect(await refusal(t, room.roomId, { resume: alice.welcome.resumeToken })).toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("a member that leaves on purpose is gone at once, never away", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const bobSaw = recorder(bob.socket);
    const left = once<MemberLeft>(bob.socket, "member:left");
    (alice.socket as Socket).disconnect();
    expect(await left).toEqual({ id: alice.welcome.you.id, reason: "left" });
    expect(bobSaw.map(([e]) => e)).not.toContain("member:away");
  });
});
