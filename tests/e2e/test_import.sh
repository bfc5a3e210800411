#!/usr/bin/env bash
# meso import through the real binary: exit codes, messages, database
# contents; invalid files change nothing; a killed import leaves no rows.
source "$(dirname "$0")/lib.sh"

"$MESO" init --school-urn 123456 --school-name "Hillside Primary" >/dev/null 2>&1

cat > "$T/pupils.csv" <<CSV
UPN,Legal Surname,Legal Forename,Preferred Forename,DOB,Gender,Year Group,SEN,Primary Need,FSM,EAL,First Language,CLA,Tutor Group,House
$UPN1,Khan,Aisha,,14/03/2017,F,3,K,SLCN,Y,Y,Urdu,N,3B,Oak
$UPN2,Smith,Oliver,Ollie,2016-11-02,M,4,N,,N,N,English,N,4A,Ash
$UPN3,"Nowak, Jr",Jakub,,2018-09-01,M,R,E,ASD,N,Y,Polish,Y,RW,Oak
CSV

case_ "a good file is imported exactly"
run import pupils "$T/pupils.csv"; expect_rc 0
expect_out "3 rows: pupils 3 added, 0 updated, 0 unchanged"
expect_err "note: ignoring columns meso does not use: House"
expect_sql "SELECT g.name FROM pupil p JOIN reg_group g ON g.id = p.reg_group_id WHERE p.upn = '$UPN1'" "3B"
expect_sql "SELECT legal_surname || '|' || sen_provision || '|' || sen_primary_need || '|' || looked_after FROM pupil WHERE upn = '$UPN3'" "Nowak, Jr|E|ASD|1"
expect_sql "SELECT count(*) FROM fsm_period WHERE end_date IS NULL" "1"
expect_sql "SELECT count(*) FROM sen_history" "2"

case_ "re-importing is idempotent"
run import pupils "$T/pupils.csv"; expect_rc 0; expect_out "0 added, 0 updated, 3 unchanged"
expect_sql "SELECT count(*) FROM sen_history" "2"

case_ "a change of SEN provision is updated and kept in the history"
sed "s/^$UPN1,Khan,Aisha,,14\/03\/2017,F,3,K,/$UPN1,Khan,Aisha,,14\/03\/2017,F,3,E,/" "$T/pupils.csv" > "$T/pupils2.csv"
run import pupils "$T/pupils2.csv"; expect_rc 0; expect_out "0 added, 1 updated, 2 unchanged"
expect_sql "SELECT group_concat(provision, '>') FROM (SELECT h.provision FROM sen_history h JOIN pupil p ON p.id = h.pupil_id WHERE p.upn = '$UPN1' ORDER BY h.id) x" "K>E"
run pupils show "$UPN1" --json; expect_rc 0; expect_out '"provision": "K"'; expect_out '"provision": "E"'
run pupils show "$UPN3"; expect_rc 0; expect_out "(ASD)"

case_ "an invalid file reports every problem and leaves the database exactly as it was"
before=$(dbsum)
cat > "$T/bad.csv" <<CSV
UPN,Surname,Forename,DOB,Sex,Year,SEN,Primary Need,Secondary Need
A999200120009,Jones,Amy,2017-01-01,F,2,N,,
$UPN2,Smith,Oliver,30/02/2016,Q,Year 4,K,SEMH,SEMH
$UPN2,Smith,Oliver,2016-11-02,M,4,N,,
CSV
run import pupils "$T/bad.csv"; expect_rc 2
expect_err "bad.csv:2: UPN: 'A999200120009' is not a valid UPN: the check letter does not match (it should be E)"
expect_err "bad.csv:3: DOB: '30/02/2016' is not a date"
expect_err "bad.csv:3: Sex: 'Q' is not a sex recorded in the census; use M or F"
expect_err "bad.csv:3: Secondary Need: the secondary need is the same as the primary need"
expect_err "bad.csv:4: UPN: $UPN2 also appears on line 3"
expect_err "5 problems found" ; expect_err "nothing was imported"
[ "$(dbsum)" = "$before" ] || fail "the database changed after an invalid import"

case_ "--skip-invalid imports the valid rows and still reports the others"
printf 'UPN,Surname,Forename,DOB,Sex\nE999200120009,Jones,Amy,2017-01-01,F\nnot-a-upn,Lee,Sam,2017-01-01,M\n' > "$T/mixed.csv"
run import pupils "$T/mixed.csv" --skip-invalid; expect_rc 0
expect_err "mixed.csv:3: UPN: 'not-a-upn' is not a valid UPN"
expect_out "1 added"; expect_out "1 invalid row skipped"

