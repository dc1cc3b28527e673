import { expect, test } from "../support/fixtures";

/**
 * On a phone the member list is a drawer: closed it is out of the way and out of the tab
 * order; "Members (N)" opens it with the focus inside, the room behind is inert, and
 * Escape (or Close) shuts it and gives the focus back. The composer stays in view.
 */
test("the member drawer on a phone", async ({ people, uniq, isMobile }) => {
  const alice = await people.open(`alice${uniq}`);
  const page = alice.page;
  await alice.createRoom("drawer password");
  const drawer = page.getByRole("complementary", { name: "Member list" });
  const button = page.getByRole("button", { name: "Members (1)" });
  await expect(button).toBeVisible();
  await expect(button).toHaveAttribute("aria-expanded", "false");
  // Closed: inert, so its buttons cannot take the focus.
  expect(await drawer.evaluate((el) => (el as HTMLElement).inert)).toBe(true);
  expect(isMobile).toBe(true);

  await button.click();
  const close = page.getByRole("button", { name: "Close member list" });
  await expect(close).toBeFocused();
  await expect(drawer).toBeInViewport({ ratio: 1 });
  expect(await page.locator("main.room-main").evaluate((el) => (el as HTMLElement).inert)).toBe(true);
  // Tab stays in the drawer.
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Tab");
    expect(await drawer.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute("aria-expanded", "false");

  await button.click();
  await close.click();
  await expect(button).toBeFocused();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeInViewport();
  // Touch targets: every button in the header and the composer is at least 44 px tall.
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("header button, form.composer button")]
      .filter((b) => b.offsetParent !== null)
      .map((b) => ({ name: b.textContent?.trim() ?? "", h: b.getBoundingClientRect().height }))
      .filter((b) => b.h < 44),
  );
  expect(small).toEqual([]);
});
