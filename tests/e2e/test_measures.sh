#!/usr/bin/env bash
# Wellbeing measures and outcomes through the real binary: importing
# questionnaires and the other outcomes (exit codes, every problem with its
# place, nothing written when invalid, idempotent), recording one from the
# command line, reliable change, `meso report screening --json` and its keys,
# the audit trail, and the demo's screening reproducible from its seed.
source "$(dirname "$0")/lib.sh"
export MESO_TODAY=2026-06-15

"$MESO" init --school-urn 123456 --school-name "Hillside Primary" >/dev/null 2>&1
cat > "$T/pupils.csv" <<CSV
UPN,Legal Surname,Legal Forename,DOB,Gender,Year Group
$UPN1,Khan,Aisha,14/03/2018,F,2
$UPN2,Smith,Oliver,2017-11-02,M,2
$UPN3,Nowak,Jakub,2018-09-01,M,2
CSV
"$MESO" import pupils "$T/pupils.csv" >/dev/null 2>&1 || fail "pupils did not import"

# Teacher SDQs, by item number: FIRST totals 12 (emotional 5, high), SECOND
# totals 19 (very high), CALM has no difficulties.
FIRST=2,2,2,2,1,0,2,2,2,2,2,0,1,2,2,0,2,0,0,2,2,0,0,0,2
SECOND=2,2,2,2,1,2,2,2,2,2,2,0,2,2,2,2,2,0,0,2,0,0,0,0,2
CALM=2,0,0,2,0,0,2,0,2,0,2,0,0,2,0,0,2,0,0,2,2,0,0,0,2
header="UPN,Date,Informant"
for i in $(seq 1 25); do header="$header,Item $i"; done
header="$header,Impact 1,Impact 2,Impact 3,Impact 4,Class"
{
    echo "$header"
    echo "$UPN1,2025-10-01,teacher,$FIRST,1,2,1,0,2K"
    echo "$UPN2,01/10/2025,Teacher,$SECOND,,,,,2K"
    echo "$UPN3,2025-10-01,T,$CALM,0,,,,2N"
} > "$T/sdq.csv"

case_ "a class's questionnaires are imported, scored and stored with their version"
run import assessments "$T/sdq.csv"; expect_rc 0
expect_out "3 rows: assessments 3 added, 0 updated, 0 unchanged"
expect_err "note: ignoring columns meso does not use: Class"
expect_sql "SELECT count(*) FROM assessment WHERE instrument = 'sdq-teacher-4-17' AND version = '2'" "3"
expect_sql "SELECT s.value FROM assessment_score s JOIN assessment a ON a.id = s.assessment_id JOIN pupil p ON p.id = a.pupil_id WHERE p.upn = '$UPN2' AND s.score = 'total'" "19"
expect_sql "SELECT b.band FROM assessment_band b JOIN assessment a ON a.id = b.assessment_id JOIN pupil p ON p.id = a.pupil_id WHERE p.upn = '$UPN1' AND b.scheme = 'four_band' AND b.score = 'emotional'" "high"
expect_sql "SELECT kind || ' ' || added FROM measure_import_run" "assessments 3"

case_ "importing the same file again changes nothing"
before=$(dbsum)
run import assessments "$T/sdq.csv"; expect_rc 0; expect_out "0 added, 0 updated, 3 unchanged"
expect_sql "SELECT count(*) FROM assessment" "3"

