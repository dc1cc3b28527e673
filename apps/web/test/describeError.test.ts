import { SanctuaryError } from "@sanctuary/client";
import { ERROR_MESSAGES } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { describeError } from "../src/store/describeError";

describe("describeError", () => {
  it("keeps the server's words for a rate refusal, which say which budget ran out", () => {
    const busy = "The room is busy with large messages; try again in a few seconds.";
    expect(describeError(new SanctuaryError("RATE_LIMITED", busy))).toBe(busy);
  });

  it("uses the protocol's words for other server codes", () => {
    expect(describeError(new SanctuaryError("WRONG_PASSWORD", "x"))).toBe(ERROR_MESSAGES.WRONG_PASSWORD);
  });

  it("states the wait of a kicked member", () => {
    const err = Object.assign(new SanctuaryError("BANNED", "x"), { retryAfterMs: 540_000 });
    expect(describeError(err)).toBe("You were removed from this room; you can try again in 9 minutes.");
  });
});
