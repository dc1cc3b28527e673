import { mkdirSync, writeFileSync } from "node:fs";
import type { Browser, BrowserContextOptions } from "@playwright/test";
import type { ChatUser } from "../support/chatUser";
import { expect, test } from "../support/fixtures";
import type { People } from "../support/people";

const PASSWORD = "stay in the room password";
/** Where the screenshots of F26/F27 go (phone 390×844 and desktop 1280×800). */
const SHOTS = process.env.SANCTUARY_SHOTS_DIR;

/**
 * Staying in the room (F26, F27): four people, Chromium and Firefox at desktop and
 * phone sizes, go offline together while the host stays online, for longer than the
 * 30 s resume window. Each gets back in by itself as a new member with the same alias,
 * keeps the transcript, sees the gap marked, and what it sent while away ("Not sent
 * yet") goes out once back; the host receives everything. The time from "network back"
 * to "back in the room" is measured and attached to the report.
 */
interface Traveller {
  person: ChatUser;
  label: string;
}

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE_CHROMIUM: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};
// Firefox has no `isMobile`: the phone is its size and touch.
const PHONE_FIREFOX: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true };

async function travellers(people: People, firefox: Browser, uniq: string): Promise<Traveller[]> {
  const specs: Array<[string, BrowserContextOptions, Browser | undefined]> = [
    ["chromium-1280x800", DESKTOP, undefined],
    ["firefox-1280x800", DESKTOP, firefox],
    ["chromium-390x844", PHONE_CHROMIUM, undefined],
    ["firefox-390x844", PHONE_FIREFOX, firefox],
  ];
  const list: Traveller[] = [];
  for (const [label, contextOptions, browser] of specs) {
    const alias = `${label.slice(0, 1)}${label.includes("390") ? "p" : "d"}${uniq}`;
    const person = await people.open(alias, { contextOptions, ...(browser ? { browser } : {}) });
    list.push({ person, label });
  }
  return list;
}

async function shot(t: Traveller, what: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await t.person.page.screenshot({ path: `${SHOTS}/${what}-${t.label}.png` });
}

/** Milliseconds from "network back" until this person's page says it is back in. */
async function backIn(t: Traveller, since: number): Promise<number> {
  await t.person.page.waitForFunction(
    () => document.querySelector('[role="log"]')?.textContent?.includes("You were away") ?? false,
    null,
    { polling: 50, timeout: 60_000 },
  );
  return Date.now() - since;
}

async function outage(people: People, firefox: Browser, uniq: string, offlineMs: number) {
  const host = await people.open(`host${uniq}`);
  const roomId = await host.createRoom(PASSWORD, "Stay");
  const away = await travellers(people, firefox, uniq);
  for (const t of away) await t.person.joinRoom(roomId, PASSWORD);
  for (const t of away) {
    await t.person.send(`hello from ${t.label}`);
    await host.expectMessage(t.person.alias, `hello from ${t.label}`);
  }

  await Promise.all(away.map((t) => t.person.setOffline(true)));
  for (const t of away) await expect(t.person.connectionBanner()).toBeVisible();
  // Written while away: kept in the page, shown as not sent yet.
  for (const t of away) await t.person.send(`typed offline by ${t.label}`);
  for (const t of away) {
    await expect(t.person.messages().locator("li", { hasText: `typed offline by ${t.label}` })).toContainText(
      "Not sent yet",
    );
  }
  await host.page.waitForTimeout(Math.min(offlineMs, 15_000));
  for (const t of away) {
    // "Reconnecting… 15 s": the banner says how long it has been trying.
    await expect(t.person.connectionBanner()).toContainText(/Reconnecting… \d+( min)?( \d+ s| s)?/);
    await shot(t, `reconnecting-${offlineMs / 1000}s`);
  }
  // Past the window the server lets their seats go; the host sees them leave.
  for (const t of away) await expect(host.messages()).toContainText(`${t.person.alias} lost the connection`);
  await host.page.waitForTimeout(Math.max(0, offlineMs - 15_000));

  const since = Date.now();
  await Promise.all(away.map((t) => t.person.setOffline(false)));
  const times = await Promise.all(away.map((t) => backIn(t, since)));

  for (const t of away) {
    const { person } = t;
    await expect(person.connectionBanner()).toHaveCount(0);
    // The transcript stayed; the gap is marked; the alias is the same.
    await expect(person.messages()).toContainText(`hello from ${t.label}`);
    await expect(person.messages()).toContainText(
      /You were away \d+ (s|min)( \d+ s)?; messages sent meanwhile are not shown\./,
    );
    await expect(person.memberRow(person.alias)).toHaveCount(1);
    // What waited went out, and the host got it.
    await host.expectMessage(person.alias, `typed offline by ${t.label}`);
    await expect(person.messages().locator("li", { hasText: `typed offline by ${t.label}` })).toContainText(
      "Sent",
    );
    await shot(t, `back-${offlineMs / 1000}s`);
    await person.send(`back from ${t.label}`);
    await host.expectMessage(person.alias, `back from ${t.label}`);
  }
  await host.send("welcome back, all");
  for (const t of away) await t.person.expectMessage(host.alias, "welcome back, all");
  return away.map((t, i) => ({ label: t.label, backInMs: times[i] }));
}

test.describe("staying in the room through long outages", () => {
  // Only in the chromium project (playwright.config.ts): each test opens Firefox itself.

  test("60 s offline, four people in two browsers at two sizes: all back in, able to send", async ({
    people,
    otherBrowser,
    uniq,
  }, testInfo) => {
    test.setTimeout(4 * 60_000);
    const result = await outage(people, otherBrowser, uniq, 60_000);
    await testInfo.attach("back-in-60s", { body: JSON.stringify(result), contentType: "application/json" });
    writeFileSync(testInfo.outputPath("back-in.json"), JSON.stringify(result));
  });

  test("5 min offline: all back in, able to send", async ({ people, otherBrowser, uniq }, testInfo) => {
    test.setTimeout(9 * 60_000);
    const result = await outage(people, otherBrowser, uniq, 5 * 60_000);
    await testInfo.attach("back-in-5min", { body: JSON.stringify(result), contentType: "application/json" });
    writeFileSync(testInfo.outputPath("back-in.json"), JSON.stringify(result));
  });
});
