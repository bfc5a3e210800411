#!/usr/bin/env bash
# The provision map through the real binary, on a school built here:
# provisions at each tier (one ended), outcomes and evidence, enrolments with
# overlapping and non-overlapping dates, declined consent and a pupil who
# left, risk factors and a questionnaire that flag needs, Achievement for
# All chosen with one strand left unmapped. `meso report provision --json`
# is checked exactly (tiers, costs, evidence shares, gaps, overload, unmet
# need), then reviews, external involvements, each pupil's provision, and
# bad input (exit 2, a message naming the place, nothing written).
# Today is pinned to 2 March 2026.
source "$(dirname "$0")/lib.sh"
export MESO_TODAY=2026-03-02
# The PDF and PNG draw with pango: fontconfig's one-off cache is not a leak
# (tests/e2e/lsan-fontconfig.supp says why).
export LSAN_OPTIONS="suppressions=$HERE/lsan-fontconfig.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

jv() { node -e 'const o = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const v = eval("o" + process.argv[1]); console.log(typeof v === "string" ? v : JSON.stringify(v));' "$1" <<<"$OUT" 2>/dev/null; }
expect_jv() { local got; got=$(jv "$1"); [ "$got" = "$2" ] || fail "json $1 is '$got', want '$2'"; }

"$MESO" init --school-urn 123456 --school-name "Hillside Primary" >/dev/null 2>&1
UPNS=(R999200120001 F999200120002 V999200120003 J999200120004 Y999200120005 M999200120006
      B999200120007 Q999200120008)
{
    echo "UPN,Surname,Forename,DOB,Sex,Year"
    for i in $(seq 0 7); do echo "${UPNS[$i]},Family$((i + 1)),Child$((i + 1)),2018-0$((i + 1))-01,F,2"; done
} > "$T/pupils.csv"
run import pupils "$T/pupils.csv"; expect_rc 0
"$MESO" staff add --name "Priya Nair" --email priya@hillside.example.org --role lead >/dev/null

case_ "frameworks: three built in; the school chooses Achievement for All"
run framework list --json; expect_rc 0
expect_jv '.frameworks.map(f => f.key + ":" + f.components.length).join()' "afa:3,kidsmatter:4,tamhs:3"
run framework choose afa; expect_rc 0
run framework list; expect_rc 0; expect_out "* afa  Achievement for All"

case_ "provisions at each tier, one of them ended"
run provision add "PSHE and RSE curriculum" --tier universal --outcomes emotional,positive_relationships \
    --evidence promising --start 2025-09-01 --sessions 30 --staff-hours 1 --rate 20 \
    --components afa/wider-outcomes
expect_rc 0; expect_out "Added provision 1: PSHE and RSE curriculum, universal tier, from 2025-09-01."
run provision add "Nurture group" --tier selected --outcomes emotional,peer --evidence moderate \
    --start 2026-01-05 --end 2026-07-17 --sessions 20 --staff-hours 2 --rate 15 --other-cost 200 \
    --review 2026-03-13 --components afa/assessment
expect_rc 0
run provision add "Worry busters" --tier selected --outcomes emotional --start 2026-02-02 \
    --end 2026-03-27 --sessions 8 --staff-hours 1.5 --rate 20
expect_rc 0
run provision add "Reading recovery" --tier indicated --outcomes reading --start 2026-01-12 \
    --sessions 40 --staff-hours 0.5 --rate 20
expect_rc 0
run provision add "Lunchtime club" --tier selected --outcomes conduct --evidence limited \
    --start 2025-09-01 --end 2025-12-19 --sessions 10 --staff-hours 1 --rate 12 --review 2025-12-12
expect_rc 0
run provision map 5 afa/conversations; expect_rc 0
run provision list --json; expect_rc 0
expect_jv '.provisions.find(p => p.id === 5).components.join()' "afa/conversations"

