import type { RoomSession } from "@sanctuary/client";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { useAppStore } from "../src/store";
import { sdk } from "../src/store/sdkAdapter";
import { FakeSession, incoming, member } from "./fakes";

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  history.replaceState(null, "", "/");
});

describe("EndedScreen", () => {
  it.each([
    ["left", undefined, "You left the room"],
    ["kicked", "alice", "You were removed from the room"],
    ["purged", "alice", "The room was purged"],
    ["expired", undefined, "The room expired"],
    ["shutdown", undefined, "The server went away"],
    ["disconnected", undefined, "Connection lost"],
  ] as const)("%s reads “%s”", (reason, by, heading) => {
    useAppStore.setState({ screen: "ended", ended: by ? { reason, by } : { reason } });
    render(<App />);
    const h1 = screen.getByRole("heading", { level: 1 });
    expect(h1.textContent).toBe(heading);
    expect(document.activeElement).toBe(h1);
    if (reason === "kicked") expect(screen.getByText(/by alice/)).toBeTruthy();
  });

  it("goes back to the start screen", () => {
    useAppStore.setState({ screen: "ended", ended: { reason: "left" } });
    render(<App />);
    fireEvent.click(screen.getByRole("button", { name: "Back to start" }));
    expect(screen.getByRole("form", { name: "Create a room" })).toBeTruthy();
    expect(screen.getByRole("form", { name: "Join a room" })).toBeTruthy();
  });

  it("shows the invalidated screen", () => {
    useAppStore.setState({ screen: "invalidated" });
    render(<App />);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Session invalidated");
    expect(screen.getByRole("button", { name: "Back to start" })).toBeTruthy();
  });
});

