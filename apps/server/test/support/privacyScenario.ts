import { createHash, randomBytes } from "node:crypto";
import { type Envelope, formatRoomId, roomNamespace, type Welcome } from "@sanctuary/protocol";
import {
  type AnySocket,
  b64,
  connect,
  connected,
  cutClientNetwork,
  type JoinResult,
  joinProof,
  createRoom as kitCreateRoom,
  once as kitOnce,
  type LobbySocket,
  lookup,
  type RoomSocket,
  request,
  requestRaw,
  type SpawnedServer,
  type SpawnServerOptions,
  spawnServer,
  type TestRoom,
  welcomeOrRefusal,
} from "@sanctuary/testkit";

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
/** Generous: the server may run under strace. */
const MS = 5000;

/** The built `sanctuary` command after a whole scenario and a SIGTERM. */
export interface CommandRun extends ScenarioTrace {
  server: SpawnedServer;
  /** What it had printed once it served, before the scenario. */
  printedAtStart: string;
  exitCode: number | null;
}

/** Starts the built command with `args` and `options`, runs the scenario, stops it. */
export async function runScenarioOnCommand(
  args: readonly string[],
  options: SpawnServerOptions = {},
): Promise<CommandRun> {
  const server = await spawnServer(args, options);
  const printedAtStart = server.stdout();
  let secrets: string[] = [];
  let exitCode: number | null = null;
  try {
    ({ secrets } = await runPrivacyScenario(server.url));
  } finally {
    exitCode = await server.stop("SIGTERM");
  }
  return { server, printedAtStart, exitCode, secrets };
}

export async function runPrivacyScenario(url: string): Promise<ScenarioTrace> {
  const secrets = new Set<string>(ADDRESSES);
  const sockets: AnySocket[] = [];
  const remember = (...values: string[]) => {
    for (const v of values) secrets.add(v);
  };
  const envelope = (): Envelope => {
    const env = { v: 1 as const, iv: b64(16), ct: b64(48), mac: b64(32) };
    remember(env.iv, env.ct, env.mac);
    return env;
  };
  const open = <S extends AnySocket>(path: string, address: string, auth?: object): S => {
    const socket = connect<S>(url, path, auth, { localAddress: address });
    sockets.push(socket);
    return socket;
  };
  const enter = (path: string, address: string, auth: object) =>
    welcomeOrRefusal(open<RoomSocket>(path, address, auth), MS);
  const lobbyAt = async (address: string) => {
    const lobby = open<LobbySocket>("/", address);
    await connected(lobby, MS);
    return lobby;
  };
  const createRoom = async (lobby: LobbySocket, password: string, withName: boolean) => {
    const authKey = createHash("sha256").update(password).digest();
    remember(password, authKey.toString("base64url"), authKey.toString("hex"));
    const room = await kitCreateRoom(lobby, withName ? { meta: envelope(), lifetime: 3600 } : {}, {
      authKey,
      timeoutMs: MS,
    });
    remember(room.salt, room.roomId, formatRoomId(room.roomId), room.roomId.toLowerCase());
    return room;
  };
  const join = async (
    lobby: LobbySocket,
    room: TestRoom,
    alias: string,
    address: string,
    key = room.authKey,
  ) => {
    remember(alias);
    const nonce = await lookup(lobby, room.roomId, MS);
    const proof = joinProof(key, room.roomId, nonce, alias);
    const pub = b64(32);
    const pubMac = b64(32);
    remember(nonce, proof, pub, pubMac);
    return enter(roomNamespace(room.roomId), address, { alias, nonce, proof, pub, pubMac });
  };
  const once = (socket: AnySocket, event: string) => kitOnce(socket, event, MS);

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
    const sent = await request(alice.socket, "msg:send", { env: envelope() }, MS);
    if (sent.ok) remember(sent.id);
    await heard;
    const whispered = once(alice.socket, "msg:whisper");
    await request(
      bob.socket,
      "msg:whisper",
      { to: alice.welcome.you.id, env: { v: 2, epk: b64(32), iv: b64(16), ct: b64(32), mac: b64(32) } },
      MS,
    );
    await whispered;
    bob.socket.emit("typing", { on: true });
    await request(alice.socket, "room:lock", { locked: true }, MS);
    await request(alice.socket, "room:lock", { locked: false }, MS);

    // A wrong password, then malformed payloads and a malformed handshake.
    const wrong = await join(bobLobby, room, "Mallory Thistlewood", ADDRESSES[1], randomBytes(32));
    if (wrong.ok) throw new Error("a wrong password was admitted");
    await requestRaw(
      bob.socket,
      "msg:send",
      [{ env: { v: 1, iv: "Zeppelin-Orchard-Nine", ct: "<script>" } }],
      MS,
    );
    remember("Zeppelin-Orchard-Nine");
    await request(bob.socket, "member:kick", { id: "Quasimodo-Lantern" }, MS);
    remember("Quasimodo-Lantern");
    const bad = await enter(roomNamespace(room.roomId), ADDRESSES[1], {
      alias: "Ignatius Plover",
      nonce: "x",
      proof: "y",
    });
    remember("Ignatius Plover");
    if (bad.ok) throw new Error("a malformed handshake was admitted");

    // Carol's network drops; she resumes with her token.
    const away = once(alice.socket, "member:away");
    cutClientNetwork(carol.socket);
    await away;
    const back = await must(
      enter(roomNamespace(room.roomId), ADDRESSES[1], { resume: carol.welcome.resumeToken }),
    );
    remember(back.welcome.resumeToken);

    // Kick carol, bob leaves with a farewell, alice leaves.
    await request(alice.socket, "member:kick", { id: carol.welcome.you.id }, MS);
    const farewell = once(alice.socket, "member:left");
    await request(bob.socket, "member:exit", { farewell: envelope() }, MS);
    await farewell;
    alice.socket.disconnect();

    // A second room, purged by its owner.
    const other = await createRoom(bobLobby, "Tangerine-Obelisk-19-hum", false);
    const owner = await must(join(bobLobby, other, "Dorothea Wilde", ADDRESSES[1]));
    const guest = await must(join(aliceLobby, other, "Evander Brightwater", ADDRESSES[0]));
    const ended = once(guest.socket, "session:ended");
    await request(owner.socket, "room:purge", {}, MS);
    await ended;
    return { secrets: [...secrets].filter((s) => s.length >= 4) };
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
}

async function must(entered: Promise<JoinResult>): Promise<{ socket: RoomSocket; welcome: Welcome }> {
  const res = await entered;
  if (!res.ok) throw new Error(`join refused: ${res.refusal?.code}`);
  return res;
}
