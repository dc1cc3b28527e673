import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { IncomingMessage } from "@sanctuary/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectRoom,
  createRoom,
  cutClientNetwork,
  joinAsMember,
  joinProof,
  joinRoom,
  type KitServerOptions,
  type ListenableServer,
  lookup,
  type Member,
  once,
  openLobby,
  RAISED_LIMIT_FLAGS,
  randomEnvelope,
  request,
  resumeRoom,
  SERVER_MAIN_JS,
  type SpawnedServer,
  spawnServer,
  startServer,
} from "../src/index.js";

/**
 * The raw client against the real, built server (`apps/server/dist`; the kit cannot
 * depend on the server package, whose tests use the kit). Fails, never skips, when it
 * has not been built.
 */
function requireBuiltServer(): void {
  if (!existsSync(SERVER_MAIN_JS)) {
    throw new Error(`${SERVER_MAIN_JS} is missing: build the server first (npx turbo run build)`);
  }
}

describe("raw client against the spawned server", () => {
  let server: SpawnedServer;
  const members: Member[] = [];
  beforeAll(async () => {
    requireBuiltServer();
    server = await spawnServer(["--quiet", ...RAISED_LIMIT_FLAGS]);
  });
  afterAll(async () => {
    for (const m of members) m.manager.engine?.close();
    await server?.stop();
  });

  it("creates a room, joins it with a proof, relays an envelope, and refuses a wrong key", async () => {
    const lobby = await openLobby(server.url);
    const room = await createRoom(lobby);
    expect(room.roomId).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);

    const alice = await joinRoom(server.url, lobby, room, "alice");
    if (!alice.ok) throw new Error(`alice refused: ${alice.refusal.code}`);
    expect(alice.welcome.you).toMatchObject({ alias: "alice", owner: true });

    const bob = await joinAsMember(server.url, room, "bob");
    members.push(bob);
    expect(bob.welcome.members.map((m) => m.alias).sort()).toEqual(["alice", "bob"]);

    const env = randomEnvelope();
    const heard = once<IncomingMessage>(alice.socket, "msg:new");
    const sent = await request(bob.socket, "msg:send", { env });
    expect(sent.ok).toBe(true);
    expect(await heard).toMatchObject({ env, from: { alias: "bob" } });

    const wrong = await joinRoom(server.url, lobby, room, "mallory", { key: Buffer.alloc(32, 7) });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.refusal.code).toBe("WRONG_PASSWORD");

    // The proof covers the alias: a proof made for another alias is refused too.
    const nonce = await lookup(lobby, room.roomId);
    const swapped = await connectRoom(server.url, room.roomId, {
      alias: "eve",
      nonce,
      proof: joinProof(room.authKey, room.roomId, nonce, "carol"),
    });
    expect(swapped.ok).toBe(false);

    for (const s of [lobby, alice.socket, wrong.socket, swapped.socket]) s.disconnect();
  });

  it("resumes a member's seat with its token after the connection drops", async () => {
    const owner = await joinAsMember(server.url, null, "owner");
    const guest = await joinAsMember(server.url, owner.room, "guest");
    members.push(owner, guest);
    const away = once(owner.socket, "member:away");
    cutClientNetwork(guest.socket);
    await away;
    const back = await resumeRoom(server.url, owner.room.roomId, guest.welcome.resumeToken);
    if (!back.ok) throw new Error(`resume refused: ${back.refusal.code}`);
    expect(back.welcome.you.id).toBe(guest.welcome.you.id);
    back.socket.disconnect();
  });
});

describe("in-process server", () => {
  it("starts from the caller's createServer with the abuse limits raised", async () => {
    requireBuiltServer();
    const entry = pathToFileURL(SERVER_MAIN_JS.replace(/main\.js$/, "index.js")).href;
    const { createServer } = (await import(entry)) as {
      createServer: (options?: KitServerOptions) => ListenableServer;
    };
    const t = await startServer(createServer);
    try {
      const lobby = await openLobby(t.url);
      // The default allows 10 rooms per minute per address.
      for (let i = 0; i < 12; i++) await createRoom(lobby);
      lobby.disconnect();
    } finally {
      await t.close();
    }
  });
});