case_ "an invalid file reports every problem with its place and writes nothing"
cat > "$T/bad.csv" <<CSV
UPN,Date,Informant,Responses
E999200120009,2026-01-10,teacher,"$FIRST"
$UPN1,2027-01-01,teacher,"$FIRST"
$UPN2,2026-01-10,teacher,"3,$FIRST"
$UPN3,2026-01-10,self,"$FIRST"
$UPN1,2026-02-10,parent,"$FIRST"
$UPN1,10/02/2026,parent,"$SECOND"
CSV
before=$(dbsum)
run import assessments "$T/bad.csv"; expect_rc 2
expect_err "bad.csv:2: UPN: no pupil at this school has the UPN E999200120009 (import pupils first)"
expect_err "bad.csv:3: Date: 2027-01-01 is in the future"
expect_err "bad.csv:4: Responses: expected 25 responses, got 26"
expect_err "bad.csv:5: Informant: the self-report SDQ is for ages 11 to 17 (got 7)"
expect_err "bad.csv:7: UPN: line 6 already has the same pupil, measure, informant and date"
expect_err "5 problems found; nothing was imported"
[ "$(dbsum)" = "$before" ] || fail "the database changed after an invalid import"
run import assessments "$T/bad.csv" --dry-run --skip-invalid; expect_rc 0
expect_out "Checked (nothing written)"
[ "$(dbsum)" = "$before" ] || fail "--dry-run wrote"
run import assessments "$T/bad.csv" --skip-invalid; expect_rc 0
expect_out "assessments 1 added"; expect_out "5 invalid rows skipped"
expect_sql "SELECT count(*) FROM assessment WHERE instrument = 'sdq-parent-4-17'" "1"
run import assessments --columns; expect_rc 0; expect_out "Informant: also Respondent"
expect_out "Item 1, Item 2, ...: one column per item"

case_ "a questionnaire recorded on the command line, and reliable change"
run assessment add "$UPN1" "$SECOND" --informant teacher --date 2026-03-02 --json; expect_rc 0
expect_out '"version": "2"'; expect_out '"total": 19'; expect_out '"source": "cli"'
run assessment add "$UPN1" "0,1,2" --informant teacher --date 2026-03-03; expect_rc 2
expect_err "expected 25 responses, got 3"
run assessment add "$UPN1" "$FIRST" --informant teacher --date 2030-01-01; expect_rc 2
run assessment list "$UPN1"; expect_rc 0; expect_out "sdq-teacher-4-17"
first=$(sql "SELECT a.id FROM assessment a JOIN pupil p ON p.id = a.pupil_id WHERE p.upn = '$UPN1' AND a.assessed_on = '2025-10-01'")
later=$(sql "SELECT a.id FROM assessment a JOIN pupil p ON p.id = a.pupil_id WHERE p.upn = '$UPN1' AND a.assessed_on = '2026-03-02'")
run assessment change "$first" "$later"; expect_rc 0
expect_out "no reliability figures"; expect_out "meso reliability set sdq-teacher-4-17"
run reliability set sdq-teacher-4-17 total --retest-r 0.8 --sd 5 --source "our 2024 figures"; expect_rc 0
run reliability set sdq-teacher-4-17 total --retest-r 1.2 --sd 5 --source x; expect_rc 2
run assessment change "$later" "$first" --json; expect_rc 0
expect_out '"rci": 2.214'; expect_out '"result": "reliable deterioration"'
expect_out '"source": "our 2024 figures"'
parent=$(sql "SELECT id FROM assessment WHERE informant = 'parent'")
run assessment change "$first" "$parent"; expect_rc 2; expect_err "same measure"

case_ "meso report screening --json"
run report screening --year-group 2 --year 2025 --json; expect_rc 0
echo "$OUT" > "$T/screening.json"
python3 - "$T/screening.json" <<'PY' || fail "screening JSON: unexpected figures"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["year_group"] == "2" and d["school_year"] == 2025 and d["school_year_label"] == "2025-26", d
assert d["measure"] == "sdq-teacher-4-17" and d["scheme"] == "four_band" and d["class"] is None
assert (d["pupils"], d["assessed"], d["not_assessed"]) == (3, 3, 0), d
scores = {s["score"]: s for s in d["scores"]}
assert list(scores) == ["emotional", "conduct", "hyperactivity", "peer", "prosocial", "total"], list(scores)
t = scores["total"]
assert t["n"] == 3 and t["outcome"] is None
bands = {b["band"]: (b["level"], b["count"], b["share"]) for b in t["bands"]}
# UPN1's latest is SECOND (19): very high; UPN2 19 very high; UPN3 0.
assert bands == {"close to average": (0, 1, 0.3333), "slightly raised": (1, 0, 0.0),
                 "high": (2, 0, 0.0), "very high": (3, 2, 0.6667)}, bands
