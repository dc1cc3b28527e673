import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { SharedListeners } from "../src/io/sharedListeners.js";

/** A listener recording what it was called with, and on which emitter. */
function recording(calls: unknown[][], name: string) {
  return function (this: EventEmitter, ...args: unknown[]) {
    calls.push([name, this, ...args]);
  } as (this: never) => void;
}

describe("SharedListeners", () => {
  it("calls the shared listeners with each emitter as `this`, like `on` would", () => {
    const calls: unknown[][] = [];
    const shared = new SharedListeners([
      ["a", recording(calls, "a")],
      ["b", recording(calls, "b")],
    ]);
    const one = new EventEmitter();
    const two = new EventEmitter();
    shared.addTo(one);
    shared.addTo(two);
    one.emit("a", 1, 2);
    two.emit("b", 3);
    expect(two.emit("c")).toBe(false);
    expect(calls).toEqual([
      ["a", one, 1, 2],
      ["b", two, 3],
    ]);
    // The memory-saving path was taken (not the fallback to `on`).
    expect(Object.getPrototypeOf((one as unknown as { _events: object })._events)).not.toBeNull();
    expect(one.listenerCount("a")).toBe(1);
    expect(one.listeners("a")).toEqual(two.listeners("a"));
  });

  it("keeps the emitter's own listeners, added before and after, in order", () => {
    const calls: unknown[][] = [];
    const emitter = new EventEmitter();
    emitter.on("disconnect", recording(calls, "own before"));
    new SharedListeners([["a", recording(calls, "shared")]]).addTo(emitter);
    emitter.on("a", recording(calls, "own after"));
    emitter.once("disconnect", recording(calls, "once"));
    emitter.emit("a");
    emitter.emit("disconnect");
    emitter.emit("disconnect");
    expect(calls.map(([name]) => name)).toEqual(["shared", "own after", "own before", "once", "own before"]);
    expect(emitter.listenerCount("a")).toBe(2);
  });

  it("keeps the shared listeners when the emitter's own ones are removed, drops all on removeAllListeners()", () => {
    const calls: unknown[][] = [];
    const emitter = new EventEmitter();
    const own = recording(calls, "own");
    emitter.on("x", own);
    new SharedListeners([["a", recording(calls, "shared")]]).addTo(emitter);
    emitter.off("x", own);
    emitter.emit("a");
    expect(calls.map(([name]) => name)).toEqual(["shared"]);
    emitter.removeAllListeners();
    expect(emitter.emit("a")).toBe(false);
  });

  it("falls back to `on` when the emitter already listens to one of the events", () => {
    const calls: unknown[][] = [];
    const emitter = new EventEmitter();
    emitter.on("a", recording(calls, "own"));
    new SharedListeners([["a", recording(calls, "shared")]]).addTo(emitter);
    emitter.emit("a");
    expect(calls.map(([name]) => name)).toEqual(["own", "shared"]);
  });
});
