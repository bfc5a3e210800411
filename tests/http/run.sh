#!/usr/bin/env bash
# Run every end-to-end HTTP test (node, against the real meso serve), or the
# ones named (tests/http/run.sh tests/http/test_csrf.mjs ...).
# The fixture database (tests/http/lib.mjs: fixture()) is built once per run
# in a temporary directory shared by the test files.
set -uo pipefail
cd "$(dirname "$0")/../.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
MESO_HTTP_CACHE=$(mktemp -d "${TMPDIR:-/tmp}/meso-http-XXXXXX")
export MESO_HTTP_CACHE
trap 'rm -rf "$MESO_HTTP_CACHE"' EXIT
failed=()
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=(tests/http/test_*.mjs)
for t in "${scripts[@]}"; do
    [ -e "$t" ] || continue
    if ! node "$t"; then failed+=("$(basename "$t")"); fi
done
if [ ${#failed[@]} -gt 0 ]; then echo "http: FAILED: ${failed[*]}" >&2; exit 1; fi
echo "http: ok"