assert scores["emotional"]["outcome"] == "emotional"
fu = {f["upn"]: f for f in d["follow_up"]}
assert sorted(fu) == ["F999200120002", "R999200120001"], fu
assert fu["R999200120001"]["assessed_on"] == "2026-03-02"
flags = [(s["score"], s["value"], s["band"], s["level"]) for s in fu["R999200120001"]["scores"]]
assert ("total", 19, "very high", 3) in flags and ("emotional", 8, "very high", 3) in flags, flags
assert d["not_assessed_pupils"] == []
PY
run report screening --year-group 2 --year 2024; expect_rc 0; expect_out "3 pupils: 0 assessed"
run report screening --year-group 2 --year 2025 --informant parent --json; expect_rc 0
expect_out '"measure": "sdq-parent-4-17"'; expect_out '"assessed": 1'
run report screening; expect_rc 1; expect_err "needs --year-group"
run report screening --year-group 2 --measure nope; expect_rc 2
expect_sql "SELECT count(*) FROM audit WHERE entity = 'screening' AND action = 'view'" "3"

case_ "the other outcomes are imported and listed"
cat > "$T/attainment.csv" <<CSV
UPN,Subject,Term,School Year,Result,Target
$UPN1,Reading,Autumn,2025-26,EXS,EXS
$UPN1,Maths,Spring 2026,,WTS,EXS
CSV
run import attainment "$T/attainment.csv"; expect_rc 0; expect_out "attainment 2 added"
run import attainment "$T/attainment.csv"; expect_rc 0; expect_out "2 unchanged"
printf 'UPN,Subject,Term,Result\n%s,Reading,Autumn,EXS\n' "$UPN2" > "$T/att-bad.csv"
run import attainment "$T/att-bad.csv"; expect_rc 2
expect_err "att-bad.csv:2: Term: say which school year"
cat > "$T/attendance.csv" <<CSV
UPN,Term,School Year,Possible Sessions,Attended Sessions
$UPN1,Autumn,2025,140,126
$UPN2,Autumn,2025,140,133
CSV
run import attendance "$T/attendance.csv"; expect_rc 0; expect_out "attendance 2 added"
expect_sql "SELECT CAST(percent * 10 AS INTEGER) FROM attendance a JOIN pupil p ON p.id = a.pupil_id WHERE p.upn = '$UPN1'" "900"
cat > "$T/exclusions.csv" <<CSV
UPN,Category,Start Date,Sessions,Reason 1,Reason 2
$UPN2,FIXD,2026-01-12,2,PA,DM
$UPN3,FIXD,2026-01-13,,VP,
CSV
run import exclusions "$T/exclusions.csv"; expect_rc 2
expect_err "exclusions.csv:3: Sessions: a suspension needs its length in sessions (half days)"
sed -i 's/^\(.*\),FIXD,2026-01-13,,VP,$/\1,FIXD,2026-01-13,1,VP,/' "$T/exclusions.csv"
run import exclusions "$T/exclusions.csv"; expect_rc 0; expect_out "exclusions 2 added"
printf 'UPN,Date,Type\n%s,2026-02-01,cyber\n' "$UPN1" > "$T/bullying.csv"
run import bullying "$T/bullying.csv"; expect_rc 0; expect_out "bullying 1 added"
printf 'UPN,Date,Rater,Rating\n%s,2026-02-01,teacher,4\n%s,2026-02-01,parent,9\n' "$UPN1" "$UPN1" > "$T/rel.csv"
run import relationships "$T/rel.csv"; expect_rc 2; expect_err "rel.csv:3: Rating: '9' is not a rating"
run outcome list "$UPN1" --json; expect_rc 0
expect_out '"subject": "Reading"'; expect_out '"percent": 90.0'; expect_out '"type": "online"'
run outcome list "$UPN2"; expect_rc 0; expect_out "suspension, 2 sessions; reasons PA, DM"
run outcome codes; expect_rc 0; expect_out "to verify"; expect_out "FIXD"
expect_sql "SELECT count(*) FROM audit WHERE entity = 'outcomes' AND action = 'view'" "2"

