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

  it("gives each of many connections' slots back exactly once, whatever order and however often they close", () => {
    const limit = new ConnectionLimit(5, hash, 10_000);
    const conns: Array<{ address: string; conn: EventEmitter }> = [];
    for (const address of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) {
      for (let i = 0; i < 5; i++) {
        const req = {};
        expect(limit.reserve(req, address)).toBe(true);
        const conn = new EventEmitter();
        limit.claim(req, address, conn);
        conns.push({ address, conn });
      }
      expect(limit.reserve({}, address)).toBe(false);
    }
    // Neither a second "close" nor another connection's close frees a slot twice.
    const first = conns[0] as { address: string; conn: EventEmitter };
    first.conn.emit("close");
    first.conn.emit("close");
    first.conn.emit("close");
    const again = {};
    expect(limit.reserve(again, "192.0.2.1")).toBe(true);
    expect(limit.reserve({}, "192.0.2.1")).toBe(false);
    limit.claim(again, "192.0.2.1", new EventEmitter());
    for (const { conn } of conns.slice(1).reverse()) {
      conn.emit("close");
      conn.emit("close");
    }
    // Only the connection claimed again is left, for its address.
    expect(limit.size).toBe(1);
    for (let i = 0; i < 4; i++) expect(limit.reserve({}, "192.0.2.1")).toBe(true);
    expect(limit.reserve({}, "192.0.2.1")).toBe(false);
    for (let i = 0; i < 5; i++) expect(limit.reserve({}, "192.0.2.2")).toBe(true);
    expect(limit.reserve({}, "192.0.2.2")).toBe(false);
  });

  it("refuses everything with a limit of 0, and counts a connection it did not reserve", () => {
    const limit = new ConnectionLimit(0, hash, 10_000);
    expect(limit.reserve({}, "192.0.2.1")).toBe(false);
    expect(limit.size).toBe(0);
    const conn = new EventEmitter();
    limit.claim({}, "192.0.2.1", conn);
    expect(limit.size).toBe(1);
    conn.emit("close");
    expect(limit.size).toBe(0);
  });
});
