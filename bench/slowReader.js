/**
 * `node bench/slowReader.js [seconds] [senders] [main.js|-] [server flags…]`: the
 * slow-reader attack (docs/security.md, "Backpressure") against the built server
 * (apps/server/dist/main.js, default limits, or `main.js`), for the record. One member
 * stops reading its socket but keeps answering pings; `senders` members (20 by default,
 * each from its own address) send the largest legal envelope once a second (within
 * the event rates; the byte rates of messages refuse most of them: run with
 * `--message-byte-rate 0 --message-address-byte-rate 0 --room-byte-rate 0` for the
 * server without those) and read nothing back; two honest members chat with small messages
 * (five a second each) and receive everything, as members of that room do. Prints the
 * server's resident set over time, whether the slow reader was dropped, and the honest
 * members' latency (send to receipt, p50/p99). Everything stays on 127.0.0.1/8.
 *
 * The senders run in four child processes and each honest member in its own, so the
 * bench's JSON parsing is not what slows anyone down (in one process, twenty senders'
 * traffic made the bench itself the slow consumer). Processes share the wall clock;
 * latency pairs a send time from one process with a receipt time from another.
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MESSAGE_CT_MAX_CHARS } from "@sanctuary/protocol";
import { b64, createRoom, joinRoom, openLobby, randomEnvelope, spawnServer } from "@sanctuary/testkit";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const SENDER_PROCESSES = 4;
const HONEST = 2;
const CHAT_EVERY_MS = 200;

/** The resident set of `pid`, in MiB, from /proc. */
function rssMiB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return line ? Math.round(Number(line[1]) / 1024) : Number.NaN;
}

/** CPU seconds `pid` has used so far (user + system), from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Seconds `pid` has spent runnable but waiting for a CPU, from /proc (schedstat). */
function waitSeconds(pid) {
  return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[1]) / 1e9;
}

/** The engine.io WebSocket under a socket.io-client socket (the `ws` package's). */
const rawWs = (socket) => socket.io.engine.transport.ws;

/**
 * A sender that reads its TCP stream (so it is no slow consumer) and throws the bytes
 * away without decoding a frame, keeping the link alive with unsolicited pongs: the
 * cheapest member an attacker can run, so twenty fit in a few processes.
 */
function discardIncoming(socket) {
  const ws = rawWs(socket);
  ws._socket.removeAllListeners("data");
  ws._socket.on("data", () => {});
  neverTimeOut(socket);
  return setInterval(() => ws.send("3"), 1000);
}

/** The attacker's client never gives up on a silent server by itself. */
function neverTimeOut(socket) {
  const engine = socket.io.engine;
  clearTimeout(engine._pingTimeoutTimer);
  engine._resetPingTimeout = () => {};
  engine._pingTimeoutTime = Number.POSITIVE_INFINITY;
}

async function member(url, room, alias, address) {
  const lobby = await openLobby(url, { localAddress: address });
  const joined = await joinRoom(url, lobby, room, alias, { client: { localAddress: address } });
  lobby.disconnect();
  if (!joined.ok) throw new Error(`${alias}: ${joined.refusal?.code}`);
  return joined;
}

/** Child: `count` senders from 127.0.1.<first+1…>, one largest envelope a second each. */
async function sendersRole({ url, room, first, count }) {
  const sockets = [];
  const pongs = [];
  for (let i = first; i < first + count; i++) {
    const s = await member(url, room, `sender${i}`, `127.0.1.${i + 1}`);
    pongs.push(discardIncoming(s.socket));
    sockets.push(s.socket);
  }
  const bytes = Math.floor((MESSAGE_CT_MAX_CHARS * 3) / 4 / 16) * 16;
  const big = { v: 1, iv: b64(16), ct: b64(bytes), mac: b64(32) };
  let timer;
  process.send({ ready: true });
  process.on("message", (m) => {
    if (m.start) {
      timer = setInterval(() => {
        // The server relays only requests that ask for an acknowledgement; this sender
        // never reads it.
        for (const s of sockets) s.emit("msg:send", { env: { ...big, iv: b64(16) } }, () => {});
      }, 1000);
    }
    if (m.stop) {
      clearInterval(timer);
      for (const t of pongs) clearInterval(t);
      for (const s of sockets) s.disconnect();
      process.send({ done: true });
    }
  });
}

/** Child: one honest member that chats and timestamps what it sends and receives. */
async function honestRole({ url, room, index }) {
  const joined = await member(url, room, `honest${index}`, `127.0.0.${index + 2}`);
  const sent = {};
  const received = {};
  let big = 0;
  const away = [];
  joined.socket.on("msg:new", (m) => {
    if (m.env.ct.length > 1000) big++;
    else received[m.env.iv] = Date.now();
  });
  joined.socket.on("member:away", (e) => {
    if (e.away) away.push({ id: e.id, at: Date.now() });
  });
  let timer;
  process.send({ ready: true, id: joined.welcome.you.id });
  process.on("message", async (m) => {
    if (m.start) {
      timer = setInterval(() => {
        const env = randomEnvelope(8);
        sent[env.iv] = Date.now();
        joined.socket.emit("msg:send", { env }, () => {});
      }, CHAT_EVERY_MS);
    }
    if (m.stop) {
      clearInterval(timer);
      await sleep(1000);
      process.send({ done: true, sent, received, big, away, connected: joined.socket.connected });
      joined.socket.disconnect();
    }
  });
}

