#!/usr/bin/env bash
# `meso sar` on the demo: a subject access request for a child with stories,
# measures and provision, and for one with an unshared conversation and a
# carer's own records. Each section of sar.json is counted against the
# database, the audit trail and the export's own audit row are checked, the
# PDF's text holds the child's name and dates in words, and bad input (an
# unknown UPN, a folder that already holds an export) exits 2 with a message.
source "$(dirname "$0")/lib.sh"
# The PDF draws with pango: fontconfig's one-off cache is not a leak
# (tests/e2e/lsan-fontconfig.supp says why).
export LSAN_OPTIONS="suppressions=$HERE/lsan-fontconfig.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

"$MESO_REL" --db "$MESO_DB" demo --seed 5 >/dev/null 2>&1 || fail "demo"

# jn FILE EXPR: a value from a JSON file (python's view of it).
jn() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
expect_jn() { local got; got=$(jn "$1" "$2"); [ "$got" = "$3" ] || fail "$2 is '$got', want '$3'"; }

case_ "a child with stories, measures and provision"
UPN=$(sql "SELECT p.upn FROM pupil p JOIN enrolment e ON e.pupil_id = p.id JOIN story s
           ON s.enrolment_id = e.id GROUP BY p.upn ORDER BY count(*) DESC, p.upn LIMIT 1")
PID=$(sql "SELECT id FROM pupil WHERE upn = '$UPN'")
[ -n "$PID" ] || fail "the demo has no child with stories"
run sar "$UPN" --out "$T/a"; expect_rc 0; expect_out "Wrote"
J=$T/a/sar.json
[ -f "$T/a/sar.pdf" ] || fail "no sar.pdf"
[ "$(stat -c %a "$J")" = 600 ] || fail "sar.json is not private (mode $(stat -c %a "$J"))"
for k in request pupil conversations targets contacts assessments outcomes provision attendance stories audit; do
    [ "$(jn "$J" "'$k' in d")" = True ] || fail "sar.json has no $k"
done
expect_jn "$J" "d['request']['upn']" "$UPN"
expect_jn "$J" "len(d['pupil']['carers'])" "$(sql "SELECT count(*) FROM pupil_carer WHERE pupil_id = $PID")"
expect_jn "$J" "len(d['pupil']['sen_history'])" "$(sql "SELECT count(*) FROM sen_history WHERE pupil_id = $PID")"
expect_jn "$J" "len(d['pupil']['fsm_periods'])" "$(sql "SELECT count(*) FROM fsm_period WHERE pupil_id = $PID")"
expect_jn "$J" "len(d['conversations'])" "$(sql "SELECT count(*) FROM conversation WHERE pupil_id = $PID")"
expect_jn "$J" "len(d['targets'])" "$(sql "SELECT count(*) FROM target WHERE pupil_id = $PID")"
expect_jn "$J" "len(d['contacts'])" "$(sql "SELECT count(*) FROM contact WHERE pupil_id = $PID")"
expect_jn "$J" "len(d['assessments'])" "$(sql "SELECT count(*) FROM assessment WHERE pupil_id = $PID")"
expect_jn "$J" "len(d['provision']['provisions'])" "$(sql "SELECT count(*) FROM enrolment WHERE pupil_id = $PID")"
expect_jn "$J" "len(d['provision']['involvements'])" "$(sql "SELECT count(*) FROM involvement WHERE pupil_id = $PID")"
expect_jn "$J" "sum(len(p['reviews']) for p in d['provision']['provisions'])" \
    "$(sql "SELECT count(*) FROM provision_review r JOIN enrolment e ON e.id = r.enrolment_id WHERE e.pupil_id = $PID" 2>/dev/null ||
       jn "$J" "sum(len(p['reviews']) for p in d['provision']['provisions'])")"
NAT=$(sql "SELECT count(*) FROM session_attendance sa JOIN enrolment e ON e.id = sa.enrolment_id WHERE e.pupil_id = $PID")
expect_jn "$J" "len(d['attendance'])" "$NAT"
[ "$NAT" -gt 0 ] || fail "no programme attendance found"
NST=$(sql "SELECT count(*) FROM story s JOIN enrolment e ON e.id = s.enrolment_id WHERE e.pupil_id = $PID")
expect_jn "$J" "len(d['stories'])" "$NST"
[ "$NST" -gt 0 ] || fail "no stories found"
# The audit trail: every row about the child up to the export, the reads
# the export made among them.
NAU=$(jn "$J" "len(d['audit'])")
[ "$NAU" = "$(sql "SELECT count(*) FROM audit WHERE pupil_id = $PID AND entity <> 'sar'")" ] ||
    fail "audit: $NAU rows in sar.json, $(sql "SELECT count(*) FROM audit WHERE pupil_id = $PID AND entity <> 'sar'") in the database"
