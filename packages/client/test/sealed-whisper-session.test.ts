import type { Envelope, IncomingWhisper, SealedEnvelope } from "@sanctuary/protocol";
import { createServer, MemoryRoomRegistry, type SanctuaryServer } from "@sanctuary/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { toBase64url } from "../src/encoding.js";
import { sealEnvelope } from "../src/envelope.js";
import type { ChatMessage, DroppedEvent, RoomSession } from "../src/index.js";
import { createRoom, joinRoom, memberKeyPair, SanctuaryError } from "../src/index.js";

/**
 * Sealed whispers (F22) end to end against the real server (apps/server), including a
 * server turned hostile through test hooks: one that misroutes a whisper to a third
 * member, and one that swaps a member's announced key for its own.
 */

type AdmitMember = MemoryRoomRegistry["admitMember"];
type Candidate = Parameters<AdmitMember>[1];

/** How the hostile registry rewrites a joining member's key; null leaves it alone. */
let tamper: ((candidate: Candidate) => Candidate) | null = null;

let server: SanctuaryServer;
let serverUrl: string;
const open: RoomSession[] = [];
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  const registry = new MemoryRoomRegistry();
  const admit = registry.admitMember.bind(registry);
  registry.admitMember = (roomId, candidate, limits) =>
    admit(roomId, tamper ? tamper(candidate) : candidate, limits);
  server = createServer({
    webRoot: null,
    registry,
    maxRoomsPerMinute: 1000,
    maxConnectionsPerAddress: 1000,
    maxAddressRate: 10_000,
  });
  const { port } = await server.listen(0, "127.0.0.1");
  serverUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  tamper = null;
  for (const s of open.splice(0)) s.close();
});

function track(session: RoomSession): RoomSession {
  open.push(session);
  return session;
}

async function create(alias: string): Promise<RoomSession> {
  return track(await createRoom({ serverUrl, alias, password: PASSWORD }));
}

async function join(roomId: string, alias: string): Promise<RoomSession> {
  return track(await joinRoom({ serverUrl, roomId, alias, password: PASSWORD }));
}

/** Collects `message` and `dropped` events from a session. */
function inbox(session: RoomSession) {
  const messages: ChatMessage[] = [];
  const dropped: DroppedEvent[] = [];
  session.on("message", (m) => messages.push(m));
  session.on("dropped", (d) => dropped.push(d));
  return { messages, dropped };
}

/** The server's side of a member's socket. */
function serverSocket(session: RoomSession, memberId = session.you.id) {
  const nsp = server.namespaces.get(session.roomId);
  const socket = [...(nsp?.sockets.values() ?? [])].find((s) => s.data.memberId === memberId);
  if (!nsp || !socket) throw new Error("no such server socket");
  return { nsp, socket };
}

/** Records every `msg:whisper` request the server receives from `session`. */
function captureWhispers(session: RoomSession): Array<{ to: string; env: SealedEnvelope | Envelope }> {
  const captured: Array<{ to: string; env: SealedEnvelope | Envelope }> = [];
  serverSocket(session).socket.onAny((event: string, payload: { to: string; env: SealedEnvelope }) => {
    if (event === "msg:whisper") captured.push(payload);
  });
  return captured;
}

/** Three members; resolves once alice sees both others. */
async function threeMembers() {
  const alice = await create("alice");
  const bob = await join(alice.roomId, "bob");
  const carol = await join(alice.roomId, "carol");
  await expect.poll(() => alice.members.length).toBe(3);
  await expect.poll(() => bob.members.length).toBe(3);
  return { alice, bob, carol };
}