case_ "a missing required column, a missing file, an empty file"
printf 'UPN,Forename,DOB,Sex\n' > "$T/nocol.csv"
run import pupils "$T/nocol.csv"; expect_rc 2; expect_err "nocol.csv:1: Surname: required column is missing (accepted names: Surname, Legal Surname"
run import pupils "$T/none.csv"; expect_rc 2; expect_err "none.csv: cannot open"
: > "$T/empty.csv"; run import pupils "$T/empty.csv"; expect_rc 2; expect_err "the file is empty"
run import pupils --columns; expect_rc 0; expect_out "Preferred Forename"

case_ "BOM, CRLF and DD/MM/YYYY from a real-looking export"
printf '\xef\xbb\xbfupn,LEGAL SURNAME,legal forename,Date of Birth,sex,NC Year\r\nP999200120017,Zo\xc3\xab,Ana,01/02/2018,Female,Reception\r\n' > "$T/bom.csv"
run import pupils "$T/bom.csv"; expect_rc 0; expect_out "1 added"
expect_sql "SELECT legal_surname || '|' || dob || '|' || nc_year FROM pupil WHERE upn = 'P999200120017'" "Zoë|2018-02-01|R"

case_ "carers: shared between siblings, linked by UPN, idempotent"
cat > "$T/carers.csv" <<CSV
UPN,Contact Surname,Contact Forename,Relationship,Parental Responsibility,Priority,Lives With,Mobile,Email,Language,Contact Method,Interpreter Needed,Access Needs
$UPN1,Khan,Sadia,Mother,Y,1,Y,07700 900123,sadia@example.org,Urdu,Text,Y,
$UPN2,Smith,Dan,Father,Y,1,Y,07700 900456,,English,Phone,N,Uses a wheelchair
$UPN3,Smith,Dan,Father,Y,2,N,07700 900456,,English,Phone,N,Uses a wheelchair
CSV
run import carers "$T/carers.csv"; expect_rc 0; expect_out "carers 2 added"; expect_out "links to pupils 3 added"
run import carers "$T/carers.csv"; expect_rc 0; expect_out "0 added, 0 updated, 2 unchanged"
run pupils show "$UPN2"; expect_rc 0; expect_out "Dan Smith, father, parental responsibility, lives with pupil"
run pupils show "$UPN2" --json; expect_rc 0; expect_out '"access_needs": "Uses a wheelchair"'

case_ "pupils list filters and JSON"
run pupils list --sen E --json; expect_rc 0; expect_out '"count": 2'
run pupils list --year R; expect_rc 0; expect_out "Reception"; expect_out "2 pupils"
run pupils list --search khan; expect_rc 0; expect_out "$UPN1"; expect_out "1 pupil"
run pupils show A999200120009; expect_rc 1
run pupils show D999200120018; expect_rc 2; expect_err "no pupil with UPN"
expect_sql "SELECT count(*) > 0 FROM audit WHERE action = 'view' AND pupil_id = (SELECT id FROM pupil WHERE upn = '$UPN2')" "1"

case_ "with no school, an import makes a placeholder school and says so"
export MESO_DB="$T/fresh.db"
run import pupils "$T/pupils.csv"; expect_rc 0; expect_err "placeholder school"
run school add --urn 222333 --name "Brookfield Primary"; expect_rc 0; expect_out "placeholder school its details"
expect_sql "SELECT urn || '|' || placeholder || '|' || (SELECT count(*) FROM school) FROM school" "222333|0|1"

case_ "SIGKILL during a large import leaves none of its rows, and check says healthy"
export MESO_DB="$T/kill.db"
"$MESO_REL" init --school-urn 123456 --school-name "Hillside Primary" >/dev/null
awk -v n=300000 -f "$HERE/gen_pupils.awk" > "$T/big.csv"
killed=0
for attempt in 1 2 3; do
    rm -f "$MESO_DB-wal"
    "$MESO_REL" import pupils "$T/big.csv" >/dev/null 2>&1 &
    pid=$!
    # Wait until the import is writing (its WAL grows), then kill it.
    for _ in $(seq 1 400); do
        sz=$(stat -c %s "$MESO_DB-wal" 2>/dev/null || echo 0)
        [ "$sz" -gt 4000000 ] && break
        sleep 0.01
    done
    if kill -KILL "$pid" 2>/dev/null; then killed=1; wait "$pid" 2>/dev/null; break; fi
    wait "$pid" 2>/dev/null
    "$MESO_REL" --db "$MESO_DB" init >/dev/null; sqlite3 "$MESO_DB" "DELETE FROM sen_history; DELETE FROM fsm_period; DELETE FROM pupil;" 2>/dev/null
done
[ "$killed" = 1 ] || fail "the import finished before it could be killed"
expect_sql "SELECT count(*) FROM pupil" "0"
expect_sql "SELECT count(*) FROM import_run" "0"
run check; expect_rc 0; expect_out "healthy"
done_
