import {
  ALIAS_MAX_CHARS,
  FILE_CHUNK_PACKET_BYTES,
  type IncomingMessage,
  MAX_PACKET_BYTES,
  MESSAGE_CT_MAX_CHARS,
  maxPacketBytes,
  messageCtMaxChars,
} from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { parseOptions } from "../src/config/cli.js";
import type { ServerOptions } from "../src/config/resolve.js";
import {
  b64,
  createRoom,
  join,
  joined,
  lobbyFor,
  once,
  request,
  sleep,
  type TestServer,
  useServers,
} from "./helpers.js";

/** The server options `sanctuary` would run with for these flags. */
function fromFlags(argv: string[]): ServerOptions {
  const outcome = parseOptions(argv, {});
  if (outcome.kind !== "run") throw new Error("expected run");
  return outcome.options.server;
}

/** A well-formed envelope whose `ct` is exactly `chars` long (whole AES blocks). */
function envelopeOf(chars: number) {
  const env = { v: 1 as const, iv: b64(16), ct: b64(Math.floor((chars * 3) / 4)), mac: b64(32) };
  expect(env.ct).toHaveLength(chars);
  return env;
}

const bufferSize = (t: TestServer) =>
  (t.server.io.engine.opts as { maxHttpBufferSize: number }).maxHttpBufferSize;

describe("size limits: --max-text-bytes, --max-image-bytes and --max-alias-length", () => {
  const start = useServers();

  it("refuses a message or whisper envelope over the configured sizes with TOO_LARGE", async () => {
    // Files take a chunk whatever the message caps; a server without them does not.
    const withFiles = await start(fromFlags(["--max-text-bytes", "1024", "--max-image-bytes", "0"]));
    expect(bufferSize(withFiles)).toBe(FILE_CHUNK_PACKET_BYTES);
    const t = await start(
      fromFlags(["--max-text-bytes", "1024", "--max-image-bytes", "0", "--max-file-size", "0"]),
    );
    const limit = messageCtMaxChars(1024, 0);
    expect(limit).toBeLessThan(MESSAGE_CT_MAX_CHARS);
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const to = bob.welcome.you.id;
    await sleep(30);

    const over = envelopeOf(limit + 22); // one AES block more
    expect(await request(alice.socket, "msg:send", { env: over })).toEqual({
      ok: false,
      code: "TOO_LARGE",
      message: expect.any(String),
    });
    expect(await request(alice.socket, "msg:whisper", { to, env: over })).toMatchObject({
      ok: false,
      code: "TOO_LARGE",
    });
    const sealed = { v: 2, epk: b64(32), iv: over.iv, ct: over.ct, mac: over.mac };
    expect(await request(alice.socket, "msg:whisper", { to, env: sealed })).toMatchObject({
      ok: false,
      code: "TOO_LARGE",
    });

    // The largest legal envelope still goes through, and the connection is intact.
    const legal = envelopeOf(limit);
    const atBob = once<IncomingMessage>(bob.socket, "msg:new");
    expect(await request(alice.socket, "msg:send", { env: legal })).toMatchObject({ ok: true });
    expect((await atBob).env).toEqual(legal);
    expect(await request(alice.socket, "msg:whisper", { to, env: legal })).toMatchObject({ ok: true });
  });

  it("relays envelopes up to the protocol's maximum by default", async () => {
    const t = await start(fromFlags([]));
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const env = envelopeOf(MESSAGE_CT_MAX_CHARS);
    expect(await request(alice.socket, "msg:send", { env })).toMatchObject({ ok: true });
  });

  it("sets maxHttpBufferSize just above the largest legal packet for the configured sizes", async () => {
    expect(bufferSize(await start(fromFlags([])))).toBe(MAX_PACKET_BYTES);

    // Files take a chunk whatever the message caps; a server without them does not.
    const withFiles = await start(fromFlags(["--max-text-bytes", "1024", "--max-image-bytes", "0"]));
    expect(bufferSize(withFiles)).toBe(FILE_CHUNK_PACKET_BYTES);
    const t = await start(
      fromFlags(["--max-text-bytes", "1024", "--max-image-bytes", "0", "--max-file-size", "0"]),
    );
    const size = bufferSize(t);
    expect(size).toBe(maxPacketBytes(messageCtMaxChars(1024, 0)));
    expect(size).toBeGreaterThan(messageCtMaxChars(1024, 0));
    expect(size).toBeLessThan(MAX_PACKET_BYTES / 10);
    // A packet past it closes the connection, one well under the protocol's limit or not.
    const lobby = await lobbyFor(t);
    const closed = new Promise((resolve) => lobby.once("disconnect", resolve));
    lobby.emit("room:lookup", { roomId: "A".repeat(size + 10) }, () => {});
    await closed;
    await createRoom(await lobbyFor(t));
  });

  it("never sets maxHttpBufferSize above MAX_PACKET_BYTES", () => {
    expect(maxPacketBytes(MESSAGE_CT_MAX_CHARS)).toBe(MAX_PACKET_BYTES);
    expect(maxPacketBytes(MESSAGE_CT_MAX_CHARS * 2)).toBe(MAX_PACKET_BYTES);
    expect(messageCtMaxChars(1, 0)).toBeGreaterThan(0);
  });

  it("refuses a longer alias than --max-alias-length with INVALID, saying why", async () => {
    const t = await start(fromFlags(["--max-alias-length", "5"]));
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "alice");
    const refused = await join(t, lobby, room, "alicia");
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.refusal.code).toBe("INVALID");
    expect(refused.refusal.message).toMatch(/at most 5 characters/);
    expect(refused.message).toMatch(/at most 5 characters/);
    // Counted in characters, not bytes.
    await joined(t, lobby, room, "ééééé");
    expect((await t.server.registry.getRoom(room.roomId))?.members).toHaveLength(2);
  });

  it("admits aliases up to ALIAS_MAX_CHARS by default", async () => {
    const t = await start(fromFlags([]));
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "a".repeat(ALIAS_MAX_CHARS));
  });
});
