import type { EventEmitter } from "node:events";
import { roomProtocol } from "@sanctuary/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  connectRoom,
  createRoom,
  joined,
  lobbyFor,
  lookup,
  proof,
  sleep,
  startServer,
  type TestServer,
} from "./helpers.js";
import { roomSockets } from "./support/seats.js";

/**
 * Per-member memory (docs/performance.md): what the server adds to a member's socket is
 * shared by every member (listeners made once, called with the socket as `this`), and
 * admission's fallback for a connection that dies before it is in is gone once the
 * member is in. These check that the sharing did not change what the listeners do.
 */

let t: TestServer;
beforeEach(async () => {
  t = await startServer({ maxRoomsPerConnection: 5 });
});
afterEach(async () => {
  await t.close();
});

describe("a member's listeners", () => {
  it("are the same functions for every member of a room", async () => {
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "alice");
    await joined(t, await lobbyFor(t), room, "bob");
    // Plain emitters here: Socket.IO's typings only take the protocol's event names.
    const [a, b] = roomSockets([t], room.roomId) as unknown as [EventEmitter, EventEmitter];
    const events = [...Object.keys(roomProtocol.toServer), "disconnect", "error"];
    for (const event of events) {
      expect(a.listenerCount(event), event).toBeGreaterThan(0);
      expect(b.listeners(event), event).toEqual(a.listeners(event));
      for (const [i, listener] of a.listeners(event).entries()) expect(b.listeners(event)[i]).toBe(listener);
    }
  });

  it("gives a join's seat back when its connection closes after admission, before it is in", async () => {
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "alice");
    const nsp = t.server.namespaces.get(room.roomId);
    // Runs after admission (which seated "ghost") and before Socket.IO connects the socket.
    let closed = 0;
    nsp?.use((socket, next) => {
      if (socket.data?.alias === "ghost" && closed++ === 0) socket.conn.close();
      next();
    });
    const nonce = await lookup(lobby, room.roomId);
    const auth = { alias: "ghost", nonce, proof: proof(room.authKey, room.roomId, nonce, "ghost") };
    const ghost = connectRoom(t, room.roomId, auth, { reconnection: false }).catch(() => null);
    let aliases: string[] = [];
    for (let i = 0; i < 50; i++) {
      await sleep(20);
      const record = await t.server.registry.getRoom(room.roomId);
      aliases = (record?.members ?? []).map((m) => m.alias);
      if (!aliases.includes("ghost") && i > 5) break;
    }
    expect(closed).toBe(1);
    expect(aliases).toEqual(["alice"]);
    expect((await ghost)?.ok).not.toBe(true);
    // The alias is free again.
    const again = await joined(t, await lobbyFor(t), room, "ghost");
    expect(again.welcome.you.alias).toBe("ghost");
  });
});
