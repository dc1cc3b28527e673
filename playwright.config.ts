import { defineConfig, devices } from "@playwright/test";
import {
  chromiumLaunch,
  E2E_PORT,
  firefoxLaunch,
  INSECURE_HOST,
  insecureUrl,
  localUrl,
} from "./e2e/support/browsers";

/**
 * End-to-end projects: desktop Chromium, desktop Firefox (stock, over WebDriver BiDi),
 * a phone-sized touch Chromium, and the LAN case — Chromium and Firefox opening the app
 * from a hostname that is not a secure context, as a phone on plain http would.
 * Tests that need a second browser type launch it themselves (e2e/support/browsers.ts).
 */
export default defineConfig({
  testDir: "e2e/tests",
  outputDir: "test-results/e2e",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: Argon2id in several browsers at once is CPU-bound.
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI
    ? [["line"], ["json", { outputFile: "test-results/e2e.json" }]]
    : [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: localUrl,
    trace: "off",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      testMatch: [
        "cross-browser.spec.ts",
        "timings.spec.ts",
        "moderation.spec.ts",
        "xss.spec.ts",
        "transience.spec.ts",
        "reconnect.spec.ts",
        "screens.spec.ts",
        "a11y.spec.ts",
        "keyboard.spec.ts",
        "invite.spec.ts",
        "sealed.spec.ts",
        "people.spec.ts",
        "compose.spec.ts",
        "knock.spec.ts",
        "prompts.spec.ts",
        // Spans both browsers and both sizes itself (F26); 60 s and 5 min outages.
        "stay.spec.ts",
        "files.spec.ts",
        "files-list.spec.ts",
        // Runs its own server with a 2 s resume window (F26, F34).
        "rejoin-knock.spec.ts",
      ],
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 }, launchOptions: chromiumLaunch },
    },
    {
      name: "firefox",
      testMatch: [
        "cross-browser.spec.ts",
        "timings.spec.ts",
        "moderation.spec.ts",
        "transience.spec.ts",
        "reconnect.spec.ts",
        "a11y.spec.ts",
        "people.spec.ts",
        "invite.spec.ts",
        "compose.spec.ts",
        "knock.spec.ts",
        "prompts.spec.ts",
        "files.spec.ts",
        "files-list.spec.ts",
        "rejoin-knock.spec.ts",
      ],
      use: {
        browserName: "firefox",
        channel: "moz-firefox",
        viewport: { width: 1280, height: 800 },
        launchOptions: firefoxLaunch,
      },
    },
    {
      name: "phone",
      testMatch: [
        "phone.spec.ts",
        "drawer.spec.ts",
        "invite.spec.ts",
        "knock.spec.ts",
        "prompts.spec.ts",
        "files.spec.ts",
      ],
      use: {
        ...devices["Pixel 7"],
        browserName: "chromium",
        launchOptions: chromiumLaunch,
      },
    },
    {
      name: "lan-chromium",
      testMatch: ["insecure-context.spec.ts", "invite.spec.ts", "cross-site-polling.spec.ts"],
      use: { browserName: "chromium", baseURL: insecureUrl, launchOptions: chromiumLaunch },
    },
    {
      name: "lan-firefox",
      testMatch: ["insecure-context.spec.ts", "cross-site-polling.spec.ts"],
      use: {
        browserName: "firefox",
        channel: "moz-firefox",
        baseURL: insecureUrl,
        launchOptions: firefoxLaunch,
      },
    },
    {
      // Scale-out (F19): the spec starts its own Redis and two `--redis` nodes.
      name: "scale-out",
      testMatch: ["scale-out.spec.ts"],
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 }, launchOptions: chromiumLaunch },
    },
    {
      // The release tarball (F46): the spec installs it and starts the installed
      // `sanctuary` itself, on a port of its own; the default web server is not used.
      name: "package",
      testMatch: ["package.spec.ts"],
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 }, launchOptions: chromiumLaunch },
    },
    // The main-thread budget of heavy messages is measured with nothing else running:
    // after every other project, and one browser at a time (a parallel test's browser
    // would share the two cores and its work would show up as the receiver's blocking).
    {
      name: "heavy-chromium",
      testMatch: ["heavy-message.spec.ts"],
      dependencies: ["chromium", "firefox", "phone", "lan-chromium", "lan-firefox", "scale-out", "package"],
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 }, launchOptions: chromiumLaunch },
    },
    {
      name: "heavy-firefox",
      testMatch: ["heavy-message.spec.ts"],
      dependencies: ["heavy-chromium"],
      use: {
        browserName: "firefox",
        channel: "moz-firefox",
        viewport: { width: 1280, height: 800 },
        launchOptions: firefoxLaunch,
      },
    },
  ],
  webServer: {
    // Every browser in the suite comes from 127.0.0.1: lift the per-address abuse limits
    // that would otherwise treat the whole suite as one flooding client.
    command: `node apps/server/dist/main.js --port ${E2E_PORT} --quiet --max-rooms-per-minute 1000 --max-join-failures 1000 --max-room-join-failures 1000 --max-connections-per-address 1000 --max-lookups-per-minute 1000 --max-live-rooms-per-address 1000 --max-rooms-per-connection 1000 --allowed-host ${INSECURE_HOST}`,
    url: `${localUrl}/healthz`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
