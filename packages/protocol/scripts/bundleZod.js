#!/usr/bin/env node
// Runs after `tsc`: rewrites dist/zod.js, which tsc emits as a plain re-export of
// "zod/mini", as one file holding only the builders it names (esbuild tree-shakes the
// rest of zod away). See src/zod.ts for why. esbuild is the workspace root's.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const file = fileURLToPath(new URL("../dist/zod.js", import.meta.url));

await build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  format: "esm",
  // Used by Node (server, SDK) and by the browser (web app, through Vite).
  platform: "neutral",
  mainFields: ["module", "main"],
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
});
