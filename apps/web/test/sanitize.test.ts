// @vitest-environment jsdom
import { describe, expect, it } from "vitest";
// The e2e attack payloads, reused here raw: the browsers run them through the whole
// app, this runs each straight into the sanitiser, skipping the typed-text step.
import { XSS_VECTORS } from "../../../e2e/support/xssVectors";
import { renderMessageHtml } from "../src/formatting/markdown";
import { markTypedText } from "../src/formatting/messageHtml";
import { FORMAT_TAGS, sanitizeHtml } from "../src/formatting/sanitize";

/**
 * The allowlist rules. happy-dom's parser is not a browser's, so these pin the rules
 * (what is kept, what is dropped, what is rewritten); e2e/tests/xss.spec.ts is the
 * authority on real parsers, with attack payloads in Chromium and Firefox.
 */

/** Parses sanitised output the way the page will, to inspect it structurally. */
function dom(html: string): HTMLElement {
  const div = document.createElement("div");
  div.innerHTML = html;
  return div;
}

describe("sanitizeHtml: what survives", () => {
  it.each(FORMAT_TAGS.filter((t) => !["img", "a", "br", "hr"].includes(t)))("keeps <%s>", (tag) => {
    const wrapped = ["li"].includes(tag)
      ? `<ul><li>x</li></ul>`
      : ["tr", "td", "th", "thead", "tbody", "caption"].includes(tag)
        ? `<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>x</td></tr></tbody></table>`
        : `<${tag}>x</${tag}>`;
    expect(dom(sanitizeHtml(wrapped)).querySelector(tag)).not.toBeNull();
  });

  it("keeps br and hr", () => {
    const out = dom(sanitizeHtml("a<br>b<hr>c"));
    expect(out.querySelector("br")).not.toBeNull();
    expect(out.querySelector("hr")).not.toBeNull();
  });

  it.each([
    ["script", "<script>alert(1)</script>ok"],
    ["style", "<style>body{display:none}</style>ok"],
    ["iframe", '<iframe src="https://evil.example/"></iframe>ok'],
    ["object", '<object data="https://evil.example/x.swf"></object>ok'],
    ["embed", '<embed src="https://evil.example/x.swf">ok'],
    ["video", '<video src="https://evil.example/v.mp4"></video>ok'],
    ["audio", '<audio src="https://evil.example/a.mp3"></audio>ok'],
    ["source", '<video><source src="https://evil.example/v.mp4"></video>ok'],
    ["link", '<link rel="stylesheet" href="https://evil.example/s.css">ok'],
    ["meta", '<meta http-equiv="refresh" content="0;url=https://evil.example/">ok'],
    ["base", '<base href="https://evil.example/">ok'],
    ["form", '<form action="https://evil.example/"><button>ok</button></form>'],
    ["input", '<input autofocus onfocus="alert(1)">ok'],
    ["svg", "<svg onload=alert(1)><circle r=5></circle></svg>ok"],
    ["math", "<math><mi>x</mi></math>ok"],
    ["template", "<template><img src=x onerror=alert(1)></template>ok"],
    ["textarea", "<textarea>ok</textarea>"],
    ["noscript", "<noscript><p>ok</p></noscript>"],
    ["div", "<div>ok</div>"],
  ])("removes <%s>", (tag, html) => {
    const out = dom(sanitizeHtml(html));
    expect(out.querySelector(tag)).toBeNull();
    expect(
      out.querySelectorAll("script,iframe,object,embed,video,audio,source,link,meta,base,form"),
    ).toHaveLength(0);
  });

  it("keeps the text of a removed harmless element, drops the content of a script", () => {
    expect(sanitizeHtml("<div>kept</div>")).toBe("kept");
    expect(sanitizeHtml("<script>alert(1)</script>after")).toBe("after");
  });

  it("strips every attribute but href on a and src/alt on img", () => {
    const out = dom(
      sanitizeHtml(
        '<b style="color:red" class="x" id="y" title="t" onclick="alert(1)" data-x="1" aria-label="z">b</b>' +
          '<p onmouseover="alert(1)" style="background:url(https://evil.example/)">p</p>' +
          '<details open ontoggle="alert(1)"><summary>s</summary>d</details>',
      ),
    );
    for (const el of out.querySelectorAll("*")) expect(el.attributes).toHaveLength(0);
  });
});

