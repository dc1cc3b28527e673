import type { BrowserContextOptions, TestInfo } from "@playwright/test";
import { expect, test } from "../support/fixtures";

const PASSWORD = "knock knock password";
const SHOTS = "/work/shots/knock";

/** The phone project's people are phone-sized (390×844, touch where the browser has it). */
function sizeFor(testInfo: TestInfo, browserName: string): BrowserContextOptions {
  if (testInfo.project.name !== "phone") return {};
  return {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    ...(browserName === "chromium" ? { isMobile: true, deviceScaleFactor: 2 } : {}),
  };
}

function otherName(browserName: string): string {
  return browserName === "chromium" ? "firefox" : "chromium";
}

/**
 * Knocking (F34, F35) and the kick bar's stated wait (F21), through the real UI. Every
 * browser in the suite comes from 127.0.0.1, so after a kick everyone else is "the same
 * household": exactly the case where a blanket bar shut people out.
 */
test("the kicked member's wait is stated; a housemate's knock is admitted; a knock on a locked room is refused", async ({
  people,
  otherBrowser,
  uniq,
  browserName,
}, testInfo) => {
  test.slow();
  const contextOptions = sizeFor(testInfo, browserName);
  const alice = await people.open(`alice${uniq}`, { contextOptions });
  const bob = await people.open(`bob${uniq}`, { contextOptions });
  const roomId = await alice.createRoom(PASSWORD, "Knocks");
  await bob.joinRoom(roomId, PASSWORD);

  // --- the person kicked: refused, and told for how long ------------------------------
  await alice.send(`/kick ${bob.alias}`);
  await bob.expectEnded("You were removed from the room", `Removed by ${alice.alias}`);
  await bob.backToStart();
  await bob.submitJoin(roomId, PASSWORD);
  await bob.expectJoinError("You were removed from this room; you can try again in 10 minutes.");

  // --- a housemate (same address, another alias) knocks; the owner lets them in -------
  // The same browser as bob: another browser type may reach the server over ::1 instead
  // of 127.0.0.1, which would be another address group.
  const eve = await people.open(`eve${uniq}`, { contextOptions });
  await eve.submitJoin(roomId, PASSWORD);
  await expect(eve.joinForm()).toContainText("Waiting for the owner to let you in…");
  const card = alice.page.locator(".knock-card", { hasText: eve.alias });
  await expect(card).toContainText(`${eve.alias} is knocking`);
  await card.getByRole("button", { name: "Let in" }).click();
  await eve.expectInRoom();
  await alice.expectMember(eve.alias);
  await expect(alice.page.locator(".knock-card")).toHaveCount(0);

  // --- a locked room: the knock is refused, and the knocker is told -------------------
  await alice.page.getByRole("button", { name: "Room menu" }).click();
  await alice.page.getByRole("menuitem", { name: "Lock room" }).click();
  await expect(alice.messages()).toContainText(`Room locked by ${alice.alias}`);
  // From the other browser type: a locked room asks the owner whoever knocks.
  const dev = await people.open(`dev${uniq}`, {
    browser: otherBrowser,
    contextOptions: sizeFor(testInfo, otherName(browserName)),
  });
  await dev.submitJoin(roomId, PASSWORD);
  await expect(dev.joinForm()).toContainText("Waiting for the owner to let you in…");
  await expect(dev.joinForm().getByRole("button", { name: "Cancel" })).toBeVisible();
  const devCard = alice.page.locator(".knock-card", { hasText: dev.alias });
  await expect(devCard).toContainText(`${dev.alias} is knocking`);
  const size = testInfo.project.name === "phone" ? "390x844" : "1280x800";
  await dev.page.screenshot({ path: `${SHOTS}/knocker-waiting-${otherName(browserName)}-${size}.png` });
  await alice.page.screenshot({ path: `${SHOTS}/owner-card-${browserName}-${size}.png` });
  await devCard.getByRole("button", { name: "Refuse" }).click();
  await dev.expectJoinError("The owner did not let you in.");
  await expect(alice.memberList().getByRole("listitem")).toHaveCount(2);
});

test("a knocker can cancel; the owner's card goes (both at 390×844)", async ({
  people,
  uniq,
  browserName,
}, testInfo) => {
  const contextOptions = { ...sizeFor(testInfo, browserName), viewport: { width: 390, height: 844 } };
  const alice = await people.open(`alice${uniq}`, { contextOptions });
  const roomId = await alice.createRoom(PASSWORD);
  await alice.page.getByRole("button", { name: "Room menu" }).click();
  await alice.page.getByRole("menuitem", { name: "Lock room" }).click();
  const dev = await people.open(`dev${uniq}`, { contextOptions });
  await dev.submitJoin(roomId, PASSWORD);
  await expect(dev.joinForm()).toContainText(/The knock waits (59|60) more seconds/);
  await expect(alice.page.locator(".knock-card", { hasText: dev.alias })).toBeVisible();
  if (testInfo.project.name !== "phone") {
    await dev.page.screenshot({ path: `${SHOTS}/knocker-waiting-${browserName}-390x844.png` });
    await alice.page.screenshot({ path: `${SHOTS}/owner-card-${browserName}-390x844.png` });
  }
  await dev.joinForm().getByRole("button", { name: "Cancel" }).click();
  await dev.expectJoinError("You stopped knocking.");
  await expect(alice.page.locator(".knock-card")).toHaveCount(0);
});
