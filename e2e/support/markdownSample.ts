/**
 * A 16 KB Markdown message as a person might write one (F37): headings, prose with
 * some emphasis, code, links, lists and quotes, within the render limits. Used to
 * measure how long rendering takes (apps/web/test/markdown.test.ts, e2e markdown spec).
 */
const SECTION = [
  "## Section",
  "",
  "Plans for the weekend are still open, so here is a **short list** of ideas and a few notes on each of them. " +
    "We could try the new place on the corner, which has *very good* reviews, or cook at home with `pasta` and a salad. " +
    "Details are on https://example.org/menu and in the thread above; nothing needs booking yet.",
  "",
  "- tacos on ~~Friday~~ Saturday",
  "- a walk by the river if it does not rain",
  "",
  "> Remember that the market closes early on Sundays.",
  "",
  "",
].join("\n");

export const SIXTEEN_KB_MARKDOWN = SECTION.repeat(Math.floor(16_000 / SECTION.length));
