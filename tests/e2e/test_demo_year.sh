#!/usr/bin/env bash
# The demo tells a whole story (issue 12): the last full school year and this
# year to date, every event on a school day of the demo school's calendar (no
# weekend, no holiday, nothing between terms); in the last full year, pupils in
# scope with 0, 1, 2 and 3 or more conversations, targets reviewed, and
# families who could not come to a meeting and were reached another way; FAST
# with scores before and after and a comparison group; several key teachers;
# outcomes over the past year; the same school for the same seed. Today is
# pinned to Friday 4 December 2026, so the last full year is 2025-26.
source "$(dirname "$0")/lib.sh"
sqlite_only
export MESO_TODAY=2026-12-04
LAST_FROM=2025-09-01 LAST_TO=2026-08-31

run --db "$T/a.db" demo --seed 7; expect_rc 0
export MESO_DB="$T/a.db"

case_ "the last full year: pupils in scope with 0, 1, 2 and 3 or more conversations held"
held_per_pupil="SELECT p.id, (SELECT count(*) FROM conversation c WHERE c.pupil_id = p.id AND c.status = 'complete'
  AND c.event_date BETWEEN '$LAST_FROM' AND '$LAST_TO') AS n FROM pupil p WHERE p.sen_provision IN ('K', 'E')"
for k in 0 1 2; do
    got=$(sql "SELECT count(*) FROM ($held_per_pupil) WHERE n = $k")
    [ "$got" -gt 0 ] || fail "no pupil with $k conversations held in 2025-26"
done
got=$(sql "SELECT count(*) FROM ($held_per_pupil) WHERE n >= 3")
[ "$got" -gt 0 ] || fail "no pupil with three conversations held in 2025-26"
three_terms=$(sql "SELECT count(*) FROM (SELECT c.pupil_id FROM conversation c JOIN term t ON t.school_id = c.school_id
  AND t.year = 2025 AND c.event_date BETWEEN t.start_date AND t.end_date WHERE c.status = 'complete'
  GROUP BY c.pupil_id HAVING count(DISTINCT t.name) = 3)")
[ "$three_terms" -gt 0 ] || fail "no pupil with a conversation in each of the three terms of 2025-26"

case_ "the conversations report for the last full year says the same (scope as it was then)"
run report conversations --year 2025 --json; expect_rc 0
for k in with_0 with_1 with_2 with_3_or_more did_not_attend; do
    got=$(node -e 'console.log(JSON.parse(process.argv[1])[process.argv[2]])' "$OUT" "$k")
    [ "$got" -gt 0 ] 2>/dev/null || fail "report conversations --year 2025: $k is '$got'"
done

