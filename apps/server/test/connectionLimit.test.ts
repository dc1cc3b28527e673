import { EventEmitter } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionLimit } from "../src/abuse/connectionLimit.js";

const hash = (address: string) => `h:${address}`;

describe("connection limit: handshakes reserve a slot until they become connections", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("counts handshakes that are not connections yet, so a burst cannot overshoot", () => {
    const limit = new ConnectionLimit(3, hash, 10_000);
    const reqs = [{}, {}, {}, {}];
    expect(reqs.map((req) => limit.reserve(req, "192.0.2.1"))).toEqual([true, true, true, false]);
    expect(limit.reserve({}, "192.0.2.2")).toBe(true);
  });

  it("frees a slot when its connection closes, or when its handshake never completes", () => {
    const limit = new ConnectionLimit(1, hash, 10_000);
    const req = {};
    const conn = new EventEmitter();
    expect(limit.reserve(req, "192.0.2.1")).toBe(true);
    limit.claim(req, "192.0.2.1", conn);
    // Claimed: the reservation timer no longer applies.
    vi.advanceTimersByTime(20_000);
    expect(limit.reserve({}, "192.0.2.1")).toBe(false);
    conn.emit("close");
    expect(limit.size).toBe(0);

    expect(limit.reserve({}, "192.0.2.1")).toBe(true);
    expect(limit.reserve({}, "192.0.2.1")).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(limit.size).toBe(0);
    expect(limit.reserve({}, "192.0.2.1")).toBe(true);
  });
});
