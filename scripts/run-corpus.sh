#!/usr/bin/env bash
# Replay every saved fuzz input (tests/corpus/<harness>/*) through its harness,
# built with the sanitizers. Any crash or sanitizer report fails the run.
set -uo pipefail
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
total=0
for h in "$@"; do
    name=$(basename "$h")
    name=${name#fuzz_}
    dir="tests/corpus/$name"
    [ -d "$dir" ] || { echo "corpus: no corpus for $name at $dir" >&2; exit 1; }
    n=$(find "$dir" -type f | wc -l)
    if ! "$h" "$dir"/* >/dev/null; then
        echo "corpus: $name FAILED" >&2
        exit 1
    fi
    total=$((total + n))
done
echo "corpus: ok ($total inputs replayed)"
