import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../support/fixtures";

const PASSWORD = "keyboard only password";

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 40 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  await expect(target).toBeFocused();
}

/**
 * Accessibility (F14): a whole chat by keyboard alone — Tab, Shift+Tab, Enter, Space, arrows, Escape
 * and typing, never a click — and the focus lands somewhere sensible on every screen.
 * Bob, the other end, uses the usual helpers.
 */
test("a whole chat driven by the keyboard only", async ({ people, uniq }) => {
  test.slow();
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`);
  const { page } = alice;
  const kb = page.keyboard;

  // Home: the heading has the focus; the create form follows it.
  await expect(page.getByRole("heading", { level: 1, name: "Sanctuary" })).toBeFocused();
  const create = alice.createForm();
  await tabTo(page, create.getByLabel("Your alias"));
  await kb.type(alice.alias);
  await kb.press("Tab");
  await expect(create.getByLabel("Password", { exact: true })).toBeFocused();
  await kb.type(PASSWORD);
  await tabTo(page, create.getByLabel("Room name (optional)"));
  await kb.type("Keys only");
  await tabTo(page, create.getByRole("button", { name: "Create room" }));
  await kb.press("Enter");

  // The room: the message box has the focus.
  const box = page.getByRole("textbox", { name: "Message" });
  await expect(box).toBeFocused();
  const roomId = ((await page.getByTestId("room-id").textContent()) ?? "").replace(/-/g, "");
  await bob.joinRoom(roomId, PASSWORD);
  await alice.expectMember(bob.alias);
  await kb.type("typed, never clicked");
  await kb.press("Enter");
  await bob.expectMessage(alice.alias, "typed, never clicked");
  await bob.send("I can tell");
  await alice.expectMessage(bob.alias, "I can tell");

  // A whisper from the member list: its button fills the box and gives it the focus.
  await tabTo(page, page.getByRole("button", { name: `Whisper to ${bob.alias}` }));
  await kb.press("Enter");
  await expect(box).toBeFocused();
  await expect(box).toHaveValue(`/purr ${bob.alias} `);
  await kb.type("only you");
  await kb.press("Enter");
  await bob.expectMessage(alice.alias, "only you");

  // A key disclosure opens with Space.
  const keyButton = page.getByRole("button", { name: `Key of ${bob.alias}` });
  await tabTo(page, keyButton, { back: true });
  await kb.press("Space");
  await expect(keyButton).toHaveAttribute("aria-expanded", "true");
  await expect(alice.memberRow(bob.alias).getByTestId("member-fingerprint")).toBeVisible();

  // The room menu: Enter opens it on its first item, arrows move, Escape returns.
  const menuButton = page.getByRole("button", { name: "Room menu" });
  await tabTo(page, menuButton, { back: true });
  await kb.press("Enter");
  await expect(page.getByRole("menuitem").first()).toBeFocused();
  await kb.press("Escape");
  await expect(menuButton).toBeFocused();
  await kb.press("Enter");
  const showCommands = page.getByRole("menuitem", { name: "Show commands" });
  for (let i = 0; i < 6 && !(await showCommands.evaluate((el) => el === document.activeElement)); i++) {
    await kb.press("ArrowDown");
  }
  await expect(showCommands).toBeFocused();
  await kb.press("Enter");
  await expect(alice.messages()).toContainText("Commands:");
  await expect(menuButton).toBeFocused();

  // The invite panel: focus inside it, the arrow keys pick the link without password,
  // Escape closes it and the focus goes back to the Invite button.
  const inviteButton = page.getByRole("button", { name: "Invite", exact: true });
  await tabTo(page, inviteButton, { back: true });
  await kb.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Invite someone" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("One-time invite link")).toHaveValue(/#\/i\//);
  await tabTo(page, dialog.getByLabel("One-time link with password"));
  await kb.press("ArrowDown");
  await expect(dialog.getByLabel("Link without password")).toBeChecked();
  await expect(dialog.getByLabel("Invite link", { exact: true })).toHaveValue(new RegExp(`/#/r/${roomId}$`));
  await kb.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(inviteButton).toBeFocused();

  // The theme switch, by Space.
  const theme = page.getByRole("button", { name: "Dark theme" });
  await tabTo(page, theme);
  const before = await theme.getAttribute("aria-pressed");
  await kb.press("Space");
  await expect(theme).toHaveAttribute("aria-pressed", before === "true" ? "false" : "true");

  // Leave: the dialog asks first with "Cancel" focused, Tab reaches "Confirm"; then the
  // ended screen's heading has the focus, and Enter goes back to the start.
  await tabTo(page, page.getByRole("button", { name: "Leave room" }));
  await kb.press("Enter");
  await expect(page.getByRole("button", { name: "Cancel" })).toBeFocused();
  await kb.press("Tab");
  await expect(page.getByRole("button", { name: "Confirm" })).toBeFocused();
  await kb.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "You left the room" })).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Back to start" }));
  await kb.press("Enter");
  await expect(alice.createForm()).toBeVisible();
  await expect(bob.messages()).toContainText(`${alice.alias} left`);
});
