import type { MemberLeft } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { hashResumeToken } from "../src/rooms/resumeToken.js";
import {
  createRoom,
  envelope,
  joined,
  lobbyFor,
  once,
  recorder,
  request,
  sleep,
  useServers,
} from "./helpers.js";
import { ATTACKS } from "./support/ghostAttacks.js";
import { expectOneLiveSocketPerMember, roomSockets } from "./support/seats.js";

/**
 * One live socket per member (docs/security.md). A member opens a second connection,
 * presents its own resume token on it and lets that connection die during set-up. Its
 * first socket must then either be gone or still be the seated, listed, kickable
 * member: never a ghost that hears and posts in a room that no longer lists it.
 */

const ALICE = { localAddress: "127.0.0.2" };
const ATTACKER = "127.0.0.5";

async function roomWithBobAndAlice(start: ReturnType<typeof useServers>) {
  const t = await start({ heartbeatMs: 20, resumeWindowSeconds: 1 });
  const lobby = await lobbyFor(t);
  const room = await createRoom(lobby);
  // Bob owns the room, so he can kick alice.
  const bob = await joined(t, lobby, room, "bob");
  const alice = await joined(t, await lobbyFor(t, ALICE), room, "alice", ALICE);
  return { t, room, bob, alice };
}

describe("ghost members: a second connection that dies during set-up", () => {
  const start = useServers();

  for (const [how, attack] of Object.entries(ATTACKS)) {
    it(`${how}: the first socket stays the seated, listed, kickable member (or is gone)`, async () => {
      const { t, room, bob, alice } = await roomWithBobAndAlice(start);
      const aliceId = alice.welcome.you.id;
      const bobSaw = recorder(bob.socket);

      await attack(t.url, room.roomId, alice.welcome.resumeToken, ATTACKER);
      // Past the resume window: a seat marked away by the attack would be gone by now.
      await sleep(1500);

      const firstAlive = alice.socket.connected;
      if (firstAlive) {
        const record = await t.server.registry.getRoom(room.roomId);
        const me = record?.members.find((m) => m.id === aliceId);
        expect(me, "alice is still listed").toBeDefined();
        expect(me?.socketId).toBe(alice.socket.id);
        expect(me?.awaySince).toBeUndefined();
        expect(bobSaw.map(([e]) => e)).not.toContain("member:left");
      }
      await expectOneLiveSocketPerMember([t], room.roomId);

      // Whatever happened, a kick reaches every socket of hers.
      const gone = firstAlive ? once(alice.socket, "disconnect") : Promise.resolve();
      const kick = await request(bob.socket, "member:kick", { id: aliceId });
      if (firstAlive) expect(kick).toEqual({ ok: true });
      await gone;
      await sleep(50);
      expect(roomSockets([t], room.roomId).filter((s) => s.data.memberId === aliceId)).toEqual([]);
    });
  }

  it("a socket whose seat moved elsewhere is refused and disconnected; nothing of it is relayed", async () => {
    const { t, room, bob, alice } = await roomWithBobAndAlice(start);
    const aliceId = alice.welcome.you.id;
    const bobSaw = recorder(bob.socket);
    // The seat moves without this socket being told (as when the disconnect sent to it
    // through the adapter is lost): straight in the registry.
    const hash = hashResumeToken(alice.welcome.resumeToken);
    expect(
      await t.server.registry.resumeMember(room.roomId, hash, "elsewhere", Date.now(), 30_000),
    ).toBeDefined();

    const gone = once(alice.socket, "disconnect");
    alice.socket.emit("typing", { on: true });
    const sent = await request(alice.socket, "msg:send", { env: envelope() }).catch(() => null);
    expect(sent?.ok ?? false).toBe(false);
    await gone;
    await sleep(100);
    expect(bobSaw.map(([e]) => e)).not.toContain("msg:new");
    expect(bobSaw.map(([e]) => e)).not.toContain("typing");
    expect(roomSockets([t], room.roomId).filter((s) => s.data.memberId === aliceId)).toEqual([]);
  });

  it("the heartbeat removing an away member disconnects any socket it still has", async () => {
    const { t, room, bob, alice } = await roomWithBobAndAlice(start);
    const aliceId = alice.welcome.you.id;
    // Marked away while its socket lives on (a node that was wrongly thought dead).
    expect(await t.server.registry.markAway(room.roomId, aliceId, alice.socket.id ?? "", Date.now())).toBe(
      true,
    );
    const left = once<MemberLeft>(bob.socket, "member:left", 3000);
    const gone = once(alice.socket, "disconnect", 3000);
    expect(await left).toEqual({ id: aliceId, reason: "disconnected" });
    await gone;
    await expectOneLiveSocketPerMember([t], room.roomId);
  });
});
