#!/usr/bin/env bash
# The Common Transfer File (docs/ctf.md): a demo pupil on SEN support with
# carers goes out and comes back into a fresh database with the same UPN, SEN
# history, needs, FSM periods and carers with parental responsibility;
# fixtures in the shapes MIS vendors write are read (one with a block meso
# does not know); malformed XML and a wrong UPN check letter are refused with
# the element path, and nothing is imported.
source "$(dirname "$0")/lib.sh"
FIX="$HERE/../fixtures/ctf"
NEXT="$T/next.db"

run demo; expect_rc 0
P=$(sql "SELECT p.upn FROM pupil p WHERE p.sen_provision = 'K'
  AND EXISTS (SELECT 1 FROM fsm_period f WHERE f.pupil_id = p.id)
  AND (SELECT count(*) FROM pupil_carer c WHERE c.pupil_id = p.id) >= 2 ORDER BY p.id LIMIT 1")
[ -n "$P" ] || fail "no demo pupil on SEN support with FSM and two carers"
PID=$(sql "SELECT id FROM pupil WHERE upn = '$P'")
# A longer history than the demo's: an earlier SEN record and a closed FSM period.
# (In date order, so the source stays as meso check wants it.)
sqlite3 "$MESO_DB" "CREATE TEMP TABLE keep AS SELECT * FROM sen_history WHERE pupil_id = $PID;
  DELETE FROM sen_history WHERE pupil_id = $PID;
  INSERT INTO sen_history (pupil_id, provision, primary_need, effective_date, source)
    VALUES ($PID, 'K', 'SEMH', '2022-09-05', 'test');
  INSERT INTO sen_history (pupil_id, provision, primary_need, secondary_need, effective_date, source)
    SELECT pupil_id, provision, primary_need, secondary_need, effective_date, source FROM keep;
  INSERT INTO fsm_period (pupil_id, start_date, end_date) VALUES ($PID, '2019-01-07', '2020-07-24');"
run check; expect_rc 0; expect_out "healthy"

# What must match, from either database.
sen_of() { sqlite3 -readonly "$1" "SELECT h.effective_date, h.provision, coalesce(h.primary_need, ''),
    coalesce(h.secondary_need, '') FROM sen_history h JOIN pupil p ON p.id = h.pupil_id
    WHERE p.upn = '$P' ORDER BY h.effective_date, h.provision"; }
fsm_of() { sqlite3 -readonly "$1" "SELECT f.start_date, coalesce(f.end_date, '') FROM fsm_period f
    JOIN pupil p ON p.id = f.pupil_id WHERE p.upn = '$P' ORDER BY f.start_date"; }
carers_of() { sqlite3 -readonly "$1" "SELECT c.surname, coalesce(c.forename, ''), l.relationship,
    l.parental_responsibility FROM carer c JOIN pupil_carer l ON l.carer_id = c.id
    JOIN pupil p ON p.id = l.pupil_id WHERE p.upn = '$P' ORDER BY c.surname, c.forename"; }
basic_of() { sqlite3 -readonly "$1" "SELECT upn, legal_surname, legal_forename, dob, sex, nc_year,
    sen_provision, coalesce(sen_primary_need, ''), coalesce(sen_secondary_need, '')
    FROM pupil WHERE upn = '$P'"; }

case_ "a round trip keeps the UPN, SEN history, needs, FSM periods and carers"
{
    run export ctf "$P" --to 123456 --out "$T/out.xml"; expect_rc 0; expect_err "Wrote"
    grep -q "<UPN>$P</UPN>" "$T/out.xml" || fail "the file lacks the UPN"
    grep -q "<URN>123456</URN>" "$T/out.xml" || fail "the file lacks the destination"
    expect_sql "SELECT count(*) FROM audit WHERE action = 'export' AND pupil_id = $PID" 1
    run --db "$NEXT" init --school-urn 123456 --school-name "Next School"; expect_rc 0
    run --db "$NEXT" import ctf "$T/out.xml"; expect_rc 0; expect_out "1 pupil added"
    expect_no_err "addressed to school"
    run --db "$T/elsewhere.db" init --school-urn 654321 --school-name "Elsewhere"; expect_rc 0
    run --db "$T/elsewhere.db" import ctf "$T/out.xml"; expect_rc 0
    expect_err "addressed to school 123456, not this school (654321)"
    for what in basic sen fsm carers; do
        a=$("${what}_of" "$MESO_DB"); b=$("${what}_of" "$NEXT")
        [ -n "$a" ] || fail "$what: nothing to compare"
        [ "$a" = "$b" ] || fail "$what differs: sent '$a', received '$b'"
    done
    [ "$(sen_of "$NEXT" | wc -l)" -ge 2 ] || fail "the SEN history came back short"
    [ "$(carers_of "$NEXT" | grep -c '|1$')" -ge 1 ] || fail "no carer with parental responsibility"
    run --db "$NEXT" check; expect_rc 0; expect_out "healthy"
    case_ "importing the same file again changes nothing but says the pupil was matched"
    before=$(sqlite3 -readonly "$NEXT" .dump | grep -v '^INSERT INTO audit' | sha256sum)
    run --db "$NEXT" import ctf "$T/out.xml"; expect_rc 0; expect_out "0 pupils added, 1 updated, 0 carers added"
    after=$(sqlite3 -readonly "$NEXT" .dump | grep -v '^INSERT INTO audit' | sed 's/updated_at[^,]*//' | sha256sum)
    [ "$(sen_of "$NEXT" | wc -l)" = "$(sen_of "$MESO_DB" | wc -l)" ] || fail "SEN history doubled"
    [ "$(fsm_of "$NEXT" | wc -l)" = "$(fsm_of "$MESO_DB" | wc -l)" ] || fail "FSM periods doubled"
    [ "$(carers_of "$NEXT" | wc -l)" = "$(carers_of "$MESO_DB" | wc -l)" ] || fail "carers doubled"
}

case_ "files in the shapes MIS vendors write"
R="$T/vendors.db"
run --db "$R" init --school-urn 999002 --school-name "Valley Junior"; expect_rc 0
run --db "$R" import ctf "$FIX/mis-a-namespaced.xml"; expect_rc 0; expect_out "1 pupil added"
run --db "$R" import ctf "$FIX/mis-b-prefixed.xml"; expect_rc 0; expect_out "2 pupils added"
run --db "$R" import ctf "$FIX/mis-c-unknown-block.xml"; expect_rc 0; expect_out "1 updated"
expect_err "Pupil[1]/VendorWellbeingNotes[1]: not read"
[ "$(sqlite3 "$R" "SELECT sen_provision || sen_primary_need || sen_secondary_need FROM pupil WHERE upn = 'R999200120001'")" = ESLCNSEMH ] ||
    fail "the latest SEN record is not the current one"
[ "$(sqlite3 "$R" "SELECT count(*) FROM fsm_period f JOIN pupil p ON p.id = f.pupil_id WHERE p.upn = 'R999200120001'")" = 2 ] ||
    fail "FSM periods from two files"
[ "$(sqlite3 "$R" "SELECT l.relationship || l.parental_responsibility FROM pupil_carer l JOIN pupil p ON p.id = l.pupil_id WHERE p.upn = 'F999200120002'")" = father1 ] ||
    fail "PAF with responsibility 1"
# In the shapes we understand SIMS, Arbor and Bromcom to write (synthetic).
run --db "$R" import ctf "$FIX/sims-style.xml"; expect_rc 0; expect_out "1 pupil added"
expect_out "attendance by year of 1 pupil kept as history"
expect_no_err "not read"
[ "$(sqlite3 "$R" "SELECT c.address_line1 || '|' || c.address_line2 || '|' || c.town || '|' || c.postcode FROM carer c
    JOIN pupil_carer l ON l.carer_id = c.id JOIN pupil p ON p.id = l.pupil_id WHERE p.upn = 'P999200520011'")" = \
    "Flat 2, 14 Mill Road|Castle Green|Testbridge|ZZ99 5AB" ] || fail "a BS7666 address was not read"
# The CTF's attendance by year: kept as history from that school, with its percentage.
ATT=$(sqlite3 "$R" "SELECT h.from_urn || ' ' || h.record FROM transfer_history h JOIN pupil p ON p.id = h.pupil_id
    WHERE p.upn = 'P999200520011'")
grep -qF '999005 {"format": "ctf-attendance 1"' <<<"$ATT" || fail "attendance not kept: $ATT"
grep -qF '"year": 2024, "sessions_possible": 380, "authorised_absences": 12, "unauthorised_absences": 4, "attendance_percent": 95.8' \
    <<<"$ATT" || fail "attendance 2024: $ATT"
run --db "$R" import ctf "$FIX/sims-style.xml"; expect_rc 0; expect_out "1 updated"
[ "$(sqlite3 "$R" "SELECT count(*) FROM transfer_history h JOIN pupil p ON p.id = h.pupil_id WHERE p.upn = 'P999200520011'")" = 1 ] ||
    fail "the same file read twice kept its attendance twice"
run --db "$R" import ctf "$FIX/arbor-style.xml"; expect_rc 0; expect_out "1 pupil added"
expect_no_err "not read"
[ "$(sqlite3 "$R" "SELECT sex || nc_year || sen_provision || sen_primary_need FROM pupil WHERE upn = 'L999200620021'")" = MRKSEMH ] ||
    fail "Gender, R, SENtype were not read"
run --db "$R" import ctf "$FIX/bromcom-style.xml"; expect_rc 0; expect_out "2 pupils added"
expect_err "/CTfile/SupplierExtras[1]: not read (meso does not hold it)"
[ "$(sqlite3 "$R" "SELECT legal_forename || ' ' || legal_surname || ' ' || sen_provision || sen_primary_need || sen_secondary_need
    FROM pupil WHERE upn = 'H999200720031'")" = "Inés García EASDSLCN" ] || fail "Windows-1252 names or the EHC plan were not read"
[ "$(sqlite3 "$R" "SELECT count(*) FROM pupil_carer l JOIN pupil p ON p.id = l.pupil_id WHERE p.upn = 'H999200720031'
    AND l.parental_responsibility = 1")" = 1 ] || fail "responsibility true/false"
run --db "$R" check; expect_rc 0; expect_out "healthy"

case_ "malformed XML and a wrong check letter are refused with their place"
printf '<?xml version="1.0"?>\n<CTfile>\n  <Header>\n</CTfile>\n' >"$T/bad.xml"
run --db "$R" import ctf "$T/bad.xml"; expect_rc 2; expect_err "bad.xml:"; expect_err "the XML is not well formed"
sed 's/<UPN>F999200120002</<UPN>G999200120002</' "$FIX/mis-b-prefixed.xml" | sed 's/ctf:UPN>F999/ctf:UPN>G999/g' >"$T/wrong.xml"
sed -i 's/<ctf:Surname>Hughes<\/ctf:Surname>//' "$T/wrong.xml"
before=$(sqlite3 "$R" "SELECT count(*) FROM pupil; SELECT count(*) FROM carer; SELECT count(*) FROM sen_history")
run --db "$R" import ctf "$T/wrong.xml"; expect_rc 2
expect_err "/CTfile/CTFpupilData/Pupil[1]/UPN:"; expect_err "/CTfile/CTFpupilData/Pupil[2]/Surname: this element is missing"
expect_err "nothing was imported"
[ "$(sqlite3 "$R" "SELECT count(*) FROM pupil; SELECT count(*) FROM carer; SELECT count(*) FROM sen_history")" = "$before" ] ||
    fail "a refused file changed the database"
printf '<?xml version="1.0"?><html><body/></html>' >"$T/html.xml"
run --db "$R" import ctf "$T/html.xml"; expect_rc 2; expect_err "is not a Common Transfer File"
run export ctf "$P" --out "$T/x.xml"; expect_rc 1; expect_err "--to URN"
case_ "exports pass meso's reading of the DfE structure (docs/ctf-structure.xsd)"
XSD="$HERE/../../docs/ctf-structure.xsd"
ALL=$(sql "SELECT upn FROM pupil ORDER BY id LIMIT 40" | tr '\n' ' ')
run export ctf $ALL --to 123456 --out "$T/many.xml"; expect_rc 0
xmllint --noout --schema "$XSD" "$T/many.xml" 2>"$T/xsd.err" || fail "the export does not validate: $(head -3 "$T/xsd.err")"
xmllint --noout --schema "$XSD" "$T/out.xml" 2>"$T/xsd.err" || fail "out.xml does not validate: $(head -3 "$T/xsd.err")"

case_ "meso's own record goes only with the family's agreement, and comes back as history"
Q=$(sql "SELECT p.upn FROM pupil p WHERE EXISTS (SELECT 1 FROM conversation c WHERE c.pupil_id = p.id
  AND c.shared_on IS NOT NULL) AND EXISTS (SELECT 1 FROM conversation c WHERE c.pupil_id = p.id
  AND c.shared_on IS NULL) AND EXISTS (SELECT 1 FROM enrolment e WHERE e.pupil_id = p.id)
  AND EXISTS (SELECT 1 FROM assessment a WHERE a.pupil_id = p.id) ORDER BY p.id LIMIT 1")
[ -n "$Q" ] || fail "no demo pupil with shared and unshared conversations, provision and measures"
QID=$(sql "SELECT id FROM pupil WHERE upn = '$Q'")
QCAR=$(sql "SELECT carer_id FROM pupil_carer WHERE pupil_id = $QID ORDER BY carer_id LIMIT 1")
exports_before=$(sql "SELECT count(*) FROM audit WHERE action = 'export' AND pupil_id = $QID")
# Refused without the family's agreement: nothing written, nothing sent.
run export ctf "$Q" --to 123456 --out "$T/m.xml" --with-meso-record; expect_rc 2
expect_err "$Q: the family's agreement to send meso's record is not recorded"
expect_err "nothing was written"
[ ! -e "$T/m.xml" ] || fail "a file was written without the family's agreement"
expect_sql "SELECT count(*) FROM audit WHERE action = 'export' AND pupil_id = $QID" "$exports_before"
# Recording the agreement: a bad day and a missing 'how' are refused.
run transfer consent "$Q" --how "signed form" --on "$(date -d "+40 days" +%F)"; expect_rc 2; expect_err "--on: the day is in the future"
run transfer consent "$Q"; expect_rc 2; expect_err "--how"
run transfer consent "$Q" --carer 999999 --how "signed form"; expect_rc 2; expect_err "not one of the child's carers"
run transfer consent "$Q" --carer "$QCAR" --how "signed form at the review meeting" --on 2026-11-02; expect_rc 0
expect_sql "SELECT count(*) FROM audit WHERE action = 'consent' AND entity = 'transfer' AND pupil_id = $QID" 1
run export ctf "$Q" --to 123456 --out "$T/m.xml" --with-meso-record; expect_rc 0; expect_err "with meso's record"
grep -q '<MesoTransfer xmlns="urn:x-meso:transfer:1">' "$T/m.xml" || fail "no MesoTransfer block"
xmllint --noout --schema "$XSD" "$T/m.xml" 2>"$T/xsd.err" || fail "m.xml does not validate: $(head -3 "$T/xsd.err")"
# The record holds the shared conversations only, never contacts or the audit trail.
xmllint --xpath 'string(//*[local-name()="Data"])' "$T/m.xml" >"$T/m.json"
jq() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$T/m.json" "$1"; }
[ "$(jq "len(d['conversations'])")" = "$(sql "SELECT count(*) FROM conversation WHERE pupil_id = $QID AND shared_on IS NOT NULL")" ] ||
    fail "the record does not hold exactly the shared conversations"
[ "$(jq "all(c['shared'] for c in d['conversations'])")" = True ] || fail "an unshared conversation went"
[ "$(jq "'contacts' in d or 'audit' in d or 'stories' in d")" = False ] || fail "contacts, stories or the audit trail went"
[ "$(jq "len(d['provision']['provisions'])")" = "$(sql "SELECT count(*) FROM enrolment WHERE pupil_id = $QID")" ] ||
    fail "provision: not every one went"
[ "$(jq "len(d['assessments'])")" = "$(sql "SELECT count(*) FROM assessment WHERE pupil_id = $QID")" ] ||
    fail "measures: not every one went"
[ "$(jq "d['consent']")" = "$(xmllint --xpath 'string(//*[local-name()="Consent"])' "$T/m.xml")" ] || fail "consent differs"
grep -qF "signed form at the review meeting" "$T/m.xml" || fail "the agreement is not in the file"
UNSH=$(sql "SELECT coalesce(concerns, going_well) FROM conversation WHERE pupil_id = $QID AND shared_on IS NULL
  AND coalesce(concerns, going_well) IS NOT NULL ORDER BY id LIMIT 1")
# Into a fresh database: the pupil, and meso's record kept as history.
M2="$T/meso2.db"
run --db "$M2" init --school-urn 123456 --school-name "Next School"; expect_rc 0
run --db "$M2" import ctf "$T/m.xml"; expect_rc 0; expect_out "1 pupil added"
expect_out "meso's record of 1 pupil kept as history from that school"
expect_no_err "not read"
SRC_URN=$(sql "SELECT urn FROM school ORDER BY id LIMIT 1")
[ "$(sqlite3 "$M2" "SELECT h.from_urn FROM transfer_history h JOIN pupil p ON p.id = h.pupil_id WHERE p.upn = '$Q'")" = "$SRC_URN" ] ||
    fail "the history does not name the previous school"
[ "$(sqlite3 "$M2" "SELECT count(*) FROM audit WHERE action = 'receive' AND entity = 'transfer_history'")" = 1 ] ||
    fail "receiving is not audited"
sqlite3 "$M2" "SELECT record FROM transfer_history" >"$T/m2.json"
cmp -s <(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$T/m.json") \
       <(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), sort_keys=True))' "$T/m2.json") ||
    fail "the record received differs from the record sent"
# Received as history only: the next school's own conversations are untouched.
[ "$(sqlite3 "$M2" "SELECT count(*) FROM conversation")" = 0 ] || fail "history became the school's own records"
# A record for a pupil not in the file, and one that is not JSON: refused with the place.
sed "s/upn=\"$Q\"/upn=\"A999999999999\"/" "$T/m.xml" >"$T/m-other.xml"
run --db "$T/m3.db" init --school-urn 123456 --school-name "Third"; expect_rc 0
run --db "$T/m3.db" import ctf "$T/m-other.xml"; expect_rc 2
expect_err "/CTfile/MesoTransfer[1]/Record[1]/@upn: no pupil with UPN A999999999999 in this file"
python3 - "$T/m.xml" "$T/m-bad.xml" <<'PY'
import re, sys
x = open(sys.argv[1]).read()
open(sys.argv[2], 'w').write(re.sub(r'<Data>.*?</Data>', '<Data>{not json</Data>', x, flags=re.S))
PY
run --db "$T/m3.db" import ctf "$T/m-bad.xml"; expect_rc 2
expect_err "/CTfile/MesoTransfer[1]/Record[1]/Data: meso's record is not a JSON object"
[ "$(sqlite3 "$T/m3.db" "SELECT count(*) FROM pupil WHERE upn = '$Q'")" = 0 ] || fail "a refused file added the pupil"

done_
