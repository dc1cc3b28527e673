import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { io as connect } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { once, useServers } from "./helpers.js";

const EXPECTED_CSP =
  "default-src 'self';script-src 'self' 'wasm-unsafe-eval';style-src 'self';img-src 'self' data: blob:;media-src 'self' blob:;" +
  "connect-src 'self';worker-src 'self';frame-ancestors 'none';base-uri 'none';form-action 'self';object-src 'none'";

function expectSecurityHeaders(res: Response) {
  expect(res.headers.get("content-security-policy")).toBe(EXPECTED_CSP);
  expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("x-powered-by")).toBeNull();
  // Plain http on a LAN IP must keep working: no HSTS, no upgrade.
  expect(res.headers.get("strict-transport-security")).toBeNull();
  expect(res.headers.get("content-security-policy")).not.toContain("upgrade-insecure-requests");
  expect(res.headers.get("etag")).toBeNull();
}

describe("http: web app, /healthz and headers", () => {
  const start = useServers();
  let webRoot: string;
  beforeAll(() => {
    webRoot = mkdtempSync(joinPath(tmpdir(), "sanctuary-web-"));
    writeFileSync(joinPath(webRoot, "index.html"), "<!doctype html><title>Sanctuary</title>");
    writeFileSync(joinPath(webRoot, "app.js"), "export {};");
  });
  afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

  it("serves the web app and /healthz with the strict CSP and privacy headers", async () => {
    const t = await start({ webRoot });
    const index = await fetch(`${t.url}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain("Sanctuary");
    expectSecurityHeaders(index);

    const asset = await fetch(`${t.url}/app.js`);
    expect(asset.status).toBe(200);
    expectSecurityHeaders(asset);

    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    expectSecurityHeaders(health);
  });

  it("answers 404 for unknown paths, directories and dotfiles", async () => {
    const t = await start({ webRoot });
    for (const path of ["/nope", "/r/0123456789ABCDEF", "/.env", "/%E0%A4%A", "/index.html/..%2f..%2fetc"]) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expectSecurityHeaders(res);
    }
    // serveClient is off: Socket.IO's own client bundle is not served (engine.io answers 400).
    const bundle = await fetch(`${t.url}/socket.io/socket.io.js`);
    expect(bundle.status).toBe(400);
  });

  it("gives a clear 404 at / when the web app is not built", async () => {
    const t = await start({ webRoot: joinPath(webRoot, "missing") });
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/not built/);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it("sends HSTS and upgrade-insecure-requests only when on TLS", async () => {
    const t = await start({ tls: true });
    const res = await fetch(`${t.url}/healthz`);
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    expect(res.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("refuses a Socket.IO handshake whose Origin is another host, and accepts its own", async () => {
    const t = await start();
    const foreign = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: "http://evil.example" },
    });
    expect(foreign.status).toBe(403);
    const nullOrigin = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: "null" },
    });
    expect(nullOrigin.status).toBe(403);
    const own = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: t.url } });
    expect(own.status).toBe(200);

    const hijack = connect(t.url, {
      forceNew: true,
      reconnection: false,
      transports: ["websocket"],
      extraHeaders: { origin: "http://evil.example" },
    });
    t.clients.push(hijack);
    await once(hijack, "connect_error");
    expect(hijack.connected).toBe(false);
  });

  it("accepts extra origins given with --allowed-origin, and only those", async () => {
    const t = await start({ allowedOrigins: ["https://chat.example.org"] });
    const handshake = (origin: string) =>
      fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
    expect((await handshake("https://chat.example.org")).status).toBe(200);
    expect((await handshake("http://chat.example.org")).status).toBe(403);
    expect((await handshake("https://evil.example")).status).toBe(403);
  });
});
