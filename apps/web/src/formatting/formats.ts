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
