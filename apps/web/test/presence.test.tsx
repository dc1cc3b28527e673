// @vitest-environment jsdom
// jsdom: the store sanitises message HTML with DOMPurify (see formatting.test.tsx).
import type { RoomSession } from "@sanctuary/client";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../src/App";
import { installAttention, unreadTitle } from "../src/lib/attention";
import { decodePassword, encodePassword, inviteFromHash, inviteLink, inviteText } from "../src/lib/invite";
import { installLifecycle } from "../src/lib/lifecycle";
import { useAppStore } from "../src/store";
import { TYPING_REFRESH_MS } from "../src/store/composerSlice";
import { createAppStore } from "../src/store/createAppStore";
import { sdk } from "../src/store/sdkAdapter";
import { TYPING_EXPIRE_MS } from "../src/store/sessionSync";
import { FakeSession, fakeFingerprint, fakeNav, fakeSdk, incoming, member } from "./fakes";

const alice = member("m1", "alice", true);
const bob = member("m2", "bob");

async function joined(session = new FakeSession({ you: bob, members: [alice, bob] }), password = "pw 🌱") {
  const store = createAppStore({ sdk: fakeSdk(async () => session), nav: fakeNav() });
  const ui = store.getState().joinActions;
  ui.setJoinField("roomId", "K7QM2XZD9PWH4TNS");
  ui.setJoinField("alias", "bob");
  ui.setJoinField("password", password);
  await store.getState().joinActions.joinRoom();
  return { store, session };
}

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  history.replaceState(null, "", "/");
  document.title = "Sanctuary";
});

describe("invite links", () => {
  it("carry the room ID in the fragment; older links with the password still open", () => {
    expect(inviteLink("http://192.168.1.5:6969", "K7QM2XZD9PWH4TNS")).toBe(
      "http://192.168.1.5:6969/#/r/K7QM2XZD9PWH4TNS",
    );
    const fragment = `#/r/K7QM2XZD9PWH4TNS/${encodePassword("a/b #c? 🌱")}`;
    expect(fragment).toMatch(/^#\/r\/K7QM2XZD9PWH4TNS\/[A-Za-z0-9_-]+$/);
    expect(inviteFromHash(fragment)).toEqual({ roomId: "K7QM2XZD9PWH4TNS", password: "a/b #c? 🌱" });
    expect(inviteFromHash("#/r/k7qm-2xzd-9pwh-4tns")).toEqual({ roomId: "k7qm-2xzd-9pwh-4tns" });
    expect(inviteFromHash("#/room")).toBeNull();
  });

  it("ignore a password part that is not base64url of UTF-8", () => {
    expect(decodePassword(encodePassword("ok"))).toBe("ok");
    expect(decodePassword("_w")).toBeUndefined(); // 0xFF: not UTF-8
    expect(inviteFromHash("#/r/K7QM2XZD9PWH4TNS/_w")).toEqual({ roomId: "K7QM2XZD9PWH4TNS" });
  });

  it("read as a short text: name, grouped ID, link", () => {
    expect(inviteText("Plans", "K7QM2XZD9PWH4TNS", "L")).toBe(
      "Join “Plans” on Sanctuary.\nRoom ID: K7QM-2XZD-9PWH-4TNS\nL",
    );
    expect(inviteText(undefined, "K7QM2XZD9PWH4TNS", "L")).toMatch(/^Join my room on Sanctuary\./);
  });

  it("opening one fills room ID and password, then leaves the address bar", () => {
    history.replaceState(null, "", `/#/r/K7QM2XZD9PWH4TNS/${encodePassword("hunter 2")}`);
    const store = createAppStore({ sdk: fakeSdk(async () => new FakeSession()), nav: fakeNav() });
    const uninstall = installLifecycle(store);
    expect(store.getState().joinForm).toMatchObject({ roomId: "K7QM-2XZD-9PWH-4TNS", password: "hunter 2" });
    expect(location.hash).toBe("");
    uninstall();
  });
});

describe("the password for invites", () => {
  it("stays in the session's memory only, and goes when the session ends", async () => {
    const { store } = await joined();
    expect(store.getState().joinForm.password).toBe("");
    expect(store.getState().invitePassword).toBe("pw 🌱");
    await store.getState().joinActions.leave();
    expect(store.getState().invitePassword).toBeNull();
  });
});

describe("delivery marks", () => {
  it("a message shows as sending, then delivered once the server acknowledged it", async () => {
    const { store, session } = await joined();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const realSend = session.send.bind(session);
    session.send = async (text: string) => {
      await gate;
      return realSend(text);
    };
    const sending = store.getState().composerActions.send("hello");
    const pending = store.getState().messages.at(-1);
    expect(pending).toMatchObject({ text: "hello", mine: true, status: "sending" });
    release();
    await sending;
    const messages = store.getState().messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ text: "hello", status: "delivered", id: "sent-1" });
  });

  it("a refused message leaves the log and comes back to the composer", async () => {
    const { store, session } = await joined();
    session.sendError = new Error("nope");
    store.getState().composerActions.setDraft("try this");
    await store.getState().composerActions.submitDraft();
    expect(store.getState().messages).toEqual([]);
    expect(store.getState().draft).toBe("try this");
    expect(store.getState().sendError).toBe("nope");
  });

  it("a whisper is delivered with its recipient's alias", async () => {
    const { store } = await joined();
    await store.getState().composerActions.runCommand("/purr alice psst");
    expect(store.getState().messages).toEqual([
      expect.objectContaining({ kind: "whisper", toAlias: "alice", status: "delivered", text: "psst" }),
    ]);
  });
});

