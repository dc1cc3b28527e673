import MarkdownIt, { type MarkdownIt as Parser } from "markdown-it";
import { isFormatTag, markTypedText } from "./messageHtml";
import { RENDER_LIMITS } from "./renderLimits";
import { plainTextHtml, type SafeHtml, sanitizeWithinLimits } from "./sanitize";

/**
 * How a typed message becomes what is shown (F13, F37): Markdown (CommonMark with
 * strikethrough and tables, bare URLs and e-mail addresses as links, a line break where
 * one was typed), rendered by markdown-it, then ALWAYS cleaned by `sanitize.ts` with its
 * allowlist and render limits. HTML formatting tags may be mixed in, as older clients
 * sent them; a `<` that is not one of those tags shows as typed (messageHtml.ts).
 *
 * The sender's preview and every reader's log call this same function, so what the
 * sender sees is what the others see. It is imported by room-screen components only:
 * the home screen never loads the Markdown parser.
 *
 * A message that asks for more than `RENDER_LIMITS` is shown as the plain text that was
 * typed, under a note. Elements are counted on markdown-it's tokens before any HTML is
 * built; nesting and table cells while the sanitizer walks the result.
 *
 * @example
 * renderMessageHtml("**tacos** or <i>pasta</i>")
 * // → "<strong>tacos</strong> or <i>pasta</i>"
 */
export function renderMessageHtml(text: string): SafeHtml {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const html = render(text);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, html);
  return html;
}

/**
 * The newest renders, by text: a message is rendered again when the log re-mounts it
 * (its delivery replaces the "sending" line), and that should cost nothing.
 */
const cache = new Map<string, SafeHtml>();
const CACHE_SIZE = 200;

function render(text: string): SafeHtml {
  const md = parser();
  const env = {};
  const parsed = md.parse(text, env);
  // A message of one paragraph is shown without the <p>, as messages always were: it
  // adds nothing to read and would take one level of the nesting limit.
  const single = parsed.length === 3 && parsed[0]?.type === "paragraph_open";
  const tokens = single ? parsed.slice(1, 2) : parsed;
  if (elementCount(tokens) > RENDER_LIMITS.elements) return plainTextHtml(text, "elements");
  // markdown-it ends each block with a newline; the last one is not part of the message.
  const clean = sanitizeWithinLimits(md.renderer.render(tokens, md.options, env).replace(/\n$/, ""));
  return typeof clean === "string" ? clean : plainTextHtml(text, clean.tooHeavy);
}

type Tokens = ReturnType<Parser["parse"]>;

/** Elements the tokens will build, at least: openings, and opening HTML tags. */
function elementCount(tokens: Tokens): number {
  let n = 0;
  for (const token of tokens) {
    if (token.nesting === 1 || (token.type === "html_inline" && token.content[1] !== "/")) n += 1;
    if (token.children) n += elementCount(token.children);
  }
  return n;
}

let instance: Parser | null = null;

/** The one configured parser, built on first use. */
function parser(): Parser {
  if (instance) return instance;
  const md = MarkdownIt("default", {
    html: true,
    linkify: true,
    breaks: true,
    typographer: false,
    // Far above the render limit's depth, low enough that `>` × 5000 stops early.
    maxNesting: 40,
  });
  // Raw HTML the way typed text has always been read: allowed tags are markup, every
  // other `<` is text. DOMPurify decides what is safe afterwards either way.
  md.renderer.rules.html_inline = (tokens, i) => {
    const tag = tokens[i]?.content ?? "";
    return isFormatTag(tag) ? tag : md.utils.escapeHtml(tag);
  };
  md.renderer.rules.html_block = (tokens, i) => markTypedText(tokens[i]?.content ?? "");
  instance = md;
  return md;
}
