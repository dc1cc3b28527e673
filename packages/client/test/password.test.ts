import { describe, expect, it } from "vitest";
import { generatePassword } from "../src/password.js";

const SHAPE = /^[0-9abcdefghjkmnpqrstvwxyz]{4}(-[0-9abcdefghjkmnpqrstvwxyz]{4}){4}$/;

describe("generatePassword", () => {
  it("is 5 groups of 4 lowercase Crockford base32 symbols", () => {
    for (let i = 0; i < 200; i++) expect(generatePassword()).toMatch(SHAPE);
  });

  it("never repeats across many calls", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) seen.add(generatePassword());
    expect(seen.size).toBe(5000);
  });

  it("uses every symbol and no confusable one (i, l, o, u)", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      for (const ch of generatePassword().replaceAll("-", "")) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    for (const bad of "ilou") expect(counts.has(bad)).toBe(false);
    // 40 000 symbols: each expected 1250 times; a biased generator would stray far.
    for (const n of counts.values()) expect(n).toBeGreaterThan(1000);
  });
});
