import { describe, expect, it } from "vitest";
import { createRoom, joinRoom, SanctuaryError } from "../src/index.js";

/**
 * Checks that happen before anything touches the network: an unreachable server URL
 * proves it, since reaching the network would fail with NETWORK instead.
 */
const serverUrl = "http://127.0.0.1:9";
const password = "pw";

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(SanctuaryError);
    return (err as SanctuaryError).code;
  }
  throw new Error("expected a rejection");
}

describe("client-side input checks", () => {
  it.each(["", "   ", "\u200B\u200D", "\u202E", "a".repeat(33)])("rejects the alias %j", async (alias) => {
    expect(await codeOf(joinRoom({ serverUrl, roomId: "K7QM-2XZD-9PWH-4TNS", alias, password }))).toBe(
      "BAD_INPUT",
    );
    expect(await codeOf(createRoom({ serverUrl, alias, password }))).toBe("BAD_INPUT");
  });

  it.each(["", "K7QM", "K7QM-2XZD-9PWH-4TN!", "K7QM2XZD9PWH4TNSX", "U7QM2XZD9PWH4TNS"])(
    "rejects the room ID %j",
    async (roomId) => {
      expect(await codeOf(joinRoom({ serverUrl, roomId, alias: "alice", password }))).toBe("BAD_INPUT");
    },
  );

  it("rejects an empty password", async () => {
    expect(await codeOf(joinRoom({ serverUrl, roomId: "K7QM2XZD9PWH4TNS", alias: "a", password: "" }))).toBe(
      "BAD_INPUT",
    );
    expect(await codeOf(createRoom({ serverUrl, alias: "a", password: "" }))).toBe("BAD_INPUT");
  });

  it("rejects a room name over the limit and a lifetime out of range", async () => {
    expect(await codeOf(createRoom({ serverUrl, alias: "a", password, roomName: "n".repeat(65) }))).toBe(
      "TOO_LARGE",
    );
    expect(await codeOf(createRoom({ serverUrl, alias: "a", password, lifetime: 60 }))).toBe("BAD_INPUT");
    expect(await codeOf(createRoom({ serverUrl, alias: "a", password, lifetime: 90_000 }))).toBe("BAD_INPUT");
  });

  it("needs a server URL outside a browser", async () => {
    expect(await codeOf(joinRoom({ roomId: "K7QM2XZD9PWH4TNS", alias: "a", password }))).toBe("BAD_INPUT");
  });

  it("reports an unreachable server as NETWORK", async () => {
    expect(await codeOf(joinRoom({ serverUrl, roomId: "K7QM2XZD9PWH4TNS", alias: "a", password }))).toBe(
      "NETWORK",
    );
  });
});
