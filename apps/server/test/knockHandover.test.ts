import { roomNamespace } from "@sanctuary/protocol";
import { cutNetwork } from "@sanctuary/testkit";
import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import {
  createRoom,
  joined,
  lobbyFor,
  lookup,
  once,
  proof,
  request,
  sleep,
  socketFor,
  startServer,
  type TestRoom,
  type TestServer,
} from "./helpers.js";

/**
 * Knocks outlive an owner (F35): when ownership passes on while knocks wait, the new
 * owner hears each of them with the time it has left, can answer it, and hears it go.
 */
const BOB = { localAddress: "127.0.0.2" };
const CAROL = { localAddress: "127.0.0.3" };
const TIMEOUT_MS = 5_000;

let t: TestServer;
afterEach(() => t.close());

interface KnockNew {
  knockId: string;
  alias: string;
  expiresInMs: number;
}

async function knock(lobby: Socket, room: TestRoom, alias: string) {
  const nonce = await lookup(lobby, room.roomId);
  const asked = await request<{ knockId: string }>(lobby, "knock:request", {
    roomId: room.roomId,
    alias,
    nonce,
    proof: proof(room.authKey, room.roomId, nonce, alias),
  });
  if (!asked.ok) throw new Error(asked.code);
  return asked.knockId;
}

/** alice owns a locked room with carol in it; bob knocks and alice hears it. */
async function knockWaiting(options = {}) {
  t = await startServer({ knockTimeoutMs: TIMEOUT_MS, ...options });
  const lobby = await lobbyFor(t);
  const room = await createRoom(lobby);
  const alice = await joined(t, lobby, room, "alice");
  const carolLobby = await lobbyFor(t, CAROL);
  const carol = await joined(t, carolLobby, room, "carol", CAROL);
  expect(await request(alice.socket, "room:lock", { locked: true })).toEqual({ ok: true });
  const bobLobby = await lobbyFor(t, BOB);
  const heard = once<KnockNew>(alice.socket, "knock:new");
  const knockId = await knock(bobLobby, room, "bob");
  await heard;
  // Some of the knock's time passes before the owner goes.
  await sleep(400);
  return { room, alice, carol, bobLobby, knockId };
}

describe("knocks when ownership passes on", () => {
  it("the owner leaves: the new owner hears the waiting knock with its time left and lets the knocker in", async () => {
    const { alice, carol, bobLobby, knockId } = await knockWaiting();
    const role = once<{ ownerId: string }>(carol.socket, "member:role");
    const handed = once<KnockNew>(carol.socket, "knock:new");
    await request(alice.socket, "member:exit", {});
    expect((await role).ownerId).toBe(carol.welcome.you.id);
    const knockNew = await handed;
    expect(knockNew).toMatchObject({ knockId, alias: "bob" });
    expect(knockNew.expiresInMs).toBeGreaterThan(0);
    expect(knockNew.expiresInMs).toBeLessThanOrEqual(TIMEOUT_MS - 400);

    const answered = once<{ admitted: boolean; ticket?: string }>(bobLobby, "knock:answered");
    expect(await request(carol.socket, "knock:answer", { knockId, admit: true })).toEqual({ ok: true });
    expect((await answered).admitted).toBe(true);
  });

  it("the owner's connection closes: the new owner hears the knock, and hears it go when withdrawn", async () => {
    const { alice, carol, bobLobby, knockId } = await knockWaiting();
    const handed = once<KnockNew>(carol.socket, "knock:new");
    alice.socket.disconnect();
    expect((await handed).knockId).toBe(knockId);
    const gone = once<{ knockId: string }>(carol.socket, "knock:gone");
    expect(await request(bobLobby, "knock:cancel", { knockId })).toEqual({ ok: true });
    expect((await gone).knockId).toBe(knockId);
  });

  it("the owner's network drops past the window: the heartbeat removes it and the new owner hears the knock", async () => {
    const { room, alice, carol, knockId } = await knockWaiting({ resumeWindowSeconds: 1, heartbeatMs: 100 });
    const handed = once<KnockNew>(carol.socket, "knock:new", 5_000);
    cutNetwork(t.server, room.roomId, alice.welcome.you.id);
    const knockNew = await handed;
    expect(knockNew).toMatchObject({ knockId, alias: "bob" });
    expect(knockNew.expiresInMs).toBeLessThanOrEqual(TIMEOUT_MS - 1_000);
  });

  it("a new owner who was away at the handover hears the waiting knocks when it resumes", async () => {
    const { room, alice, carol, knockId } = await knockWaiting();
    cutNetwork(t.server, room.roomId, carol.welcome.you.id);
    await sleep(200);
    await request(alice.socket, "member:exit", {});
    const back = socketFor(t, roomNamespace(room.roomId), { resume: carol.welcome.resumeToken }, CAROL);
    const heard = once<KnockNew>(back, "knock:new");
    const welcome = await once<{ you: { id: string; owner: boolean } }>(back, "room:welcome");
    expect(welcome.you.id).toBe(carol.welcome.you.id);
    expect((await heard).knockId).toBe(knockId);
  });
});
