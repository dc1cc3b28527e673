import { TEXT_MAX_BYTES } from "@sanctuary/protocol";

/**
 * The heaviest messages a member may legally send (F13's formatting within the text
 * budget), each built to cost a receiving tab as much style, layout or parsing work
 * as 16 KiB allows. `MARK` is replaced by a word the test looks for, of at most
 * `MARK_MAX_CHARS` characters.
 */
export interface HeavyMessage {
  name: string;
  text: string;
}

/** Bytes of a body as the SDK encrypts it, the way the composer counts them. */
function bodyBytes(text: string): number {
  return new TextEncoder().encode(JSON.stringify({ text })).length;
}

export const MARK_MAX_CHARS = 24;

/** `head + unit × n + tail` with the largest n that stays within TEXT_MAX_BYTES once MARK is replaced. */
function fill(head: string, unit: string, tail: string): string {
  const unitBytes = bodyBytes(unit) - bodyBytes("");
  const budget = TEXT_MAX_BYTES - (MARK_MAX_CHARS - "MARK".length);
  let count = Math.floor((budget - bodyBytes(head + tail)) / unitBytes) + 1;
  while (bodyBytes(head + unit.repeat(count) + tail) > budget) count--;
  return head + unit.repeat(count) + tail;
}

/** Formatting elements the parser re-opens in every new block (the "adoption agency"). */
const FORMATTING = ["b", "i", "u", "s", "em", "strong", "small", "code", "mark", "sub", "sup", "kbd"];

/** Each is as large as the composer lets a message be. */
export const HEAVY_MESSAGES: readonly HeavyMessage[] = [
  { name: "nested b", text: fill("MARK ", "<b>", "x") },
  { name: "nested lists", text: fill("MARK ", "<ul><li>", "x") },
  { name: "nested blockquotes", text: fill("MARK ", "<blockquote>", "x") },
  { name: "nested tables", text: fill("MARK ", "<table><tr><td>", "x") },
  { name: "huge table", text: fill("MARK <table><tr>", "<td>", "") },
  { name: "table of rows", text: fill("MARK <table>", "<tr><td>", "") },
  { name: "many paragraphs", text: fill("MARK ", "<p>", "") },
  { name: "many small elements", text: fill("MARK ", "<b>x</b>", "") },
  { name: "long unbroken text", text: fill("MARK ", "x", "") },
  {
    // Twelve formatting elements three deep, which the parser clones into each paragraph.
    name: "reopened formatting",
    text: fill(`MARK ${FORMATTING.map((t) => `<${t}>`.repeat(3)).join("")}`, "<p>x", ""),
  },
  {
    name: "a mix",
    text: fill(
      "MARK ",
      "<ul><li><b><i>a</i></b><table><tr><td>b</td><td><code>c</code></td></tr></table><blockquote><sub>d",
      "",
    ),
  },
];

/** `count` copies of `unit`, after MARK. */
const times = (unit: string, count: number) => `MARK ${unit.repeat(count)}`;

/**
 * Messages right at RENDER_LIMITS (apps/web/src/formatting/renderLimits.ts): they are
 * still formatted, so what they cost is what the limits let a message cost. `elements`
 * and `cells` are what the receiver's message must hold.
 */
export const AT_LIMIT_MESSAGES: readonly (HeavyMessage & { elements: number; cells: number })[] = [
  {
    // 31 lists eight levels deep: 496 elements, each branch 16 deep.
    name: "deep and many (16 deep, 496 elements)",
    text: times(`${"<ul><li>".repeat(8)}x${"</li></ul>".repeat(8)}`, 31),
    elements: 496,
    cells: 0,
  },
  {
    // A 25 × 10 table with a word in each cell: 250 cells, 277 elements (with the tbody).
    name: "table (250 cells)",
    text: `MARK <table>${`<tr>${"<td>word</td>".repeat(10)}</tr>`.repeat(25)}</table>`,
    elements: 277,
    cells: 250,
  },
  {
    name: "many elements (500 b)",
    text: times("<b>x</b>", 500),
    elements: 500,
    cells: 0,
  },
];
