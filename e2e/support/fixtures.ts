import { type Browser, test as base, chromium, firefox } from "@playwright/test";
import { chromiumLaunch, firefoxLaunch } from "./browsers";
import { People } from "./people";

export type { OpenOptions } from "./people";

interface Fixtures {
  /** The browser type the project is not, launched for this test and closed after it. */
  otherBrowser: Browser;
  /** A short string unique to this test, for aliases. */
  uniq: string;
  /** Opens the people of this test (`people.open(alias, options)`) and closes them all afterwards. */
  people: People;
  /** Fails the test if it left a context open in the project's browser (runs after `people`). */
  noContextLeftOpen: undefined;
}

/**
 * `otherBrowser` is the browser type the current project is not (Firefox for a
 * Chromium project and the other way round), so one test has people in both.
 */
export const test = base.extend<Fixtures>({
  otherBrowser: async ({ browserName }, use) => {
    const other =
      browserName === "firefox"
        ? await chromium.launch(chromiumLaunch)
        : await firefox.launch({ ...firefoxLaunch, channel: "moz-firefox" });
    await use(other);
    await other.close();
  },
  // Unique per test so parallel workers never meet in a room or an alias.
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take a destructured first argument
  uniq: async ({}, use, testInfo) => {
    await use(`${testInfo.workerIndex}${Math.random().toString(36).slice(2, 6)}`);
  },
  people: async ({ browser, baseURL }, use) => {
    if (!baseURL) throw new Error("people: the project has no baseURL (playwright.config.ts)");
    const people = new People(browser, baseURL);
    // `use` returns when the test has ended, passed or failed.
    await use(people);
    await people.closeAll();
  },
  // Auto, so it is set up before and torn down after every other fixture of the test: it
  // sees what `people` (or anything else) left behind once all teardown is done.
  noContextLeftOpen: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use(undefined);
      const left = browser.contexts().filter((context) => !before.has(context));
      // Closed before failing, so a leak fails one test and does not outlive it.
      await Promise.all(left.map((context) => context.close()));
      if (left.length > 0) {
        throw new Error(`${left.length} browser context(s) of this test were left open`);
      }
    },
    { auto: true },
  ],
});

export { expect } from "@playwright/test";