describe("sealed whispers and keys (F22)", () => {
  it("a whisper that could not be opened says so in the log", async () => {
    const { store, session } = await joined();
    session.emit("dropped", { from: { id: "m1", alias: "alice" }, kind: "whisper", reason: "unreadable" });
    session.emit("dropped", { from: { id: "m1", alias: "alice" }, kind: "whisper", reason: "unsealed" });
    expect(store.getState().messages.map((m) => ("text" in m ? m.text : ""))).toEqual([
      "A whisper from alice could not be opened.",
      "A whisper from alice could not be opened: it was not sealed to your key.",
    ]);
  });

  it("a message, whisper or farewell dropped as a replay says why in the log (F25)", async () => {
    const { store, session } = await joined();
    const from = { id: "m1", alias: "alice" };
    session.emit("dropped", { from, kind: "msg", reason: "repeat" });
    session.emit("dropped", { from, kind: "whisper", reason: "stale" });
    session.emit("dropped", { from: { id: "m-ghost", alias: "alice" }, kind: "msg", reason: "not-member" });
    session.emit("dropped", { from, kind: "msg", reason: "wrong-sender" });
    session.emit("dropped", { from, kind: "farewell", reason: "outdated" });
    session.emit("dropped", { from, kind: "msg" });
    expect(store.getState().messages.map((m) => ("text" in m ? m.text : ""))).toEqual([
      "A message from alice was dropped: it was a repeat of one already shown.",
      "A whisper from alice was dropped: it is stale (sent minutes ago, or a clock is wrong).",
      "A message claiming to be from alice was dropped: it came from someone not in the room.",
      "A message shown as from alice was dropped: another member wrote it.",
      "A farewell from alice was dropped: it came from an older version of Sanctuary that cannot prove it is not a repeat.",
      "A message from alice failed its integrity check and was dropped",
    ]);
  });

  it("/purr to a member without a verified key shows the SDK's refusal as a local hint", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    session.setKeyStatus("m1", "unverified");
    const { store } = await joined(session);
    expect(store.getState().memberKeys.m1).toEqual({ status: "unverified" });
    store.getState().composerActions.setDraft("/purr alice secret");
    await store.getState().composerActions.submitDraft();
    const last = store.getState().messages.at(-1);
    expect(last).toMatchObject({ kind: "notice", tone: "hint" });
    expect(last && "text" in last ? last.text : "").toBe(
      "Whisper not sent: alice has no verified key, so a whisper cannot be sealed to them.",
    );
    expect(store.getState().messages.filter((m) => m.kind === "whisper")).toEqual([]);
    expect(store.getState().draft).toBe("/purr alice secret");
  });

  it("room and own fingerprints are in the store; joiners get their key status", async () => {
    const { store, session } = await joined();
    expect(store.getState().room).toMatchObject({
      roomFingerprint: session.roomFingerprint,
      yourFingerprint: fakeFingerprint("m2"),
    });
    session.setKeyStatus("m3", "missing");
    session.memberJoins(member("m3", "carol"));
    expect(store.getState().memberKeys.m3).toEqual({ status: "missing" });
  });

  it("failed joins are a quiet notice", async () => {
    const { store, session } = await joined();
    session.emit("notice", { kind: "join-failures", count: 5 });
    expect(store.getState().messages.at(-1)).toMatchObject({
      text: "Someone failed to join this room 5 times (wrong password).",
      tone: "quiet",
    });
  });
});

