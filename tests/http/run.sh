#!/usr/bin/env bash
# Run every end-to-end HTTP test (node, against the real meso serve).
# The fixture database (tests/http/lib.mjs: fixture()) is built once per run
# in a temporary directory shared by the test files.
set -uo pipefail
cd "$(dirname "$0")/../.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
MESO_HTTP_CACHE=$(mktemp -d "${TMPDIR:-/tmp}/meso-http-XXXXXX")
export MESO_HTTP_CACHE
trap 'rm -rf "$MESO_HTTP_CACHE"' EXIT
failed=()
for t in tests/http/test_*.mjs; do
    [ -e "$t" ] || continue
    if ! node "$t"; then failed+=("$(basename "$t")"); fi
done
if [ ${#failed[@]} -gt 0 ]; then echo "http: FAILED: ${failed[*]}" >&2; exit 1; fi
echo "http: ok"
