import { expectNoSeriousA11yViolations } from "../support/axe";
import { expect, test } from "../support/fixtures";

const PASSWORD = "accessible test password";

/**
 * Accessibility (F14): axe finds no serious or critical violation on the home, create (filled in),
 * join, room (with the invite panel open too) and ended screens, in both themes.
 */
for (const colorScheme of ["light", "dark"] as const) {
  test(`no serious or critical axe violations, ${colorScheme} theme`, async ({ people, uniq }) => {
    test.slow();
    const alice = await people.open(`alice${uniq}`, { contextOptions: { colorScheme } });
    const bob = await people.open(`bob${uniq}`, { contextOptions: { colorScheme } });
    for (const person of [alice, bob]) {
      // Firefox over WebDriver BiDi ignores the emulated color scheme: there the page's
      // own switch puts it in the theme under test.
      const followsSystem = await person.page.evaluate(
        (scheme) => matchMedia(`(prefers-color-scheme: ${scheme})`).matches,
        colorScheme,
      );
      const toggle = person.page.getByRole("button", { name: "Dark theme" });
      if (!followsSystem) await toggle.click();
      await expect(toggle).toHaveAttribute("aria-pressed", String(colorScheme === "dark"));
    }

    await expectNoSeriousA11yViolations(alice.page, "home");
    const create = alice.createForm();
    await create.getByLabel("Your alias").fill(alice.alias);
    await create.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await create.getByLabel("Room name (optional)").fill("Reading room");
    await expectNoSeriousA11yViolations(alice.page, "create");
    await create.getByRole("button", { name: "Create room" }).click();
    await alice.expectInRoom();
    const roomId = ((await alice.page.getByTestId("room-id").textContent()) ?? "").replace(/-/g, "");

    const join = bob.joinForm();
    await join.getByLabel("Room ID").fill(roomId);
    await join.getByLabel("Your alias").fill(bob.alias);
    await join.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await expectNoSeriousA11yViolations(bob.page, "join");
    await join.getByRole("button", { name: "Join room" }).click();
    await bob.expectInRoom();

    await bob.send("hello <b>there</b>, <i>reader</i> <code>42</code>");
    await alice.expectMessage(bob.alias, "hello there");
    await alice.send(`/purr ${bob.alias} a quiet word`);
    await alice.send("/who");
    await alice.memberFingerprint(bob.alias);
    await expect(alice.messages().locator("li.message.sending")).toHaveCount(0);
    await expectNoSeriousA11yViolations(alice.page, "room");
    await expectNoSeriousA11yViolations(bob.page, "room (member)");

    const invite = await alice.openInvite();
    await expect(invite.getByLabel("One-time invite link")).toHaveValue(/#\/i\//);
    await expectNoSeriousA11yViolations(alice.page, "invite panel");
    await invite.getByRole("button", { name: "Close" }).click();

    // The theme switch flips the page and says so.
    const toggle = alice.page.getByRole("button", { name: "Dark theme" });
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-pressed", String(colorScheme !== "dark"));
    await expectNoSeriousA11yViolations(alice.page, "room, theme switched");
    await toggle.click();

    await alice.leave();
    await expectNoSeriousA11yViolations(alice.page, "ended");
  });
}