case_ "enrolments: overlapping, declined, left, and one that has not begun yet (13 April)"
enrol() { run provision enrol "$@"; expect_rc 0; }
enrol 2 "${UPNS[0]}" --consent given --date 2026-01-05
enrol 3 "${UPNS[0]}" --consent given --date 2026-02-02
enrol 2 "${UPNS[1]}" --consent given --date 2026-01-05
enrol 3 "${UPNS[1]}" --consent declined --date 2026-02-02
enrol 3 "${UPNS[2]}" --consent given --date 2026-02-02
enrol 2 "${UPNS[2]}" --consent given --date 2026-04-13
enrol 4 "${UPNS[3]}" --consent given --date 2026-01-12
enrol 2 "${UPNS[3]}" --consent given --date 2026-01-05 --left 2026-02-01 --reason "moved class"
enrol 4 "${UPNS[4]}" --consent awaiting --date 2026-01-12
enrol 5 "${UPNS[4]}" --consent given --date 2025-09-01

case_ "needs flagged by risk factors and a questionnaire"
"$MESO" factor add "${UPNS[5]}" --type low_attendance --date 2026-01-10 >/dev/null || fail "factor"
"$MESO" factor add "${UPNS[6]}" --type bullied --date 2026-02-01 >/dev/null || fail "factor"
"$MESO" factor add "${UPNS[7]}" --type bullied --date 2026-02-03 >/dev/null || fail "factor"
"$MESO" factor add "${UPNS[7]}" --type exclusion --date 2025-10-03 --ended 2025-12-01 >/dev/null || fail "factor"
"$MESO" factor add "${UPNS[0]}" --type low_self_esteem --date 2026-01-02 >/dev/null || fail "factor"
# Child5 is flagged on emotional wellbeing too, but takes part only in
# reading recovery: a need unmet for her although other provisions target it.
"$MESO" factor add "${UPNS[4]}" --type low_self_esteem --date 2026-01-20 >/dev/null || fail "factor"
# Teacher SDQ: conduct problems 8 (very high), the rest close to average
# (prosocial 10).
SDQ=2,0,0,2,2,0,0,0,2,0,0,2,0,0,0,0,2,2,0,2,0,2,0,0,0
run assessment add "${UPNS[1]}" "$SDQ" --informant teacher --date 2026-02-10; expect_rc 0
expect_sql "SELECT group_concat(outcome) FROM screening_need WHERE level >= 2" "conduct"

case_ "the provision map, exactly"
run report provision --json; expect_rc 0
expect_jv '.school.urn' "123456"
expect_jv '.as_of' "2026-03-02"
expect_jv '.pupils_on_roll' 8
# Pupils reached at each tier: the PSHE curriculum has nobody enrolled, so it
# is whole-school and reaches all 8; cost per pupil reached.
expect_jv '.tiers.universal.pupils + "," + o.tiers.selected.pupils + "," + o.tiers.indicated.pupils' "8,3,2"
expect_jv '.tiers.selected.provisions.map(p => p.name + ":" + p.pupils + ":" + p.evidence_rating).join()' \
    "Nurture group:2:moderate,Worry busters:2:null"
expect_jv '.tiers.universal.provisions.map(p => p.id + ":" + p.pupils + ":" + p.whole_school).join()' "1:8:true"
expect_jv '.tiers.indicated.provisions[0]' '{"id":4,"name":"Reading recovery","evidence_rating":null,"evidence_informed":false,"pupils":2,"whole_school":false,"followon":null,"cost":40000}'
expect_jv '.tiers.universal.cost + "," + o.tiers.selected.cost + "," + o.tiers.indicated.cost' "60000,104000,40000"
expect_jv '.tiers.universal.cost_per_pupil + "," + o.tiers.selected.cost_per_pupil + "," + o.tiers.indicated.cost_per_pupil' "7500,34667,20000"
expect_jv '.cost_total' 204000
expect_jv '.evidence_share' 0.5
expect_jv '.pupils_reached + "," + o.pupils_reached_evidence' "8,8"
expect_jv '.pupils_evidence_share' 1
expect_jv '.components.map(c => c.key + ":" + c.gap + ":" + c.provisions.map(p => p.id).join("+")).join()' \
    "assessment:false:2,conversations:true:,wider-outcomes:false:1"
