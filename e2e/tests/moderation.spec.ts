import { expect, test } from "../support/fixtures";

const PASSWORD = "moderation test password";

/**
 * The room commands (F6–F9), across browser types: alice and carol in this
 * project's browser, bob and dave in the other one. The server is the authority; the
 * page only asks, and shows what the server decided.
 */
test("whisper, kick that sticks, refused kick, ownership handover and purge", async ({
  people,
  otherBrowser,
  uniq,
}) => {
  test.slow();
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser });
  const carol = await people.open(`carol${uniq}`);
  const dave = await people.open(`dave${uniq}`, { browser: otherBrowser });

  const roomId = await alice.createRoom(PASSWORD, "Moderation");
  for (const person of [bob, carol, dave]) await person.joinRoom(roomId, PASSWORD);
  for (const person of [alice, bob, carol, dave]) {
    await expect(person.memberList().getByRole("listitem")).toHaveCount(4);
  }
  await expect(alice.memberRow(alice.alias)).toContainText("owner");
  // Owner controls in the member list for alice only.
  await expect(alice.memberList().getByRole("button", { name: `Remove ${carol.alias}` })).toBeVisible();
  await expect(bob.memberList().getByRole("button", { name: /^Remove / })).toHaveCount(0);

  // --- /purr: only bob receives it ---------------------------------------------------
  await carol.recordText();
  await dave.recordText();
  await alice.send(`/purr ${bob.alias} secret words`);
  await expect(alice.messages().locator("li.whisper", { hasText: "secret words" })).toContainText(
    `Whisper to ${bob.alias}`,
  );
  await expect(bob.messages().locator("li.whisper", { hasText: "secret words" })).toContainText(
    `Whisper from ${alice.alias}`,
  );
  // A public message sent after the whisper reaches carol and dave; the socket keeps
  // order, so a whisper delivered to them would have arrived first.
  await alice.send("public after the whisper");
  for (const person of [carol, dave]) {
    await person.expectMessage(alice.alias, "public after the whisper");
    expect(await person.messages().textContent()).not.toContain("secret words");
    expect(await person.recordedText()).not.toContain("secret words");
  }

  // --- /kick carol: carol is out, names who did it, and cannot walk back in ----------
  await alice.send(`/kick ${carol.alias}`);
  await carol.expectEnded("You were removed from the room", `Removed by ${alice.alias}`);
  for (const person of [alice, bob, dave]) {
    await expect(person.messages()).toContainText(`${carol.alias} was removed by ${alice.alias}`);
    await expect(person.memberRow(carol.alias)).toHaveCount(0);
  }
  await carol.backToStart();
  await carol.submitJoin(roomId, PASSWORD);
  // The person kicked is told how long the bar still runs (F21).
  await carol.expectJoinError("You were removed from this room; you can try again in 10 minutes.");
  await expect(carol.memberList()).toHaveCount(0);
  await expect(alice.memberRow(carol.alias)).toHaveCount(0);

  // --- bob is not the owner: the page asks, the server refuses ----------------------
  await bob.send(`/kick ${alice.alias}`);
  await expect(bob.hints().last()).toContainText("Only the room owner can do that.");
  await expect(bob.hints().last()).toContainText("Only you see this");
  await expect(bob.memberRow(alice.alias)).toContainText("owner");
  await expect(alice.messages().locator("li.notice", { hasText: "was removed by" })).toHaveCount(1);
  await expect(alice.memberList().getByRole("listitem")).toHaveCount(3);
  // A misuse never leaves bob's page at all.
  await bob.send("/purr nobody-here hello");
  await expect(bob.hints().last()).toContainText("Nobody called “nobody-here” is in the room.");

  // --- the room menu locks; everyone is told ------------------------------------------
  await alice.page.getByRole("button", { name: "Room menu" }).click();
  await alice.page.getByRole("menuitem", { name: "Lock room" }).click();
  for (const person of [alice, bob, dave]) {
    await expect(person.messages()).toContainText(`Room locked by ${alice.alias}`);
  }
  await expect(bob.page.locator("header")).toContainText("locked");

  // --- /exit with a farewell: bob, the longest present, owns the room now ------------
  await alice.send("/exit bye all");
  await alice.expectEnded("You left the room");
  for (const person of [bob, dave]) {
    await expect(person.messages()).toContainText(`${alice.alias} left: “bye all”`);
    await expect(person.memberRow(bob.alias)).toContainText("owner");
  }
  await expect(bob.messages()).toContainText(`${bob.alias} (you) now owns the room`);
  await expect(dave.messages()).toContainText(`${bob.alias} now owns the room`);
  await expect(bob.memberList().getByRole("button", { name: `Remove ${dave.alias}` })).toBeVisible();

  // --- /stop: every remaining browser shows the purged screen ------------------------
  await bob.send("/stop");
  for (const person of [bob, dave]) {
    await person.expectEnded("The room was purged", `Purged by ${bob.alias}`);
  }
  await alice.backToStart();
  await alice.submitJoin(roomId, PASSWORD);
  await alice.expectJoinError("No room with that ID exists");
});