describe("sanitizeHtml: links", () => {
  it("forces target and rel on every link", () => {
    const a = dom(
      sanitizeHtml('<a href="https://example.org/" target="_self" rel="opener">x</a>'),
    ).querySelector("a");
    expect(a?.getAttribute("href")).toBe("https://example.org/");
    expect(a?.getAttribute("target")).toBe("_blank");
    expect(a?.getAttribute("rel")).toBe("noopener noreferrer");
  });

  it.each(["http://example.org/", "https://example.org/x?y=1#z", "mailto:someone@example.org"])(
    "keeps %s",
    (href) => {
      expect(
        dom(sanitizeHtml(`<a href="${href}">x</a>`))
          .querySelector("a")
          ?.getAttribute("href"),
      ).toBe(href);
    },
  );

  it.each([
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/relative",
    "//evil.example/",
    "ftp://example.org/",
  ])("drops href %s", (href) => {
    const a = dom(sanitizeHtml(`<a href="${href.replace(/"/g, "&quot;")}">x</a>`)).querySelector("a");
    expect(a?.hasAttribute("href")).toBe(false);
    expect(a?.textContent).toBe("x");
  });
});

describe("sanitizeHtml: images", () => {
  const png =
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

  it("keeps an inline raster image with its alt", () => {
    const img = dom(
      sanitizeHtml(`<img src="${png}" alt="dot" onerror="alert(1)" width="900">`),
    ).querySelector("img");
    expect(img?.getAttribute("src")).toBe(png);
    expect(img?.getAttribute("alt")).toBe("dot");
    expect(img?.attributes).toHaveLength(2);
  });

  it.each(["jpeg", "gif", "webp"])("keeps data:image/%s", (type) => {
    const src = `data:image/${type};base64,AAAA`;
    expect(
      dom(sanitizeHtml(`<img src="${src}">`))
        .querySelector("img")
        ?.getAttribute("src"),
    ).toBe(src);
  });

  it("turns a remote image into a link that fetches nothing", () => {
    const out = dom(sanitizeHtml('<img src="https://evil.example/track.png?u=1" alt="hi">after'));
    expect(out.querySelector("img")).toBeNull();
    const a = out.querySelector("a");
    expect(a?.getAttribute("href")).toBe("https://evil.example/track.png?u=1");
    expect(a?.textContent).toBe("image: https://evil.example/track.png?u=1");
    expect(a?.getAttribute("rel")).toBe("noopener noreferrer");
    expect(a?.getAttribute("target")).toBe("_blank");
    expect(out.textContent).toContain("after");
  });

  it.each([
    "data:image/svg+xml;base64,PHN2Zy8+",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/png,notbase64",
    "javascript:alert(1)",
    "x",
    "//evil.example/x.png",
  ])("drops an image from %s, keeping its alt text", (src) => {
    const out = dom(sanitizeHtml(`<img src="${src}" alt="the alt">`));
    expect(out.querySelector("img")).toBeNull();
    expect(out.querySelector("a")).toBeNull();
    expect(out.textContent).toBe("the alt");
  });

  it("drops srcset and other image sources", () => {
    const img = dom(sanitizeHtml(`<img src="${png}" srcset="https://evil.example/a.png 2x">`)).querySelector(
      "img",
    );
    expect(img?.hasAttribute("srcset")).toBe(false);
  });
});

