import type { Member } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import {
  b64,
  connectRoom,
  createRoom,
  join,
  joined,
  lobbyFor,
  lookup,
  once,
  proof,
  sleep,
  socketFor,
  useServers,
} from "./helpers.js";

describe("admission: joining a room namespace", () => {
  const start = useServers();

  it("welcomes the first member as owner and announces later members to the others", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);

    const alice = await joined(t, lobby, room, "alice");
    expect(alice.welcome.you).toMatchObject({ alias: "alice", owner: true });
    expect(alice.welcome.ownerId).toBe(alice.welcome.you.id);
    expect(alice.welcome.members).toEqual([alice.welcome.you]);
    expect(alice.welcome.locked).toBe(false);
    // The member ID is opaque and is not the socket ID.
    expect(alice.welcome.you.id).not.toBe(alice.socket.id);

    const announced = once<Member>(alice.socket, "member:joined");
    const bob = await joined(t, lobby, room, "bob");
    expect(bob.welcome.you).toMatchObject({ alias: "bob", owner: false });
    expect(bob.welcome.ownerId).toBe(alice.welcome.you.id);
    expect(bob.welcome.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
    expect(await announced).toEqual(bob.welcome.you);
  });

  it("refuses a wrong proof with WRONG_PASSWORD", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const result = await join(t, lobby, room, "mallory", Buffer.alloc(32, 7));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.refusal.code).toBe("WRONG_PASSWORD");
    expect((await t.server.registry.getRoom(room.roomId))?.members).toHaveLength(0);
  });

  it("refuses a replayed nonce with NONCE_EXPIRED", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const nonce = await lookup(lobby, room.roomId);
    const auth = { alias: "alice", nonce, proof: proof(room.authKey, room.roomId, nonce, "alice") };
    const first = await connectRoom(t, room.roomId, auth);
    expect(first.ok).toBe(true);
    first.socket.disconnect();
    const replay = await connectRoom(t, room.roomId, auth);
    expect(replay.ok ? "admitted" : replay.refusal.code).toBe("NONCE_EXPIRED");
  });

  it("refuses a nonce issued for another room", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const other = await createRoom(lobby);
    const nonce = await lookup(lobby, other.roomId);
    const result = await connectRoom(t, room.roomId, {
      alias: "alice",
      nonce,
      proof: proof(room.authKey, room.roomId, nonce, "alice"),
    });
    expect(result.ok ? "admitted" : result.refusal.code).toBe("NONCE_EXPIRED");
  });

  it("a wrong guess burns the nonce too", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const nonce = await lookup(lobby, room.roomId);
    const wrong = await connectRoom(t, room.roomId, {
      alias: "alice",
      nonce,
      proof: proof(Buffer.alloc(32), room.roomId, nonce, "alice"),
    });
    expect(wrong.ok ? "admitted" : wrong.refusal.code).toBe("WRONG_PASSWORD");
    const retry = await connectRoom(t, room.roomId, {
      alias: "alice",
      nonce,
      proof: proof(room.authKey, room.roomId, nonce, "alice"),
    });
    expect(retry.ok ? "admitted" : retry.refusal.code).toBe("NONCE_EXPIRED");
  });

  it("creates no namespace for an unknown room ID, nor for other names", async () => {
    const t = await start();
    const before = [...t.server.io._nsps.keys()];
    for (const roomId of ["0123456789ABCDEF", "not-a-room", "0123456789abcdef"]) {
      const result = await connectRoom(t, roomId, { alias: "x", nonce: b64(16), proof: b64(32) });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toBe("Invalid namespace");
    }
    const other = socketFor(t, "/admin");
    await once(other, "connect_error");
    await sleep(50);
    expect([...t.server.io._nsps.keys()]).toEqual(before);
    expect(t.server.namespaces.size).toBe(0);
  });

  it("refuses malformed handshake auth with INVALID", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const nonce = await lookup(lobby, room.roomId);
    const good = { alias: "alice", nonce, proof: proof(room.authKey, room.roomId, nonce, "alice") };
    const bad: object[] = [
      {},
      { ...good, alias: 5 },
      { ...good, extra: true },
      { ...good, alias: " alice" },
      { ...good, alias: "a".repeat(100_000) },
      { ...good, proof: "!".repeat(43) },
      JSON.parse(`{"alias":"alice","nonce":"${nonce}","proof":"${good.proof}","__proto__":{"x":1}}`),
    ];
    for (const auth of bad) {
      const result = await connectRoom(t, room.roomId, auth);
      expect(result.ok ? "admitted" : result.refusal.code).toBe("INVALID");
    }
    // The nonce was never consumed by the malformed attempts.
    const ok = await connectRoom(t, room.roomId, good);
    expect(ok.ok).toBe(true);
  });

  it("keeps aliases unique regardless of case and invisible characters", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "Alice");
    for (const alias of ["alice", "ALICE", "ａｌｉｃｅ"]) {
      const nonce = await lookup(lobby, room.roomId);
      const result = await connectRoom(t, room.roomId, {
        alias,
        nonce,
        proof: proof(room.authKey, room.roomId, nonce, alias),
      });
      // Full-width letters are not NFKC-normal on the wire, so they are INVALID first.
      const expected = alias === "ａｌｉｃｅ" ? "INVALID" : "ALIAS_TAKEN";
      expect(result.ok ? "admitted" : result.refusal.code).toBe(expected);
    }
    // An alias with a zero-width space is not in canonical form: refused before it can pose as "alice".
    const zw = await join(t, lobby, room, "al\u200Bice");
    expect(zw.ok ? "admitted" : zw.refusal.code).toBe("INVALID");
  });

  it("admits only one of two simultaneous joins with the same alias", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const [a, b] = await Promise.all([join(t, lobby, room, "twin"), join(t, lobby, room, "Twin")]);
    const codes = [a, b].map((r) => (r.ok ? "admitted" : r.refusal.code)).sort();
    expect(codes).toEqual(["ALIAS_TAKEN", "admitted"]);
    expect((await t.server.registry.getRoom(room.roomId))?.members).toHaveLength(1);
  });

  it("refuses with FULL past --max-members", async () => {
    const t = await start({ maxMembers: 2 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "a");
    await joined(t, lobby, room, "b");
    const third = await join(t, lobby, room, "c");
    expect(third.ok ? "admitted" : third.refusal.code).toBe("FULL");
  });

  it("refuses with NOT_FOUND once the room is gone, and with a message in the error", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const nonce = await lookup(lobby, room.roomId);
    await t.server.registry.deleteRoom(room.roomId);
    const late = await connectRoom(t, room.roomId, {
      alias: "bob",
      nonce,
      proof: proof(room.authKey, room.roomId, nonce, "bob"),
    });
    expect(late.ok).toBe(false);
    if (!late.ok) {
      expect(late.refusal.code).toBe("NOT_FOUND");
      expect(late.message).toBe(late.refusal.message);
    }
    alice.socket.disconnect();
  });
});
