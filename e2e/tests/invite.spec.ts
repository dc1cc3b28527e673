import type { Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";

const PASSWORD = "invite me in, 🌱 please";
const grouped = (roomId: string) => roomId.replace(/(.{4})(?=.)/g, "$1-");

/** With INVITE_SHOTS=<dir>, screenshots at phone and desktop size (docs and review). */
async function shots(page: Page, name: string, project: string): Promise<void> {
  const dir = process.env.INVITE_SHOTS;
  if (!dir) return;
  const original = page.viewportSize();
  for (const [w, h] of [
    [390, 844],
    [1280, 800],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `${dir}/${project}-${name}-${w}x${h}.png` });
  }
  if (original) await page.setViewportSize(original);
}

/**
 * F30: the invite panel's default link is one-time. It opens the join form filled in
 * (password as dots) and leaves the address bar; the same URL opened a second time, in
 * another browser context, says it was used. F31: after a join error the password from
 * the link is still there. Copy buttons work over plain http too (the lan project).
 */
test("a one-time invite link works once, then says it was used", async ({ people, baseURL, uniq }, info) => {
  const origin = new URL(baseURL as string).origin;
  const alice = await people.open(`alice${uniq}`);
  const roomId = await alice.createRoom(PASSWORD, "Seed swap");

  const invite = await alice.openInvite();
  const link = invite.getByLabel("One-time invite link");
  await expect(link).toHaveValue(new RegExp(`^${origin}/#/i/${roomId}/[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{43}$`));
  const oneTime = await link.inputValue();
  expect(oneTime).not.toContain("invite me in");
  await expect(invite).toContainText("Works once, until");
  await expect(invite.locator("pre")).toContainText("Join “Seed swap” on Sanctuary.");
  await expect(invite.locator("pre")).toContainText(`Room ID: ${grouped(roomId)}`);
  const qr = invite.getByRole("img", { name: "QR code of the invite link" });
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await invite.getByRole("button", { name: "Copy link" }).click();
  await expect(invite.getByText("Copied")).toBeVisible();
  await shots(alice.page, "invite-panel", info.project.name);
  await invite.getByRole("button", { name: "Close" }).click();

  // Bob opens it: room ID and password filled in (dots), the address bar is "/".
  const bob = await people.open(`bob${uniq}`, { url: oneTime });
  const join = bob.joinForm();
  await expect(join.getByLabel("Room ID")).toHaveValue(grouped(roomId));
  const password = join.getByLabel("Password", { exact: true });
  await expect(password).toHaveValue(PASSWORD);
  await expect(password).toHaveAttribute("type", "password");
  await expect(join).toContainText("The password came with the invite link.");
  expect(new URL(bob.page.url()).hash).toBe("");

  // F31: a taken alias is refused, and the password from the link stays.
  await join.getByLabel("Your alias").fill(alice.alias);
  await join.getByRole("button", { name: "Join room" }).click();
  await bob.expectJoinError(/alias/i);
  await expect(password).toHaveValue(PASSWORD);
  await join.getByLabel("Your alias").fill(bob.alias);
  await join.getByRole("button", { name: "Join room" }).click();
  await bob.expectMember(alice.alias);

  // The same URL, opened again in another context: nothing left to fetch.
  const carol = await people.open(`carol${uniq}`, { url: oneTime });
  await carol.expectJoinError("This invite link was already used or has expired; ask for a new one.");
  await expect(carol.joinForm().getByLabel("Password", { exact: true })).toHaveValue("");
  expect(new URL(carol.page.url()).hash).toBe("");

  // Bob typed the password (the link did), so he may invite too, and copy it.
  const bobsInvite = await bob.openInvite();
  await expect(bobsInvite.getByLabel("One-time invite link")).toHaveValue(/#\/i\//);
  await expect(bobsInvite.getByRole("button", { name: "Copy password" })).toBeVisible();
});

test("the plain link has no password; each new one-time link is a new invite", async ({
  people,
  baseURL,
  uniq,
}) => {
  const origin = new URL(baseURL as string).origin;
  const alice = await people.open(`alice${uniq}`);
  const roomId = await alice.createRoom(PASSWORD);
  const invite = await alice.openInvite();
  const oneTime = invite.getByLabel("One-time invite link");
  await expect(oneTime).toHaveValue(/#\/i\//);
  const first = await oneTime.inputValue();
  await invite.getByRole("button", { name: "New one-time link" }).click();
  await expect(oneTime).not.toHaveValue(first);
  await expect(oneTime).toHaveValue(/#\/i\//);

  await invite.getByLabel("Link without password").check();
  await expect(invite.getByLabel("Invite link", { exact: true })).toHaveValue(`${origin}/#/r/${roomId}`);
  await expect(invite.getByRole("img", { name: "QR code of the invite link" })).toBeVisible();
  await expect(invite).toContainText("tell it to them another way");
  await invite.getByRole("button", { name: "Close" }).click();

  // The first one-time link still works: making another did not burn it.
  const bob = await people.open(`bob${uniq}`, { url: first });
  await expect(bob.joinForm().getByLabel("Password", { exact: true })).toHaveValue(PASSWORD);
});

test("the create form warns about a weak password", async ({ people, uniq }, info) => {
  const alice = await people.open(`alice${uniq}`);
  const form = alice.createForm();
  if (!(await form.isVisible())) await alice.page.getByRole("button", { name: "Create a room" }).click();
  await form.getByLabel("Password", { exact: true }).fill("abc");
  await expect(form.getByText(/^Very weak: /)).toBeVisible();
  await shots(alice.page, "create-weak", info.project.name);
  await form.getByRole("button", { name: "Generate strong password" }).click();
  await expect(form.getByText(/^Very strong\.|^Strong\./)).toBeVisible();
  await expect(form.getByText(/^Very weak: /)).toBeHidden();
  await shots(alice.page, "create-strong", info.project.name);
});
