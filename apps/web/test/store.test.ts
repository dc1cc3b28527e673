import { SanctuaryError } from "@sanctuary/client";
import { ERROR_MESSAGES } from "@sanctuary/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAppStore } from "../src/store/createAppStore";
import { MESSAGE_CAP } from "../src/store/feed";
import type { SessionLike } from "../src/store/sdk";
import { FakeSession, fakeNav, fakeSdk, incoming, member } from "./fakes";

const ROOM_ID = "K7QM-2XZD-9PWH-4TNS";

function setup(result: () => Promise<SessionLike>, phases: Parameters<typeof fakeSdk>[1] = []) {
  const sdk = fakeSdk(result, phases);
  const nav = fakeNav();
  const store = createAppStore({ sdk, nav });
  return { sdk, nav, store };
}

function fillJoin(store: ReturnType<typeof createAppStore>, roomId = ROOM_ID) {
  const ui = store.getState().joinActions;
  ui.setJoinField("roomId", roomId);
  ui.setJoinField("alias", "bob");
  ui.setJoinField("password", "correct horse");
}

async function joinedStore(session = new FakeSession()) {
  const ctx = setup(async () => session);
  fillJoin(ctx.store);
  await ctx.store.getState().joinActions.joinRoom();
  return { ...ctx, session };
}

describe("joining", () => {
  it("walks through the phases, then shows the room and forgets the password", async () => {
    const bob = member("m2", "bob");
    const session = new FakeSession({ you: bob, members: [member("m1", "alice", true), bob] });
    const { store, sdk, nav } = setup(async () => session, ["looking-up", "deriving-key", "connecting"]);
    fillJoin(store, "k7qm 2xzd 9pwh 4tns");
    const seen: string[] = [];
    store.subscribe((s) => seen.push(`${s.screen}:${s.phase}`));

    await store.getState().joinActions.joinRoom();

    expect(sdk.joinRoom).toHaveBeenCalledOnce();
    expect(sdk.joinRoom.mock.calls[0]?.[0]).toMatchObject({
      roomId: "K7QM2XZD9PWH4TNS",
      alias: "bob",
      password: "correct horse",
    });
    expect(seen).toContain("joining:looking-up");
    expect(seen).toContain("joining:deriving-key");
    expect(seen).toContain("joining:connecting");
    const s = store.getState();
    expect(s.screen).toBe("room");
    expect(s.phase).toBeNull();
    expect(s.room).toMatchObject({ roomId: "K7QM2XZD9PWH4TNS", youId: "m2" });
    expect(s.members.map((m) => m.alias)).toEqual(["alice", "bob"]);
    expect(s.ownerId).toBe("m1");
    expect(s.joinForm.password).toBe("");
    expect(s.createForm.password).toBe("");
    expect(nav.enterRoom).toHaveBeenCalledOnce();
  });

  it("creates a room with the chosen name and lifetime", async () => {
    const { store, sdk } = setup(async () => new FakeSession({ roomName: "Plans" }));
    const ui = store.getState().joinActions;
    ui.setCreateField("alias", "  alice ");
    ui.generatePassword();
    ui.setCreateField("roomName", "Plans");
    ui.setCreateField("lifetime", "3600");
    expect(store.getState().createForm).toMatchObject({
      password: "k7qm-2xzd-9pwh-4tns-b3ve",
      showPassword: true,
    });

    await store.getState().joinActions.createRoom();

    expect(sdk.createRoom.mock.calls[0]?.[0]).toMatchObject({
      alias: "alice",
      password: "k7qm-2xzd-9pwh-4tns-b3ve",
      roomName: "Plans",
      lifetime: 3600,
    });
    expect(store.getState().screen).toBe("room");
    expect(store.getState().room?.roomName).toBe("Plans");
    expect(store.getState().createForm).toMatchObject({ password: "", showPassword: false });
  });

  it("leaves out the lifetime when self-destruct is off", async () => {
    const { store, sdk } = setup(async () => new FakeSession());
    store.getState().joinActions.setCreateField("alias", "alice");
    store.getState().joinActions.setCreateField("password", "pw");
    await store.getState().joinActions.createRoom();
    expect(sdk.createRoom.mock.calls[0]?.[0]).not.toHaveProperty("lifetime");
    expect(sdk.createRoom.mock.calls[0]?.[0]).not.toHaveProperty("roomName");
  });

  it.each([
    ["WRONG_PASSWORD", ERROR_MESSAGES.WRONG_PASSWORD],
    ["NOT_FOUND", ERROR_MESSAGES.NOT_FOUND],
    ["ALIAS_TAKEN", ERROR_MESSAGES.ALIAS_TAKEN],
    ["LOCKED", ERROR_MESSAGES.LOCKED],
    ["FULL", ERROR_MESSAGES.FULL],
    ["BANNED", "You were removed from this room and cannot rejoin yet."],
    ["NETWORK", "Could not reach the server. Check your connection and try again."],
  ] as const)("a %s refusal shows its own words in the join form", async (code, words) => {
    const { store } = setup(async () => {
      throw new SanctuaryError(code, "raw server text");
    });
    fillJoin(store);
    await store.getState().joinActions.joinRoom();
    const s = store.getState();
    expect(s.screen).toBe("home");
    expect(s.formError).toEqual({ form: "join", message: words });
    // Kept across errors (F31), so an invite's password need not be sent again; a wrong one goes.
    expect(s.joinForm.password).toBe(code === "WRONG_PASSWORD" ? "" : "correct horse");
    expect(s.joinForm.alias).toBe("bob");
    expect(s.session).toBeNull();
  });

  it("gives every refusal distinct words", () => {
    const codes = ["WRONG_PASSWORD", "NOT_FOUND", "ALIAS_TAKEN", "LOCKED", "FULL", "BANNED"] as const;
    expect(new Set(codes.map((c) => ERROR_MESSAGES[c])).size).toBe(codes.length);
  });

  it("rejects a malformed room ID and an empty alias without calling the SDK", async () => {
    const { store, sdk } = setup(async () => new FakeSession());
    fillJoin(store, "not-a-room");
    await store.getState().joinActions.joinRoom();
    expect(store.getState().formError?.form).toBe("join");
    expect(store.getState().formError?.message).toMatch(/not a room ID/);

    store.getState().joinActions.setCreateField("alias", "\u200B ");
    store.getState().joinActions.setCreateField("password", "pw");
    await store.getState().joinActions.createRoom();
    expect(store.getState().formError).toEqual({
      form: "create",
      message: "Choose an alias with at least one visible character.",
    });
    expect(sdk.joinRoom).not.toHaveBeenCalled();
    expect(sdk.createRoom).not.toHaveBeenCalled();
    expect(store.getState().screen).toBe("home");
  });
});

