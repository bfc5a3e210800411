#!/usr/bin/env bash
# Retention and erasure (docs/retention.md): periods as data, the review of
# leavers, and an erasure that leaves no trace of the erased names or words
# anywhere in the database file, keeps the school's anonymous figures, and
# leaves an audit row saying what, when, who and why (never what it said).
source "$(dirname "$0")/lib.sh"

run demo; expect_rc 0
# The first pupil with a story in a family programme, and their carers.
# (one with a carer of their own, not shared with a brother or sister).
PID=$(sql "SELECT min(r.pupil_id) FROM story s JOIN enrolment r ON r.id = s.enrolment_id
    WHERE EXISTS (SELECT 1 FROM pupil_carer pc WHERE pc.pupil_id = r.pupil_id AND NOT EXISTS
    (SELECT 1 FROM pupil_carer o WHERE o.carer_id = pc.carer_id AND o.pupil_id <> r.pupil_id))")
UPN=$(sql "SELECT upn FROM pupil WHERE id = $PID")
YEAR=$(sql "SELECT nc_year FROM pupil WHERE id = $PID")
CARERS=$(sql "SELECT carer_id FROM pupil_carer WHERE pupil_id = $PID ORDER BY carer_id" | tr '\n' ' ')
OTHER=$(sql "SELECT upn FROM pupil WHERE id <> $PID AND leaving_date IS NULL ORDER BY id LIMIT 1")
LEFT=$(date -u -d '-30 days' +%F)
# Names and words that appear nowhere else, as a real child's would.
sqlite3 "$MESO_DB" "UPDATE pupil SET legal_forename = 'Quillon', legal_surname = 'Zyxwardine',
    preferred_forename = 'Quill' WHERE id = $PID;
  UPDATE carer SET forename = 'Marisol', surname = 'Zyxwardine', email = 'marisol.zyx@example.org',
    phone_mobile = '07700 987654' WHERE id IN (SELECT carer_id FROM pupil_carer WHERE pupil_id = $PID)
    AND id NOT IN (SELECT carer_id FROM pupil_carer WHERE pupil_id <> $PID);"
[ "$(sql "SELECT count(*) FROM carer WHERE surname = 'Zyxwardine'")" -gt 0 ] || fail "no carer of the pupil's alone"
FIRST_CARER=$(sql "SELECT carer_id FROM pupil_carer WHERE pupil_id = $PID AND carer_id NOT IN (SELECT carer_id FROM pupil_carer WHERE pupil_id <> $PID) ORDER BY carer_id LIMIT 1")
run contact add "$UPN" --method phone --purpose concern --note "Worried about Quillon's sleep since the flood"
expect_rc 0
run factor add "$UPN" --type bereavement --note "Grandad Ephraim died in March"; expect_rc 0
run views add "$UPN" --carer "$FIRST_CARER" --worries "Quillon hides under the stairs"; expect_rc 0
run conversation add "$UPN" --carers "$FIRST_CARER" --going-well "Loves the pond club" \
    --concerns "Night terrors after the flood" --focus "Sleep" --agreed-together \
    --target "Bedtime story every night | parent | Fewer wake-ups | 2027-01-10" --status complete
expect_rc 0
sqlite3 "$MESO_DB" "UPDATE story SET title = 'Quillon and the Marsh Kite', body = 'Zyxwardine kite soared'
    WHERE enrolment_id IN (SELECT id FROM enrolment WHERE pupil_id = $PID)"
WORDS=("Zyxwardine" "Quillon" "Quill" "Marisol" "marisol.zyx@example.org" "07700 987654" "$UPN"
    "sleep since the flood" "Grandad Ephraim" "hides under the stairs" "Loves the pond club"
    "Night terrors" "Bedtime story every night" "Marsh Kite" "kite soared")

case_ "retention periods are data, with their sources; a lead sets the school's own"
run retention list --json; expect_rc 0; expect_out '"kind": "sen"'; expect_out "IRMS"
expect_out '"unsure": true'
run retention set sen 40; expect_rc 0
run retention list --json; expect_out '"years": 40'; expect_out '"school_set": true'
run retention set sen 101; expect_rc 1
run retention set nosuch 3; expect_rc 2; expect_err "no kind of record called nosuch"
expect_sql "SELECT count(*) FROM audit WHERE action = 'retention'" 1
run retention set sen 31; expect_rc 0

case_ "the review lists leavers past their period, whole records first"
run retention review; expect_rc 0; expect_out "No leaver's records"
run erase pupil "$UPN" --reason "retention review"; expect_rc 2; expect_err "has not left"
sqlite3 "$MESO_DB" "UPDATE pupil SET leaving_date = '$LEFT' WHERE id = $PID"

case_ "a leaver's record is read-only"
before=$(dbsum)
run contact add "$UPN" --method phone --purpose progress --note "After leaving"; expect_rc 2
expect_err "left on $LEFT"; expect_err "kept as it was"
run factor add "$UPN" --type bereavement --note "After leaving"; expect_rc 2; expect_err "left on"
run conversation add "$UPN" --carers "$FIRST_CARER" --concerns "After leaving"; expect_rc 2
expect_err "left on"
run views add "$UPN" --carer "$FIRST_CARER" --worries "After leaving"; expect_rc 2; expect_err "left on"
run scope add "$UPN" --reason "After leaving"; expect_rc 2; expect_err "left on"
[ "$(dbsum)" = "$before" ] || fail "a leaver's record changed"
run retention review --as-of 2090-01-01 --json; expect_rc 0
expect_out "\"upn\": \"$UPN\""; expect_out '"erase": true'
run retention review --as-of "$(date -u -d '+3 years' +%F)" --json; expect_rc 0
expect_out "\"upn\": \"$UPN\""; expect_out '"erase": false'; expect_out 'attendance'

case_ "erasure refuses what it must"
run erase pupil "$UPN"; expect_rc 2; expect_err "reason:"
run erase pupil "$OTHER" --reason "test"; expect_rc 2; expect_err "has not left"
OC=$(sql "SELECT carer_id FROM pupil_carer pc JOIN pupil p ON p.id = pc.pupil_id WHERE p.upn = '$OTHER' LIMIT 1")
run erase carer "$OC" --reason "asked"; expect_rc 2; expect_err "still on roll"
run erase carer 999999 --reason "asked"; expect_rc 2; expect_err "no such carer"

case_ "erasing leaves no trace of the names and words, and keeps the figures"
figures() {
    "$MESO" report screening --year-group "$YEAR" --json 2>/dev/null |
        jq -S '{pupils, assessed, not_assessed, scores: [.scores[] | {score, n, no_band, bands: [.bands[] | {band, count}]}]}'
    "$MESO" report provision --as-of "$(date -u -d "$LEFT -1 day" +%F)" --json 2>/dev/null |
        jq -S '{pupils_on_roll, pupils_reached, tiers: (.tiers | map_values({pupils, provisions: [.provisions[] | {name, pupils}]}))}'
    sqlite3 -readonly "$MESO_DB" "SELECT count(*) FROM assessment_score; SELECT count(*) FROM enrolment;
        SELECT count(*) FROM contact; SELECT count(*) FROM conversation; SELECT count(*) FROM sen_history"
}
# A subject access redaction (its words are kept for the next export), the
# family's agreement to send meso's record, and a record received from a
# previous school: erasure takes them too (migrations 0017 and 0021).
run sar redact "$UPN" --path pupil --passage "Pangolinpassage" --reason "another child"; expect_rc 0
run transfer consent "$UPN" --how "Quokkaconsent form"; expect_rc 0
sqlite3 "$MESO_DB" "INSERT INTO transfer_history (school_id, pupil_id, from_urn, from_name, consent, record,
  received_by, received_at) SELECT school_id, id, '999009', 'Elsewhere', 'agreed', '{\"note\": \"Wombathistory\"}',
  'test', '2026-01-01' FROM pupil WHERE id = $PID" || fail "could not add a received record"
