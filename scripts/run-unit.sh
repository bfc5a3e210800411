#!/usr/bin/env bash
# Run each cmocka unit test program; report a summary; fail if any failed.
set -uo pipefail
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for t in "$@"; do
    if ! out=$("$t" 2>&1); then
        echo "$out" >&2
        failed+=("$(basename "$t")")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "unit: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "unit: ok ($# programs)"
