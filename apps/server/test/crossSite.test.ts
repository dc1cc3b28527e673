import { CLIENT_HEADER, CLIENT_HEADER_VALUE } from "@sanctuary/protocol";
import { describe, expect, it } from "vitest";
import { useServers } from "./helpers.js";
import { rawRequest, rawUpgrade } from "./support/rawHttp.js";

/**
 * Same-origin handshakes (docs/security.md): a page on another site points `<img>`, `<script>` or a form at the
 * polling handshake. Those requests carry no Origin, so the origin check let them
 * through and every one opened an engine.io session that held one of the visitor's
 * connection slots until it timed out. They must be refused before a session exists.
 */
describe("cross-site requests cannot open engine.io sessions", () => {
  const start = useServers();
  const handshake = (url: string) => `${url}/socket.io/?EIO=4&transport=polling`;
  const websocket = (url: string) => `${url}/socket.io/?EIO=4&transport=websocket`;

  /** No session and no reserved connection slot anywhere on the server. */
  function expectNothingHeld(t: Awaited<ReturnType<typeof start>>): void {
    expect(t.server.io.engine.clientsCount).toBe(0);
    expect(t.server.limits.connections.size).toBe(0);
  }

  it("refuses an <img>, <script> or form pointing at the polling handshake (no Origin, cross-site)", async () => {
    const t = await start({ maxConnectionsPerAddress: 3 });
    const image = { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors", "sec-fetch-dest": "image" };
    const script = {
      "sec-fetch-site": "cross-site",
      "sec-fetch-mode": "no-cors",
      "sec-fetch-dest": "script",
    };
    const sameSite = {
      "sec-fetch-site": "same-site",
      "sec-fetch-mode": "no-cors",
      "sec-fetch-dest": "image",
    };
    for (let i = 0; i < 5; i++) {
      expect((await rawRequest(handshake(t.url), image)).status).toBe(403);
      expect((await rawRequest(handshake(t.url), script)).status).toBe(403);
      expect((await rawRequest(handshake(t.url), sameSite)).status).toBe(403);
    }
    const form = {
      "sec-fetch-site": "cross-site",
      "sec-fetch-mode": "navigate",
      "sec-fetch-dest": "document",
      "content-type": "application/x-www-form-urlencoded",
    };
    // engine.io refuses a handshake by POST (400) before the origin check (403) runs.
    expect([400, 403]).toContain((await rawRequest(handshake(t.url), form, "POST")).status);
    expectNothingHeld(t);

    // The visitor's own page still connects: its slots were never taken.
    const own = { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" };
    expect((await rawRequest(handshake(t.url), own)).status).toBe(200);
    expect((await rawRequest(handshake(t.url), { origin: t.url })).status).toBe(200);
    // Typed into the address bar: "none".
    expect((await rawRequest(handshake(t.url), { "sec-fetch-site": "none" })).status).toBe(200);
  });

  it("refuses a cross-site request even when it names the server's own origin as Referer only", async () => {
    const t = await start();
    const res = await rawRequest(handshake(t.url), { "sec-fetch-site": "cross-site", referer: `${t.url}/` });
    expect(res.status).toBe(403);
    expectNothingHeld(t);
  });

  it("refuses a WebSocket upgrade from a foreign Origin, or a cross-site one without Origin", async () => {
    const t = await start();
    expect(await rawUpgrade(websocket(t.url), { origin: "http://evil.example" })).not.toBe(101);
    expect(await rawUpgrade(websocket(t.url), { "sec-fetch-site": "cross-site" })).not.toBe(101);
    expectNothingHeld(t);
    expect(await rawUpgrade(websocket(t.url), { origin: t.url })).toBe(101);
  });

  it("refuses an <img> pointing at the polling handshake over plain HTTP to a LAN address (no Origin, no Sec-Fetch-*)", async () => {
    // Over plain HTTP to a LAN address a browser sends no fetch metadata, and an <img>
    // sends no Origin: exactly what Chromium and Firefox send for
    // <img src="http://192.168.1.5:6969/socket.io/?EIO=4&transport=polling"> on another
    // site (its Referer is often cut by the page's referrer policy).
    const t = await start({ maxConnectionsPerAddress: 3 });
    const lanImage = {
      host: `192.168.1.5:${new URL(t.url).port}`,
      accept: "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8",
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
    };
    for (let i = 0; i < 5; i++) {
      expect((await rawRequest(handshake(t.url), lanImage)).status).toBe(403);
      const withReferer = { ...lanImage, referer: "http://evil.example/" };
      expect((await rawRequest(handshake(t.url), withReferer)).status).toBe(403);
    }
    expectNothingHeld(t);
    // The SDK's own polling request (same-origin XHR, which may set the header without
    // a preflight) still opens a session.
    const sdk = { host: lanImage.host, [CLIENT_HEADER]: CLIENT_HEADER_VALUE };
    expect((await rawRequest(handshake(t.url), sdk)).status).toBe(200);
  });

  it("still serves Node clients over WebSocket without any of these headers", async () => {
    const t = await start();
    expect(await rawUpgrade(websocket(t.url))).toBe(101);
  });

  it("still serves Node clients that send the client header, and neither Origin nor Sec-Fetch-Site", async () => {
    const t = await start();
    const res = await rawRequest(handshake(t.url), { [CLIENT_HEADER]: CLIENT_HEADER_VALUE });
    expect(res.status).toBe(200);
    expect(res.body).toContain('"sid"');
  });
});
