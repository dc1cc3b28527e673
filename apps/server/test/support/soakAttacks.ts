import { request as httpRequest } from "node:http";
import { MESSAGE_CT_MAX_CHARS, roomNamespace } from "@sanctuary/protocol";
import {
  b64,
  CLIENT_HEADERS,
  connected,
  createRoom,
  joinProof,
  joinRoom,
  type LobbySocket,
  lookup,
  openLobby,
  type RoomSocket,
  type TestRoom,
  welcomeOrRefusal,
} from "@sanctuary/testkit";
import { Manager } from "socket.io-client";

/**
 * The attacks of the soak test (docs/security.md, "Backpressure", "Fair share of rooms",
 * "Same-origin handshakes", "No lockout by a stranger"), each the way an attacker runs
 * it against a spawned server, from its own loopback addresses. Each returns `stop()`
 * and counters for the report.
 */

/** A running attack: its counters so far, and how to end it. */
export interface Attack {
  counts: Record<string, number>;
  stop(): Promise<void>;
}

/** A member of `room` from `address`, on its own connection; throws if refused. */
export async function seat(url: string, room: TestRoom, alias: string, address: string) {
  const lobby = await openLobby(url, { localAddress: address });
  try {
    const joined = await joinRoom(url, lobby, room, alias, { client: { localAddress: address } });
    if (!joined.ok) throw new Error(`${alias}: ${joined.refusal?.code}`);
    return joined;
  } finally {
    lobby.disconnect();
  }
}

interface RawWs {
  _socket: { pause(): void };
  send(data: string): void;
  terminate(): void;
  onmessage: (ev: { data: unknown }) => void;
}

/** The engine.io WebSocket (the `ws` package's) under a socket.io-client socket. */
const rawWs = (socket: RoomSocket) =>
  (socket.io.engine as unknown as { transport: { ws: RawWs } }).transport.ws;

/**
 * The slow reader: stops reading its TCP stream but keeps the link alive with pongs,
 * and never gives up on the server itself. Resolves with its member id.
 */
export async function slowReader(url: string, room: TestRoom, address: string) {
  const joined = await seat(url, room, "slow", address);
  const ws = rawWs(joined.socket);
  ws._socket.pause();
  const engine = joined.socket.io.engine as unknown as Record<string, unknown>;
  clearTimeout(engine._pingTimeoutTimer as NodeJS.Timeout);
  engine._resetPingTimeout = () => {};
  const pongs = setInterval(() => {
    try {
      ws.send("3");
    } catch {}
  }, 1000);
  return {
    id: joined.welcome.you.id,
    stop: async () => {
      clearInterval(pongs);
      ws.terminate();
    },
  };
}

/** The largest envelope the server relays with its default caps. */
function largestEnvelope() {
  const bytes = Math.floor((MESSAGE_CT_MAX_CHARS * 3) / 4 / 16) * 16;
  const ct = b64(bytes);
  return () => ({ v: 1 as const, iv: b64(16), ct, mac: b64(32) });
}

/**
 * Members that send the largest legal envelope once a second each (a tenth of the
 * per-socket rate limit) and discard what they receive without parsing it.
 */
export async function largeSenders(url: string, room: TestRoom, addresses: string[]): Promise<Attack> {
  const counts = { sent: 0, acked: 0 };
  const sockets: RoomSocket[] = [];
  for (const [i, address] of addresses.entries()) {
    const { socket } = await seat(url, room, `big${i}`, address);
    const ws = rawWs(socket);
    const engineListener = ws.onmessage;
    ws.onmessage = (ev) => {
      if (ev.data === "2") engineListener(ev);
    };
    sockets.push(socket);
  }
  const envelope = largestEnvelope();
  const timer = setInterval(() => {
    for (const s of sockets) {
      counts.sent++;
      s.emit("msg:send", { env: envelope() }, () => {});
    }
  }, 1000);
  return {
    counts,
    stop: async () => {
      clearInterval(timer);
      for (const s of sockets) s.disconnect();
    },
  };
}

