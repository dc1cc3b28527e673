#!/usr/bin/env node
// The first-load budget: the compressed JavaScript a browser must fetch before the home
// screen works — the entry chunk and every chunk it imports statically — may not exceed
// BUDGET_BYTES (gzip, as sent to browsers without brotli). Chunks reached only through
// `import()` (the room screen, the SDK with its Argon2 WASM, QR codes, …) do not count,
// so new features stay out of the budget by loading lazily.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET_BYTES = 120 * 1024;
const DIST = new URL("../dist/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL(".vite/manifest.json", DIST), "utf8"));

const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entries.length !== 1) throw new Error(`check-budget: expected one entry, found ${entries.length}`);

/** The entry and its static imports, transitively (manifest keys). */
function staticGraph(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key].imports ?? []) staticGraph(next, seen);
  return seen;
}

const gzipSize = (file) => gzipSync(readFileSync(new URL(file, DIST)), { level: 9 }).length;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

let total = 0;
for (const key of staticGraph(entries[0])) {
  const size = gzipSize(manifest[key].file);
  total += size;
  console.log(`  ${manifest[key].file}  ${kib(size)} gzip`);
}
const verdict = `first-load JavaScript: ${kib(total)} gzip (budget ${kib(BUDGET_BYTES)})`;
if (total > BUDGET_BYTES) {
  console.error(`check-budget: over budget — ${verdict}. Load the new code with import().`);
  process.exit(1);
}
console.log(`check-budget: ${verdict}`);
