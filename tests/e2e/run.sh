#!/usr/bin/env bash
# Run every end-to-end test script (or those named: tests/e2e/run.sh
# tests/e2e/test_cli.sh ...), $MESO_TEST_JOBS at a time (scripts/run-jobs.sh:
# each script has its own temporary folder and database, and a failing
# script's output is shown whole); report all failures, not just the first.
set -uo pipefail
cd "$(dirname "$0")/../.."
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=(tests/e2e/test_*.sh)
for t in "${scripts[@]}"; do echo "$(basename "$t") bash $t"; done | scripts/run-jobs.sh -t e2e
