import { KDF_DEFAULT } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import {
  b64,
  type ClientOptions,
  createRoom,
  join,
  joined,
  lobbyFor,
  once,
  request,
  socketFor,
  useServers,
} from "./helpers.js";

/**
 * Behind a trusted proxy, clients are told apart by the X-Forwarded-For hop. A client
 * with an IPv6 /64 can give every connection a fresh address from it; all of them must
 * count as one address group for every per-address limit and for the kick bar.
 */
const from = (address: string): ClientOptions => ({ extraHeaders: { "x-forwarded-for": address } });

/** Addresses of one /64, spelled differently. */
const SAME_64 = [
  "2001:db8:7:7::1",
  "2001:DB8:7:7:0:0:0:2",
  "2001:db8:7:7:ffff:1:2:3",
  "2001:0db8:0007:0007::4",
];
const OTHER_64 = "2001:db8:7:8::1";

describe("address groups: one IPv6 /64 is one address for every limit", () => {
  const start = useServers();

  it("room creation: the limit is per /64, and IPv4-mapped IPv6 is the IPv4 address", async () => {
    const t = await start({ trustProxy: true, maxRoomsPerMinute: 2 });
    const codes: string[] = [];
    for (const address of SAME_64.slice(0, 3)) {
      const lobby = await lobbyFor(t, from(address));
      const res = await request(lobby, "room:create", roomRequest().body);
      codes.push(res.ok ? "ok" : String(res.code));
    }
    expect(codes).toEqual(["ok", "ok", "RATE_LIMITED"]);
    const other = await lobbyFor(t, from(OTHER_64));
    expect((await request(other, "room:create", roomRequest().body)).ok).toBe(true);

    const v4: string[] = [];
    for (const address of ["203.0.113.5", "::ffff:203.0.113.5", "::ffff:cb00:7105"]) {
      const lobby = await lobbyFor(t, from(address));
      const res = await request(lobby, "room:create", roomRequest().body);
      v4.push(res.ok ? "ok" : String(res.code));
    }
    expect(v4).toEqual(["ok", "ok", "RATE_LIMITED"]);
  });

  it("connections: the cap is per /64", async () => {
    const t = await start({ trustProxy: true, maxConnectionsPerAddress: 2 });
    const outcomes: string[] = [];
    for (const address of SAME_64.slice(0, 3)) {
      const socket = socketFor(t, "/", undefined, from(address));
      outcomes.push(
        await new Promise<string>((resolve) => {
          socket.once("connect", () => resolve("connected"));
          socket.once("connect_error", () => resolve("refused"));
        }),
      );
    }
    expect(outcomes).toEqual(["connected", "connected", "refused"]);
    const other = socketFor(t, "/", undefined, from(OTHER_64));
    await once(other, "connect");
  });

  it("event rate: the per-address budget is shared by the /64", async () => {
    const t = await start({ trustProxy: true, maxAddressRate: 1, maxMessageRate: 1000 });
    // 1 event per second over the 10 s window: 10 events for the whole group.
    const lobbies = await Promise.all(SAME_64.map((a) => lobbyFor(t, from(a))));
    const codes: string[] = [];
    for (let i = 0; i < 16; i++) {
      const lobby = lobbies[i % lobbies.length];
      if (!lobby) throw new Error("no lobby");
      const res = await request(lobby, "room:lookup", { roomId: "AAAAAAAAAAAAAAAA" });
      codes.push(res.ok ? "ok" : String(res.code));
    }
    expect(codes.filter((c) => c === "RATE_LIMITED").length).toBeGreaterThanOrEqual(6);
    const other = await lobbyFor(t, from(OTHER_64));
    const res = await request(other, "room:lookup", { roomId: "AAAAAAAAAAAAAAAA" });
    expect(res.ok ? "ok" : res.code).not.toBe("RATE_LIMITED");
  });

  it("kick bar: a kicked member cannot come back from another address of its /64", async () => {
    const t = await start({ trustProxy: true });
    const lobby = await lobbyFor(t, from("192.0.2.1"));
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice", from("192.0.2.1"));
    const bobLobby = await lobbyFor(t, from("2001:db8:b0b:1::1"));
    const bob = await joined(t, bobLobby, room, "bob", from("2001:db8:b0b:1::1"));
    const gone = once(bob.socket, "disconnect");
    expect(await request(alice.socket, "member:kick", { id: bob.welcome.you.id })).toEqual({ ok: true });
    await gone;
    for (const address of ["2001:db8:b0b:1::2", "2001:db8:b0b:1:dead:beef:1:1"]) {
      const again = await join(t, await lobbyFor(t, from(address)), room, "bob", room.authKey, from(address));
      expect(again.ok ? "admitted" : again.refusal.code, address).toBe("BANNED");
      // Someone else from the same /64 is not refused: they knock (F34).
      const housemate = await join(
        t,
        await lobbyFor(t, from(address)),
        room,
        "bob2",
        room.authKey,
        from(address),
      );
      expect(housemate.ok ? "admitted" : housemate.refusal.code, address).toBe("KNOCK_REQUIRED");
    }
    const neighbour = "2001:db8:b0b:2::1";
    const next = await join(
      t,
      await lobbyFor(t, from(neighbour)),
      room,
      "bob3",
      room.authKey,
      from(neighbour),
    );
    expect(next.ok).toBe(true);
  });

  it("join backoff: wrong passwords from many addresses of one /64 back the whole /64 off", async () => {
    const t = await start({ trustProxy: true, maxJoinFailures: 2, maxRoomJoinFailures: 1000 });
    const lobby = await lobbyFor(t, from("192.0.2.1"));
    const room = await createRoom(lobby);
    const wrong = Buffer.alloc(32, 7);
    const codes: string[] = [];
    for (const address of SAME_64) {
      const guesser = await lobbyFor(t, from(address));
      const res = await join(t, guesser, room, "guess", wrong, from(address));
      codes.push(res.ok ? "admitted" : res.refusal.code);
    }
    // Two failures, then the group waits, whatever fresh address it comes from.
    expect(codes).toEqual(["WRONG_PASSWORD", "WRONG_PASSWORD", "RATE_LIMITED", "RATE_LIMITED"]);
    // A neighbouring /64 is someone else.
    const ok = await join(t, await lobbyFor(t, from(OTHER_64)), room, "carol", room.authKey, from(OTHER_64));
    expect(ok.ok).toBe(true);
  });
});

function roomRequest() {
  return { body: { salt: b64(16), kdf: { ...KDF_DEFAULT }, authKey: b64(32) } };
}