case_ "a school's own measure is added and recorded"
cat > "$T/our.measure" <<'M'
format meso-measure 1
key our-check
title Our check
version 2026-1
informant self
items 4
codes 0 3
[scale mood]
items 1 2 3 4
min-answered 3
[bands school mood]
band 0 6 fine
band 7 12 talk to us
M
run measure add "$T/our.measure"; expect_rc 0; expect_out "Added Our check (our-check, version 2026-1)"
run measure add "$T/our.measure"; expect_rc 0; expect_out "Already stored"
run measure list; expect_rc 0; expect_out "our-check"; expect_out "sdq-teacher-4-17"
printf 'UPN,Measure,Date,Responses\n%s,our-check,2026-05-01,"3,3,2,1"\n' "$UPN1" > "$T/own.csv"
run import assessments "$T/own.csv"; expect_rc 0
expect_sql "SELECT b.band FROM assessment_band b JOIN assessment a ON a.id = b.assessment_id WHERE a.instrument = 'our-check'" "talk to us"
expect_sql "SELECT version FROM assessment WHERE instrument = 'our-check'" "2026-1"

case_ "the demo's screening is the same for the same seed"
MESO_DB="$T/d1.db" "$MESO_REL" demo --seed 11 >/dev/null 2>&1 || fail "demo failed"
MESO_DB="$T/d2.db" "$MESO_REL" demo --seed 11 >"$T/demo.out" 2>&1 || fail "demo failed"
MESO_DB="$T/d3.db" "$MESO_REL" demo --seed 12 >/dev/null 2>&1 || fail "demo failed"
grep -q "wellbeing questionnaires" "$T/demo.out" || fail "the demo does not say what it made"
q="SELECT group_concat(pupil_id || instrument || assessed_on || responses, ';') FROM (SELECT * FROM assessment ORDER BY id)"
a1=$(sqlite3 -readonly "$T/d1.db" "$q"); a2=$(sqlite3 -readonly "$T/d2.db" "$q"); a3=$(sqlite3 -readonly "$T/d3.db" "$q")
[ -n "$a1" ] && [ "$a1" = "$a2" ] || fail "the same seed gave different questionnaires"
[ "$a1" != "$a3" ] || fail "another seed gave the same questionnaires"
o1=$(sqlite3 -readonly "$T/d1.db" "SELECT (SELECT count(*) FROM attainment) || ',' || (SELECT count(*) FROM attendance) || ',' || (SELECT count(*) FROM relationship_rating)")
o2=$(sqlite3 -readonly "$T/d2.db" "SELECT (SELECT count(*) FROM attainment) || ',' || (SELECT count(*) FROM attendance) || ',' || (SELECT count(*) FROM relationship_rating)")
[ "$o1" = "$o2" ] || fail "the same seed gave different outcomes ($o1, $o2)"
# Some children have more than one teacher SDQ this year, so charts show change.
multi=$(sqlite3 -readonly "$T/d1.db" "SELECT count(*) FROM (SELECT pupil_id FROM assessment WHERE instrument = 'sdq-teacher-4-17' AND assessed_on >= '2025-09-01' GROUP BY pupil_id HAVING count(*) >= 2)")
[ "$multi" -gt 5 ] || fail "too few repeat assessments in the demo ($multi)"
MESO_DB="$T/d1.db" run report screening --year-group 4 --json; expect_rc 0
expect_out '"follow_up": ['

done_
