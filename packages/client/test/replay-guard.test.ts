import { beforeEach, describe, expect, it, vi } from "vitest";
import { CLOCK_SKEW_MS, newStamp, ReplayGuard, SEEN_IDS_MAX } from "../src/replayGuard.js";

/** The replay guard's rules (docs/protocol.md "Message bodies"), on a clock the test sets. */
const clock = vi.hoisted(() => ({ now: 1_700_000_000_000 }));
vi.mock("../src/clock.js", () => ({ clockNow: () => clock.now }));

const T0 = 1_700_000_000_000;
beforeEach(() => {
  clock.now = T0;
});

describe("ReplayGuard", () => {
  it("admits a fresh stamp once, then calls it a repeat", () => {
    const guard = new ReplayGuard();
    const stamp = newStamp("m-ann");
    expect(stamp.mid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(stamp.sent).toBe(T0);
    expect(guard.admit(stamp, "m-ann", T0)).toBeUndefined();
    expect(guard.admit(stamp, "m-ann", T0 + 1000)).toBe("repeat");
    expect(newStamp("m-ann").mid).not.toBe(stamp.mid);
  });

  it("refuses no stamp, and a stamp naming another sender", () => {
    const guard = new ReplayGuard();
    expect(guard.admit(undefined, "m-ann", T0)).toBe("outdated");
    expect(guard.admit(newStamp("m-ann"), "m-bob", T0)).toBe("wrong-sender");
  });

  it("allows CLOCK_SKEW_MS between sender and server, and between server and receiver", () => {
    const guard = new ReplayGuard();
    const at = (sent: number) => ({ ...newStamp("m"), sent });
    expect(guard.admit(at(T0 - CLOCK_SKEW_MS), "m", T0)).toBeUndefined();
    expect(guard.admit(at(T0 + CLOCK_SKEW_MS), "m", T0)).toBeUndefined();
    expect(guard.admit(at(T0 - CLOCK_SKEW_MS - 1), "m", T0)).toBe("stale");
    expect(guard.admit(at(T0), "m", T0 - CLOCK_SKEW_MS - 1)).toBe("stale");
    expect(guard.admit(at(T0 + CLOCK_SKEW_MS), "m", T0 + CLOCK_SKEW_MS)).toBeUndefined();
    // A farewell (no server time) against the receiver's clock, twice the skew.
    expect(guard.admit(at(T0 - 2 * CLOCK_SKEW_MS), "m", undefined)).toBeUndefined();
    expect(guard.admit(at(T0 - 2 * CLOCK_SKEW_MS - 1), "m", undefined)).toBe("stale");
  });

  it("forgets an ID only once its message could no longer pass the time check", () => {
    const guard = new ReplayGuard();
    const stamp = newStamp("m");
    expect(guard.admit(stamp, "m", T0)).toBeUndefined();
    clock.now = T0 + 2 * CLOCK_SKEW_MS;
    guard.remember(newStamp("m")); // sweeps
    expect(guard.admit(stamp, "m", undefined)).toBe("repeat");
    clock.now = T0 + 2 * CLOCK_SKEW_MS + 1;
    guard.remember(newStamp("m"));
    expect(guard.admit(stamp, "m", undefined)).toBe("stale");
  });

  it("keeps at most SEEN_IDS_MAX IDs, dropping the oldest", () => {
    const guard = new ReplayGuard();
    const first = newStamp("m");
    guard.remember(first);
    const second = newStamp("m");
    guard.remember(second);
    for (let i = 0; i < SEEN_IDS_MAX - 1; i++) guard.remember(newStamp("m"));
    expect(guard.admit(second, "m", T0)).toBe("repeat");
    expect(guard.admit(first, "m", T0)).toBeUndefined();
  });
});
