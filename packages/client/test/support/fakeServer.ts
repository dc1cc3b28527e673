import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { KDF_DEFAULT, type Member, type Welcome } from "@sanctuary/protocol";
import { Server, type Socket } from "socket.io";
import { toBase64url } from "../../src/encoding.js";

/**
 * A Socket.IO server the test controls completely, speaking just enough of the lobby
 * and room protocol for `joinRoom` to get in: it answers `room:lookup` with what
 * `lookup` says, welcomes every room socket with `welcome(you)`, and hands the test the
 * server side of that socket to send whatever it likes.
 */
export interface FakeServer {
  url: string;
  roomId: string;
  /** Resolves with the server's side of the next room socket that connects. */
  nextRoomSocket(): Promise<Socket>;
  /** What the server answers to `room:lookup` (a valid reply by default). */
  lookup: (roomId: string) => unknown;
  /** What the server welcomes a joining member with (a valid welcome by default). */
  welcome: (you: Member) => unknown;
  close(): Promise<void>;
}

export const FAKE_ROOM_ID = "K7QM2XZD9PWH4TNS";
export const FAKE_SALT = toBase64url(new Uint8Array(16).fill(7));

export function fakeMember(id: string, alias: string, extra: Partial<Member> = {}): Member {
  return { id, alias, owner: false, joinedAt: 1_700_000_000_000, ...extra };
}

/** A well-formed welcome: `you` joins an owner "ann" who is already there. */
export function validWelcome(you: Member): Welcome {
  const ann = fakeMember("m-ann", "ann", { owner: true });
  return {
    you,
    members: [ann, you],
    ownerId: ann.id,
    locked: false,
    resumeToken: toBase64url(new Uint8Array(32).fill(1)),
    resumeWindowMs: 30_000,
  };
}

export async function startFakeServer(): Promise<FakeServer> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: 10_000_000 });
  const waiting: Array<(socket: Socket) => void> = [];
  let seq = 0;
  const fake: FakeServer = {
    url: "",
    roomId: FAKE_ROOM_ID,
    nextRoomSocket: () => new Promise((resolve) => waiting.push(resolve)),
    lookup: () => ({
      ok: true,
      salt: FAKE_SALT,
      kdf: { ...KDF_DEFAULT },
      nonce: toBase64url(new Uint8Array(16).fill(3)),
    }),
    welcome: validWelcome,
    close: () => new Promise((resolve) => io.close(() => resolve())),
  };
  io.of("/").on("connection", (socket) => {
    socket.on("room:lookup", (payload: { roomId: string }, ack: (res: unknown) => void) =>
      ack(fake.lookup(payload.roomId)),
    );
  });
  io.of(`/r/${FAKE_ROOM_ID}`).on("connection", (socket) => {
    seq += 1;
    const auth = socket.handshake.auth as { alias: string; pub?: string; pubMac?: string };
    const you = fakeMember(`m-${seq}`, auth.alias, {
      ...(auth.pub ? { pub: auth.pub } : {}),
      ...(auth.pubMac ? { pubMac: auth.pubMac } : {}),
    });
    socket.emit("room:welcome", fake.welcome(you));
    waiting.shift()?.(socket);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return fake;
}