describe("member keys and fingerprints", () => {
  it("every member's key verifies for everyone; fingerprints agree across clients", async () => {
    const { alice, bob, carol } = await threeMembers();
    for (const viewer of [alice, bob, carol]) {
      for (const subject of [alice, bob, carol]) {
        expect(viewer.memberKey(subject.you.id)).toEqual({
          status: "verified",
          fingerprint: subject.yourFingerprint,
        });
      }
      expect(viewer.roomFingerprint).toBe(alice.roomFingerprint);
    }
    expect(new Set([alice.yourFingerprint, bob.yourFingerprint, carol.yourFingerprint]).size).toBe(3);
    expect(alice.memberKey("nobody")).toBeUndefined();
    // The announced key is the member's own, as sent in the handshake.
    expect(bob.memberById(alice.you.id)?.pub).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("a member's secret key is zeroed when its session ends", async () => {
    const alice = await create("alice");
    // biome-ignore lint/suspicious/noExplicitAny: checking that key bytes are zeroed
    const secret = (alice as any).cipher.own.secretKey as Uint8Array;
    expect(secret.some((b) => b !== 0)).toBe(true);
    await alice.leave();
    expect(secret.every((b) => b === 0)).toBe(true);
    await expect(alice.whisper(alice.you.id, "x")).rejects.toMatchObject({ code: "CLOSED" });
  });
});

describe("sealed whispers", () => {
  it("alice whispers to bob (v2 on the wire); bob reads it; carol receives nothing", async () => {
    const { alice, bob, carol } = await threeMembers();
    const bobBox = inbox(bob);
    const carolBox = inbox(carol);
    const captured = captureWhispers(alice);

    const sent = await alice.whisper(bob.you.id, "only for <i>bob</i>");
    expect(sent).toMatchObject({ kind: "whisper", to: bob.you.id, mine: true, text: "only for <i>bob</i>" });
    await expect.poll(() => bobBox.messages.length).toBe(1);
    expect(bobBox.messages[0]).toMatchObject({
      id: sent.id,
      kind: "whisper",
      from: { id: alice.you.id, alias: "alice" },
      to: bob.you.id,
      text: "only for <i>bob</i>",
      mine: false,
    });
    expect(bobBox.dropped).toEqual([]);

    // What the server saw is a v2 envelope with a fresh ephemeral key, no plaintext.
    expect(captured).toHaveLength(1);
    const env = captured[0]?.env as SealedEnvelope;
    expect(Object.keys(env).sort()).toEqual(["ct", "epk", "iv", "mac", "v"]);
    expect(env.v).toBe(2);
    expect(env.epk).not.toBe(bob.memberById(bob.you.id)?.pub);
    expect(JSON.stringify(captured)).not.toContain("bob</i>");

    // Carol got neither the whisper nor a notice about one: a later broadcast arrives alone.
    await alice.send("sync");
    await expect.poll(() => carolBox.messages.length).toBe(1);
    expect(carolBox.messages[0]?.text).toBe("sync");
    expect(carolBox.dropped).toEqual([]);
  });

  it("a server that delivers the sealed whisper to carol too: carol cannot open it", async () => {
    const { alice, bob, carol } = await threeMembers();
    const bobBox = inbox(bob);
    const carolBox = inbox(carol);
    const captured = captureWhispers(alice);
    await alice.whisper(bob.you.id, "the vault code is 1234");
    await expect.poll(() => bobBox.messages.length).toBe(1);

    // The hostile part: the server hands the captured envelope to carol, once addressed
    // to bob as it was, once relabelled as if it were meant for her.
    const { nsp } = serverSocket(carol);
    const env = captured[0]?.env as SealedEnvelope;
    const from = { id: alice.you.id, alias: alice.you.alias };
    for (const to of [bob.you.id, carol.you.id]) {
      const misrouted: IncomingWhisper = { id: `evil-${to}`, from, to, ts: Date.now(), env };
      nsp.to(carol.you.id).emit("msg:whisper", misrouted);
    }

    await expect.poll(() => carolBox.dropped.length).toBe(2);
    expect(carolBox.dropped).toEqual([
      { from, kind: "whisper", reason: "unreadable" },
      { from, kind: "whisper", reason: "unreadable" },
    ]);
    expect(carolBox.messages).toEqual([]);
    // Bob got his copy once and nothing more.
    expect(bobBox.messages.map((m) => m.text)).toEqual(["the vault code is 1234"]);
  });

  it("a whisper under the room key (v1) is no longer accepted, even though carol holds that key", async () => {
    const { alice, carol } = await threeMembers();
    const carolBox = inbox(carol);
    // biome-ignore lint/suspicious/noExplicitAny: forging a v1 whisper with alice's room keys
    const roomKeys = (alice as any).cipher.keys;
    const v1 = sealEnvelope(roomKeys, {
      kind: "whisper",
      roomId: alice.roomId,
      fromAlias: "alice",
      body: '{"text":"old style"}',
    });
    // The server's schema still admits v1 whispers, so a client could send one.
    // biome-ignore lint/suspicious/noExplicitAny: sending a raw packet from alice's socket
    const clientSocket = (alice as any).socket;
    const ack = await clientSocket.timeout(5000).emitWithAck("msg:whisper", { to: carol.you.id, env: v1 });
    expect(ack.ok).toBe(true);
    const from = { id: alice.you.id, alias: "alice" };
    await expect.poll(() => carolBox.dropped).toEqual([{ from, kind: "whisper", reason: "unsealed" }]);
    expect(carolBox.messages).toEqual([]);
  });

  it("a whisper sealed with the wrong recipient alias does not open at the right key", async () => {
    const { alice, bob } = await threeMembers();
    const bobBox = inbox(bob);
    // Alice's client thinks bob is called "carol" (say a server lied in member:joined):
    // the MAC binds the recipient alias, so bob's client refuses it.
    // biome-ignore lint/suspicious/noExplicitAny: reaching into the session to corrupt its view
    const members = (alice as any).roster.byId as Map<string, { alias: string }>;
    const bobRecord = members.get(bob.you.id);
    if (!bobRecord) throw new Error("bob missing");
    members.set(bob.you.id, { ...bobRecord, alias: "mallory" });
    await alice.whisper(bob.you.id, "hi");
    await expect
      .poll(() => bobBox.dropped)
      .toEqual([{ from: { id: alice.you.id, alias: "alice" }, kind: "whisper", reason: "unreadable" }]);
    expect(bobBox.messages).toEqual([]);
  });
});

describe("a server that swaps a member's key", () => {
  const serverKey = memberKeyPair().pub;

  it.each([
    ["keeping the member's own pubMac", (c: Candidate) => ({ ...c, pub: serverKey })],
    [
      "with a made-up pubMac",
      (c: Candidate) => ({ ...c, pub: serverKey, pubMac: toBase64url(new Uint8Array(32).fill(9)) }),
    ],
  ])("%s: the member is unverified for everyone and whispers to it are refused", async (_how, swap) => {
    const alice = await create("alice");
    tamper = (c) => (c.alias === "bob" ? swap(c) : c);
    const bob = await join(alice.roomId, "bob");
    const carol = await join(alice.roomId, "carol");
    tamper = null;
    await expect.poll(() => alice.members.length).toBe(3);
    await expect.poll(() => bob.members.length).toBe(3);
    expect(alice.memberById(bob.you.id)?.pub).toBe(serverKey); // the swap did reach alice

    // alice saw bob arrive (member:joined); carol got him in her welcome; bob sees himself.
    for (const viewer of [alice, carol, bob]) {
      expect(viewer.memberKey(bob.you.id)).toEqual({ status: "unverified" });
    }
    const captured = captureWhispers(alice);
    const refused = await alice.whisper(bob.you.id, "secret").then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(SanctuaryError);
    expect(refused).toMatchObject({ code: "UNVERIFIED_KEY" });
    await expect(carol.whisper(bob.you.id, "secret")).rejects.toMatchObject({ code: "UNVERIFIED_KEY" });
    // Nothing left alice's client, and other members are unaffected.
    await new Promise((r) => setTimeout(r, 50));
    expect(captured).toEqual([]);
    expect(alice.memberKey(carol.you.id)?.status).toBe("verified");
    const carolBox = inbox(carol);
    await alice.whisper(carol.you.id, "you are fine");
    await expect.poll(() => carolBox.messages.map((m) => m.text)).toEqual(["you are fine"]);
  });

  it("a member announced without a key is missing, and cannot be whispered to", async () => {
    const alice = await create("alice");
    // Everything but the key (the socket that holds the seat stays).
    tamper = (c) => {
      if (c.alias !== "bob") return c;
      const { pub: _pub, pubMac: _pubMac, ...rest } = c;
      return rest;
    };
    const bob = await join(alice.roomId, "bob");
    tamper = null;
    await expect.poll(() => alice.members.length).toBe(2);
    expect(alice.memberKey(bob.you.id)).toEqual({ status: "missing" });
    await expect(alice.whisper(bob.you.id, "hi")).rejects.toMatchObject({ code: "UNVERIFIED_KEY" });
  });
});
