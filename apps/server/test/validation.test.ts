import { KDF_DEFAULT, MAX_PACKET_BYTES, MESSAGE_CT_MAX_CHARS } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import {
  b64,
  createRoom,
  envelope,
  joined,
  lobbyFor,
  recorder,
  request,
  sleep,
  useServers,
} from "./helpers.js";

const protoPollution = (json: string) => JSON.parse(json) as object;

/** Payloads that no event accepts. */
const junk: unknown[] = [
  undefined,
  null,
  42,
  "text",
  [],
  { unexpected: true },
  protoPollution('{"__proto__":{"admin":true}}'),
  { constructor: { prototype: {} } },
];

/**
 * These tests send dozens of malformed payloads from one socket in a burst; each costs
 * INVALID_PAYLOAD_COST rate-limit points, so the budget is raised here to see every
 * INVALID answer (rateLimits.test.ts checks the default budget).
 */
const generous = { maxMessageRate: 1000, maxAddressRate: 1000 };

describe("validation: every inbound event is checked before its handler runs", () => {
  const start = useServers();

  it("answers INVALID to malformed lobby payloads without echoing them", async () => {
    const t = await start(generous);
    const lobby = await lobbyFor(t);
    const good = { salt: b64(16), kdf: { ...KDF_DEFAULT }, authKey: b64(32) };
    const createPayloads = [
      ...junk,
      { ...good, salt: 5 },
      { ...good, extra: 1 },
      { ...good, authKey: "x".repeat(100_000) },
      { ...good, kdf: { ...KDF_DEFAULT, m: 1024 } },
      { ...good, kdf: { ...KDF_DEFAULT, t: 100 } },
      { ...good, lifetime: 10 },
      { ...good, lifetime: 1.5 },
      protoPollution(
        `{"salt":"${good.salt}","kdf":{"alg":"argon2id","m":19456,"t":2,"p":1},"authKey":"${good.authKey}","__proto__":{"x":1}}`,
      ),
    ];
    for (const payload of createPayloads) {
      const res = await request(lobby, "room:create", payload);
      expect(res).toMatchObject({ ok: false, code: "INVALID" });
      if (!res.ok) expect(res.message).not.toContain("xxxx");
    }
    for (const payload of [...junk, { roomId: "short" }, { roomId: "0123456789ABCDEF", x: 1 }]) {
      expect(await request(lobby, "room:lookup", payload)).toMatchObject({ ok: false, code: "INVALID" });
    }
    // Extra arguments are malformed too.
    expect(await request(lobby, "room:lookup", { roomId: "0123456789ABCDEF" }, "extra")).toMatchObject({
      code: "INVALID",
    });
    expect((await t.server.registry.stats()).rooms).toBe(0);
    // Still up and answering.
    await createRoom(lobby);
  });

  it("drops events sent without an ack, and ignores unknown events", async () => {
    const t = await start(generous);
    const lobby = await lobbyFor(t);
    lobby.emit("room:create", { salt: b64(16), kdf: { ...KDF_DEFAULT }, authKey: b64(32) });
    lobby.emit("room:create");
    lobby.emit("no:such:event", { a: 1 }, () => {});
    await sleep(100);
    expect((await t.server.registry.stats()).rooms).toBe(0);
    expect(lobby.connected).toBe(true);
  });

  it("answers INVALID to malformed room payloads on every room event", async () => {
    const t = await start(generous);
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const bobSaw = recorder(bob.socket);

    const env = envelope();
    const perEvent: Record<string, unknown[]> = {
      "msg:send": [
        ...junk,
        { env: { ...env, v: 2 } },
        { env: { ...env, ct: b64(17) } },
        { env: { ...env, extra: 1 } },
        // Whole AES blocks, but past the ciphertext cap (still under the packet limit).
        { env: { ...env, ct: "A".repeat((Math.floor(MESSAGE_CT_MAX_CHARS / 64) + 1) * 64) } },
        { env, from: { id: "x", alias: "bob" } },
      ],
      "msg:whisper": [...junk, { to: bob.welcome.you.id }, { to: "!!", env }, { to: "a".repeat(40), env }],
      "member:kick": [...junk, { id: 5 }, { id: "" }],
      "room:purge": [...junk, { now: true }],
      "room:lock": [...junk, { locked: "yes" }, { locked: 1 }],
      "member:exit": [...junk, { farewell: "bye" }, { farewell: { ...env, v: 9 } }],
    };
    for (const [event, payloads] of Object.entries(perEvent)) {
      for (const payload of payloads) {
        const res = await request(alice.socket, event, payload);
        expect(res, `${event} ${JSON.stringify(payload)?.slice(0, 60)}`).toMatchObject({
          ok: false,
          code: "INVALID",
        });
      }
    }
    // typing has no ack: malformed ones are dropped.
    for (const payload of junk) alice.socket.emit("typing", payload);
    alice.socket.emit("typing", { on: "yes" });
    await sleep(100);

    expect(bobSaw).toEqual([]);
    const state = await t.server.registry.getRoom(room.roomId);
    expect(state?.members).toHaveLength(2);
    expect(state?.locked).toBe(false);
    expect(alice.socket.connected).toBe(true);
    // And the room still works.
    expect(await request(alice.socket, "msg:send", { env })).toMatchObject({ ok: true });
  });

  it("closes a connection that sends a packet over the size limit, and stays up", async () => {
    const t = await start(generous);
    const lobby = await lobbyFor(t);
    const closed = new Promise((resolve) => lobby.once("disconnect", resolve));
    lobby.emit("room:lookup", { roomId: "A".repeat(MAX_PACKET_BYTES + 10) }, () => {});
    await closed;
    const again = await lobbyFor(t);
    await createRoom(again);
  });
});
