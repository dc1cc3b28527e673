import { NO_STORAGE } from "../support/chatUser";
import { expect, test } from "../support/fixtures";

const PASSWORD = "correct horse battery staple";

test("people in Chromium and Firefox chat both ways; strangers are refused with clear reasons", async ({
  people,
  otherBrowser,
  uniq,
}) => {
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser });

  const roomId = await alice.createRoom(PASSWORD, "Tea garden");
  expect(roomId).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  await expect(
    alice.page.getByRole("list", { name: "Members" }).locator("li", { hasText: alice.alias }),
  ).toContainText("owner");

  await bob.joinRoom(roomId, PASSWORD);
  await alice.expectMember(bob.alias);
  await bob.expectMember(alice.alias);
  // The room name travelled encrypted and was opened with bob's own derived key.
  await expect(bob.page.locator("header")).toContainText("Tea garden");

  await alice.send("hello from alice 🌿");
  await bob.expectMessage(alice.alias, "hello from alice 🌿");
  // Until formatting lands, markup is text: it must show as typed and run nothing.
  const markup = "<img src=x onerror=alert(1)> hi back";
  await bob.send(markup);
  await alice.expectMessage(bob.alias, markup);
  await expect(alice.messages().locator("img")).toHaveCount(0);

  const carol = await people.open(`carol${uniq}`);
  await carol.submitJoin(roomId, "not the password");
  await carol.expectJoinError("Wrong password for this room.");
  await carol.submitJoin("ZZZZ-ZZZZ-ZZZZ-ZZZZ", PASSWORD);
  await carol.expectJoinError("No room with that ID exists");
  await carol.submitJoin(roomId, PASSWORD, alice.alias.toUpperCase());
  await carol.expectJoinError("already uses that alias");
  await expect(carol.page.getByRole("list", { name: "Members" })).toHaveCount(0);
  await expect(alice.page.getByRole("list", { name: "Members" })).not.toContainText(carol.alias);
  await expect(alice.page.getByRole("list", { name: "Members" }).locator("li")).toHaveCount(2);

  for (const person of [alice, bob, carol]) {
    expect(await person.storedState()).toEqual(NO_STORAGE);
  }

  await bob.leave();
  await expect(alice.page.getByRole("list", { name: "Members" })).not.toContainText(bob.alias);
});
