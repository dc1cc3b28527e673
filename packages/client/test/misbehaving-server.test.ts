import { KDF_DEFAULT } from "@sanctuary/protocol";
import type { Socket } from "socket.io";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { toBase64url } from "../src/encoding.js";
import type { RoomSession, RoomSessionEvents } from "../src/index.js";
import { joinRoom, SanctuaryError } from "../src/index.js";
import {
  FAKE_ROOM_ID,
  FAKE_SALT,
  type FakeServer,
  fakeMember,
  startFakeServer,
  validWelcome,
} from "./support/fakeServer.js";

/**
 * A server that misbehaves (a compromised or buggy one) must not crash or confuse a
 * client: after a valid welcome, every malformed push is dropped at the SDK's boundary
 * without an event or a state change, malformed acknowledgements reject with INTERNAL,
 * and well-formed events afterwards still work.
 */
let fake: FakeServer;
const open: RoomSession[] = [];
const defaults: Pick<FakeServer, "lookup" | "welcome"> = { lookup: () => null, welcome: validWelcome };

beforeAll(async () => {
  fake = await startFakeServer();
  defaults.lookup = fake.lookup;
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.lookup = defaults.lookup;
  fake.welcome = defaults.welcome;
  for (const s of open.splice(0)) s.close();
});

const join = () => joinRoom({ serverUrl: fake.url, roomId: FAKE_ROOM_ID, alias: "bob", password: "pw" });

async function joined(): Promise<{ session: RoomSession; server: Socket }> {
  const server = fake.nextRoomSocket();
  const session = await join();
  open.push(session);
  return { session, server: await server };
}

const EVENTS: Array<keyof RoomSessionEvents> = [
  "change",
  "message",
  "memberJoined",
  "memberLeft",
  "ownerChanged",
  "lockChanged",
  "typing",
  "dropped",
  "ended",
  "connection",
  "memberAway",
  "notice",
];

/** Every event the session emits, as `[name, ...args]`. */
function recordAll(session: RoomSession): unknown[][] {
  const seen: unknown[][] = [];
  for (const event of EVENTS) {
    session.on(event, ((...args: unknown[]) => seen.push([event, ...args])) as never);
  }
  return seen;
}

/** Resolves once the session has handled everything the server sent before this. */
function flush(session: RoomSession, server: Socket): Promise<void> {
  return new Promise((resolve) => {
    const off = session.on("typing", (id) => {
      if (id !== "m-ann") return;
      off();
      resolve();
    });
    server.emit("typing", { id: "m-ann", on: true });
  });
}

const huge = "x".repeat(1_000_000);
const badEnvelope = { v: 1, iv: "!!", ct: "", mac: "" };

/** Malformed pushes: wrong types, missing fields, huge strings, unknown names and kinds. */
const GARBAGE: Array<[string, ...unknown[]]> = [
  ["member:joined", { id: 5, alias: "x", owner: false, joinedAt: 1 }],
  ["member:joined", { id: "m-x", alias: huge, owner: false, joinedAt: 1 }],
  ["member:joined", null],
  ["member:joined"],
  ["member:joined", Buffer.from("binary")],
  ["member:left", { id: "m-ann" }],
  ["member:left", { id: "m-ann", reason: "vanished" }],
  ["member:role", { ownerId: huge }],
  ["member:role", { ownerId: 42 }],
  ["member:role", {}],
  ["member:away", { id: "m-ann", away: "yes" }],
  ["room:locked", { locked: "yes", by: "ann" }],
  ["room:locked", { locked: true }],
  ["room:locked", [true, "ann"]],
  ["room:notice", { kind: "join-failures", count: -3 }],
  ["room:notice", { kind: "something-else", count: 3 }],
  ["typing", { id: "m-ann", on: "maybe" }],
  ["typing", "m-ann"],
  ["msg:new", "just a string"],
  ["msg:new", { id: "x", from: { id: "m-ann", alias: "ann" }, ts: 1, env: badEnvelope }],
  ["msg:new", { id: "x", from: { id: "m-ann", alias: huge }, ts: 1, env: badEnvelope }],
  ["msg:whisper", { id: "x", from: { id: "m-ann" }, to: "m-1", ts: 1, env: {} }],
  ["session:ended", { reason: "because" }],
  ["session:ended", { reason: 1 }],
  ["room:welcome", { you: "me" }],
  ["evil:unknown", { anything: true }],
  ["__proto__", { polluted: true }],
];

