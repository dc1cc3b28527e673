import { expect, test } from "../support/fixtures";

const PASSWORD = "invite me in, 🌱 please";

/**
 * F18: the invite panel's link, with the password only when ticked, opens the join form
 * filled in and then leaves the address bar; the copy buttons work (over plain http in
 * the lan projects, through the fallback); a joiner, who typed the password, can pass
 * it on too.
 */
test("an invite link with the password fills the join form and clears the address bar", async ({
  people,
  baseURL,
  uniq,
}) => {
  const url = baseURL as string;
  const alice = await people.open(`alice${uniq}`);
  const roomId = await alice.createRoom(PASSWORD, "Seed swap");

  const invite = await alice.openInvite();
  const link = invite.getByLabel("Invite link");
  await expect(link).toHaveValue(`${new URL(url).origin}/#/r/${roomId}`);
  await expect(invite.locator("pre")).toContainText("Join “Seed swap” on Sanctuary.");
  await expect(invite.locator("pre")).toContainText(`Room ID: ${roomId.replace(/(.{4})(?=.)/g, "$1-")}`);
  await invite.getByRole("button", { name: "Copy link" }).click();
  await expect(invite.getByText("Copied")).toBeVisible();
  await invite.getByRole("button", { name: "Copy invite text" }).click();
  await expect(invite.getByText("Copied").first()).toBeVisible();

  const box = invite.getByLabel("Include password in link");
  await box.check();
  await expect(invite).toContainText("Anyone with this link can join the room");
  const withPassword = (await link.inputValue()) ?? "";
  expect(withPassword).toMatch(new RegExp(`/#/r/${roomId}/[A-Za-z0-9_-]+$`));
  expect(withPassword).not.toContain("invite me in");
  await expect(invite.getByRole("img", { name: "QR code of the invite link" })).toBeVisible();
  await invite.getByRole("button", { name: "Close" }).click();

  // Bob opens the link: room ID and password are filled in, the address bar is "/".
  const bob = await people.open(`bob${uniq}`, { url: withPassword });
  const { page } = bob;
  const join = bob.joinForm();
  await expect(join.getByLabel("Room ID")).toHaveValue(roomId.replace(/(.{4})(?=.)/g, "$1-"));
  await expect(join.getByLabel("Password", { exact: true })).toHaveValue(PASSWORD);
  await expect(join.getByLabel("Your alias")).toBeFocused();
  expect(new URL(page.url()).hash).toBe("");
  expect(new URL(page.url()).pathname).toBe("/");
  await page.keyboard.type(bob.alias);
  await page.keyboard.press("Enter");
  await bob.expectMember(alice.alias);

  // Bob typed the password (the link did), so he may share it on as well.
  await page.getByRole("button", { name: "Invite", exact: true }).click();
  const bobsInvite = page.getByRole("dialog", { name: "Invite someone" });
  await expect(bobsInvite.getByLabel("Include password in link")).toBeEnabled();
});
