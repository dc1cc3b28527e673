import { type Browser, test as base, chromium, firefox } from "@playwright/test";
import { chromiumLaunch, firefoxLaunch } from "./browsers";

/**
 * `otherBrowser` is the browser type the current project is not (Firefox for a
 * Chromium project and the other way round), so one test has people in both.
 */
export const test = base.extend<{ otherBrowser: Browser; uniq: string }>({
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
});

export { expect } from "@playwright/test";
