import type { Browser, BrowserContext } from "@playwright/test";
import { expect, test } from "../support/fixtures";

/**
 * The fixtures that own the people of a test. In each pair the first test fails on
 * purpose (`test.fail()` makes that failure the expected result) and the second, run
 * in the same worker once the first one's fixtures are torn down, looks at what was left.
 * Serial: the second test of a pair only means something after the first.
 */
test.describe.configure({ mode: "serial" });

test.describe("people", () => {
  const opened: BrowserContext[] = [];
  const closeEvents: BrowserContext[] = [];
  // A browser of this file's own, open across both tests: neither the project browser's
  // guard nor `otherBrowser`'s teardown reaches it, so only `people` can close its contexts.
  let ownBrowser: Browser;
  test.beforeAll(async ({ playwright, browserName }) => {
    // With no options: the project's launch options apply (playwright.config.ts).
    ownBrowser = await playwright[browserName].launch();
  });
  test.afterAll(async () => {
    await ownBrowser?.close();
  });

  test("a test fails with two people in a room", async ({ people, uniq }) => {
    test.fail();
    const alice = await people.open(`alice${uniq}`, { browser: ownBrowser });
    const bob = await people.open(`bob${uniq}`, { browser: ownBrowser });
    for (const person of [alice, bob]) {
      opened.push(person.context);
      person.context.on("close", (context) => closeEvents.push(context));
    }
    const roomId = await alice.createRoom("a room that fails");
    await bob.joinRoom(roomId, "a room that fails");
    await alice.expectMember(bob.alias);
    expect(opened.filter((context) => context.isClosed())).toEqual([]);
    // The failure: both people are still in the room, and nothing here closes them.
    expect(alice.alias, "this test fails on purpose").toBe(bob.alias);
  });

  test("afterwards both of their contexts are closed", async () => {
    expect(ownBrowser.isConnected()).toBe(true);
    expect(opened).toHaveLength(2);
    expect(closeEvents).toHaveLength(2);
    for (const context of opened) {
      expect(closeEvents).toContain(context);
      expect(context.isClosed()).toBe(true);
      await expect(context.newPage()).rejects.toThrow(/closed/);
    }
  });
});

test.describe("noContextLeftOpen", () => {
  let leaked: BrowserContext | undefined;

  test("a test that leaves a context open fails", async ({ browser }) => {
    test.fail();
    // The leak the guard exists for (not a person: people never leak); the test body
    // itself passes, so only the guard's teardown can make it fail.
    leaked = await browser.newContext();
    await leaked.newPage();
  });

  test("and the guard closed the context it found", async () => {
    expect(leaked?.isClosed()).toBe(true);
  });
});
