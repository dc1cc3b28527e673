import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import express, { type ErrorRequestHandler, type Express } from "express";
import { securityHeaders } from "./securityHeaders.js";
import { precompressedFiles } from "./staticFiles.js";

export interface HttpAppOptions {
  /** Built web app directory, or null to serve none. */
  webRoot: string | null;
  tls: boolean;
  /** False for a `Host` the server does not answer (`HostCheck`); those get 421. */
  allowsHost?: (req: IncomingMessage) => boolean;
}

/** What a request for an unknown host name reads: no page, and the operator's fix. */
const MISDIRECTED =
  "This Sanctuary server does not answer to this host name. " +
  "Its operator can add it with --allowed-host (see docs/deploy.md).\n";

/**
 * The Express app: security headers, the built web app, `/healthz`, and 404 for the
 * rest. It writes no access log and no error log.
 *
 * @example
 * const app = createHttpApp({ webRoot: "/srv/sanctuary/web", tls: false });
 * http.createServer(app);
 */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.use(securityHeaders(options.tls));
  const allowsHost = options.allowsHost;
  if (allowsHost) {
    // First of all: a DNS-rebinding page must not read even /healthz.
    app.use((req, res, next) => {
      if (allowsHost(req)) return next();
      res.status(421).type("text/plain").send(MISDIRECTED);
    });
  }
  app.use((_req, res, next) => {
    // Privacy: nothing of a visit stays in the browser's cache, not even the app's
    // own assets, so a shared device shows no trace that Sanctuary was opened.
    res.setHeader("Cache-Control", "no-store");
    next();
  });

  // Only liveness: counts of rooms or members would tell anyone how busy the server is.
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });

  const webRoot = options.webRoot;
  if (webRoot !== null && existsSync(webRoot)) {
    app.use(precompressedFiles(webRoot));
    app.use(
      express.static(webRoot, {
        index: "index.html",
        etag: false,
        lastModified: false,
        dotfiles: "ignore",
        redirect: false,
        cacheControl: false,
      }),
    );
  } else {
    app.get("/", (_req, res) => {
      res.status(404).type("text/plain").send("The web app is not built. Run `npm run build` first.\n");
    });
  }

  app.use((_req, res) => {
    res.status(404).type("text/plain").send("Not found.\n");
  });

  // Replaces Express's default handler, which prints stack traces to stderr.
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status =
      typeof err?.status === "number" && err.status >= 400 && err.status < 600 ? err.status : 500;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(status)
      .type("text/plain")
      .send(status >= 500 ? "Server error.\n" : "Bad request.\n");
  };
  app.use(onError);
  return app;
}
