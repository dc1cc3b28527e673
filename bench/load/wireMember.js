/**
 * A room member on a plain `ws` connection that writes and reads Engine.IO 4 /
 * Socket.IO 5 text frames itself. The server sees what socket.io-client sends (a
 * WebSocket-only connection, the client header, the room namespace's handshake with
 * `{alias, nonce, proof}`, pongs, events with ack ids); the load generator pays what
 * the bare relay's client pays, one `JSON.parse` per frame. On a machine with two
 * cores the generator and the server share the CPU, so socket.io-client's decoding
 * (about half again the relay client's cost) was being charged to the server's
 * latency. Room creation and the lookup go through a lobby of the kit as the SDK
 * does; only the room connection is plain.
 */
import { roomNamespace } from "@sanctuary/protocol";
import { CLIENT_HEADERS, joinProof, lookup } from "@sanctuary/testkit/client";
import WebSocket from "ws";

/** Engine.IO packet types (first character of a frame) and Socket.IO's, after "4". */
const ENGINE_OPEN = "0";
const ENGINE_PING = "2";
const ENGINE_PONG = "3";
const SIO_CONNECT = "40";
const SIO_EVENT = "42";
const SIO_ACK = "43";
const SIO_CONNECT_ERROR = "44";

/** The Engine.IO WebSocket endpoint of a server URL (`http://host:port/`). */
function engineUrl(/** @type {string} */ url) {
  const u = new URL("socket.io/", url.replace(/^http/, "ws"));
  u.searchParams.set("EIO", "4");
  u.searchParams.set("transport", "websocket");
  return u.toString();
}

/**
 * @typedef {{
 *   send: (env: object) => void,
 *   request: (event: string, payload: object, ms: number) => Promise<unknown>,
 *   close: () => void,
 * }} WireMember
 */

/**
 * Joins `room` as `alias` on its own plain connection.
 * @param {string} url the server's URL
 * @param {import("@sanctuary/testkit/client").LobbySocket} lobby for the join challenge
 * @param {import("@sanctuary/testkit/client").TestRoom} room
 * @param {string} alias
 * @param {{ onEvent: (event: string, payload: any) => void, onAck: () => void, joinMs: number }} opts
 * @returns {Promise<WireMember>}
 */
export async function joinWire(url, lobby, room, alias, { onEvent, onAck, joinMs }) {
  const nonce = await lookup(lobby, room.roomId, joinMs);
  const auth = { alias, nonce, proof: joinProof(room.authKey, room.roomId, nonce, alias) };
  const nsp = roomNamespace(room.roomId);
  const eventPrefix = `${SIO_EVENT}${nsp},`;
  const ackPrefix = `${SIO_ACK}${nsp},`;
  const socket = new WebSocket(engineUrl(url), { headers: CLIENT_HEADERS, perMessageDeflate: false });
  /** Ack id → resolver of a `request`. */
  const waiting = new Map();
  let nextAckId = 1;

  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("wire join timed out")), joinMs);
    /** @param {Error} err */
    function fail(err) {
      clearTimeout(timer);
      socket.terminate();
      reject(err);
    }
    socket.on("error", fail);
    socket.on("close", () => fail(new Error("wire connection closed before the welcome")));
    socket.on("message", (data) => {
      const frame = String(data);
      if (frame === ENGINE_PING) return void socket.send(ENGINE_PONG);
      if (frame.startsWith(eventPrefix)) {
        const [event, payload] = JSON.parse(frame.slice(eventPrefix.length));
        if (event === "room:welcome") {
          clearTimeout(timer);
          socket.removeAllListeners("close");
          socket.removeAllListeners("error");
          socket.on("error", () => {});
          resolve(undefined);
          return;
        }
        onEvent(event, payload);
        return;
      }
      if (frame.startsWith(ackPrefix)) {
        const body = frame.slice(ackPrefix.length);
        const at = body.indexOf("[");
        const id = Number(body.slice(0, at));
        const resolver = waiting.get(id);
        if (resolver) {
          waiting.delete(id);
          resolver(JSON.parse(body.slice(at))[0]);
        } else onAck();
        return;
      }
      if (frame.startsWith(`${SIO_CONNECT_ERROR}${nsp},`)) {
        return fail(new Error(`join refused: ${frame.slice(SIO_CONNECT_ERROR.length + nsp.length + 1)}`));
      }
      if (frame.startsWith(ENGINE_OPEN)) socket.send(`${SIO_CONNECT}${nsp},${JSON.stringify(auth)}`);
    });
  });

  return {
    // The acks of sends are not awaited (counted by `onAck`): ids above the requests'.
    send: (env) => socket.send(`${eventPrefix}${nextAckId++}${JSON.stringify(["msg:send", { env }])}`),
    request: (event, payload, ms) =>
      new Promise((resolve, reject) => {
        const id = nextAckId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${event} timed out`));
        }, ms);
        waiting.set(id, (/** @type {unknown} */ reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        socket.send(`${eventPrefix}${id}${JSON.stringify([event, payload])}`);
      }),
    close: () => socket.close(),
  };
}
