import { type BrowserContext, expect, type Page } from "@playwright/test";

/**
 * One person in a test: their own browser context (no shared cookies or memory with
 * anyone else) and the actions they take through the real UI, by role and label.
 */
export class ChatUser {
  /**
   * Made by the `people` fixture (support/people.ts), which owns the context: it closes
   * it when the test ends, so a person is never closed by hand.
   */
  constructor(
    readonly alias: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  createForm() {
    return this.page.getByRole("form", { name: "Create a room" });
  }

  joinForm() {
    return this.page.getByRole("form", { name: "Join a room" });
  }

  /** Creates a room through the form and returns its ID without the group dashes. */
  async createRoom(password: string, roomName?: string): Promise<string> {
    await this.showForm("Create a room");
    const form = this.createForm();
    await form.getByLabel("Your alias").fill(this.alias);
    await form.getByLabel("Password", { exact: true }).fill(password);
    if (roomName) await form.getByLabel("Room name (optional)").fill(roomName);
    await form.getByRole("button", { name: "Create room" }).click();
    await this.expectInRoom();
    const shown = (await this.page.getByTestId("room-id").textContent()) ?? "";
    return shown.replace(/[^0-9A-Z]/g, "");
  }

  /** Fills and submits the join form; does not wait for the outcome. */
  async submitJoin(roomId: string, password: string, alias = this.alias): Promise<void> {
    await this.showForm("Join a room");
    const form = this.joinForm();
    await form.getByLabel("Room ID").fill(roomId);
    await form.getByLabel("Your alias").fill(alias);
    await form.getByLabel("Password", { exact: true }).fill(password);
    await form.getByRole("button", { name: "Join room" }).click();
  }

  async joinRoom(roomId: string, password: string): Promise<void> {
    await this.submitJoin(roomId, password);
    await this.expectInRoom();
  }

  async expectJoinError(text: string | RegExp): Promise<void> {
    await expect(this.joinForm().getByRole("alert")).toContainText(text);
  }

  async expectInRoom(): Promise<void> {
    await expect(this.page.getByRole("list", { name: "Members" })).toBeVisible();
  }

  async send(text: string): Promise<void> {
    const box = this.page.getByRole("textbox", { name: "Message" });
    await box.fill(text);
    await box.press("Enter");
  }

  messages() {
    return this.page.getByRole("log", { name: "Messages" });
  }

  async expectMessage(from: string, text: string): Promise<void> {
    await expect(this.messages().locator("li", { hasText: text })).toContainText(from);
  }

  async expectMember(alias: string): Promise<void> {
    await expect(this.page.getByRole("list", { name: "Members" })).toContainText(alias);
  }

  memberList() {
    return this.page.getByRole("list", { name: "Members" });
  }

  /** The member-list row of one alias (exact alias, not a prefix of a longer one). */
  memberRow(alias: string) {
    return this.memberList()
      .getByRole("listitem")
      .filter({
        has: this.page.locator(".member-alias", { hasText: new RegExp(`^${escapeRegExp(alias)}$`) }),
      });
  }

  /** Lines only this page shows: hints about commands and the server's refusals. */
  hints() {
    return this.messages().locator("li.notice.hint");
  }

  /** Waits for an ended screen with this heading and a line naming who caused it. */
  async expectEnded(heading: string, detail?: string | RegExp): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    if (detail !== undefined) await expect(this.page.locator("main")).toContainText(detail);
  }

  async backToStart(): Promise<void> {
    await this.page.getByRole("button", { name: "Back to start" }).click();
    await expect(this.joinForm()).toBeVisible();
  }

