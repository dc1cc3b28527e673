import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionBanner } from "../src/components/ConnectionBanner";
import { formatCountdown, RoomCountdown } from "../src/components/RoomCountdown";
import { useAppStore } from "../src/store";
import { createAppStore } from "../src/store/createAppStore";
import { FakeSession, fakeNav, fakeSdk, incoming, member } from "./fakes";

/** Reconnect without replay (F17) in the store and on screen, and the self-destruct countdown. */
async function joined(session: FakeSession) {
  const store = createAppStore({ sdk: fakeSdk(async () => session), nav: fakeNav() });
  const ui = store.getState().joinActions;
  ui.setJoinField("roomId", "K7QM-2XZD-9PWH-4TNS");
  ui.setJoinField("alias", "bob");
  ui.setJoinField("password", "correct horse");
  await store.getState().joinActions.joinRoom();
  return store;
}

const texts = (store: Awaited<ReturnType<typeof joined>>) =>
  store.getState().messages.map((m) => ("text" in m ? m.text : ""));

describe("store: reconnecting", () => {
  it("marks the gap with how long it was, and takes the server's fresh member list", async () => {
    const alice = member("m1", "alice", true);
    const bob = member("m2", "bob");
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    const store = await joined(session);
    session.emit("typing", "m1", true);
    session.connectionDrops();
    expect(store.getState().connection).toBe("reconnecting");
    expect(store.getState().typing).toEqual([]);
    expect(store.getState().screen).toBe("room");

    const carol = member("m3", "carol");
    session.resumes({ members: [alice, bob, carol], offlineMs: 12_300 });
    expect(store.getState().connection).toBe("online");
    expect(store.getState().members.map((m) => m.alias)).toEqual(["alice", "bob", "carol"]);
    expect(texts(store)).toContain("You were away 12 s; messages sent meanwhile are not shown.");
    session.emit("message", incoming("x1", alice, "after the gap"));
    expect(texts(store)).toContain("after the gap");
  });

  it("takes the owner and lock the room has after a resume from the session's snapshot", async () => {
    const alice = member("m1", "alice", true);
    const bob = member("m2", "bob");
    const carol = member("m3", "carol");
    const session = new FakeSession({ you: bob, members: [alice, carol, bob] });
    const store = await joined(session);
    session.connectionDrops();
    session.resumes({ members: [carol, bob], ownerId: "m3", locked: true, offlineMs: 4000 });
    const state = store.getState();
    expect(state).toMatchObject({ ownerId: "m3", locked: true, connection: "online" });
    expect(state.members).toBe(session.snapshot.members);
    expect(state.memberKeys).toBe(session.snapshot.memberKeys);
    expect(state.members.map((m) => [m.alias, m.owner])).toEqual([
      ["carol", true],
      ["bob", false],
    ]);
    expect(texts(store).slice(-2)).toEqual([
      "You were away 4 s; messages sent meanwhile are not shown.",
      "carol now owns the room",
    ]);
  });

  it("says when another member is away and back", async () => {
    const alice = member("m1", "alice", true);
    const session = new FakeSession({ you: member("m2", "bob"), members: [alice, member("m2", "bob")] });
    const store = await joined(session);
    session.memberAway("m1", true);
    expect(store.getState().members.find((m) => m.id === "m1")?.away).toBe(true);
    session.memberAway("m1", false);
    expect(store.getState().members.find((m) => m.id === "m1")?.away).toBeUndefined();
    expect(texts(store)).toEqual([
      "alice lost the connection; their seat is held for a moment",
      "alice is back",
    ]);
  });

  it("a session that ends while reconnecting shows Connection lost, and the next room starts online", async () => {
    const session = new FakeSession();
    const store = await joined(session);
    session.connectionDrops();
    session.emit("ended", { reason: "disconnected" });
    expect(store.getState()).toMatchObject({ screen: "ended", ended: { reason: "disconnected" } });
    expect(store.getState().connection).toBe("online");
  });
});

describe("ConnectionBanner and RoomCountdown", () => {
  beforeEach(() => useAppStore.setState(useAppStore.getInitialState(), true));
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("shows a status line only while reconnecting", () => {
    render(<ConnectionBanner />);
    expect(screen.queryByRole("status")).toBeNull();
    act(() => useAppStore.setState({ connection: "reconnecting" }));
    expect(screen.getByRole("status").textContent).toContain("Reconnecting…");
    act(() => useAppStore.setState({ connection: "online" }));
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("counts down every second from expiresAt, and shows nothing without one", () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const room = {
      roomId: "K7QM2XZD9PWH4TNS",
      roomName: undefined,
      youId: "m1",
      expiresAt: undefined,
      roomFingerprint: "",
      yourFingerprint: "",
    };
    act(() => useAppStore.setState({ room }));
    const { container } = render(<RoomCountdown />);
    expect(container.textContent).toBe("");
    act(() => useAppStore.setState({ room: { ...room, expiresAt: Date.now() + 15 * 60_000 } }));
    expect(screen.getByRole("timer").textContent).toBe("Self-destructs in 15:00");
    act(() => vi.advanceTimersByTime(61_000));
    expect(screen.getByRole("timer").textContent).toBe("Self-destructs in 13:59");
    expect(formatCountdown(3_600_000 + 5_000)).toBe("1:00:05");
    expect(formatCountdown(-5)).toBe("0:00");
  });
});
