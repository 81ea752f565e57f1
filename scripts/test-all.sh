#!/usr/bin/env bash
# `npm run test:all`: set up the real test servers when missing, build, package the binary, run every test tier once
# (one mocha run, so there is exactly one closing "N passed, N failed" line).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/testenv.sh
npm run --silent build >/dev/null
npm run --silent package
exec node_modules/.bin/mocha