describe("a server that sends malformed pushes", () => {
  it("the session emits nothing, keeps its snapshot, and still handles valid events", async () => {
    const { session, server } = await joined();
    const before = session.snapshot;
    expect(before.members.map((m) => m.alias)).toEqual(["ann", "bob"]);
    const seen = recordAll(session);

    for (const [event, ...args] of GARBAGE) server.emit(event, ...args);
    await flush(session, server);

    expect(seen).toEqual([["typing", "m-ann", true]]);
    expect(session.snapshot).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    server.emit("member:joined", fakeMember("m-cat", "cat"));
    server.emit("room:locked", { locked: true, by: "ann" });
    server.emit("member:role", { ownerId: "m-cat" });
    await flush(session, server);
    expect(session.snapshot.members.map((m) => [m.alias, m.owner])).toEqual([
      ["ann", false],
      ["bob", false],
      ["cat", true],
    ]);
    expect(session.snapshot).toMatchObject({ locked: true, ownerId: "m-cat" });
    expect(seen.map(([name]) => name)).toEqual([
      "typing",
      "change",
      "memberJoined",
      "change",
      "lockChanged",
      "change",
      "ownerChanged",
      "typing",
    ]);
  });
});

describe("a server that sends malformed acknowledgements", () => {
  it("each rejects with INTERNAL; a well-formed one still works", async () => {
    const { session, server } = await joined();
    const replies: unknown[] = [
      undefined,
      "ok",
      { ok: "yes" },
      { ok: false, code: "NOT_OWNER" },
      { ok: false, code: "NOT_OWNER", message: huge },
      { ok: true, id: "s1" },
      { ok: true, id: "s1", ts: "now" },
    ];
    server.on("msg:send", (_payload: unknown, ack: (res: unknown) => void) => ack(replies.shift()));
    for (let i = 0; i < 7; i++) {
      await expect(session.send("hello")).rejects.toMatchObject({
        code: "INTERNAL",
        message: "The server sent a malformed reply.",
      });
    }
    server.on("room:lock", (_payload: unknown, ack: (res: unknown) => void) =>
      ack({ ok: false, code: "NO_SUCH_CODE", message: "made up" }),
    );
    await expect(session.setLocked(true)).rejects.toMatchObject({ code: "INTERNAL", message: "made up" });

    replies.push({ ok: true, id: "s1", ts: 5 });
    await expect(session.send("hello")).resolves.toMatchObject({ id: "s1", ts: 5, text: "hello" });
    expect(session.snapshot.locked).toBe(false);
  });
});

describe("a server that sends unusable join data", () => {
  const lookupWith = (kdf: object) => () => ({
    ok: true,
    salt: FAKE_SALT,
    kdf,
    nonce: toBase64url(new Uint8Array(16).fill(3)),
  });

  it.each([
    ["too weak a KDF", lookupWith({ ...KDF_DEFAULT, m: 8, t: 1 })],
    ["a tab-freezing KDF", lookupWith({ ...KDF_DEFAULT, m: 1_000_000_000 })],
    ["no nonce", () => ({ ok: true, salt: FAKE_SALT, kdf: KDF_DEFAULT })],
  ])("a lookup with %s is refused before any derivation", async (_what, lookup) => {
    fake.lookup = lookup;
    const started = Date.now();
    await expect(join()).rejects.toMatchObject({ code: "INTERNAL" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("a malformed welcome fails the join with INTERNAL at once", async () => {
    fake.welcome = (you) => ({ ...validWelcome(you), resumeToken: "short" });
    const err = await join().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SanctuaryError);
    expect(err).toMatchObject({ code: "INTERNAL", message: "The server sent a malformed welcome." });
  });
});
