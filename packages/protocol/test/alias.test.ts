import { describe, expect, it } from "vitest";
import { aliasKey, aliasProblem, aliasSchema, mixedScripts, normalizeAlias } from "../src/index.js";

/** The look-alikes of "alice" the attack review got admitted next to "alice". */
const INVISIBLE_TAILS: ReadonlyArray<readonly [string, string]> = [
  ["U+034F combining grapheme joiner", "\u034F"],
  ["U+FE0F variation selector 16", "\uFE0F"],
  ["U+FE00 variation selector 1", "\uFE00"],
  ["U+180B Mongolian free variation selector", "\u180B"],
  ["U+17B4 Khmer inherent vowel", "\u17B4"],
  ["U+E0100 variation selector 17", "\u{E0100}"],
  ["U+FE2F combining Cyrillic titlo right half", "\uFE2F"],
  ["U+20D0 combining left harpoon above", "\u20D0"],
  ["U+1D17B musical symbol combining accent", "\u{1D17B}"],
];

/** Names that must keep working, each in one script. */
const NAMES = [
  "Zoë",
  "Łukasz",
  "Дмитрий",
  "明",
  "さくら",
  "김민수",
  "Ἀλέξανδρος",
  "محمد",
  "राहुल",
  "José María",
];

/** What the server does with an alias beside "alice": refused when either is true. */
const refusedBesideAlice = (raw: string) => aliasProblem(raw) !== null || aliasKey(raw) === aliasKey("alice");

describe("look-alike aliases", () => {
  it.each(INVISIBLE_TAILS)("'alice' + %s normalises to 'alice' and has its key", (_, tail) => {
    expect(normalizeAlias(`alice${tail}`)).toBe("alice");
    expect(normalizeAlias(`ali${tail}ce`)).toBe("alice");
    expect(aliasKey(`alice${tail}`)).toBe(aliasKey("alice"));
  });

  it("a wire alias carrying any of them is not normalised, so the server refuses it", () => {
    for (const [, tail] of INVISIBLE_TAILS) {
      expect(aliasSchema.safeParse(`alice${tail}`).success).toBe(false);
    }
  });

  it("refuses an alias mixing Latin with Cyrillic or Greek look-alikes, saying why", () => {
    for (const raw of ["аlice", "aliсe", "аliсе", "alicе", "Αlice", "alice\u0430"]) {
      expect(aliasProblem(raw)).toMatch(/one script/);
      expect(aliasSchema.safeParse(normalizeAlias(raw)).success).toBe(false);
    }
    expect(mixedScripts("аlice")).toEqual(["Cyrillic", "Latin"]);
  });

  it("gives a whole-script look-alike the same key (Cyrillic 'асе' is 'ace')", () => {
    expect(aliasProblem("асе")).toBeNull();
    expect(aliasKey("асе")).toBe(aliasKey("ace"));
    expect(aliasKey("рор")).toBe(aliasKey("pop"));
    expect(aliasKey("ορο")).toBe(aliasKey("opo"));
    expect(aliasKey("Ꭺ")).toBe(aliasKey("a"));
  });

  it("folds case and confusable letters and digits together", () => {
    for (const [a, b] of [
      ["Alice", "ALICE"],
      ["ALICE", "aLiCe"],
      ["m", "rn"],
      ["M", "rn"],
      ["MARY", "rnary"],
      ["b0b", "bob"],
      ["l1l", "lll"],
      ["Ａlice", "alice"],
    ]) {
      expect(aliasKey(a as string), `${a} ~ ${b}`).toBe(aliasKey(b as string));
    }
  });

  it("refuses an accent with no letter under it", () => {
    expect(aliasProblem("\u0301alice")).toMatch(/must follow a letter/);
    expect(aliasProblem("bob \u0301")).toMatch(/must follow a letter/);
    expect(aliasProblem("alice\u0301")).toBeNull();
  });

  it("every attack on 'alice' is refused beside 'alice'", () => {
    const attacks = [
      ...INVISIBLE_TAILS.map(([, tail]) => `alice${tail}`),
      "аlice",
      "ALICE",
      "Alice",
      "al\u200Bice",
      "ａｌｉｃｅ",
      "аliсе",
    ];
    for (const raw of attacks) expect(refusedBesideAlice(raw), JSON.stringify(raw)).toBe(true);
  });
});

describe("names in any script", () => {
  it.each(NAMES)("accepts %s as typed", (name) => {
    expect(aliasProblem(name)).toBeNull();
    expect(normalizeAlias(name)).toBe(name.normalize("NFC"));
    expect(aliasSchema.safeParse(normalizeAlias(name)).success).toBe(true);
  });

  it("keeps them distinct from each other and from their Latin spellings", () => {
    const all = [...NAMES, "Zoe", "Lukasz", "Dmitry", "Sakura", "Jose Maria", "Alexandros", "alice"];
    const keys = new Set(all.map(aliasKey));
    expect(keys.size).toBe(all.length);
  });

  it("accepts Japanese, Korean and Chinese mixes, and Latin beside them, as UTS #39 does", () => {
    for (const name of ["さくら明", "カタカナ漢字ひらがな", "김민수金", "ㄅㄆ中文", "Taro 太郎", "Min 김"]) {
      expect(aliasProblem(name), name).toBeNull();
    }
    for (const name of ["Дмитрий 明", "さくら김", "محمد Ali"])
      expect(aliasProblem(name), name).toMatch(/one script/);
  });

  it("knows a script for every letter the engine knows (the script list is complete)", () => {
    const unknown: string[] = [];
    for (let cp = 0; cp <= 0x3ffff; cp++) {
      const c = String.fromCodePoint(cp);
      if (!/\p{L}/u.test(c) || /\p{Script=Common}/u.test(c)) continue;
      if (mixedScripts(`${c}${c}`) !== null) unknown.push(cp.toString(16));
      const alone = mixedScripts(`a${c}`);
      if (alone?.includes("Unknown")) unknown.push(cp.toString(16));
    }
    expect(unknown.slice(0, 10)).toEqual([]);
  }, 30_000); // 256K code points: about 4 s on an idle two-core machine, more on a busy one.

  it("normalising is idempotent, so the client's output always passes the wire check", () => {
    const samples = [
      "e\u20D0\u0301",
      "a\uFE2F\u0308",
      "  x\u034F\u0301 ",
      "ﬁ\u200D",
      "\uFFA0bob",
      "Zoe\u0308",
    ];
    for (const raw of samples) expect(normalizeAlias(normalizeAlias(raw))).toBe(normalizeAlias(raw));
    expect(normalizeAlias("e\u20D0\u0301")).toBe("é");
  });
});
