import { describe, expect, it } from "vitest";
import { useServers } from "./helpers.js";
import { rawRequest, rawUpgrade } from "./support/rawHttp.js";

/**
 * Known hosts only (docs/security.md): DNS rebinding. A page on `evil.example` re-points its name at a
 * server on the visitor's LAN; the browser then sends `Host: evil.example` and
 * `Origin: http://evil.example`, which agree, so the origin check let it in. The server
 * must answer only host names it knows.
 */
describe("known hosts only", () => {
  const start = useServers();
  const handshake = "/socket.io/?EIO=4&transport=polling";
  const rebinding = (port: number) => ({
    host: `evil.example:${port}`,
    origin: `http://evil.example:${port}`,
  });

  it("answers a DNS-rebinding request with 421 for pages, /healthz and the Socket.IO handshake", async () => {
    const t = await start({ machineName: "sanctuary-box" });
    const port = Number(new URL(t.url).port);
    for (const path of ["/", "/healthz", "/index.html", "/nothing"]) {
      const res = await rawRequest(`${t.url}${path}`, rebinding(port));
      expect(res.status, path).toBe(421);
    }
    const socketIo = await rawRequest(`${t.url}${handshake}`, rebinding(port));
    expect([403, 421]).toContain(socketIo.status);
    const upgrade = await rawUpgrade(`${t.url}/socket.io/?EIO=4&transport=websocket`, rebinding(port));
    expect(upgrade).not.toBe(101);
    // Without Origin too (an <img> on the rebound page).
    const bare = await rawRequest(`${t.url}${handshake}`, { host: `evil.example:${port}` });
    expect([403, 421]).toContain(bare.status);
    expect(t.server.io.engine.clientsCount).toBe(0);
    expect(t.server.limits.connections.size).toBe(0);
  });

  it("serves IP literals, localhost, the machine's name and <name>.local", async () => {
    const t = await start({ machineName: "raspberrypi" });
    const port = Number(new URL(t.url).port);
    for (const host of [
      "127.0.0.1",
      "[::1]",
      "192.168.1.20",
      "localhost",
      "app.localhost",
      "raspberrypi",
      "raspberrypi.local",
      "RaspberryPi.local.",
    ]) {
      const res = await rawRequest(`${t.url}/healthz`, { host: `${host}:${port}` });
      expect(res.status, host).toBe(200);
      const own = await rawRequest(`${t.url}${handshake}`, {
        host: `${host}:${port}`,
        origin: `http://${host}:${port}`,
      });
      expect(own.status, `handshake via ${host}`).toBe(200);
    }
  });

  it("serves names given with --allowed-host or as --allowed-origin, and only those", async () => {
    const t = await start({
      machineName: "box",
      allowedHosts: ["sanctuary.test"],
      allowedOrigins: ["https://chat.example.org"],
      maxConnectionsPerAddress: 100,
    });
    const port = Number(new URL(t.url).port);
    expect((await rawRequest(`${t.url}/healthz`, { host: `sanctuary.test:${port}` })).status).toBe(200);
    expect((await rawRequest(`${t.url}/healthz`, { host: "chat.example.org" })).status).toBe(200);
    const viaName = await rawRequest(`${t.url}${handshake}`, {
      host: `sanctuary.test:${port}`,
      origin: `http://sanctuary.test:${port}`,
    });
    expect(viaName.status).toBe(200);
    expect((await rawRequest(`${t.url}/healthz`, { host: "other.example.org" })).status).toBe(421);
    expect((await rawRequest(`${t.url}/healthz`, { host: "sanctuary.test.evil.example" })).status).toBe(421);
  });
});
