#!/usr/bin/env bash
# Run every end-to-end test script (or those named: tests/e2e/run.sh
# tests/e2e/test_cli.sh ...); report all failures, not just the first.
set -uo pipefail
cd "$(dirname "$0")/../.."
failed=()
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=(tests/e2e/test_*.sh)
for t in "${scripts[@]}"; do
    if ! bash "$t"; then failed+=("$(basename "$t")"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "e2e: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "e2e: ok"
