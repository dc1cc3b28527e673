// @vitest-environment jsdom
// jsdom rather than happy-dom: the store sanitises with DOMPurify, which needs a DOM
// faithful enough to read node names (happy-dom's is not, for DOMPurify 3.4).
import type { RoomSession } from "@sanctuary/client";
import { IMAGE_MAX_BYTES, MESSAGE_BODY_MAX_BYTES, TEXT_MAX_BYTES } from "@sanctuary/protocol";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { FORMATS, formatForKey } from "../src/formatting/formats";
import { bodyBytes, draftProblem, imageBytes, textPartBytes } from "../src/formatting/imageBudget";
import { useAppStore } from "../src/store";
import { sdk } from "../src/store/sdkAdapter";
import { FakeSession, incoming, member } from "./fakes";

describe("shortcuts", () => {
  it("reads shortcuts with Ctrl, or ⌘ on Apple keyboards", () => {
    const key = (k: string, extra: Partial<KeyboardEvent> = {}) => ({
      key: k,
      code: "",
      ctrlKey: false,
      metaKey: false,
      shiftKey: false,
      altKey: false,
      ...extra,
    });
    expect(formatForKey(key("b", { ctrlKey: true }), false)).toBe("bold");
    expect(formatForKey(key("B", { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(formatForKey(key("X", { ctrlKey: true, shiftKey: true }), false)).toBe("strike");
    expect(formatForKey(key("(", { ctrlKey: true, shiftKey: true, code: "Digit9" }), false)).toBe("quote");
    expect(formatForKey(key("i", { metaKey: true }), true)).toBe("italic");
    expect(formatForKey(key("i", { ctrlKey: true }), true)).toBeNull();
    expect(formatForKey(key("b"), false)).toBeNull();
  });
});

describe("message budget (data: pictures from older clients)", () => {
  const uri = (n: number) => `data:image/png;base64,${"A".repeat(n - 22)}`;
  const imageTag = (src: string) => `<img src="${src}" alt="pasted image">`;

  it("counts pictures apart from the words", () => {
    const draft = `one ${imageTag(uri(100_000))} two`;
    expect(imageBytes(draft)).toBe(100_000);
    expect(textPartBytes(draft)).toBeLessThan(200);
  });

  it("a draft within both budgets fits the SDK's whole-body cap", () => {
    const words = "w".repeat(TEXT_MAX_BYTES - bodyBytes(imageTag("")) - 10);
    const full = `${words}${imageTag(uri(IMAGE_MAX_BYTES))}`;
    expect(textPartBytes(full)).toBeLessThanOrEqual(TEXT_MAX_BYTES);
    expect(draftProblem(full)).toBeNull();
    expect(bodyBytes(full)).toBeLessThanOrEqual(MESSAGE_BODY_MAX_BYTES);
  });

  it("names the limit that a draft is over", () => {
    expect(draftProblem("x".repeat(TEXT_MAX_BYTES))).toBe(
      "The message is too long. The text of a message is at most 16 KiB, pictures not counted.",
    );
    expect(draftProblem(`${imageTag(uri(200_000))}${imageTag(uri(100_000))}`)).toBe(
      "The pictures are too large. The pictures in one message take at most 256 KiB together.",
    );
  });
});

describe("composer toolbar, shortcuts and preview", () => {
  beforeEach(() => {
    useAppStore.setState(useAppStore.getInitialState(), true);
  });

  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
    history.replaceState(null, "", "/");
  });

  async function enterRoom() {
    const alice = member("m1", "alice", true);
    const bob = member("m2", "bob");
    const session = new FakeSession({ you: bob, members: [alice, bob] });
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
    return { session, alice };
  }

  const box = () => screen.getByRole("textbox", { name: "Message" }) as HTMLTextAreaElement;

  it("has a labelled button for every format, with its shortcut in the title", async () => {
    await enterRoom();
    const toolbar = screen.getByRole("toolbar", { name: "Formatting" });
    for (const spec of FORMATS) {
      const button = within(toolbar).getByRole("button", { name: spec.label });
      expect(button.getAttribute("title")).toMatch(new RegExp(`^${spec.label} \\((Ctrl\\+|⌘)`));
    }
    // Preview sits beside the toolbar (it formats nothing) and says whether it is on.
    expect(screen.getByRole("button", { name: "Preview" }).getAttribute("aria-pressed")).toBe("false");
  });

  it("Bold wraps the selection; Ctrl+I too; Bold again takes it off; the selection stays on the words", async () => {
    await enterRoom();
    fireEvent.change(box(), { target: { value: "say hi" } });
    box().setSelectionRange(4, 6);
    fireEvent.click(screen.getByRole("button", { name: "Bold" }));
    expect(box().value).toBe("say **hi**");
    expect(box().value.slice(box().selectionStart, box().selectionEnd)).toBe("hi");
    fireEvent.keyDown(box(), { key: "i", ctrlKey: true });
    expect(box().value).toBe("say ***hi***");
    fireEvent.click(screen.getByRole("button", { name: "Bold" }));
    expect(box().value).toBe("say *hi*");
    expect(box().value.slice(box().selectionStart, box().selectionEnd)).toBe("hi");
  });

  it("Link asks for the address in place and keeps the selected words as the link text", async () => {
    await enterRoom();
    fireEvent.change(box(), { target: { value: "Menu: here" } });
    box().setSelectionRange(6, 10);
    fireEvent.click(screen.getByRole("button", { name: "Link" }));
    const address = screen.getByRole("textbox", { name: "Link address" });
    fireEvent.change(address, { target: { value: "https://example.org/menu" } });
    fireEvent.keyDown(address, { key: "Enter" });
    expect(box().value).toBe("Menu: [here](https://example.org/menu)");
    expect(screen.queryByRole("textbox", { name: "Link address" })).toBeNull();
  });

  it("Shift+Enter continues a list, and an empty item ends it", async () => {
    await enterRoom();
    fireEvent.change(box(), { target: { value: "- milk" } });
    box().setSelectionRange(6, 6);
    fireEvent.keyDown(box(), { key: "Enter", shiftKey: true });
    expect(box().value).toBe("- milk\n- ");
    box().setSelectionRange(9, 9);
    fireEvent.keyDown(box(), { key: "Enter", shiftKey: true });
    expect(box().value).toBe("- milk\n");
  });

  it("Preview shows the draft as it will be sent, sanitised", async () => {
    await enterRoom();
    fireEvent.change(box(), {
      target: { value: '<b>bold</b> <a href="javascript:alert(1)">x</a> <script>' },
    });
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    const preview = screen.getByRole("region", { name: "Preview" });
    expect(preview.querySelector("b")?.textContent).toBe("bold");
    expect(preview.querySelector("a")?.hasAttribute("href")).toBe(false);
    expect(preview.querySelector("script")).toBeNull();
    expect(preview.textContent).toContain("<script>");
    fireEvent.change(box(), { target: { value: "<i>now</i>" } });
    expect(preview.querySelector("i")?.textContent).toBe("now");
    fireEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(screen.queryByRole("region", { name: "Preview" })).toBeNull();
  });

  it("Enter sends the formatted message; Shift+Enter keeps a new line; slash commands still complete", async () => {
    const { session, alice } = await enterRoom();
    fireEvent.change(box(), { target: { value: "<b>hello</b>" } });
    fireEvent.keyDown(box(), { key: "Enter", shiftKey: true });
    expect(box().value).toBe("<b>hello</b>");
    await act(async () => {
      fireEvent.keyDown(box(), { key: "Enter" });
    });
    const log = screen.getByRole("log", { name: "Messages" });
    expect(log.querySelector("li.mine .message-text b")?.textContent).toBe("hello");

    act(() => session.emit("message", incoming("x1", alice, "a < b, <u>under</u>")));
    const theirs = log.querySelectorAll("li:not(.mine) .message-text");
    expect(theirs[theirs.length - 1]?.textContent).toBe("a < b, under");

    fireEvent.change(box(), { target: { value: "/wh" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    expect(box().value).toBe("/who");
  });
});
