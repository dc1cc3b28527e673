import { ATTRIBUTES_BY_TAG, FORMAT_TAGS } from "./sanitize";

/**
 * Which `<` in a message are markup (F13, F37). Messages are Markdown (markdown.ts), and
 * HTML inside them is read the way typed text always was: only where it reads exactly
 * like one of the formatting tags a person can use.
 *
 * - A `<` is markup when it begins a complete opening or closing tag of an allowed
 *   element that carries no attribute the element would not keep: `<b>`, `</b>`,
 *   `<br/>`, `<a href="https://…">`, `<img src="data:…" alt="…">`.
 * - Every other `<` is text and shows as typed: "a < b", "<3", tags of elements that
 *   are not allowed ("<script>alert(1)</script>", "<svg onload=…>") and allowed tags
 *   with other attributes ("<b class=x>", "<img src=x onerror=…>") read as the
 *   characters someone typed, never as elements.
 *
 * The result still goes through `sanitizeHtml`, which alone decides what is safe: this
 * step only turns more `<` into text, it never lets anything through.
 *
 * @example
 * markTypedText("x<y and <b>y</b>") // → "x&lt;y and <b>y</b>"
 */
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
 * HTML parser sees it as text.
 */
export function markTypedText(text: string): string {
  return markTyped(text).html;
}

/** Whether `tag` is exactly one allowed formatting tag (and nothing more). */
export function isFormatTag(tag: string): boolean {
  FORMAT_TAG.lastIndex = 0;
  const match = FORMAT_TAG.exec(tag);
  return match !== null && match[0].length === tag.length;
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
