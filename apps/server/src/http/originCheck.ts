import type { IncomingMessage } from "node:http";

/**
 * True unless the request carries an `Origin` whose host differs from its `Host`.
 * Browsers always send `Origin` on WebSocket upgrades and cross-origin XHR, and CORS
 * does not protect WebSocket at all, so this is what stops another site from opening
 * a socket with a visitor's browser (cross-site WebSocket hijacking). Requests with no
 * `Origin` (Node clients, curl) pass: they carry no visitor's ambient authority.
 *
 * `allowed` lists further origins (`--allowed-origin`, already normalised with
 * `new URL(x).origin`), e.g. when a reverse proxy rewrites `Host`.
 *
 * @example
 * new Server({ allowRequest: (req, done) => done(null, isSameOriginRequest(req)) });
 */
export function isSameOriginRequest(req: IncomingMessage, allowed: ReadonlySet<string> = new Set()): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
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
