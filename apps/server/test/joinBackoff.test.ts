import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JoinBackoff } from "../src/abuse/joinBackoff.js";

describe("join backoff: the wait doubles with each failure past the threshold", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("waits 2 s after the threshold, then 4 s, 8 s, … up to the cap", async () => {
    const backoff = new JoinBackoff({ perAddress: 3, perRoomAddress: 100, baseMs: 2000, maxMs: 10_000 });
    for (let i = 0; i < 2; i++) await backoff.recordFailure("R", "addr");
    expect(await backoff.blockedFor("R", "addr")).toBe(0);
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await backoff.recordFailure("R", "addr");
      const wait = await backoff.blockedFor("R", "addr");
      waits.push(wait);
      vi.advanceTimersByTime(wait);
      expect(await backoff.blockedFor("R", "addr")).toBe(0);
    }
    expect(waits).toEqual([2000, 4000, 8000, 10_000, 10_000]);
  });

  it("never blocks a room for everyone: other address groups go ahead, however many fail", async () => {
    const backoff = new JoinBackoff({ perAddress: 2, perRoomAddress: 2 });
    for (let i = 0; i < 200; i++) await backoff.recordFailure("R", `guesser-${i % 100}`);
    expect(await backoff.blockedFor("R", "guesser-1")).toBeGreaterThan(0);
    expect(await backoff.blockedFor("R", "someone-else")).toBe(0);
    await backoff.forgetRoom("R");
    // The (room, group) counts went with the room; the groups' own counts stay.
    expect(await backoff.blockedFor("R", "guesser-1")).toBeGreaterThan(0);
  });

  it("bounds one group's guesses at one room even when it clears its count elsewhere", async () => {
    const backoff = new JoinBackoff({ perAddress: 3, perRoomAddress: 4 });
    const codes: boolean[] = [];
    for (let i = 0; i < 6; i++) {
      codes.push((await backoff.blockedFor("TARGET", "g")) > 0);
      await backoff.recordFailure("TARGET", "g");
      // The guesser knows the password of its own room and joins it after each guess.
      await backoff.recordSuccess("OWN", "g");
    }
    expect(await backoff.blockedFor("TARGET", "g")).toBeGreaterThan(0);
    expect(await backoff.blockedFor("OWN", "g")).toBe(0);
    expect(codes.slice(0, 4)).toEqual([false, false, false, false]);
  });

  it("notifies at 5 failures and each doubling; a success clears the address", async () => {
    const backoff = new JoinBackoff({ perAddress: 1000, perRoomAddress: 1000 });
    const noticed: number[] = [];
    for (let i = 0; i < 40; i++) {
      const { roomFailures, notify } = await backoff.recordFailure("R", `a${i}`);
      if (notify) noticed.push(roomFailures);
    }
    expect(noticed).toEqual([5, 10, 20, 40]);
    await backoff.recordSuccess("R", "a0");
    await backoff.forgetRoom("R");
    // 39 other addresses' counts remain until they expire (30 minutes after the last failure).
    expect(backoff.size()).toBe(39);
    vi.advanceTimersByTime(30 * 60_000 + 1);
    expect(backoff.size()).toBe(0);
  });
});