/** A Manager (one connection) from `address`, WebSocket only, never reconnecting. */
function managerFrom(url: string, address: string): Manager {
  return new Manager(url, {
    transports: ["websocket"],
    extraHeaders: CLIENT_HEADERS,
    reconnection: false,
    autoConnect: false,
    localAddress: address,
  } as ConstructorParameters<typeof Manager>[1]);
}

/**
 * The room-filling party: from each address one connection that creates rooms as fast
 * as it is let (every `paceMs`) and sits in each, to hold them against the room cap.
 * `created` counts rooms per address.
 */
export function roomParty(url: string, addresses: string[], paceMs: number) {
  const counts = { created: 0, refused: 0, seated: 0 };
  const perAddress = new Map<string, number>();
  let running = true;
  const managers: Manager[] = [];
  const loops = addresses.map(async (address) => {
    const manager = managerFrom(url, address);
    managers.push(manager);
    const lobby: LobbySocket = manager.socket("/");
    await connected(lobby);
    while (running) {
      await new Promise((r) => setTimeout(r, paceMs));
      const room = await createRoom(lobby, {}, { timeoutMs: 3000 }).catch(() => null);
      if (!room) {
        counts.refused++;
        continue;
      }
      counts.created++;
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      const nonce = await lookup(lobby, room.roomId, 3000).catch(() => null);
      if (!nonce) continue;
      const alias = "party";
      const socket: RoomSocket = manager.socket(roomNamespace(room.roomId), {
        auth: { alias, nonce, proof: joinProof(room.authKey, room.roomId, nonce, alias) },
      });
      const result = welcomeOrRefusal(socket, 3000).catch(() => null);
      socket.connect();
      if ((await result)?.ok) counts.seated++;
    }
  });
  return {
    counts,
    perAddress,
    stop: async () => {
      running = false;
      await Promise.all(loops.map((l) => l.catch(() => {})));
      for (const m of managers) m.engine?.close();
    },
  };
}

/** One GET exactly as another site's `<img>` over plain HTTP sends it; its status. */
function imageRequest(url: string, address: string, n: number): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest(
      `${url}/socket.io/?EIO=4&transport=polling&i=${n}`,
      { agent: false, localAddress: address, headers: { accept: "image/avif,image/webp,*/*" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", () => resolve(0));
    req.end();
  });
}

/** Cross-site-shaped polling handshakes from `address`, one every `paceMs`. */
export function crossSiteImages(url: string, address: string, paceMs: number): Attack {
  const counts: Record<string, number> = { sent: 0, refused: 0, opened: 0 };
  let running = true;
  const loop = (async () => {
    for (let n = 0; running; n++) {
      counts.sent = (counts.sent ?? 0) + 1;
      const status = await imageRequest(url, address, n);
      if (status === 200) counts.opened = (counts.opened ?? 0) + 1;
      else counts.refused = (counts.refused ?? 0) + 1;
      await new Promise((r) => setTimeout(r, paceMs));
    }
  })();
  return {
    counts,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/**
 * A stranger with only the room ID guessing passwords from several addresses: lookup,
 * then a join with a proof under a wrong key, one try per address every `paceMs`.
 */
export function guesser(url: string, room: TestRoom, addresses: string[], paceMs: number): Attack {
  const counts = { tries: 0, admitted: 0 };
  const wrong = Buffer.alloc(32, 9);
  let running = true;
  const loops = addresses.map(async (address) => {
    const lobby = await openLobby(url, { localAddress: address });
    while (running) {
      counts.tries++;
      const result = await joinRoom(url, lobby, room, "guess", {
        key: wrong,
        client: { localAddress: address },
        timeoutMs: 3000,
      }).catch(() => null);
      if (result?.ok) counts.admitted++;
      result?.socket.disconnect();
      await new Promise((r) => setTimeout(r, paceMs));
    }
    lobby.disconnect();
  });
  return {
    counts,
    stop: async () => {
      running = false;
      await Promise.all(loops.map((l) => l.catch(() => {})));
    },
  };
}
