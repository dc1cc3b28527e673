import { describe, expect, it } from "vitest";
import { applyFormat, continueList, insertLink, type TextState } from "../src/formatting/editing";
import type { FormatName } from "../src/formatting/formats";

/** A state written with `[` `]` marking the selection, or `|` the caret. */
function st(marked: string): TextState {
  const caret = marked.indexOf("|");
  if (caret !== -1) return { text: marked.replace("|", ""), selectionStart: caret, selectionEnd: caret };
  const start = marked.indexOf("[");
  const end = marked.indexOf("]") - 1;
  return { text: marked.replace("[", "").replace("]", ""), selectionStart: start, selectionEnd: end };
}

/** The state written back the same way. */
function show(s: TextState): string {
  const { text, selectionStart: a, selectionEnd: b } = s;
  if (a === b) return `${text.slice(0, a)}|${text.slice(a)}`;
  return `${text.slice(0, a)}[${text.slice(a, b)}]${text.slice(b)}`;
}

/** Shift+Enter at the marked caret. */
function cont(marked: string): string {
  const next = continueList(st(marked));
  if (!next) throw new Error("not in a list");
  return show(next);
}

const fmt = (marked: string, format: FormatName) => show(applyFormat(st(marked), format));

/** Types `typed` at the caret. */
function type(s: TextState, typed: string): TextState {
  const text = s.text.slice(0, s.selectionStart) + typed + s.text.slice(s.selectionEnd);
  const at = s.selectionStart + typed.length;
  return { text, selectionStart: at, selectionEnd: at };
}

describe("inline formats: toggle on", () => {
  it.each([
    ["bold", "say **[hi]**!"],
    ["italic", "say *[hi]*!"],
    ["strike", "say ~~[hi]~~!"],
    ["code", "say `[hi]`!"],
    ["underline", "say <u>[hi]</u>!"],
  ] as const)("%s wraps the selection and keeps it selected", (format, out) => {
    expect(fmt("say [hi]!", format)).toBe(out);
  });

  it("leaves spaces at the edges of the selection outside the markers", () => {
    expect(fmt("say[ hi ]!", "bold")).toBe("say **[hi]** !");
  });

  it("with only a caret, puts it between the markers", () => {
    expect(fmt("a |", "bold")).toBe("a **|**");
  });
});

describe("inline formats: toggle off", () => {
  it("takes the markers off when they are around the selection", () => {
    expect(fmt("say **[hi]**!", "bold")).toBe("say [hi]!");
    expect(fmt("say ~~[hi]~~!", "strike")).toBe("say [hi]!");
    expect(fmt("say `[hi]`!", "code")).toBe("say [hi]!");
    expect(fmt("say <u>[hi]</u>!", "underline")).toBe("say [hi]!");
  });

  it("takes the markers off when they are inside the selection", () => {
    expect(fmt("say [**hi**]!", "bold")).toBe("say [hi]!");
    expect(fmt("say [*hi*]!", "italic")).toBe("say [hi]!");
    expect(fmt("say [<u>hi</u>]!", "underline")).toBe("say [hi]!");
  });

  it("never wraps twice: pressing twice gives back the text", () => {
    for (const format of ["bold", "italic", "strike", "code", "underline"] as const) {
      const once = applyFormat(st("say [hi]!"), format);
      expect(show(applyFormat(once, format))).toBe("say [hi]!");
    }
  });

  it("B, type, B, type: only the words typed in between are bold (the caret steps out)", () => {
    let s = applyFormat(st("|"), "bold");
    s = type(s, "tacos");
    s = applyFormat(s, "bold");
    s = type(s, " or pasta");
    expect(s.text).toBe("**tacos** or pasta");
  });

  it("with the caret inside formatted words, takes the format off them all", () => {
    expect(fmt("say **ta|cos** now", "bold")).toBe("say ta|cos now");
    expect(fmt("say *ta|cos* now", "italic")).toBe("say ta|cos now");
    expect(fmt("say `ta|cos` now", "code")).toBe("say ta|cos now");
    // Not inside: a plain word next to a formatted one gets its own markers.
    expect(fmt("**a** b|", "bold")).toBe("**a** b**|**");
  });

  it("B twice with nothing typed leaves nothing", () => {
    expect(show(applyFormat(applyFormat(st("x |"), "bold"), "bold"))).toBe("x |");
  });
});

describe("inline formats: nested", () => {
  it("italic inside bold and off again, bold off leaves italic", () => {
    expect(fmt("**[hi]**", "italic")).toBe("***[hi]***");
    expect(fmt("***[hi]***", "italic")).toBe("**[hi]**");
    expect(fmt("***[hi]***", "bold")).toBe("*[hi]*");
  });

  it("bold on part of a bold phrase un-bolds that part (no double markers)", () => {
    expect(fmt("**ta[co]s**", "bold")).toBe("**ta**[co]**s**");
  });
});

describe("line formats", () => {
  it("quote and list prefix every selected line and keep the block selected", () => {
    expect(fmt("[milk\neggs]", "list")).toBe("[- milk\n- eggs]");
    expect(fmt("[milk\neggs]", "quote")).toBe("[> milk\n> eggs]");
  });

  it("take the prefix off when every selected line has it", () => {
    expect(fmt("[- milk\n- eggs]", "list")).toBe("[milk\neggs]");
    expect(fmt("[> milk\n> eggs]", "quote")).toBe("[milk\neggs]");
  });

  it("work on the caret's line, and skip blank lines in a selection", () => {
    expect(fmt("a\nmi|lk", "list")).toBe("a\n- mi|lk");
    expect(fmt("[milk\n\ntea]", "list")).toBe("[- milk\n\n- tea]");
  });
});

describe("links", () => {
  it("keeps the selected words as the link text", () => {
    expect(show(insertLink(st("Menu: [here]"), "https://example.org/m"))).toBe(
      "Menu: [here](https://example.org/m)|",
    );
  });

  it("inserts a bare address with nothing selected, and escapes brackets and spaces", () => {
    expect(show(insertLink(st("see |"), "https://example.org/"))).toBe("see https://example.org/|");
    expect(insertLink({ text: "a]b", selectionStart: 0, selectionEnd: 3 }, "https://x.org/a b(c)").text).toBe(
      "[a\\]b](https://x.org/a%20b%28c%29)",
    );
  });
});

describe("list continuation (Shift+Enter)", () => {
  it("continues bullets and numbers", () => {
    expect(cont("- milk|")).toBe("- milk\n- |");
    expect(cont("1. milk|")).toBe("1. milk\n2. |");
    expect(cont("  * milk|")).toBe("  * milk\n  * |");
  });

  it("ends the list on an empty item, and does nothing outside a list", () => {
    expect(cont("- milk\n- |")).toBe("- milk\n|");
    expect(continueList(st("milk|"))).toBeNull();
  });
});
