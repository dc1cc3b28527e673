import { SanctuaryError } from "@sanctuary/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAppStore } from "../src/store/createAppStore";
import type { FeedItem, Notice } from "../src/store/types";
import { FakeSession, fakeNav, fakeSdk, incoming, member } from "./fakes";

const alice = member("m1", "alice", true);
const bob = member("m2", "bob");
const carol = member("m3", "carol");

/** A store in a room with alice (owner), bob and carol, seen by `you`. */
async function room(you = alice) {
  const session = new FakeSession({ you, members: [alice, bob, carol] });
  const store = createAppStore({ sdk: fakeSdk(async () => session), nav: fakeNav() });
  const ui = store.getState().joinActions;
  ui.setJoinField("roomId", session.roomId);
  ui.setJoinField("alias", you.alias);
  ui.setJoinField("password", "pw");
  await store.getState().joinActions.joinRoom();
  const send = vi.spyOn(session, "send");
  /** Types a line into the composer and submits it, as Enter does. */
  const submit = async (text: string) => {
    store.getState().composerActions.setDraft(text);
    await store.getState().composerActions.submitDraft();
  };
  return { store, session, send, submit };
}

const notices = (items: readonly FeedItem[]) => items.filter((m): m is Notice => m.kind === "notice");
const last = (items: readonly FeedItem[]) => items.at(-1);

afterEach(() => {
  vi.useRealTimers();
});

describe("local hints", () => {
  it.each([
    ["/dance", /There is no \/dance command/],
    ["/kick", /Say who to remove/],
    ["/kick dave", /Nobody called “dave”/],
    ["/kick alice", /cannot remove yourself/],
    ["/purr", /Say who to whisper to/],
    ["/purr dave hi", /Nobody called “dave”/],
    ["/purr bob", /Write the whisper after the alias/],
    ["/purr alice hi", /cannot whisper to yourself/],
    ["/stop now", /takes nothing after it/],
  ])("%j never reaches the SDK and stays in the composer", async (input, words) => {
    const { store, session, send, submit } = await room();
    await submit(input);
    expect(session.requests).toEqual([]);
    expect(send).not.toHaveBeenCalled();
    const s = store.getState();
    expect(last(s.messages)).toMatchObject({ kind: "notice", tone: "hint" });
    expect((last(s.messages) as Notice).text).toMatch(words);
    expect(s.draft).toBe(input);
    expect(s.screen).toBe("room");
  });
});

