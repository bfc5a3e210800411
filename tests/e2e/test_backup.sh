#!/usr/bin/env bash
# Backup and restore (docs/backup.md): a backup taken while writes run is
# restored whole and consistent; a backup killed half-way leaves the source
# untouched and no file under the name asked for; an encrypted backup holds
# no readable name and is refused without its key; restore never writes over
# a database in use or one that holds records; the daily backups of serve.
source "$(dirname "$0")/lib.sh"

if [[ "$MESO_DB" == postgres*://* ]]; then
    case_ "PostgreSQL: meso backup says to use PostgreSQL's tools"
    run backup "$T/b.db"; expect_rc 1; expect_err "pg_dump"; expect_err "docs/backup.md"
    [ ! -e "$T/b.db" ] || fail "a file was written"
    run --db "$MESO_DB" restore "$T/b.db"; expect_rc 1; expect_err "docs/backup.md"
    mkdir "$T/daily"
    run serve --listen 127.0.0.1:0 --backup-dir "$T/daily"; expect_rc 1; expect_err "pg_dump"
    done_
    exit 0
fi

run demo --pupils 600; expect_rc 0
P=$(sql "SELECT upn FROM pupil ORDER BY id LIMIT 1")
NAME=$(sql "SELECT legal_surname FROM pupil ORDER BY id LIMIT 1")
count() { sqlite3 -readonly "${2:-$MESO_DB}" "SELECT count(*) FROM $1"; }

case_ "a backup taken while writes run is whole and consistent"
(
    for i in $(seq 1 400); do
        "$MESO" contact add "$P" --method phone --purpose progress --note "call $i" >/dev/null 2>&1 || exit 1
        [ -e "$T/stop" ] && exit 0
    done
) &
writer=$!
# (Wait for the writes to start; then a backup long enough that some land
# during it, even on a loaded machine.)
for _ in $(seq 100); do [ "$(sql "SELECT count(*) FROM contact WHERE note LIKE 'call %'")" -gt 0 ] && break; sleep 0.1; done
c0=$(count contact)
run backup "$T/live.db" --pause 1000; expect_rc 0; expect_out "Backed up"
c1=$(count contact)
touch "$T/stop"; wait "$writer" || fail "the writes failed while the backup ran"
[ "$c1" -gt "$c0" ] || fail "no writes ran during the backup ($c0 then $c1)"
[ "$(stat -c %a "$T/live.db")" = 600 ] || fail "the backup is not private to its owner"
# Writes never made it start again: one step per 256 pages, and the last.
steps=$(sed -n 's/.* in \([0-9]*\) steps.*/\1/p' <<<"$OUT")
pages=$(( $(stat -c %s "$T/live.db") / $(sqlite3 "$T/live.db" 'PRAGMA page_size') ))
[ "$steps" -le $(( pages / 256 + 2 )) ] || fail "$steps steps for $pages pages: it restarted"
run --db "$T/restored.db" restore "$T/live.db"; expect_rc 0; expect_out "It passed its checks"
expect_out "600 pupils"
run --db "$T/restored.db" check; expect_rc 0; expect_out "healthy"
[ "$(sqlite3 "$T/restored.db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check"
cr=$(count contact "$T/restored.db")
{ [ "$cr" -ge "$c0" ] && [ "$cr" -le "$c1" ]; } || fail "restored $cr contacts, not between $c0 and $c1"
for t in pupil carer staff pupil_carer; do
    [ "$(count $t "$T/restored.db")" = "$(count $t)" ] || fail "$t rows differ"
done
# The copy is one moment: exactly the source's first rows, none half-written.
top=$(sqlite3 "$T/restored.db" "SELECT max(id) FROM contact")
q="SELECT id, note FROM contact WHERE id <= $top ORDER BY id"
[ "$(sqlite3 -readonly "$MESO_DB" "$q" | sha256sum)" = "$(sqlite3 "$T/restored.db" "$q" | sha256sum)" ] ||
    fail "the restored contacts are not the source's"
echo "  backup under writes: $c0 contacts before, $cr in the copy, $c1 after; $steps steps for $pages pages" >&2

case_ "a backup killed half-way leaves the source untouched and no file called FILE"
before=$(dbsum)
"$MESO" backup "$T/killed.db" --pause 2000 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do ls -a "$T" | grep -q "^\.killed\.db\.partial-$pid$" && break; sleep 0.1; done
ls -a "$T" | grep -q "^\.killed\.db\.partial-$pid$" || fail "no backup under way to kill"
kill -9 "$pid"; wait "$pid" 2>/dev/null
[ ! -e "$T/killed.db" ] || fail "a half backup was left as killed.db"
[ "$(dbsum)" = "$before" ] || fail "the source changed"
run check; expect_rc 0; expect_out "healthy"
run backup "$T/after.db"; expect_rc 0

case_ "an encrypted backup: no readable names, and no restore without its key"
run backup --new-key "$T/backup.key"; expect_rc 0; expect_out "Keep a copy"
[ "$(stat -c %a "$T/backup.key")" = 600 ] || fail "the key file is not private"
run backup --new-key "$T/backup.key"; expect_rc 2; expect_err "never written over"
run backup "$T/sealed.db" --key-file "$T/backup.key"; expect_rc 0; expect_out "encrypted"
[ "$(grep -c -a "$NAME" "$T/after.db")" -gt 0 ] || fail "the control: $NAME is not in a plain backup"
[ "$(grep -c -a "$NAME" "$T/sealed.db")" = 0 ] || fail "$NAME is readable in the encrypted backup"
[ "$(grep -c -a "SQLite format" "$T/sealed.db")" = 0 ] || fail "the encrypted backup shows its format"
run --db "$T/r2.db" restore "$T/sealed.db" </dev/null; expect_rc 2; expect_err "is encrypted"
expect_err "--key-file"
[ ! -e "$T/r2.db" ] || fail "a database was made without the key"
run backup --new-key "$T/other.key"; expect_rc 0
run --db "$T/r2.db" restore "$T/sealed.db" --key-file "$T/other.key"; expect_rc 2
expect_err "a different key"
head -c 100000 "$T/sealed.db" >"$T/cut.db"
run --db "$T/r2.db" restore "$T/cut.db" --key-file "$T/backup.key"; expect_rc 2; expect_err "cut short"
[ ! -e "$T/r2.db" ] || fail "a database was made from a cut backup"
[ -z "$(ls -a "$T" | grep restoring)" ] || fail "a temporary file was left"
run --db "$T/r2.db" restore "$T/sealed.db" --key-file "$T/backup.key"; expect_rc 0
expect_out "600 pupils"
[ "$(count pupil "$T/r2.db")" = 600 ] || fail "pupils in the encrypted backup"

case_ "restore refuses what it must not write over, and what it cannot trust"
run --db "$T/r2.db" restore "$T/after.db"; expect_rc 2; expect_err "already holds a school's records"
run backup "$T/after.db"; expect_rc 2; expect_err "never writes over"
run --db "$T/empty.db" init; expect_rc 0
"$MESO" --db "$T/empty.db" serve --listen 127.0.0.1:0 --quiet >"$T/serve0.out" 2>&1 &
spid=$!
for _ in $(seq 300); do grep -q serving "$T/serve0.out" && break; sleep 0.1; done
run --db "$T/empty.db" restore "$T/after.db"; expect_rc 2; expect_err "is in use"
kill -TERM "$spid"; wait "$spid"
run --db "$T/empty.db" restore "$T/after.db"; expect_rc 0
[ "$(count pupil "$T/empty.db")" = 600 ] || fail "restore into an empty database"
printf 'not a backup' >"$T/junk.db"
run --db "$T/r3.db" restore "$T/junk.db"; expect_rc 2; expect_err "not a meso backup"
head -c 300000 "$T/after.db" >"$T/cut-plain.db"
run --db "$T/r3.db" restore "$T/cut-plain.db"; expect_rc 2; expect_err "damaged or cut short"
cp "$T/after.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 999"
run --db "$T/r3.db" restore "$T/newer.db"; expect_rc 2; expect_err "newer version of meso"
[ ! -e "$T/r3.db" ] || fail "a database was made from a refused backup"

case_ "serve --backup-dir takes a backup soon after it starts and keeps the newest N"
mkdir "$T/daily"
for d in 20240101 20240102 20240103; do echo old >"$T/daily/meso-$d-020000Z.db"; done
echo mine >"$T/daily/notes.txt"
echo stale >"$T/daily/.meso-20240104-020000Z.db.partial-999999"
"$MESO" serve --listen 127.0.0.1:0 --quiet --backup-dir "$T/daily" --backup-keep 2 \
    --backup-key-file "$T/backup.key" >"$T/serve.out" 2>&1 &
spid=$!
for _ in $(seq 300); do ls "$T/daily" | grep -q 'sealed$' && break; sleep 0.1; done
sleep 0.5
kill -TERM "$spid"; wait "$spid"
grep -q "Backed up to $T/daily/meso-" "$T/serve.out" || fail "serve did not say it backed up"
! grep -q -E 'AddressSanitizer|runtime error:|LeakSanitizer' "$T/serve.out" "$T/serve0.out" ||
    fail "a sanitizer report from serve: $(cat "$T/serve.out")"
got=$(ls -a "$T/daily" | grep -v '^\.\.\?$' | tr '\n' ' ')
[[ "$got" == "meso-20240103-020000Z.db meso-"*"Z.db.sealed notes.txt " ]] ||
    fail "the backup folder holds: $got"
new=$(ls "$T/daily" | grep sealed)
run --db "$T/r4.db" restore "$T/daily/$new" --key-file "$T/backup.key"; expect_rc 0
run serve --backup-dir "$T/nofolder"; expect_rc 1; expect_err "is not a folder"
run serve --backup-keep 3; expect_rc 1; expect_err "go with --backup-dir"
done_
