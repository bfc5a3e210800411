#!/usr/bin/env bash
# The school calendar through the real binary: meso's usual dates for
# England when a school has set none, a school's own terms, programme
# sessions planned on school days only (weekends, half terms and the breaks
# between terms skipped, August never used), a start date that is not a
# school day moved with a note, and a note (not a refusal) for a
# conversation, a reading session or a follow-on meeting dated on a weekend
# or in a holiday. Today is pinned to 3 July 2025.
source "$(dirname "$0")/lib.sh"
export MESO_TODAY=2025-07-03

"$MESO" init --school-urn 123456 --school-name "Hillside Primary" >/dev/null 2>&1
{
    echo "UPN,Surname,Forename,DOB,Sex,Year,SEN,Primary Need"
    echo "$UPN1,Okafor,Joy,2017-03-01,F,2,K,SEMH"
    echo "$UPN2,Evans,Ben,2017-05-01,M,2,N,"
} > "$T/pupils.csv"
echo "UPN,Carer Surname,Carer Forename,Relationship,Mobile
$UPN1,Okafor,Grace,Mother,07700900001
$UPN2,Evans,Mark,Father,07700900002" > "$T/carers.csv"
run import pupils "$T/pupils.csv"; expect_rc 0
run import carers "$T/carers.csv"; expect_rc 0

case_ "a school with no dates of its own has meso's usual dates for England"
run term list --year 2024 --json; expect_rc 0
grep -qF '"start": "2024-09-03"' <<<"$OUT" || grep -qF '"start":"2024-09-03"' <<<"$OUT" || fail "usual autumn start: ${OUT:0:300}"
grep -qF '2025-07-22' <<<"$OUT" || fail "usual summer end: ${OUT:0:300}"

case_ "FAST started in July runs on school days into September, never in August"
run programme start fast --start 2025-07-01 --name "FAST summer"; expect_rc 0
expect_out "2025-07-01 to 2025-09-30"
expect_sql "SELECT count(*) FROM programme_session WHERE substr(session_date, 6, 2) = '08'" 0
expect_sql "SELECT group_concat(session_date, ' ') FROM (SELECT session_date FROM programme_session WHERE provision_id = 1 ORDER BY seq) s" \
    "2025-07-01 2025-07-08 2025-07-15 2025-07-22 2025-09-09 2025-09-16 2025-09-23 2025-09-30"

case_ "a start on a Saturday in half term moves to the next school day, with a note"
run programme start generic-group --start 2025-10-25 --name "Friendship group"; expect_rc 0
expect_err "Note: 25 October 2025 is a Saturday. So the programme starts on 2025-11-03, the next school day."
expect_sql "SELECT min(session_date) FROM programme_session WHERE provision_id = 2" 2025-11-03
expect_sql "SELECT count(*) FROM programme_session WHERE provision_id = 2 AND session_date BETWEEN '2025-10-27' AND '2025-10-31'" 0

case_ "a school's own term dates and holidays change the plan"
run term set --year 2025 --autumn 2025-09-04..2025-12-19 --spring 2026-01-05..2026-03-27 --summer 2026-04-13..2026-07-21; expect_rc 0
run holiday add --start 2025-11-05 --end 2025-11-05 --name "INSET day"; expect_rc 0
expect_sql "SELECT count(*) FROM audit WHERE entity = 'school' AND action = 'update' AND detail = 'terms 2025-26: autumn, spring, summer'" 1
expect_sql "SELECT count(*) FROM audit WHERE entity = 'school' AND action = 'update' AND detail = 'holiday 2025-11-05 to 2025-11-05: INSET day'" 1
run programme start generic-group --start 2025-10-22 --name "Wednesday group"; expect_rc 0
expect_no_err "Note:"
# 29 October is no longer a holiday (the school's own list replaces the usual one); 5 November is.
expect_sql "SELECT group_concat(session_date, ' ') FROM (SELECT session_date FROM programme_session WHERE provision_id = 3 ORDER BY seq LIMIT 3) s" \
    "2025-10-22 2025-10-29 2025-11-12"

case_ "a date a person chose is kept, with a note when it is not a school day"
run conversation add "$UPN1" --date 2025-06-01 --going-well "Joy is reading more"; expect_rc 0
expect_err "Note: 1 June 2025 is a Sunday. If that is the right date, there is nothing to change."
run conversation add "$UPN1" --date 2025-05-27 --going-well "Joy has a new friend"; expect_rc 0
expect_err "Note: 27 May 2025 is a holiday (May half term)."
run conversation add "$UPN1" --date 2025-06-03 --going-well "A good week"; expect_rc 0
expect_no_err "Note:"
expect_sql "SELECT count(*) FROM conversation WHERE event_date IN ('2025-06-01', '2025-05-27', '2025-06-03')" 3
run programme followon 1 --date 2025-08-12; expect_rc 0
expect_err "Note: 12 August 2025 is in the summer holidays."

done_