expect_jv '.gaps' 1
expect_jv '.overload' '[{"pupil":{"id":1,"upn":"R999200120001","name":"Child1 Family1"},"outcome":"emotional","label":"Emotional wellbeing","provisions":[{"id":2,"name":"Nurture group"},{"id":3,"name":"Worry busters"}]}]'
# Several provisions for one need at one tier: emotional wellbeing, selected.
expect_jv '.several' 1
expect_jv '.outcomes.map(r => r.outcome + ":" + r.universal.count + r.selected.count + r.indicated.count + (r.selected.several ? "!" : "")).join()' \
    "emotional:120!,peer:010,reading:001,positive_relationships:100"
# Unmet need child by child: bullying (2), then in the outcome list's order
# emotional wellbeing (Child5 alone: Child1 is in two groups for it), conduct, attendance.
expect_jv '.unmet.map(u => u.outcome + ":" + u.flagged + ":" + u.pupils + ":" + u.targeted + ":" + u.children.map(c => c.upn).join("+")).join()' \
    "bullying:2:2:false:B999200120007+Q999200120008,emotional:2:1:true:Y999200120005,conduct:1:1:false:F999200120002,attendance:1:1:false:M999200120006"
expect_jv '.unmet.find(u => u.outcome === "conduct").children[0].reasons' "SDQ, teacher, conduct: very high"
expect_jv '.children_flagged + "," + o.children_unmet' "6,5"
expect_jv '.involvements' '{"open":0,"past_timescale":0}'
expect_sql "SELECT count(*) FROM audit WHERE entity = 'provision' AND action = 'list' AND detail = 'provision map on 2026-03-02'" 1

case_ "the text summary, and the map on another day"
run report provision; expect_rc 0
expect_out "Provision map: Hillside Primary, on 2026-03-02"
expect_out "afa/conversations Structured conversations with parents: GAP"
expect_out "Child1 Family1, Emotional wellbeing: Nurture group, Worry busters"
expect_out "Feeling safe from bullying: 2 of 2 flagged (no provision targets it yet)"
expect_out "Emotional wellbeing: 1 of 2 flagged"
expect_out "PSHE and RSE curriculum (pupils: 8, every pupil on roll; cost: £600"
expect_out "8 pupils reached, 1 provision; cost £600.00, £75 a pupil (8 reached)"
run report provision --as-of 2026-04-20 --json; expect_rc 0
expect_jv '.overload.length' 0
expect_jv '.tiers.selected.provisions.map(p => p.name).join()' "Nurture group"

case_ "reviews: scored -2 to +2, due and overdue, outcomes per provision"
run review add 2 "${UPNS[0]}" --score 1 --note "Settles quickly in the mornings" \
    --reviewer priya@hillside.example.org --date 2026-02-27
expect_rc 0; expect_out "+1 (More than expected)"
run review add 2 "${UPNS[1]}" --score -1 --reviewer priya@hillside.example.org --date 2026-01-20
expect_rc 0
run review due --json; expect_rc 0
expect_jv '.reviews.map(r => r.provision.name + ":" + r.pupil.upn + ":" + r.state + ":" + r.due_on).join()' \
    "Lunchtime club:Y999200120005:overdue:2025-12-12,Nurture group:F999200120002:due:2026-03-13,Nurture group:V999200120003:due:2026-03-13"
run report reviews --json; expect_rc 0
expect_jv '.provisions.find(p => p.provision.id === 2).scores' '{"0":0,"-2":0,"-1":1,"+1":1,"+2":0}'
expect_jv '.provisions.find(p => p.provision.id === 2).mean' 0
expect_jv '.provisions.find(p => p.provision.id === 2).share_expected' 0.5
expect_jv '.provisions.find(p => p.provision.id === 2).pupils' 4

case_ "external involvements: the time taken against the local timescale"
run involvement add "${UPNS[3]}" --service ep --referred 2026-01-05 --asked "How Child4 learns best"
expect_rc 0; expect_out "Recorded involvement 1"
run involvement add "${UPNS[1]}" --service camhs --referred 2026-02-20 --asked "Advice on worries at home"
expect_rc 0
run involvement list --json; expect_rc 0
expect_jv '.involvements.map(i => i.service + ":" + i.days_taken + ":" + i.timescale_days + ":" + i.past_timescale).join()' \
    "camhs:10:84:false,educational_psychology:56:42:true"
