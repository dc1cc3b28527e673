import { type JoinRefusal, type RoomNotice, roomNamespace } from "@sanctuary/protocol";
import {
  connected,
  cutNetwork,
  joinProof,
  request as kitRequest,
  welcomeOrRefusal,
} from "@sanctuary/testkit";
import { Manager } from "socket.io-client";
import { describe, expect, it } from "vitest";
import {
  connectRoom,
  createRoom,
  join,
  joined,
  lobbyFor,
  sleep,
  type TestRoom,
  type TestServer,
  useServers,
} from "./helpers.js";

/**
 * No lockout by a stranger (docs/security.md): a stranger with only the room ID guesses passwords from 100
 * addresses (127.1.0.1 … 127.1.0.100, each its own connection, lobby and room
 * namespace on one WebSocket, as an attacker's script would). While it goes on, a
 * joiner with the right password from an address that has not failed must get in
 * within 10 s, and a member whose connection drops must get its seat back by token;
 * each guessing address stays refused with growing waits.
 */
const GUESSERS = 100;
const GUESS_FIRST_MS = 3000;
const PACE_MS = 250;
const WRONG_KEY = Buffer.alloc(32, 9);

interface Guesser {
  codes: string[];
  stop(): Promise<void>;
}

/** One guessing address: lookups and wrong proofs over one connection until stopped. */
function startGuesser(t: TestServer, room: TestRoom, localAddress: string): Guesser {
  const codes: string[] = [];
  let running = true;
  const manager = new Manager(t.url, {
    transports: ["websocket"],
    reconnection: false,
    autoConnect: false,
    localAddress,
  } as ConstructorParameters<typeof Manager>[1]);
  const loop = (async () => {
    const lobby = manager.socket("/");
    await connected(lobby);
    const socket = manager.socket(roomNamespace(room.roomId));
    while (running) {
      const looked = await kitRequest(lobby, "room:lookup", { roomId: room.roomId }).catch(() => null);
      if (looked?.ok) {
        const alias = "guess";
        socket.auth = {
          alias,
          nonce: looked.nonce,
          proof: joinProof(WRONG_KEY, room.roomId, looked.nonce, alias),
        };
        const outcome = welcomeOrRefusal(socket, 3000);
        socket.connect();
        const result = await outcome.catch(() => null);
        socket.removeAllListeners();
        if (result?.ok) socket.disconnect();
        codes.push(
          result === null ? "timeout" : result.ok ? "admitted" : (result.refusal as JoinRefusal).code,
        );
      } else {
        codes.push(looked === null ? "timeout" : `lookup:${looked.code}`);
      }
      await sleep(PACE_MS);
    }
  })();
  return {
    codes,
    async stop() {
      running = false;
      await loop.catch(() => {});
      manager.engine?.close();
    },
  };
}

/** How long `address` must wait before a join is no longer RATE_LIMITED (polling), ms. */
async function waitOut(t: TestServer, room: TestRoom, address: string, key: Buffer): Promise<number> {
  const lobby = await lobbyFor(t, { localAddress: address });
  const started = Date.now();
  for (;;) {
    // A lookup refused by the address's event budget is a wait too.
    const r = await join(t, lobby, room, "guess", key, { localAddress: address }).catch(() => null);
    r?.socket.disconnect();
    if (r !== null && (r.ok || r.refusal.code !== "RATE_LIMITED")) {
      lobby.disconnect();
      return Date.now() - started;
    }
    await sleep(25);
  }
}

describe("password guessing from 100 addresses keeps nobody with the password out", () => {
  const start = useServers();

  it("lets a right-password joiner in within 10 s, lets a dropped member resume, and keeps backing the guessers off", async () => {
    const t = await start({ joinBackoffBaseMs: 200, maxLookupsPerMinute: 10_000 });
    const lobby = await lobbyFor(t);
    const room = await createRoom(lobby);
    const alice = await joined(t, lobby, room, "alice");
    const notices: RoomNotice[] = [];
    alice.socket.on("room:notice", (n: RoomNotice) => notices.push(n));
    const bob = await joined(t, lobby, room, "bob");

    const guessers = Array.from({ length: GUESSERS }, (_, i) =>
      startGuesser(t, room, `127.1.${Math.floor(i / 250)}.${(i % 250) + 1}`),
    );
    try {
      await sleep(GUESS_FIRST_MS);

      // (b) bob's connection dies while the guessing goes on; his token takes his seat back.
      cutNetwork(t.server, room.roomId, bob.welcome.you.id);
      await sleep(100);
      const back = await connectRoom(t, room.roomId, { resume: bob.welcome.resumeToken });
      const resumed = back.ok ? back.welcome.you.id : back.refusal.code;

      // (a) carol, who knows the password, from an address that has never failed.
      const carolAddress = { localAddress: "127.2.0.1" };
      const carolLobby = await lobbyFor(t, carolAddress);
      const began = Date.now();
      let carolIn = false;
      const refusals: string[] = [];
      while (!carolIn && Date.now() - began < 10_000) {
        const r = await join(t, carolLobby, room, "carol", room.authKey, carolAddress);
        carolIn = r.ok;
        if (!r.ok) {
          refusals.push(r.refusal.code);
          await sleep(250);
        }
      }
      const waited = Date.now() - began;
      // biome-ignore lint/suspicious/noConsole: the wait the issue asks to report
      console.info(
        `right-password joiner waited ${waited} ms during guessing (refusals: ${refusals.join(",") || "none"})`,
      );
      expect({ resumed, carolIn, refusals }).toEqual({
        resumed: bob.welcome.you.id,
        carolIn: true,
        refusals: [],
      });
      expect(waited).toBeLessThan(10_000);
    } finally {
      await Promise.all(guessers.map((g) => g.stop()));
    }

    // The guessing was real: wrong proofs, then each address backed off.
    const all = guessers.flatMap((g) => g.codes);
    expect(all).not.toContain("admitted");
    expect(all.filter((c) => c === "WRONG_PASSWORD").length).toBeGreaterThanOrEqual(GUESSERS * 5);
    for (const g of guessers) expect(g.codes).toContain("RATE_LIMITED");
    // The room was told, without a word of where from.
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((n) => n.kind === "join-failures" && Object.keys(n).length === 2)).toBe(true);

    // (c) a guessing address stays refused, even with the right password...
    const guesserAddress = { localAddress: "127.1.0.1" };
    const again = await join(
      t,
      await lobbyFor(t, guesserAddress),
      room,
      "guess",
      room.authKey,
      guesserAddress,
    );
    expect(again.ok ? "admitted" : again.refusal.code).toBe("RATE_LIMITED");
    // ...and each wrong proof past the threshold doubles the wait (measured on a fresh
    // address, whose count is known: 5 failures, then waits of 200, 400, 800 ms).
    const fresh = "127.1.9.9";
    const freshLobby = await lobbyFor(t, { localAddress: fresh });
    for (let i = 0; i < 5; i++) {
      const r = await join(t, freshLobby, room, "guess", WRONG_KEY, { localAddress: fresh });
      expect(r.ok ? "admitted" : r.refusal.code).toBe("WRONG_PASSWORD");
    }
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) waits.push(await waitOut(t, room, fresh, WRONG_KEY));
    // biome-ignore lint/suspicious/noConsole: the waits the issue asks to report
    console.info(`one guessing address's waits: ${waits.join(", ")} ms`);
    expect(waits[1]).toBeGreaterThan((waits[0] ?? 0) * 1.3);
    expect(waits[2]).toBeGreaterThan((waits[1] ?? 0) * 1.3);
  }, 60_000);
});