describe("commands", () => {
  it("sends plain text and a doubled slash as messages", async () => {
    const { store, send, submit } = await room();
    await submit("hello");
    await submit("//shrug");
    expect(send.mock.calls.map((c) => c[0])).toEqual(["hello", "/shrug"]);
    expect(store.getState().draft).toBe("");
  });

  it("/purr whispers to one member and shows it marked, with the recipient's alias", async () => {
    const { store, session, send, submit } = await room();
    await submit("/purr bob secret words");
    expect(session.requests).toEqual(["whisper m2"]);
    expect(send).not.toHaveBeenCalled();
    expect(last(store.getState().messages)).toMatchObject({
      kind: "whisper",
      mine: true,
      to: "m2",
      toAlias: "bob",
      text: "secret words",
    });
    // Still named after bob has gone.
    session.memberLeaves({ member: bob, reason: "exit" });
    expect(store.getState().messages.find((m) => m.kind === "whisper")).toMatchObject({ toAlias: "bob" });
  });

  it("a whisper that could not be sent says so and goes back into the composer", async () => {
    const { store, session, submit } = await room();
    session.sendError = new SanctuaryError("TOO_LARGE", "too large");
    await submit("/purr bob hi");
    expect(store.getState().sendError).toBe("Whisper not sent: That is too large to send.");
    expect(store.getState().draft).toBe("/purr bob hi");
  });

  it("an incoming whisper is kept with this member as its recipient", async () => {
    const { store, session } = await room(bob);
    session.emit("message", { ...incoming("w1", alice, "psst"), kind: "whisper", to: "m2" });
    expect(last(store.getState().messages)).toMatchObject({ kind: "whisper", mine: false, toAlias: "bob" });
  });

  it("/kick by the owner removes the member; the server's event writes the notice", async () => {
    const { store, session, submit } = await room();
    await submit("/kick carol");
    expect(session.requests).toEqual(["kick m3"]);
    const s = store.getState();
    expect(s.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
    expect(last(s.messages)).toMatchObject({ kind: "notice", text: "carol was removed by alice" });
    expect(s.draft).toBe("");
  });

  it("/kick by a non-owner is still asked of the server, and its refusal is shown", async () => {
    const { store, session, submit } = await room(bob);
    await submit("/kick alice");
    expect(session.requests).toEqual(["kick m1"]);
    const s = store.getState();
    expect(last(s.messages)).toMatchObject({
      kind: "notice",
      tone: "hint",
      text: "Could not remove alice. Only the room owner can do that.",
    });
    expect(s.members.map((m) => m.alias)).toEqual(["alice", "bob", "carol"]);
    expect(s.screen).toBe("room");
    expect(s.draft).toBe("");
  });

  it("/stop by a non-owner is refused; by the owner it ends the room", async () => {
    const asBob = await room(bob);
    await asBob.submit("/stop");
    expect(asBob.session.requests).toEqual(["purge"]);
    expect((last(asBob.store.getState().messages) as Notice).text).toBe(
      "Could not purge the room. Only the room owner can do that.",
    );
    expect(asBob.store.getState().screen).toBe("room");

    const asAlice = await room();
    await asAlice.submit("/stop");
    expect(asAlice.store.getState().screen).toBe("ended");
    expect(asAlice.store.getState().ended).toEqual({ reason: "purged", by: "alice" });
  });

  it("/lock and /unlock change the room and say who did it", async () => {
    const { store, session, submit } = await room();
    await submit("/lock");
    expect(store.getState().locked).toBe(true);
    expect(last(store.getState().messages)).toMatchObject({ text: "Room locked by alice" });
    await submit("/unlock");
    expect(session.requests).toEqual(["lock true", "lock false"]);
    expect(store.getState().locked).toBe(false);
    expect(last(store.getState().messages)).toMatchObject({ text: "Room unlocked by alice" });

    const asBob = await room(bob);
    await asBob.submit("/lock");
    expect((last(asBob.store.getState().messages) as Notice).text).toMatch(
      /Could not lock the room\. Only the room owner/,
    );
    expect(asBob.store.getState().locked).toBe(false);
  });

  it("/who, /help and /clear answer locally", async () => {
    const { store, session, send, submit } = await room(bob);
    session.emit("message", incoming("x1", alice, "earlier"));
    await submit("/who");
    expect(last(store.getState().messages)).toMatchObject({
      tone: "local",
      text: "In the room (3): alice (owner), bob (you), carol",
    });
    await submit("/help");
    const help = last(store.getState().messages) as Notice;
    expect(help.tone).toBe("local");
    expect(help.lines?.some((l) => l.startsWith("/purr <alias> <message>"))).toBe(true);
    await submit("/clear");
    const s = store.getState();
    expect(s.messages).toHaveLength(1);
    expect(last(s.messages)).toMatchObject({
      tone: "local",
      text: expect.stringMatching(/cleared your screen/),
    });
    expect(session.requests).toEqual([]);
    expect(send).not.toHaveBeenCalled();
  });

  it("/exit leaves with the farewell", async () => {
    const { store, session, submit } = await room(bob);
    await submit("/exit bye all");
    expect(session.leftWith).toEqual(["bye all"]);
    expect(store.getState().screen).toBe("ended");
    expect(store.getState().ended).toEqual({ reason: "left" });
  });

  it("typing a command never tells the others that you are typing", async () => {
    vi.useFakeTimers();
    const { store, session } = await room();
    store.getState().composerActions.setDraft("/purr bob sec");
    expect(session.typingCalls).toEqual([]);
    store.getState().composerActions.setDraft("hello");
    expect(session.typingCalls).toEqual([true]);
    store.getState().composerActions.setDraft("/");
    expect(session.typingCalls).toEqual([true, false]);
  });
});

describe("buttons", () => {
  it("Whisper to … prefills the composer and asks for the focus", async () => {
    const { store } = await room();
    store.getState().composerActions.whisperTo("m2");
    expect(store.getState().draft).toBe("/purr bob ");
    expect(store.getState().composerFocus).toBe(1);
  });

  it("quotes the alias when another alias starts with it", async () => {
    const night = member("m4", "night");
    const nightOwl = member("m5", "night owl");
    const session = new FakeSession({ you: alice, members: [alice, night, nightOwl] });
    const store = createAppStore({ sdk: fakeSdk(async () => session) });
    store.getState().joinActions.setJoinField("roomId", session.roomId);
    store.getState().joinActions.setJoinField("alias", "alice");
    store.getState().joinActions.setJoinField("password", "pw");
    await store.getState().joinActions.joinRoom();
    store.getState().composerActions.whisperTo("m4");
    expect(store.getState().draft).toBe('/purr "night" ');
    await store.getState().composerActions.submitDraft();
    store.getState().composerActions.setDraft('/purr "night" owl pellets');
    await store.getState().composerActions.submitDraft();
    expect(session.requests).toEqual(["whisper m4"]);
  });

  it("Remove asks first; Cancel does nothing, Confirm kicks", async () => {
    const { store, session } = await room();
    const { moderationActions } = store.getState();
    moderationActions.askKick("m3");
    expect(store.getState().pending).toEqual({ kind: "kick", memberId: "m3", alias: "carol" });
    moderationActions.cancelPending();
    expect(store.getState().pending).toBeNull();
    expect(session.requests).toEqual([]);
    moderationActions.askKick("m3");
    await moderationActions.confirmPending();
    expect(session.requests).toEqual(["kick m3"]);
    expect(store.getState().pending).toBeNull();
  });

  it("a pending removal is dropped when that member leaves first", async () => {
    const { store, session } = await room();
    store.getState().moderationActions.askKick("m3");
    session.memberLeaves({ member: carol, reason: "exit" });
    expect(store.getState().pending).toBeNull();
  });

  it("Purge asks first, then ends the room", async () => {
    const { store, session } = await room();
    store.getState().moderationActions.askPurge();
    expect(store.getState().pending).toEqual({ kind: "purge" });
    await store.getState().moderationActions.confirmPending();
    expect(session.requests).toEqual(["purge"]);
    expect(store.getState().screen).toBe("ended");
    expect(store.getState().pending).toBeNull();
  });

  it("the room menu's lock goes to the server like /lock", async () => {
    const { store, session } = await room(bob);
    await store.getState().moderationActions.setLocked(true);
    expect(session.requests).toEqual(["lock true"]);
    expect((last(store.getState().messages) as Notice).tone).toBe("hint");
  });
});

describe("ownership", () => {
  it("everyone is told who owns the room now; a pending owner action is dropped", async () => {
    const { store, session } = await room();
    store.getState().moderationActions.askPurge();
    // alice is still here in this fake, but the server moved ownership.
    session.ownerBecomes("m2");
    const s = store.getState();
    expect(s.ownerId).toBe("m2");
    expect(s.pending).toBeNull();
    expect(last(s.messages)).toMatchObject({ kind: "notice", text: "bob now owns the room" });
    expect(s.members.find((m) => m.id === "m2")?.owner).toBe(true);
    expect(s.members.find((m) => m.id === "m1")?.owner).toBe(false);
  });

  it("the new owner reads it about themself", async () => {
    const { store, session } = await room(bob);
    session.memberLeaves({ member: alice, reason: "exit", farewell: "bye all" });
    session.ownerBecomes("m2");
    expect(notices(store.getState().messages).map((n) => n.text)).toEqual([
      "alice left: “bye all”",
      "bob (you) now owns the room",
    ]);
    // Now the owner: the server accepts the kick.
    store.getState().composerActions.setDraft("/kick carol");
    await store.getState().composerActions.submitDraft();
    expect(last(store.getState().messages)).toMatchObject({ text: "carol was removed by bob" });
  });
});
