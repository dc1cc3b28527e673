import type { IncomingMessage } from "node:http";
import { CLIENT_HEADER, CLIENT_HEADER_VALUE } from "@sanctuary/protocol";

/** `Sec-Fetch-Site` values of requests the page itself (or the user) started. */
const OWN_SITE = new Set(["same-origin", "none"]);

/**
 * True when a Socket.IO handshake (polling or WebSocket) comes from this server's own
 * page, or from a client that is not a browser:
 *
 * - with an `Origin`: it must be this host's (or one in `allowed`). Browsers always send
 *   `Origin` on WebSocket upgrades and cross-origin XHR, and CORS does not protect
 *   WebSocket at all, so this stops cross-site WebSocket hijacking;
 * - without one (a same-origin GET, but also another site's `<img>`, `<script>` or
 *   link, which could each open a polling session and hold one of the visitor's
 *   connection slots): `Sec-Fetch-Site` must be `same-origin` or `none` (typed in);
 *   and a `Referer` must not name another origin;
 * - with neither header: over plain HTTP to a LAN address browsers send no
 *   `Sec-Fetch-*`, so another site's `<img>` looks exactly like a Node client. A
 *   polling handshake must then carry {@link CLIENT_HEADER}, which the SDK and the
 *   test kit send and a cross-site `<img>`, `<script>` or form cannot (a cross-site
 *   fetch with a custom header needs a CORS preflight, never granted). A WebSocket
 *   upgrade without `Origin` passes: browsers always send `Origin` on WebSocket, so
 *   it is a program's, carrying no visitor's ambient authority.
 *
 * `allowed` lists further origins (`--allowed-origin`, already normalised with
 * `new URL(x).origin`), e.g. when a reverse proxy rewrites `Host`.
 *
 * @example
 * new Server({ allowRequest: (req, done) => done(null, isSameOriginRequest(req)) });
 */
export function isSameOriginRequest(req: IncomingMessage, allowed: ReadonlySet<string> = new Set()): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return isOwnSiteWithoutOrigin(req, allowed);
  return isOwnOrigin(origin, req, allowed);
}

function isOwnSiteWithoutOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && !OWN_SITE.has(site.toLowerCase())) return false;
  if (site === undefined && !isUpgrade(req) && req.headers[CLIENT_HEADER] !== CLIENT_HEADER_VALUE)
    return false;
  const referer = req.headers.referer;
  if (referer === undefined) return true;
  let refererOrigin: string;
  try {
    refererOrigin = new URL(referer).origin;
  } catch {
    return false;
  }
  return isOwnOrigin(refererOrigin, req, allowed);
}

function isOwnOrigin(origin: string, req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  if (allowed.has(origin.toLowerCase())) return true;
  const host = req.headers.host;
  if (host === undefined) return false;
  let originHost: string;
  try {
    // "null" (sandboxed frames, file://) does not parse as a URL and is refused.
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  return originHost.toLowerCase() === host.toLowerCase();
}

/** A WebSocket handshake (HTTP Upgrade), which no `<img>`, `<script>` or form can make. */
function isUpgrade(req: IncomingMessage): boolean {
  return req.headers.upgrade?.toLowerCase() === "websocket";
}
