import { createRequire } from "node:module";
import { dirname, sep } from "node:path";
import type * as Commander from "commander";

/**
 * Runs `use` with commander loaded for that call only. The command line is parsed once,
 * at start, and a server then runs for weeks: imported as a module, commander would stay
 * in the heap for all of it (about 0.3 MiB that nothing else frees). Loaded through
 * `require` and dropped from `require.cache` afterwards, its modules are garbage once
 * `use` returns. (The Node built-ins it requires stay loaded, as built-ins do.)
 *
 * `use` must not keep anything of commander's: return plain values only.
 * scripts/package.js swaps this module for a plain import in the bundled `sanctuary`.
 */
export function withCommander<T>(use: (commander: typeof Commander) => T): T {
  const require = createRequire(import.meta.url);
  const home = dirname(require.resolve("commander")) + sep;
  try {
    return use(require("commander") as typeof Commander);
  } finally {
    for (const file of Object.keys(require.cache)) {
      if (file.startsWith(home)) delete require.cache[file];
    }
  }
}
