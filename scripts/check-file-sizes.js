/**
 * One concept per file: no source file (code, styles, tests) over MAX_LINES. A file
 * that grows past it does more than one job and should be split along its concepts.
 * Run by `npm test` (scripts/test.sh) next to the linter; exits 1 naming the files.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** "About 400 lines": a little room so a comment does not force a split. */
const MAX_LINES = 420;
const SOURCE = /\.(ts|tsx|js|mjs|css)$/;

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter((f) => SOURCE.test(f) && existsSync(join(root, f)));

const tooLong = files
  .map((file) => ({ file, lines: readFileSync(join(root, file), "utf8").split("\n").length }))
  .filter(({ lines }) => lines > MAX_LINES)
  .sort((a, b) => b.lines - a.lines);

if (tooLong.length > 0) {
  for (const { file, lines } of tooLong)
    process.stderr.write(`${file}: ${lines} lines (at most ${MAX_LINES})\n`);
  process.exit(1);
}
process.stdout.write(`file sizes: ${files.length} source files, none over ${MAX_LINES} lines\n`);
