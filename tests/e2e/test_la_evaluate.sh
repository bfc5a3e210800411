#!/usr/bin/env bash
# meso la extract and meso la evaluate (issue 16 part 5, docs/evaluation.md
# "Across a local authority's schools"): the pseudonymised extract of an
# LA's sharing schools holds no name, UPN or record number and the same
# pseudonyms every time; the analysis across the schools (pupils in key
# teachers in schools) runs on the demo LA, falls back below 6 schools and
# says so; both are audited, and the LA's key never appears.
source "$(dirname "$0")/lib.sh"
export MESO_TODAY=2026-12-04

case_ "a demo LA of 7 schools, six of which share"
"$MESO_REL" --db "$MESO_DB" demo --schools 7 --la 931 --seed 3 >/dev/null 2>&1 || fail "demo"
expect_sql "SELECT count(*) FROM school WHERE la_share = 1" 6
run la evaluate --la 930; expect_rc 2; expect_err "no school in the database has local authority code 930"
expect_sql "SELECT count(*) FROM la_key" 0

case_ "bad input: a missing or malformed LA code, an unknown outcome, no --out"
run la evaluate; expect_rc 1; expect_err "--la needs the local authority's three-digit code"
run la evaluate --la 93; expect_rc 1; expect_err "three-digit code (got '93')"
run la evaluate --la 931 --outcome height; expect_rc 1; expect_err "--outcome must be one of"
run la extract --la 931; expect_rc 1; expect_err "--out FILE.csv is needed"

case_ "the extract: pseudonyms only, every pupil in scope of the sharing schools, audited"
run la extract --la 931 --out "$T/ex.csv"
expect_rc 0; expect_out "in 6 schools of local authority 931 that share (1 do not)"
expect_out "m <- lmer(outcome ~ baseline"; expect_out "(1 | school/key_teacher)"
head -1 "$T/ex.csv" | grep -qx 'pupil,school,key_teacher,outcome,baseline,fsm,sen,eal,year_group,sex,fidelity,parent_reviews,methods,two_or_more' \
    || fail "header: $(head -1 "$T/ex.csv")"
rows=$(($(wc -l < "$T/ex.csv") - 1))
[ "$rows" -gt 100 ] || fail "only $rows rows"
expect_out "Wrote $T/ex.csv: $rows pupils in scope"
# every pupil, key teacher and school a pseudonym of its own form
bad=$(tail -n +2 "$T/ex.csv" | grep -v -E '^P[0-9a-f]{16},S[0-9a-f]{8},(K[0-9a-f]{12}|NA),' | head -1)
[ -z "$bad" ] || fail "a row not pseudonymised: $bad"
[ "$(tail -n +2 "$T/ex.csv" | cut -d, -f1 | sort -u | wc -l)" -eq "$rows" ] || fail "pupil pseudonyms repeat"
[ "$(tail -n +2 "$T/ex.csv" | cut -d, -f2 | sort -u | wc -l)" -eq 6 ] || fail "not 6 schools"
# nothing identifying: no UPN, surname, URN or date of birth of anyone
sql "SELECT upn FROM pupil UNION ALL SELECT legal_surname FROM pupil UNION ALL SELECT urn FROM school
     UNION ALL SELECT dob FROM pupil" | sort -u > "$T/ids"
if grep -F -w -f "$T/ids" "$T/ex.csv" >/dev/null; then fail "an identifier leaked: $(grep -F -w -o -f "$T/ids" "$T/ex.csv" | head -3)"; fi
expect_sql "SELECT count(*) FROM audit WHERE action = 'export' AND entity = 'la_evaluation' AND detail LIKE '%931%6 schools sharing, $rows pupils%'" 1
expect_sql "SELECT count(*) FROM la_key WHERE la_code = '931'" 1
expect_sql "SELECT count(*) FROM audit WHERE entity = 'la_key' AND action = 'create'" 1
expect_sql "SELECT count(*) FROM audit a JOIN la_key k ON a.detail LIKE '%' || k.secret || '%'" 0

case_ "the same pseudonyms in every extract of the LA"
run la extract --la 931 --out "$T/ex2.csv"; expect_rc 0
cmp -s "$T/ex.csv" "$T/ex2.csv" || fail "a second extract differs"
expect_sql "SELECT count(*) FROM la_key" 1

case_ "the analysis across the six schools: three levels, on the extract's pupils"
run la evaluate --la 931 --json; expect_rc 0
got=$(node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));
console.log(o.model_kind, o.schools_sharing, o.schools_not_sharing, o.schools, o.declined,
  o.formula && o.formula.endsWith("(1 | school/key_teacher)"), o.indicators.length,
  o.counts.every(c => c.n === null || c.n === 0 || c.n >= 5))' <<<"$OUT")
case "$got" in
"three-level 6 1 6 false true 4 true") ;;
"three-level 6 1 6 true"*) expect_out '"reason": "' ;;
*) fail "JSON: $got" ;;
esac
run la evaluate --la 931; expect_rc 0
expect_out "Implementation and outcomes across local authority 931"
expect_out "Schools sharing: 6 (not sharing: 1)"; expect_out "not the effects of a trial"
expect_sql "SELECT count(*) FROM audit WHERE action = 'report' AND entity = 'la_evaluation'" 2

case_ "a school that stops sharing leaves the analysis; below 6 schools it says it falls back"
sqlite3 "$MESO_DB" "UPDATE school SET la_share = 0 WHERE urn = '999001'" >/dev/null
run la evaluate --la 931 --json; expect_rc 0
got=$(node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));
console.log(o.schools_sharing, o.schools_not_sharing, o.declined ? "declined" : o.model_kind,
  o.declined || /Only 5 schools/.test(o.model_words))' <<<"$OUT")
case "$got" in "5 2 school-fixed true" | "5 2 declined true") ;; *) fail "JSON: $got" ;; esac
run la extract --la 931 --out "$T/ex3.csv"; expect_rc 0
[ "$(tail -n +2 "$T/ex3.csv" | cut -d, -f2 | sort -u | wc -l)" -eq 5 ] || fail "not 5 schools"
# the pupils who remain keep their pseudonyms
comm -13 <(cut -d, -f1 "$T/ex.csv" | sort) <(cut -d, -f1 "$T/ex3.csv" | sort) | grep -q . \
    && fail "a pupil's pseudonym changed"

case_ "another LA's officer sees none of these schools"
run school add --urn 932001 --name "Other Primary School" --la 932 --phase primary; expect_rc 0
run la evaluate --la 932 --json; expect_rc 0
expect_out '"schools_sharing": 0'; expect_out '"schools_not_sharing": 1'
expect_out "None of the local authority's schools has agreed to share"
run la extract --la 932 --out "$T/other.csv"; expect_rc 0
[ "$(wc -l < "$T/other.csv")" -eq 1 ] || fail "another LA's extract has rows"
expect_sql "SELECT count(*) FROM la_key" 2

done_
