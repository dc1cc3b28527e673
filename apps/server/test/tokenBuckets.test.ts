import { afterEach, describe, expect, it, vi } from "vitest";
import { ByteLimits, fannedOutBytes, ROOM_EXEMPT_BYTES } from "../src/abuse/byteLimits.js";
import { TokenBuckets } from "../src/abuse/tokenBuckets.js";

describe("TokenBuckets", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets a burst up to its capacity through, then refills at its rate", () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    const b = new TokenBuckets(100, 300);
    expect(b.take("a", 200)).toBe(true);
    expect(b.take("a", 200)).toBe(false);
    expect(b.take("a", 100)).toBe(true);
    expect(b.take("b", 300)).toBe(true);
    vi.advanceTimersByTime(999);
    expect(b.take("a", 100)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(b.take("a", 100)).toBe(true);
    // Never more than its capacity, however long it waited.
    vi.advanceTimersByTime(60_000);
    expect(b.take("a", 301)).toBe(false);
  });

  it("drops keys once they have refilled, and deleted ones at once", () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    const b = new TokenBuckets(100, 300, 1000);
    b.take("a", 300);
    b.take("b", 10);
    b.delete("b");
    expect(b.size).toBe(1);
    vi.advanceTimersByTime(4000);
    expect(b.size).toBe(0);
  });
});

describe("ByteLimits", () => {
  const packet = (ct: number) => ["msg:send", { env: { v: 1, iv: "i", ct: "x".repeat(ct), mac: "m" } }];

  it("counts the envelope of messages, whispers and farewells, nothing else", () => {
    expect(fannedOutBytes(packet(1000))).toBe(1000 + 2 + 128);
    expect(fannedOutBytes(["member:exit", { farewell: { ct: "xx" } }])).toBe(130);
    expect(fannedOutBytes(["member:exit", {}])).toBe(128);
    expect(fannedOutBytes(["typing", { on: true }])).toBe(0);
    expect(fannedOutBytes(["file:chunk", { data: "x".repeat(1000) }])).toBe(0);
  });

  it("limits each socket, and all sockets of an address together", () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    const limits = new ByteLimits({ perSocket: 1000, perAddress: 2000, perRoom: 1e9, burst: 2000 });
    expect(limits.admit("s1", "addr", "room", packet(1800))).toBe("ok");
    expect(limits.admit("s1", "addr", "room", packet(1800))).toBe("sender");
    // The address holds twice the socket's burst: one more socket's worth.
    expect(limits.admit("s2", "addr", "room", packet(1800))).toBe("ok");
    expect(limits.admit("s3", "addr", "room", packet(1800))).toBe("sender");
    // The refusal by the address did not cost s3's own bucket.
    expect(limits.admit("s3", "other", "room", packet(1800))).toBe("ok");
    limits.forget("s1");
    limits.forget("s2");
    limits.forget("s3");
    expect(limits.socketKeys()).toBe(0);
  });

  it("holds a room to its budget for large messages, never for short ones", () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    const big = ROOM_EXEMPT_BYTES * 2;
    const limits = new ByteLimits({ perSocket: 1e9, perAddress: 1e9, perRoom: big, burst: big * 2 });
    expect(limits.admit("s1", "a1", "room", packet(big - 200))).toBe("ok");
    expect(limits.admit("s2", "a2", "room", packet(big - 200))).toBe("ok");
    expect(limits.admit("s3", "a3", "room", packet(big - 200))).toBe("room");
    expect(limits.admit("s3", "a3", "other", packet(big - 200))).toBe("ok");
    expect(limits.admit("s4", "a4", "room", packet(ROOM_EXEMPT_BYTES - 200))).toBe("ok");
    vi.advanceTimersByTime(1000);
    expect(limits.admit("s3", "a3", "room", packet(big - 200))).toBe("ok");
  });
});
