import type { FormatName } from "./formats";

/**
 * The composer's text editing as pure functions (F38): each takes the text and its
 * selection and returns the new text and selection, so the toolbar, the shortcuts and
 * the tests all run the same code. Formats write Markdown (markdown.ts renders it).
 *
 * - Bold, italic, strike and code wrap the selection in their markers, or take them off
 *   when they are already there: around the selection, inside it, or (with only a
 *   caret) just after it, where the format ends and the caret steps out. Nothing is
 *   ever wrapped twice.
 * - Quote and list add their prefix to every selected line, or take it off when every
 *   selected line has it.
 * - A link keeps the selected words as its text: `[words](url)`.
 */
export interface TextState {
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

/** Symmetric markers, one character repeated; `applied` reads the runs on both sides. */
interface RunSpec {
  char: string;
  size: number;
  applied: (left: number, right: number) => boolean;
}

const RUNS: Partial<Record<FormatName, RunSpec>> = {
  bold: { char: "*", size: 2, applied: (l, r) => l >= 2 && r >= 2 },
  // `*` also makes bold: one or three stars on each side mean italic is on.
  italic: { char: "*", size: 1, applied: (l, r) => l % 2 === 1 && r % 2 === 1 },
  strike: { char: "~", size: 2, applied: (l, r) => l >= 2 && r >= 2 },
  code: { char: "`", size: 1, applied: (l, r) => l >= 1 && r >= 1 },
};

/** Formats whose opening and closing markers differ. */
const PAIRS: Partial<Record<FormatName, [string, string]>> = {
  underline: ["<u>", "</u>"],
  codeBlock: ["```\n", "\n```"],
};

const QUOTE = /^> ?/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(\s+)/;

/** Applies a toolbar format (all but the link, which needs its URL: `insertLink`). */
export function applyFormat(state: TextState, format: FormatName): TextState {
  const run = RUNS[format];
  if (run) return toggleRun(state, run);
  const pair = PAIRS[format];
  if (pair) return togglePair(state, pair[0], pair[1]);
  if (format === "quote") return toggleLines(state, QUOTE, () => "> ");
  if (format === "list") return toggleLines(state, LIST_ITEM, () => "- ");
  return state;
}

function ordered(state: TextState): { s: number; e: number } {
  const s = clamp(Math.min(state.selectionStart, state.selectionEnd), state.text.length);
  const e = clamp(Math.max(state.selectionStart, state.selectionEnd), state.text.length);
  return { s, e };
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(n, max));
}

function runBefore(text: string, at: number, char: string, floor = 0): number {
  let n = 0;
  while (at - n - 1 >= floor && text[at - n - 1] === char) n += 1;
  return n;
}

function runAfter(text: string, at: number, char: string, ceiling = text.length): number {
  let n = 0;
  while (at + n < ceiling && text[at + n] === char) n += 1;
  return n;
}

function state(text: string, selectionStart: number, selectionEnd = selectionStart): TextState {
  return { text, selectionStart, selectionEnd };
}

function toggleRun(current: TextState, spec: RunSpec): TextState {
  const { text } = current;
  const { s, e } = ordered(current);
  const { char, size } = spec;
  const marker = char.repeat(size);
  // The words themselves: markers and spaces at the edges of the selection are not
  // part of them (Markdown does not close `**word **`).
  const innerLeft = runAfter(text, s, char, e);
  const innerRight = e - s > innerLeft ? runBefore(text, e, char, s + innerLeft) : 0;
  let from = s + innerLeft;
  let to = e - innerRight;
  while (from < to && /\s/.test(text[from] ?? "")) from += 1;
  while (to > from && /\s/.test(text[to - 1] ?? "")) to -= 1;
  const left = runBefore(text, from, char);
  const right = runAfter(text, to, char);
  if (spec.applied(left, right)) {
    const next = text.slice(0, from - size) + text.slice(from, to) + text.slice(to + size);
    return state(next, from - size, to - size);
  }
  if (from === to && right >= size && spec.applied(openRunsBefore(text, from, char), right)) {
    // The caret at the end of formatted words: step out of the format.
    return state(text, to + size);
  }
  const around = from === to ? enclosingRuns(text, from, spec) : null;
  if (around) {
    // The caret inside formatted words: the format comes off all of them.
    const [open, close] = around;
    const next = text.slice(0, open - size) + text.slice(open, close) + text.slice(close + size);
    return state(next, from - size);
  }
  const next = text.slice(0, from) + marker + text.slice(from, to) + marker + text.slice(to);
  return state(next, from + size, to + size);
}

/**
 * Where the formatted words around a caret start and end (just inside the marker runs),
 * when the caret's line has an open format before it and its closing run after it.
 */
function enclosingRuns(text: string, at: number, spec: RunSpec): [number, number] | null {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const lineEndAt = text.indexOf("\n", at);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  const before = text.slice(lineStart, at);
  const runs = [...before.matchAll(new RegExp(`\\${spec.char}+`, "g"))];
  const last = runs[runs.length - 1];
  if (runs.length % 2 === 0 || !last) return null;
  const open = lineStart + (last.index ?? 0) + last[0].length;
  const close = text.indexOf(spec.char, at);
  if (close === -1 || close >= lineEnd) return null;
  const closeLen = runAfter(text, close, spec.char, lineEnd);
  return spec.applied(last[0].length, closeLen) ? [open, close] : null;
}

