import { RENDER_LIMITS } from "./renderLimits";
import {
  ATTRIBUTES_BY_TAG,
  FORMAT_TAGS,
  plainTextHtml,
  type SafeHtml,
  sanitizeWithinLimits,
} from "./sanitize";

/**
 * How a typed message becomes what is shown: the text is HTML, but only where it reads
 * exactly like one of the formatting tags a person can use.
 *
 * - A `<` is markup when it begins a complete opening or closing tag of an allowed
 *   element that carries no attribute the element would not keep: `<b>`, `</b>`,
 *   `<br/>`, `<a href="https://…">`, `<img src="data:…" alt="…">`.
 * - Every other `<` is text and shows as typed: "a < b", "x<y and y>z", "a<b && b>c",
 *   "<3", tags of elements that are not allowed ("<script>alert(1)</script>",
 *   "<svg onload=…>") and allowed tags with other attributes ("<b class=x>",
 *   "<img src=x onerror=…>") read as the characters someone typed, never as elements.
 *   So what you type is either shown formatted as you wrote it, or shown as text.
 * - `>` is always text. `&` keeps its HTML meaning (`&lt;` shows "<"); a lone "&" is "&".
 * - Line breaks typed with Shift+Enter show as line breaks (the log uses pre-wrap).
 *
 * The result then goes through `sanitizeHtml`, which alone decides what is safe (it
 * still drops an unsafe `href` or `src`): this step only turns more `<` into text, it
 * never lets anything through.
 *
 * A message that asks for more than `RENDER_LIMITS` (nesting, elements, table cells)
 * is shown as the plain text that was typed, under a note saying why, so no message can
 * freeze a reader's tab. More opening tags than the element limit is known before any
 * parsing; the rest is counted while the sanitizer walks the parsed message.
 *
 * @example
 * renderMessageHtml("x<y and <b>y>z</b>") // → "x&lt;y and <b>y&gt;z</b>"
 */
export function renderMessageHtml(text: string): SafeHtml {
  const { html, openingTags } = markTyped(text);
  if (openingTags > RENDER_LIMITS.elements) return plainTextHtml(text, "elements");
  const clean = sanitizeWithinLimits(html);
  return typeof clean === "string" ? clean : plainTextHtml(text, clean.tooHeavy);
}

// Quoted values may not hold "<", so each attempt stops at the next "<" and the whole
// scan stays linear however the text is built.
const VALUE = `(?:\\s*=\\s*(?:"[^"<]*"|'[^'<]*'|[^\\s"'<>=\`]+))?`;
const longestFirst = (names: readonly string[]) => [...names].sort((a, b) => b.length - a.length).join("|");
const OPENING = FORMAT_TAGS.map((tag) => {
  const kept = ATTRIBUTES_BY_TAG[tag];
  return kept ? `${tag}(?:\\s+(?:${longestFirst(kept)})${VALUE})*` : tag;
});
const FORMAT_TAG = new RegExp(
  `<(?:(?:${longestFirst(OPENING)})\\s*/?|/(?:${longestFirst(FORMAT_TAGS)})\\s*)>`,
  "iy",
);

/**
 * Escapes every `<` that does not begin a complete tag of an allowed element, so the
 * HTML parser sees it as text. Exported for tests.
 */
export function markTypedText(text: string): string {
  return markTyped(text).html;
}

/** `markTypedText`, also counting the opening tags it kept (the most elements it can ask for). */
function markTyped(text: string): { html: string; openingTags: number } {
  let openingTags = 0;
  let out = "";
  let from = 0;
  let at = text.indexOf("<");
  while (at !== -1) {
    FORMAT_TAG.lastIndex = at;
    const tag = FORMAT_TAG.exec(text);
    if (tag) {
      out += text.slice(from, at) + tag[0];
      if (tag[0][1] !== "/") openingTags += 1;
      from = at + tag[0].length;
    } else {
      out += `${text.slice(from, at)}&lt;`;
      from = at + 1;
    }
    at = text.indexOf("<", from);
  }
  return { html: out + text.slice(from), openingTags };
}
