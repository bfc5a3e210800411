#!/usr/bin/env bash
# Run every tests/browser/test_*.mjs with node, one after another; report all
# failures, not just the first. Needs node_modules (scripts/deps.sh) and
# /usr/bin/chromium. Tests of meso pages need MESO_URL (see docs/frontend.md).
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ ! -d node_modules/playwright-core ]; then
    echo "browser: node_modules missing; run scripts/deps.sh" >&2
    exit 1
fi
failed=()
n=0
for t in tests/browser/test_*.mjs; do
    [ -e "$t" ] || continue
    n=$((n + 1))
    if ! node "$t"; then failed+=("$(basename "$t")"); fi
done
if [ "$n" -eq 0 ]; then
    echo "browser: no tests found" >&2
    exit 1
fi
if [ ${#failed[@]} -gt 0 ]; then
    echo "browser: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "browser: ok ($n files)"
