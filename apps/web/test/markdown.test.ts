// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
import { SIXTEEN_KB_MARKDOWN } from "../../../e2e/support/markdownSample";
import { XSS_VECTORS } from "../../../e2e/support/xssVectors";
import { mentionSuggestions, mentions } from "../src/commands/mention";
import { continues, countAfter } from "../src/components/messageGroups";
import { renderMessageHtml } from "../src/formatting/markdown";
import { RENDER_LIMITS } from "../src/formatting/renderLimits";
import { FORMAT_TAGS } from "../src/formatting/sanitize";
import { member } from "./fakes";

function dom(html: string): HTMLElement {
  const div = document.createElement("div");
  div.innerHTML = html;
  return div;
}

const render = (text: string) => dom(renderMessageHtml(text));

describe("Markdown (F37)", () => {
  it("renders CommonMark emphasis, strikethrough, code, quotes and lists", () => {
    const out = render("**bold** *it* ~~gone~~ `x<y`\n\n> quoted\n\n- one\n- two\n\n1. first");
    expect(out.querySelector("strong")?.textContent).toBe("bold");
    expect(out.querySelector("em")?.textContent).toBe("it");
    expect(out.querySelector("s")?.textContent).toBe("gone");
    expect(out.querySelector("code")?.textContent).toBe("x<y");
    expect(out.querySelector("blockquote")?.textContent?.trim()).toBe("quoted");
    expect([...out.querySelectorAll("ul > li")].map((li) => li.textContent)).toEqual(["one", "two"]);
    expect(out.querySelector("ol > li")?.textContent).toBe("first");
  });

  it("the toolbar's un-bold of a part reads as intended", () => {
    const out = render("**ta**co**s**");
    expect([...out.querySelectorAll("strong")].map((b) => b.textContent)).toEqual(["ta", "s"]);
  });

  it("keeps typed line breaks, and a one-paragraph message has no <p>", () => {
    const out = render("one\ntwo");
    expect(out.querySelectorAll("br")).toHaveLength(1);
    expect(out.querySelector("p")).toBeNull();
  });

  it("turns bare URLs and e-mail addresses into links that open apart (not file names)", () => {
    const links = [
      ...render("see https://example.org/x, mail a@b.org, read README.md").querySelectorAll("a"),
    ];
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.org/x", "mailto:a@b.org"]);
    for (const a of links) {
      expect(a.getAttribute("rel")).toBe("noopener noreferrer");
      expect(a.getAttribute("target")).toBe("_blank");
    }
  });

  it("still shows messages of older clients, which sent HTML tags", () => {
    const out = render('<b>tacos</b> or <a href="https://example.org/">pasta</a><ul><li>a</li></ul>');
    expect(out.querySelector("b")?.textContent).toBe("tacos");
    expect(out.querySelector("a")?.getAttribute("href")).toBe("https://example.org/");
    expect(out.querySelector("li")?.textContent).toBe("a");
  });

  it("shows a `<` that is no allowed tag as typed, in text and in HTML blocks", () => {
    expect(render("a < b <3 <script>x</script>").textContent).toBe("a < b <3 <script>x</script>");
    expect(render("<div>\n<script>x</script>\n</div>").textContent).toContain("<script>x</script>");
  });

  it("drops unsafe link targets and fetches no remote image", () => {
    const out = render("[a](javascript:alert(1)) ![i](https://evil.example/p.png) [r]\n\n[r]: javascript:x");
    for (const a of out.querySelectorAll("a")) expect(a.getAttribute("href") ?? "").toMatch(/^https:/);
    expect(out.querySelector("img")).toBeNull();
    expect(out.textContent).toContain("image: https://evil.example/p.png");
  });
});

describe("Markdown: bounded and harmless", () => {
  const markdownVectors = XSS_VECTORS.filter((v) => v.group === "markdown");

  it.each(markdownVectors.map((v, i) => [i, v.html.slice(0, 60)] as const))(
    "vector #%i %s stays within the allowlist and the limits",
    (i) => {
      const text = (markdownVectors[i]?.html ?? "").replaceAll("MARK", "marker");
      const t0 = performance.now();
      const out = render(text);
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(out.textContent).toContain("marker");
      expect(out.querySelectorAll("*").length).toBeLessThanOrEqual(RENDER_LIMITS.elements + 1);
      for (const el of out.querySelectorAll("*")) {
        expect(FORMAT_TAGS).toContain(el.localName);
        for (const { name, value } of el.attributes) {
          const ok =
            (el.localName === "a" &&
              ((name === "href" && /^(?:https?:|mailto:)/i.test(value)) ||
                name === "target" ||
                name === "rel")) ||
            (el.localName === "p" && name === "class" && value === "render-note");
          expect(ok, `${el.localName} ${name}="${value}"`).toBe(true);
        }
      }
    },
  );

  it("deep quote nesting is shown as plain text under the note", () => {
    const out = render(`${">".repeat(5000)} deep`);
    expect(out.querySelector("p.render-note")?.textContent).toMatch(/^Shown as plain text/);
    expect(out.querySelector("blockquote")).toBeNull();
  });

  it("an emphasis bomb is text (a line of stars alone is one rule)", () => {
    expect(render(`x${"*".repeat(10000)}`).querySelectorAll("*")).toHaveLength(0);
    expect(render("*".repeat(10000)).querySelectorAll("*")).toHaveLength(1);
  });

  it("renders a 16 KB Markdown message", () => {
    const text = SIXTEEN_KB_MARKDOWN;
    const t0 = performance.now();
    const out = render(`${text} once`);
    const ms = performance.now() - t0;
    expect(out.querySelector("p.render-note")).toBeNull();
    expect(out.querySelectorAll("h2").length).toBeGreaterThan(10);
    expect(ms).toBeLessThan(2000);
  });
});

describe("mentions (F39) and groups (F41)", () => {
  const members = [member("a", "alice"), member("b", "Bob"), member("n", "Night Owl")];

  it("suggests present members after an @, never yourself, and completes in place", () => {
    const s = mentionSuggestions("hi @b and", 5, members, "a");
    expect(s.map((x) => x.label)).toEqual(["@Bob"]);
    expect(s[0]?.completion).toBe("hi @Bob  and");
    expect(s[0]?.caret).toBe(8);
    expect(mentionSuggestions("hi @", 4, members, "a").map((x) => x.label)).toEqual(["@Bob", "@Night Owl"]);
    expect(mentionSuggestions("mail a@b", 8, members, "a")).toEqual([]);
  });

  it("finds @alias without case, not inside a longer name", () => {
    expect(mentions("hey @BOB, lunch?", "Bob")).toBe(true);
    expect(mentions("hey @night owl", "Night Owl")).toBe(true);
    expect(mentions("hey @bobby", "Bob")).toBe(false);
    expect(mentions("mail bob@x.example", "x")).toBe(false);
  });

  it("groups one sender's messages within five minutes", () => {
    const msg = (id: string, from: string, ts: number) =>
      ({ kind: "msg", id, ts, text: id, from: { id: from, alias: from }, mine: false }) as const;
    expect(continues(msg("1", "a", 0), msg("2", "a", 60_000))).toBe(true);
    expect(continues(msg("1", "a", 0), msg("2", "a", 5 * 60_000))).toBe(false);
    expect(continues(msg("1", "a", 0), msg("2", "b", 1000))).toBe(false);
    expect(countAfter([msg("1", "a", 0), msg("2", "b", 1), msg("3", "b", 2)], "1")).toBe(2);
  });
});
