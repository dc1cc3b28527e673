/** The toolbar's formats, in button order. */
export type FormatName =
  | "bold"
  | "italic"
  | "underline"
  | "strike"
  | "code"
  | "codeBlock"
  | "quote"
  | "list"
  | "link";

export interface FormatSpec {
  name: FormatName;
  /** The button's accessible name. */
  label: string;
  /** What the button shows (a letter or symbol; the label is what is announced). */
  glyph: string;
  /** The shortcut with Ctrl (⌘ on Apple): a letter, with Shift when `shift` is set. */
  key: string;
  shift: boolean;
}

/**
 * Shortcuts avoid the ones browsers keep for themselves (Ctrl+Shift+C opens the
 * inspector, Ctrl+Shift+I too); Ctrl+B, I and U are the ones everyone knows, the
 * rest follow common chat apps.
 */
export const FORMATS: readonly FormatSpec[] = [
  { name: "bold", label: "Bold", glyph: "B", key: "b", shift: false },
  { name: "italic", label: "Italic", glyph: "I", key: "i", shift: false },
  { name: "underline", label: "Underline", glyph: "U", key: "u", shift: false },
  { name: "strike", label: "Strikethrough", glyph: "S", key: "x", shift: true },
  { name: "code", label: "Code", glyph: "</>", key: "e", shift: false },
  { name: "codeBlock", label: "Code block", glyph: "{ }", key: "e", shift: true },
  { name: "quote", label: "Quote", glyph: "“ ”", key: "9", shift: true },
  { name: "list", label: "List", glyph: "•—", key: "8", shift: true },
  { name: "link", label: "Link", glyph: "↗", key: "k", shift: false },
];

/** "Ctrl+Shift+X", or "⌘⇧X" on Apple keyboards, for button titles. */
export function shortcutText(spec: FormatSpec, apple: boolean): string {
  const key = spec.key.toUpperCase();
  if (apple) return `⌘${spec.shift ? "⇧" : ""}${key}`;
  return `Ctrl+${spec.shift ? "Shift+" : ""}${key}`;
}

interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The format a key press asks for, if any. Digits are matched by physical key
 * (`Digit9`), since Shift changes the character they type; letters by character, so
 * Ctrl+B is bold on any keyboard layout.
 */
export function formatForKey(event: KeyLike, apple: boolean): FormatName | null {
  const mod = apple ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!mod || event.altKey) return null;
  for (const spec of FORMATS) {
    if (spec.shift !== event.shiftKey) continue;
    const hit = /\d/.test(spec.key)
      ? event.code === `Digit${spec.key}`
      : event.key.toLowerCase() === spec.key;
    if (hit) return spec.name;
  }
  return null;
}

/** A textarea selection: [start, end) in UTF-16 code units, as the DOM gives it. */
export interface Selection {
  start: number;
  end: number;
}

export interface Formatted {
  text: string;
  /** What to select afterwards: the wrapped text, or where to type. */
  selection: Selection;
}

const INLINE_TAGS: Partial<Record<FormatName, string>> = {
  bold: "b",
  italic: "i",
  underline: "u",
  strike: "s",
  code: "code",
  quote: "blockquote",
};

/**
 * Wraps the selected part of `text` in the format's tags and says what to select next,
 * so pressing Ctrl+B twice in a row does not lose the words in between.
 *
 * @example
 * applyFormat("say hi", { start: 4, end: 6 }, "bold")
 * // → { text: "say <b>hi</b>", selection: { start: 7, end: 9 } }
 * applyFormat("see ", { start: 4, end: 4 }, "link")
 * // → { text: 'see <a href="https://"></a>', selection: { start: 13, end: 21 } } (the URL)
 */
export function applyFormat(text: string, selection: Selection, format: FormatName): Formatted {
  const start = Math.max(0, Math.min(selection.start, selection.end, text.length));
  const end = Math.min(text.length, Math.max(selection.start, selection.end));
  const before = text.slice(0, start);
  const picked = text.slice(start, end);
  const after = text.slice(end);
  const around = (open: string, inner: string, close: string, select?: Selection): Formatted => ({
    text: before + open + inner + close + after,
    selection: select ?? { start: start + open.length, end: start + open.length + inner.length },
  });

  const tag = INLINE_TAGS[format];
  if (tag) return around(`<${tag}>`, picked, `</${tag}>`);
  switch (format) {
    case "codeBlock":
      return around("<pre><code>", picked, "</code></pre>");
    case "list": {
      // One item per selected line; no newlines between the tags, which would show as
      // blank lines in the log (it keeps typed line breaks).
      const items = picked === "" ? [""] : picked.split("\n").filter((line) => line.trim() !== "");
      const open = "<ul><li>";
      const inner = items.join("</li><li>");
      return around(open, inner, "</li></ul>");
    }
    case "link": {
      const url = picked.trim();
      if (/^(?:https?:\/\/|mailto:)\S+$/i.test(url)) {
        const open = `<a href="${url.replace(/"/g, "%22")}">`;
        return around(open, picked, "</a>");
      }
      // Select the placeholder address so the next keystrokes replace it.
      const open = '<a href="https://">';
      const hrefStart = start + '<a href="'.length;
      return around(open, picked, "</a>", { start: hrefStart, end: hrefStart + "https://".length });
    }
    default:
      return { text, selection: { start, end } };
  }
}