describe("HomeScreen forms", () => {
  it("JoinRoomForm shows the room-ID error in an alert", () => {
    render(<App />);
    const form = screen.getByRole("form", { name: "Join a room" });
    const f = within(form);
    fireEvent.change(f.getByLabelText("Room ID"), { target: { value: "hello" } });
    fireEvent.change(f.getByLabelText("Your alias"), { target: { value: "bob" } });
    fireEvent.change(f.getByLabelText("Password"), { target: { value: "pw" } });
    fireEvent.click(f.getByRole("button", { name: "Join room" }));
    expect(f.getByRole("alert").textContent).toMatch(/not a room ID/);
    // The other form stays clean.
    expect(within(screen.getByRole("form", { name: "Create a room" })).queryByRole("alert")).toBeNull();
  });

  it("takes a value set by script (as WebDriver BiDi's fill does), not only typed input", () => {
    render(<App />);
    const f = within(screen.getByRole("form", { name: "Join a room" }));
    const roomId = f.getByLabelText("Room ID") as HTMLInputElement;
    // Assigning .value updates React's value tracker, so onChange alone would miss it.
    roomId.value = "K7QM2XZD9PWH4TNS";
    roomId.dispatchEvent(new Event("input", { bubbles: true }));
    expect(useAppStore.getState().joinForm.roomId).toBe("K7QM2XZD9PWH4TNS");
  });

  it("create form has the labelled fields, the generator and the self-destruct choices", () => {
    render(<App />);
    const f = within(screen.getByRole("form", { name: "Create a room" }));
    expect(f.getByLabelText("Your alias")).toBeTruthy();
    expect(f.getByLabelText("Room name (optional)")).toBeTruthy();
    const password = f.getByLabelText("Password") as HTMLInputElement;
    expect(password.type).toBe("password");
    fireEvent.click(f.getByRole("button", { name: "Generate strong password" }));
    expect(password.value).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){4}$/);
    expect(password.type).toBe("text");
    fireEvent.click(f.getByRole("button", { name: "Hide password" }));
    expect(password.type).toBe("password");
    expect(f.getByRole("button", { name: "Show password" })).toBeTruthy();
    const select = f.getByLabelText("Self-destruct") as HTMLSelectElement;
    expect([...select.options].map((o) => [o.text, o.value])).toEqual([
      ["Off", ""],
      ["15 minutes", "900"],
      ["1 hour", "3600"],
      ["24 hours", "86400"],
    ]);
  });

  it("shows the join phase in a status element and disables both submit buttons", () => {
    useAppStore.setState({ screen: "joining", joiningForm: "join", phase: "deriving-key" });
    render(<App />);
    expect(screen.getByRole("status").textContent).toBe("Deriving key…");
    expect((screen.getByRole("button", { name: "Join room" }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole("button", { name: "Create room" }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("RoomScreen", () => {
  /** Joins through the real store, with the SDK's joinRoom answered by a fake session. */
  async function enterRoom() {
    const alice = member("m1", "alice", true);
    const bob = member("m2", "bob");
    const session = new FakeSession({ you: bob, members: [alice, bob], roomName: "Plans" });
    vi.spyOn(sdk, "joinRoom").mockResolvedValue(session as unknown as RoomSession);
    render(<App />);
    const join = within(screen.getByRole("form", { name: "Join a room" }));
    fireEvent.change(join.getByLabelText("Room ID"), { target: { value: session.roomId } });
    fireEvent.change(join.getByLabelText("Your alias"), { target: { value: "bob" } });
    fireEvent.change(join.getByLabelText("Password"), { target: { value: "pw" } });
    await act(async () => {
      fireEvent.click(join.getByRole("button", { name: "Join room" }));
    });
    await screen.findByRole("banner");
    act(() => {
      session.emit("message", incoming("x1", alice, "<img src=x onerror=alert(1)>"));
      session.memberJoins(member("m3", "carol"));
    });
    return session;
  }

  it("shows the header, members and messages as the DOM contract says", async () => {
    await enterRoom();
    expect(location.hash).toBe("#/room");
    const header = screen.getByRole("banner");
    expect(header.textContent).toContain("Plans");
    expect(within(header).getByTestId("room-id").textContent).toBe("K7QM-2XZD-9PWH-4TNS");
    expect(within(header).getByRole("button", { name: "Copy room ID" })).toBeTruthy();
    expect(within(header).getByRole("button", { name: "Leave room" })).toBeTruthy();

    const memberRows = () => within(screen.getByRole("list", { name: "Members" })).getAllByRole("listitem");
    // The store hands the join on in a later task; under load it may land after the banner.
    await waitFor(() =>
      expect(memberRows().map((r) => r.querySelector(".member-name")?.textContent)).toEqual([
        "alice owner",
        "bob (you)",
        "carol",
      ]),
    );
    const rows = memberRows();
    // bob is not the owner: whisper buttons for the others, no remove buttons.
    expect(within(rows[0] as HTMLElement).getByRole("button", { name: "Whisper to alice" })).toBeTruthy();
    // Your own row only reveals your key.
    expect(
      within(rows[1] as HTMLElement)
        .queryAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Key of bob"]);
    expect(screen.queryByRole("button", { name: /^Remove/ })).toBeNull();

    const log = screen.getByRole("log", { name: "Messages" });
    expect(log.querySelector("ol")).not.toBeNull();
    const [day, ...items] = within(log).getAllByRole("listitem");
    expect(day?.className).toBe("day-separator");
    expect(day?.textContent).toBe("Today");
    expect(items[0]?.textContent).toContain("alice");
    // Plain text: markup arrives as characters, never as elements.
    expect(items[0]?.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(log.querySelector("img")).toBeNull();
    expect(items[1]?.className).toBe("notice");
    expect(items[1]?.textContent).toContain("carol joined");
  });

  it("Enter sends, Shift+Enter does not, and my message shows once", async () => {
    const session = await enterRoom();
    const box = screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement;
    expect(document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: "line one" } });
    fireEvent.keyDown(box, { key: "Enter", shiftKey: true });
    expect(useAppStore.getState().messages).toHaveLength(2);
    await act(async () => {
      fireEvent.keyDown(box, { key: "Enter" });
    });
    expect(box.value).toBe("");
    const log = screen.getByRole("log", { name: "Messages" });
    const mine = log.querySelectorAll("li.mine");
    expect(mine).toHaveLength(1);
    expect(mine[0]?.textContent).toContain("line one");
    expect(session.typingCalls).toEqual([true, false]);
  });

  it("Leave room asks first (Cancel stays), then ends on the “You left the room” screen", async () => {
    const session = await enterRoom();
    fireEvent.click(screen.getByRole("button", { name: "Leave room" }));
    expect(screen.getByRole("heading", { name: "Leave the room?" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(session.leftWith).toEqual([]);
    expect(screen.getByRole("log")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Leave room" }));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Confirm" }));
    });
    expect(session.leftWith).toEqual([undefined]);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("You left the room");
    expect(screen.queryByRole("log")).toBeNull();
  });
});
