import { randomBytes } from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
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
  sleep,
  startServer,
  type TestRoom,
  type TestServer,
} from "./helpers.js";

/** Each test client binds its own loopback address: one address group per person. */
const BOB = { localAddress: "127.0.0.2" };
const CAROL = { localAddress: "127.0.0.3" };

let t: TestServer;
afterEach(() => t.close());

/** `knock:request` as a client sends it: a fresh challenge and the join proof. */
async function knock(lobby: Socket, room: TestRoom, alias: string, key: Buffer = room.authKey) {
  const nonce = await lookup(lobby, room.roomId);
  return request<{ knockId: string; expiresInMs: number }>(lobby, "knock:request", {
    roomId: room.roomId,
    alias,
    nonce,
    proof: proof(key, room.roomId, nonce, alias),
  });
}

/** A join handshake carrying an admitted knock's ticket. */
async function joinWithTicket(lobby: Socket, room: TestRoom, alias: string, ticket: string, extra = {}) {
  const nonce = await lookup(lobby, room.roomId);
  const auth = { alias, nonce, proof: proof(room.authKey, room.roomId, nonce, alias), ticket };
  return connectRoom(t, room.roomId, auth, extra);
}

const code = (result: { ok: boolean; refusal?: { code: string } }) =>
  result.ok ? "admitted" : result.refusal?.code;

interface Answered {
  knockId: string;
  admitted: boolean;
  ticket?: string;
  reason?: string;
}

async function lockedRoom(options = {}) {
  t = await startServer(options);
  const lobby = await lobbyFor(t);
  const room = await createRoom(lobby);
  const alice = await joined(t, lobby, room, "alice");
  expect(await request(alice.socket, "room:lock", { locked: true })).toEqual({ ok: true });
  return { lobby, room, alice };
}

