#!/usr/bin/env bash
# The MIS export as it comes (issue 11): the SIMS- and Arbor-shaped fixtures
# in tests/fixtures import through the real binary, with census need names,
# SEN statuses, "Male"/"Year 3", Windows-1252, carers from the contact
# columns, parental responsibility "not recorded", classes, and a missing
# column reported once.
source "$(dirname "$0")/lib.sh"
FX="$(cd "$HERE/../fixtures" && pwd)"

"$MESO" init --school-urn 123456 --school-name "Hillside Primary" >/dev/null 2>&1

case_ "the Arbor-shaped export: need names, SEN statuses, Year 3, carers without parental responsibility"
run import pupils "$FX/arbor_students.csv"; expect_rc 0
expect_out "20 rows: pupils 20 added, 0 updated, 0 unchanged; carers 26 added"
expect_out "6 new classes"
expect_sql "SELECT sen_provision || '|' || sen_primary_need || '|' || nc_year || '|' || sex FROM pupil WHERE legal_surname = 'Okafor'" "E|ASD|3|M"
expect_sql "SELECT sen_provision || '|' || sen_primary_need FROM pupil WHERE legal_forename = 'Isla'" "K|SEMH"
expect_sql "SELECT count(*) FROM pupil_carer WHERE parental_responsibility IS NULL" "32"
expect_sql "SELECT count(*) FROM pupil_carer WHERE parental_responsibility = 0" "0"
expect_sql "SELECT title || '|' || forename || '|' || surname FROM carer WHERE email = 'nasima.rahman@example.org'" "Mrs|Nasima|Rahman"
upn=$(sql "SELECT upn FROM pupil WHERE legal_forename = 'Aisha'")
run pupils show "$upn"; expect_rc 0; expect_out "Nasima Rahman, mother, parental responsibility not recorded"

case_ "the SIMS-shaped export: parental responsibility recorded where it says, the same carers recognised"
run import pupils "$FX/sims_pupils.csv"; expect_rc 0
expect_out "pupils 10 added, 20 updated, 0 unchanged"
expect_err "note: ignoring columns meso does not use: Adno"
expect_sql "SELECT count(*) FROM pupil_carer WHERE parental_responsibility IS NULL" "0"
expect_sql "SELECT count(*) FROM pupil_carer l JOIN carer c ON c.id = l.carer_id WHERE c.forename = 'Linda' AND l.parental_responsibility = 0" "2"
expect_sql "SELECT count(*) FROM carer WHERE email = 'nasima.rahman@example.org'" "1"
run import pupils "$FX/sims_pupils.csv"; expect_rc 0
expect_out "pupils 0 added, 0 updated, 30 unchanged; carers 0 added, 0 updated"
run import pupils "$FX/arbor_students.csv"; expect_rc 0
expect_out "pupils 0 added, 0 updated, 20 unchanged"
expect_sql "SELECT count(*) FROM pupil_carer WHERE parental_responsibility IS NULL" "0"

case_ "a Windows-1252 file (Excel's CSV) is converted, with a note"
run import pupils "$FX/sims_pupils_excel.csv"; expect_rc 0
expect_err "note: the file is not UTF-8; it was read as Windows-1252"
expect_sql "SELECT legal_forename FROM pupil WHERE legal_surname = 'van der Berg'" "Lily-Zoë"
expect_sql "SELECT legal_surname FROM pupil WHERE legal_forename = 'Grace'" "O’Neill"
printf 'UPN,Surname,Forename,DOB,Sex\nE999200119001,Ab\x81c,Aisha,2018-10-03,F\n' > "$T/bad.csv"
run import pupils "$T/bad.csv"; expect_rc 2
expect_err "bad.csv:2: Surname: this text is neither UTF-8 nor Windows-1252"

case_ "a missing column is one message, however many rows"
run import pupils "$FX/sims_pupils_one_problem.csv"; expect_rc 2
expect_err "sims_pupils_one_problem.csv:1: UPN: required column is missing"
expect_err "1 problem found"
printf 'UPN,Surname,Forename,DOB,Sex,Contact 1 Name,Contact 1 Mobile\nE999200119001,Rahman,Aisha,2018-10-03,F,Mrs Nasima Rahman,07700 900101\nU999200119002,Rahman,Yusuf,2016-05-21,M,Mrs Nasima Rahman,07700 900101\nC999200119003,Bennett,Oliver,2018-12-11,M,Ms Claire Bennett,07700 900103\n' > "$T/norel.csv"
run import pupils "$T/norel.csv"; expect_rc 2
expect_err "norel.csv:1: Contact 1 Relationship: this column is missing"
[ "$(grep -c 'norel.csv:' <<<"$ERR")" -le 3 ] || fail "one message per missing column, not one per row: $ERR"
printf 'UPN,Surname,Forename\nE999200119001,Rahman,Aisha\nU999200119002,Rahman,Yusuf\n' > "$T/nocarers.csv"
run import carers "$T/nocarers.csv"; expect_rc 2
expect_err "nocarers.csv:1: Relationship: this column is missing"
expect_err "from a pupil export's contact columns (Contact 1 Name"
[ "$(grep -c 'nocarers.csv:[0-9]' <<<"$ERR")" = 1 ] || fail "one message, not one per row: $ERR"

case_ "the pupil export imported as carers reads its contact columns"
run import carers "$FX/sims_pupils.csv"; expect_rc 0
expect_out "carers 0 added, 0 updated, 38 unchanged; links to pupils 0 added, 0 updated, 46 unchanged"

done_