run involvement timescale educational_psychology 60; expect_rc 0
expect_out "educational_psychology     60 days"
run report provision --json; expect_rc 0
expect_jv '.involvements' '{"open":2,"past_timescale":0}'
run involvement update 1 --advice "Short instructions; a visual timetable" --advice-date 2026-02-26
expect_rc 0; expect_out "Advice received since 2026-02-26; 52 days since the referral"

case_ "each pupil's provision: dates, tier, reviews and involvements"
run pupils provision "${UPNS[0]}" --json; expect_rc 0
expect_jv '.provisions.map(p => p.provision.name + ":" + p.tier + ":" + p.enrolled_on + ":" + p.current).join()' \
    "Nurture group:selected:2026-01-05:true,Worry busters:selected:2026-02-02:true"
expect_jv '.provisions[0].reviews[0].score' 1
run pupils provision "${UPNS[3]}"; expect_rc 0
expect_out "Educational psychology, referred 2026-01-05"
expect_out "Advice (2026-02-26): Short instructions; a visual timetable"

case_ "bad input: exit 2, the place named, nothing written"
before=$(dbsum)
run review add 2 "${UPNS[0]}" --score 3; expect_rc 2
expect_err "score: give a score from -2"
run review add 3 "${UPNS[1]}" --score 0; expect_rc 2
expect_err "pupil: the pupil's consent to this provision is not recorded as given"
run provision add "Mystery" --tier everyone --outcomes happiness --components afa/nothing; expect_rc 2
expect_err "tier: choose a tier"
expect_err "outcomes: 'happiness' is not in the list of outcomes"
expect_err "components: 'afa/nothing' is not a framework component"
run provision map 2 kidsmatter/nothing; expect_rc 2
expect_err "kidsmatter/nothing: KidsMatter has no component 'nothing'"
run involvement add "${UPNS[0]}" --service police --referred 2026-02-01 --asked "x"; expect_rc 2
expect_err "service: choose a service"
run involvement update 1 --advice-date 2025-12-01 --advice "x"; expect_rc 2
expect_err "advice_on: the advice is dated before the referral"
run framework choose afa nope; expect_rc 2
expect_err "there is no framework 'nope'"
printf 'meso-framework 1\nkey: ours\nname: Ours\ncomponent a A\n' > "$T/bad.framework"
run framework add "$T/bad.framework"; expect_rc 2
expect_err "bad.framework:4: write a component as 'component KEY: Name'"
run involvement timescale camhs 0; expect_rc 2
run report provision --as-of 2026-13-01; expect_rc 1
[ "$(dbsum)" = "$before" ] || fail "the database changed after refused input"

case_ "the map and a pupil's record as files (PDF, PNG)"
run report provision --pdf "$T/map.pdf" --png "$T/map.png"; expect_rc 0
expect_err "Wrote $T/map.pdf."
head -c 5 "$T/map.pdf" | grep -q '%PDF-' || fail "the map is not a PDF"
txt=$(pdftotext -enc UTF-8 "$T/map.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
for want in "Provision map" "Indicated tier" "The three tiers" "Framework coverage" "Cost"; do
    grep -qF -- "$want" <<<"$txt" || fail "the map PDF lacks: $want"
done
[ "$(head -c 8 "$T/map.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "the map PNG signature"
run pupils provision "${UPNS[0]}" --pdf "$T/pupil.pdf"; expect_rc 0
txt=$(pdftotext -enc UTF-8 "$T/pupil.pdf" - 2>/dev/null | tr '\n' ' ' | tr -s ' ')
grep -qF "Provision record" <<<"$txt" || fail "the pupil's PDF: $txt"
run report provision --pdf "$T/no/such/dir/map.pdf"; expect_rc 3

case_ "a school's own framework"
printf 'meso-framework 1\nkey: nurture\nname: Nurture principles\ncomponent safe-base: The classroom offers a safe base\n' > "$T/ours.framework"
run framework add "$T/ours.framework"; expect_rc 0
run framework choose afa nurture; expect_rc 0
run report provision --json; expect_rc 0
expect_jv '.components.length' 4
expect_jv '.gaps' 2

done_
