import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { FIREFOX_DOWNLOADS } from "./browsers";
import type { ChatUser } from "./chatUser";

/** A random file on disk (removed by `dispose`) and its SHA-256. */
export function randomFile(bytes: number, name = "random.bin") {
  const dir = mkdtempSync(join(tmpdir(), "sanctuary-files-"));
  const path = join(dir, name);
  const data = randomBytes(bytes);
  writeFileSync(path, data);
  return {
    path,
    name,
    sha256: createHash("sha256").update(data).digest("hex"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Puts files in a person's attachment tray through the attach button's input. */
export async function attach(
  user: ChatUser,
  files: string | string[] | { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  await user.page.getByTestId("attach-input").setInputFiles(files as string);
}

/** The card of the file `name` on a person's page. */
export function card(user: ChatUser, name: string) {
  return user.page.getByRole("article", { name: `File ${name}` });
}

/**
 * The SHA-256 of a received file as saved through its Save link. Chromium reports the
 * download; Firefox over BiDi fires no `download` event, so its downloads folder
 * (`FIREFOX_DOWNLOADS`) is watched for the new file instead.
 */
export async function receivedSha256(page: Page, name: string): Promise<string> {
  const link = page.getByRole("article", { name: `File ${name}` }).getByRole("link", { name: "Save" });
  await expect(link).toBeVisible({ timeout: 240_000 });
  expect(await link.getAttribute("href")).toMatch(/^blob:/);
  const size = Number(await link.getAttribute("data-size"));
  if (page.context().browser()?.browserType().name() !== "firefox") {
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    return sha256Of(await download.path());
  }
  mkdirSync(FIREFOX_DOWNLOADS, { recursive: true });
  const before = new Set(readdirSync(FIREFOX_DOWNLOADS));
  await link.click();
  let found: string | undefined;
  await expect
    .poll(
      () => {
        found = readdirSync(FIREFOX_DOWNLOADS).find((f) => {
          if (before.has(f) || f.endsWith(".part")) return false;
          return statSync(join(FIREFOX_DOWNLOADS, f)).size === size;
        });
        return found !== undefined;
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  const path = join(FIREFOX_DOWNLOADS, found as string);
  try {
    return sha256Of(path);
  } finally {
    rmSync(path, { force: true });
  }
}

function sha256Of(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}
