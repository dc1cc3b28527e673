/**
 * Fan-out load: rooms of members (Sanctuary through the kit's raw client or plain `ws`
 * frames, wireMember.js; the bare relay through plain `ws`), open-loop sending, and the
 * latency from each send to each other member's receipt. State lives here between the
 * commands of one worker thread.
 */
import { performance } from "node:perf_hooks";
import { createRoom, envelopeSource, joinAsMember, openLobby, request } from "@sanctuary/testkit/client";
import WebSocket from "ws";
import { ACK_TIMEOUT_MS, JOIN_TIMEOUT_MS, sleep, memberTimeouts as timeouts } from "./timeouts.js";
import { joinWire } from "./wireMember.js";

/** A 200-character message's envelope, each with a unique iv (the receipt's key). */
const envelope = envelopeSource();

/**
 * @param {string} url
 * @param {string} roomName
 * @returns {Promise<WebSocket>}
 */
function joinBare(url, roomName) {
  const socket = new WebSocket(`${url}${roomName}`, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bare connect timed out")), JOIN_TIMEOUT_MS);
    socket.once("open", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/**
 * Runs `tasks` with at most `concurrency` in flight.
 * @param {Array<() => Promise<void>>} tasks
 * @param {number} concurrency
 */
async function pool(tasks, concurrency) {
  let next = 0;
  const run = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, run));
}

/**
 * @typedef {{
 *   send: (env: object) => void,
 *   roomIndex: number,
 *   close: () => Promise<void>,
 *   purge?: () => Promise<void>,
 * }} Sender
 */

/** @type {Sender[]} */
let members = [];
let fanoutPerMessage = 0;
/** iv → send time and receipts still expected. */
const pending = new Map();
/** @type {number[]} */
let latencies = [];
let lastReceipt = 0;
let acked = 0;

/** @param {string} iv */
function receipt(iv) {
  const at = performance.now();
  lastReceipt = at;
  const entry = pending.get(iv);
  if (!entry) return;
  latencies.push(at - entry.t);
  entry.left--;
  if (entry.left === 0) pending.delete(iv);
}

/**
 * Room `r`'s members through the kit's raw client (socket.io-client, one Manager each,
 * lobby and room socket on one connection as the SDK has them).
 * @param {number} r
 * @param {number} size
 * @param {(r: number, m: number) => string} urlFor
 * @returns {Promise<Sender[]>}
 */
async function joinRoomSdk(r, size, urlFor) {
  const first = await joinAsMember(urlFor(r, 0), null, "m0", timeouts);
  const joined = [first];
  const rest = Array.from({ length: size - 1 }, (_, m) => async () => {
    joined.push(await joinAsMember(urlFor(r, m + 1), first.room, `m${m + 1}`, timeouts));
  });
  await pool(rest, size);
  return joined.map(({ socket, manager }, i) => {
    socket.on("msg:new", (msg) => receipt(msg.env.iv));
    return {
      roomIndex: r,
      send: (env) => socket.emit("msg:send", { env }, () => acked++),
      close: async () => {
        socket.disconnect();
        manager.engine?.close();
      },
      ...(i === 0
        ? {
            purge: async () => {
              await request(socket, "room:purge", {}, ACK_TIMEOUT_MS).catch(() => {});
            },
          }
        : {}),
    };
  });
}

/**
 * Room `r`'s members on plain connections (wireMember.js); the first creates the room
 * and joins first, so it owns it. One lobby per server URL for the lookups, closed once
 * everyone is in.
 * @param {number} r
 * @param {number} size
 * @param {(r: number, m: number) => string} urlFor
 * @returns {Promise<Sender[]>}
 */
async function joinRoomWire(r, size, urlFor) {
  /** @type {Map<string, ReturnType<typeof openLobby>>} */
  const lobbies = new Map();
  const lobbyFor = (/** @type {string} */ url) => {
    const lobby = lobbies.get(url) ?? openLobby(url, {}, JOIN_TIMEOUT_MS);
    lobbies.set(url, lobby);
    return lobby;
  };
  const handlers = {
    onEvent: (/** @type {string} */ event, /** @type {any} */ payload) => {
      if (event === "msg:new") receipt(payload.env.iv);
    },
    onAck: () => acked++,
    joinMs: JOIN_TIMEOUT_MS,
  };
  try {
    const room = await createRoom(await lobbyFor(urlFor(r, 0)), {}, { timeoutMs: ACK_TIMEOUT_MS });
    const join = async (/** @type {number} */ m) =>
      joinWire(urlFor(r, m), await lobbyFor(urlFor(r, m)), room, `m${m}`, handlers);
    const first = await join(0);
    const rest = await Promise.all(Array.from({ length: size - 1 }, (_, m) => join(m + 1)));
    return [first, ...rest].map((member, i) => ({
      roomIndex: r,
      send: member.send,
      close: async () => member.close(),
      ...(i === 0
        ? {
            purge: async () => {
              await member.request("room:purge", {}, ACK_TIMEOUT_MS).catch(() => {});
            },
          }
        : {}),
    }));
  } finally {
    for (const lobby of lobbies.values()) lobby.then((l) => l.disconnect()).catch(() => {});
  }
}

/**
 * @param {{kind: "sanctuary" | "bare", client?: "sdk" | "wire", url: string, urls?: string[], rooms: number, members: number, concurrency: number, tag: string}} opts
 */
export async function setup(opts) {
  const urls = opts.urls?.length ? opts.urls : [opts.url];
  const urlFor = (/** @type {number} */ r, /** @type {number} */ m) =>
    urls[(r + m) % urls.length] ?? opts.url;
  fanoutPerMessage = opts.members - 1;
  /** @type {Sender[]} */
  const all = [];
  const tasks = [];
  for (let r = 0; r < opts.rooms; r++) {
    tasks.push(async () => {
      if (opts.kind === "bare") {
        for (let m = 0; m < opts.members; m++) {
          const socket = await joinBare(opts.url, `${opts.tag}-${r}`);
          socket.on("message", (data) => receipt(JSON.parse(String(data)).env.iv));
          all.push({
            roomIndex: r,
            send: (env) => socket.send(JSON.stringify({ env })),
            close: async () => {
              socket.close();
            },
          });
        }
        return;
      }
      const joined =
        opts.client === "wire"
          ? await joinRoomWire(r, opts.members, urlFor)
          : await joinRoomSdk(r, opts.members, urlFor);
      all.push(...joined);
    });
  }
  await pool(tasks, opts.concurrency);
  // Interleave rooms so consecutive sends go to different rooms.
  all.sort((a, b) => a.roomIndex - b.roomIndex);
  const byRoom = new Map();
  for (const s of all) byRoom.set(s.roomIndex, [...(byRoom.get(s.roomIndex) ?? []), s]);
  // Added to the members already here (a second setup adds more idle members).
  for (let i = 0; i < opts.members; i++) {
    for (const list of byRoom.values()) if (list[i]) members.push(list[i]);
  }
  return { members: members.length };
}

/**
 * Open-loop sending at `rate` msg/s for `durationMs`, then waits for outstanding
 * receipts until none is missing, none arrived for `quietMs`, or `drainMs` passed.
 * @param {{rate: number, durationMs: number, drainMs: number, quietMs: number}} opts
 */
export async function fanout(opts) {
  pending.clear();
  latencies = [];
  acked = 0;
  let sent = 0;
  let maxLag = 0;
  const elu0 = performance.eventLoopUtilization();
  const start = performance.now();
  const end = start + opts.durationMs;
  let cursor = 0;
  // The loop ends at `end` whatever happens; each tick sends what is owed, at most
  // one second's worth.
  for (let now = performance.now(); now < end; now = performance.now()) {
    const owed = Math.min(Math.floor(((now - start) / 1000) * opts.rate) - sent, Math.ceil(opts.rate));
    for (let i = 0; i < owed; i++) {
      const member = members[cursor++ % members.length];
      if (!member) break;
      const env = envelope();
      pending.set(env.iv, { t: performance.now(), left: fanoutPerMessage });
      member.send(env);
      sent++;
    }
    const before = performance.now();
    await sleep(2);
    maxLag = Math.max(maxLag, performance.now() - before - 2);
  }
  const sendEnd = performance.now();
  const drainEnd = sendEnd + opts.drainMs;
  lastReceipt = Math.max(lastReceipt, sendEnd);
  while (pending.size > 0 && performance.now() < drainEnd && performance.now() - lastReceipt < opts.quietMs) {
    await sleep(10);
  }
  const elu = performance.eventLoopUtilization(elu0);
  let missing = 0;
  for (const entry of pending.values()) missing += entry.left;
  pending.clear();
  const values = Float64Array.from(latencies);
  latencies = [];
  return {
    transfer: [values.buffer],
    sent,
    acked,
    expected: sent * fanoutPerMessage,
    received: values.length,
    missing,
    sendSeconds: (sendEnd - start) / 1000,
    latencies: values,
    elu: elu.utilization,
    maxTimerLagMs: maxLag,
  };
}

export async function teardown() {
  for (const m of members) if (m.purge) await m.purge();
  for (const m of members) await m.close();
  members = [];
  pending.clear();
  await sleep(50);
  return {};
}
