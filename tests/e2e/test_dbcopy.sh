#!/usr/bin/env bash
# meso db copy: a demo school from SQLite to PostgreSQL and back, proved by
# the copy's own counts and checksums, by `meso check`, and by the two SQLite
# files dumping alike (the audit trail included); a target that is not empty
# is refused and left as it was; a new database made by `meso init` is
# accepted; a copy that fails half-way leaves nothing; one school's records
# exported from a database of two. The PostgreSQL half runs on the server MESO_TEST_DB names (make
# e2e-pg); without one it starts a throwaway cluster itself
# (scripts/pg-cluster.sh), so plain `make e2e` crosses backends too; without
# PostgreSQL installed it says so and copies SQLite to SQLite only.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$HERE/../.." && pwd)

PGBASE=""
if [[ "${MESO_TEST_DB:-}" == postgres*://* ]]; then
    PGBASE=$MESO_TEST_DB
elif PGDIR=$("$ROOT/scripts/pg-cluster.sh" start 2>"$T/.pg-start"); then
    trap '"$ROOT/scripts/pg-cluster.sh" stop "$PGDIR"; rm -rf "$T"' EXIT
    PGBASE=$("$ROOT/scripts/pg-cluster.sh" uri "$PGDIR")
else
    echo "test_dbcopy: NOTE: no PostgreSQL (MESO_TEST_DB unset and no cluster could start:" \
        "$(head -c 200 "$T/.pg-start")); copying SQLite to SQLite only" >&2
fi
# pgdb NAME: a database of its own on that server, for this run.
tag=$(basename "$T" | tr -c 'a-zA-Z0-9\n' _ | tr A-Z a-z)
pgdb() { echo "${PGBASE/\/meso\?/\/dbcopy_${tag}_$1?}"; }
pgsql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
# The copy's table of tables, rows and checksums, less the timing line.
sums() { grep -v '^Copied ' <<<"$OUT" | awk '{ print $1, $2, $4 }'; }

SRC="$T/demo.db"
case_ "the source: a demo school"
run --db "$SRC" demo --pupils 120; expect_rc 0
audit_rows=$(command sqlite3 "$SRC" "SELECT count(*) FROM audit")
[ "$audit_rows" -gt 100 ] || fail "the demo wrote only $audit_rows audit rows"

case_ "SQLite to SQLite"
run db copy "$SRC" "$T/copy.db"; expect_rc 0
expect_out "every table matches"; expect_out "audit"
SUMS_SQLITE=$(sums)
grep -q ' DIFFERENT$' <<<"$OUT" && fail "a table differs: $OUT"
[ "$(grep -c '  ok$' <<<"$OUT")" -gt 50 ] || fail "too few tables in the report"
diff <(command sqlite3 "$SRC" .dump) <(command sqlite3 "$T/copy.db" .dump) >/dev/null ||
    fail "the copy does not dump like its source"

BACK="$T/back.db"
if [ -n "$PGBASE" ]; then
    PG_A=$(pgdb a)
    case_ "SQLite to PostgreSQL"
    run db copy "$SRC" "$PG_A"; expect_rc 0; expect_out "every table matches"
    [ "$(sums)" = "$SUMS_SQLITE" ] || fail "PostgreSQL's counts or checksums differ from SQLite's"
    [ "$(pgsql "$PG_A" "SELECT count(*) FROM audit")" = "$audit_rows" ] ||
        fail "the audit trail did not arrive whole"
    run --db "$PG_A" check; expect_rc 0; expect_out "healthy"

    case_ "PostgreSQL carries on after the copied ids"
    max_audit=$(pgsql "$PG_A" "SELECT max(id) FROM audit")
    upn=$(pgsql "$PG_A" "SELECT upn FROM pupil ORDER BY id LIMIT 1")
    run --db "$PG_A" pupils show "$upn"; expect_rc 0
    [ "$(pgsql "$PG_A" "SELECT max(id) FROM audit")" -gt "$max_audit" ] ||
        fail "viewing a pupil added no audit row after the copy"

    case_ "PostgreSQL back to SQLite: the same database"
    BACK_FROM=$(pgdb b)
    run db copy "$SRC" "$BACK_FROM"; expect_rc 0
    run db copy "$BACK_FROM" "$BACK"; expect_rc 0; expect_out "every table matches"
    [ "$(sums)" = "$SUMS_SQLITE" ] || fail "the round trip's checksums differ"
    diff <(command sqlite3 "$SRC" .dump) <(command sqlite3 "$BACK" .dump) >"$T/.dumpdiff" ||
        fail "SQLite -> PostgreSQL -> SQLite does not dump like the source: $(head -c 600 "$T/.dumpdiff")"

    case_ "PostgreSQL to PostgreSQL"
    run db copy "$PG_A" "$(pgdb c)"; expect_rc 0; expect_out "every table matches"

    case_ "a PostgreSQL target that is not empty is refused and left alone"
    before=$(pgsql "$PG_A" "SELECT count(*) FROM pupil")
    run db copy "$T/copy.db" "$PG_A"; expect_rc 1; expect_err "is not empty"
    [ "$(pgsql "$PG_A" "SELECT count(*) FROM pupil")" = "$before" ] || fail "the refused target changed"

    case_ "a PostgreSQL database made by meso init is empty enough"
    run --db "$(pgdb d)" init; expect_rc 0
    run db copy "$SRC" "$(pgdb d)"; expect_rc 0; expect_out "every table matches"
else
    run db copy "$SRC" "$BACK"; expect_rc 0
fi

case_ "the result is healthy, and its audit trail whole"
run --db "$BACK" check; expect_rc 0; expect_out "healthy"
[ "$(command sqlite3 "$BACK" "SELECT count(*) FROM audit")" = "$audit_rows" ] ||
    fail "the audit trail did not come back whole"
run --db "$BACK" audit --limit 3; expect_rc 0

case_ "an SQLite target that is not empty is refused and left alone"
sum_before=$(command sqlite3 "$BACK" .dump | sha256sum)
run db copy "$SRC" "$BACK"; expect_rc 1; expect_err "is not empty"; expect_err "table school has 1 row"
[ "$(command sqlite3 "$BACK" .dump | sha256sum)" = "$sum_before" ] || fail "the refused target changed"
run --db "$T/one.db" init --school-urn 123456 --school-name "Only Primary"; expect_rc 0
run db copy "$SRC" "$T/one.db"; expect_rc 1; expect_err "table school has 1 row"

case_ "an SQLite file made by meso init is accepted; FROM and TO must differ"
run --db "$T/new.db" init; expect_rc 0
run db copy "$SRC" "$T/new.db"; expect_rc 0; expect_out "every table matches"
run db copy "$SRC" "$SRC"; expect_rc 1; expect_err "the same database"
run db copy "$T/none.db" "$T/x.db"; expect_rc 3; expect_err "no such database"

case_ "a source behind this meso's schema is refused, with what to do"
cp "$SRC" "$T/old.db"
latest=$(command sqlite3 "$SRC" "PRAGMA user_version")
command sqlite3 "$T/old.db" "PRAGMA user_version = $((latest - 1))"
run db copy "$T/old.db" "$T/x.db"; expect_rc 1; expect_err "is at schema $((latest - 1))"
expect_err "meso --db $T/old.db init"
[ ! -e "$T/x.db" ] || fail "a refused copy left its new file behind"
[ "$(command sqlite3 "$T/old.db" "PRAGMA user_version")" = $((latest - 1)) ] || fail "the source was migrated"

case_ "all or nothing: a copy that fails half-way leaves the target as it was"
BAD="$T/bad.db"
cp "$SRC" "$BAD"
# SQLite keeps what it is given: text in an integer column, in the last table copied.
command sqlite3 "$BAD" "UPDATE term SET school_id = 'abc' WHERE id = (SELECT min(id) FROM term)"
run db copy "$BAD" "$T/half.db"; expect_rc 3; expect_err "copying table term"
expect_err "holds a value that is not an integer"
[ ! -e "$T/half.db" ] || fail "a failed copy left its new file behind"
run --db "$T/half2.db" init; expect_rc 0
run db copy "$BAD" "$T/half2.db"; expect_rc 3
expect_sql_in() { local got; got=$(command sqlite3 "$1" "$2"); [ "$got" = "$3" ] || fail "$1: '$2' gave '$got', want '$3'"; }
expect_sql_in "$T/half2.db" "SELECT count(*) FROM pupil" 0
expect_sql_in "$T/half2.db" "SELECT count(*) FROM audit" 0
if [ -n "$PGBASE" ]; then
    run db copy "$BAD" "$(pgdb half)"; expect_rc 3; expect_err "copying table term"
    # (the migration was part of the copy's transaction: not even a table is left)
    [ "$(pgsql "$(pgdb half)" "SELECT count(*) FROM information_schema.tables
        WHERE table_schema = current_schema()")" = 0 ] ||
        fail "a failed copy into PostgreSQL left something behind"
    run db copy "$SRC" "$(pgdb half)"; expect_rc 0; expect_out "every table matches"
fi

case_ "one school's records, exported from a database of two"
TWO="$T/two.db"
cp "$SRC" "$TWO"
urn_a=$(command sqlite3 "$SRC" "SELECT urn FROM school")
run --db "$TWO" school add --urn 654321 --name "Brook Academy" --phase secondary; expect_rc 0
awk -v n=30 -f "$HERE/gen_pupils.awk" >"$T/b.csv"
run --db "$TWO" import pupils "$T/b.csv" --school 654321; expect_rc 0
upn_b=$(command sqlite3 "$TWO" "SELECT p.upn FROM pupil p JOIN school s ON s.id = p.school_id
    WHERE s.urn = '654321' ORDER BY p.id LIMIT 1")
run --db "$TWO" pupils show "$upn_b" --school 654321; expect_rc 0
[ "$(command sqlite3 "$TWO" "SELECT count(DISTINCT school_id) FROM audit")" = 2 ] ||
    fail "the second school's pupil was viewed without an audit row"
# (pgsrc: where the two schools' database is read from, SQLite or the shared service)
pgsrc=$TWO
if [ -n "$PGBASE" ]; then
    pgsrc=$(pgdb two)
    run db copy "$TWO" "$pgsrc"; expect_rc 0
fi
run db copy "$pgsrc" "$T/a.db" --school "$urn_a"; expect_rc 0; expect_out "every table matches"
[ "$(sums)" = "$SUMS_SQLITE" ] || fail "school A's export differs from the database it came from"
diff <(command sqlite3 "$SRC" .dump) <(command sqlite3 "$T/a.db" .dump) >"$T/.dumpdiff" ||
    fail "school A's export does not dump like school A alone: $(head -c 600 "$T/.dumpdiff")"
run db copy "$pgsrc" "$T/b.db" --school 654321; expect_rc 0; expect_out "every table matches"
expect_sql_in "$T/b.db" "SELECT urn FROM school" 654321
expect_sql_in "$T/b.db" "SELECT count(*) FROM pupil" 30
expect_sql_in "$T/b.db" "SELECT count(*) FROM carer" 0
expect_sql_in "$T/b.db" "SELECT count(*) FROM staff" 0
expect_sql_in "$T/b.db" "SELECT count(*), min(school_id) FROM audit" "$(command sqlite3 "$TWO" \
    "SELECT count(*), min(school_id) FROM audit WHERE school_id = 2")"
expect_sql_in "$T/b.db" "SELECT count(*) FROM framework" 3
expect_sql_in "$T/b.db" "SELECT count(*) FROM sen_need" 13
run --db "$T/b.db" check; expect_rc 0; expect_out "healthy"; expect_out "30 pupils"
run --db "$T/b.db" pupils show "$upn_b"; expect_rc 0
run db copy "$pgsrc" "$T/c.db" --school 111111; expect_rc 1; expect_err "no school with URN 111111"
[ ! -e "$T/c.db" ] || fail "a copy refused left its new file behind"

done_
