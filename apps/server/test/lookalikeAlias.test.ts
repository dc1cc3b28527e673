import { aliasProblem, normalizeAlias } from "@sanctuary/protocol";
import { startRedis, type TestRedis } from "@sanctuary/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRoom, join, joined, lobbyFor, type TestServer, useServers } from "./helpers.js";
import { startNode } from "./support/cluster.js";

/**
 * Look-alike aliases: "alice" is in the room, and a stranger who
 * knows the password tries to join as something that shows as "alice". Each attempt
 * comes from its own loopback address, as a raw protocol client that sends the alias
 * exactly as the attacker wrote it, and again in the canonical form the real client
 * would send. Every one must be refused: ALIAS_TAKEN, or INVALID saying why.
 */
const LOOKALIKES: ReadonlyArray<readonly [string, string]> = [
  ["U+034F combining grapheme joiner", "alice\u034F"],
  ["U+FE0F variation selector 16", "alice\uFE0F"],
  ["U+FE00 variation selector 1", "alice\uFE00"],
  ["U+180B Mongolian free variation selector", "alice\u180B"],
  ["U+17B4 Khmer inherent vowel", "alice\u17B4"],
  ["U+E0100 variation selector 17", "alice\u{E0100}"],
  ["U+FE2F combining half mark", "alice\uFE2F"],
  ["U+20D0 combining harpoon", "alice\u20D0"],
  ["U+1D17B musical combining accent", "alice\u{1D17B}"],
  ["Cyrillic а first", "\u0430lice"],
  ["Cyrillic а, с and е", "\u0430li\u0441\u0435"],
  ["Greek Α first", "\u0391lice"],
];

type Outcome = { code: string; message?: string };

async function attempt(t: TestServer, roomId: TestRoomLike, alias: string, n: number): Promise<Outcome> {
  const address = { localAddress: `127.0.${20 + Math.floor(n / 200)}.${(n % 200) + 2}` };
  const lobby = await lobbyFor(t, address);
  const result = await join(t, lobby, roomId, alias, roomId.authKey, address);
  lobby.disconnect();
  if (result.ok) {
    result.socket.disconnect();
    return { code: "admitted" };
  }
  return {
    code: result.refusal.code,
    ...(result.refusal.message ? { message: result.refusal.message } : {}),
  };
}
type TestRoomLike = Awaited<ReturnType<typeof createRoom>>;

/** Tries every look-alike, raw and canonical, against a room where "alice" is present. */
async function attackAll(attacker: TestServer, room: TestRoomLike): Promise<string[]> {
  const admitted: string[] = [];
  let n = 0;
  for (const [name, raw] of LOOKALIKES) {
    for (const alias of new Set([raw, normalizeAlias(raw)])) {
      const outcome = await attempt(attacker, room, alias, n++);
      if (outcome.code === "admitted") admitted.push(`${name}: ${JSON.stringify(alias)}`);
      else if (outcome.code === "INVALID" && alias === normalizeAlias(alias)) {
        // Canonical but refused: the refusal says why, in the client's words.
        expect(outcome.message, name).toBe(aliasProblem(alias));
      } else expect(["ALIAS_TAKEN", "INVALID"], `${name}: ${outcome.code}`).toContain(outcome.code);
    }
  }
  return admitted;
}

describe("look-alike aliases", () => {
  const start = useServers();

  it("refuses every look-alike of a present member on one server", async () => {
    const t = await start();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "alice");
    expect(await attackAll(t, room)).toEqual([]);
    const members = (await t.server.registry.getRoom(room.roomId))?.members ?? [];
    expect(members.map((m) => m.alias)).toEqual(["alice"]);
  });

  it("still admits names in other scripts, each once", async () => {
    const t = await start({ maxMembers: 20 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const names = [
      "Zoë",
      "Łukasz",
      "Дмитрий",
      "明",
      "さくら",
      "김민수",
      "Ἀλέξανδρος",
      "محمد",
      "राहुल",
      "José María",
    ];
    let n = 100;
    for (const name of names) {
      expect((await attempt(t, room, name, n++)).code, name).toBe("admitted");
    }
  });
});

describe("look-alike aliases across two Redis nodes", () => {
  let redis: TestRedis;
  const nodes: TestServer[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await redis?.stop();
  });

  it("refuses on node B a look-alike of a member who joined on node A", async () => {
    nodes.push(await startNode(redis), await startNode(redis));
    const [a, b] = nodes as [TestServer, TestServer];
    const lobbyA = await lobbyFor(a);
    const room = await createRoom(lobbyA);
    await joined(a, lobbyA, room, "alice");
    expect(await attackAll(b, room)).toEqual([]);
    const members = (await b.server.registry.getRoom(room.roomId))?.members ?? [];
    expect(members.map((m) => m.alias)).toEqual(["alice"]);
  });
});
