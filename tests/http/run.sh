#!/usr/bin/env bash
# Run every end-to-end HTTP test (node, against the real meso serve), or the
# ones named (tests/http/run.sh tests/http/test_csrf.mjs ...), $MESO_TEST_JOBS
# at a time (scripts/run-jobs.sh: a failing file's output is shown whole).
# The fixture database (tests/http/lib.mjs: fixture()) is built once per run
# in a temporary directory shared by the test files, before they start.
set -uo pipefail
cd "$(dirname "$0")/../.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
MESO_HTTP_CACHE=$(mktemp -d "${TMPDIR:-/tmp}/meso-http-XXXXXX")
export MESO_HTTP_CACHE
trap 'rm -rf "$MESO_HTTP_CACHE"' EXIT
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=(tests/http/test_*.mjs)
{
    echo "fixture node tests/http/fixture.mjs"
    for t in "${scripts[@]}"; do
        [ -e "$t" ] && echo "$(basename "$t")<fixture node $t"
    done
} | scripts/run-jobs.sh -t http
