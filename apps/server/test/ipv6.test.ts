import { KDF_DEFAULT } from "@sanctuary/protocol";
import { io as connect } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { createServer } from "../src/index.js";
import { b64, once, request } from "./helpers.js";

describe("IPv6: the server listens and answers on [::1]", () => {
  it("creates a room over an IPv6 loopback connection", async () => {
    const server = createServer({ webRoot: null });
    try {
      const { port } = await server.listen(0, "::1", { ipv6Only: true });
      const health = await fetch(`http://[::1]:${port}/healthz`);
      expect(await health.json()).toEqual({ ok: true });
      const lobby = connect(`http://[::1]:${port}`, {
        forceNew: true,
        reconnection: false,
        transports: ["websocket"],
      });
      await once(lobby, "connect");
      const res = await request(lobby, "room:create", {
        salt: b64(16),
        kdf: { ...KDF_DEFAULT },
        authKey: b64(32),
      });
      expect(res.ok).toBe(true);
      lobby.disconnect();
    } finally {
      await server.close();
    }
  });
});
