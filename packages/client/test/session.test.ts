import { IMAGE_MAX_BYTES, MESSAGE_BODY_MAX_BYTES, TEXT_MAX_BYTES } from "@sanctuary/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type {
  ChatMessage,
  DroppedEvent,
  MemberLeftEvent,
  RoomSession,
  SessionEndedEvent,
} from "../src/index.js";
import { createRoom, joinRoom, SanctuaryError } from "../src/index.js";
import { type RealServer, serverSocketOf, startRealServer } from "./support/realServer.js";

/** Session behaviour against the real server (apps/server), over real sockets. */
let server: RealServer;
const open: RoomSession[] = [];

beforeAll(async () => {
  server = await startRealServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function track(session: RoomSession): RoomSession {
  open.push(session);
  return session;
}

/** Resolves with the next `event` the session emits. */
function next<E extends "message" | "memberLeft" | "ended" | "dropped" | "memberJoined" | "typing">(
  session: RoomSession,
  event: E,
): Promise<unknown[]> {
  return new Promise((resolve) => {
    const off = session.on(event, ((...args: unknown[]) => {
      off();
      resolve(args);
    }) as never);
  });
}

async function twoMembers(password = "hunter2 hunter2") {
  const phases: string[] = [];
  const alice = track(
    await createRoom({
      serverUrl: server.url,
      alias: "  Alice ",
      password,
      roomName: "Plans",
      onPhase: (p) => phases.push(p),
    }),
  );
  const bob = track(await joinRoom({ serverUrl: server.url, roomId: alice.roomId, alias: "bob", password }));
  return { alice, bob, phases };
}

describe("createRoom and joinRoom", () => {
  it("create and join: owner, members in join order, room name, phases", async () => {
    const { alice, bob, phases } = await twoMembers();
    expect(phases).toEqual(["deriving-key", "looking-up", "connecting"]);
    expect(alice.you.alias).toBe("Alice");
    expect(alice.isOwner).toBe(true);
    expect(bob.isOwner).toBe(false);
    expect(bob.ownerId).toBe(alice.you.id);
    expect(bob.roomName).toBe("Plans");
    expect(alice.roomName).toBe("Plans");
    expect(bob.members.map((m) => m.alias)).toEqual(["Alice", "bob"]);
    expect(bob.memberByAlias("ALICE")?.id).toBe(alice.you.id);
    await expect.poll(() => alice.members.length).toBe(2);
    // The server got the room name as ciphertext only.
    const stored = await server.server.registry.getRoom(alice.roomId);
    expect(stored?.meta?.ct).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(stored)).not.toContain("Plans");
  });

  it("a wrong password is WRONG_PASSWORD, an unknown room NOT_FOUND, a taken alias ALIAS_TAKEN", async () => {
    const { alice } = await twoMembers();
    const attempt = (alias: string, password: string, roomId = alice.roomId) =>
      joinRoom({ serverUrl: server.url, roomId, alias, password }).then(
        () => "joined",
        (err: SanctuaryError) => err.code,
      );
    expect(await attempt("carol", "wrong")).toBe("WRONG_PASSWORD");
    expect(await attempt("carol", "hunter2 hunter2", "0000000000000000")).toBe("NOT_FOUND");
    expect(await attempt("BOB", "hunter2 hunter2")).toBe("ALIAS_TAKEN");
  });
});

describe("RoomSession", () => {
  it("send: the sender gets it back as mine, the other decrypts it", async () => {
    const { alice, bob } = await twoMembers();
    const mine: ChatMessage[] = [];
    alice.on("message", (m) => mine.push(m));
    const arriving = next(bob, "message");
    const sent = await alice.send("hello <b>world</b>");
    expect(sent).toMatchObject({ kind: "msg", text: "hello <b>world</b>", mine: true });
    expect(mine).toEqual([sent]);
    const [got] = (await arriving) as [ChatMessage];
    expect(got).toMatchObject({ id: sent.id, kind: "msg", text: sent.text, mine: false });
    expect(got.from).toEqual({ id: alice.you.id, alias: "Alice" });
    expect(server.packets.join("\n")).not.toContain("hello");
  });

  it("whisper reaches only its target", async () => {
    const { alice, bob } = await twoMembers();
    const carol = track(
      await joinRoom({
        serverUrl: server.url,
        roomId: alice.roomId,
        alias: "carol",
        password: "hunter2 hunter2",
      }),
    );
    const carolGot: ChatMessage[] = [];
    carol.on("message", (m) => carolGot.push(m));
    const arriving = next(bob, "message");
    const sent = await alice.whisper(bob.you.id, "psst");
    expect(sent).toMatchObject({ kind: "whisper", to: bob.you.id, mine: true });
    const [got] = (await arriving) as [ChatMessage];
    expect(got).toMatchObject({ kind: "whisper", text: "psst", to: bob.you.id, mine: false });
    await alice.send("sync");
    await expect.poll(() => carolGot.length).toBe(1);
    expect(carolGot[0]?.text).toBe("sync");
  });

  it("an envelope that does not verify is dropped and reported, not shown", async () => {
    const { alice, bob } = await twoMembers();
    // A member who knows a different password cannot get in, so forge from inside: a
    // valid envelope replayed under the wrong kind fails its MAC at the receiver.
    const messages: ChatMessage[] = [];
    bob.on("message", (m) => messages.push(m));
    const dropped = next(bob, "dropped");
    // biome-ignore lint/suspicious/noExplicitAny: reaching into the session to forge a packet
    const socket = (alice as any).socket;
    // biome-ignore lint/suspicious/noExplicitAny: same
    const env = (await import("../src/envelope.js")).sealEnvelope((alice as any).cipher.keys, {
      kind: "whisper",
      roomId: alice.roomId,
      fromAlias: "Alice",
      body: '{"text":"forged"}',
    });
    await socket.timeout(5000).emitWithAck("msg:send", { env });
    const [event] = (await dropped) as [DroppedEvent];
    expect(event).toEqual({ from: { id: alice.you.id, alias: "Alice" }, kind: "msg" });
    expect(messages).toEqual([]);
  });

  it("typing and lock are relayed; only the owner may lock", async () => {
    const { alice, bob } = await twoMembers();
    const typing = next(alice, "typing");
    bob.setTyping(true);
    expect(await typing).toEqual([bob.you.id, true]);
    await expect(bob.setLocked(true)).rejects.toMatchObject({ code: "NOT_OWNER" });
    const locked = new Promise((resolve) => bob.on("lockChanged", (l, by) => resolve([l, by])));
    await alice.setLocked(true);
    expect(await locked).toEqual([true, "Alice"]);
    expect(bob.locked).toBe(true);
  });

  it("leave with a farewell: others see it decrypted; ownership passes on; keys wiped", async () => {
    const { alice, bob } = await twoMembers();
    // biome-ignore lint/suspicious/noExplicitAny: checking that key bytes are zeroed
    const keys = (alice as any).cipher.keys as { encKey: Uint8Array };
    const left = next(bob, "memberLeft");
    const owner = new Promise((resolve) => bob.on("ownerChanged", resolve));
    const ended: SessionEndedEvent[] = [];
    alice.on("ended", (e) => ended.push(e));
    await alice.leave("bye <i>all</i>");
    expect(ended).toEqual([{ reason: "left" }]);
    expect(keys.encKey.every((b) => b === 0)).toBe(true);
    const [event] = (await left) as [MemberLeftEvent];
    expect(event).toMatchObject({ reason: "exit", farewell: "bye <i>all</i>" });
    expect(event.member.alias).toBe("Alice");
    expect(await owner).toBe(bob.you.id);
    expect(bob.isOwner).toBe(true);
    expect(bob.you.owner).toBe(true);
    expect(bob.members.map((m) => m.alias)).toEqual(["bob"]);
    await expect(alice.send("still here?")).rejects.toMatchObject({ code: "CLOSED" });
    alice.close();
    expect(ended).toHaveLength(1);
  });

  it("kick ends the target's session with the reason; purge ends everyone's", async () => {
    const { alice, bob } = await twoMembers();
    const bobEnded = next(bob, "ended");
    const left = next(alice, "memberLeft");
    await alice.kick(bob.you.id);
    expect(await bobEnded).toEqual([{ reason: "kicked", by: "Alice" }]);
    expect(((await left) as [MemberLeftEvent])[0]).toMatchObject({ reason: "kicked", by: "Alice" });
    const aliceEnded = next(alice, "ended");
    await alice.purge();
    expect(await aliceEnded).toEqual([{ reason: "purged", by: "Alice" }]);
  });

  it("local limits: too-long messages and farewells are refused before sending", async () => {
    const { alice, bob } = await twoMembers();
    // The cap is the whole body (text and pictures together), not the text budget alone.
    const over = "x".repeat(MESSAGE_BODY_MAX_BYTES);
    await expect.poll(() => alice.memberById(bob.you.id)).toBeDefined();
    await expect(alice.send(over)).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(alice.whisper(bob.you.id, over)).rejects.toMatchObject({ code: "TOO_LARGE" });
    await expect(alice.leave("y".repeat(281))).rejects.toBeInstanceOf(SanctuaryError);
    await expect(alice.whisper("nobody", "hi")).rejects.toMatchObject({ code: "NO_SUCH_MEMBER" });
  });
});

describe("message size", () => {
  it("a message with a picture larger than the text budget goes through, sent and whispered", async () => {
    const { alice, bob } = await twoMembers();
    // What the web composer allows at most: a full text budget and a full picture budget.
    const picture = `<img src="data:image/png;base64,${"A".repeat(IMAGE_MAX_BYTES - 40)}" alt="pasted image">`;
    const text = `${"w".repeat(TEXT_MAX_BYTES - 200)} ${picture}`;
    expect(text.length).toBeGreaterThan(TEXT_MAX_BYTES);
    await expect.poll(() => alice.memberById(bob.you.id)).toBeDefined();
    const got = next(bob, "message");
    await alice.send(text);
    expect(((await got) as [ChatMessage])[0].text).toBe(text);
    const whispered = next(bob, "message");
    await alice.whisper(bob.you.id, picture);
    expect(((await whispered) as [ChatMessage])[0]).toMatchObject({ kind: "whisper", text: picture });
  });
});

describe("room notices", () => {
  it("failed joins reach the members as a quiet notice with the count", async () => {
    const { alice, bob } = await twoMembers();
    const notices: unknown[] = [];
    alice.on("notice", (n) => notices.push(n));
    for (let i = 0; i < 5; i++) {
      await expect(
        joinRoom({ serverUrl: server.url, roomId: alice.roomId, alias: `guess${i}`, password: "wrong" }),
      ).rejects.toMatchObject({ code: "WRONG_PASSWORD" });
    }
    await expect.poll(() => notices).toEqual([{ kind: "join-failures", count: 5 }]);
    expect(bob.members).toHaveLength(2);
  });
});

describe("RoomSession endings and delivery", () => {
  it("a dropped connection ends the session as disconnected, exactly once", async () => {
    const { alice, bob } = await twoMembers();
    const ended: SessionEndedEvent[] = [];
    bob.on("ended", (e) => ended.push(e));
    const left = next(alice, "memberLeft");
    // The server ending the socket (not a network drop) is not resumed.
    serverSocketOf(server.server, alice.roomId, bob.you.id)?.disconnect(true);
    await expect.poll(() => ended).toEqual([{ reason: "disconnected" }]);
    expect(((await left) as [MemberLeftEvent])[0]).toMatchObject({ reason: "disconnected" });
    bob.close();
    await expect(bob.leave("bye")).resolves.toBeUndefined();
    expect(ended).toHaveLength(1);
  });

  it("a listener that throws does not stop the session or other listeners", async () => {
    const { alice, bob } = await twoMembers();
    const report = vi.spyOn(console, "error").mockImplementation(() => undefined);
    bob.on("message", () => {
      throw new Error("UI bug");
    });
    const seen: string[] = [];
    bob.on("message", (m) => seen.push(m.text));
    await alice.send("one");
    await alice.send("two");
    await expect.poll(() => seen).toEqual(["one", "two"]);
    expect(report).toHaveBeenCalledTimes(2);
    report.mockRestore();
  });

  it("events arriving with the welcome are held until the caller can subscribe", async () => {
    const { alice } = await twoMembers();
    // Carol's join triggers member:joined at Alice while nobody listens yet on Carol's
    // side; Alice then messages immediately: Carol must still get it.
    const joining = joinRoom({
      serverUrl: server.url,
      roomId: alice.roomId,
      alias: "carol",
      password: "hunter2 hunter2",
    });
    await expect.poll(() => alice.memberByAlias("carol")).toBeDefined();
    await alice.send("welcome carol");
    const carol = track(await joining);
    const got = await next(carol, "message");
    expect((got as [ChatMessage])[0].text).toBe("welcome carol");
  });
});