/** Starts this file as a child in `role`; resolves with it and its first message. */
function child(role, args) {
  const proc = fork(fileURLToPath(import.meta.url), ["--role", role, JSON.stringify(args)]);
  const first = new Promise((resolve, reject) => {
    proc.once("message", resolve);
    proc.once("exit", (code) => reject(new Error(`${role} exited ${code}`)));
  });
  return first.then((hello) => ({ proc, hello }));
}

const untilDone = (proc) =>
  new Promise((resolve) => {
    const on = (m) => {
      if (!m.done) return;
      proc.off("message", on);
      resolve(m);
    };
    proc.on("message", on);
    proc.send({ stop: true });
  });

async function main() {
  const [seconds = "60", senderCount = "20", mainJs = "-", ...serverFlags] = process.argv.slice(2);
  const SECONDS = Number(seconds);
  const SENDERS = Number(senderCount);
  const server = await spawnServer(serverFlags, mainJs === "-" ? {} : { main: mainJs });
  const pid = server.nodePid();
  const children = [];
  try {
    const lobby = await openLobby(server.url, { localAddress: "127.0.0.2" });
    const room = await createRoom(lobby);
    lobby.disconnect();
    const shared = { url: server.url, room: { ...room, authKey: room.authKey.toString("base64") } };
    const honest = [];
    for (let index = 0; index < HONEST; index++) honest.push(await child("honest", { ...shared, index }));
    const slow = await member(server.url, room, "slow", "127.0.0.9");
    const per = Math.ceil(SENDERS / SENDER_PROCESSES);
    const senders = [];
    for (let first = 0; first < SENDERS; first += per) {
      senders.push(await child("senders", { ...shared, first, count: Math.min(per, SENDERS - first) }));
    }
    children.push(...honest, ...senders);

    const slowWs = rawWs(slow.socket);
    slowWs._socket.pause();
    neverTimeOut(slow.socket);
    const pongs = setInterval(() => slowWs.send("3"), 1000);
    const began = Date.now();
    for (const c of children) c.proc.send({ start: true });

    const samples = [`0s ${rssMiB(pid)} MiB`];
    const cpu = [];
    let cpuBefore = cpuSeconds(pid);
    const waited = [];
    let waitBefore = waitSeconds(pid);
    for (let s = 5; s <= SECONDS; s += 5) {
      await sleep(5000);
      samples.push(`${s}s ${rssMiB(pid)} MiB`);
      const now = cpuSeconds(pid);
      cpu.push(`${Math.round(((now - cpuBefore) / 5) * 100)}%`);
      cpuBefore = now;
      const wait = waitSeconds(pid);
      waited.push(`${Math.round(((wait - waitBefore) / 5) * 100)}%`);
      waitBefore = wait;
    }
    clearInterval(pongs);
    const reports = await Promise.all(honest.map((h) => untilDone(h.proc)));
    await Promise.all(senders.map((s) => untilDone(s.proc)));

    const latencies = [];
    let sent = 0;
    let delivered = 0;
    for (const [i, from] of reports.entries()) {
      for (const [iv, at] of Object.entries(from.sent)) {
        for (const [j, to] of reports.entries()) {
          if (i === j) continue;
          sent++;
          if (to.received[iv] === undefined) continue;
          delivered++;
          latencies.push(to.received[iv] - at);
        }
      }
    }
    const slowId = slow.welcome.you.id;
    const slowAway = reports[0].away.find((a) => a.id === slowId);
    const othersAway = new Set(reports.flatMap((r) => r.away.map((a) => a.id)).filter((id) => id !== slowId));
    const sorted = latencies.sort((a, b) => a - b);
    const p = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    process.stdout.write(
      `slow-reader attack, ${SENDERS} senders × 1 largest envelope/s (${MESSAGE_CT_MAX_CHARS} chars), ${SECONDS} s` +
        `${serverFlags.length ? `, server flags ${serverFlags.join(" ")}` : ""}\n` +
        `server RSS: ${samples.join(", ")}\n` +
        `server CPU per 5 s: ${cpu.join(", ")}; runnable but waiting for a CPU: ${waited.join(", ")}; ` +
        `machine load average ${readFileSync("/proc/loadavg", "utf8").split(" ")[0]}\n` +
        `slow reader marked away: ${slowAway ? `after ${slowAway.at - began} ms` : "never"}; ` +
        `other members that went away: ${othersAway.size}; ` +
        `honest still connected: ${reports.every((r) => r.connected)}\n` +
        `honest chat: ${delivered}/${sent} delivered, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms; ` +
        `${reports[0].big} large envelopes received by an honest member\n`,
    );
    slowWs.terminate();
  } finally {
    for (const c of children) c.proc.kill();
    await server.stop();
  }
}

const roleAt = process.argv.indexOf("--role");
const run =
  roleAt === -1
    ? main().then(() => process.exit(0))
    : (() => {
        const args = JSON.parse(process.argv[roleAt + 2]);
        args.room.authKey = Buffer.from(args.room.authKey, "base64");
        return process.argv[roleAt + 1] === "senders" ? sendersRole(args) : honestRole(args);
      })();
run.catch((err) => {
  console.error(err);
  process.exit(1);
});
