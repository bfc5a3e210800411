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
done_
