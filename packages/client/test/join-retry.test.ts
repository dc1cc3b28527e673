import { createServer, MemoryRoomRegistry, type SanctuaryServer } from "@sanctuary/server";
import { startServer } from "@sanctuary/testkit";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { JoinPhase, RoomSession } from "../src/index.js";
import { createRoom, joinRoom } from "../src/index.js";
import { deriveRoomKeys } from "../src/kdf.js";

/**
 * Challenges survive floods (docs/security.md), the client side: a joiner whose challenge expired (or was pushed out
 * by a lookup flood) while Argon2id ran is refused with NONCE_EXPIRED. The SDK looks up
 * a fresh challenge and tries once more with the keys it already has; a second refusal
 * is reported, not retried. The real server's registry is hooked so the next challenges
 * it issues are already past their time.
 */

vi.mock(import("../src/kdf.js"), async (original) => {
  const kdf = await original();
  return { ...kdf, deriveRoomKeys: vi.fn(kdf.deriveRoomKeys) };
});

let server: SanctuaryServer;
let serverUrl: string;
/** How many of the next challenges the server issues are born expired. */
let expireNext = 0;
/** Challenges issued (one per `room:lookup`). */
let issued = 0;
const open: RoomSession[] = [];
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  const registry = new MemoryRoomRegistry();
  const issue = registry.issueNonce.bind(registry);
  registry.issueNonce = (roomId, nonce, expiresAt, group, now) => {
    issued += 1;
    if (expireNext > 0) {
      expireNext -= 1;
      return issue(roomId, nonce, 0, group, now);
    }
    return issue(roomId, nonce, expiresAt, group, now);
  };
  // The shared kit's starter: the abuse limits raised, since every client is 127.0.0.1.
  const running = await startServer(createServer, { registry });
  server = running.server;
  serverUrl = running.url;
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  expireNext = 0;
  issued = 0;
  vi.mocked(deriveRoomKeys).mockClear();
  for (const s of open.splice(0)) s.close();
});

function track(session: RoomSession): RoomSession {
  open.push(session);
  return session;
}

async function ownerRoom(): Promise<RoomSession> {
  const owner = track(await createRoom({ serverUrl, alias: "alice", password: PASSWORD }));
  issued = 0;
  vi.mocked(deriveRoomKeys).mockClear();
  return owner;
}

describe("joinRoom when the challenge has expired", () => {
  it("looks up a fresh one and gets in, without deriving the key again", async () => {
    const alice = await ownerRoom();
    expireNext = 1;
    const phases: JoinPhase[] = [];
    const bob = track(
      await joinRoom({
        serverUrl,
        roomId: alice.roomId,
        alias: "bob",
        password: PASSWORD,
        onPhase: (p) => phases.push(p),
      }),
    );
    expect(bob.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
    expect(issued).toBe(2);
    expect(deriveRoomKeys).toHaveBeenCalledTimes(1);
    expect(phases.filter((p) => p === "deriving-key")).toHaveLength(1);
    // The retried session works: the keys are the right ones.
    const got = new Promise((resolve) => alice.on("message", (m) => resolve(m.text)));
    await bob.send("made it");
    expect(await got).toBe("made it");
  });

  it("refused again, it reports NONCE_EXPIRED after one retry", async () => {
    const alice = await ownerRoom();
    expireNext = 2;
    await expect(
      joinRoom({ serverUrl, roomId: alice.roomId, alias: "bob", password: PASSWORD }),
    ).rejects.toMatchObject({ code: "NONCE_EXPIRED" });
    expect(issued).toBe(2);
    expect(deriveRoomKeys).toHaveBeenCalledTimes(1);
    expect(alice.members.map((m) => m.alias)).toEqual(["alice"]);
  });
});

describe("createRoom when the owner's challenge has expired", () => {
  it("looks up a fresh one and enters the room it created", async () => {
    expireNext = 1;
    const alice = track(await createRoom({ serverUrl, alias: "alice", password: PASSWORD }));
    expect(alice.isOwner).toBe(true);
    expect(issued).toBe(2);
    expect(deriveRoomKeys).toHaveBeenCalledTimes(1);
  });

  it("refused again, it reports NONCE_EXPIRED after one retry", async () => {
    expireNext = 2;
    await expect(createRoom({ serverUrl, alias: "alice", password: PASSWORD })).rejects.toMatchObject({
      code: "NONCE_EXPIRED",
    });
    expect(issued).toBe(2);
    expect(deriveRoomKeys).toHaveBeenCalledTimes(1);
  });
});
