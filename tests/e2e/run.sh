#!/usr/bin/env bash
# Run every end-to-end test script; report all failures, not just the first.
set -uo pipefail
cd "$(dirname "$0")/../.."
failed=()
for t in tests/e2e/test_*.sh; do
    if ! bash "$t"; then failed+=("$(basename "$t")"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "e2e: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "e2e: ok"
