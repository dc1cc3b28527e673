import type { Ack, RoomNotice } from "@sanctuary/protocol";
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
  socketFor,
  useServers,
} from "./helpers.js";

const BOB = { localAddress: "127.0.0.2" };
const CAROL = { localAddress: "127.0.0.3" };

/** Fires `count` events without waiting, resolving with each ack (or "none" if never answered). */
function burst(socket: Socket, event: string, payload: () => unknown, count: number): Promise<string[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<string>((resolve) => {
          socket.timeout(1500).emit(event, payload(), (err: Error | null, res: Ack) => {
            resolve(err ? "none" : res.ok ? "ok" : res.code);
          });
        }),
    ),
  );
}

const tally = (codes: string[]) =>
  codes.reduce<Record<string, number>>((acc, c) => {
    acc[c] = (acc[c] ?? 0) + 1;
    return acc;
  }, {});

describe("rate limits: per socket and per address", () => {
  const start = useServers();

  it("answers a message flood with RATE_LIMITED, then disconnects it; the others chat on", async () => {
    // 2 events/s over a 10 s window: a budget of 20 events.
    const t = await start({ maxMessageRate: 2 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const flooder = await joined(t, lobby, room, "flooder");
    const bob = await joined(t, lobby, room, "bob", BOB);
    const carol = await joined(t, lobby, room, "carol", CAROL);
    const carolSaw = recorder(carol.socket);
    const gone = once<string>(flooder.socket, "disconnect", 3000);

    const codes = tally(await burst(flooder.socket, "msg:send", () => ({ env: envelope() }), 60));
    expect(codes.ok).toBe(20);
    // RATE_LIMIT_STRIKES refusals, then the connection is closed and the rest go unanswered.
    expect(codes.RATE_LIMITED).toBe(20);
    expect(codes.none).toBe(20);
    expect(await gone).toBe("io server disconnect");

    // Carol got exactly the accepted messages; bob's budget is his own.
    await sleep(50);
    expect(carolSaw.filter(([e]) => e === "msg:new")).toHaveLength(20);
    const next = once<{ from: { alias: string } }>(carol.socket, "msg:new");
    expect(await request(bob.socket, "msg:send", { env: envelope() })).toMatchObject({ ok: true });
    expect((await next).from.alias).toBe("bob");
  });

  it("charges malformed payloads extra points", async () => {
    const t = await start({ maxMessageRate: 2 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    // 4 malformed × 5 points = the whole budget of 20.
    for (let i = 0; i < 4; i++) {
      expect(await request(alice.socket, "msg:send", { env: "junk" })).toMatchObject({ code: "INVALID" });
    }
    expect(await request(alice.socket, "msg:send", { env: envelope() })).toMatchObject({
      code: "RATE_LIMITED",
    });
  });

  it("limits all sockets of one address together", async () => {
    const t = await start({ maxMessageRate: 100, maxAddressRate: 1 });
    const one = await lobbyFor(t);
    const two = await lobbyFor(t);
    const other = await lobbyFor(t, BOB);
    const lookup = () => ({ roomId: "0123456789ABCDEF" });
    const codes = tally([
      ...(await burst(one, "room:lookup", lookup, 6)),
      ...(await burst(two, "room:lookup", lookup, 6)),
    ]);
    expect(codes.NOT_FOUND).toBe(10);
    expect(codes.RATE_LIMITED).toBe(2);
    expect(await request(other, "room:lookup", lookup())).toMatchObject({ code: "NOT_FOUND" });
  });

  it("limits rooms created per address per minute", async () => {
    const t = await start({ maxRoomsPerMinute: 3 });
    const lobby = await lobbyFor(t);
    for (let i = 0; i < 3; i++) await createRoom(lobby);
    await expect(createRoom(lobby)).rejects.toThrow(/RATE_LIMITED/);
    // Reconnecting does not reset it; another address is not affected.
    lobby.disconnect();
    await expect(createRoom(await lobbyFor(t))).rejects.toThrow(/RATE_LIMITED/);
    await createRoom(await lobbyFor(t, BOB));
  });

  it("refuses connections over the per-address limit, even in a parallel burst", async () => {
    const t = await start({ maxConnectionsPerAddress: 3 });
    const sockets = Array.from({ length: 10 }, () => socketFor(t));
    const results = await Promise.all(
      sockets.map(
        (s) =>
          new Promise<string>((resolve) => {
            s.once("connect", () => resolve("connect"));
            s.once("connect_error", () => resolve("refused"));
          }),
      ),
    );
    expect(tally(results)).toEqual({ connect: 3, refused: 7 });
    await lobbyFor(t, BOB);
    // Closing one frees its slot.
    const open = sockets.find((s) => s.connected);
    open?.disconnect();
    await sleep(50);
    await lobbyFor(t);
  });

  it("backs off failed joins per address, tells the room quietly, and lets others in", async () => {
    const t = await start({ maxJoinFailures: 3 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const notices: RoomNotice[] = [];
    alice.socket.on("room:notice", (n: RoomNotice) => notices.push(n));
    const wrong = Buffer.alloc(32, 1);

    const bobLobby = await lobbyFor(t, BOB);
    for (let i = 0; i < 3; i++) {
      const r = await join(t, bobLobby, room, "bob", wrong, BOB);
      expect(r.ok ? "admitted" : r.refusal.code).toBe("WRONG_PASSWORD");
    }
    // Now even the right password waits.
    const blocked = await join(t, bobLobby, room, "bob", room.authKey, BOB);
    expect(blocked.ok ? "admitted" : blocked.refusal.code).toBe("RATE_LIMITED");

    const carolLobby = await lobbyFor(t, CAROL);
    for (let i = 0; i < 2; i++) await join(t, carolLobby, room, "carol", wrong, CAROL);
    // Five failures in the room: one quiet notice, with a count and nothing else.
    await sleep(50);
    expect(notices).toEqual([{ kind: "join-failures", count: 5 }]);
    // Someone with the password, from an address that has not failed, gets in.
    expect((await joined(t, lobby, room, "dave")).welcome.you.alias).toBe("dave");
  });

  it("forgets sockets, connections and rooms: no limiter state outlives them", async () => {
    const t = await start({ maxJoinFailures: 3 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const members = [];
    for (let i = 0; i < 10; i++) {
      const m = await joined(t, lobby, room, `m${i}`);
      await request(m.socket, "msg:send", { env: envelope() });
      members.push(m);
    }
    // A failure and then a success from one address, a failure in the room.
    await join(t, lobby, room, "x", Buffer.alloc(32));
    await joined(t, lobby, room, "y");
    expect(t.server.limits.events.socketKeys()).toBeGreaterThan(0);
    await request(alice.socket, "room:purge", {});
    lobby.disconnect();
    for (const c of t.clients) c.disconnect();
    await sleep(100);
    expect(t.server.limits.events.socketKeys()).toBe(0);
    expect(t.server.limits.joins.size()).toBe(0);
    expect(t.server.limits.connections.size).toBe(0);
    expect(t.server.namespaces.size).toBe(0);
  });

  it("counts a join handshake against the address's budget", async () => {
    const t = await start({ maxAddressRate: 1 });
    const lobby = await lobbyFor(t, BOB);
    const room = await createRoom(lobby);
    const results: string[] = [];
    for (let i = 0; i < 4; i++) {
      // Malformed auth costs INVALID_PAYLOAD_COST: 10 points are gone after two.
      const r = await connectRoom(t, room.roomId, { alias: 5 });
      results.push(r.ok ? "admitted" : r.refusal.code);
    }
    expect(results).toEqual(["INVALID", "INVALID", "RATE_LIMITED", "RATE_LIMITED"]);
  });
});
