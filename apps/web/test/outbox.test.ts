import { SanctuaryError } from "@sanctuary/client";
import { afterEach, describe, expect, it } from "vitest";
import { spoken } from "../src/lib/duration";
import { installLifecycle } from "../src/lib/lifecycle";
import { createAppStore } from "../src/store/createAppStore";
import type { RoomMessage } from "../src/store/types";
import { FakeSession, fakeNav, fakeSdk, member } from "./fakes";

/**
 * Staying in the room (F26–F28) in the store: the outbox, the rejoin as a new member,
 * the "Reconnecting…" clock, stale errors, and the Back and reload guards.
 */
async function joined(session: FakeSession) {
  const store = createAppStore({ sdk: fakeSdk(async () => session), nav: fakeNav() });
  const ui = store.getState().joinActions;
  ui.setJoinField("roomId", "K7QM-2XZD-9PWH-4TNS");
  ui.setJoinField("alias", "bob");
  ui.setJoinField("password", "correct horse");
  await ui.joinRoom();
  return store;
}
type Store = Awaited<ReturnType<typeof joined>>;

const mine = (store: Store) =>
  store
    .getState()
    .messages.filter((m): m is RoomMessage => m.kind !== "notice")
    .map((m) => [m.text, m.status]);
const texts = (store: Store) => store.getState().messages.map((m) => m.text);
const settle = () => new Promise((r) => setTimeout(r, 0));

const alice = member("m1", "alice", true);
const bob = member("m2", "bob");

describe("outbox (F27)", () => {
  it("keeps what is sent while reconnecting as 'not sent yet', then sends it in order once back", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    session.connectionDrops(Date.now() - 80_000);
    expect(store.getState().reconnectingSince).not.toBeNull();
    expect(await store.getState().composerActions.send("first")).toBe(true);
    expect(await store.getState().composerActions.send("second")).toBe(true);
    expect(mine(store)).toEqual([
      ["first", "queued"],
      ["second", "queued"],
    ]);
    expect(session.sent).toEqual([]);

    session.resumes({ offlineMs: 80_000 });
    await expect.poll(() => session.sent).toEqual(["first", "second"]);
    await expect
      .poll(() => mine(store))
      .toEqual([
        ["first", "delivered"],
        ["second", "delivered"],
      ]);
    expect(store.getState().reconnectingSince).toBeNull();
    expect(texts(store)).toContain("You were away 1 min 20 s; messages sent meanwhile are not shown.");
  });

  it("a message typed after the return waits behind older ones (order holds)", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    session.connectionDrops();
    await store.getState().composerActions.send("old");
    session.resumes({ offlineMs: 1000 });
    await store.getState().composerActions.send("new");
    await expect.poll(() => session.sent).toEqual(["old", "new"]);
  });

  it("discarding takes a waiting message out for good", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    session.connectionDrops();
    await store.getState().composerActions.send("keep");
    await store.getState().composerActions.send("drop");
    const id = store.getState().messages.find((m) => m.text === "drop")?.id ?? "";
    store.getState().composerActions.discardQueued(id);
    session.resumes({ offlineMs: 1000 });
    await expect.poll(() => session.sent).toEqual(["keep"]);
    await settle();
    expect(texts(store)).not.toContain("drop");
  });

  it("a send cut short by the drop waits too, and the stale error goes when the connection returns", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    store.setState({ sendError: "Could not reach the Sanctuary server." });
    session.sendError = new SanctuaryError("NETWORK", "The connection dropped.");
    const sending = store.getState().composerActions.send("in flight");
    session.connectionDrops();
    expect(await sending).toBe(true);
    expect(mine(store)).toEqual([["in flight", "queued"]]);
    session.sendError = null;
    session.resumes({ offlineMs: 2000 });
    expect(store.getState().sendError).toBeNull();
    await expect.poll(() => session.sent).toEqual(["in flight"]);
  });

  it("an error while online is still an error, not a silent wait", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    session.sendError = new SanctuaryError("RATE_LIMITED", "Slow down.");
    expect(await store.getState().composerActions.send("x")).toBe(false);
    expect(mine(store)).toEqual([]);
    expect(store.getState().sendError).not.toBeNull();
  });
});

describe("rejoin after the window (F26)", () => {
  it("keeps the transcript, takes the new seat, and says when the alias had to change", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    session.emit("message", {
      id: "x1",
      kind: "msg",
      from: { id: "m1", alias: "alice" },
      ts: Date.now(),
      text: "before",
      mine: false,
    });
    session.connectionDrops();
    await store.getState().composerActions.send("waited");
    const bob2 = member("m9", "bob2");
    session.rejoins({ you: bob2, members: [alice, bob2], ownerId: "m1", offlineMs: 4 * 60_000 });
    expect(store.getState().room?.youId).toBe("m9");
    expect(store.getState().screen).toBe("room");
    expect(texts(store)).toContain("before");
    expect(texts(store)).toContain(
      "You were away 4 min; messages sent meanwhile are not shown. Your alias was taken meanwhile: you are back as bob2.",
    );
    await expect.poll(() => session.sent).toEqual(["waited"]);
  });

  it("a refused rejoin ends with its code for the ended screen", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    session.emit("ended", { reason: "rejoin-refused", code: "LOCKED" });
    expect(store.getState()).toMatchObject({
      screen: "ended",
      ended: { reason: "rejoin-refused", code: "LOCKED" },
    });
  });

  it("says durations the way people do", () => {
    expect([12_300, 60_000, 80_000, 4 * 60_000, 5 * 60_000 + 20_000, 65 * 60_000].map(spoken)).toEqual([
      "12 s",
      "1 min",
      "1 min 20 s",
      "4 min",
      "5 min",
      "1 h 5 min",
    ]);
  });
});

describe("no accidental exits (F28)", () => {
  let uninstall: () => void = () => {};
  afterEach(() => {
    uninstall();
    history.replaceState(null, "", "/");
  });

  it("a reload or tab close in a room asks the browser to prompt, and keeps the session until pagehide", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    uninstall = installLifecycle(store);
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(session.closed).toBe(0);
    expect(store.getState().screen).toBe("room");
    window.dispatchEvent(new Event("pagehide"));
    expect(session.closed).toBe(1);
  });

  it("no prompt outside a room", () => {
    const store = createAppStore({ sdk: fakeSdk(async () => new FakeSession()), nav: fakeNav() });
    uninstall = installLifecycle(store);
    const event = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });

  it("Back in a room asks to leave and stays on the room's entry; nothing secret in the history", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    history.pushState(null, "", "/#/room");
    history.pushState({ guard: 1 }, "", "/#/room");
    uninstall = installLifecycle(store);
    history.back();
    await expect.poll(() => store.getState().pending).toEqual({ kind: "leave" });
    expect(store.getState().screen).toBe("room");
    expect(session.leftWith).toEqual([]);
    expect(location.hash).toBe("#/room");
    expect(history.state).toEqual({ guard: 1 });
    await store.getState().moderationActions.confirmPending();
    expect(session.leftWith).toEqual([undefined]);
    expect(store.getState().screen).toBe("ended");
  });
});
