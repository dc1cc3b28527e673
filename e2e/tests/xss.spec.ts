import type { BrowserContext, Page } from "@playwright/test";
import type { ChatUser } from "../support/chatUser";
import { expect, test } from "../support/fixtures";
import { PageGuard } from "../support/pageGuard";
import { REVERSE_VECTORS, XSS_VECTORS, type XssVector } from "../support/xssVectors";

const PASSWORD = "correct horse battery staple";
/** A valid 1×1 PNG. */
const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

/**
 * The server allows a socket 10 events a second over a 10-second window, and a message
 * costs about three (typing on, the message, typing off): one message every 400 ms
 * stays well inside that.
 */
const SEND_INTERVAL_MS = 400;

/**
 * What message HTML may contain once rendered, written out from the allowlist on
 * purpose rather than imported from apps/web/src/formatting/sanitize.ts: a wrong entry in
 * the implementation's list must make this test fail, not agree with it.
 */
const ALLOWED_TAGS = [
  "b",
  "i",
  "u",
  "s",
  "em",
  "strong",
  "mark",
  "small",
  "sub",
  "sup",
  "code",
  "pre",
  "kbd",
  "blockquote",
  "p",
  "br",
  "hr",
  "ul",
  "ol",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "span",
  "a",
  "img",
  "details",
  "summary",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
  "caption",
];

interface Marked {
  marker: string;
  text: string;
}

/** Gives every payload its own marker word, e.g. "xa007q" for the 8th sent by alice. */
function marked(vectors: readonly XssVector[], who: string): Marked[] {
  return vectors.map((vector, i) => {
    const marker = `x${who}${String(i).padStart(3, "0")}q`;
    return { marker, text: vector.html.replaceAll("MARK", marker) };
  });
}

/** Sends each payload through the composer, paced for the rate limit, waiting for its echo. */
async function sendAll(user: ChatUser, messages: readonly Marked[]): Promise<void> {
  for (const { marker, text } of messages) {
    const started = Date.now();
    await user.send(text);
    await expect(user.messages().locator("li.mine", { hasText: marker })).toHaveCount(1);
    const left = SEND_INTERVAL_MS - (Date.now() - started);
    if (left > 0) await user.page.waitForTimeout(left);
  }
}

/** Every marker is visible text in this person's log. */
async function expectAllShown(user: ChatUser, messages: readonly Marked[]): Promise<void> {
  await expect
    .poll(async () => {
      // innerText, not textContent: the test is about what a person can see.
      const shown = await user.messages().innerText();
      return messages.filter((m) => !shown.includes(m.marker)).map((m) => m.text);
    })
    .toEqual([]);
}

/**
 * Everything in the rendered messages that the allowlist does not allow: other
 * elements (or SVG/MathML namespaces), any attribute but a safe link's href (with
 * forced target and rel) or an inline image's src and alt.
 */
async function offendingMarkup(page: Page, allowed: readonly string[]): Promise<string[]> {
  return page.evaluate((allowedTags) => {
    const tags = new Set(allowedTags);
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll('[role="log"] .message-text *'))) {
      const tag = el.localName;
      if (!tags.has(tag) || el.namespaceURI !== "http://www.w3.org/1999/xhtml") bad.push(`<${tag}>`);
      // The app's own note above a message shown as plain text (render limits).
      const note =
        tag === "p" &&
        el === el.parentElement?.firstElementChild &&
        el.parentElement?.matches(".message-text");
      for (const { name, value } of Array.from(el.attributes)) {
        const ok =
          (note && name === "class" && value === "render-note") ||
          (tag === "a" &&
            ((name === "href" && /^(?:https?:|mailto:)/i.test(value)) ||
              (name === "target" && value === "_blank") ||
              (name === "rel" && value === "noopener noreferrer"))) ||
          (tag === "img" &&
            (name === "alt" ||
              (name === "src" && /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/.test(value))));
        if (!ok) bad.push(`<${tag} ${name}="${value}">`);
      }
      if (
        tag === "a" &&
        (el.getAttribute("target") !== "_blank" || el.getAttribute("rel") !== "noopener noreferrer")
      ) {
        bad.push("<a> without target/rel");
      }
    }
    return bad;
  }, allowed);
}

/** Moves the pointer over every message, for any mouseover handler that slipped through. */
async function hoverAll(user: ChatUser): Promise<void> {
  const items = user.messages().locator("li.message .message-text");
  const count = await items.count();
  for (let i = 0; i < count; i++)
    await items
      .nth(i)
      .hover({ timeout: 2_000 })
      .catch(() => {});
}