describe("renderMessageHtml: typed text", () => {
  it.each([
    ["a < b", "a < b"],
    ["x<y and y>z", "x<y and y>z"],
    ["I <3 you", "I <3 you"],
    ["if (a<b && b>c) {}", "if (a<b && b>c) {}"],
    ["<script>alert(1)</script>", "<script>alert(1)</script>"],
    ["<svg onload=alert(1)>", "<svg onload=alert(1)>"],
    ["<!-- not a comment -->", "<!-- not a comment -->"],
    ["if x<b then", "if x<b then"],
    ["x<b and y>z", "x<b and y>z"],
    ["<b class=x>not bold</b>", "<b class=x>not bold"],
    ["<img src=x onerror=alert(1)> hi back", "<img src=x onerror=alert(1)> hi back"],
    ["AT&T & friends", "AT&T & friends"],
    ["3 &lt; 4", "3 < 4"],
  ])("%j reads as %j", (typed, shown) => {
    expect(dom(renderMessageHtml(typed)).textContent).toBe(shown);
  });

  it("keeps allowed tags as formatting", () => {
    const out = dom(renderMessageHtml("x<y and <b>bold</b> <i>it</i><br/>next"));
    expect(out.querySelector("b")?.textContent).toBe("bold");
    expect(out.querySelector("i")?.textContent).toBe("it");
    expect(out.querySelector("br")).not.toBeNull();
    expect(out.textContent).toBe("x<y and bold itnext");
  });

  it("shows tags of elements that are not allowed as text, running nothing", () => {
    const out = dom(renderMessageHtml('<iframe srcdoc="<script>alert(1)</script>"></iframe>'));
    expect(out.children).toHaveLength(0);
    expect(out.textContent).toBe('<iframe srcdoc="<script>alert(1)</script>"></iframe>');
  });

  it("still sanitises what it keeps as markup", () => {
    const out = dom(
      renderMessageHtml(
        '<img src=x> hi <a href="javascript:alert(1)">click</a> <img src="https://evil.example/p.png">',
      ),
    );
    expect(out.querySelector("img")).toBeNull();
    expect(out.querySelector("a")?.hasAttribute("href")).toBe(false);
    expect(out.querySelectorAll("a")[1]?.textContent).toBe("image: https://evil.example/p.png");
  });

  it("takes links and inline images as typed", () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    const out = dom(
      renderMessageHtml(`<a href="https://example.org/">site</a><img src="${png}" alt="pasted image">`),
    );
    expect(out.querySelector("a")?.getAttribute("href")).toBe("https://example.org/");
    expect(out.querySelector("img")?.getAttribute("src")).toBe(png);
  });

  it("escapes only the < that do not start an allowed tag", () => {
    expect(markTypedText("a<b>c</b> <d>")).toBe("a<b>c</b> &lt;d>");
    expect(markTypedText('<a href="https://x/">y</a>')).toBe('<a href="https://x/">y</a>');
    expect(markTypedText("<bx>")).toBe("&lt;bx>");
    expect(markTypedText("<B>x</B >")).toBe("<B>x</B >");
    expect(markTypedText('<b title="x">')).toBe('&lt;b title="x">');
  });

  it("stays fast on text built to make a tag matcher backtrack", () => {
    const nasty = `${"<b a='x' ".repeat(1500)}${"<".repeat(4000)}`;
    const t0 = performance.now();
    markTypedText(nasty);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});

describe("every e2e attack payload, raw into the sanitiser", () => {
  const SAFE_IMG = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;

  it.each(XSS_VECTORS.map((v, i) => [i, v.group, v.html] as const))("#%i (%s) %s", (_i, _group, html) => {
    for (const input of [html, renderMessageHtml(html)]) {
      const out = dom(sanitizeHtml(input));
      for (const el of out.querySelectorAll("*")) {
        expect(FORMAT_TAGS).toContain(el.localName);
        for (const { name, value } of el.attributes) {
          const ok =
            (el.localName === "a" &&
              ((name === "href" && /^(?:https?:|mailto:)/i.test(value)) ||
                (name === "target" && value === "_blank") ||
                (name === "rel" && value === "noopener noreferrer"))) ||
            (el.localName === "img" && (name === "alt" || (name === "src" && SAFE_IMG.test(value))));
          expect(ok, `${el.localName} ${name}="${value}"`).toBe(true);
        }
      }
    }
  });
});
