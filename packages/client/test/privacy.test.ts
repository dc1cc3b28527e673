import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatMessage, MemberLeftEvent } from "../src/index.js";
import { createRoom, joinRoom } from "../src/index.js";
import { type RealServer, startRealServer } from "./support/realServer.js";

/**
 * The foundation's privacy promise (F4): every raw packet the real server receives
 * during a whole chat driven by the SDK is recorded, and none of it contains the
 * password, the room name, a message, a whisper or a farewell.
 */
let server: RealServer;
beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server.close();
});

describe("what the server receives", () => {
  it("never contains the password or any plaintext", async () => {
    const secrets = {
      password: "orchid-Lantern-4471-quietly",
      roomName: "Midnight Orchard Council",
      message: "the ferry leaves at dawn from pier nine",
      reply: "bring the blue umbrella",
      whisper: "the code word is marmalade",
      farewell: "so long until the equinox",
    };
    const alice = await createRoom({
      serverUrl: server.url,
      alias: "alice",
      password: secrets.password,
      roomName: secrets.roomName,
    });
    const bob = await joinRoom({
      serverUrl: server.url,
      roomId: alice.roomId,
      alias: "bob",
      password: secrets.password,
    });
    const bobGot: ChatMessage[] = [];
    const aliceGot: ChatMessage[] = [];
    bob.on("message", (m) => !m.mine && bobGot.push(m));
    alice.on("message", (m) => !m.mine && aliceGot.push(m));
    const left: MemberLeftEvent[] = [];
    alice.on("memberLeft", (e) => left.push(e));

    await alice.send(secrets.message);
    await bob.send(secrets.reply);
    await alice.whisper(bob.you.id, secrets.whisper);
    await expect.poll(() => bobGot.map((m) => m.text)).toEqual([secrets.message, secrets.whisper]);
    await expect.poll(() => aliceGot.map((m) => m.text)).toContain(secrets.reply);
    await bob.leave(secrets.farewell);
    await expect.poll(() => left.map((e) => e.farewell)).toEqual([secrets.farewell]);
    expect(bob.roomName).toBe(secrets.roomName);
    alice.close();

    const wire = server.packets.join("\n");
    // The recording really is of the chat: the room's namespace and envelopes are in it.
    expect(wire).toContain(`/r/${alice.roomId}`);
    expect(wire).toContain('"ct":"');
    for (const [name, secret] of Object.entries(secrets)) {
      for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
        expect(wire.includes(form), `${name} reached the server`).toBe(false);
      }
      // Nor any long piece of it (a word-level leak).
      for (const word of secret.split(/\s+/).filter((w) => w.length >= 8)) {
        expect(wire.includes(word), `${name} (${word}) reached the server`).toBe(false);
      }
    }
  });
});
