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
# On PostgreSQL (MESO_TEST_DB a postgresql:// URI, as `make e2e-pg` sets it),
# the test database is a database of its own on that server, made by `meso
# init`, and sqlite3 given that URI runs psql instead (a shell function, so
# tests read it as they read an SQLite file). Files the tests name themselves
# ($T/other.db) stay SQLite.
if [[ "${MESO_TEST_DB:-}" == postgres*://* ]]; then
    MESO_DB=${MESO_TEST_DB/\/meso\?/\/e2e_$(basename "$T" | tr -c 'a-zA-Z0-9\n' _ | tr A-Z a-z)?}
    export MESO_DB
    sqlite3() {
        local args=() a
        for a in "$@"; do [ "$a" = -readonly ] || args+=("$a"); done
        if [[ "${args[0]:-}" == postgres*://* ]]; then
            if [ "${args[1]:-}" = .dump ]; then
                # (without pg_dump's one-off \restrict key)
                pg_dump --no-owner --inserts -d "${args[0]}" | grep -v '^\\\(un\)\?restrict '
            else
                # SQLite's group_concat(), for the tests' own queries, made once
                # per database; a boolean prints as 1 or 0, as SQLite's does.
                if [ ! -e "$T/.pg-helpers" ]; then
                    psql -X -q -d "${args[0]}" >/dev/null 2>&1 <<'SQL' && touch "$T/.pg-helpers"
CREATE OR REPLACE FUNCTION test_gc(acc text, v anyelement, sep text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN v IS NULL THEN acc WHEN acc IS NULL
    THEN v::text ELSE acc || sep || v::text END $$;
CREATE OR REPLACE FUNCTION test_gc1(acc text, v anyelement) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT test_gc(acc, v, ',') $$;
CREATE OR REPLACE AGGREGATE group_concat(anyelement, text) (SFUNC = test_gc, STYPE = text);
CREATE OR REPLACE AGGREGATE group_concat(anyelement) (SFUNC = test_gc1, STYPE = text);
SQL
                fi
                psql -X -q -A -t -v ON_ERROR_STOP=1 -d "${args[0]}" -c "${args[1]}" |
                    sed 's/^t$/1/; s/^f$/0/'
            fi
        else
            command sqlite3 "$@"
        fi
    }
fi
# on_pg: true when the test database is on PostgreSQL (make e2e-pg). A case
# that reads and writes only SQLite files the script names itself repeats
# `make e2e` byte for byte there, so it runs only when this is false.
on_pg() { [[ "$MESO_DB" == postgres*://* ]]; }
# sqlite_only: for a script that uses only its own SQLite files: on
# PostgreSQL it says so and stops, passing (make e2e runs it).
sqlite_only() {
    if on_pg; then echo "ok $(basename "$0") (SQLite files only: make e2e runs it)"; exit 0; fi
}
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
# (On PostgreSQL a refused insert still uses up its id: sequences are left out.)
dbsum() {
    sqlite3 -readonly "$MESO_DB" .dump | grep -v '^INSERT INTO \(public\.\)\?audit\|pg_catalog.setval' |
        sha256sum
}
done_() {
    if [ "$FAILS" -gt 0 ]; then echo "$(basename "$0"): $FAILS failure(s)" >&2; exit 1; fi
    echo "ok $(basename "$0")"
}
# Valid UPNs for tests: LA 999, establishment 2001, year 20.
UPN1=R999200120001 UPN2=F999200120002 UPN3=V999200120003
