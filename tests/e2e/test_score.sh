#!/usr/bin/env bash
# End-to-end tests of `meso score sdq|mmf|file`: exact JSON and text output,
# and exit codes (2 for invalid input, 1 for usage mistakes). Uses bash and
# grep only. The binary is $MESO_BIN (default ./meso); run from the
# repository root. Exits non-zero when any check fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
MESO=${MESO_BIN:-./meso}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# `meso score` needs no database: point at one that must never appear.
export MESO_DB="$tmp/never.db"

pass=0
fail=0
bad() {
    echo "FAIL: $*" >&2
    fail=$((fail + 1))
}

# run ARGS...: runs meso; sets $out, $err and $status.
run() {
    "$MESO" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

# expect_out NAME WANT ARGS...: exit 0, stdout exactly WANT, stderr empty.
expect_out() {
    local name=$1 want=$2
    shift 2
    run "$@"
    if [ "$status" -ne 0 ]; then
        bad "$name: exit $status, stderr: $err"
    elif [ "$out" != "$want" ]; then
        bad "$name: output differs"
        printf -- '--- expected\n%s\n--- got\n%s\n' "$want" "$out" >&2
    elif [ -n "$err" ]; then
        bad "$name: unexpected stderr: $err"
    else
        pass=$((pass + 1))
    fi
}

# expect_fail NAME STATUS MESSAGE ARGS...: exit STATUS, nothing on stdout,
# stderr contains MESSAGE (a fixed string).
expect_fail() {
    local name=$1 want_status=$2 msg=$3
    shift 3
    run "$@"
    if [ "$status" -ne "$want_status" ]; then
        bad "$name: exit $status, expected $want_status (stderr: $err)"
    elif [ -n "$out" ]; then
        bad "$name: unexpected stdout: $out"
    elif ! grep -qF -- "$msg" "$tmp/err"; then
        bad "$name: stderr lacks '$msg': $err"
    else
        pass=$((pass + 1))
    fi
}

# Items 1-25: 0,1,2,1,0,1,2,0,1,2,1,0,1,2,0,1,2,0,1,2,1,0,1,2,0.
# emotional 3,8,13,16,24 = 2+0+1+1+2 = 6; conduct 5,7r,12,18,22 =
# 0+(2-2)+0+0+0 = 0; hyperactivity 2,10,15,21r,25r = 1+2+0+(2-1)+(2-0) = 6;
# peer 6,11r,14r,19,23 = 1+(2-1)+(2-2)+1+1 = 4; prosocial 1,4,9,17,20 =
# 0+1+1+2+2 = 6; total 16. Impact 1,2,1,0,3,(missing): gate yes; distress
# 2->1, home 1->0, friends 0->0, learning 3->2, leisure missing 0: 3.
R1=0,1,2,1,0,1,2,0,1,2,1,0,1,2,0,1,2,0,1,2,1,0,1,2,0

expect_out "parent 4-17 json" '{
  "instrument": "sdq-parent-4-17",
  "version": "2",
  "emotional": 6,
  "conduct": 0,
  "hyperactivity": 6,
  "peer": 4,
  "prosocial": 6,
  "total": 16,
  "externalising": 6,
  "internalising": 10,
  "impact": 3,
  "bands": {
    "four_band": {
      "emotional": "high",
      "conduct": "close to average",
      "hyperactivity": "slightly raised",
      "peer": "high",
      "prosocial": "low",
      "total": "slightly raised",
      "impact": "very high"
    },
    "three_band": {
      "emotional": "abnormal",
      "conduct": "normal",
      "hyperactivity": "borderline",
      "peer": "abnormal",
      "prosocial": "normal",
      "total": "borderline",
      "impact": "abnormal"
    }
  }
}' score sdq --informant parent --age 8 --impact 1,2,1,0,3, --json "$R1"

