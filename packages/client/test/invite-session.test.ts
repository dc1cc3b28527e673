import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite, createRoom, redeemInvite } from "../src/index.js";
import type { RoomSession } from "../src/session.js";
import { type RealServer, startRealServer } from "./support/realServer.js";

const PASSWORD = "correct horse battery staple";
let real: RealServer;
let owner: RoomSession;

beforeAll(async () => {
  real = await startRealServer();
  owner = await createRoom({ serverUrl: real.url, alias: "alice", password: PASSWORD });
});
afterAll(async () => {
  owner?.close();
  await real?.close();
});

describe("one-time invites through a real server (F30)", () => {
  it("redeem once to the password; the second time is NOT_FOUND", async () => {
    const invite = await createInvite({ serverUrl: real.url, roomId: owner.roomId, password: PASSWORD });
    expect(invite.linkKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const opts = {
      serverUrl: real.url,
      roomId: invite.roomId,
      inviteId: invite.inviteId,
      linkKey: invite.linkKey,
    };
    expect(await redeemInvite(opts)).toBe(PASSWORD);
    await expect(redeemInvite(opts)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("never sends the link key or the password to the server", async () => {
    const before = real.packets.length;
    const invite = await createInvite({ serverUrl: real.url, roomId: owner.roomId, password: PASSWORD });
    await redeemInvite({ serverUrl: real.url, ...invite });
    const sent = real.packets.slice(before).join("\n");
    expect(sent).toContain(invite.inviteId);
    expect(sent).not.toContain(invite.linkKey);
    expect(sent).not.toContain(PASSWORD);
  });

  it("a wrong link key burns the invite but yields no password", async () => {
    const invite = await createInvite({ serverUrl: real.url, roomId: owner.roomId, password: PASSWORD });
    const wrong = `${invite.linkKey.slice(0, -2)}${invite.linkKey.endsWith("AA") ? "BA" : "AA"}`;
    await expect(redeemInvite({ serverUrl: real.url, ...invite, linkKey: wrong })).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
  });
});