describe("in a room", () => {
  it("appends incoming messages and adds my own once, from the event", async () => {
    const { store, session } = await joinedStore();
    const bob = member("m2", "bob");
    session.emit("message", incoming("x1", bob, "hello <b>there</b>"));
    expect(await store.getState().composerActions.send("  hi bob  ")).toBe(true);
    const texts = store.getState().messages.map((m) => ("text" in m ? m.text : ""));
    expect(texts).toEqual(["hello <b>there</b>", "hi bob"]);
    const mine = store.getState().messages.filter((m) => m.kind === "msg" && m.mine);
    expect(mine).toHaveLength(1);
  });

  it(`keeps only the newest ${MESSAGE_CAP} messages`, async () => {
    const { store, session } = await joinedStore();
    const bob = member("m2", "bob");
    for (let i = 0; i < MESSAGE_CAP + 20; i++) session.emit("message", incoming(`x${i}`, bob, `n${i}`));
    const { messages } = store.getState();
    expect(messages).toHaveLength(MESSAGE_CAP);
    expect(messages[0]?.id).toBe("x20");
    expect(messages.at(-1)?.id).toBe(`x${MESSAGE_CAP + 19}`);
  });

  it("shows a failed send in the composer error", async () => {
    const { store, session } = await joinedStore();
    session.sendError = new SanctuaryError("TOO_LARGE", "too large");
    expect(await store.getState().composerActions.send("x".repeat(10))).toBe(false);
    expect(store.getState().sendError).toBe(ERROR_MESSAGES.TOO_LARGE);
    expect(store.getState().messages).toHaveLength(0);
  });

  it("tracks members joining, leaving and ownership moving", async () => {
    const alice = member("m1", "alice", true);
    const bob = member("m2", "bob");
    const { store, session } = await joinedStore(new FakeSession({ you: bob, members: [alice, bob] }));
    const carol = member("m3", "carol");
    session.memberJoins(carol);
    expect(store.getState().members.map((m) => m.alias)).toEqual(["alice", "bob", "carol"]);

    session.memberLeaves({ member: alice, reason: "exit", farewell: "bye all" });
    session.ownerBecomes("m2");
    const s = store.getState();
    expect(s.members.map((m) => m.alias)).toEqual(["bob", "carol"]);
    expect(s.ownerId).toBe("m2");
    expect(s.members.find((m) => m.id === "m2")?.owner).toBe(true);
    const notices = s.messages.filter((m) => m.kind === "notice").map((m) => ("text" in m ? m.text : ""));
    expect(notices).toEqual(["carol joined", "alice left: “bye all”", "bob (you) now owns the room"]);

    session.memberLeaves({ member: carol, reason: "kicked", by: "bob" });
    expect(store.getState().messages.at(-1)).toMatchObject({
      kind: "notice",
      text: "carol was removed by bob",
    });
  });

  it("tracks who is typing and tells the SDK when I type", async () => {
    vi.useFakeTimers();
    try {
      const { store, session } = await joinedStore();
      session.emit("typing", "m2", true);
      expect(store.getState().typing).toEqual(["m2"]);
      session.emit("typing", "m2", false);
      expect(store.getState().typing).toEqual([]);

      store.getState().composerActions.typingActivity();
      store.getState().composerActions.typingActivity();
      expect(session.typingCalls).toEqual([true]);
      vi.advanceTimersByTime(5000);
      expect(session.typingCalls).toEqual([true, false]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("ending", () => {
  it("shows why the session ended, with who did it, and forgets the room", async () => {
    const { store, session } = await joinedStore();
    session.emit("message", incoming("x1", member("m2", "bob"), "secret"));
    session.emit("ended", { reason: "kicked", by: "carol" });
    const s = store.getState();
    expect(s.screen).toBe("ended");
    expect(s.ended).toEqual({ reason: "kicked", by: "carol" });
    expect(s.session).toBeNull();
    expect(s.messages).toEqual([]);
    expect(s.members).toEqual([]);
    expect(session.listenerCount()).toBe(0);
    expect(session.closed).toBe(1);
  });

  it.each(["purged", "expired", "shutdown", "disconnected"] as const)("ended: %s", async (reason) => {
    const { store, session } = await joinedStore();
    session.emit("ended", { reason });
    expect(store.getState().screen).toBe("ended");
    expect(store.getState().ended).toEqual({ reason });
  });

  it("leave clears the session and the password", async () => {
    const { store, session, nav } = await joinedStore();
    store.getState().joinActions.setJoinField("password", "typed again");
    await store.getState().joinActions.leave("see you");
    const s = store.getState();
    expect(session.leftWith).toEqual(["see you"]);
    expect(s.screen).toBe("ended");
    expect(s.ended).toEqual({ reason: "left" });
    expect(s.session).toBeNull();
    expect(s.room).toBeNull();
    expect(s.joinForm.password).toBe("");

    store.getState().joinActions.backToStart();
    expect(store.getState().screen).toBe("home");
    expect(nav.goHome).toHaveBeenCalledOnce();
  });

  it("closes the session when the page goes away and never shows the chat again", async () => {
    const { store, session } = await joinedStore();
    session.emit("message", incoming("x1", member("m2", "bob"), "secret"));
    store.getState().joinActions.closeForUnload();
    expect(session.closed).toBe(1);
    expect(store.getState().screen).toBe("invalidated");
    expect(store.getState().messages).toEqual([]);
    // A late event from the dead session changes nothing.
    session.emit("message", incoming("x2", member("m2", "bob"), "late"));
    expect(store.getState().messages).toEqual([]);
  });

  it("closes a session that lands after the page was left mid-join", async () => {
    let land: (s: SessionLike) => void = () => {};
    const session = new FakeSession();
    const { store } = setup(() => new Promise((resolve) => (land = resolve)));
    fillJoin(store);
    const joining = store.getState().joinActions.joinRoom();
    await Promise.resolve();
    expect(store.getState().screen).toBe("joining");
    store.getState().joinActions.closeForUnload();
    land(session);
    await joining;
    expect(session.closed).toBe(1);
    expect(store.getState().screen).toBe("invalidated");
    expect(store.getState().session).toBeNull();
  });
});

afterEach(() => {
  vi.useRealTimers();
});

beforeEach(() => {
  vi.restoreAllMocks();
});
