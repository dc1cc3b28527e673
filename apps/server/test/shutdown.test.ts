import type { SessionEnded } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { createRoom, joined, lobbyFor, once, startServer } from "./helpers.js";

describe("shutdown: close()", () => {
  it("tells every member the server is going away, then closes everything", async () => {
    const t = await startServer();
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const bob = await joined(t, lobby, room, "bob");
    const ended = [alice, bob].map((m) => once<SessionEnded>(m.socket, "session:ended"));
    const lobbyGone = once(lobby, "disconnect");
    await t.server.close();
    for (const e of await Promise.all(ended)) expect(e).toEqual({ reason: "shutdown" });
    await lobbyGone;
    expect(t.server.httpServer.listening).toBe(false);
    expect((await t.server.registry.stats()).rooms).toBe(0);
    // Closing twice is harmless.
    await t.server.close();
  });

  it("closes cleanly when it never listened", async () => {
    const { createServer } = await import("../src/index.js");
    const server = createServer({ webRoot: null });
    await server.close();
  });
});
