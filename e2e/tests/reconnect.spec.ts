import { expect, test } from "../support/fixtures";

const PASSWORD = "reconnect test password";

/**
 * Reconnect without replay (F17): a few seconds offline, then back. The same alias and
 * role return, the log marks the gap, and a message sent by the other member during
 * the gap is never shown. (An outage longer than the resume window ends in a rejoin as a
 * new member, F26: e2e/tests/stay.spec.ts, and packages/client/test/rejoin.test.ts.)
 */
test("a short network blip: same alias and role, the gap is marked and not replayed", async ({
  people,
  uniq,
}) => {
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`);
  const roomId = await alice.createRoom(PASSWORD, "Blips");
  await bob.joinRoom(roomId, PASSWORD);
  await expect(alice.memberRow(alice.alias)).toContainText("owner");
  await alice.recordText();

  await alice.setOffline(true);
  await expect(alice.connectionBanner()).toBeVisible();
  // The server holds alice's seat: bob sees her away, not gone.
  await expect(bob.messages()).toContainText(`${alice.alias} lost the connection`);
  await expect(bob.memberRow(alice.alias)).toHaveCount(1);
  await bob.send("said during the gap");
  await alice.page.waitForTimeout(3000);
  await alice.setOffline(false);

  await expect(alice.connectionBanner()).toHaveCount(0);
  await expect(alice.messages()).toContainText(
    /You were away \d+ s; messages sent meanwhile are not shown\./,
  );
  await expect(bob.messages()).toContainText(`${alice.alias} is back`);
  await expect(alice.memberRow(alice.alias)).toContainText("owner");
  await expect(bob.memberRow(alice.alias)).toContainText("owner");
  await expect(alice.memberList().getByRole("listitem")).toHaveCount(2);

  await bob.send("after the gap");
  await alice.expectMessage(bob.alias, "after the gap");
  await alice.send("glad to be back");
  await bob.expectMessage(alice.alias, "glad to be back");
  expect(await alice.recordedText()).not.toContain("said during the gap");
});
