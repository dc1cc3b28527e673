import { createHash } from "node:crypto";
import { createServer, type SanctuaryServer } from "@sanctuary/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { IncomingTransfer } from "../src/files/incoming.js";
import type { RoomSession } from "../src/index.js";
import { createRoom, joinRoom } from "../src/index.js";

/**
 * Files (F42–F45) end to end against the real server: a room file and a whispered file
 * arrive intact and only where they should; cancel and a sender leaving stop them.
 */

let server: SanctuaryServer;
let serverUrl: string;
const open: RoomSession[] = [];
const PASSWORD = "correct horse battery staple";

beforeAll(async () => {
  server = createServer({
    webRoot: null,
    maxRoomsPerMinute: 1000,
    maxConnectionsPerAddress: 1000,
    maxAddressRate: 10_000,
  });
  const { port } = await server.listen(0, "127.0.0.1");
  serverUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => server.close());
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function room(...aliases: string[]): Promise<RoomSession[]> {
  const [first, ...rest] = aliases;
  const owner = await createRoom({ serverUrl, alias: first as string, password: PASSWORD });
  open.push(owner);
  const sessions = [owner];
  for (const alias of rest) {
    const s = await joinRoom({ serverUrl, roomId: owner.roomId, alias, password: PASSWORD });
    open.push(s);
    sessions.push(s);
  }
  await until(() => sessions.every((s) => s.members.length === aliases.length));
  return sessions;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function randomFile(bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 65_536)
    crypto.getRandomValues(out.subarray(i, Math.min(bytes, i + 65_536)));
  return out;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The next offer a session gets, and its end. */
function nextOffer(session: RoomSession): Promise<IncomingTransfer> {
  return new Promise((resolve) => {
    const off = session.files.on("offer", (t) => {
      off();
      resolve(t);
    });
  });
}

function ended(t: { finished: Promise<{ state: string; reason?: string }> }) {
  return t.finished;
}

/** Names of the events the server sends to a member's socket. */
function serverEmits(session: RoomSession, watcher: RoomSession): string[] {
  const nsp = server.namespaces.get(watcher.roomId);
  const socket = [...(nsp?.sockets.values() ?? [])].find((s) => s.data.memberId === session.you.id);
  if (!socket) throw new Error("no socket");
  const seen: string[] = [];
  const emit = socket.emit.bind(socket) as (...args: unknown[]) => boolean;
  (socket as unknown as { emit: (...args: unknown[]) => boolean }).emit = (...args) => {
    seen.push(String(args[0]));
    return emit(...args);
  };
  return seen;
}

describe("files through the relay", () => {
  it("delivers a room file to every member with the same SHA-256, with progress", async () => {
    const [alice, bob, carol] = await room("alice", "bob", "carol");
    const file = randomFile(300_000);
    const offers = [nextOffer(bob as RoomSession), nextOffer(carol as RoomSession)];
    const sent = await (alice as RoomSession).files.send(file, {
      name: "../notes.bin",
      type: "application/x-test",
    });
    const progress: number[] = [];
    sent.on("progress", (p) => progress.push(p.bytes));
    const got = await Promise.all(offers);
    expect(got[0]?.name).toBe(".._notes.bin");
    expect(got[0]?.size).toBe(300_000);
    expect(got[0]?.peer?.alias).toBe("alice");
    const ends = await Promise.all([ended(sent), ...got.map((t) => ended(t))]);
    expect(ends.map((e) => e.state)).toEqual(["done", "done", "done"]);
    for (const t of got) {
      const bytes = new Uint8Array(await (t.blob as Blob).arrayBuffer());
      expect(sha256(bytes)).toBe(sha256(file));
      expect(t.blob?.type).toBe("application/x-test");
    }
    expect(progress.at(-1)).toBe(300_000);
  });

  it("whispers a file to its recipient only: a third member's socket gets no offer and no chunk", async () => {
    const [alice, bob, carol] = await room("alice", "bob", "carol");
    const carolSaw = serverEmits(carol as RoomSession, carol as RoomSession);
    let carolOffers = 0;
    carol?.files.on("offer", () => carolOffers++);
    const offer = nextOffer(bob as RoomSession);
    const file = randomFile(200_000);
    const sent = await (alice as RoomSession).files.send(file, {
      name: "secret.bin",
      to: bob?.you.id as string,
    });
    const t = await offer;
    expect((await ended(t)).state).toBe("done");
    expect(sha256(new Uint8Array(await (t.blob as Blob).arrayBuffer()))).toBe(sha256(file));
    expect((await ended(sent)).state).toBe("done");
    expect(carolSaw.filter((e) => e.startsWith("file:"))).toEqual([]);
    expect(carolOffers).toBe(0);
  });

  it("stops for everyone when the sender cancels, and only for a receiver who cancels", async () => {
    const [alice, bob, carol] = await room("alice", "bob", "carol");
    const offers = [nextOffer(bob as RoomSession), nextOffer(carol as RoomSession)];
    const sent = await (alice as RoomSession).files.send(randomFile(3_000_000), { name: "big.bin" });
    const [bobT, carolT] = await Promise.all(offers);
    bobT?.cancel();
    const carolEnd = ended(carolT as IncomingTransfer);
    await until(() => (carolT?.bytes ?? 0) > 0);
    sent.cancel();
    expect((await carolEnd).reason).toBe("cancelled");
    expect(bobT?.state).toBe("cancelled");
    expect(sent.state).toBe("cancelled");
  });

  it("tells the receivers when the sender leaves mid-transfer", async () => {
    const [alice, bob] = await room("alice", "bob");
    const offer = nextOffer(bob as RoomSession);
    await (alice as RoomSession).files.send(randomFile(5_000_000), { name: "big.bin" });
    const t = await offer;
    await until(() => t.bytes > 0);
    alice?.close();
    expect(await ended(t)).toEqual({ state: "failed", reason: "sender-left" });
  });

  it("does not give a member who joins mid-transfer anything", async () => {
    const [alice, bob] = await room("alice", "bob");
    const offer = nextOffer(bob as RoomSession);
    const sent = await (alice as RoomSession).files.send(randomFile(2_000_000), { name: "a.bin" });
    const dave = await joinRoom({
      serverUrl,
      roomId: (alice as RoomSession).roomId,
      alias: "dave",
      password: PASSWORD,
    });
    open.push(dave);
    let daveOffers = 0;
    dave.files.on("offer", () => daveOffers++);
    expect((await ended(await offer)).state).toBe("done");
    expect((await ended(sent)).state).toBe("done");
    expect(daveOffers).toBe(0);
  });

  it("refuses a file over the server's limit with TOO_LARGE", async () => {
    const [alice] = await room("alice", "bob");
    const big = new Uint8Array(0);
    const blob = { size: 101 * 2 ** 20, slice: () => new Blob([big]) } as unknown as Blob;
    await expect((alice as RoomSession).files.send(blob, { name: "huge" })).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
  });

  it("streams into a sink given with accept(), in order, and carries the message it goes with", async () => {
    const [alice, bob] = await room("alice", "bob");
    const file = randomFile(700_000);
    const offer = nextOffer(bob as RoomSession);
    const sent = await (alice as RoomSession).files.send(file, { name: "disk.bin", ref: "msg-123" });
    const t = await offer;
    expect(t.ref).toBe("msg-123");
    const parts: Uint8Array[] = [];
    let closed = false;
    expect(
      t.accept({
        // A slow disk: each write takes a while, and the next waits for it.
        write: async (chunk) => {
          await new Promise((r) => setTimeout(r, 2));
          parts.push(chunk.slice());
        },
        close: () => {
          closed = true;
        },
      }),
    ).toBe(true);
    expect((await ended(t)).state).toBe("done");
    expect((await ended(sent)).state).toBe("done");
    expect(closed).toBe(true);
    expect(t.blob).toBeUndefined();
    const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      whole.set(p, at);
      at += p.length;
    }
    expect(sha256(whole)).toBe(sha256(file));
  });

  it("fails a transfer whose sink cannot write, and aborts the sink", async () => {
    const [alice, bob] = await room("alice", "bob");
    const offer = nextOffer(bob as RoomSession);
    await (alice as RoomSession).files.send(randomFile(200_000), { name: "full-disk.bin" });
    const t = await offer;
    let aborted = false;
    t.accept({
      write: () => Promise.reject(new Error("disk full")),
      close: () => {},
      abort: () => {
        aborted = true;
      },
    });
    const end = await ended(t);
    expect(end.state).toBe("failed");
    await until(() => aborted);
  });
});
