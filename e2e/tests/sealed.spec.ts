import { expect, test } from "../support/fixtures";

const PASSWORD = "sealed whisper password";

/**
 * Sealed whispers (F22) in the browser: bob, in Firefox, opens alice's sealed whisper while carol,
 * in Chromium, sees nothing of it; the fingerprint alice's page shows for bob's key is
 * the one bob's own page shows as "your key", and all three see the same room key.
 */
test("a sealed whisper reaches bob in Firefox only; fingerprints match across browsers", async ({
  people,
  otherBrowser,
  uniq,
  browserName,
}) => {
  // Runs in the chromium project only (playwright.config.ts): alice and carol in Chromium,
  // bob in Firefox. A misconfigured project must fail here, not skip.
  expect(browserName, "sealed.spec.ts belongs to the chromium project").toBe("chromium");
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser });
  const carol = await people.open(`carol${uniq}`);

  const roomId = await alice.createRoom(PASSWORD, "Sealed");
  await bob.joinRoom(roomId, PASSWORD);
  await carol.joinRoom(roomId, PASSWORD);
  for (const person of [alice, bob, carol])
    await expect(person.memberList().getByRole("listitem")).toHaveCount(3);

  // Everyone's keys verified: nobody is marked unverified, whispering is on.
  for (const person of [alice, bob, carol]) await expect(person.memberList()).not.toContainText("unverified");
  await expect(alice.memberList().getByRole("button", { name: `Whisper to ${bob.alias}` })).toBeEnabled();

  // The fingerprints people would read out to each other agree across browsers.
  const bobSeesHimself = await bob.yourFingerprint();
  expect(bobSeesHimself).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}( [0-9A-HJKMNP-TV-Z]{4}){4}$/);
  expect(await alice.memberFingerprint(bob.alias)).toBe(bobSeesHimself);
  expect(await carol.memberFingerprint(bob.alias)).toBe(bobSeesHimself);
  expect(await bob.memberFingerprint(alice.alias)).toBe(await alice.yourFingerprint());
  const roomKey = await alice.roomFingerprint();
  expect(await bob.roomFingerprint()).toBe(roomKey);
  expect(await carol.roomFingerprint()).toBe(roomKey);

  await carol.recordText();
  await alice.send(`/purr ${bob.alias} sealed for bob alone`);
  const mine = alice.messages().locator("li.whisper", { hasText: "sealed for bob alone" });
  await expect(mine).toContainText(`Whisper to ${bob.alias}`);
  await expect(mine).toContainText("Sent");
  await expect(mine.locator(".message-sealed")).toHaveText("sealed");
  const received = bob.messages().locator("li.whisper", { hasText: "sealed for bob alone" });
  await expect(received).toContainText(`Whisper from ${alice.alias}`);
  await expect(received.locator(".message-sealed")).toHaveText("sealed");

  // Later broadcast reaches carol; the whisper never did, not even as a notice.
  await alice.send("everyone can read this");
  await carol.expectMessage(alice.alias, "everyone can read this");
  expect(await carol.recordedText()).not.toContain("sealed for bob alone");
  await expect(carol.messages()).not.toContainText("could not be opened");
});