test("XSS payloads between Chromium and Firefox run nothing, load nothing and still read", async ({
  people,
  otherBrowser,
  baseURL,
  uniq,
}) => {
  test.setTimeout(300_000);
  const base = baseURL as string;
  const guards: PageGuard[] = [];
  const installGuard = async (context: BrowserContext) => {
    guards.push(await PageGuard.guard(context, base));
  };
  const alice = await people.open(`alice${uniq}`, { setup: installGuard });
  const bob = await people.open(`bob${uniq}`, { browser: otherBrowser, setup: installGuard });

  const roomId = await alice.createRoom(PASSWORD);
  await bob.joinRoom(roomId, PASSWORD);
  await alice.expectMember(bob.alias);

  // First what formatting is for: it must render, an inline image included (the CSP's
  // img-src allows data:), before showing that attacks do not.
  await alice.send(
    `<b>bold</b> <ul><li>one</li></ul><blockquote>quoted</blockquote><a href="https://example.org/">site</a> a < b <img src="${PIXEL}" alt="pixel">`,
  );
  for (const user of [alice, bob]) {
    const last = user.messages().locator("li.message").last();
    await expect(last.locator("b")).toHaveText("bold");
    await expect(last.locator("ul li")).toHaveText("one");
    await expect(last.locator("blockquote")).toHaveText("quoted");
    await expect(last.getByRole("link", { name: "site" })).toHaveAttribute("target", "_blank");
    await expect(last).toContainText("a < b");
    await expect
      .poll(() => last.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(1);
  }

  expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(60);
  const forward = marked(XSS_VECTORS, "a");
  await sendAll(alice, forward);
  await expectAllShown(bob, forward);
  await expectAllShown(alice, forward);

  const back = marked(REVERSE_VECTORS, "b");
  await sendAll(bob, back);
  await expectAllShown(alice, back);

  // Remote images became links to their address, in both browsers' rendering.
  for (const user of [alice, bob]) {
    await expect(
      user.messages().getByRole("link", { name: "image: http://evil.example/pixel.png" }),
    ).toHaveCount(1);
  }

  for (const user of [alice, bob]) await hoverAll(user);
  // Time for anything delayed (a refresh, an animation event, a lazy load) to happen.
  await alice.page.waitForTimeout(1_500);

  for (const user of [alice, bob]) {
    expect(await offendingMarkup(user.page, ALLOWED_TAGS), `markup in ${user.alias}'s log`).toEqual([]);
    // Still on the page and in the room: no refresh, no form post, no navigation.
    await user.expectInRoom();
    expect(new URL(user.page.url()).origin).toBe(new URL(base).origin);
  }
  for (const [i, user] of [alice, bob].entries()) {
    const guard = guards[i] as PageGuard;
    expect(guard.dialogs, `dialogs in ${user.alias}'s browser`).toEqual([]);
    expect(await guard.flagSet(user.page), `window.__xss in ${user.alias}'s page`).toBe(false);
    expect(guard.foreignRequests, `requests to other origins from ${user.alias}'s page`).toEqual([]);
    expect(await guard.cspEvents(user.page), `CSP violations in ${user.alias}'s page`).toEqual([]);
    expect(guard.cspConsole, `CSP reports in ${user.alias}'s console`).toEqual([]);
  }
});

test("the guards see script, foreign requests and CSP violations when they happen", async ({
  people,
  baseURL,
  uniq,
}) => {
  // A negative control: without it, the clean results above could mean a deaf guard.
  const base = baseURL as string;
  let guard: PageGuard | undefined;
  const user = await people.open(`control${uniq}`, {
    setup: async (context) => {
      guard = await PageGuard.guard(context, base);
    },
  });
  const seen = guard as PageGuard;
  await user.page.evaluate(() => {
    (window as unknown as { __xss: number }).__xss = 1;
    alert("control");
    const img = document.createElement("img");
    img.src = "http://evil.example/control.png";
    document.body.append(img);
    window.open("http://evil.example/control", "_blank");
  });
  await expect.poll(() => seen.foreignRequests).toContain("http://evil.example/control");
  await expect
    .poll(() => seen.cspEvents(user.page))
    .toContainEqual(expect.stringContaining("img-src blocked"));
  expect(seen.dialogs).toEqual(["alert: control"]);
  expect(await seen.flagSet(user.page)).toBe(true);
});
