import { type Ack, MESSAGE_CT_MAX_CHARS, PACKET_OVERHEAD_BYTES } from "@sanctuary/protocol";
import type { Socket } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { b64, createRoom, envelope, joined, lobbyFor, once, sleep, useServers } from "./helpers.js";

/**
 * The byte rate of messages (docs/security.md, "Byte rate"): a member within the event
 * rate who sends the largest legal envelope every time made every other member download
 * 3.7 MB/s (at the default ten events a second); twenty such members put 7 MB/s into
 * each honest member's link and dropped one on a slow link as a slow consumer. The
 * server now relays at most a burst of two largest messages and then the default
 * 64 KiB/s per sender; the rest is answered RATE_LIMITED and the sender's other members
 * never see it.
 */

const start = useServers();
const RATE = 64 * 1024;
const ROOM_RATE = 256 * 1024;
const BURST = 2 * (MESSAGE_CT_MAX_CHARS + PACKET_OVERHEAD_BYTES);

const ALICE = { localAddress: "127.0.0.2" };
const BOB = { localAddress: "127.0.0.3" };
const CAROL = { localAddress: "127.0.0.4" };

/** The largest envelope the server relays with its default caps. */
function largestEnvelope() {
  const bytes = Math.floor((MESSAGE_CT_MAX_CHARS * 3) / 4 / 16) * 16;
  return { v: 1, iv: b64(16), ct: b64(bytes), mac: b64(32) };
}

/** Sends `env()` on `socket` `perSecond` times a second for `ms`; tallies the answers. */
async function sendFor(socket: Socket, env: () => object, perSecond: number, ms: number) {
  const codes: Record<string, number> = {};
  const answers: Array<Promise<void>> = [];
  const messages = new Set<string>();
  const timer = setInterval(() => {
    answers.push(
      new Promise((resolve) => {
        socket.timeout(3000).emit("msg:send", { env: env() }, (err: Error | null, res: Ack) => {
          const code = err ? "none" : res.ok ? "ok" : res.code;
          codes[code] = (codes[code] ?? 0) + 1;
          if (!err && !res.ok) messages.add(res.message);
          resolve();
        });
      }),
    );
  }, 1000 / perSecond);
  await sleep(ms);
  clearInterval(timer);
  await Promise.all(answers);
  return { codes, messages };
}

describe("the byte rate of messages", () => {
  it("cuts a member sending the largest envelopes to the byte rate; others chat on", {
    timeout: 30_000,
  }, async () => {
    const t = await start({ webRoot: null });
    const lobby = await lobbyFor(t, ALICE);
    const room = await createRoom(lobby);
    const bob = await joined(t, lobby, room, "bob", BOB);
    const carol = await joined(t, lobby, room, "carol", CAROL);
    const attacker = await joined(t, lobby, room, "attacker", ALICE);

    // Bytes of large messages that reach bob, and carol's small ones.
    let bigBytes = 0;
    const small = new Set<string>();
    bob.socket.on("msg:new", (m: { env: { iv: string; ct: string } }) => {
      if (m.env.ct.length > 1000) bigBytes += m.env.ct.length;
      else small.add(m.env.iv);
    });

    // Two a second: a fifth of the event rate, so only bytes can refuse them, and few
    // enough refusals that the connection is not closed within the 8 s.
    const ATTACK_MS = 8000;
    const chat = new Set<string>();
    const honest = setInterval(() => {
      const env = envelope();
      chat.add(env.iv);
      carol.socket.emit("msg:send", { env }, () => {});
    }, 200);
    const attack = await sendFor(attacker.socket, largestEnvelope, 2, ATTACK_MS);
    clearInterval(honest);
    await sleep(300);

    // Before the limit: 16 envelopes (5.9 MB) reached bob.
    const allowed = BURST + RATE * (ATTACK_MS / 1000);
    expect(bigBytes).toBeLessThanOrEqual(allowed);
    expect(bigBytes).toBeGreaterThan(BURST / 2);
    expect(attack.codes.RATE_LIMITED).toBeGreaterThan(8);
    expect([...attack.messages].join()).toMatch(/too much data/i);
    expect(attacker.socket.connected).toBe(true);
    // Carol's chat all reached bob meanwhile.
    expect([...chat].filter((iv) => !small.has(iv))).toEqual([]);
  });

  it("closes the connection of a member that keeps sending over the byte rate", {
    timeout: 30_000,
  }, async () => {
    const t = await start({ webRoot: null });
    const lobby = await lobbyFor(t, ALICE);
    const room = await createRoom(lobby);
    await joined(t, lobby, room, "bob", BOB);
    const attacker = await joined(t, lobby, room, "attacker", ALICE);
    const gone = once<string>(attacker.socket, "disconnect", 15_000);
    // Ten a second, the event rate: refusals reach the strikes within a few seconds.
    const attack = sendFor(attacker.socket, largestEnvelope, 10, 5000);
    expect(await gone).toBe("io server disconnect");
    const { codes } = await attack;
    // Two in the burst, then RATE_LIMIT_STRIKES refusals; the rest go unanswered.
    expect(codes.ok).toBeLessThanOrEqual(3);
    expect(codes.RATE_LIMITED).toBe(20);
  });

  it("holds a room's large messages to its budget however many send; short ones pass", {
    timeout: 30_000,
  }, async () => {
    const t = await start({ webRoot: null });
    const lobby = await lobbyFor(t, ALICE);
    const room = await createRoom(lobby);
    const bob = await joined(t, lobby, room, "bob", BOB);
    const carol = await joined(t, lobby, room, "carol", CAROL);
    const senders: Socket[] = [];
    for (let i = 0; i < 6; i++) {
      const address = { localAddress: `127.0.1.${i + 1}` };
      senders.push((await joined(t, await lobbyFor(t, address), room, `big${i}`, address)).socket);
    }
    let bigBytes = 0;
    const small = new Set<string>();
    bob.socket.on("msg:new", (m: { env: { iv: string; ct: string } }) => {
      if (m.env.ct.length > 1000) bigBytes += m.env.ct.length;
      else small.add(m.env.iv);
    });
    const chat = new Set<string>();
    const honest = setInterval(() => {
      const env = envelope();
      chat.add(env.iv);
      carol.socket.emit("msg:send", { env }, () => {});
    }, 200);
    // Six senders, each one largest envelope a second: within its own burst for the
    // first two, but 2.2 MB a second into every member's queue before the room's budget.
    const ATTACK_MS = 4000;
    const attacks = await Promise.all(senders.map((s) => sendFor(s, largestEnvelope, 1, ATTACK_MS)));
    clearInterval(honest);
    await sleep(300);

    expect(bigBytes).toBeLessThanOrEqual(BURST + ROOM_RATE * (ATTACK_MS / 1000));
    const messages = new Set(attacks.flatMap((a) => [...a.messages]));
    expect([...messages].join()).toMatch(/room is busy/i);
    // A busy room is no strike: every sender is still there.
    expect(senders.every((s) => s.connected)).toBe(true);
    expect([...chat].filter((iv) => !small.has(iv))).toEqual([]);
  });
});
