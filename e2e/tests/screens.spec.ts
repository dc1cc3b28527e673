import type { ChatUser } from "../support/chatUser";
import { expect, test } from "../support/fixtures";

/**
 * Looked at (F14): every screen photographed at a phone size and a desktop size,
 * saved as test artifacts (test-results/…/<size>-<screen>.png) for a person to look at.
 * The assertions only make sure each picture shows the screen it is named for.
 */
const SIZES = [
  {
    name: "phone",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  },
  {
    name: "desktop",
    viewport: { width: 1280, height: 800 },
    isMobile: false,
    hasTouch: false,
    deviceScaleFactor: 1,
  },
] as const;

const PASSWORD = "screens test password";
const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAAKklEQVR42mNkYPhfz0AEYBxVSF+FjP8ZGBgYGBmJ0T2qkL4KR+MhhSMAABx2Dh6AvbHEAAAAAElFTkSuQmCC";

for (const size of SIZES) {
  test(`every screen at ${size.viewport.width}×${size.viewport.height}`, async ({
    people,
    uniq,
  }, testInfo) => {
    test.slow();
    const { name, ...options } = size;
    const shot = async (user: ChatUser, screen: string) => {
      await user.page.screenshot({ path: testInfo.outputPath(`${name}-${screen}.png`) });
    };
    const alice = await people.open(`alice${uniq}`, { contextOptions: options });
    const bob = await people.open(`bob${uniq}`);

    await expect(alice.createForm()).toBeVisible();
    await shot(alice, "home");

    // Create, photographed while the key is being derived.
    const form = alice.createForm();
    await form.getByLabel("Your alias").fill(alice.alias);
    await form.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await form.getByLabel("Room name (optional)").fill("Garden shed");
    await form.getByLabel("Self-destruct").selectOption({ label: "1 hour" });
    await form.getByRole("button", { name: "Create room" }).click();
    // The joining screen lasts as long as Argon2id does (well under a second here), so it
    // is photographed when it is caught; the room must follow either way.
    const caught = await alice.page
      .getByRole("status")
      .filter({ hasText: /Looking up room|Deriving key|Connecting/ })
      .first()
      .waitFor({ state: "visible", timeout: 3_000 })
      .then(
        () => true,
        () => false,
      );
    if (caught) await shot(alice, "joining");
    else
      testInfo.annotations.push({
        type: "note",
        description: "joining screen passed too fast to photograph",
      });
    await alice.expectInRoom();
    const roomId = ((await alice.page.getByTestId("room-id").textContent()) ?? "").replace(/-/g, "");

    await bob.joinRoom(roomId, PASSWORD);
    await alice.expectMember(bob.alias);
    await bob.send("Hello <b>alice</b>! Did you bring the seeds?");
    await alice.send("Yes: <i>tomatoes</i>, basil and <code>3</code> kinds of beans.");
    await bob.send(`Look what came up <img src="${PIXEL}" alt="a sprout">`);
    await alice.send(`/purr ${bob.alias} the spare key is under the pot`);
    await bob.expectMessage(alice.alias, "the spare key is under the pot");
    await alice.expectMessage(bob.alias, "Look what came up");
    await expect(alice.messages().locator("li.message.sending")).toHaveCount(0);
    await shot(alice, "room");
    // The same room in the other theme, switched from the header.
    const theme = alice.page.getByRole("button", { name: "Dark theme" });
    await theme.click();
    await shot(alice, "room-switched-theme");
    await theme.click();

    // The invite panel, a one-time link with the password, with its QR code drawn.
    const invite = await alice.openInvite();
    await expect(invite.getByLabel("One-time invite link")).toHaveValue(/#\/i\//);
    const qr = invite.getByRole("img", { name: "QR code of the invite link" });
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await shot(alice, "invite");
    await invite.getByRole("button", { name: "Close" }).click();
    await expect(invite).toBeHidden();

    // Members: the drawer on a phone, the side panel with a key shown on a desktop.
    await alice.memberFingerprint(bob.alias);
    await shot(alice, "members");
    if (name === "phone") {
      await alice.page.keyboard.press("Escape");
      await expect(alice.page.getByRole("button", { name: /^Members \(2\)$/ })).toBeFocused();
    }

    await alice.leave();
    await shot(alice, "ended");
    await alice.page.reload();
    await expect(alice.page.getByRole("heading", { level: 1, name: "Session invalidated" })).toBeVisible();
    await shot(alice, "invalidated");
  });
}
