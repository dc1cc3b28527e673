import { createServer, type SanctuaryServer } from "@sanctuary/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { IncomingTransfer } from "../src/files/incoming.js";
import type { RoomSession } from "../src/index.js";
import { createRoom, joinRoom } from "../src/index.js";

/**
 * A hostile relay (F43): the real server with one receiver's socket rewritten so that
 * it changes, reorders, drops, replays or cuts short the chunks it forwards. The
 * receiving SDK must notice every one and end the transfer as `tampered`, never
 * completing with a wrong file.
 */

type Emit = (event: string, ...args: unknown[]) => boolean;
type Chunk = { id: string; index: number; data: Uint8Array };
/** Rewrites the chunks to one socket: gets each chunk and the real emit. */
type Rewrite = (chunk: Chunk, send: (c: Chunk) => void) => void;

let server: SanctuaryServer;
let serverUrl: string;
const open: RoomSession[] = [];

beforeAll(async () => {
  server = createServer({
    webRoot: null,
    maxRoomsPerMinute: 1000,
    maxConnectionsPerAddress: 1000,
    maxAddressRate: 10_000,
  });
  serverUrl = `http://127.0.0.1:${(await server.listen(0, "127.0.0.1")).port}`;
});
afterAll(() => server.close());
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function pair(): Promise<[RoomSession, RoomSession]> {
  const alice = await createRoom({ serverUrl, alias: "alice", password: "pw pw pw pw" });
  const bob = await joinRoom({ serverUrl, roomId: alice.roomId, alias: "bob", password: "pw pw pw pw" });
  open.push(alice, bob);
  while (alice.members.length < 2) await new Promise((r) => setTimeout(r, 10));
  return [alice, bob];
}

/** Puts `rewrite` between the relay and `session`'s socket for file chunks. */
function hostile(session: RoomSession, rewrite: Rewrite): void {
  const socket = [...(server.namespaces.get(session.roomId)?.sockets.values() ?? [])].find(
    (s) => s.data.memberId === session.you.id,
  ) as unknown as { emit: Emit };
  const emit = socket.emit.bind(socket);
  socket.emit = (event, ...args) => {
    if (event !== "file:chunk") return emit(event, ...args);
    rewrite(args[0] as Chunk, (c) => emit("file:chunk", c));
    return true;
  };
}

async function receiveThrough(rewrite: Rewrite, chunks = 4): Promise<IncomingTransfer> {
  const [alice, bob] = await pair();
  hostile(bob, rewrite);
  const offer = new Promise<IncomingTransfer>((resolve) => bob.files.on("offer", resolve));
  await alice.files.send(new Uint8Array(chunks * 65_536 - 100).fill(7), { name: "f.bin" });
  const t = await offer;
  await t.finished;
  return t;
}

describe("a receiver facing a hostile relay", () => {
  it("detects a changed chunk", async () => {
    const t = await receiveThrough((c, send) => {
      const data = Uint8Array.from(c.data);
      if (c.index === 1) data[40] = (data[40] as number) ^ 1;
      send({ ...c, data });
    });
    expect([t.state, t.reason]).toEqual(["failed", "tampered"]);
    expect(t.blob).toBeUndefined();
  });

  it("detects reordered chunks", async () => {
    let held: Chunk | undefined;
    const t = await receiveThrough((c, send) => {
      if (c.index === 1) held = c;
      else {
        send(c);
        if (c.index === 2 && held) send(held);
      }
    });
    expect([t.state, t.reason]).toEqual(["failed", "tampered"]);
  });

  it("detects a dropped chunk", async () => {
    const t = await receiveThrough((c, send) => {
      if (c.index !== 1) send(c);
    });
    expect([t.state, t.reason]).toEqual(["failed", "tampered"]);
  });

  it("detects a replayed chunk", async () => {
    const t = await receiveThrough((c, send) => {
      send(c);
      if (c.index === 0) send(c);
    });
    expect([t.state, t.reason]).toEqual(["failed", "tampered"]);
  });

  it("detects a file cut short (the last chunk withheld)", async () => {
    const t = await receiveThrough((c, send) => {
      if (c.index !== 3) send(c);
    });
    expect([t.state, t.reason]).toEqual(["failed", "tampered"]);
    expect(t.bytes).toBe(3 * 65_536);
  });

  it("completes when nothing is changed (the rewrite itself is harmless)", async () => {
    const t = await receiveThrough((c, send) => send(c));
    expect(t.state).toBe("done");
    expect(t.blob?.size).toBe(4 * 65_536 - 100);
  });
});
