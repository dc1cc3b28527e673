import type { RoomSession } from "@sanctuary/client";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { useAppStore } from "../src/store";
import { sdk } from "../src/store/sdkAdapter";
import { FakeSession, incoming, member } from "./fakes";

const alice = member("m1", "alice", true);
const bob = member("m2", "bob");
const carol = member("m3", "carol");

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  history.replaceState(null, "", "/");
});

/** Renders the app and joins, through the real store, a room with alice, bob and carol. */
async function enterAs(you: typeof alice) {
  const session = new FakeSession({ you, members: [alice, bob, carol] });
  vi.spyOn(sdk, "joinRoom").mockResolvedValue(session as unknown as RoomSession);
  render(<App />);
  const join = within(screen.getByRole("form", { name: "Join a room" }));
  fireEvent.change(join.getByLabelText("Room ID"), { target: { value: session.roomId } });
  fireEvent.change(join.getByLabelText("Your alias"), { target: { value: you.alias } });
  fireEvent.change(join.getByLabelText("Password"), { target: { value: "pw" } });
  await act(async () => {
    fireEvent.click(join.getByRole("button", { name: "Join room" }));
  });
  await screen.findByRole("banner");
  return session;
}

const box = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement;
const log = () => screen.getByRole("log", { name: "Messages" });