/**
 * The size of the last marker run before `at` on its line, when the line has an odd
 * number of runs before `at` (a format is open there); 0 otherwise.
 */
function openRunsBefore(text: string, at: number, char: string): number {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const runs = text.slice(lineStart, at).match(new RegExp(`\\${char}+`, "g")) ?? [];
  return runs.length % 2 === 1 ? (runs[runs.length - 1]?.length ?? 0) : 0;
}

function togglePair(current: TextState, open: string, close: string): TextState {
  const { text } = current;
  const { s, e } = ordered(current);
  const picked = text.slice(s, e);
  if (text.slice(s - open.length, s) === open && text.startsWith(close, e)) {
    const next = text.slice(0, s - open.length) + picked + text.slice(e + close.length);
    return state(next, s - open.length, e - open.length);
  }
  if (picked.length >= open.length + close.length && picked.startsWith(open) && picked.endsWith(close)) {
    const inner = picked.slice(open.length, picked.length - close.length);
    return state(text.slice(0, s) + inner + text.slice(e), s, s + inner.length);
  }
  if (s === e && text.startsWith(close, e) && text.lastIndexOf(open, s) > text.lastIndexOf(close, s - 1)) {
    return state(text, e + close.length);
  }
  const next = text.slice(0, s) + open + picked + close + text.slice(e);
  return state(next, s + open.length, e + open.length);
}

/**
 * Adds `prefix` to each selected line, or takes `present` off each when all of them
 * (blank lines aside) have it.
 */
function toggleLines(current: TextState, present: RegExp, prefix: (index: number) => string): TextState {
  const { text } = current;
  const { s, e } = ordered(current);
  const start = text.lastIndexOf("\n", s - 1) + 1;
  // A selection ending at the start of a line does not take that line.
  const stop = e > s && text[e - 1] === "\n" ? e - 1 : e;
  const endNl = text.indexOf("\n", stop);
  const end = endNl === -1 ? text.length : endNl;
  const lines = text.slice(start, end).split("\n");
  const filled = lines.filter((line) => line.trim() !== "");
  const remove = filled.length > 0 && filled.every((line) => present.test(line));
  let n = 0;
  const changed = lines.map((line) => {
    if (remove) return line.replace(present, "");
    if (line.trim() === "" && lines.length > 1) return line;
    return prefix(n++) + line;
  });
  const block = changed.join("\n");
  const next = text.slice(0, start) + block + text.slice(end);
  if (s === e) {
    const shift =
      changed[0] !== undefined && lines[0] !== undefined ? changed[0].length - lines[0].length : 0;
    return state(next, Math.max(start, s + shift));
  }
  return state(next, start, start + block.length);
}

/**
 * Makes a link to `url` (F38). The selected words stay as the link's text; with no
 * selection the address itself is inserted (bare addresses become links). The caret
 * goes after the link.
 *
 * @example
 * insertLink({ text: "Menu: here", selectionStart: 6, selectionEnd: 10 }, "https://x.org")
 * // → { text: "Menu: [here](https://x.org)", selectionStart: 27, selectionEnd: 27 }
 */
export function insertLink(current: TextState, url: string): TextState {
  const { text } = current;
  const { s, e } = ordered(current);
  const address = url.trim();
  const words = text.slice(s, e).trim();
  const written =
    words === "" || words === address
      ? address
      : `[${words.replace(/([[\]\\])/g, "\\$1")}](${linkDestination(address)})`;
  const next = text.slice(0, s) + written + text.slice(e);
  return state(next, s + written.length);
}

/** A URL as a Markdown link destination: spaces and brackets must not end it early. */
function linkDestination(url: string): string {
  return url.replace(/\s/g, "%20").replace(/\(/g, "%28").replace(/\)/g, "%29").replace(/</g, "%3C");
}

/**
 * Shift+Enter inside a list item (F38): a new item with the next marker ("- ", "3. "),
 * or, on an item with nothing typed yet, the end of the list. Null outside a list: a
 * plain line break then.
 */
export function continueList(current: TextState): TextState | null {
  const { text } = current;
  const { s, e } = ordered(current);
  const lineStart = text.lastIndexOf("\n", s - 1) + 1;
  const lineEndAt = text.indexOf("\n", e);
  const lineEnd = lineEndAt === -1 ? text.length : lineEndAt;
  const line = text.slice(lineStart, lineEnd);
  const item = LIST_ITEM.exec(line);
  if (!item) return null;
  const [whole, indent = "", bullet = "-", gap = " "] = item;
  if (s < lineStart + whole.length) return null;
  if (line.slice(whole.length).trim() === "") {
    // An empty item ends the list: its marker goes, the line stays for plain text.
    const next = text.slice(0, lineStart) + text.slice(lineStart + whole.length);
    return state(next, lineStart);
  }
  const number = /^\d+/.exec(bullet);
  const marker = number ? `${Number(number[0]) + 1}${bullet.slice(number[0].length)}` : bullet;
  const insert = `\n${indent}${marker}${gap}`;
  const next = text.slice(0, s) + insert + text.slice(e);
  return state(next, s + insert.length);
}
