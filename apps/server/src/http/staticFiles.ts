import { readdirSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import type { RequestHandler } from "express";

/** Encodings the web build precompresses (apps/web/scripts/precompress.js), best first. */
const ENCODINGS = [
  { token: "br", suffix: ".br" },
  { token: "gzip", suffix: ".gz" },
] as const;

type Encoding = (typeof ENCODINGS)[number];

/**
 * Serves the brotli or gzip copy the build wrote beside a file (`app.js.br`,
 * `app.js.gz`) when the browser accepts that encoding, with `Content-Encoding` and
 * `Vary: Accept-Encoding`; anything else falls through to the plain file. Nothing is
 * compressed per request. Which copies exist is read once, at start: the build does not
 * change under a running server.
 *
 * @example
 * app.use(precompressedFiles("/srv/sanctuary/web"));
 * app.use(express.static("/srv/sanctuary/web"));
 */
export function precompressedFiles(root: string): RequestHandler {
  const variants = listVariants(root);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const path = req.path.endsWith("/") ? `${req.path}index.html` : req.path;
    const available = variants.get(path);
    if (!available) return next();
    // The answer depends on Accept-Encoding whichever copy is sent, identity included.
    res.vary("Accept-Encoding");
    // Express's own negotiation (`accepts`): presence, `q=0` refusals and `*` as usual.
    const encoding = ENCODINGS.find((e) => available.has(e) && req.acceptsEncodings(e.token) === e.token);
    if (!encoding) return next();
    res.setHeader("Content-Encoding", encoding.token);
    // The type of the original file, not of `.br` / `.gz` (send keeps a type already set).
    res.type(extname(path));
    res.sendFile(`${path.slice(1)}${encoding.suffix}`, {
      root,
      dotfiles: "ignore",
      etag: false,
      lastModified: false,
      cacheControl: false,
      acceptRanges: false,
    });
  };
}

/** URL path of every file that has compressed copies → the encodings it has. */
function listVariants(root: string): Map<string, Set<Encoding>> {
  const variants = new Map<string, Set<Encoding>>();
  let files: string[];
  try {
    files = readdirSync(root, { recursive: true, encoding: "utf8" });
  } catch {
    return variants;
  }
  for (const file of files) {
    const encoding = ENCODINGS.find((e) => file.endsWith(e.suffix));
    if (!encoding) continue;
    const original = file.slice(0, -encoding.suffix.length);
    // Dot directories (Vite's manifest) are not served; neither are their copies.
    if (original.split(sep).some((part) => part.startsWith("."))) continue;
    const path = `/${relative(root, join(root, original)).split(sep).join("/")}`;
    const set = variants.get(path) ?? new Set<Encoding>();
    set.add(encoding);
    variants.set(path, set);
  }
  return variants;
}
