import { fileURLToPath } from "node:url";

/** Set to `true` by the package build (scripts/package.js) in the bundled command. */
declare const __SANCTUARY_PACKAGED__: boolean | undefined;

/**
 * Where the built web app is when no `--web-root` is given. In a clone: `apps/web/dist`,
 * from `apps/server/dist/config/*.js` (or `apps/server/src/config/*.ts` under test). In
 * the installed package: `web/` beside the bundle's `dist/` directory.
 */
export function defaultWebRoot(): string {
  const packaged = typeof __SANCTUARY_PACKAGED__ !== "undefined" && __SANCTUARY_PACKAGED__;
  return fileURLToPath(new URL(packaged ? "../web" : "../../../web/dist", import.meta.url));
}
