/**
 * The reference for the physical limit of this machine: a minimal `ws` relay. A room is
 * the URL path; every text frame a socket sends is forwarded, as received, to every other
 * socket in its room. Nothing else: no parsing, no validation, no acks, no limits.
 * Listens on 127.0.0.1 only and prints `ws://127.0.0.1:<port>/` like the server does.
 */
import { WebSocketServer } from "ws";
import { answerProbes } from "./probe.js";

/** @type {Map<string, Set<import("ws").WebSocket>>} */
const rooms = new Map();
const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });

wss.on("connection", (socket, request) => {
  const name = request.url ?? "/";
  let room = rooms.get(name);
  if (!room) {
    room = new Set();
    rooms.set(name, room);
  }
  const members = room;
  members.add(socket);
  socket.on("message", (data, isBinary) => {
    for (const other of members) {
      if (other !== socket && other.readyState === 1) other.send(data, { binary: isBinary });
    }
  });
  socket.on("close", () => {
    members.delete(socket);
    if (members.size === 0) rooms.delete(name);
  });
});
wss.on("listening", () => {
  const address = /** @type {import("node:net").AddressInfo} */ (wss.address());
  process.stdout.write(`ws://127.0.0.1:${address.port}/\n`);
});
answerProbes();
