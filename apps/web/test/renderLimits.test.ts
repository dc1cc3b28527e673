// @vitest-environment jsdom
import { TEXT_MAX_BYTES } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { HEAVY_MESSAGES } from "../../../e2e/support/heavyMessages";
import { textPartBytes } from "../src/formatting/imageBudget";
import { renderMessageHtml } from "../src/formatting/markdown";
import { RENDER_LIMITS } from "../src/formatting/renderLimits";
import { sanitizeHtml } from "../src/formatting/sanitize";

/**
 * Bounded rendering: a message asking for more nesting, elements or table
 * cells than RENDER_LIMITS is shown as the text that was typed, under a note; anything
 * within them is formatted exactly as before. e2e/tests/heavy-message.spec.ts measures
 * what this saves a real browser.
 */

function dom(html: string): HTMLElement {
  const div = document.createElement("div");
  div.innerHTML = html;
  return div;
}

/** The note above a message shown as plain text, or null when it is formatted. */
function note(html: string): string | null {
  return dom(html).querySelector("p.render-note")?.textContent ?? null;
}

const nested = (tag: string, depth: number) => `${`<${tag}>`.repeat(depth)}deep${`</${tag}>`.repeat(depth)}`;
const table = (rows: number, columns: number) =>
  `<table>${`<tr>${"<td>x</td>".repeat(columns)}</tr>`.repeat(rows)}</table>`;

describe("renderMessageHtml: limits", () => {
  it("formats nesting up to the depth limit and shows deeper nesting as plain text", () => {
    const within = renderMessageHtml(nested("b", RENDER_LIMITS.depth));
    expect(note(within)).toBeNull();
    expect(dom(within).querySelectorAll("b")).toHaveLength(RENDER_LIMITS.depth);

    const typed = nested("b", RENDER_LIMITS.depth + 1);
    const over = renderMessageHtml(typed);
    expect(note(over)).toBe("Shown as plain text: too deeply nested");
    expect(dom(over).querySelectorAll("b")).toHaveLength(0);
    // Every character as typed, tags included.
    expect(dom(over).textContent).toBe(`Shown as plain text: too deeply nested${typed}`);
  });

  it("counts lists as the parser builds them: eight levels of ul/li are 16 deep", () => {
    expect(note(renderMessageHtml(nested("ul><li", 8).replaceAll("</ul><li>", "</li></ul>")))).toBeNull();
    expect(note(renderMessageHtml("<ul><li>".repeat(9)))).toBe("Shown as plain text: too deeply nested");
  });

  it("formats a table up to the cell limit and shows a larger one as plain text", () => {
    const within = renderMessageHtml(table(RENDER_LIMITS.tableCells / 10, 10));
    expect(note(within)).toBeNull();
    expect(dom(within).querySelectorAll("td")).toHaveLength(RENDER_LIMITS.tableCells);
    const over = table(RENDER_LIMITS.tableCells / 10, 10) + table(1, 1);
    expect(note(renderMessageHtml(over))).toBe("Shown as plain text: too many table cells");
  });

  it("shows more opening tags than the element limit as plain text without parsing them", () => {
    expect(note(renderMessageHtml("<i>x</i>".repeat(RENDER_LIMITS.elements)))).toBeNull();
    expect(note(renderMessageHtml("<i>x</i>".repeat(RENDER_LIMITS.elements + 1)))).toBe(
      "Shown as plain text: too many formatting elements",
    );
  });

  it("counts the elements the parser builds, not only the tags (the sanitizer's own limit)", () => {
    expect(note(sanitizeHtml("<i>x</i>".repeat(RENDER_LIMITS.elements)))).toBeNull();
    expect(note(sanitizeHtml("<i>x</i>".repeat(RENDER_LIMITS.elements + 1)))).toBe(
      "Shown as plain text: too many formatting elements",
    );
  });

  it.each(HEAVY_MESSAGES.filter((m) => m.name !== "long unbroken text").map((m) => [m.name, m.text]))(
    "shows the heavy message '%s' as plain text with a note",
    (_name, text) => {
      // As heavy as the composer allows: within a few bytes of the text budget.
      expect(textPartBytes(text)).toBeLessThanOrEqual(TEXT_MAX_BYTES);
      expect(textPartBytes(text)).toBeGreaterThan(TEXT_MAX_BYTES - 200);
      const out = renderMessageHtml(text);
      expect(note(out)).toMatch(/^Shown as plain text: /);
      const shown = dom(out);
      expect(shown.querySelectorAll("*")).toHaveLength(1);
      expect(shown.textContent?.endsWith(text)).toBe(true);
    },
  );

  it("leaves long unbroken text alone: it has no structure to limit", () => {
    const text = (HEAVY_MESSAGES.find((m) => m.name === "long unbroken text")?.text ?? "").replace(
      "MARK",
      "m",
    );
    expect(renderMessageHtml(text)).toBe(text);
  });

  it("formats ordinary messages exactly as before, with no note", () => {
    const ordinary =
      '<h2>Plan</h2><p>We <b>meet</b> at <i>noon</i>, <a href="https://example.org/">map</a>:</p>' +
      "<ul><li>bring <code>keys</code></li><li>a &lt; b</li></ul>" +
      "<table><tr><th>who</th><th>what</th></tr><tr><td>ann</td><td>tea</td></tr></table>" +
      "<blockquote><p><b><i><u>quoted</u></i></b></p></blockquote>";
    expect(renderMessageHtml(ordinary)).toBe(
      '<h2>Plan</h2><p>We <b>meet</b> at <i>noon</i>, <a href="https://example.org/" target="_blank" rel="noopener noreferrer">map</a>:</p>' +
        "<ul><li>bring <code>keys</code></li><li>a &lt; b</li></ul>" +
        "<table><tbody><tr><th>who</th><th>what</th></tr><tr><td>ann</td><td>tea</td></tr></tbody></table>" +
        "<blockquote><p><b><i><u>quoted</u></i></b></p></blockquote>",
    );
  });

  it("lets no message forge the note: the class is stripped from what members send", () => {
    const out = dom(renderMessageHtml('<p class="render-note">Shown as plain text: fake</p>'));
    expect(out.querySelector(".render-note")).toBeNull();
  });

  it("keeps sanitising after a message was stopped half-way", () => {
    renderMessageHtml("<b>".repeat(100));
    expect(sanitizeHtml('<b onclick="x()">ok</b><script>alert(1)</script>')).toBe("<b>ok</b>");
  });
});
