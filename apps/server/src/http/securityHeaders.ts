import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Helmet with a strict Content-Security-Policy: everything from this origin only, no
 * inline script, no eval. `'wasm-unsafe-eval'` is there because Argon2id runs as
 * WebAssembly; it permits compiling WASM, not evaluating JavaScript strings.
 * `connect-src 'self'` covers same-host ws:/wss: in current browsers (CSP Level 3).
 *
 * Without TLS, HSTS and `upgrade-insecure-requests` are left out: the app must work
 * over plain http on a LAN IP, and upgrading would break every request there.
 */
export function securityHeaders(tls: boolean): RequestHandler {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    // Received videos preview from blob: URLs made in the page (F44).
    "media-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
  };
  if (tls) directives["upgrade-insecure-requests"] = [];
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: "no-referrer" },
    xFrameOptions: { action: "deny" },
    xContentTypeOptions: true,
    xPoweredBy: false,
  });
}