# Age 3 uses the 2-4 form, which has no bands. Item 25 missing:
# hyperactivity 1+2+0+1 = 4 over 4 answered -> 4 x 5 / 4 = 5. No --impact:
# impact missing.
expect_out "teacher 2-4 json" '{
  "instrument": "sdq-teacher-2-4",
  "version": "1",
  "emotional": 6,
  "conduct": 0,
  "hyperactivity": 5,
  "peer": 4,
  "prosocial": 6,
  "total": 15,
  "externalising": 5,
  "internalising": 10,
  "impact": null,
  "bands": {
    "four_band": {
      "emotional": null,
      "conduct": null,
      "hyperactivity": null,
      "peer": null,
      "prosocial": null,
      "total": null,
      "impact": null
    },
    "three_band": {
      "emotional": null,
      "conduct": null,
      "hyperactivity": null,
      "peer": null,
      "prosocial": null,
      "total": null,
      "impact": null
    }
  }
}' score sdq --informant teacher --age 3 --json "${R1%,0},"

# Self-report, age 14. All 0 except items 3 and 8 = 1; items 24, 6, 11, 14
# missing. emotional: 4 answered, sum 2 -> 2.5 -> 3 (half up). conduct: 7r
# scores 2. hyperactivity: 21r and 25r score 2 each = 4. peer: 2 answered ->
# missing, so total and internalising are missing. Impact: "any
# difficulties?" No -> 0 whatever follows.
expect_out "self 11-17 json, half up and missing" '{
  "instrument": "sdq-self-11-17",
  "version": "2",
  "emotional": 3,
  "conduct": 2,
  "hyperactivity": 4,
  "peer": null,
  "prosocial": 0,
  "total": null,
  "externalising": 6,
  "internalising": null,
  "impact": 0,
  "bands": {
    "four_band": {
      "emotional": "close to average",
      "conduct": "close to average",
      "hyperactivity": "close to average",
      "peer": null,
      "prosocial": "very low",
      "total": null,
      "impact": "close to average"
    },
    "three_band": {
      "emotional": "normal",
      "conduct": "normal",
      "hyperactivity": "normal",
      "peer": null,
      "prosocial": "abnormal",
      "total": null,
      "impact": "normal"
    }
  }
}' score sdq --informant self --age 14 --impact 0,3,3,3,3,3 --json \
    "0,0,1,0,0,,0,1,0,0,,0,0,,0,0,0,0,0,0,0,0,0,,0"

# All 2: reversed items score 0. emotional 10, conduct 8, hyperactivity 6,
# peer 6, prosocial 10, total 30. Teacher impact 1,3,3,3 = 2+2+2 = 6. The
# teacher form's three-band table has the total and impact only (the
# subscales' cut-offs are not sourced); it has no four-band impact bands.
ALL2=2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2
expect_out "teacher 4-17 text" 'SDQ teacher form (ages 4-17): sdq-teacher-4-17, version 2

score            value  four_band         three_band
emotional           10  very high         -
conduct              8  very high         -
hyperactivity        6  slightly raised   -
peer                 6  very high         -
prosocial           10  close to average  -
total               30  very high         abnormal
externalising       14
internalising       16
impact               6  -                 abnormal' score sdq --informant teacher --age 10 --impact 1,3,3,3 "$ALL2"

run score sdq --informant teacher --age 10 --impact 1,3,3,3 --json "$ALL2"
if [ "$status" -eq 0 ] && grep -qF '"impact": 6,' "$tmp/out" &&
    [ "$(grep -c '": null' "$tmp/out")" -eq 6 ]; then
    pass=$((pass + 1))
else
    bad "teacher 4-17 json: impact 6 with 6 null bands expected: $out"
fi

# Me and My Feelings: items 1-10 sum 10 (borderline); items 11-16 =
# 1,0,1,2,(15r: 2-0 = 2),1 = 7 (clinically significant).
expect_out "mmf json" '{
  "instrument": "mmf",
  "version": "1",
  "emotional": 10,
  "behavioural": 7,
  "bands": {
    "thresholds": {
      "emotional": "borderline",
      "behavioural": "clinically significant"
    }
  }
}' score mmf --json 0,1,2,1,0,1,2,0,1,2,1,0,1,2,0,1