describe("knocking on a locked room (F34, F35)", () => {
  it("turns a join into KNOCK_REQUIRED; the owner admits and the ticket lets the knocker in once", async () => {
    const { room, alice } = await lockedRoom();
    const bobLobby = await lobbyFor(t, BOB);
    expect(code(await join(t, bobLobby, room, "bob", room.authKey, BOB))).toBe("KNOCK_REQUIRED");

    const heard = once<{ knockId: string; alias: string }>(alice.socket, "knock:new");
    const asked = await knock(bobLobby, room, "bob");
    if (!asked.ok) throw new Error(asked.code);
    const knockNew = await heard;
    expect(knockNew).toMatchObject({ knockId: asked.knockId, alias: "bob" });

    const answered = once<Answered>(bobLobby, "knock:answered");
    expect(await request(alice.socket, "knock:answer", { knockId: asked.knockId, admit: true })).toEqual({
      ok: true,
    });
    const answer = await answered;
    expect(answer.admitted).toBe(true);
    const ticket = answer.ticket ?? "";
    expect(ticket.length).toBeGreaterThan(40);

    // A ticket is for its alias only: another alias neither uses nor spends it.
    expect(code(await joinWithTicket(bobLobby, room, "mallory", ticket, BOB))).toBe("KNOCK_REQUIRED");
    const inside = await joinWithTicket(bobLobby, room, "bob", ticket, BOB);
    expect(code(inside)).toBe("admitted");
    // Single use: the same ticket again (after bob leaves) is a plain join into a locked room.
    if (inside.ok) inside.socket.disconnect();
    await sleep(100);
    expect(code(await joinWithTicket(bobLobby, room, "bob", ticket, BOB))).toBe("KNOCK_REQUIRED");
  });

  it("lets a ticket lapse after a minute unused", async () => {
    const clock = { now: Date.now() };
    const { room, alice } = await lockedRoom({ now: () => clock.now });
    const bobLobby = await lobbyFor(t, BOB);
    const asked = await knock(bobLobby, room, "bob");
    if (!asked.ok) throw new Error(asked.code);
    const answered = once<Answered>(bobLobby, "knock:answered");
    await request(alice.socket, "knock:answer", { knockId: asked.knockId, admit: true });
    const { ticket } = await answered;
    clock.now += 61_000;
    expect(code(await joinWithTicket(bobLobby, room, "bob", ticket ?? "", BOB))).toBe("KNOCK_REQUIRED");
  });

  it("tells a refused knocker so, and a refused knock leaves no ticket", async () => {
    const { room, alice } = await lockedRoom();
    const bobLobby = await lobbyFor(t, BOB);
    const heard = once(alice.socket, "knock:new");
    const asked = await knock(bobLobby, room, "bob");
    if (!asked.ok) throw new Error(asked.code);
    await heard;
    const answered = once<Answered>(bobLobby, "knock:answered");
    await request(alice.socket, "knock:answer", { knockId: asked.knockId, admit: false });
    expect(await answered).toEqual({ knockId: asked.knockId, admitted: false, reason: "refused" });
    // Answered once: a second answer finds nothing.
    const again = await request(alice.socket, "knock:answer", { knockId: asked.knockId, admit: true });
    expect(again.ok ? "ok" : again.code).toBe("NOT_FOUND");
  });

  it("expires an unanswered knock: the knocker hears it, the owner's card goes", async () => {
    const { room, alice } = await lockedRoom({ knockTimeoutMs: 300 });
    const bobLobby = await lobbyFor(t, BOB);
    const asked = await knock(bobLobby, room, "bob");
    if (!asked.ok) throw new Error(asked.code);
    const gone = once<{ knockId: string }>(alice.socket, "knock:gone");
    expect(await once<Answered>(bobLobby, "knock:answered")).toEqual({
      knockId: asked.knockId,
      admitted: false,
      reason: "expired",
    });
    expect((await gone).knockId).toBe(asked.knockId);
    expect(t.server.knocks?.size).toBe(0);
  });

  it("only the owner answers", async () => {
    const { lobby, room, alice } = await lockedRoom();
    await request(alice.socket, "room:lock", { locked: false });
    const carol = await joined(t, lobby, room, "carol", CAROL);
    await request(alice.socket, "room:lock", { locked: true });
    const bobLobby = await lobbyFor(t, BOB);
    const asked = await knock(bobLobby, room, "bob");
    if (!asked.ok) throw new Error(asked.code);
    const byCarol = await request(carol.socket, "knock:answer", { knockId: asked.knockId, admit: true });
    expect(byCarol.ok ? "ok" : byCarol.code).toBe("NOT_OWNER");
  });

  it("refuses a knock without the password: a stranger with only the room ID cannot knock", async () => {
    const { room, alice } = await lockedRoom();
    const strangerLobby = await lobbyFor(t, BOB);
    const heard: unknown[] = [];
    alice.socket.on("knock:new", (k: unknown) => heard.push(k));
    const guess = await knock(strangerLobby, room, "eve", randomBytes(32));
    expect(guess.ok ? "ok" : guess.code).toBe("WRONG_PASSWORD");
    // Without a challenge (or with a spent one) nothing is asked either.
    const replay = await request(strangerLobby, "knock:request", {
      roomId: room.roomId,
      alias: "eve",
      nonce: randomBytes(16).toString("base64url"),
      proof: randomBytes(32).toString("base64url"),
    });
    expect(replay.ok ? "ok" : replay.code).toBe("NONCE_EXPIRED");
    await sleep(100);
    expect(heard).toEqual([]);
  });

  it("needs no knock for an open room", async () => {
    const { room, alice } = await lockedRoom();
    await request(alice.socket, "room:lock", { locked: false });
    const asked = await knock(await lobbyFor(t, BOB), room, "bob");
    expect(asked.ok ? "ok" : asked.code).toBe("INVALID");
  });

  it("bounds knocks: a few per address group and per room, one per alias", async () => {
    const { room, alice } = await lockedRoom();
    const heard: unknown[] = [];
    alice.socket.on("knock:new", (k: unknown) => heard.push(k));
    const bobLobby = await lobbyFor(t, BOB);
    expect((await knock(bobLobby, room, "bob")).ok).toBe(true);
    const twice = await knock(bobLobby, room, "BOB");
    expect(twice.ok ? "ok" : twice.code).toBe("RATE_LIMITED");
    expect((await knock(bobLobby, room, "bob2")).ok).toBe(true);
    const third = await knock(bobLobby, room, "bob3");
    expect(third.ok ? "ok" : third.code).toBe("RATE_LIMITED");
    const outcomes: string[] = [];
    for (let i = 4; i < 9; i++) {
      const lobby = await lobbyFor(t, { localAddress: `127.0.0.${i}` });
      const asked = await knock(lobby, room, `guest${i}`);
      outcomes.push(asked.ok ? "ok" : asked.code);
    }
    expect(outcomes).toEqual(["ok", "ok", "ok", "RATE_LIMITED", "RATE_LIMITED"]);
    await sleep(100);
    expect(heard).toHaveLength(5);
  });

  it("drops a knock when the knocker leaves, and every knock when the room ends", async () => {
    const { room, alice } = await lockedRoom();
    const bobLobby = await lobbyFor(t, BOB);
    const first = await knock(bobLobby, room, "bob");
    if (!first.ok) throw new Error(first.code);
    const gone = once<{ knockId: string }>(alice.socket, "knock:gone");
    bobLobby.disconnect();
    expect((await gone).knockId).toBe(first.knockId);
    expect(t.server.knocks?.size).toBe(0);

    const carolLobby = await lobbyFor(t, CAROL);
    expect((await knock(carolLobby, room, "carol")).ok).toBe(true);
    const ended = once<Answered>(carolLobby, "knock:answered");
    await request(alice.socket, "room:purge", {});
    expect(await ended).toMatchObject({ admitted: false, reason: "ended" });
    expect(t.server.knocks?.size).toBe(0);
  });
});
