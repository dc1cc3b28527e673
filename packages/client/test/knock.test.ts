import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { JoinPhase, KnockEvent, RoomSession } from "../src/index.js";
import { createRoom, joinRoom, SanctuaryError } from "../src/index.js";
import { type RealServer, startRealServer } from "./support/realServer.js";

/**
 * Knocking (F34, F35) through the SDK against the real server: a join into a locked
 * room, or from a household barred by someone else's kick, waits for the owner; the
 * person kicked is refused with the time left. Every client here is 127.0.0.1: one
 * address group, like a household behind one router.
 */

let real: RealServer;
const open: RoomSession[] = [];
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  real = await startRealServer({ knockTimeoutMs: 1_500 });
});
afterAll(() => real.close());
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function track(session: RoomSession): RoomSession {
  open.push(session);
  return session;
}

async function lockedRoom(): Promise<RoomSession> {
  const owner = track(await createRoom({ serverUrl: real.url, alias: "alice", password: PASSWORD }));
  await owner.setLocked(true);
  return owner;
}

/** The owner's next knock, answered with `admit`. */
function answerNext(owner: RoomSession, admit: boolean): Promise<KnockEvent> {
  return new Promise((resolve) => {
    const off = owner.on("knock", (knock) => {
      off();
      void owner.answerKnock(knock.knockId, admit).then(() => resolve(knock));
    });
  });
}

async function failure(promise: Promise<unknown>): Promise<SanctuaryError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SanctuaryError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("knocking through the SDK", () => {
  it("waits for the owner and comes in when let in", async () => {
    const owner = await lockedRoom();
    const phases: JoinPhase[] = [];
    const waiting: number[] = [];
    const heard = answerNext(owner, true);
    const joined = new Promise((resolve) => owner.on("memberJoined", resolve));
    const dev = track(
      await joinRoom({
        serverUrl: real.url,
        roomId: owner.roomId,
        alias: "dev",
        password: PASSWORD,
        onPhase: (p) => phases.push(p),
        knock: { onKnock: (w) => waiting.push(w.expiresInMs) },
      }),
    );
    expect((await heard).alias).toBe("dev");
    expect(waiting).toEqual([1_500]);
    expect(phases).toContain("knocking");
    expect(dev.snapshot.you.alias).toBe("dev");
    await joined;
    expect(owner.snapshot.members.map((m) => m.alias).sort()).toEqual(["alice", "dev"]);
  });

  it("reports a refusal, an expiry, and a withdrawn knock; without knock hooks KNOCK_REQUIRED", async () => {
    const owner = await lockedRoom();
    const base = { serverUrl: real.url, roomId: owner.roomId, password: PASSWORD };
    void answerNext(owner, false);
    expect((await failure(joinRoom({ ...base, alias: "dev", knock: {} }))).code).toBe("KNOCK_REFUSED");
    const expired = await failure(joinRoom({ ...base, alias: "dev", knock: {} }));
    expect([expired.code, expired.message]).toEqual(["KNOCK_EXPIRED", "No answer; try again later."]);
    const abort = new AbortController();
    const gone = new Promise<string>((resolve) => owner.on("knockGone", resolve));
    const withdrawn = failure(
      joinRoom({ ...base, alias: "dev", knock: { onKnock: () => abort.abort(), signal: abort.signal } }),
    );
    expect((await withdrawn).code).toBe("KNOCK_CANCELLED");
    expect(typeof (await gone)).toBe("string");
    expect((await failure(joinRoom({ ...base, alias: "dev" }))).code).toBe("KNOCK_REQUIRED");
  });

  it("states the kicked member's wait, and lets a housemate knock", async () => {
    const owner = track(await createRoom({ serverUrl: real.url, alias: "alice", password: PASSWORD }));
    const base = { serverUrl: real.url, roomId: owner.roomId, password: PASSWORD };
    const bob = track(await joinRoom({ ...base, alias: "bob" }));
    await owner.kick(bob.snapshot.you.id);
    const banned = await failure(joinRoom({ ...base, alias: "Bob", knock: {} }));
    expect(banned.code).toBe("BANNED");
    expect(banned.retryAfterMs).toBeGreaterThan(9 * 60_000);
    expect(banned.message).toBe("You were removed from this room; you can try again in 10 minutes.");
    void answerNext(owner, true);
    const eve = track(await joinRoom({ ...base, alias: "eve", knock: {} }));
    expect(eve.snapshot.you.alias).toBe("eve");
  });
});
