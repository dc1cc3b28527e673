/**
 * Every reference in the code and the docs resolves inside the repository:
 * - relative Markdown links in README.md and docs/ point at files (and headings) that exist;
 * - any `docs/<name>.md` a source file or doc names exists;
 * - feature numbers (F1, F17, …) are rows of docs/design.md's feature table;
 * - nothing cites a document or tracker that is not in the repository (DESIGN.md,
 *   "issue 9").
 * Run by `npm test` (scripts/test.sh) next to the linter. Exits 1 listing every problem.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TEXT = /\.(ts|tsx|js|mjs|json|md|css|html|sh|yml|yaml)$/;
/** Files that quote other projects or are generated. */
const SKIP =
  /(^|\/)(package-lock\.json|node_modules\/|dist\/|bench\/results\/|scripts\/check-references\.js$)/;

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => f && TEXT.test(f) && !SKIP.test(f) && existsSync(join(root, f)));

const problems = [];
const designFeatures = featureNumbers(readFileSync(join(root, "docs/design.md"), "utf8"));

for (const file of files) {
  const text = readFileSync(join(root, file), "utf8");
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const at = `${file}:${i + 1}`;
    if (/DESIGN\.md/.test(line)) problems.push(`${at}: cites DESIGN.md, which is not in the repository`);
    if (/\bissues? #?\d+\b/i.test(line)) {
      problems.push(`${at}: cites an issue number; say what is meant or link a doc`);
    }
    for (const m of line.matchAll(/\bdocs\/([\w.-]+\.md)/g)) {
      if (!existsSync(join(root, "docs", m[1]))) problems.push(`${at}: docs/${m[1]} does not exist`);
    }
    if (file !== "docs/design.md") {
      for (const m of line.matchAll(/\bF(\d{1,2})\b/g)) {
        if (!designFeatures.has(Number(m[1]))) problems.push(`${at}: F${m[1]} is not in docs/design.md`);
      }
    }
  });
  if (file.endsWith(".md")) checkLinks(file, text);
}

if (problems.length > 0) {
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stderr.write(`references: ${problems.length} unresolved\n`);
  process.exit(1);
}
process.stdout.write(`references: all resolve (${files.length} files)\n`);

/** The feature numbers of docs/design.md's table: rows that start with `| F<n> |`. */
function featureNumbers(design) {
  return new Set([...design.matchAll(/^\|\s*F(\d{1,2})\s*\|/gm)].map((m) => Number(m[1])));
}

function checkLinks(file, text) {
  const prose = text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
  for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [path, anchor] = target.split("#");
    const dest =
      path === "" ? join(root, file) : resolve(dirname(join(root, file)), decodeURIComponent(path));
    const shown = `${file}: link ${target}`;
    if (!dest.startsWith(root)) problems.push(`${shown} leaves the repository`);
    else if (!existsSync(dest)) problems.push(`${shown}: no such file`);
    else if (anchor && dest.endsWith(".md") && !anchors(dest).has(anchor)) {
      problems.push(`${shown}: no heading #${anchor} in ${relative(root, dest)}`);
    }
  }
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(file) {
  const seen = new Map();
  const out = new Set();
  const body = readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  for (const line of body.split("\n")) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = m[1]
      .replace(/`/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}