  /**
   * Starts recording every piece of text that is ever added to the page, so a test can
   * show that something never appeared, not merely that it is not there now.
   */
  async recordText(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __seenText?: string[] };
      const seen: string[] = [document.body.textContent ?? ""];
      w.__seenText = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const node of r.addedNodes) seen.push(node.textContent ?? "");
          if (r.type === "characterData") seen.push(r.target.textContent ?? "");
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }

  /** All text recorded since `recordText`, joined. */
  async recordedText(): Promise<string> {
    return this.page.evaluate(() =>
      ((window as unknown as { __seenText?: string[] }).__seenText ?? []).join("\n"),
    );
  }

  /** Everything the browser could have kept about this session, as counts. */
  async storedState() {
    const inPage = await this.page.evaluate(async () => {
      const dbs = typeof indexedDB.databases === "function" ? await indexedDB.databases() : [];
      const caches = "caches" in globalThis ? await globalThis.caches.keys().catch(() => []) : [];
      const workers =
        "serviceWorker" in navigator ? await navigator.serviceWorker.getRegistrations().catch(() => []) : [];
      return {
        localStorage: localStorage.length,
        sessionStorage: sessionStorage.length,
        indexedDB: dbs.length,
        documentCookie: document.cookie.length,
        cacheStorage: caches.length,
        serviceWorkers: workers.length,
      };
    });
    return { ...inPage, cookies: (await this.context.cookies()).length };
  }

  /** The "Reconnecting…" line shown while the seat is being resumed after a blip. */
  connectionBanner() {
    return this.page.getByRole("status").filter({ hasText: "Reconnecting" });
  }

  /** The confirmation dialog (leave, kick, purge). */
  confirmDialog() {
    return this.page.getByRole("dialog");
  }

  /** Cuts (or restores) this person's network, as a phone losing its signal would. */
  async setOffline(offline: boolean): Promise<void> {
    await this.context.setOffline(offline);
  }

  /**
   * Leaves through the header's "Leave room" button, confirms in the dialog that asks
   * first (F28), and waits for the ended screen.
   */
  async leave(): Promise<void> {
    await this.page.getByRole("button", { name: "Leave room" }).click();
    await this.confirmDialog().getByRole("button", { name: "Confirm" }).click();
    await this.expectEnded("You left the room");
  }

  /** On a phone the member list is a drawer: opens it (a no-op where it is a side panel). */
  async openMembers(): Promise<void> {
    const button = this.page.getByRole("button", { name: /^Members \(\d+\)$/ });
    if (!(await button.isVisible())) return;
    if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
    await expect(this.page.getByRole("button", { name: "Close member list" })).toBeFocused();
  }

  /** Opens the invite panel from the header. */
  async openInvite() {
    await this.page.getByRole("button", { name: "Invite", exact: true }).click();
    const dialog = this.page.getByRole("dialog", { name: "Invite someone" });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  /** The fingerprint this page shows for `alias`'s whisper key (opens the row's "Key"). */
  async memberFingerprint(alias: string): Promise<string> {
    await this.openMembers();
    const row = this.memberRow(alias);
    const toggle = row.getByRole("button", { name: `Key of ${alias}` });
    if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
    const code = row.getByTestId("member-fingerprint");
    await expect(code).toBeVisible();
    return ((await code.textContent()) ?? "").trim();
  }

  /** This member's own key fingerprint, as the member panel shows it ("Your key"). */
  async yourFingerprint(): Promise<string> {
    await this.openMembers();
    return ((await this.page.getByTestId("your-fingerprint").textContent()) ?? "").trim();
  }

  /** The room key fingerprint, as the member panel shows it. */
  async roomFingerprint(): Promise<string> {
    await this.openMembers();
    return ((await this.page.getByTestId("room-fingerprint").textContent()) ?? "").trim();
  }

  /** On phones the two forms may sit behind tabs; click the tab when there is one. */
  private async showForm(name: "Create a room" | "Join a room"): Promise<void> {
    const form = this.page.getByRole("form", { name });
    if (await form.isVisible()) return;
    await this.page.getByRole("button", { name }).click();
    await expect(form).toBeVisible();
  }
}

export const NO_STORAGE = {
  localStorage: 0,
  sessionStorage: 0,
  indexedDB: 0,
  documentCookie: 0,
  cacheStorage: 0,
  serviceWorkers: 0,
  cookies: 0,
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
