/**
 * `node bench/slowReader.js [seconds] [senders] [main.js]`: the slow-reader attack (docs/security.md, "Backpressure")
 * against the built server (apps/server/dist/main.js, default limits), for the record.
 * One member stops reading its socket but keeps answering pings; `senders` members (20
 * by default, each from its own address) send the largest legal envelope once a second
 * (within every rate limit) and read nothing back; two honest members chat with small
 * messages. Prints the server's resident set over time, whether the slow reader was
 * dropped, and the honest members' latency. Everything stays on 127.0.0.1/8.
 */
import { readFileSync } from "node:fs";
import { MESSAGE_CT_MAX_CHARS } from "@sanctuary/protocol";
import { b64, createRoom, joinRoom, openLobby, randomEnvelope, spawnServer } from "@sanctuary/testkit";

const SECONDS = Number(process.argv[2] ?? 60);
const SENDERS = Number(process.argv[3] ?? 20);
/** Another build of the server to attack (e.g. one from before the fix). */
const MAIN = process.argv[4];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The resident set of `pid`, in MiB, from /proc. */
function rssMiB(pid) {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return line ? Math.round(Number(line[1]) / 1024) : Number.NaN;
}

/** The engine.io WebSocket under a socket.io-client socket (the `ws` package's). */
const rawWs = (socket) => socket.io.engine.transport.ws;

/** Hands the client engine nothing but pings: a sender that discards what it receives. */
function discardIncoming(socket) {
  const ws = rawWs(socket);
  const engineListener = ws.onmessage;
  ws.onmessage = (ev) => {
    if (ev.data === "2") engineListener(ev);
  };
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

async function main() {
  const server = await spawnServer([], MAIN ? { main: MAIN } : {});
  const pid = server.nodePid();
  try {
    const lobby = await openLobby(server.url, { localAddress: "127.0.0.2" });
    const room = await createRoom(lobby);
    lobby.disconnect();
    const alice = await member(server.url, room, "alice", "127.0.0.2");
    const bob = await member(server.url, room, "bob", "127.0.0.3");
    const slow = await member(server.url, room, "slow", "127.0.0.4");
    const senders = [];
    for (let i = 0; i < SENDERS; i++) {
      const s = await member(server.url, room, `sender${i}`, `127.0.1.${i + 1}`);
      discardIncoming(s.socket);
      senders.push(s.socket);
    }
    let awayAt;
    const began = Date.now();
    const awayIds = new Set();
    alice.socket.on("member:away", (e) => {
      if (e.away) awayIds.add(e.id);
      if (e.id === slow.welcome.you.id && e.away) awayAt ??= Date.now() - began;
    });
    const slowWs = rawWs(slow.socket);
    slowWs._socket.pause();
    neverTimeOut(slow.socket);
    const pongs = setInterval(() => slowWs.send("3"), 1000);

    const sentAt = new Map();
    const latencies = [];
    let sent = 0;
    let bigReceived = 0;
    bob.socket.on("msg:new", (m) => {
      if (m.env.ct.length > 1000) bigReceived++;
      const at = sentAt.get(m.env.iv);
      if (at !== undefined) latencies.push(Date.now() - at);
    });
    const chat = setInterval(() => {
      const env = randomEnvelope(8);
      sentAt.set(env.iv, Date.now());
      sent++;
      alice.socket.emit("msg:send", { env }, () => {});
    }, 200);
    const bytes = Math.floor((MESSAGE_CT_MAX_CHARS * 3) / 4 / 16) * 16;
    const big = { v: 1, iv: b64(16), ct: b64(bytes), mac: b64(32) };
    const flood = setInterval(() => {
      for (const s of senders) s.emit("msg:send", { env: { ...big, iv: b64(16) } }, () => {});
    }, 1000);

    const samples = [`0s ${rssMiB(pid)} MiB`];
    for (let s = 5; s <= SECONDS; s += 5) {
      await sleep(5000);
      samples.push(`${s}s ${rssMiB(pid)} MiB`);
    }
    clearInterval(flood);
    clearInterval(chat);
    clearInterval(pongs);
    await sleep(1000);
    const sorted = [...latencies].sort((a, b) => a - b);
    const p = (q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
    process.stdout.write(
      `slow-reader attack, ${SENDERS} senders × 1 largest envelope/s (${MESSAGE_CT_MAX_CHARS} chars), ${SECONDS} s\n` +
        `server RSS: ${samples.join(", ")}\n` +
        `slow reader marked away: ${awayAt === undefined ? "never" : `after ${awayAt} ms`}; ` +
        `members that went away: ${awayIds.size}; honest still connected: ${alice.socket.connected && bob.socket.connected}\n` +
        `honest chat: ${latencies.length}/${sent} delivered, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms; ` +
        `${bigReceived} large envelopes received by an honest member\n`,
    );
    slowWs.terminate();
    for (const s of [alice.socket, bob.socket, ...senders]) s.disconnect();
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
