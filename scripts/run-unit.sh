#!/usr/bin/env bash
# Run each cmocka unit test program, $MESO_TEST_JOBS at a time
# (scripts/run-jobs.sh: a failing program's output is shown whole); report a
# summary; fail if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for t in "$@"; do echo "$(basename "$t") $t"; done | scripts/run-jobs.sh -t "unit ($# programs)"
