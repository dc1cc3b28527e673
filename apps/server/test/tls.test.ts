import type { IncomingMessage as Incoming } from "node:http";
import { request as httpsRequest } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../src/index.js";
import { createRoom, envelope, joined, lobbyFor, once, request, type TestServer } from "./helpers.js";
import { makeTestCert, type TestCert } from "./tlsCert.js";

describe("TLS: HTTPS and WSS with a certificate made at test time", () => {
  let cert: TestCert;
  beforeAll(() => {
    cert = makeTestCert();
  });
  afterAll(() => cert.remove());

  it("creates a room, joins and chats over wss, with HSTS on https", async () => {
    const server = createServer({ webRoot: null, https: { cert: cert.cert, key: cert.key } });
    const { port } = await server.listen(0, "127.0.0.1");
    const t: TestServer = {
      server,
      url: `https://127.0.0.1:${port}`,
      clients: [],
      close: async () => {
        for (const c of t.clients) c.disconnect();
        await server.close();
      },
    };
    try {
      // The client trusts exactly this certificate; no verification is switched off.
      const tlsClient = { ca: cert.cert.toString() };
      const lobby = await lobbyFor(t, tlsClient);
      const room = await createRoom(lobby);
      const alice = await joined(t, lobby, room, "alice", tlsClient);
      const bob = await joined(t, lobby, room, "bob", { ...tlsClient, localAddress: "127.0.0.2" });
      expect(alice.socket.io.engine.transport.name).toBe("websocket");
      const env = envelope();
      const got = once<{ env: unknown; from: { alias: string } }>(bob.socket, "msg:new");
      expect(await request(alice.socket, "msg:send", { env })).toMatchObject({ ok: true });
      expect(await got).toMatchObject({ env, from: { alias: "alice" } });

      const res = await new Promise<Incoming>((resolve, reject) => {
        httpsRequest(`${t.url}/healthz`, { ca: cert.cert }, resolve).on("error", reject).end();
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers["strict-transport-security"]).toContain("max-age=");
      res.resume();
    } finally {
      await t.close();
    }
  });

  it("refuses a client that does not trust the certificate", async () => {
    const server = createServer({ webRoot: null, https: { cert: cert.cert, key: cert.key } });
    const { port } = await server.listen(0, "127.0.0.1");
    try {
      const err = await fetch(`https://127.0.0.1:${port}/healthz`).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
    } finally {
      await server.close();
    }
  });
});