describe("command suggestions", () => {
  it("opens on /, moves with the arrows, completes with Tab, closes with Escape", async () => {
    await enterAs(alice);
    fireEvent.change(box(), { target: { value: "/" } });
    const list = screen.getByRole("listbox", { name: "Command suggestions" });
    const options = within(list).getAllByRole("option");
    expect(options).toHaveLength(9);
    expect(options[0]?.getAttribute("aria-label")).toBe("/purr <alias> <message>: Whisper to one member");
    expect(options[0]?.getAttribute("aria-selected")).toBe("true");
    expect(box().getAttribute("aria-activedescendant")).toBe(options[0]?.id);

    fireEvent.keyDown(box(), { key: "ArrowDown" });
    expect(box().getAttribute("aria-activedescendant")).toBe(within(list).getAllByRole("option")[1]?.id);
    fireEvent.keyDown(box(), { key: "ArrowUp" });
    fireEvent.keyDown(box(), { key: "ArrowUp" });
    expect(screen.getByRole("option", { selected: true }).textContent).toContain("/stop");

    fireEvent.change(box(), { target: { value: "/k" } });
    fireEvent.keyDown(box(), { key: "Tab" });
    expect(box().value).toBe("/kick ");
    // Now the members, never yourself.
    const members = within(screen.getByRole("listbox")).getAllByRole("option");
    expect(members.map((o) => o.querySelector(".suggestion-label")?.textContent)).toEqual(["bob", "carol"]);

    fireEvent.change(box(), { target: { value: "/kick c" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    expect(box().value).toBe("/kick carol");
    expect(screen.queryByRole("listbox")).toBeNull();

    fireEvent.change(box(), { target: { value: "/w" } });
    expect(screen.getByRole("listbox")).toBeTruthy();
    fireEvent.keyDown(box(), { key: "Escape" });
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box().getAttribute("aria-activedescendant")).toBeNull();
    fireEvent.change(box(), { target: { value: "/wh" } });
    expect(screen.getByRole("listbox")).toBeTruthy();
  });

  it("a click on an option completes it and keeps the focus in the box", async () => {
    await enterAs(alice);
    box().focus();
    fireEvent.change(box(), { target: { value: "/purr b" } });
    fireEvent.click(screen.getByRole("option", { name: "bob: member" }));
    expect(box().value).toBe("/purr bob ");
    expect(document.activeElement).toBe(box());
  });

  it("a misused command leaves a marked local hint and the text in the box", async () => {
    const session = await enterAs(alice);
    fireEvent.change(box(), { target: { value: "/kick alice" } });
    await act(async () => {
      fireEvent.keyDown(box(), { key: "Enter" });
    });
    const hint = log().querySelector("li.notice.hint");
    expect(hint?.textContent).toMatch(/cannot remove yourself.*Only you see this\./);
    expect(box().value).toBe("/kick alice");
    expect(session.requests).toEqual([]);
  });

  it("a non-owner's /kick shows the server's refusal", async () => {
    const session = await enterAs(bob);
    fireEvent.change(box(), { target: { value: "/kick alice" } });
    await act(async () => {
      fireEvent.keyDown(box(), { key: "Enter" });
    });
    expect(session.requests).toEqual(["kick m1"]);
    expect(log().querySelector("li.notice.hint")?.textContent).toContain("Only the room owner can do that.");
    expect(box().value).toBe("");
  });
});

describe("whispers", () => {
  it("are marked for the sender and for the recipient", async () => {
    const session = await enterAs(alice);
    fireEvent.change(box(), { target: { value: "/purr bob secret words" } });
    await act(async () => {
      fireEvent.keyDown(box(), { key: "Enter" });
    });
    act(() => {
      session.emit("message", { ...incoming("w2", bob, "psst back"), kind: "whisper", to: "m1" });
    });
    const whispers = log().querySelectorAll("li.message.whisper");
    expect(whispers).toHaveLength(2);
    expect(whispers[0]?.textContent).toContain("Whisper to bob");
    expect(whispers[0]?.textContent).toContain("secret words");
    expect(whispers[1]?.textContent).toContain("Whisper from bob");
  });
});

describe("member list and room menu", () => {
  it("gives the owner whisper and remove buttons; remove asks in a dialog", async () => {
    const session = await enterAs(alice);
    const list = screen.getByRole("list", { name: "Members" });
    expect(within(list).queryByRole("button", { name: "Remove alice" })).toBeNull();
    fireEvent.click(within(list).getByRole("button", { name: "Remove carol" }));
    const dialog = screen.getByRole("dialog", { name: "Remove carol?" });
    expect(document.activeElement).toBe(within(dialog).getByRole("button", { name: "Cancel" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(session.requests).toEqual([]);

    fireEvent.click(within(list).getByRole("button", { name: "Remove carol" }));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    });
    expect(session.requests).toEqual(["kick m3"]);
    expect(within(list).queryByText("carol")).toBeNull();
    expect(log().textContent).toContain("carol was removed by alice");
  });

  it("Whisper to … fills the composer", async () => {
    await enterAs(bob);
    fireEvent.click(screen.getByRole("button", { name: "Whisper to carol" }));
    expect(box().value).toBe("/purr carol ");
    expect(document.activeElement).toBe(box());
  });

  it("the owner's menu locks and purges (after confirming); others get only local items", async () => {
    const session = await enterAs(alice);
    const menuButton = screen.getByRole("button", { name: "Room menu" });
    fireEvent.click(menuButton);
    const menu = screen.getByRole("menu", { name: "Room menu" });
    expect(
      within(menu)
        .getAllByRole("menuitem")
        .map((i) => i.textContent),
    ).toEqual(["Lock room", "Purge room", "Show commands", "Clear my screen"]);
    expect(document.activeElement?.textContent).toBe("Lock room");
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement?.textContent).toBe("Purge room");
    fireEvent.keyDown(menu, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(menuButton);

    fireEvent.click(menuButton);
    await act(async () => {
      fireEvent.click(screen.getByRole("menuitem", { name: "Lock room" }));
    });
    expect(session.requests).toEqual(["lock true"]);
    expect(screen.getByRole("banner").textContent).toContain("locked");
    fireEvent.click(menuButton);
    expect(screen.getByRole("menuitem", { name: "Unlock room" })).toBeTruthy();
    fireEvent.click(screen.getByRole("menuitem", { name: "Purge room" }));
    expect(screen.getByRole("dialog", { name: "Purge the room?" })).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    });
    expect(session.requests).toEqual(["lock true", "purge"]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("The room was purged");
    expect(screen.getByText(/Purged by alice/)).toBeTruthy();
  });

  it("Unlock room asks the SDK to unlock, and the room shows unlocked", async () => {
    const session = await enterAs(alice);
    const menuButton = screen.getByRole("button", { name: "Room menu" });
    const badge = () => within(screen.getByRole("banner")).queryByText("locked");
    fireEvent.click(menuButton);
    await act(async () => {
      fireEvent.click(screen.getByRole("menuitem", { name: "Lock room" }));
    });
    expect(badge()).toBeTruthy();

    fireEvent.click(menuButton);
    await act(async () => {
      fireEvent.click(screen.getByRole("menuitem", { name: "Unlock room" }));
    });
    expect(session.requests).toEqual(["lock true", "lock false"]);
    expect(session.snapshot.locked).toBe(false);
    expect(badge()).toBeNull();
    expect(log().textContent).toContain("Room unlocked by alice");
    fireEvent.click(menuButton);
    expect(screen.getByRole("menuitem", { name: "Lock room" })).toBeTruthy();
    expect(screen.queryByRole("menuitem", { name: "Unlock room" })).toBeNull();
  });

  it("a member's menu has no owner items; controls follow ownership", async () => {
    const session = await enterAs(bob);
    fireEvent.click(screen.getByRole("button", { name: "Room menu" }));
    expect(screen.getAllByRole("menuitem").map((i) => i.textContent)).toEqual([
      "Show commands",
      "Clear my screen",
    ]);
    fireEvent.keyDown(screen.getByRole("menu"), { key: "Escape" });
    expect(screen.queryByRole("button", { name: "Remove carol" })).toBeNull();

    act(() => {
      session.memberLeaves({ member: alice, reason: "exit", farewell: "bye all" });
      session.ownerBecomes("m2");
    });
    expect(log().textContent).toContain("alice left: “bye all”");
    expect(log().textContent).toContain("bob (you) now owns the room");
    const rows = within(screen.getByRole("list", { name: "Members" })).getAllByRole("listitem");
    expect(rows[0]?.textContent).toContain("owner");
    expect(screen.getByRole("button", { name: "Remove carol" })).toBeTruthy();
  });
});
