#!/usr/bin/env node
// Writes `<file>.br` and `<file>.gz` beside every text asset of the web build that is at
// least 1 KiB, at maximum compression, so the server sends them as they are (no
// compression work per request). A compressed copy that is not smaller is not kept.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const DIST = new URL("../dist/", import.meta.url).pathname;
const MIN_BYTES = 1024;
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|wasm|map)$/;

/** Every file under `dir`, skipping dot directories (Vite's manifest). */
function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

let written = 0;
for (const path of files(DIST)) {
  if (!COMPRESSIBLE.test(path) || statSync(path).size < MIN_BYTES) continue;
  const raw = readFileSync(path);
  const variants = {
    br: brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gz: gzipSync(raw, { level: 9 }),
  };
  for (const [ext, body] of Object.entries(variants)) {
    const target = `${path}.${ext}`;
    if (body.length < raw.length) {
      writeFileSync(target, body);
      written++;
    } else {
      try {
        unlinkSync(target);
      } catch {}
    }
  }
}
console.log(`precompress: ${written} brotli/gzip files`);
