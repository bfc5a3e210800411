#!/usr/bin/env bash
# meso evaluate fit: lme4's numbers from a CSV file, the JSON keys, and a clear
# message with exit status 2 for each kind of bad input (docs/evaluation.md).
source "$(dirname "$0")/lib.sh"
D=tests/lmm/data

case_ "a fit prints lme4's summary and the JSON has exactly the documented keys"
run evaluate fit --data $D/three.csv --formula 'post ~ pre + fsm + (1 + pre | school) + (1 | la)'
expect_rc 0; expect_out "Linear mixed model fit by REML"; expect_out "Number of obs: 1600, groups: school, 80; la, 10"
expect_out "Convergence: yes"; expect_out "between-within"
run evaluate fit --data $D/three.csv --formula 'post ~ pre + fsm + (1 + pre | school) + (1 | la)' --ml --json
expect_rc 0
keys=$(node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));
console.log(Object.keys(o).join(","), Object.keys(o.fixed.pre).join(","), Object.keys(o.random.school).join(","),
  o.reml, o.converged, o.groups.school, o.groups.la, Object.keys(o.random.school.corr).join(","),
  Math.abs(o.loglik - (-5701.050286)) < 1e-4)' <<<"$OUT")
[ "$keys" = "n,reml,loglik,aic,bic,converged,fixed,sigma,groups,random estimate,se,t,p sd,corr false true 80 10 (Intercept):pre true" ] \
    || fail "JSON keys or values: $keys"

case_ "--modes writes each group's conditional mode and SD, as lme4's ranef(condVar = TRUE)"
run evaluate fit --data $D/three.csv --formula 'post ~ pre + (1 | la/school)' --modes "$T/modes.csv"
expect_rc 0
grep -q '^"school:la","S001:L01","(Intercept)",-4.8742' "$T/modes.csv" || fail "modes: $(head -2 "$T/modes.csv")"
[ "$(wc -l < "$T/modes.csv")" -eq 91 ] || fail "80 schools and 10 LAs plus the header"

case_ "rows with a missing value are left out and counted"
run evaluate fit --data $D/missing.csv --formula 'post ~ pre + sen + (1 + pre | school)' --json
expect_rc 0; expect_out '"n": 926'; expect_err "74 of 1000 rows left out for a missing value"

case_ "a fit that stops early still prints, marked as not converged, with a warning"
run evaluate fit --data $D/two.csv --formula 'post ~ pre + fsm + (1 + pre | school)' --json --max-evaluations 3
expect_rc 0; expect_out '"converged": false'; expect_err "warning: the fit did not converge"

case_ "bad input: exit 2, a clear message, nothing else printed"
run evaluate fit --data $D/two.csv --formula 'post ~ pre + ks2 + (1 | school)'
expect_rc 2; expect_err "the formula names column ks2, which is not in the file"; expect_err "its columns are: "
[ -z "$OUT" ] || fail "output on error: $OUT"
printf 'school,pre,post\nA,1,2\nA,2,3.5\nB,3,4\nB,four,5\nC,5,6\nC,6,8\n' > "$T/bad.csv"
run evaluate fit --data "$T/bad.csv" --formula 'post ~ pre + (1 | school)'
expect_rc 2; expect_err "$T/bad.csv:5: pre: 'four' is not a number"
printf 'school,x,x2,post\nA,1,2,2\nA,2,4,3.5\nB,3,6,4\nB,4,8,5\nC,5,10,6\nC,6,12,8\n' > "$T/col.csv"
run evaluate fit --data "$T/col.csv" --formula 'post ~ x + x2 + (1 | school)'
expect_rc 2; expect_err "collinear fixed effects: x2 is a linear combination of x"
printf 'school,x,post\nA,1,2\nA,2,3.5\nA,3,4\nA,4,5\n' > "$T/one.csv"
run evaluate fit --data "$T/one.csv" --formula 'post ~ x + (1 | school)'
expect_rc 2; expect_err "grouping factor school has 1 level"
run evaluate fit --data $D/two.csv --formula 'post ~ pre + + fsm + (1 | school)'
expect_rc 2; expect_err "formula: at character 14"; expect_err "^"
run evaluate fit --data $D/three.csv --formula 'post ~ pre + (1 | school) + (1 | sex)'
expect_rc 2; expect_err "crossed, not nested"
run evaluate fit --data "$T/none.csv" --formula 'post ~ pre + (1 | school)'
expect_rc 2; expect_err "none.csv: cannot open"
run evaluate fit --formula 'post ~ pre + (1 | school)'
expect_rc 1; expect_err "--data FILE.csv is required"

case_ "evaluate implementation on the demo: it declines honestly where the records are too thin"
"$MESO_REL" --db "$MESO_DB" demo --seed 5 >/dev/null 2>&1 || fail "demo"
run evaluate implementation
expect_rc 0; expect_out "Implementation and outcomes: SDQ total difficulties (teacher)"; expect_out "No model was fitted."
run evaluate implementation --outcome attendance --json
expect_rc 0
node -e 'const o=JSON.parse(require("fs").readFileSync(0,"utf8"));
if (o.declined !== true || !o.reason || o.outcome !== "attendance" || !("pupils_in_scope" in o) || !/not the effects of a trial/.test(o.caveat)) process.exit(1)' <<<"$OUT" \
    || fail "JSON of a declined analysis: ${OUT:0:300}"
this_year=$(date -u +%Y); [ "$(date -u +%m)" -lt 9 ] && this_year=$((this_year - 1))
run evaluate implementation --outcome maths --year "$this_year"
expect_rc 0; expect_out "No model was fitted."
expect_sql "SELECT count(*) > 0 FROM audit WHERE entity = 'evaluation' AND detail = 'implementation analysis $this_year maths'" 1
run evaluate implementation --outcome nonsense
expect_rc 1; expect_err "--outcome must be one of sdq-teacher, sdq-parent, attendance"

case_ "the analysis dataset is pseudonymised, and the lmer() call is printed"
run evaluate implementation --outcome attendance --year "$this_year" --csv "$T/eval.csv"
expect_rc 0; expect_out "lmer(outcome ~ baseline"; expect_out "read.csv(\"eval.csv\""
head -1 "$T/eval.csv" | grep -qx 'pupil,key_teacher,outcome,baseline,fsm,sen,eal,year_group,sex,birth_month,fidelity,parent_reviews,methods,two_or_more' \
    || fail "CSV header: $(head -1 "$T/eval.csv")"
[ "$(wc -l < "$T/eval.csv")" -gt 10 ] || fail "CSV rows"
grep -qE '[A-Z][0-9]{12}' "$T/eval.csv" && fail "a UPN in the CSV"
grep -qE '[0-9]{4}-[0-9]{2}-[0-9]{2}' "$T/eval.csv" && fail "a full date in the CSV"
surname=$(sqlite3 -readonly "$MESO_DB" "SELECT legal_surname FROM pupil LIMIT 1")
grep -q "$surname" "$T/eval.csv" && fail "a name in the CSV"
done_