WORDS+=("Pangolinpassage" "Quokkaconsent" "Wombathistory")
before=$(figures)
grep -q '"pupils"' <<<"$before" || fail "no figures to compare"
# Where the words could be: the SQLite file and its log (their bytes), or on
# PostgreSQL everything pg_dump can read.
stores() {
    if [[ "$MESO_DB" == postgres*://* ]]; then
        sqlite3 "$MESO_DB" .dump >"$T/dump.sql"; echo "$T/dump.sql"
    else
        echo "$MESO_DB"; [ -e "$MESO_DB-wal" ] && echo "$MESO_DB-wal"
    fi
}
for w in "${WORDS[@]}"; do
    [ "$(grep -c -a -F -- "$w" "$(stores | head -1)")" -gt 0 ] || fail "the control: '$w' is not in the database"
done
run erase pupil "$UPN" --reason "Past its retention period (review of December)"; expect_rc 0
expect_out "Erased the pupil's personal data"; expect_no_err "warning"
for f in $(stores); do
    for w in "${WORDS[@]}"; do
        n=$(grep -c -a -F -- "$w" "$f"); [ "$n" = 0 ] || fail "'$w' is still in $(basename "$f") ($n)"
    done
done
[ "$(figures)" = "$before" ] || { fail "the anonymous figures changed"; diff <(echo "$before") <(figures) >&2; }
expect_sql "SELECT count(*) FROM story s JOIN enrolment r ON r.id = s.enrolment_id WHERE r.pupil_id = $PID" 0
expect_sql "SELECT CASE WHEN erased_at IS NULL THEN 'no' ELSE 'yes' END FROM pupil WHERE id = $PID" yes
expect_sql "SELECT nc_year FROM pupil WHERE id = $PID" "$YEAR"

case_ "the audit row says what, when, who and why, never what was erased"
expect_sql "SELECT count(*) FROM audit WHERE action = 'erase' AND entity = 'pupil' AND pupil_id = $PID" 1
row=$(sql "SELECT at || '|' || actor || '|' || detail FROM audit WHERE action = 'erase' AND pupil_id = $PID")
grep -q "cli:" <<<"$row" || fail "the erasure's actor: $row"
grep -q "reason: Past its retention period" <<<"$row" || fail "the erasure's reason: $row"
grep -q "20[0-9][0-9]-" <<<"$row" || fail "the erasure's time: $row"
run audit --pupil "$OTHER"; expect_rc 0
run erase pupil "$UPN" --reason "again"; expect_rc 2
ERASED_UPN=$(sql "SELECT upn FROM pupil WHERE id = $PID")
run contact add "$ERASED_UPN" --method phone --purpose progress; expect_rc 1
run check; expect_rc 0; expect_out "healthy"

case_ "the kept records take no other change"
sqlite3 "$MESO_DB" "UPDATE audit SET detail = 'rewritten' WHERE id = 1" >/dev/null 2>&1 &&
    fail "the audit trail took a change other than an erasure"
sqlite3 "$MESO_DB" "DELETE FROM audit WHERE id = 1" >/dev/null 2>&1 && fail "the audit trail lost a row"
# NULL is not '(erased)': the triggers compare without letting a NULL through.
sqlite3 "$MESO_DB" "UPDATE audit SET detail = NULL WHERE detail IS NOT NULL" >/dev/null 2>&1 &&
    fail "the audit trail's words were blanked other than by an erasure"
sqlite3 "$MESO_DB" "UPDATE target_review SET note = NULL WHERE note IS NOT NULL" >/dev/null 2>&1 &&
    fail "a target review was changed"
sqlite3 "$MESO_DB" "UPDATE parent_agreement SET purpose = 'changed'" >/dev/null 2>&1 &&
    fail "an agreement was changed"
sqlite3 "$MESO_DB" "UPDATE provision_review SET score = 2, note = '(erased)'" >/dev/null 2>&1 &&
    fail "a provision review's score was changed with its note"
done_
