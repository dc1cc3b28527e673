/**
 * A worker thread of simulated members. It speaks to the Sanctuary server exactly as the
 * client SDK does (socket.io-client, one Manager per member, lobby lookup, HMAC join
 * proof made with Node's crypto, then the room namespace; the lobby socket is closed
 * once in), or to the bare relay with plain `ws`. Envelopes are random base64url of a
 * realistic size: the server never decrypts, so their content does not matter.
 *
 * Commands arrive as messages `{id, cmd, ...}` and are answered `{id, ok, ...}`:
 * - `setup {kind, url, urls?, rooms, members, concurrency}` creates `rooms` rooms of
 *   `members` members (the first creates the room and owns it), in addition to any
 *   already here; with `urls` (the nodes of a cluster) member m of room r uses node
 *   (r + m) mod N, lobby and room socket alike, so members spread round-robin;
 * - `fanout {rate, durationMs, drainMs}` sends `rate` msg/s (this worker's share) for
 *   `durationMs`, round-robin over its members, and reports every receipt's latency;
 * - `teardown` purges the rooms (owners) and closes every connection;
 * - `churn {url, cycles, concurrency}` runs create/join/leave/purge cycles.
 * Every loop here is bounded by a count and a time limit.
 */
import { createHmac, randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parentPort, threadId } from "node:worker_threads";
import { joinProofMessage, KDF_DEFAULT } from "@sanctuary/protocol";
import { Manager } from "socket.io-client";
import WebSocket from "ws";

if (!parentPort) throw new Error("loadWorker.js runs as a worker thread");
const port = parentPort;

const ACK_TIMEOUT_MS = 10_000;
const JOIN_TIMEOUT_MS = 15_000;

/**
 * A 200-character message: body `{"text":"…"}` ≈ 212 bytes → AES-CBC 224 bytes →
 * 299 base64url characters; iv 16 bytes, mac 32 bytes.
 */
const CT_BYTES = 224;
const ctPool = Array.from({ length: 64 }, () => randomBytes(CT_BYTES).toString("base64url"));
const macPool = Array.from({ length: 64 }, () => randomBytes(32).toString("base64url"));

let ivCounter = 0;
const ivBuffer = Buffer.alloc(16);
ivBuffer.writeUInt32BE(threadId >>> 0, 0);
randomBytes(4).copy(ivBuffer, 4);
/** A unique iv (the thread ID, a random tag and a counter): it doubles as the message key. */
function nextIv() {
  ivCounter++;
  ivBuffer.writeUInt32BE(ivCounter >>> 0, 12);
  return ivBuffer.toString("base64url");
}

function envelope() {
  const iv = nextIv();
  return { v: 1, iv, ct: ctPool[ivCounter % ctPool.length], mac: macPool[ivCounter % macPool.length] };
}

const b64 = (/** @type {number} */ bytes) => randomBytes(bytes).toString("base64url");
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
function within(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, timeout]).finally(() => clearTimeout(timer)));
}

/**
 * @param {import("socket.io-client").Socket} socket
 * @param {string} event
 * @param {unknown} payload
 * @returns {Promise<Record<string, unknown>>}
 */
async function request(socket, event, payload) {
  const res = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, payload);
  if (!res?.ok) throw new Error(`${event} refused: ${res?.code}`);
  return res;
}

