#!/usr/bin/env bash
# The command line: help from the command table, exit codes, database choice,
# schools, staff, init and check.
source "$(dirname "$0")/lib.sh"

case_ "help lists every command and help COMMAND matches the table"
run help; expect_rc 0; expect_out "import pupils"; expect_out "pupils show"
run help import pupils; expect_rc 0; expect_out "usage: meso import pupils FILE.csv"; expect_out "--skip-invalid"
run help school; expect_rc 0; expect_out "school add"; expect_out "school list"
run pupils list --help; expect_rc 0; expect_out "--year N"
run help nosuch; expect_rc 1

case_ "usage errors exit 1"
run; expect_rc 1
run frobnicate; expect_rc 1; expect_err "unknown command 'frobnicate'"
run school; expect_rc 1; expect_err "needs a subcommand"
run pupils list --bogus; expect_rc 1; expect_err "unknown option --bogus"
run pupils show; expect_rc 1; expect_err "missing UPN"
run demo --seed abc; expect_rc 1; expect_err "--seed takes a whole number"

case_ "a missing database is a storage error (3) with advice"
run --db "$T/none.db" pupils list; expect_rc 3; expect_err "meso init"

case_ "init creates, with a first school; --db, MESO_DB and ./meso.db"
run init --school-urn 123456 --school-name "Hillside Primary" --la 201 --phase primary
expect_rc 0; expect_out "Created $MESO_DB"; expect_out "added school 123456"
run school list --json; expect_rc 0; expect_out '"urn": "123456"'; expect_out '"la_code": "201"'
run --db "$T/other.db" init; expect_rc 0; [ -f "$T/other.db" ] || fail "--db ignored"
(cd "$T" && MESO_DB= "$MESO" init >/dev/null 2>&1) ; [ -f "$T/meso.db" ] || fail "default ./meso.db not used"
run init --school-urn 12 --school-name X; expect_rc 2; expect_err "urn: a URN has 6 digits"
run init --school-urn 123457; expect_rc 1

case_ "schools and staff"
run school add --urn 123456 --name Dup; expect_rc 2; expect_err "already exists"
run school add --urn 654321 --name "Brook Academy" --phase secondaryish; expect_rc 2; expect_err "--phase: the phase must be one of"
run school add --urn 654321 --name "Brook Academy" --phase secondary; expect_rc 0
run staff add --name "Ann Lee" --email ann@school.example.org --role lead; expect_rc 1; expect_err "--school URN"
run staff add --name "Ann Lee" --email ann@school.example.org --role lead --school 123456; expect_rc 0
run staff add --name "Ann Lee" --email ann@school.example.org --role teacher --school 123456; expect_rc 2; expect_err "already registered"
run staff add --name "Bo" --email nope --role wizard --school 123456; expect_rc 2; expect_err "--email:"; expect_err "--role:"
run staff list --school 123456 --json; expect_rc 0; expect_out '"role": "lead"'

case_ "check reports a healthy database"
run check; expect_rc 0; expect_out "healthy"; expect_out "2 schools"
run check --json; expect_rc 0; expect_out '"healthy": true'

case_ "a database written by a newer meso is refused"
sqlite3 "$T/newer.db" "PRAGMA application_id = 1835365231; PRAGMA user_version = 999; CREATE TABLE x (a);"
run --db "$T/newer.db" check; expect_rc 3; expect_err "newer version of meso"
case_ "a foreign SQLite file is left alone"
sqlite3 "$T/foreign.db" "CREATE TABLE accounts (a); INSERT INTO accounts VALUES (1);"
run --db "$T/foreign.db" check; expect_rc 3; expect_err "is not a meso database"
[ "$(sqlite3 "$T/foreign.db" 'SELECT count(*) FROM sqlite_schema')" = 1 ] || fail "foreign db changed"

case_ "version"
run version; expect_rc 0; expect_out "meso "; expect_out "schema"
done_
