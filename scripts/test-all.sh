#!/usr/bin/env bash
# test-all.sh: the suites of `make test` after the build (unit, corpus, e2e,
# http, check-docs, browser, and unit, e2e and http on PostgreSQL) as one pool
# of jobs run $MESO_TEST_JOBS at a time (default: the processors), through
# scripts/run-jobs.sh: each unit program, e2e script and HTTP file is a job, so
# the two databases' suites run side by side and the slow jobs start first.
# One throwaway PostgreSQL cluster serves every PostgreSQL job; the HTTP
# fixture is built once per database before the HTTP files that read it.
# The Makefile passes the programs in UNIT_BIN, UNIT_DB_BIN and FUZZ_BIN and
# the PostgreSQL HTTP files in HTTP_PG. A failing job's whole output is shown,
# and any failure fails the run. (docs/testing.md)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
: "${UNIT_BIN:?}" "${UNIT_DB_BIN:?}" "${FUZZ_BIN:?}" "${HTTP_PG:?}"
unset MESO_TEST_DB MESO_HTTP_CACHE MESO_URL
export MESO_BIN=$root/build/san/meso MESO_REL_BIN=$root/meso
tmp=$(mktemp -d "${TMPDIR:-/tmp}/meso-test-XXXXXX")
pg=""
stop() {
    [ -n "$pg" ] && scripts/pg-cluster.sh stop "$pg"
    rm -rf "$tmp"
}
trap stop EXIT
pg=$(scripts/pg-cluster.sh start) || { pg=""; echo "test: could not start PostgreSQL" >&2; exit 1; }
PG=$(scripts/pg-cluster.sh uri "$pg")
mkdir -p "$tmp/http" "$tmp/http-pg"

unit_env='ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}'
http_env='ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}'
on_pg="MESO_TEST_DB='$PG'"
# The slowest jobs first (docs/testing.md has the times); the rest by name.
slow_e2e="test_import test_backup test_dbcopy test_programmes test_import_large test_demo_year test_score"
slow_http="test_access test_xss test_audit test_csrf test_contract test_slowclients test_session"
first() { # first SLOW-NAMES FILES...: the files named in SLOW-NAMES, in that order, then the others
    local slow=$1 f n
    shift
    for n in $slow; do for f in "$@"; do [ "$(basename "${f%.*}")" = "$n" ] && echo "$f"; done; done
    for f in "$@"; do [[ " $slow " == *" $(basename "${f%.*}") "* ]] || echo "$f"; done
}
jobs() {
    echo "browser MESO_BIN='$root/meso' tests/browser/run.sh"
    echo "http/fixture MESO_HTTP_CACHE='$tmp/http' node tests/http/fixture.mjs"
    echo "pg:http/fixture $on_pg MESO_HTTP_CACHE='$tmp/http-pg' node tests/http/fixture.mjs"
    local f
    for f in $(first "$slow_http" tests/http/test_*.mjs); do
        if [[ " $HTTP_PG " == *" $f "* ]]; then
            echo "pg:http/$(basename "$f")<pg:http/fixture $on_pg $http_env MESO_HTTP_CACHE='$tmp/http-pg' node $f"
        fi
        echo "http/$(basename "$f")<http/fixture $http_env MESO_HTTP_CACHE='$tmp/http' node $f"
    done
    for f in $(first "$slow_e2e" tests/e2e/test_*.sh); do
        echo "pg:e2e/$(basename "$f") $on_pg bash $f"
        # test_dbcopy crosses SQLite and PostgreSQL either way on either run
        # (on SQLite it starts a cluster of its own): once is enough here.
        [ "$(basename "$f")" = test_dbcopy.sh ] && continue
        echo "e2e/$(basename "$f") bash $f"
    done
    for f in $UNIT_DB_BIN; do echo "pg:unit/$(basename "$f") $on_pg $unit_env $f"; done
    for f in $UNIT_BIN; do echo "unit/$(basename "$f") $unit_env $f"; done
    echo "corpus scripts/run-corpus.sh $FUZZ_BIN"
    echo "check-docs scripts/check-docs.sh ./meso"
}
jobs | scripts/run-jobs.sh -t test
