// @vitest-environment jsdom
import type { RoomSession } from "@sanctuary/client";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { useAppStore } from "../src/store";
import { sdk } from "../src/store/sdkAdapter";
import { FakeSession, incoming, member } from "./fakes";

const alice = member("m1", "alice", true);
const bob = member("m2", "bob");

beforeEach(() => {
  useAppStore.setState(useAppStore.getInitialState(), true);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function enterRoom(session: FakeSession) {
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
}

function log(): HTMLElement {
  return screen.getByRole("log", { name: "Messages" });
}

describe("the message log (F39, F41)", () => {
  it("groups a burst under one name, highlights a mention of you, marks where you left off", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    await enterRoom(session);
    act(() => session.emit("message", incoming("x1", alice, "first")));
    act(() => session.emit("message", incoming("x2", alice, "second, hey @Bob")));
    const items = log().querySelectorAll("li.message");
    expect(items[0]?.classList.contains("grouped")).toBe(false);
    expect(items[1]?.classList.contains("grouped")).toBe(true);
    expect(items[1]?.classList.contains("mentions-you")).toBe(true);
    expect(items[0]?.classList.contains("mentions-you")).toBe(false);
    expect(log().querySelector(".unread-marker")).toBeNull();

    let state: DocumentVisibilityState = "hidden";
    vi.spyOn(document, "visibilityState", "get").mockImplementation(() => state);
    act(() => {
      document.dispatchEvent(new Event("visibilitychange"));
    });
    act(() => session.emit("message", incoming("x3", alice, "while you were away")));
    state = "visible";
    act(() => {
      document.dispatchEvent(new Event("visibilitychange"));
    });
    const marker = log().querySelector(".unread-marker");
    expect(marker?.textContent).toBe("New");
    expect(marker?.nextElementSibling?.textContent).toContain("while you were away");
    // The first message after the line shows its sender again.
    expect(marker?.nextElementSibling?.classList.contains("grouped")).toBe(false);
  });

  it("after sending, the focus is in the message box", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    await enterRoom(session);
    const box = screen.getByRole("textbox", { name: "Message" });
    fireEvent.change(box, { target: { value: "hello" } });
    const send = screen.getByRole("button", { name: "Send" });
    send.focus();
    await act(async () => {
      fireEvent.click(send);
    });
    expect(document.activeElement).toBe(box);
  });

  it("on plain http the room menu shows notifications disabled, with the reason", async () => {
    Object.defineProperty(window, "isSecureContext", { value: false, configurable: true });
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    await enterRoom(session);
    fireEvent.click(screen.getByRole("button", { name: "Room menu" }));
    const item = screen.getByRole("menuitemcheckbox", { name: /Desktop notifications/ });
    expect(item.textContent).toContain("needs HTTPS or localhost");
    expect(item.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(item);
    expect(item.getAttribute("aria-checked")).toBe("false");
  });
});
