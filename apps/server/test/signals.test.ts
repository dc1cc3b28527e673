import { createHmac, randomBytes } from "node:crypto";
import {
  type Ack,
  joinProofMessage,
  KDF_DEFAULT,
  type SessionEnded,
  type Welcome,
} from "@sanctuary/protocol";
import { type SpawnedServer, spawnServer } from "@sanctuary/testkit";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";

/**
 * Graceful shutdown of the real `sanctuary` command: on SIGTERM or SIGINT every member
 * of every room is told `session:ended {reason: "shutdown"}` before the connection
 * closes, and the process exits 0.
 */
const running: SpawnedServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.stop("SIGKILL");
});

function client(url: string, path: string, auth?: Record<string, unknown>): Socket {
  return connect(`${url}${path}`, {
    forceNew: true,
    reconnection: false,
    transports: ["websocket"],
    ...(auth ? { auth } : {}),
  });
}

async function member(url: string, lobby: Socket, roomId: string, authKey: Buffer, alias: string) {
  const look = (await lobby.timeout(5000).emitWithAck("room:lookup", { roomId })) as Ack<{ nonce: string }>;
  if (!look.ok) throw new Error(look.code);
  const proof = createHmac("sha256", authKey)
    .update(joinProofMessage(roomId, look.nonce, alias))
    .digest("base64url");
  const socket = client(url, `/r/${roomId}`, { alias, nonce: look.nonce, proof });
  await new Promise<Welcome>((resolve) => socket.once("room:welcome", resolve));
  return socket;
}

describe("signals", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal}: every member hears "shutdown" before the connection closes; exit code 0`, async () => {
      const server = await spawnServer(["--quiet"]);
      running.push(server);
      const lobby = client(server.url, "/");
      await new Promise<void>((resolve) => lobby.once("connect", () => resolve()));
      const members: Socket[] = [];
      for (let i = 0; i < 2; i++) {
        const authKey = randomBytes(32);
        const res = (await lobby.timeout(5000).emitWithAck("room:create", {
          salt: randomBytes(16).toString("base64url"),
          kdf: { ...KDF_DEFAULT },
          authKey: authKey.toString("base64url"),
        })) as Ack<{ roomId: string }>;
        if (!res.ok) throw new Error(res.code);
        members.push(await member(server.url, lobby, res.roomId, authKey, "alice"));
        members.push(await member(server.url, lobby, res.roomId, authKey, "bob"));
      }
      const order: string[] = [];
      const heard = members.map(
        (socket, i) =>
          new Promise<SessionEnded>((resolve) => {
            socket.once("session:ended", (e: SessionEnded) => {
              order.push(`ended ${i}`);
              resolve(e);
            });
            socket.once("disconnect", () => order.push(`closed ${i}`));
          }),
      );
      const code = await server.stop(signal);
      expect(await Promise.all(heard)).toEqual(members.map(() => ({ reason: "shutdown" })));
      for (let i = 0; i < members.length; i++) {
        expect(order.indexOf(`ended ${i}`)).toBeLessThan(order.indexOf(`closed ${i}`));
      }
      expect(code).toBe(0);
      expect(server.stderr()).toBe("");
      lobby.disconnect();
    });
  }
});
