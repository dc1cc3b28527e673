import { type JoinRoomOptions, type RoomSession, SanctuaryError } from "@sanctuary/client";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { useAppStore } from "../src/store";
import { sdk } from "../src/store/sdkAdapter";
import { FakeSession, member } from "./fakes";

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

async function submitJoin(alias: string) {
  render(<App />);
  const join = within(screen.getByRole("form", { name: "Join a room" }));
  fireEvent.change(join.getByLabelText("Room ID"), { target: { value: "K7QM2XZD9PWH4TNS" } });
  fireEvent.change(join.getByLabelText("Your alias"), { target: { value: alias } });
  fireEvent.change(join.getByLabelText("Password"), { target: { value: "pw" } });
  await act(async () => {
    fireEvent.click(join.getByRole("button", { name: "Join room" }));
  });
  return join;
}

describe("knocking in the web app (F34, F35)", () => {
  it("shows the owner who knocks, with Let in and Refuse; a card goes when answered or gone", async () => {
    const session = new FakeSession({ you: alice, members: [alice, bob] });
    vi.spyOn(sdk, "joinRoom").mockResolvedValue(session as unknown as RoomSession);
    await submitJoin("alice");
    await screen.findByRole("banner");
    act(() => {
      session.emit("knock", { knockId: "k1", alias: "Dev", expiresInMs: 60_000 });
      session.emit("knock", { knockId: "k2", alias: "eve", expiresInMs: 60_000 });
    });
    const cards = screen.getByRole("region", { name: "Knocking" });
    expect(cards.textContent).toContain("Dev is knocking");
    const devCard = within(cards).getByText("Dev").closest(".knock-card") as HTMLElement;
    await act(async () => {
      fireEvent.click(within(devCard).getByRole("button", { name: "Let in" }));
    });
    expect(session.requests).toContain("knock k1 admit");
    expect(cards.textContent).not.toContain("Dev");
    act(() => session.emit("knockGone", "k2"));
    expect(screen.queryByRole("region", { name: "Knocking" })).toBeNull();
  });

  it("tells the joiner it waits for the owner, and Cancel withdraws the knock", async () => {
    vi.spyOn(sdk, "joinRoom").mockImplementation(async (opts: JoinRoomOptions) => {
      opts.onPhase?.("knocking");
      opts.knock?.onKnock?.({ expiresInMs: 60_000 });
      return new Promise<RoomSession>((_resolve, reject) => {
        opts.knock?.signal?.addEventListener("abort", () =>
          reject(new SanctuaryError("KNOCK_CANCELLED", "You stopped knocking.")),
        );
      });
    });
    const join = await submitJoin("dev");
    const waiting = await screen.findByText("Waiting for the owner to let you in…");
    expect(waiting.closest("[role=status]")?.textContent).toMatch(/waits (59|60) more seconds/);
    await act(async () => {
      fireEvent.click(join.getByRole("button", { name: "Cancel" }));
    });
    expect(await join.findByText("You stopped knocking.")).toBeTruthy();
    expect(useAppStore.getState().knockWait).toBeNull();
  });

  it("says a refused and an expired knock in words", async () => {
    vi.spyOn(sdk, "joinRoom").mockRejectedValueOnce(new SanctuaryError("KNOCK_REFUSED", "x"));
    const join = await submitJoin("dev");
    expect(await join.findByText("The owner did not let you in.")).toBeTruthy();
    vi.spyOn(sdk, "joinRoom").mockRejectedValueOnce(new SanctuaryError("KNOCK_EXPIRED", "x"));
    fireEvent.change(join.getByLabelText("Password"), { target: { value: "pw" } });
    await act(async () => {
      fireEvent.click(join.getByRole("button", { name: "Join room" }));
    });
    expect(await join.findByText("No answer; try again later.")).toBeTruthy();
  });

  it("states the kicked member's wait", async () => {
    const banned = new SanctuaryError("BANNED", "x", { retryAfterMs: 8 * 60_000 + 30_000 });
    vi.spyOn(sdk, "joinRoom").mockRejectedValue(banned);
    const join = await submitJoin("bob");
    expect(
      await join.findByText("You were removed from this room; you can try again in 9 minutes."),
    ).toBeTruthy();
  });
});
