import type { RoomSession, RoomSnapshot } from "@sanctuary/client";
import { describe, expectTypeOf, it } from "vitest";
import type { SessionLike } from "../src/store/sdk";
import type { FakeSession } from "./fakes";

/**
 * `SessionLike` is picked from `RoomSession`, so it follows the real class; the fake
 * that store tests use must fit it, and a fake that falls behind does not compile.
 */
/** A fake that fell behind: no setLocked, a wrong one, or the room state the old way. */
declare const lacking: Omit<FakeSession, "setLocked">;
declare const wrong: Omit<FakeSession, "setLocked"> & { setLocked(locked: string): Promise<void> };
declare const stale: Omit<FakeSession, "snapshot"> & { members: readonly string[] };

describe("SessionLike", () => {
  it("has the real session's own signatures", () => {
    expectTypeOf<SessionLike["setLocked"]>().toEqualTypeOf<RoomSession["setLocked"]>();
    expectTypeOf<SessionLike["on"]>().toEqualTypeOf<RoomSession["on"]>();
    expectTypeOf<SessionLike["snapshot"]>().toEqualTypeOf<RoomSnapshot>();
    expectTypeOf<RoomSession>().toExtend<SessionLike>();
    expectTypeOf<FakeSession>().toExtend<SessionLike>();
  });

  it("refuses a fake that lacks a method or gets one wrong", () => {
    // @ts-expect-error: setLocked is missing
    const a: SessionLike = lacking;
    // @ts-expect-error: setLocked takes a boolean
    const b: SessionLike = wrong;
    // @ts-expect-error: the room state comes as a snapshot
    const c: SessionLike = stale;
    expectTypeOf(lacking).not.toExtend<SessionLike>();
    void [a, b, c];
  });
});
