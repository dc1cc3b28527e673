import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

/**
 * Every relative module specifier in a source file: static imports and re-exports
 * (`import type` too: a type-only cycle still ties the modules together) and dynamic
 * `import("…")`.
 */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** The import graph of apps/server/src, by path relative to src (`io/router.ts`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(SPECIFIER)].map((match) =>
      relative(SRC, resolve(dirname(file), (match[1] as string).replace(/\.js$/, ".ts"))),
    );
    graph.set(relative(SRC, file), [...new Set(targets)]);
  }
  return graph;
}

/** Every import cycle, each as the path that closes it (`a.ts → b.ts → a.ts`). */
function findCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (file: string): void => {
    if (done.has(file)) return;
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (onStack.has(next)) cycles.push([...stack.slice(stack.indexOf(next)), next].join(" → "));
      else visit(next);
    }
    stack.pop();
    onStack.delete(file);
    done.add(file);
  };
  for (const file of [...graph.keys()].sort()) visit(file);
  return cycles;
}

/** Which top-level folders a folder may import from: lower layers only. */
const LAYERS: Record<string, readonly string[]> = {
  // The room state: the interface and its memory and Redis implementations.
  registry: ["registry"],
  // Domain rules: who may join, how a room ends, the heartbeat. No Socket.IO.
  rooms: ["rooms", "registry", "abuse", "net"],
};

describe("server architecture", () => {
  const graph = importGraph();

  it("reads the source tree and resolves every relative import to a file", () => {
    expect(graph.size).toBeGreaterThan(20);
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => !graph.has(t)).map((t) => `${file} → ${t}`),
    );
    expect(missing).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it("keeps registry/ and rooms/ free of Socket.IO wiring and cluster plumbing", () => {
    const violations = [...graph].flatMap(([file, targets]) => {
      const allowed = LAYERS[file.split("/")[0] as string];
      if (!allowed || !file.includes("/")) return [];
      return targets
        .filter((t) => !allowed.includes(t.includes("/") ? (t.split("/")[0] as string) : "."))
        .map((t) => `${file} → ${t}`);
    });
    expect(violations).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const cyclic = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(findCycles(cyclic)).toEqual(["a.ts → b.ts → c.ts → a.ts"]);
  });
});
