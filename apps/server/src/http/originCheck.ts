import type { IncomingMessage } from "node:http";

/**
 * True unless the request carries an `Origin` whose host differs from its `Host`.
 * Browsers always send `Origin` on WebSocket upgrades and cross-origin XHR, and CORS
 * does not protect WebSocket at all, so this is what stops another site from opening
 * a socket with a visitor's browser (cross-site WebSocket hijacking). Requests with no
 * `Origin` (Node clients, curl) pass: they carry no visitor's ambient authority.
 *
 * @example
 * new Server({ allowRequest: (req, done) => done(null, isSameOriginRequest(req)) });
 */
export function isSameOriginRequest(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
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
