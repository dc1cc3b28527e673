#!/usr/bin/env bash
# The whole test suite, exactly as the README and CI run it (`npm test`):
# system browsers and tools, build, typecheck, lint, unit + integration, end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

bash scripts/system-deps.sh
[[ -d node_modules ]] || npm ci

rm -rf test-results
mkdir -p test-results

echo "== build and typecheck"
npx turbo run build typecheck --output-logs=errors-only
echo "== lint"
npx biome check .
node scripts/check-references.js
node scripts/check-file-sizes.js
echo "== no telemetry"
node scripts/check-no-telemetry.js
echo "== unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json
echo "== release package"
node scripts/package.js --no-build
node scripts/check-deploy.js
echo "== end-to-end tests"
npx playwright test
node scripts/test-summary.js