# A school's own measure: all 1 with items 4 and 9 reversed (3 - 1 = 2):
# mood 7, friends 7, overall 14; impact 3->2 + 2->1 + 0->0 = 3.
expect_out "custom definition json" '{
  "instrument": "our-wellbeing",
  "version": "2024-1",
  "mood": 7,
  "friends": 7,
  "overall": 14,
  "impact": 3,
  "bands": {
    "school": {
      "mood": "fine",
      "friends": null,
      "overall": "fine",
      "impact": null
    }
  }
}' score file tests/corpus/instrument/valid-wellbeing.measure --impact 1,3,2,0 --json \
    1,1,1,1,1,1,1,1,1,1,1,1

# Invalid input: exit 2 with a message naming the problem.
expect_fail "value out of range" 2 "response 23: '3' is not allowed (0 to 2, or empty when missing)" \
    score sdq --informant parent --age 8 "${R1%,1,2,0},3,2,0"
expect_fail "not a number" 2 "response 1: 'x' is not allowed" \
    score sdq --informant parent --age 8 "x${R1#0}"
expect_fail "too few values" 2 "expected 25 responses, got 24" \
    score sdq --informant parent --age 8 "${R1%,0}"
expect_fail "too many values" 2 "expected 25 responses, got 26" \
    score sdq --informant parent --age 8 "$R1,1"
expect_fail "unknown informant" 2 "unknown informant 'carer': use parent, teacher or self" \
    score sdq --informant carer --age 8 "$R1"
expect_fail "self too young" 2 "the self-report SDQ is for ages 11 to 17 (got 10)" \
    score sdq --informant self --age 10 "$R1"
expect_fail "parent too old" 2 "the parent SDQ is for ages 2 to 17 (got 18)" \
    score sdq --informant parent --age 18 "$R1"
expect_fail "teacher too young" 2 "the teacher SDQ is for ages 2 to 17 (got 1)" \
    score sdq --informant teacher --age 1 "$R1"
expect_fail "impact count" 2 "--impact: expected 4 impact responses, got 6" \
    score sdq --informant teacher --age 8 --impact 1,1,1,1,1,1 "$R1"
expect_fail "impact value" 2 "--impact: impact response 2: '4' is not allowed (0 to 3" \
    score sdq --informant parent --age 8 --impact 1,4,1,1,1,1 "$R1"
expect_fail "mmf count" 2 "expected 16 responses, got 25" score mmf "$R1"
expect_fail "mmf too young" 2 "Me and My Feelings is for ages 8 and over (got 7)" \
    score mmf --age 7 0,1,2,1,0,1,2,0,1,2,1,0,1,2,0,1
expect_fail "malformed definition" 2 \
    "tests/corpus/instrument/bad-overlap.measure:10: the band 3 to 6 overlaps the band 0 to 4" \
    score file tests/corpus/instrument/bad-overlap.measure 1,1,1,1,1
expect_fail "definition has no impact" 2 "tiny has no impact supplement" \
    score file tests/corpus/instrument/valid-minimal.measure --impact 1 1,1,1
expect_fail "missing definition" 2 "cannot read $tmp/none.measure" \
    score file "$tmp/none.measure" 1,1,1

# Usage mistakes: exit 1.
expect_fail "no informant" 1 "needs --informant parent, teacher or self" \
    score sdq --age 8 "$R1"
expect_fail "no age" 1 "needs --age YEARS" score sdq --informant parent "$R1"
expect_fail "age not a number" 1 "--age takes the child's age in whole years (got 'eight')" \
    score sdq --informant parent --age eight "$R1"
expect_fail "no responses" 1 "missing RESPONSES" score sdq --informant parent --age 8
expect_fail "unknown option" 1 "unknown option --colour" \
    score sdq --informant parent --age 8 --colour red "$R1"
expect_fail "no definition" 1 "missing DEFINITION RESPONSES" score file
expect_fail "mmf takes no --impact" 1 "unknown option --impact" \
    score mmf --impact 1 0,1,2,1,0,1,2,0,1,2,1,0,1,2,0,1

# Help comes from the command table.
run help score sdq
if [ "$status" -eq 0 ] && grep -qF -- "--informant WHO" "$tmp/out"; then
    pass=$((pass + 1))
else
    bad "help score sdq: $out"
fi

if [ -e "$MESO_DB" ]; then
    bad "meso score created a database at $MESO_DB"
fi

echo "score e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
