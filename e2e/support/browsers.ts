import type { LaunchOptions } from "@playwright/test";

/**
 * Launch options for the system browsers this machine has (Debian's Chromium and
 * Firefox ESR): Playwright's own browser downloads are unreachable here. Shared by
 * playwright.config.ts and by tests that open a second browser type themselves.
 */

/** Hostname that resolves to 127.0.0.1 but is not a secure context (a LAN stand-in). */
export const INSECURE_HOST = "sanctuary.test";

export const E2E_PORT = Number(process.env.SANCTUARY_E2E_PORT ?? 6970);

export const chromiumLaunch: LaunchOptions = {
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`,
  ],
};

/**
 * Where Firefox saves downloads: over BiDi Playwright fires no `download` event for it,
 * so tests that save a file watch this folder (e2e/support/files.ts).
 */
export const FIREFOX_DOWNLOADS = "/tmp/sanctuary-e2e-firefox-downloads";

export const firefoxLaunch: LaunchOptions = {
  executablePath: "/usr/bin/firefox-esr",
  downloadsPath: FIREFOX_DOWNLOADS,
  firefoxUserPrefs: {
    "network.dns.localDomains": INSECURE_HOST,
  },
};

export const localUrl = `http://localhost:${E2E_PORT}`;
export const insecureUrl = `http://${INSECURE_HOST}:${E2E_PORT}`;
