import { afterEach, describe, expect, it, vi } from "vitest";
import { FixedWindow } from "../src/abuse/fixedWindow.js";

describe("FixedWindow", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("allows `points` per window per key, counts refused charges, and starts afresh after the window", () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    const w = new FixedWindow(3, 1000);
    expect([1, 2, 3, 4].map(() => w.consume("a"))).toEqual([true, true, true, false]);
    expect(w.consume("b")).toBe(true);
    vi.advanceTimersByTime(999);
    expect(w.consume("a")).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.consume("a")).toBe(true);
  });

  it("charges penalties and costs against the same budget", () => {
    const w = new FixedWindow(10, 1000);
    w.penalty("a", 9);
    expect(w.consume("a")).toBe(true);
    expect(w.consume("a")).toBe(false);
    expect(w.consume("b", 11)).toBe(false);
  });

  it("forgets deleted keys, and expired ones on its own", () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    const w = new FixedWindow(1, 1000);
    w.consume("a");
    w.consume("b");
    w.delete("a");
    expect(w.size).toBe(1);
    expect(w.consume("a")).toBe(true);
    vi.advanceTimersByTime(2000);
    expect(w.size).toBe(0);
  });
});
