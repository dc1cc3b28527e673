import { expect, test } from "../support/fixtures";

// A phone on the LAN opens http://192.168.x.y:6969 — not a secure context, so no
// crypto.subtle. These projects open the app from such a hostname (see browsers.ts).
test("the crypto works over plain http from a LAN hostname", async ({ people, uniq }) => {
  const alice = await people.open(`alice${uniq}`);
  const context = await alice.page.evaluate(() => ({
    secure: window.isSecureContext,
    subtle: typeof globalThis.crypto?.subtle,
    host: location.hostname,
  }));
  expect(context).toEqual({ secure: false, subtle: "undefined", host: "sanctuary.test" });

  const bob = await people.open(`bob${uniq}`);
  const roomId = await alice.createRoom("lan party password", "LAN room");
  await bob.joinRoom(roomId, "lan party password");
  await expect(bob.page.locator("header")).toContainText("LAN room");
  await alice.send("over plain http");
  await bob.expectMessage(alice.alias, "over plain http");
  await bob.send("still end to end");
  await alice.expectMessage(bob.alias, "still end to end");
});
