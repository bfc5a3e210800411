# lib.sh - helpers for end-to-end tests that drive the real meso binary.
# Each test script sources this, uses $MESO (the binary under test, built
# with sanitizers) and a fresh $T directory, and exits non-zero on failure.
set -uo pipefail
MESO=${MESO_BIN:-$(pwd)/meso}
MESO_REL=${MESO_REL_BIN:-$MESO}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T=$(mktemp -d /tmp/meso-e2e-XXXXXX)
trap 'rm -rf "$T"' EXIT
export MESO_DB="$T/meso.db"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
FAILS=0
CASE=""

case_() { CASE="$*"; }
fail() { echo "FAIL [$(basename "$0")] ${CASE:+$CASE: }$*" >&2; FAILS=$((FAILS + 1)); }

# run CMD...: run meso, capturing stdout in $OUT, stderr in $ERR, status in $RC.
run() {
    OUT=$("$MESO" "$@" 2>"$T/.err"); RC=$?; ERR=$(cat "$T/.err")
    if grep -q -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/.err"; then
        fail "sanitizer report from: meso $*"; echo "$ERR" >&2
    fi
}
expect_rc() { [ "$RC" -eq "$1" ] || fail "expected exit $1, got $RC (stderr: ${ERR:0:400})"; }
expect_out() { grep -qF -- "$1" <<<"$OUT" || fail "stdout lacks: $1 (got: ${OUT:0:400})"; }
expect_err() { grep -qF -- "$1" <<<"$ERR" || fail "stderr lacks: $1 (got: ${ERR:0:600})"; }
expect_no_err() { ! grep -qF -- "$1" <<<"$ERR" || fail "stderr should not have: $1"; }
# sql QUERY: one value from the test database (sqlite3 CLI, read only).
sql() { sqlite3 -readonly "$MESO_DB" "$1"; }
expect_sql() { local got; got=$(sql "$1"); [ "$got" = "$2" ] || fail "sql '$1' gave '$got', want '$2'"; }
# A fingerprint of the whole database's rows, to prove nothing changed.
dbsum() { sqlite3 -readonly "$MESO_DB" .dump | grep -v '^INSERT INTO audit' | sha256sum; }
done_() {
    if [ "$FAILS" -gt 0 ]; then echo "$(basename "$0"): $FAILS failure(s)" >&2; exit 1; fi
    echo "ok $(basename "$0")"
}
# Valid UPNs for tests: LA 999, establishment 2001, year 20.
UPN1=R999200120001 UPN2=F999200120002 UPN3=V999200120003
