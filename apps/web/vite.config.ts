import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The production CSP is `script-src 'self' 'wasm-unsafe-eval'; style-src 'self'`, so the
 * built index.html must carry no inline script or style: no module-preload polyfill
 * (it is injected inline), and every stylesheet is a CSS file imported from TypeScript.
 */
export default defineConfig({
  base: "/",
  plugins: [react()],
  resolve: {
    // The confusables table loads with the SDK, not with the home screen (see the module).
    alias: [
      {
        find: /^unhomoglyph$/,
        replacement: fileURLToPath(new URL("./src/lib/confusables.ts", import.meta.url)),
      },
    ],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    // Keep everything a separate file: an inlined data: asset would need a looser CSP.
    assetsInlineLimit: 0,
    sourcemap: false,
    // scripts/check-budget.js reads the entry's static import graph from here.
    manifest: true,
  },
});
