import { afterEach, describe, expect, it, vi } from "vitest";
import { Emitter } from "../src/emitter.js";

interface Events {
  ping: (n: number) => void;
  pair: (a: string, b: boolean) => void;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("Emitter", () => {
  it("delivers to listeners and stops after unsubscribe", () => {
    const emitter = new Emitter<Events>();
    const seen: number[] = [];
    const off = emitter.on("ping", (n) => seen.push(n));
    emitter.emit("ping", 1);
    off();
    emitter.emit("ping", 2);
    expect(seen).toEqual([1]);
  });

  it("keeps delivering when a listener throws", () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    emitter.on("pair", () => {
      throw new Error("listener bug");
    });
    emitter.on("pair", (a, b) => seen.push(`${a}${b}`));
    expect(() => emitter.emit("pair", "x", true)).not.toThrow();
    expect(seen).toEqual(["xtrue"]);
    expect(errors).toHaveBeenCalledOnce();
  });

  it("holds events until the first subscription, then delivers them in order", async () => {
    const emitter = new Emitter<Events>();
    const seen: string[] = [];
    emitter.hold();
    emitter.emit("ping", 1);
    emitter.emit("ping", 2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    emitter.on("ping", (n) => seen.push(`a${n}`));
    emitter.on("ping", (n) => seen.push(`b${n}`));
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual(["a1", "b1", "a2", "b2"]);
    emitter.emit("ping", 3);
    expect(seen.slice(4)).toEqual(["a3", "b3"]);
  });
});