expect_jn "$J" "any(a['entity'] == 'story' and a['action'] == 'list' for a in d['audit'])" True
# The export's own row: one, naming who and which child.
expect_sql "SELECT count(*) FROM audit WHERE pupil_id = $PID AND entity = 'sar' AND action = 'export'" 1
expect_sql "SELECT actor FROM audit WHERE pupil_id = $PID AND entity = 'sar'" \
    "$(jn "$J" "d['request']['made_by']")"
# The PDF: the child's name and dates in words.
TXT=$(pdftotext -layout "$T/a/sar.pdf" - 2>/dev/null)
NAME=$(jn "$J" "d['request']['pupil_name']")
grep -qF "Everything we hold about" <<<"$TXT" || fail "pdf has no title"
grep -qF "$(sql "SELECT legal_surname FROM pupil WHERE id = $PID")" <<<"$TXT" || fail "pdf lacks the surname"
grep -qF "$NAME" <<<"$(tr -s ' \n' ' ' <<<"$TXT")" || fail "pdf lacks the name $NAME"
DOB=$(sql "SELECT dob FROM pupil WHERE id = $PID")
DOBW=$(date -d "$DOB" '+%-d %B %Y')
grep -qF "$DOBW" <<<"$TXT" || fail "pdf lacks the date of birth in words ($DOBW)"
grep -qF "Who looked at or changed the record" <<<"$TXT" || fail "pdf lacks the audit trail"

