import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * What the `sanctuary` command has loaded once it serves, in a process of its own: every
 * package once. npm nests a second copy of a package when two dependents ask for
 * versions no single one satisfies, and each copy is loaded, compiled and kept apart —
 * before the root `overrides`, the idle server held three copies of mime-db (its whole
 * table, each), two of ws and nine of debug: 1.4 MiB of its idle heap.
 */

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));

/** Package directory → how many distinct copies of it the started server loaded. */
function loadedCopies(): Record<string, string[]> {
  const script = `
    import { createRequire } from "node:module";
    process.argv = [process.argv[0], "sanctuary", "--host", "127.0.0.1", "--port", "0", "--quiet"];
    await import(${JSON.stringify(MAIN)});
    // The command starts the server without awaiting it: wait until it serves.
    const cache = createRequire(import.meta.url).cache;
    const serving = () => Object.keys(cache).some((file) => file.includes("/socket.io/dist/"));
    for (let waited = 0; !serving() && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    const copies = {};
    for (const file of Object.keys(cache)) {
      const match = /^(.*node_modules\\/((?:@[^/]+\\/)?[^/]+))\\//.exec(file);
      if (!match) continue;
      const dirs = (copies[match[2]] ??= []);
      if (!dirs.includes(match[1])) dirs.push(match[1]);
    }
    process.stdout.write(JSON.stringify(copies));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  // The listening line comes first; the JSON is the rest.
  return JSON.parse(out.slice(out.indexOf("{")));
}

describe("the packages a started server loads", () => {
  it("loads each package once", { timeout: 30_000 }, () => {
    const copies = loadedCopies();
    expect(Object.keys(copies)).toEqual(expect.arrayContaining(["socket.io", "engine.io", "ws", "express"]));
    const repeated = Object.entries(copies).filter(([, dirs]) => dirs.length > 1);
    expect(repeated).toEqual([]);
  });
});