describe("typing", () => {
  it("is refreshed while typing goes on, and a typist not heard from expires", async () => {
    vi.useFakeTimers();
    const { store, session } = await joined();
    store.getState().composerActions.typingActivity();
    vi.advanceTimersByTime(TYPING_REFRESH_MS);
    store.getState().composerActions.typingActivity();
    store.getState().composerActions.typingActivity();
    expect(session.typingCalls).toEqual([true, true]);

    session.emit("typing", "m1", true);
    expect(store.getState().typing).toEqual(["m1"]);
    vi.advanceTimersByTime(TYPING_EXPIRE_MS - 1000);
    session.emit("typing", "m1", true);
    vi.advanceTimersByTime(TYPING_EXPIRE_MS - 1000);
    expect(store.getState().typing).toEqual(["m1"]);
    vi.advanceTimersByTime(1000);
    expect(store.getState().typing).toEqual([]);
  });
});

describe("unread count in the title", () => {
  it("counts others' messages while the tab is hidden, and clears when it is shown", async () => {
    const { store, session } = await joined();
    let state: DocumentVisibilityState = "hidden";
    vi.spyOn(document, "visibilityState", "get").mockImplementation(() => state);
    const uninstall = installAttention(store);
    session.emit("message", incoming("x1", alice, "one"));
    session.emit("message", incoming("x2", alice, "two"));
    await store.getState().composerActions.send("mine does not count");
    expect(document.title).toBe("(2) Sanctuary");
    state = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
    expect(document.title).toBe(unreadTitle(0));
    uninstall();
  });
});

describe("room screen additions", () => {
  beforeEach(() => {
    useAppStore.setState(useAppStore.getInitialState(), true);
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

  it("an unverified member is marked and cannot be whispered to; keys can be revealed", async () => {
    const session = new FakeSession({ you: bob, members: [alice, bob] });
    session.setKeyStatus("m1", "unverified");
    await enterRoom(session);
    const rows = within(screen.getByRole("list", { name: "Members" })).getAllByRole("listitem");
    const aliceRow = within(rows[0] as HTMLElement);
    expect(rows[0]?.textContent).toContain("unverified");
    const whisper = aliceRow.getByRole("button", { name: /^Whisper\s*to alice$/ }) as HTMLButtonElement;
    expect(whisper.disabled).toBe(true);
    expect(whisper.getAttribute("aria-describedby")).toBeTruthy();
    const bobRow = within(rows[1] as HTMLElement);
    // (jsdom runs the words of a visually hidden span together: match loosely.)
    fireEvent.click(bobRow.getByRole("button", { name: /^Key\s*of bob$/ }));
    expect(bobRow.getByTestId("member-fingerprint").textContent).toBe(fakeFingerprint("m2"));
    expect(screen.getByTestId("your-fingerprint").textContent).toBe(fakeFingerprint("m2"));
    expect(screen.getByTestId("room-fingerprint").textContent).toBe(session.roomFingerprint);
  });

  it("the theme switch overrides the system theme for this page only", async () => {
    render(<App />);
    const toggle = screen.getByRole("button", { name: "Dark theme" });
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    expect(document.documentElement.dataset.theme).toBe("dark");
    fireEvent.click(toggle);
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });
});
