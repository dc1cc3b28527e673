import { request as httpRequest } from "node:http";
import type { Socket as NetSocket } from "node:net";
import { roomNamespace } from "@sanctuary/protocol";
import { CLIENT_HEADERS, connect } from "@sanctuary/testkit";
import WebSocket from "ws";

/**
 * A member's second connection that presents its own resume token and dies while it is
 * being set up (docs/security.md), three ways an attacker can do it: a real Socket.IO
 * client whose connection closes right after its CONNECT, and by hand at the engine.io
 * level over long-polling and over WebSocket. Each resolves once the connection is gone.
 */

/** engine.io's record separator between packets in one polling payload. */
const RECORD_SEPARATOR = "\x1e";

/** The namespace CONNECT packet of Socket.IO for a room, with `{resume}` as its auth. */
function connectPacket(roomId: string, token: string): string {
  return `40${roomNamespace(roomId)},${JSON.stringify({ resume: token })}`;
}

function http(
  method: "GET" | "POST",
  url: string,
  localAddress: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        localAddress,
        // The SDK's client header: the attacker is a program, which can send it.
        headers:
          body === undefined
            ? CLIENT_HEADERS
            : { ...CLIENT_HEADERS, "content-type": "text/plain;charset=UTF-8" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Long-polling by hand: the engine.io handshake (GET), then ONE POST carrying the room
 * CONNECT with `{resume}` and an engine.io close packet `1`, joined with \x1e. The
 * server reads both before its admission has finished.
 */
export async function pollingAttack(url: string, roomId: string, token: string, localAddress = "127.0.0.1") {
  const base = `${url}/socket.io/?EIO=4&transport=polling`;
  const open = await http("GET", base, localAddress);
  if (!open.body.startsWith("0")) throw new Error(`no engine.io open packet: ${open.status}`);
  const { sid } = JSON.parse(open.body.slice(1)) as { sid: string };
  const payload = `${connectPacket(roomId, token)}${RECORD_SEPARATOR}1`;
  const post = await http("POST", `${base}&sid=${encodeURIComponent(sid)}`, localAddress, payload);
  if (post.status !== 200) throw new Error(`POST refused: ${post.status}`);
}

/** A client-to-server WebSocket frame (masked, as RFC 6455 requires of clients). */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new Error("short frames only");
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ (mask[i % 4] as number)));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/**
 * WebSocket by hand (`ws`): after engine.io's open packet, one TCP write carrying the
 * room CONNECT with `{resume}` as a text frame and then a frame with a reserved opcode,
 * which the server answers by closing the connection.
 */
export async function websocketAttack(
  url: string,
  roomId: string,
  token: string,
  localAddress = "127.0.0.1",
) {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, {
    localAddress,
  });
  const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
  ws.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once("message", (data) => (String(data).startsWith("0") ? resolve() : reject(new Error("no open"))));
    ws.once("error", reject);
  });
  const tcp = (ws as unknown as { _socket: NetSocket })._socket;
  const invalid = maskedFrame(0x3, Buffer.alloc(0));
  tcp.write(Buffer.concat([maskedFrame(0x1, Buffer.from(connectPacket(roomId, token))), invalid]));
  await closed;
}

/**
 * The real Socket.IO client (WebSocket): its room CONNECT with `{resume}` and, in the
 * same TCP write (the socket is corked around the client's own write), a frame with a
 * reserved opcode, so the server sees the connection die while admitting it.
 */
export async function socketIoAttack(url: string, roomId: string, token: string, localAddress = "127.0.0.1") {
  const socket = connect(url, roomNamespace(roomId), { resume: token }, { localAddress, autoConnect: false });
  const manager = socket.io;
  const tcp = () => {
    const engine = manager.engine as unknown as { transport?: { ws?: { _socket?: NetSocket } } };
    const raw = engine.transport?.ws?._socket;
    if (!raw) throw new Error("no WebSocket");
    return raw;
  };
  const closed = new Promise<void>((resolve) => {
    manager.once("close", () => resolve());
    manager.once("error", () => resolve());
  });
  // Before the socket's own "open" listener, which writes the CONNECT...
  manager.once("open", () => tcp().cork());
  socket.connect();
  // ...and after it.
  manager.once("open", () => {
    const raw = tcp();
    raw.write(maskedFrame(0x3, Buffer.alloc(0)));
    raw.uncork();
  });
  await closed;
  socket.disconnect();
}

export const ATTACKS = {
  "Socket.IO client": socketIoAttack,
  "engine.io long-polling": pollingAttack,
  "engine.io WebSocket": websocketAttack,
} as const;