/** @param {import("socket.io-client").Socket} socket */
function connected(socket) {
  return within(
    new Promise((resolve, reject) => {
      socket.once("connect", () => resolve(undefined));
      socket.once("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
      socket.connect();
    }),
    JOIN_TIMEOUT_MS,
    "connect",
  );
}

/**
 * @typedef {{ roomId: string, authKey: Buffer }} Room
 * @typedef {{ manager: Manager, socket: import("socket.io-client").Socket }} Member
 */

/**
 * One member joining as the SDK does; with `room === null` it creates the room first.
 * @param {string} url
 * @param {Room | null} room
 * @param {string} alias
 * @returns {Promise<{ member: Member, room: Room }>}
 */
async function joinSanctuary(url, room, alias) {
  const manager = new Manager(url, {
    transports: ["websocket"],
    reconnection: false,
    autoConnect: false,
  });
  try {
    const lobby = manager.socket("/");
    await connected(lobby);
    let target = room;
    if (target === null) {
      const authKey = randomBytes(32);
      const created = await request(lobby, "room:create", {
        salt: b64(16),
        kdf: { ...KDF_DEFAULT },
        authKey: authKey.toString("base64url"),
      });
      target = { roomId: String(created.roomId), authKey };
    }
    const { roomId, authKey } = target;
    const { nonce } = await request(lobby, "room:lookup", { roomId });
    const proof = createHmac("sha256", authKey)
      .update(joinProofMessage(roomId, String(nonce), alias))
      .digest("base64url");
    const socket = manager.socket(`/r/${roomId}`, { auth: { alias, nonce, proof } });
    const welcomed = within(
      new Promise((resolve, reject) => {
        socket.once("room:welcome", resolve);
        socket.once("connect_error", (err) => reject(new Error(`join refused: ${err.message}`)));
      }),
      JOIN_TIMEOUT_MS,
      "join",
    );
    socket.connect();
    await welcomed;
    // The SDK closes the lobby once the room socket holds the connection.
    lobby.disconnect();
    return { member: { manager, socket }, room: target };
  } catch (err) {
    manager.engine?.close();
    throw err;
  }
}

/**
 * @param {string} url
 * @param {string} roomName
 * @returns {Promise<WebSocket>}
 */
function joinBare(url, roomName) {
  const socket = new WebSocket(`${url}${roomName}`, { perMessageDeflate: false });
  return within(
    new Promise((resolve, reject) => {
      socket.once("open", () => resolve(socket));
      socket.once("error", reject);
    }),
    JOIN_TIMEOUT_MS,
    "bare connect",
  );
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

// ---------------------------------------------------------------------------------------
// Fan-out: rooms of members, latency from send to each other member's receipt.

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
 * @param {{kind: "sanctuary" | "bare", url: string, urls?: string[], rooms: number, members: number, concurrency: number, tag: string}} opts
 */
async function setup(opts) {
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
      const first = await joinSanctuary(urlFor(r, 0), null, "m0");
      const joined = [first.member];
      const rest = Array.from({ length: opts.members - 1 }, (_, m) => async () => {
        joined.push((await joinSanctuary(urlFor(r, m + 1), first.room, `m${m + 1}`)).member);
      });
      await pool(rest, opts.members);
      for (const [i, { socket, manager }] of joined.entries()) {
        socket.on("msg:new", (msg) => receipt(msg.env.iv));
        all.push({
          roomIndex: r,
          send: (env) => socket.emit("msg:send", { env }, () => acked++),
          close: async () => {
            socket.disconnect();
            manager.engine?.close();
          },
          ...(i === 0
            ? {
                purge: async () => {
                  await request(socket, "room:purge", {}).catch(() => {});
                },
              }
            : {}),
        });
      }
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
async function fanout(opts) {
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

async function teardown() {
  for (const m of members) if (m.purge) await m.purge();
  for (const m of members) await m.close();
  members = [];
  pending.clear();
  await sleep(50);
  return {};
}

// ---------------------------------------------------------------------------------------
// Churn: create → join → leave → purge, as fast as `concurrency` loops go.

/** @param {import("socket.io-client").Socket} socket */
function disconnected(socket) {
  if (!socket.connected) return Promise.resolve();
  return within(
    new Promise((resolve) => socket.once("disconnect", () => resolve(undefined))),
    ACK_TIMEOUT_MS,
    "disconnect",
  );
}

/** @param {{url: string, cycles: number, concurrency: number}} opts */
async function churn(opts) {
  let done = 0;
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + 120_000;
  const loop = async () => {
    while (started < opts.cycles && performance.now() < deadline) {
      started++;
      try {
        const owner = await joinSanctuary(opts.url, null, "owner");
        const guest = await joinSanctuary(opts.url, owner.room, "guest");
        const guestGone = disconnected(guest.member.socket);
        await request(guest.member.socket, "member:exit", {});
        await guestGone;
        const ownerGone = disconnected(owner.member.socket);
        await request(owner.member.socket, "room:purge", {});
        await ownerGone;
        guest.member.manager.engine?.close();
        owner.member.manager.engine?.close();
        done++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  return { cycles: done, errors, seconds: (performance.now() - t0) / 1000 };
}

// ---------------------------------------------------------------------------------------

port.on("message", async (message) => {
  const { id, cmd } = message;
  try {
    /** @type {Record<string, unknown> & { transfer?: ArrayBuffer[] }} */
    let result;
    if (cmd === "setup") result = await setup(message);
    else if (cmd === "fanout") result = await fanout(message);
    else if (cmd === "teardown") result = await teardown();
    else if (cmd === "churn") result = await churn(message);
    else if (cmd === "exit") {
      port.postMessage({ id, ok: true });
      setImmediate(() => process.exit(0));
      return;
    } else throw new Error(`unknown command ${cmd}`);
    const { transfer, ...rest } = result;
    port.postMessage({ id, ok: true, ...rest }, transfer ?? []);
  } catch (err) {
    port.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
