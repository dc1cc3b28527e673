import { roomNamespace } from "@sanctuary/protocol";
import { joinProof, createRoom as kitCreateRoom, welcomeOrRefusal } from "@sanctuary/testkit";
import { Manager, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { createRoom, lobbyFor, lookup, request, sleep, type TestRoom, useServers } from "./helpers.js";

/**
 * A fair share of rooms (docs/security.md): from 101 addresses, 1,000 rooms were created and held in 2.5 s,
 * and a legitimate create then got SERVER_FULL. Live rooms count against the address
 * group that created them, and one connection opens a bounded number of rooms.
 */
describe("a fair share of rooms", () => {
  const start = useServers();
  const managers: Manager[] = [];
  afterEach(() => {
    for (const m of managers.splice(0)) m.engine?.close();
  });

  /** Asks for one more room; the ack as the server sent it. */
  const tryCreate = (lobby: Socket) =>
    request<{ roomId: string }>(lobby, "room:create", {
      salt: "c2FsdHNhbHRzYWx0c2FsdA",
      kdf: { alg: "argon2id", m: 65536, t: 3, p: 1 },
      authKey: Buffer.alloc(32, 7).toString("base64url"),
    });

  it("lets no address group fill --max-rooms: it is refused at its share, another group still creates", async () => {
    const t = await start({ maxRooms: 25, maxRoomsPerMinute: 1000 });
    const attacker = await lobbyFor(t, { localAddress: "127.0.0.2" });
    for (let i = 0; i < 20; i++) await createRoom(attacker);
    const refused = await tryCreate(attacker);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.code).toBe("RATE_LIMITED");
    expect(refused.message).toMatch(/as many rooms open as one address may/);
    // Another address of the same IPv6 /64 or the same IPv4 address is the same group;
    // a second connection from it is refused too.
    const sameGroup = await lobbyFor(t, { localAddress: "127.0.0.2" });
    expect((await tryCreate(sameGroup)).ok).toBe(false);

    const family = await lobbyFor(t, { localAddress: "127.0.0.3" });
    const created = await tryCreate(family);
    expect(created.ok, "a legitimate create after the attacker's burst").toBe(true);
  });

  it("gives a group's share back when its rooms end", async () => {
    const t = await start({
      maxLiveRoomsPerAddress: 3,
      maxRoomsPerMinute: 1000,
      emptyGraceMs: 100,
      heartbeatMs: 50,
    });
    const lobby = await lobbyFor(t, { localAddress: "127.0.0.4" });
    for (let i = 0; i < 3; i++) await createRoom(lobby);
    expect((await tryCreate(lobby)).ok).toBe(false);
    // Nobody sat in them: the heartbeat ends them after the grace period.
    await sleep(600);
    expect(t.server.namespaces.size + (await t.server.registry.roomIds()).length).toBe(0);
    expect((await tryCreate(lobby)).ok).toBe(true);
    expect(t.server.limits.liveRooms.size).toBe(1);
  });

  it("refuses a connection that opens more room namespaces than allowed, until it leaves one", async () => {
    const t = await start({ maxRoomsPerConnection: 3, maxRoomsPerMinute: 1000 });
    const owner = await lobbyFor(t, { localAddress: "127.0.0.5" });
    const rooms: TestRoom[] = [];
    for (let i = 0; i < 5; i++) rooms.push(await kitCreateRoom(owner));

    // One connection (as the SDK makes it), from another address, sitting in rooms.
    const manager = new Manager(t.url, {
      transports: ["websocket"],
      reconnection: false,
      autoConnect: false,
      localAddress: "127.0.0.6",
    } as ConstructorParameters<typeof Manager>[1]);
    managers.push(manager);
    const lobby = manager.socket("/");
    lobby.connect();
    const sit = async (room: TestRoom) => {
      const nonce = await lookup(lobby, room.roomId);
      const alias = "squatter";
      const socket = manager.socket(roomNamespace(room.roomId), {
        auth: { alias, nonce, proof: joinProof(room.authKey, room.roomId, nonce, alias) },
      });
      const result = welcomeOrRefusal(socket, 3000);
      socket.connect();
      return result;
    };
    const first = await sit(rooms[0] as TestRoom);
    expect(first.ok).toBe(true);
    expect((await sit(rooms[1] as TestRoom)).ok).toBe(true);
    expect((await sit(rooms[2] as TestRoom)).ok).toBe(true);
    const fourth = await sit(rooms[3] as TestRoom);
    expect(fourth.ok).toBe(false);
    if (!fourth.ok) {
      expect(fourth.refusal.code).toBe("RATE_LIMITED");
      expect(fourth.refusal.message).toMatch(/as many rooms open as it may/);
    }
    // A second connection from the same address is not affected by the first's count.
    const other = await lobbyFor(t, { localAddress: "127.0.0.6" });
    expect(other.connected).toBe(true);

    first.socket.disconnect();
    await sleep(50);
    expect((await sit(rooms[4] as TestRoom)).ok).toBe(true);
  });
});
