import {
  JOIN_BACKOFF_BASE_MS,
  KNOCK_TIMEOUT_MS,
  LIFETIME_MAX_SECONDS,
  RATE_WINDOW_SECONDS,
} from "@sanctuary/protocol";
import type { OptionRow } from "./rows.js";

/**
 * The abuse limits among the options (rates, connections, guessing, kick bar,
 * backpressure, memory, hosts and fair shares): rows of the one table in
 * optionTable.ts, kept in their own file so each file stays readable. `--help` lists
 * them where they are spread into the table.
 */
export const ABUSE_ROWS = {
  maxMessageRate: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-message-rate",
    env: "SANCTUARY_MAX_MESSAGE_RATE",
    min: 1,
    max: 100_000,
    default: 10,
    help: `events per second per socket, over ${RATE_WINDOW_SECONDS} s`,
  },
  // People behind one NAT share this budget.
  maxAddressRate: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-address-rate",
    env: "SANCTUARY_MAX_ADDRESS_RATE",
    min: 1,
    max: 1_000_000,
    default: 50,
    help: "events per second per address, all its sockets",
  },
  maxRoomsPerMinute: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-rooms-per-minute",
    env: "SANCTUARY_MAX_ROOMS_PER_MINUTE",
    min: 1,
    max: 1_000_000,
    default: 10,
    help: "rooms one address may create per minute",
  },
  // Browser tabs, from everyone behind one address.
  maxConnectionsPerAddress: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-connections-per-address",
    env: "SANCTUARY_MAX_CONNECTIONS_PER_ADDRESS",
    min: 1,
    max: 1_000_000,
    default: 32,
    help: "live connections per address",
  },
  // Lookups hand out join challenges, which the room stores until used or expired: a
  // flood must not crowd out a joiner's. A family behind one NAT joins a few
  // rooms a minute at most.
  maxLookupsPerMinute: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-lookups-per-minute",
    env: "SANCTUARY_MAX_LOOKUPS_PER_MINUTE",
    min: 1,
    max: 1_000_000,
    default: 60,
    help: "room lookups (join challenges) one address may ask for per minute",
  },
  // Failed join proofs before joins must wait; the wait then doubles (abuse/joinBackoff.ts).
  // Both count per address group, never per room: others' guessing does not keep anyone
  // with the password out.
  maxJoinFailures: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-join-failures",
    env: "SANCTUARY_MAX_JOIN_FAILURES",
    min: 1,
    max: 1_000_000,
    default: 5,
    help: "wrong passwords per address, any room, before its joins back off",
  },
  maxRoomJoinFailures: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-room-join-failures",
    env: "SANCTUARY_MAX_ROOM_JOIN_FAILURES",
    min: 1,
    max: 1_000_000,
    default: 20,
    help: "wrong passwords per address to one room before its joins there back off",
  },
  // The first wait of the join backoff, for createServer only (tests shorten it).
  joinBackoffBaseMs: {
    target: "server",
    kind: "integer",
    unit: "ms",
    min: 10,
    max: 600_000,
    default: JOIN_BACKOFF_BASE_MS,
    help: "first wait after too many wrong passwords; each further one doubles it",
  },
  // Never longer than the room itself.
  kickBarSeconds: {
    target: "server",
    kind: "integer",
    unit: "s",
    flag: "--kick-bar",
    env: "SANCTUARY_KICK_BAR",
    min: 0,
    max: LIFETIME_MAX_SECONDS,
    default: 600,
    help: "seconds the member kicked may not rejoin (others at their address knock), 0 for none",
  },
  // How long a knock waits for the owner (F34), for createServer only (tests shorten it).
  knockTimeoutMs: {
    target: "server",
    kind: "integer",
    unit: "ms",
    min: 100,
    max: 600_000,
    default: KNOCK_TIMEOUT_MS,
    help: "how long a knock on a locked room waits for the owner's answer",
  },
  // Bytes waiting to be written to one connection (engine.io's write buffer plus what
  // ws and TCP hold) before it is cut off as a slow consumer (abuse/writeCap.ts). Never
  // below two of the largest packets (see resolve.ts), so a legal burst passes.
  maxSocketBufferKiB: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-socket-buffer",
    env: "SANCTUARY_MAX_SOCKET_BUFFER",
    min: 64,
    max: 1_048_576,
    default: 4096,
    help: "KiB waiting to be written to one connection before it is dropped as a slow consumer",
  },
  // Sized for a 512 MB host: room to spare for the queues already allowed.
  memoryBudgetMiB: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--memory-budget",
    env: "SANCTUARY_MEMORY_BUDGET",
    min: 16,
    max: 1_048_576,
    default: 384,
    help: "MiB of resident memory above which new rooms and joins are refused (SERVER_FULL)",
  },
  trustProxy: {
    target: "server",
    kind: "boolean",
    flag: "--trust-proxy",
    env: "SANCTUARY_TRUST_PROXY",
    default: false,
    help: "behind a reverse proxy: take the client address from X-Forwarded-For",
  },
  allowedOrigins: {
    target: "server",
    kind: "origins",
    flag: "--allowed-origin",
    env: "SANCTUARY_ALLOWED_ORIGIN",
    default: [],
    help: "extra origins allowed to open sockets, e.g. https://chat.example.org",
  },
  // Known hosts and a fair share of rooms (docs/security.md).
  // Host names the server answers to besides IP literals, localhost, this machine's
  // name (and <name>.local) and the hosts of --allowed-origin: a page on a name that
  // merely resolves here (DNS rebinding) gets 421.
  allowedHosts: {
    target: "server",
    kind: "hosts",
    flag: "--allowed-host",
    env: "SANCTUARY_ALLOWED_HOST",
    default: [],
    help: "extra host names the server answers to, e.g. chat.example.org",
  },
  // A family or an office behind one address holds a few rooms at once; a party
  // holding hundreds would fill --max-rooms for everyone.
  maxLiveRoomsPerAddress: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-live-rooms-per-address",
    env: "SANCTUARY_MAX_LIVE_ROOMS_PER_ADDRESS",
    min: 1,
    max: 1_000_000,
    default: 20,
    help: "live rooms created from one address (group) at once",
  },
  // One browser tab sits in one room, a few at most: each room namespace costs the
  // server a socket and its listeners.
  maxRoomsPerConnection: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--max-rooms-per-connection",
    env: "SANCTUARY_MAX_ROOMS_PER_CONNECTION",
    min: 1,
    max: 10_000,
    default: 10,
    help: "room namespaces one connection may open at once",
  },
  // Bytes a sender makes the server fan out (messages, whispers, farewells; not file
  // chunks, which --file-rate paces): every member downloads what every other sends, so
  // this bounds each member's download to the senders' sum. Typing, a pasted page or a
  // 16 KiB Markdown message (22 KiB as ciphertext) stays far below 64 KiB/s; the bucket
  // holds two of the largest messages, so even those pass in a pair (docs/security.md).
  messageByteRateKiB: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--message-byte-rate",
    env: "SANCTUARY_MESSAGE_BYTE_RATE",
    min: 0,
    max: 10_485_760,
    default: 64,
    help: "KiB per second of messages one socket may have relayed, 0 for no limit",
  },
  // Everyone behind one address shares it: four people sending at the socket rate.
  messageAddressByteRateKiB: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--message-address-byte-rate",
    env: "SANCTUARY_MESSAGE_ADDRESS_BYTE_RATE",
    min: 0,
    max: 10_485_760,
    default: 256,
    help: "KiB per second of messages one address (group) may have relayed, 0 for no limit",
  },
  // What every member of a room downloads, from all senders together, in messages over
  // 4 KiB (shorter ones always pass). The bucket holds two of the largest messages, so
  // many senders at once cannot queue more than that for each member in one moment.
  roomByteRateKiB: {
    target: "server",
    kind: "integer",
    unit: "n",
    flag: "--room-byte-rate",
    env: "SANCTUARY_ROOM_BYTE_RATE",
    min: 0,
    max: 10_485_760,
    default: 256,
    help: "KiB per second of messages over 4 KiB one room may have relayed, 0 for no limit",
  },
} as const satisfies Record<string, OptionRow>;
