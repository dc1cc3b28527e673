// @vitest-environment node
// node: the store drives the real SDK against a real server over real sockets.
import {
  createInvite,
  createRoom,
  generatePassword,
  joinRoom,
  type RoomSession,
  redeemInvite,
} from "@sanctuary/client";
import { createServer, type SanctuaryServer } from "@sanctuary/server";
import { cutNetwork, type RunningServer, refuseConnections, startServer } from "@sanctuary/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAppStore } from "../src/store/createAppStore";
import type { Sdk } from "../src/store/sdk";
import { fakeNav } from "./fakes";

/**
 * The store on the real SDK and a real server: what the room looks like after a resume
 * comes from the server's welcome, through the SDK's snapshot, into the store, with no
 * re-sync written anywhere else.
 */
let server: RunningServer<SanctuaryServer>;
const open: RoomSession[] = [];
const PASSWORD = "store on a real server";

beforeAll(async () => {
  server = await startServer(createServer, { heartbeatMs: 100 });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** The real SDK, pointed at the test server. */
function realSdk(): Sdk {
  return {
    createRoom: (opts) => createRoom({ ...opts, serverUrl: server.url }),
    joinRoom: (opts) => joinRoom({ ...opts, serverUrl: server.url }),
    generatePassword,
    createInvite: (opts) => createInvite({ ...opts, serverUrl: server.url }),
    redeemInvite: (opts) => redeemInvite({ ...opts, serverUrl: server.url }),
  };
}

const texts = (store: ReturnType<typeof createAppStore>) =>
  store.getState().messages.map((m) => ("text" in m ? m.text : ""));

describe("the store after a resume", () => {
  it("shows the owner and the lock that changed while this member was away", async () => {
    const alice = await createRoom({ serverUrl: server.url, alias: "alice", password: PASSWORD });
    alice.on("change", () => undefined);
    const carol = await joinRoom({
      serverUrl: server.url,
      roomId: alice.roomId,
      alias: "carol",
      password: PASSWORD,
    });
    carol.on("change", () => undefined);
    open.push(alice, carol);

    const store = createAppStore({ sdk: realSdk(), nav: fakeNav() });
    const join = store.getState().joinActions;
    join.setJoinField("roomId", alice.roomId);
    join.setJoinField("alias", "bob");
    join.setJoinField("password", PASSWORD);
    await join.joinRoom();
    expect(store.getState().screen).toBe("room");
    const bobId = store.getState().room?.youId ?? "";
    expect(store.getState()).toMatchObject({ ownerId: alice.snapshot.you.id, locked: false });
    expect(store.getState().members.map((m) => m.alias)).toEqual(["alice", "carol", "bob"]);

    const restore = refuseConnections(server.server);
    try {
      cutNetwork(server.server, alice.roomId, bobId);
      await expect.poll(() => store.getState().connection).toBe("reconnecting");
      // Ownership passes in join order: carol, not the absent bob.
      await alice.leave();
      await expect.poll(() => carol.snapshot.you.owner).toBe(true);
      await carol.setLocked(true);
      expect(store.getState()).toMatchObject({ ownerId: alice.snapshot.you.id, locked: false });
    } finally {
      restore();
    }

    await expect.poll(() => store.getState().connection, { timeout: 5000 }).toBe("online");
    const state = store.getState();
    expect(state.ownerId).toBe(carol.snapshot.you.id);
    expect(state.locked).toBe(true);
    expect(state.members.map((m) => [m.alias, m.owner])).toEqual([
      ["carol", true],
      ["bob", false],
    ]);
    expect(Object.keys(state.memberKeys).sort()).toEqual([bobId, carol.snapshot.you.id].sort());
    expect(texts(store)).toContain("carol now owns the room");
    expect(texts(store).some((t) => t.startsWith("You were away"))).toBe(true);
    store.getState().joinActions.closeForUnload();
  });
});