case_ "targets reviewed, and families reached another way when they could not come"
got=$(sql "SELECT count(*) FROM target_review r JOIN target g ON g.id = r.target_id
  WHERE r.reviewed_on BETWEEN '$LAST_FROM' AND '$LAST_TO'")
[ "$got" -gt 20 ] || fail "only $got target reviews in 2025-26"
got=$(sql "SELECT count(*) FROM ($held_per_pupil) h WHERE h.n >= 3 AND EXISTS (SELECT 1 FROM target g
  JOIN target_review r ON r.target_id = g.id JOIN conversation c ON c.id = g.conversation_id WHERE c.pupil_id = h.id)")
[ "$got" -gt 0 ] || fail "no pupil with three conversations and targets reviewed"
got=$(sql "SELECT count(*) FROM conversation c WHERE c.status = 'planned' AND c.did_not_come = 1 AND c.event_date BETWEEN '$LAST_FROM' AND '$LAST_TO'
  AND EXISTS (SELECT 1 FROM contact k WHERE k.pupil_id = c.pupil_id AND k.purpose = 'progress'
  AND k.method IN ('phone', 'home_visit') AND k.contact_date > c.event_date
  AND k.note LIKE 'The family could not come to the meeting we arranged%')")
[ "$got" -gt 0 ] || fail "no family who missed a meeting and was reached another way"

case_ "FAST: scores before and after, and a comparison group who were not in it"
fast=$(sql "SELECT p.id FROM provision p JOIN programme_template t ON t.id = p.template_id WHERE t.key = 'fast'")
[ -n "$fast" ] || fail "no FAST cycle"
in_fast="SELECT pupil_id FROM enrolment WHERE provision_id = $fast AND consent = 'given'"
pairs="SELECT a.pupil_id FROM assessment a WHERE a.instrument = 'sdq-parent-4-17' GROUP BY a.pupil_id HAVING count(*) >= 2"
got=$(sql "SELECT count(*) FROM ($pairs) WHERE pupil_id IN ($in_fast)")
[ "$got" -ge 5 ] || fail "only $got FAST children with scores before and after"
got=$(sql "SELECT count(*) FROM ($pairs) x JOIN pupil p ON p.id = x.pupil_id WHERE p.nc_year = '1' AND x.pupil_id NOT IN ($in_fast)")
[ "$got" -ge 5 ] || fail "only $got children in the comparison group"

case_ "several key teachers, and outcomes over the past year"
got=$(sql "SELECT count(DISTINCT staff_id) FROM conversation WHERE status = 'complete' AND event_date BETWEEN '$LAST_FROM' AND '$LAST_TO'")
[ "$got" -ge 6 ] || fail "only $got key teachers held conversations in 2025-26"
got=$(sql "SELECT count(DISTINCT term) FROM attendance WHERE year = 2025")
[ "$got" -eq 3 ] || fail "attendance for $got terms of 2025-26"
got=$(sql "SELECT count(*) FROM assessment WHERE assessed_on BETWEEN '$LAST_FROM' AND '$LAST_TO'")
[ "$got" -gt 50 ] || fail "only $got questionnaires in 2025-26"
got=$(sql "SELECT count(*) FROM conversation WHERE event_date >= '2026-09-01'")
[ "$got" -gt 0 ] || fail "no conversation this year"

case_ "no demo date falls on a weekend, in a holiday or between terms"
run term list --year 2025 --json; expect_rc 0; cal25=$OUT
run term list --year 2026 --json; expect_rc 0; cal26=$OUT
dates=$(sql "SELECT 'conversation', event_date FROM conversation WHERE event_date >= '$LAST_FROM'
  UNION ALL SELECT 'shared', shared_on FROM conversation WHERE shared_on >= '$LAST_FROM'
  UNION ALL SELECT 'next meeting', next_meeting FROM conversation WHERE next_meeting >= '$LAST_FROM'
  UNION ALL SELECT 'target review date', review_date FROM target WHERE review_date >= '$LAST_FROM'
  UNION ALL SELECT 'target reviewed', reviewed_on FROM target_review WHERE reviewed_on >= '$LAST_FROM'
  UNION ALL SELECT 'agreement', agreed_on FROM parent_agreement WHERE agreed_on >= '$LAST_FROM'
  UNION ALL SELECT 'parent view', given_on FROM parent_view WHERE given_on >= '$LAST_FROM'
  UNION ALL SELECT 'contact', contact_date FROM contact WHERE contact_date >= '$LAST_FROM'
  UNION ALL SELECT 'assessment', assessed_on FROM assessment WHERE assessed_on >= '$LAST_FROM'
  UNION ALL SELECT 'exclusion', start_date FROM exclusion WHERE start_date >= '$LAST_FROM'
  UNION ALL SELECT 'bullying', occurred_on FROM bullying_incident WHERE occurred_on >= '$LAST_FROM'
  UNION ALL SELECT 'rating', rated_on FROM relationship_rating WHERE rated_on >= '$LAST_FROM'
  UNION ALL SELECT 'provision start', start_date FROM provision WHERE start_date >= '$LAST_FROM'
  UNION ALL SELECT 'provision review', reviewed_on FROM provision_review WHERE reviewed_on >= '$LAST_FROM'
  UNION ALL SELECT 'enrolled', enrolled_on FROM enrolment WHERE enrolled_on >= '$LAST_FROM'
  UNION ALL SELECT 'session', session_date FROM programme_session WHERE session_date >= '$LAST_FROM'
  UNION ALL SELECT 'reading', read_on FROM reading_session WHERE read_on >= '$LAST_FROM'
  UNION ALL SELECT 'referral', referred_on FROM involvement WHERE referred_on >= '$LAST_FROM'")
[ "$(wc -l <<<"$dates")" -gt 1000 ] || fail "too few dates to check: $(wc -l <<<"$dates")"
bad=$(node -e '
  const cals = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2])];
  const bad = [];
  for (const line of require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)) {
    const [what, d] = line.split("|");
    const day = new Date(d + "T12:00:00Z").getUTCDay();
    const cal = cals.find(c => d >= `${c.year}-09-01` && d <= `${c.year + 1}-08-31`);
    let why = day === 0 || day === 6 ? "a weekend" : null;
    if (!why && cal && !cal.terms.some(t => d >= t.start && d <= t.end)) why = "between terms";
    if (!why && cal && cal.holidays.some(h => d >= h.start && d <= h.end)) why = "a holiday";
    if (why) bad.push(`${what} ${d}: ${why}`);
  }
  console.log(bad.slice(0, 20).join("\n"));' "$cal25" "$cal26" <<<"$dates")
[ -z "$bad" ] || fail "dates that are not school days:
$bad"

case_ "the same seed gives the same school, dates and all"
# (The release build makes the second: the same school from either build.)
"$MESO_REL" --db "$T/b.db" demo --seed 7 >/dev/null 2>&1 || fail "the release build's demo failed"
fingerprint() { sqlite3 -readonly "$1" "SELECT pupil_id, event_date, status FROM conversation ORDER BY id;
  SELECT pupil_id, contact_date, method, purpose FROM contact ORDER BY id;
  SELECT pupil_id, instrument, assessed_on FROM assessment ORDER BY id;
  SELECT provision_id, session_date FROM programme_session ORDER BY id" | sha256sum; }
[ "$(fingerprint "$T/a.db")" = "$(fingerprint "$T/b.db")" ] || fail "two demos with seed 7 differ"

done_
