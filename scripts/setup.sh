#!/usr/bin/env bash
# One command on a fresh machine: installs npm packages and the local services, then runs the main job.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash scripts/install-services.sh
# Debian's chromium and a CJK font, for the reviewer browser test that `npm test` runs
bash scripts/install-browser.sh
# compiles the CLI and workers and prebundles the workflows: a fast start, and a fast resume after a crash
npm run build
node bin/medeval.js dataset validate dataset/sample.json
# starts the embedded services, imports the sample, runs a simulated campaign and writes its report
node bin/medeval.js demo
