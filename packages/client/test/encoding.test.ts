import { describe, expect, it } from "vitest";
import { fromBase64url, toBase64url, utf8Decode, utf8Encode } from "../src/encoding.js";
import { randomBytes } from "../src/random.js";
import { bytesToWordArray, wordArrayToBytes } from "../src/wordarray.js";

describe("encoding", () => {
  it("base64url has no padding and rejects padded or standard base64", () => {
    expect(toBase64url(new Uint8Array([0xfb, 0xff]))).toBe("-_8");
    expect(() => fromBase64url("-_8=")).toThrow();
    expect(() => fromBase64url("+/8")).toThrow();
  });

  it("UTF-8 round-trips and refuses invalid bytes", () => {
    expect(utf8Decode(utf8Encode("пароль 🔐"))).toBe("пароль 🔐");
    expect(() => utf8Decode(new Uint8Array([0xc3]))).toThrow();
  });

  it("randomBytes gives the requested length, beyond one getRandomValues call", () => {
    expect(randomBytes(0)).toHaveLength(0);
    const big = randomBytes(70_000);
    expect(big).toHaveLength(70_000);
    expect(big.some((b) => b !== 0)).toBe(true);
  });

  it("WordArray conversion round-trips every length", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = randomBytes(n);
      expect(wordArrayToBytes(bytesToWordArray(bytes))).toEqual(bytes);
    }
  });
});
