import { describe, expect, it } from "vitest";
import { connectRoom, createRoom, lobbyFor, lookup, proof, request, useServers } from "./helpers.js";

/**
 * Challenges survive floods (docs/security.md): a lookup flood from a handful of addresses pushed a room's stored
 * challenges out, so a joiner slow to derive its key got NONCE_EXPIRED. A challenge
 * belongs to its address group now: others' lookups never evict it, and each group's
 * lookups are limited.
 */
const FLOODERS = ["127.3.0.1", "127.3.0.2", "127.3.0.3", "127.3.0.4"];

describe("challenges survive lookup floods", () => {
  const start = useServers();

  it("accepts a joiner's challenge issued before a flood of lookups from other addresses", async () => {
    const t = await start({ maxLookupsPerMinute: 1000 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const joiner = { localAddress: "127.3.1.1" };
    const joinerLobby = await lobbyFor(t, joiner);
    const nonce = await lookup(joinerLobby, room.roomId);

    // The joiner derives its key for a while; meanwhile four addresses ask for 90
    // challenges each (more than the 256 a room held before the fix),
    // within their event budget.
    const codes = await Promise.all(
      FLOODERS.map(async (address) => {
        const flooder = await lobbyFor(t, { localAddress: address });
        const seen: string[] = [];
        for (let i = 0; i < 90; i++) {
          const res = await request(flooder, "room:lookup", { roomId: room.roomId });
          seen.push(res.ok ? "ok" : String(res.code));
        }
        return seen;
      }),
    );
    expect(codes.flat().filter((c) => c === "ok").length).toBeGreaterThan(0);

    const result = await connectRoom(
      t,
      room.roomId,
      { alias: "slow", nonce, proof: proof(room.authKey, room.roomId, nonce, "slow") },
      joiner,
    );
    expect(result.ok ? "admitted" : result.refusal.code).toBe("admitted");
  });

  it("limits lookups per address group", async () => {
    const t = await start({ maxLookupsPerMinute: 5 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const flooder = await lobbyFor(t, { localAddress: "127.3.2.1" });
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await request(flooder, "room:lookup", { roomId: room.roomId });
      codes.push(res.ok ? "ok" : String(res.code));
    }
    expect(codes).toEqual(["ok", "ok", "ok", "ok", "ok", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    // Another address is not affected.
    const other = await lobbyFor(t, { localAddress: "127.3.2.2" });
    expect((await request(other, "room:lookup", { roomId: room.roomId })).ok).toBe(true);
  });
});
