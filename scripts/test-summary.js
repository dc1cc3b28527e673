// Adds up the unit/integration (Vitest) and end-to-end (Playwright) results into one
// closing line, so a reader (or CI) sees the whole suite's count at a glance.
import { readFileSync } from "node:fs";

const unit = JSON.parse(readFileSync("test-results/unit.json", "utf8"));
const e2e = JSON.parse(readFileSync("test-results/e2e.json", "utf8"));

const passed = unit.numPassedTests + e2e.stats.expected;
const failed = unit.numFailedTests + e2e.stats.unexpected + e2e.stats.flaky;
const skipped = unit.numPendingTests + unit.numTodoTests + e2e.stats.skipped;

console.log(`unit+integration: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed`);
console.log(`end-to-end: ${e2e.stats.expected} passed, ${e2e.stats.unexpected + e2e.stats.flaky} failed`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exitCode = failed > 0 ? 1 : 0;
