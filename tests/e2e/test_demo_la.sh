#!/usr/bin/env bash
# A demo local authority (issue 16 part 4): `meso demo --schools N --la CODE`
# makes N schools of the authority, of varied size, practice and provision,
# each kept to its own staff and pupils, the same for the same seed.
source "$(dirname "$0")/lib.sh"
export MESO_TODAY=2026-12-04

case_ "--la without --schools, and a code that is not three digits, are refused"
run --db "$T/x.db" demo --la 931; expect_rc 1; expect_err "--la goes with --schools"
run --db "$T/x.db" demo --schools 2 --la 93; expect_rc 1; expect_err "three digits"

case_ "six schools of LA 931"
run demo --schools 6 --la 931 --seed 3; expect_rc 0; expect_out "6 schools"
expect_sql "SELECT count(*) FROM school WHERE la_code = '931'" 6
expect_sql "SELECT count(*) FROM school WHERE la_code <> '931'" 0
sizes=$(sql "SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM pupil GROUP BY school_id) t")
[ "$sizes" -ge 2 ] || fail "every school is the same size"

case_ "each school's pupils have UPNs of its own LA and establishment, and its own staff"
expect_sql "SELECT count(*) FROM pupil p JOIN school s ON s.id = p.school_id
  WHERE substr(p.upn, 2, 3) <> '931'" 0
expect_sql "SELECT count(*) FROM (SELECT email FROM account GROUP BY email HAVING count(*) > 1) t" 0
expect_sql "SELECT count(*) FROM pupil p JOIN staff t ON t.id = p.key_teacher_id
  WHERE t.school_id <> p.school_id" 0
expect_sql "SELECT count(*) FROM conversation c JOIN pupil p ON p.id = c.pupil_id
  WHERE c.school_id <> p.school_id" 0
expect_sql "SELECT count(*) FROM account WHERE email = 'parent.demo@example.org'" 1

case_ "practice differs: some schools run FAST and some do not; some have gaps the others fill"
fast=$(sql "SELECT count(DISTINCT v.school_id) FROM provision v JOIN programme_template t ON t.id = v.template_id WHERE t.key = 'fast'")
[ "$fast" -ge 1 ] && [ "$fast" -lt 6 ] || fail "schools running FAST: $fast of 6"
provs=$(sql "SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM provision GROUP BY school_id) t")
[ "$provs" -ge 2 ] || fail "every school has the same number of provisions"

case_ "the same seed gives the same authority"
fingerprint() { sqlite3 -readonly "$1" "SELECT school_id, upn, legal_surname FROM pupil ORDER BY id;
  SELECT school_id, pupil_id, event_date, status FROM conversation ORDER BY id;
  SELECT school_id, name FROM provision ORDER BY id" | sha256sum; }
if ! on_pg; then
    # The release build makes the second: the same authority from either build.
    "$MESO_REL" --db "$T/b.db" demo --schools 6 --la 931 --seed 3 >/dev/null 2>&1 || fail "the release build's demo failed"
    [ "$(fingerprint "$MESO_DB")" = "$(fingerprint "$T/b.db")" ] || fail "seed 3 gave two authorities"
fi
done_
