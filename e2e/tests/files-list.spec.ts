import { mkdirSync } from "node:fs";
import { deflateSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { attach, card } from "../support/files";
import { expect, test } from "../support/fixtures";

/**
 * Files in the conversation (F44): the cards of a message's files show right under
 * that message on every page, in both browsers; "Save to file…" is offered where the
 * File System Access API exists (Chromium on localhost) and not elsewhere (Firefox).
 * Screenshots at phone and desktop sizes go to SHOTS_DIR when it is set.
 */

const PASSWORD = "correct horse battery staple";

/** A small gradient PNG, so a picture card has something to preview. */
function gradientPng(width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = Math.round((255 * x) / width);
      raw[row + 2 + x * 3] = Math.round((255 * y) / height);
      raw[row + 3 + x * 3] = 180;
    }
  }
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, "ascii");
    const tail = Buffer.alloc(4);
    tail.writeUInt32BE(crc(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, tail]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8);
  ihdr.writeUInt8(2, 9);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The line right after the message with `text` in a person's list. */
function lineAfter(page: Page, text: string) {
  return page
    .locator(".message-list > li.message", { hasText: text })
    .locator("xpath=following-sibling::li[1]");
}

async function shoot(page: Page, name: string): Promise<void> {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const engine = page.context().browser()?.browserType().name() ?? "browser";
  for (const [w, h] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${dir}/${name}-${engine}-${w}x${h}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test("a message's files show under it, on both sides; Save to file… only where the browser can write files", async ({
  people,
  otherBrowser,
  uniq,
  browserName,
}) => {
  test.setTimeout(120_000);
  const alice = await people.open(`alice${uniq}`);
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser });
  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  await alice.expectMember(bob.alias);

  await alice.send("before the photos");
  const photo = `trip-${uniq}.png`;
  await attach(alice, { name: photo, mimeType: "image/png", buffer: gradientPng(320, 200) });
  await attach(alice, { name: `notes-${uniq}.txt`, mimeType: "text/plain", buffer: Buffer.from("notes\n") });
  await alice.send("photos from the trip");
  await bob.expectMessage(alice.alias, "photos from the trip");
  await bob.send("thanks, lovely");

  for (const person of [alice, bob]) {
    const under = lineAfter(person.page, "photos from the trip");
    await expect(under).toHaveClass(/message-files/);
    await expect(under.getByRole("article")).toHaveCount(2);
    await expect(under).toContainText(photo);
    // The reply comes after the cards, not between the message and its files.
    await expect(lineAfter(person.page, "thanks, lovely")).toHaveCount(0);
  }
  await expect(card(bob, photo).getByRole("link", { name: "Save" })).toBeVisible();
  await expect(card(bob, photo).locator("img")).toBeVisible();

  // Alice's page is in this project's browser, Bob's in the other one.
  const chromium = browserName === "chromium" ? alice : bob;
  const firefox = browserName === "chromium" ? bob : alice;
  await attach(bob, { name: `reply-${uniq}.txt`, mimeType: "text/plain", buffer: Buffer.from("reply\n") });
  await bob.send("and a file back");
  await expect(lineAfter(alice.page, "and a file back")).toContainText(`reply-${uniq}.txt`);
  const chromiumGot = browserName === "chromium" ? `reply-${uniq}.txt` : photo;
  const firefoxGot = browserName === "chromium" ? photo : `reply-${uniq}.txt`;
  await expect(card(chromium, chromiumGot).getByRole("button", { name: "Save to file…" })).toBeVisible();
  await expect(card(firefox, firefoxGot).getByRole("link", { name: "Save" })).toBeVisible();
  await expect(card(firefox, firefoxGot).getByRole("button", { name: "Save to file…" })).toHaveCount(0);

  await shoot(alice.page, `list-sender-${browserName}-project`);
  await shoot(bob.page, `list-receiver-${browserName}-project`);
});
