import { createHash, createHmac, randomBytes } from "node:crypto";
import {
  type Ack,
  type Envelope,
  formatRoomId,
  type JoinRefusal,
  joinProofMessage,
  KDF_DEFAULT,
  type Welcome,
} from "@sanctuary/protocol";
import { io as connect, type Socket } from "socket.io-client";

/**
 * One whole chat against a running server, by raw Socket.IO clients from two other
 * loopback addresses (127.0.0.2 and 127.0.0.3): create (with a room name and a
 * self-destruct time), join, chat, whisper, typing, lock, a wrong password, malformed
 * payloads and handshakes, a dropped network and its resume, kick, a farewell, purge.
 * Shared by the zero-logging and zero-storage tests, which then look for every value
 * it returns in what the server printed or wrote.
 *
 * Passwords stand behind an authKey here as they do in the real client (the server
 * never sees a password at all); the authKey is SHA-256 of the password, so both are
 * searched for.
 */
export interface ScenarioTrace {
  /** Every value that must never appear in the server's output or files. */
  secrets: string[];
}

const ADDRESSES = ["127.0.0.2", "127.0.0.3"] as const;

export async function runPrivacyScenario(url: string): Promise<ScenarioTrace> {
  const secrets = new Set<string>(ADDRESSES);
  const sockets: Socket[] = [];
  const remember = (...values: string[]) => {
    for (const v of values) secrets.add(v);
  };
  const envelope = (): Envelope => {
    const env = { v: 1 as const, iv: b64(16), ct: b64(48), mac: b64(32) };
    remember(env.iv, env.ct, env.mac);
    return env;
  };
  const open = async (path: string, address: string, auth?: object) => {
    const socket = connect(`${url}${path}`, {
      forceNew: true,
      reconnection: false,
      transports: ["websocket"],
      ...(auth ? { auth: auth as Record<string, unknown> } : {}),
      localAddress: address,
    } as Parameters<typeof connect>[1]);
    sockets.push(socket);
    return socket;
  };
  const lobbyAt = async (address: string) => {
    const lobby = await open("/", address);
    await once(lobby, "connect");
    return lobby;
  };
  const createRoom = async (lobby: Socket, password: string, withName: boolean) => {
    const authKey = createHash("sha256").update(password).digest();
    const salt = b64(16);
    remember(password, authKey.toString("base64url"), authKey.toString("hex"), salt);
    const res = await ask<{ roomId: string }>(lobby, "room:create", {
      salt,
      kdf: { ...KDF_DEFAULT },
      authKey: authKey.toString("base64url"),
      ...(withName ? { meta: envelope(), lifetime: 3600 } : {}),
    });
    if (!res.ok) throw new Error(`room:create refused: ${res.code}`);
    remember(res.roomId, formatRoomId(res.roomId), res.roomId.toLowerCase());
    return { roomId: res.roomId, authKey };
  };
  const join = async (
    lobby: Socket,
    room: { roomId: string; authKey: Buffer },
    alias: string,
    address: string,
    key = room.authKey,
  ) => {
    remember(alias);
    const look = await ask<{ nonce: string }>(lobby, "room:lookup", { roomId: room.roomId });
    if (!look.ok) throw new Error(`room:lookup refused: ${look.code}`);
    const proof = createHmac("sha256", key)
      .update(joinProofMessage(room.roomId, look.nonce, alias))
      .digest("base64url");
    const pub = b64(32);
    const pubMac = b64(32);
    remember(look.nonce, proof, pub, pubMac);
    return enter(await open(`/r/${room.roomId}`, address, { alias, nonce: look.nonce, proof, pub, pubMac }));
  };

  try {
    const aliceLobby = await lobbyAt(ADDRESSES[0]);
    const bobLobby = await lobbyAt(ADDRESSES[1]);
    const room = await createRoom(aliceLobby, "Saffron-Kettle-88-whistle", true);
    const alice = await must(join(aliceLobby, room, "Aurelia Quinctilla", ADDRESSES[0]));
    const bob = await must(join(bobLobby, room, "Bartholomew Vex", ADDRESSES[1]));
    const carol = await must(join(bobLobby, room, "Cordelia Marsh", ADDRESSES[1]));
    remember(alice.welcome.you.id, bob.welcome.you.id, carol.welcome.you.id);
    remember(alice.welcome.resumeToken, bob.welcome.resumeToken, carol.welcome.resumeToken);

    // Chat, a whisper, typing, lock and unlock.
    const heard = once(bob.socket, "msg:new");
    const sent = await ask<{ id: string }>(alice.socket, "msg:send", { env: envelope() });
    if (sent.ok) remember(sent.id);
    await heard;
    const whispered = once(alice.socket, "msg:whisper");
    await ask(bob.socket, "msg:whisper", {
      to: alice.welcome.you.id,
      env: { v: 2, epk: b64(32), iv: b64(16), ct: b64(32), mac: b64(32) },
    });
    await whispered;
    bob.socket.emit("typing", { on: true });
    await ask(alice.socket, "room:lock", { locked: true });
    await ask(alice.socket, "room:lock", { locked: false });

    // A wrong password, then malformed payloads and a malformed handshake.
    const wrong = await join(bobLobby, room, "Mallory Thistlewood", ADDRESSES[1], randomBytes(32));
    if (wrong.ok) throw new Error("a wrong password was admitted");
    await ask(bob.socket, "msg:send", { env: { v: 1, iv: "Zeppelin-Orchard-Nine", ct: "<script>" } });
    remember("Zeppelin-Orchard-Nine");
    await ask(bob.socket, "member:kick", { id: "Quasimodo-Lantern" });
    remember("Quasimodo-Lantern");
    const bad = await enter(
      await open(`/r/${room.roomId}`, ADDRESSES[1], { alias: "Ignatius Plover", nonce: "x", proof: "y" }),
    );
    remember("Ignatius Plover");
    if (bad.ok) throw new Error("a malformed handshake was admitted");

    // Carol's network drops; she resumes with her token.
    const away = once(alice.socket, "member:away");
    cutClientNetwork(carol.socket);
    await away;
    const back = await must(
      enter(await open(`/r/${room.roomId}`, ADDRESSES[1], { resume: carol.welcome.resumeToken })),
    );
    remember(back.welcome.resumeToken);

    // Kick carol, bob leaves with a farewell, alice leaves.
    await ask(alice.socket, "member:kick", { id: carol.welcome.you.id });
    const farewell = once(alice.socket, "member:left");
    await ask(bob.socket, "member:exit", { farewell: envelope() });
    await farewell;
    alice.socket.disconnect();

    // A second room, purged by its owner.
    const other = await createRoom(bobLobby, "Tangerine-Obelisk-19-hum", false);
    const owner = await must(join(bobLobby, other, "Dorothea Wilde", ADDRESSES[1]));
    const guest = await must(join(aliceLobby, other, "Evander Brightwater", ADDRESSES[0]));
    const ended = once(guest.socket, "session:ended");
    await ask(owner.socket, "room:purge", {});
    await ended;
    return { secrets: [...secrets].filter((s) => s.length >= 4) };
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
}

type Entered = { ok: true; socket: Socket; welcome: Welcome } | { ok: false; refusal?: JoinRefusal };

function enter(socket: Socket): Promise<Entered> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("join timed out")), 5000);
    socket.once("room:welcome", (welcome: Welcome) => {
      clearTimeout(timer);
      resolve({ ok: true, socket, welcome });
    });
    socket.once("connect_error", (err: Error & { data?: JoinRefusal }) => {
      clearTimeout(timer);
      resolve({ ok: false, ...(err.data ? { refusal: err.data } : {}) });
    });
  });
}

async function must(entered: Promise<Entered>): Promise<{ socket: Socket; welcome: Welcome }> {
  const res = await entered;
  if (!res.ok) throw new Error(`join refused: ${res.refusal?.code}`);
  return res;
}

function ask<T extends object = Record<string, unknown>>(socket: Socket, event: string, payload: unknown) {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

function once<T = unknown>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${event}`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Destroys the client's TCP socket under its WebSocket: the server sees a dead network. */
function cutClientNetwork(socket: Socket): void {
  const engine = socket.io.engine as unknown as { transport?: { ws?: { _socket?: { destroy(): void } } } };
  const tcp = engine.transport?.ws?._socket;
  if (!tcp) throw new Error("no WebSocket to cut");
  tcp.destroy();
}

function b64(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}
