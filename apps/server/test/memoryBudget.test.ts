import { KDF_DEFAULT } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { b64, createRoom, envelope, join, joined, lobbyFor, request, sleep, useServers } from "./helpers.js";

/**
 * Backpressure (docs/security.md): the server has an overall memory budget (`--memory-budget`) and refuses new
 * work before it is reached, while everyone already in carries on. The budget is set a
 * little above this process's resident set, then the process grows past it.
 */

const start = useServers();
const MiB = 2 ** 20;

describe("the memory budget", () => {
  it("refuses new rooms and joins with SERVER_FULL above it, and nobody in is disconnected", async () => {
    const budgetMiB = Math.ceil(process.memoryUsage.rss() / MiB) + 64;
    const t = await start({ webRoot: null, memoryBudgetMiB: budgetMiB });
    const lobby = await lobbyFor(t, { localAddress: "127.0.0.2" });
    const room = await createRoom(lobby);
    const inside = (await joined(t, lobby, room, "inside")).socket;
    const other = await lobbyFor(t, { localAddress: "127.0.0.3" });
    const peer = (await joined(t, other, room, "peer", { localAddress: "127.0.0.3" })).socket;

    // Touched memory, so it is resident: past the budget.
    const ballast = Buffer.alloc(160 * MiB, 1);
    try {
      await sleep(1500);
      expect(process.memoryUsage.rss() / MiB).toBeGreaterThan(budgetMiB);

      const created = await request(lobby, "room:create", {
        salt: b64(16),
        kdf: { ...KDF_DEFAULT },
        authKey: b64(32),
      });
      expect(created).toMatchObject({ ok: false, code: "SERVER_FULL" });

      const newcomer = await join(t, other, room, "newcomer", room.authKey, { localAddress: "127.0.0.3" });
      expect(newcomer.ok).toBe(false);
      if (!newcomer.ok) expect(newcomer.refusal.code).toBe("SERVER_FULL");

      // Those already in keep chatting.
      const received = new Promise((resolve) => peer.once("msg:new", resolve));
      expect(await request(inside, "msg:send", { env: envelope() })).toMatchObject({ ok: true });
      await received;
      expect(inside.connected && peer.connected).toBe(true);
    } finally {
      ballast.fill(0, 0, 1);
    }
  }, 20_000);
});