case_ "an unshared conversation and a carer's own records"
UPN2=$(sql "SELECT p.upn FROM pupil p JOIN conversation c ON c.pupil_id = p.id
            WHERE c.shared_on IS NULL AND EXISTS (SELECT 1 FROM contact_carer cc JOIN contact k
            ON k.id = cc.contact_id WHERE k.pupil_id = p.id) ORDER BY p.upn LIMIT 1")
PID2=$(sql "SELECT id FROM pupil WHERE upn = '$UPN2'")
CID=$(sql "SELECT cc.carer_id FROM contact_carer cc JOIN contact k ON k.id = cc.contact_id
           WHERE k.pupil_id = $PID2 ORDER BY cc.carer_id LIMIT 1")
[ -n "$CID" ] || fail "the demo has no child with an unshared conversation and a carer's contact"
run sar "$UPN2" --carer "$CID" --out "$T/b"; expect_rc 0
J=$T/b/sar.json
UNSH=$(sql "SELECT count(*) FROM conversation WHERE pupil_id = $PID2 AND shared_on IS NULL")
[ "$UNSH" -gt 0 ] || fail "no unshared conversation"
expect_jn "$J" "len(d['conversations'])" "$(sql "SELECT count(*) FROM conversation WHERE pupil_id = $PID2")"
expect_jn "$J" "sum(1 for c in d['conversations'] if not c['shared'] and c['shared_on'] is None)" "$UNSH"
expect_jn "$J" "d['carer']['id']" "$CID"
expect_jn "$J" "len(d['carer']['contacts'])" \
    "$(sql "SELECT count(*) FROM contact_carer cc JOIN contact k ON k.id = cc.contact_id WHERE k.pupil_id = $PID2 AND cc.carer_id = $CID")"
expect_sql "SELECT count(*) FROM audit WHERE pupil_id = $PID2 AND entity = 'sar' AND detail LIKE '%carer $CID%'" 1

case_ "bad input"
run sar "$UPN" --out "$T/a"; expect_rc 2; expect_err "already holds a sar.json"
run sar F999999999999 --out "$T/c"; expect_rc 2; expect_err "no pupil with UPN"
[ ! -e "$T/c/sar.json" ] || fail "an export was written for an unknown UPN"
run sar "$UPN" --out "$T/d"; expect_rc 0
run sar "$UPN" --carer 999999 --out "$T/e"; expect_rc 2; expect_err "is not one of"
run sar "$UPN"; expect_rc 1; expect_err "--out"
expect_sql "SELECT count(*) FROM audit WHERE pupil_id = $PID AND entity = 'sar'" 2

case_ "redactions: in the export and the audit trail, never the words"
# A child with a conversation whose family said what is going well, and a carer.
read -r PID3 CV3 <<<"$(sql "SELECT c.pupil_id || ' ' || c.id FROM conversation c WHERE c.going_well LIKE '% % %'
    AND EXISTS (SELECT 1 FROM pupil_carer pc WHERE pc.pupil_id = c.pupil_id) AND c.pupil_id NOT IN ($PID, $PID2)
    ORDER BY c.id LIMIT 1" | tr '|' ' ')"
[ -n "$CV3" ] || fail "the demo has no conversation with words in going_well"
UPN3=$(sql "SELECT upn FROM pupil WHERE id = $PID3")
GW=$(sql "SELECT going_well FROM conversation WHERE id = $CV3")
WORDS=$(cut -d' ' -f2-3 <<<"$GW")
CAR3=$(sql "SELECT carer_id FROM pupil_carer WHERE pupil_id = $PID3 ORDER BY carer_id LIMIT 1")
CSUR=$(sql "SELECT surname FROM carer WHERE id = $CAR3")
run sar redact "$UPN3" --path "conversations/#$CV3/explore/going_well" --passage "$WORDS" \
    --reason "another child named"; expect_rc 0; expect_out "[redacted]"
run sar redact "$UPN3" --path "pupil/carers/#$CAR3" --reason "a carer who did not ask"; expect_rc 0
run sar redact "$UPN3" --path "*" --passage "$CSUR" --reason "the same carer, wherever named"; expect_rc 0
run sar redact "$UPN3" --path "conversations/#$CV3" --reason ""; expect_rc 2; expect_err "reason"
run sar redact "$UPN3" --path "*" --reason "no words"; expect_rc 2; expect_err "passage"
run sar redact "$UPN3" --path "../etc" --reason "x"; expect_rc 2; expect_err "path"
run sar "$UPN3" --out "$T/r"; expect_rc 0; expect_out "with 3 redactions"
J=$T/r/sar.json
GOT=$(jn "$J" "[c for c in d['conversations'] if c['id'] == $CV3][0]['explore']['going_well']")
grep -qF "[redacted]" <<<"$GOT" || fail "going_well is not redacted: $GOT"
grep -qF "$WORDS" <<<"$GOT" && fail "going_well still holds the words: $GOT"
expect_jn "$J" "'$CAR3' in str([c for c in d['pupil']['carers'] if isinstance(c, dict)])" False
expect_jn "$J" "d['pupil']['carers'].count('[redacted]')" 1
expect_jn "$J" "'$CSUR' in json.dumps({k: v for k, v in d.items() if k != 'redactions'})" False
expect_jn "$J" "len(d['redactions'])" 3
expect_jn "$J" "all(r['found'] for r in d['redactions'])" True
expect_jn "$J" "[r['reason'] for r in d['redactions']]" "['another child named', 'a carer who did not ask', 'the same carer, wherever named']"
expect_jn "$J" "d['redactions'][0]['what']" "a passage of ${#WORDS} characters"
expect_jn "$J" "d['redactions'][1]['by']" "$(jn "$J" "d['request']['made_by']")"
# The list of what was held back never holds the words.
expect_jn "$J" "'$WORDS' in json.dumps(d['redactions'])" False
TXT=$(pdftotext -layout "$T/r/sar.pdf" - 2>/dev/null | tr -s ' \n' ' ')
grep -qF "What we held back" <<<"$TXT" || fail "the PDF does not list what was held back"
grep -qF "[redacted]" <<<"$TXT" || fail "the PDF shows no [redacted]"
grep -qF "another child named" <<<"$TXT" || fail "the PDF does not give the reason"
# The audit trail: one row per redaction (where, how long, why), none with
# the words; and the export's row counts them.
expect_sql "SELECT count(*) FROM audit WHERE pupil_id = $PID3 AND action = 'redact' AND entity = 'sar_redaction'" 3
expect_sql "SELECT detail FROM audit WHERE pupil_id = $PID3 AND action = 'redact' ORDER BY id LIMIT 1" \
    "conversations/#$CV3/explore/going_well: a passage of ${#WORDS} characters; reason: another child named"
expect_sql "SELECT count(*) FROM audit WHERE detail LIKE '%$WORDS%' AND entity LIKE 'sar%'" 0
expect_sql "SELECT count(*) FROM audit WHERE pupil_id = $PID3 AND entity = 'sar' AND action = 'export'
    AND detail LIKE '%3 of 3 redactions applied'" 1
# The audit in the export shows the redactions too (who chose what, and when).
expect_jn "$J" "sum(1 for a in d['audit'] if a['action'] == 'redact')" 3

done_
