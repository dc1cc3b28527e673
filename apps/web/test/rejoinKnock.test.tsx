import type { RoomSession } from "@sanctuary/client";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { useAppStore } from "../src/store";
import { sdk } from "../src/store/sdkAdapter";
import { FakeSession, member } from "./fakes";

/**
 * Knocking to get back in after a long outage (F26, F34), and the owner's knock cards
 * with their countdown (F35), in the whole app.
 */
const alice = member("m1", "alice", true);
const bob = member("m2", "bob");

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  history.replaceState(null, "", "/");
});

async function inRoom(session: FakeSession) {
  vi.spyOn(sdk, "joinRoom").mockResolvedValue(session as unknown as RoomSession);
  render(<App />);
  const join = within(screen.getByRole("form", { name: "Join a room" }));
  fireEvent.change(join.getByLabelText("Room ID"), { target: { value: "K7QM2XZD9PWH4TNS" } });
  fireEvent.change(join.getByLabelText("Your alias"), { target: { value: session.snapshot.you.alias } });
  fireEvent.change(join.getByLabelText("Password"), { target: { value: "pw" } });
  await act(async () => {
    fireEvent.click(join.getByRole("button", { name: "Join room" }));
  });
  // The room screen loads lazily: the first one may take a moment.
  await screen.findByRole("banner", {}, { timeout: 10_000 });
  await waitFor(() => expect(useAppStore.getState().session).toBe(session));
}

function knocksBack(session: FakeSession, expiresInMs = 60_000) {
  act(() => {
    session.connectionDrops(1000);
    session.emit("connection", { state: "knocking", since: 1000, expiresInMs });
  });
}

describe("knocking to get back in", () => {
  it("says the owner must let you back in, with the time left; back to reconnecting once let in", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    await inRoom(session);
    knocksBack(session, 42_000);
    const status = (await screen.findByText("Waiting for the owner to let you back in…")).closest(
      "[role=status]",
    );
    expect(status?.textContent).toContain("42 more seconds");
    expect(screen.getByRole("button", { name: "Cancel and leave" })).toBeTruthy();
    // Let in: the SDK joins with the ticket ("reconnecting" again), then is back.
    act(() => session.emit("connection", { state: "reconnecting", since: 1000 }));
    expect(screen.queryByText("Waiting for the owner to let you back in…")).toBeNull();
    expect(screen.getByText(/Reconnecting…/)).toBeTruthy();
    const back = member("m3", "bob");
    act(() => session.rejoins({ you: back, members: [alice, back], ownerId: "m1", offlineMs: 90_000 }));
    expect(screen.queryByText(/Reconnecting…/)).toBeNull();
    expect(useAppStore.getState().rejoinKnock).toBeNull();
  });

  it("Cancel leaves the room: the session ends and the page shows it", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    await inRoom(session);
    knocksBack(session);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Cancel and leave" }));
    });
    expect(await screen.findByRole("heading", { name: "You left the room" })).toBeTruthy();
    expect(useAppStore.getState().session).toBeNull();
    expect(useAppStore.getState().rejoinKnock).toBeNull();
  });

  it.each([
    [{ code: "KNOCK_REFUSED" }, "the owner did not let you back in"],
    [{ code: "KNOCK_EXPIRED" }, "nobody let you in before the knock expired"],
    [{ code: "BANNED", retryAfterMs: 8.5 * 60_000 }, "you can try again in 9 minutes"],
  ] as const)("a refused rejoin (%o) says why on the ended screen", async (refusal, words) => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    await inRoom(session);
    knocksBack(session);
    act(() => session.emit("ended", { reason: "rejoin-refused", ...refusal }));
    expect(await screen.findByRole("heading", { name: "You could not get back in" })).toBeTruthy();
    expect(screen.getByRole("main").textContent).toContain(words);
  });
});

describe("the owner's knock cards", () => {
  it("show how long each knock still waits; a knock told again (new owner) stays one card", async () => {
    const session = new FakeSession({ you: alice, members: [alice, bob] });
    await inRoom(session);
    act(() => session.emit("knock", { knockId: "k1", alias: "dev", expiresInMs: 42_000 }));
    const cards = screen.getByRole("region", { name: "Knocking" });
    expect(cards.textContent).toContain("dev is knocking · 42 s left");
    act(() => session.emit("knock", { knockId: "k1", alias: "dev", expiresInMs: 30_000 }));
    expect(within(cards).getAllByText("dev")).toHaveLength(1);
    expect(cards.textContent).toContain("30 s left");
  });

  it("back online, stale cards go; the knocks the server tells again come back", async () => {
    const session = new FakeSession({ you: alice, members: [alice, bob] });
    await inRoom(session);
    act(() => {
      session.emit("knock", { knockId: "k1", alias: "dev", expiresInMs: 42_000 });
      session.emit("knock", { knockId: "k2", alias: "eve", expiresInMs: 42_000 });
      session.connectionDrops();
    });
    act(() => {
      session.resumes({ offlineMs: 5_000 });
      session.emit("knock", { knockId: "k2", alias: "eve", expiresInMs: 37_000 });
    });
    const cards = screen.getByRole("region", { name: "Knocking" });
    expect(cards.textContent).toContain("eve is knocking · 37 s left");
    expect(cards.textContent).not.toContain("dev");
  });
});
