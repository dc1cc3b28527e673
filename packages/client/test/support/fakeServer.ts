import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import type { Envelope, Kdf, Member } from "@sanctuary/protocol";
import { aliasKey, joinProofMessage, roomIdFromBytes } from "@sanctuary/protocol";
import { Server, type Socket } from "socket.io";
import { fromBase64url, toBase64url, utf8Encode } from "../../src/encoding.js";
import { randomBytes } from "../../src/random.js";

/**
 * A minimal stand-in for apps/server, speaking protocol v1 just well enough to drive
 * the SDK's session logic over real sockets. It is not the server: the real one's
 * tests cover admission rules, limits and lifecycle.
 */
interface FakeRoom {
  salt: string;
  kdf: Kdf;
  authKey: Uint8Array;
  meta?: Envelope;
  locked: boolean;
  ownerId: string | null;
  members: Map<string, { member: Member; socket: Socket }>;
  nonces: Set<string>;
}

export interface FakeServer {
  url: string;
  rooms: Map<string, FakeRoom>;
  /** Every event a room socket received, for "the server saw only ciphertext" checks. */
  received: Array<{ event: string; payload: unknown }>;
  close(): Promise<void>;
}

const refuse = (code: string, message: string) =>
  Object.assign(new Error(message), { data: { code, message } });

export async function startFakeServer(): Promise<FakeServer> {
  const http = createServer();
  const io = new Server(http);
  const rooms = new Map<string, FakeRoom>();
  const received: FakeServer["received"] = [];
  let nextId = 1;

  io.of("/").on("connection", (socket) => {
    socket.on("room:create", (req, ack) => {
      const roomId = roomIdFromBytes(randomBytes(10));
      rooms.set(roomId, {
        salt: req.salt,
        kdf: req.kdf,
        authKey: fromBase64url(req.authKey),
        meta: req.meta,
        locked: false,
        ownerId: null,
        members: new Map(),
        nonces: new Set(),
      });
      ack({ ok: true, roomId });
    });
    socket.on("room:lookup", (req, ack) => {
      const room = rooms.get(req.roomId);
      if (!room) return ack({ ok: false, code: "NOT_FOUND", message: "No room with that ID exists." });
      const nonce = toBase64url(randomBytes(16));
      room.nonces.add(nonce);
      ack({ ok: true, salt: room.salt, kdf: room.kdf, nonce });
    });
  });

  const roomNs = io.of(/^\/r\/[0-9A-Z]{16}$/);
  roomNs.use((socket, next) => {
    const room = rooms.get(socket.nsp.name.slice(3));
    const { alias, nonce, proof } = socket.handshake.auth as Record<string, string>;
    if (!room) return next(refuse("NOT_FOUND", "No room."));
    if (!nonce || !room.nonces.delete(nonce)) return next(refuse("NONCE_EXPIRED", "Nonce used."));
    const expected = toBase64url(
      hmac(sha256, room.authKey, utf8Encode(joinProofMessage(socket.nsp.name.slice(3), nonce, alias ?? ""))),
    );
    if (proof !== expected) return next(refuse("WRONG_PASSWORD", "Wrong password for this room."));
    if (room.locked) return next(refuse("LOCKED", "Locked."));
    for (const { member } of room.members.values()) {
      if (aliasKey(member.alias) === aliasKey(alias ?? "")) return next(refuse("ALIAS_TAKEN", "Taken."));
    }
    next();
  });

  roomNs.on("connection", (socket) => {
    const roomId = socket.nsp.name.slice(3);
    const room = rooms.get(roomId) as FakeRoom;
    const id = `m${nextId++}`;
    room.ownerId ??= id;
    const auth = socket.handshake.auth as { alias: string; pub?: string; pubMac?: string };
    const member: Member = {
      id,
      alias: auth.alias,
      owner: room.ownerId === id,
      joinedAt: Date.now(),
      // Passed through like the real server does (F22).
      ...(auth.pub === undefined ? {} : { pub: auth.pub }),
      ...(auth.pubMac === undefined ? {} : { pubMac: auth.pubMac }),
    };
    const others = () => [...room.members.values()].filter((m) => m.member.id !== id);
    for (const other of others()) other.socket.emit("member:joined", member);
    room.members.set(id, { member, socket });
    socket.emit("room:welcome", {
      you: member,
      members: [...room.members.values()].map((m) => m.member),
      ownerId: room.ownerId,
      ...(room.meta ? { meta: room.meta } : {}),
      locked: room.locked,
    });
    socket.onAny((event, payload) => {
      received.push({ event, payload });
    });

    let leaveReason: string = "disconnected";
    let farewell: Envelope | undefined;
    socket.on("msg:send", ({ env }, ack) => {
      const msg = { id: `x${nextId++}`, from: { id, alias: member.alias }, ts: Date.now(), env };
      for (const other of others()) other.socket.emit("msg:new", msg);
      ack({ ok: true, id: msg.id, ts: msg.ts });
    });
    socket.on("msg:whisper", ({ to, env }, ack) => {
      const target = room.members.get(to);
      if (!target) return ack({ ok: false, code: "NO_SUCH_MEMBER", message: "No such member." });
      const msg = { id: `x${nextId++}`, from: { id, alias: member.alias }, to, ts: Date.now(), env };
      target.socket.emit("msg:whisper", msg);
      ack({ ok: true, id: msg.id, ts: msg.ts });
    });
    socket.on("typing", ({ on }) => {
      for (const other of others()) other.socket.emit("typing", { id, on });
    });
    socket.on("room:lock", ({ locked }, ack) => {
      if (room.ownerId !== id) return ack({ ok: false, code: "NOT_OWNER", message: "Only the owner." });
      room.locked = locked;
      for (const m of room.members.values()) m.socket.emit("room:locked", { locked, by: member.alias });
      ack({ ok: true });
    });
    socket.on("member:kick", ({ id: targetId }, ack) => {
      if (room.ownerId !== id) return ack({ ok: false, code: "NOT_OWNER", message: "Only the owner." });
      const target = room.members.get(targetId);
      if (!target) return ack({ ok: false, code: "NO_SUCH_MEMBER", message: "No such member." });
      room.members.delete(targetId);
      target.socket.emit("session:ended", { reason: "kicked", by: member.alias });
      target.socket.disconnect(true);
      for (const m of room.members.values()) {
        m.socket.emit("member:left", { id: targetId, reason: "kicked", by: member.alias });
      }
      ack({ ok: true });
    });
    socket.on("room:purge", (_req, ack) => {
      if (room.ownerId !== id) return ack({ ok: false, code: "NOT_OWNER", message: "Only the owner." });
      ack({ ok: true });
      for (const m of room.members.values()) {
        m.socket.emit("session:ended", { reason: "purged", by: member.alias });
        m.socket.disconnect(true);
      }
      room.members.clear();
      rooms.delete(roomId);
    });
    socket.on("member:exit", (req, ack) => {
      leaveReason = "exit";
      farewell = req.farewell;
      ack({ ok: true });
      socket.disconnect(true);
    });
    socket.on("disconnect", () => {
      if (!room.members.delete(id)) return;
      for (const m of room.members.values()) {
        m.socket.emit("member:left", { id, reason: leaveReason, ...(farewell ? { farewell } : {}) });
      }
      if (room.ownerId === id) {
        const next = room.members.values().next().value;
        room.ownerId = next ? next.member.id : null;
        if (next)
          for (const m of room.members.values()) m.socket.emit("member:role", { ownerId: next.member.id });
      }
    });
  });

  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rooms,
    received,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
