import DOMPurify, { type Config } from "dompurify";
import { RenderBudget, type TooHeavy, tooHeavyNote } from "./renderLimits";

/**
 * The one place message HTML is cleaned (F13). Everything a member sends is hostile
 * until this module has been through it; its output is the only HTML the page inserts.
 *
 * The rules, all enforced here with DOMPurify and its hooks:
 * - Elements: formatting, lists, headings, quotes, code, links, tables, details and
 *   images (`FORMAT_TAGS`). Anything else is removed; the text inside it stays unless
 *   it is script-like (script, style, template, svg, math, iframe, … lose their content).
 * - Attributes: `href` on `a`, `src` and `alt` on `img`, nothing else anywhere — no
 *   `style` (the CSP forbids inline style, and it can load `url()`s), no `class`/`id`
 *   (they could borrow the page's own styles or clobber globals), no event handlers.
 * - Links: `http:`, `https:` or `mailto:` only, and always `target="_blank"` with
 *   `rel="noopener noreferrer"`, so a click never replaces (and so ends) the session
 *   and the new page gets neither a handle on this one nor a referrer.
 * - Images: only `data:image/(png|jpeg|gif|webp);base64,…` sources, which load nothing.
 *   An image with an `http(s)` source becomes a link reading "image: <url>": fetching it
 *   would tell a third party the reader's address and when they read the message.
 *   An image with any other source is dropped (its `alt` text stays).
 *
 * - Size: more than `RENDER_LIMITS` (renderLimits.ts) of nesting, elements or table
 *   cells and the whole input is shown as plain text with a note (`plainTextHtml`).
 *
 * @example
 * sanitizeHtml('<b onclick="x()">hi</b><img src="https://evil.example/p.png">')
 * // → '<b>hi</b><a href="https://evil.example/p.png" target="_blank" rel="noopener noreferrer">image: https://evil.example/p.png</a>'
 */
export function sanitizeHtml(dirty: string): SafeHtml {
  const clean = sanitizeWithinLimits(dirty);
  return typeof clean === "string" ? clean : plainTextHtml(dirty, clean.tooHeavy);
}

/**
 * `sanitizeHtml`, except that over a render limit it stops at once and says which,
 * so the caller can show what the person typed instead.
 */
export function sanitizeWithinLimits(dirty: string): SafeHtml | { tooHeavy: TooHeavy } {
  budget = new RenderBudget();
  try {
    return purifier().sanitize(dirty, CONFIG) as SafeHtml;
  } catch (error) {
    if (error instanceof OverBudget) return { tooHeavy: error.reason };
    throw error;
  } finally {
    budget = null;
  }
}

/**
 * `text` as plain text (every character shown as typed) under a note saying why. The
 * note is the one element with a class: the sanitizer strips classes from everything a
 * member sends, so no message can forge it.
 */
export function plainTextHtml(text: string, reason: TooHeavy): SafeHtml {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  // Still through DOMPurify, like every HTML the page inserts: only the note's own
  // `class` is let through here, and the member's text is escaped to plain text above.
  noting = true;
  try {
    return purifier().sanitize(
      `<p class="render-note">${tooHeavyNote(reason)}</p>${escaped}`,
      NOTE_CONFIG,
    ) as SafeHtml;
  } finally {
    noting = false;
  }
}

/** Set while `plainTextHtml` sanitises the page's own note, whose `class` may stay. */
let noting = false;

/** Thrown from the element hook to stop DOMPurify's walk as soon as a limit is passed. */
class OverBudget extends Error {
  constructor(readonly reason: TooHeavy) {
    super(reason);
  }
}

/** The budget of the message being sanitised (sanitising is synchronous). */
let budget: RenderBudget | null = null;

/**
 * HTML that came out of `sanitizeHtml`. The brand keeps anything else out of the one
 * component that inserts HTML (`RichText`): a plain string does not type-check there.
 */
export type SafeHtml = string & { readonly __safeHtml: true };

/** The elements a message may contain, as DOMPurify's allowlist. */
export const FORMAT_TAGS: readonly string[] = [
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

/** Which attributes each element keeps; an element not listed keeps none. */
export const ATTRIBUTES_BY_TAG: Readonly<Record<string, readonly string[]>> = {
  a: ["href"],
  img: ["src", "alt"],
};

/** Link targets a reader can follow; relative URLs are refused too (they mean nothing here). */
const SAFE_LINK = /^(?:https?:|mailto:)/i;

/** The only image sources allowed: inline raster data, nothing to fetch, no SVG. */
export const SAFE_IMAGE_SRC = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;

const REMOTE_URL = /^https?:\/\//i;

const CONFIG: Config = {
  ALLOWED_TAGS: [...FORMAT_TAGS],
  ALLOWED_ATTR: ["href", "src", "alt"],
  ALLOWED_URI_REGEXP: SAFE_LINK,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
};

/** The note's configuration: the allowlist plus `class` (kept only on the note, below). */
const NOTE_CONFIG: Config = { ...CONFIG, ALLOWED_ATTR: ["href", "src", "alt", "class"] };

let instance: ReturnType<typeof DOMPurify> | null = null;

/**
 * A DOMPurify instance of our own (created on first use, when a window exists), so
 * its hooks never affect anyone else's use of the library.
 */
function purifier(): ReturnType<typeof DOMPurify> {
  if (instance) return instance;
  const p = DOMPurify(window);
  if (!p.isSupported) throw new Error("DOMPurify is not supported in this browser");
  p.addHook("uponSanitizeElement", (node) => {
    // The walk starts at the parse's <body>, which is not part of the message.
    const over = node.nodeType === 1 && node.nodeName !== "BODY" ? budget?.spend(node as Element) : null;
    if (over) throw new OverBudget(over);
    if (node.nodeType === 1 && node.nodeName.toLowerCase() === "img") replaceUnsafeImage(node as Element);
  });
  p.addHook("uponSanitizeAttribute", (node, data) => {
    const tag = node.nodeName.toLowerCase();
    if (noting && tag === "p" && data.attrName === "class" && data.attrValue === "render-note") return;
    if (!ATTRIBUTES_BY_TAG[tag]?.includes(data.attrName)) {
      data.keepAttr = false;
      return;
    }
    const value = data.attrValue.trim();
    if (tag === "img" && data.attrName === "src" && !SAFE_IMAGE_SRC.test(value)) data.keepAttr = false;
    if (tag === "a" && data.attrName === "href" && !SAFE_LINK.test(value.replace(/\s+/g, ""))) {
      data.keepAttr = false;
    }
  });
  p.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName.toLowerCase() !== "a") return;
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  });
  instance = p;
  return p;
}

/**
 * Runs before DOMPurify looks at an `<img>`: one with an inline raster source is left
 * for the attribute rules; a remote one becomes a link to its URL; any other is
 * replaced by its alt text (or nothing). The parsed document is inert, so nothing was
 * fetched while parsing; replacing the node here means nothing ever will be.
 */
function replaceUnsafeImage(img: Element): void {
  const src = (img.getAttribute("src") ?? "").trim();
  if (SAFE_IMAGE_SRC.test(src)) return;
  const doc = img.ownerDocument;
  if (REMOTE_URL.test(src)) {
    const link = doc.createElement("a");
    link.setAttribute("href", src);
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener noreferrer");
    link.textContent = `image: ${src}`;
    img.replaceWith(link);
    return;
  }
  const alt = (img.getAttribute("alt") ?? "").trim();
  if (alt) img.replaceWith(doc.createTextNode(alt));
  else img.remove();
}
