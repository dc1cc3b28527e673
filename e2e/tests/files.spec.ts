import type { Browser } from "@playwright/test";
import { attach, card, randomFile, receivedSha256 } from "../support/files";
import { expect, test } from "../support/fixtures";

/**
 * Files (F42–F44) between Chromium and Firefox, both ways (the project's browser sends,
 * the other one receives): a random file arrives with the same SHA-256; a whispered one
 * reaches its recipient only; cancel on either side and a sender leaving are told.
 */

const PASSWORD = "correct horse battery staple";
/** The big file: 50 MB unless FILES_E2E_MB says otherwise. */
const BIG_MB = Number(process.env.FILES_E2E_MB ?? 50);

test("a random file goes to the other browser intact, with progress on both sides", async ({
  people,
  otherBrowser,
  uniq,
}) => {
  test.setTimeout(300_000);
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser });
  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  await alice.expectMember(bob.alias);

  const file = randomFile(BIG_MB * 1_000_000, `random-${uniq}.bin`);
  try {
    await attach(alice, file.path);
    const tray = alice.page.getByRole("list", { name: "Attachments" });
    await expect(tray).toContainText(file.name);
    await expect(tray).toContainText(`${BIG_MB.toFixed(1)} MB`);
    const began = Date.now();
    await alice.send("here is the file");
    await bob.expectMessage(alice.alias, "here is the file");
    await expect(tray).toHaveCount(0);
    await expect(card(bob, file.name)).toContainText(`from ${alice.alias}`);
    await expect(card(bob, file.name).locator("progress")).toBeVisible();
    expect(await receivedSha256(bob.page, file.name)).toBe(file.sha256);
    const seconds = (Date.now() - began) / 1000;
    test.info().annotations.push({
      type: "throughput",
      description: `${BIG_MB} MB in ${seconds.toFixed(1)} s = ${(BIG_MB / seconds).toFixed(1)} MB/s`,
    });
    await expect(card(alice, file.name)).toContainText("Sent.");
  } finally {
    file.dispose();
  }
});

/** The person of the test who is in Chromium (whose WebSocket frames Playwright can see). */
function chromiumSide(browserName: string, own: Browser, other: Browser): Browser {
  return browserName === "chromium" ? own : other;
}

test("a whispered file reaches its recipient only: a third member's socket gets no part of it", async ({
  people,
  otherBrowser,
  uniq,
  browser,
  browserName,
}) => {
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser });
  const carol = await people.open(`carol${uniq}`, {
    browser: chromiumSide(browserName, browser, otherBrowser),
  });
  const fileFrames: string[] = [];
  carol.page.on("websocket", (ws) =>
    ws.on("framereceived", (frame) => {
      const text = typeof frame.payload === "string" ? frame.payload : "";
      if (text.includes('"file:') || typeof frame.payload !== "string") fileFrames.push(text.slice(0, 40));
    }),
  );
  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  await carol.joinRoom(roomId, PASSWORD);
  await alice.expectMember(carol.alias);
  await alice.expectMember(bob.alias);

  const file = randomFile(2_000_000, `secret-${uniq}.bin`);
  try {
    await attach(alice, file.path);
    await alice.send(`/purr ${bob.alias} for you only`);
    expect(await receivedSha256(bob.page, file.name)).toBe(file.sha256);
    await expect(card(alice, file.name)).toContainText(`to ${bob.alias} only`);
    await expect(card(alice, file.name)).toContainText("Sent.");
    // Time for anything misrouted to have arrived.
    await carol.page.waitForTimeout(500);
    await expect(card(carol, file.name)).toHaveCount(0);
    expect(fileFrames).toEqual([]);
  } finally {
    file.dispose();
  }
});

test("cancel by the receiver, cancel by the sender and a sender leaving are each told", async ({
  people,
  otherBrowser,
  uniq,
}) => {
  test.setTimeout(180_000);
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser });
  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  await alice.expectMember(bob.alias);
  const files = [1, 2, 3].map((n) => randomFile(40_000_000, `big${n}-${uniq}.bin`));
  const [first, second, third] = files as [(typeof files)[0], (typeof files)[0], (typeof files)[0]];
  try {
    // The receiver cancels: the sender hears nobody is receiving it.
    await attach(alice, first.path);
    await alice.send("one");
    await expect(card(bob, first.name).locator("progress")).toBeVisible();
    await card(bob, first.name).getByRole("button", { name: "Cancel" }).click();
    await expect(card(bob, first.name)).toContainText("Cancelled.");
    await expect(card(alice, first.name)).toContainText("Nobody is receiving it.");

    // The sender cancels: the receiver hears it.
    await attach(alice, second.path);
    await alice.send("two");
    await expect(card(bob, second.name).locator("progress")).toBeVisible();
    await card(alice, second.name).getByRole("button", { name: "Cancel" }).click();
    await expect(card(bob, second.name)).toContainText("Cancelled.");

    // The sender leaves half-way: the receiver is told, nothing is kept.
    await attach(alice, third.path);
    await alice.send("three");
    await expect(card(bob, third.name).locator("progress")).toBeVisible();
    await alice.leave();
    await expect(card(bob, third.name)).toContainText("The sender left before it arrived.");
    await expect(card(bob, third.name).getByRole("link", { name: "Save" })).toHaveCount(0);
  } finally {
    for (const f of files) f.dispose();
  }
});
