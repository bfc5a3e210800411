#!/usr/bin/env bash
# Family programmes through the real binary: templates, a FAST cycle built
# here (schedule around half term, team warnings, hubs, consent, attendance
# for eight sessions, checklists, a follow-on meeting, costs, quotes), the
# report's figures in --json checked against values worked out by hand
# (families, graduation, mean sessions, fidelity, Hedges' g and its CI,
# reliable change), a Story Links case with stories and reading, and the
# invitation letter, booklet and report PDFs read back with pdftotext.
# Today is pinned to 10 March 2025.
source "$(dirname "$0")/lib.sh"
export MESO_TODAY=2025-03-10
# Writing PDFs loads fontconfig, whose one-off font cache LeakSanitizer would
# report (tests/e2e/lsan-fontconfig.supp says why).
export LSAN_OPTIONS="suppressions=$HERE/lsan-fontconfig.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

jv() { node -e 'const o = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const v = eval("o" + process.argv[1]); console.log(typeof v === "string" ? v : JSON.stringify(v));' "$1" <<<"$OUT" 2>/dev/null; }
expect_jv() { local got; got=$(jv "$1"); [ "$got" = "$2" ] || fail "json $1 is '$got', want '$2'"; }
expect_near() { local got; got=$(jv "$1"); node -e 'process.exit(Math.abs(+process.argv[1] - +process.argv[2]) < 1e-6 ? 0 : 1)' -- "$got" "$2" || fail "json $1 is '$got', want about $2"; }
pdf_text() { pdftotext -enc UTF-8 "$1" - 2>/dev/null | tr '\n' ' ' | tr -s ' '; }

"$MESO" init --school-urn 123456 --school-name "Hillside Primary" >/dev/null 2>&1
# The check letters for serials 001-013 (LA 999, establishment 2001, year 20).
UPNS=(R999200120001 F999200120002 V999200120003 J999200120004 Y999200120005 M999200120006
      B999200120007 Q999200120008 E999200120009 Q999200120010 E999200120011 U999200120012
      H999200120013)
{
    echo "UPN,Surname,Forename,DOB,Sex,Year,SEN,Primary Need"
    for i in $(seq 0 12); do
        echo "${UPNS[$i]},Family$((i + 1)),Child$((i + 1)),2017-0$(( (i % 9) + 1 ))-01,F,2,$([ $((i % 4)) -eq 0 ] && echo K || echo N),$([ $((i % 4)) -eq 0 ] && echo SEMH)"
    done
} > "$T/pupils.csv"
{
    echo "UPN,Carer Surname,Carer Forename,Title,Relationship,Mobile"
    for i in $(seq 0 12); do echo "${UPNS[$i]},Family$((i + 1)),Parent$((i + 1)),Ms,Mother,0770090$(printf '%04d' $i)"; done
} > "$T/carers.csv"
run import pupils "$T/pupils.csv"; expect_rc 0
run import carers "$T/carers.csv"; expect_rc 0
"$MESO" staff add --name "Priya Nair" --email priya@hillside.example.org --role teacher >/dev/null
"$MESO" holiday add --start 2025-02-17 --end 2025-02-21 --name "February half term" >/dev/null

case_ "templates are data: the built-in ones, a school's own, and a malformed one"
run template list --json; expect_rc 0
expect_jv '.templates.map(t => t.key).join()' "fast,story-links,generic-group,generic-individual"
expect_jv '.templates[0].hub_size.min' 8
expect_jv '.templates[0].roles.map(r => r.code + ":" + r.min).join()' "parent-partner:1,school-partner:1,community-partner:2,recreation-coordinator:1"
run template show fast --definition; expect_rc 0; expect_out "format meso-programme 1"
sed -e 's/^key fast$/key our-fast/' -e 's/^name .*/name Our FAST/' <<<"$OUT" > "$T/ours.programme"
run template add "$T/ours.programme"; expect_rc 0; expect_out "Added the programme template 'our-fast'"
printf 'format meso-programme 1\nkey bad\nname Bad\nkind group\nsessions 4\nsession-minutes 30\ncomplete-at 9\nagenda 5 x\n' > "$T/bad.programme"
run template add "$T/bad.programme"; expect_rc 2; expect_err "bad.programme:7: complete-at is 9, but there are only 4 sessions"

case_ "a FAST cycle: weekly Tuesdays from 7 January, skipping half term"
run programme start fast --start 2025-01-07 --name "FAST spring 2025" --staff-hours 10 --rate 20 \
    --time 15:15 --venue "the school hall" --evidence moderate --evidence-ref "FAST UK evaluation reports"
expect_rc 0; expect_out "Started programme 1: FAST spring 2025 (fast), universal tier, 2025-01-07 to 2025-03-04."
expect_out "6            Tue 2025-02-11"; expect_out "7            Tue 2025-02-25"
expect_out "FAST (Families and Schools Together) needs at least 1 parent partner on the team; there are none yet."
expect_sql "SELECT count(*) FROM programme_session WHERE provision_id = 1 AND session_date BETWEEN '2025-02-17' AND '2025-02-21'" 0

case_ "the team: a warning until every role has its minimum"
run programme team 1 --role school-partner --staff priya@hillside.example.org; expect_rc 0
run programme team 1 --role community-partner --name "Rosa Diaz"; expect_rc 0
expect_out "needs at least 2 community partners on the team; there is one."
run programme team 1 --role parent-partner --name "Sam Boateng"; expect_rc 0
run programme team 1 --role community-partner --name "Ali Khan"; expect_rc 0
run programme team 1 --role recreation-coordinator --name "Jess Wu"; expect_rc 0
expect_no_err "needs at least"; [[ "$OUT" != *"needs at least"* ]] || fail "warnings remain: $OUT"
run programme team 1 --role school-partner --staff nobody@example.org; expect_rc 2

case_ "families: ten with consent in hub 1, one declined, one waiting"
for i in $(seq 0 9); do run programme enrol 1 "${UPNS[$i]}" --consent given --hub 1 --consent-date 2025-01-06; expect_rc 0; done
run programme enrol 1 "${UPNS[10]}" --consent declined; expect_rc 0
run programme enrol 1 "${UPNS[11]}" --consent awaiting; expect_rc 0
[[ "$OUT" != *"To check"* ]] || fail "a family still to reply needs no hub: $OUT"
run programme enrol 1 "${UPNS[11]}" --consent given; expect_rc 0
expect_out "1 family is not in a hub yet"
run programme enrol 1 "${UPNS[11]}" --hub 1; expect_rc 0
expect_out "Hub 1 has 11 families; FAST (Families and Schools Together) hubs have 8 to 10."
run programme enrol 1 "${UPNS[11]}" --hub 0 --consent awaiting; expect_rc 0

case_ "attendance needs consent, and cannot be recorded before the day"
run programme session 1 1 --attended "${UPNS[11]}"; expect_rc 2; expect_err "consent"
run programme enrol 1 "${UPNS[12]}" --consent given --hub 1
run programme session 1 2 --attended "${UPNS[0]}" --date 2025-03-20; expect_rc 2; expect_err "record who came on or after the day"
run programme enrol 1 "${UPNS[12]}" --consent declined

case_ "eight sessions: who came, and each session's checklist"
# Families 1-6 come to all 8, family 7 to sessions 1-6, family 8 to 1-5 (and
# its child alone to 6), family 9 to 1-2, family 10 never.
LAST=(8 8 8 8 8 8 6 5 2 0)
for s in $(seq 1 8); do
    came=()
    for f in $(seq 0 9); do [ "${LAST[$f]}" -ge "$s" ] && came+=("${UPNS[$f]}"); done
    list=$(IFS=,; echo "${came[*]}")
    extra=()
    [ "$s" -eq 6 ] && extra=(--child-only "${UPNS[7]}")
    checklist=all; [ "$s" -eq 2 ] && checklist=1,2,3,4
    run programme session 1 "$s" --attended "$list" "${extra[@]}" --checklist "$checklist" --notes "Session $s"
    expect_rc 0
done
expect_out "Session 8 of FAST spring 2025 on 2025-03-04: held; 6 of 10 families came; checklist 100%."
expect_sql "SELECT count(*) FROM session_attendance a JOIN programme_session s ON s.id = a.session_id WHERE s.provision_id = 1" 80
expect_sql "SELECT CAST(child AS TEXT) || CAST(parent AS TEXT) FROM session_attendance a JOIN programme_session s ON s.id = a.session_id JOIN enrolment e ON e.id = a.enrolment_id JOIN pupil p ON p.id = e.pupil_id WHERE s.seq = 6 AND p.upn = '${UPNS[7]}'" 10

case_ "a follow-on meeting, costs and quotes"
run programme followon 1 --date 2025-03-08; expect_rc 0; expect_out "followon-1"
run programme session 1 followon-1 --attended "${UPNS[0]},${UPNS[1]},${UPNS[2]}"; expect_rc 0
run programme cost 1 --what "Family meal" --amount 40 --per-session; expect_rc 0
run programme cost 1 --what "Training" --amount 500; expect_rc 0
run programme quote 1 --who parent --text "We eat together at home now." --as "a parent"; expect_rc 2; expect_err "agreed to be quoted"
run programme quote 1 --who parent --text "We eat together at home now." --as "a parent" --consent 2025-03-04; expect_rc 0
run programme quote 1 --who staff --text "Parents talk to us at the gate." --as "a teacher" --consent 2025-03-04; expect_rc 0

# SDQ parent forms before and after for five families, through the measures
# capability; sdq_codes TOTAL gives 25 answers whose total difficulties is
# TOTAL (points on the difficulty items in turn, reversed items ticked the
# other way round, prosocial "certainly true").
sdq_codes() {
    local t=$1 i c rev=" 7 21 25 11 14 " out=()
    local order=(3 8 13 16 24 5 7 12 18 22 2 10 15 21 25 6 11 14 19 23)
    declare -A pts
    for i in "${order[@]}"; do c=$(( t >= 2 ? 2 : t )); pts[$i]=$c; t=$((t - c)); done
    for i in $(seq 1 25); do
        if [[ -v pts[$i] ]]; then c=${pts[$i]}; [[ "$rev" == *" $i "* ]] && c=$((2 - c)); else c=2; fi
        out+=("$c")
    done
    (IFS=,; echo "${out[*]}")
}
PRE=(22 18 16 14 20) POST=(12 15 15 13 19)
for i in 0 1 2 3 4; do
    run assessment add "${UPNS[$i]}" "$(sdq_codes "${PRE[$i]}")" --informant parent --date 2025-01-06; expect_rc 0
    run assessment add "${UPNS[$i]}" "$(sdq_codes "${POST[$i]}")" --informant parent --date 2025-03-06; expect_rc 0
done
# Too early to count as "before" (more than 90 days before the first session).
run assessment add "${UPNS[5]}" "$(sdq_codes 30)" --informant parent --date 2024-09-20; expect_rc 0
expect_sql "SELECT group_concat(s.value) FROM assessment a JOIN assessment_score s ON s.assessment_id = a.id WHERE s.score = 'total' AND a.assessed_on = '2025-01-06'" "22,18,16,14,20"

cat > "$T/outcomes.csv" <<CSV
UPN,Pre,Post
${UPNS[0]},22,12
${UPNS[1]},18,15
${UPNS[2]},16,15
${UPNS[3]},14,13
${UPNS[4]},20,19
CSV

case_ "report programme --json: the figures, worked by hand"
run report programme 1 --json; expect_rc 0
# Thirteen on the list: ten with consent, one waiting, two declined.
expect_jv .families_invited 13
expect_jv .consent.declined 2
expect_jv .consent.awaiting 1
expect_jv .families_enrolled 10
expect_jv .families_started 9
# Graduates: families 1-7 came to 6 or more of the 8 (child and parent).
expect_jv .families_completed 7
expect_jv .completion_word graduated
# (6 x 8 + 6 + 5 + 2 + 0) / 10 = 6.1; retention 7 / 9.
expect_near .mean_sessions_attended 6.1
expect_near .retention 0.7777777777777778
expect_near .completion_rate 0.7
# Fidelity: seven sessions with all five items, one with four: (7 + 0.8) / 8.
expect_near .mean_fidelity 0.975
expect_jv .fidelity_sessions 8
expect_jv '.fidelity_by_item[4].done' 7
expect_jv '.attendance_by_session.map(s => s.families).join()' "9,9,8,8,8,7,6,6"
expect_jv '.attendance_by_session[5].children' 8
expect_jv .reach.children 9
expect_jv .reach.sen 3
expect_jv .followon.meetings 1
expect_jv .followon.families 3
expect_jv '.quotes.length' 2
# Costs: 10 h x £20 x 8 = £1,600 staff; £40 x 8 + £500 other; 10 pupils.
expect_jv .costs.total_projected_pence 242000
expect_jv .costs.per_pupil_projected_pence 24200
# Hedges' g for the five pairs: means 18.0 -> 14.8; s_av = sqrt(8.6);
# d = -3.2 / 2.932576 = -1.091191; J = 0.8; g = -0.872953;
# SE(g) = 0.8 sqrt(2 (1 - 0.117851) / 5 + d^2 (1 + 0.117851^2) / 16) = 0.523564.
expect_jv .outcome.n 5
expect_jv .outcome.instrument sdq-parent-4-17
expect_near .outcome.mean_change -3.2
expect_near .outcome.hedges_g -0.872953
expect_near .outcome.ci_low -1.899120
expect_near .outcome.ci_high 0.153214
# Reliable change needs the measure's figures: none are shipped for the SDQ.
expect_jv .outcome.reliable_improvement null
expect_jv .outcome.rci_note "Reliable change needs the measure's test-retest r and SD."
run reliability set sdq-parent-4-17 total --retest-r 0.72 --sd 5.8 --source "our reference"; expect_rc 0
run report programme 1 --json; expect_rc 0
# With SD 5.8 and r 0.72: SE_diff = 4.340323; only the drop of 10 is reliable (RCI -2.30).
expect_jv .outcome.reliable_improvement 1
expect_jv .outcome.no_reliable_change 4
expect_jv .outcome.rci_source "our reference"
# Pairs given on the command line replace the stored ones.
run report programme 1 --json --outcomes "$T/outcomes.csv" --rci-sd 1.5 --rci-r 0.5; expect_rc 0
expect_near .outcome.hedges_g -0.872953
# SE_diff = 1.5 sqrt(2 x 0.5) = 1.5: drops of 10 and 3 are reliable (3 / 1.5 = 2 > 1.96).
expect_jv .outcome.reliable_improvement 2
printf 'upn,pre,post\n%s,10,10\n%s,12,10\n' "${UPNS[0]}" "${UPNS[1]}" > "$T/two.csv"
run report programme 1 --json --outcomes "$T/two.csv"; expect_rc 0
expect_jv .outcome.n 2
expect_jv .outcome.hedges_g null
expect_near .outcome.mean_change -1
printf 'upn,pre,post\nR999200120099,1,2\n' > "$T/bad.csv"
run report programme 1 --outcomes "$T/bad.csv"; expect_rc 2; expect_err "bad.csv:2: upn:"
run report programme 99 --json; expect_rc 2; expect_err "no programme number 99"

case_ "programme list --json lists cohorts with their ids"
run programme list --json; expect_rc 0
expect_jv .count 1; expect_jv '.programmes[0].id' 1; expect_jv '.programmes[0].template' fast
expect_jv '.programmes[0].sessions_held' 8

case_ "the invitation letter: refused once every session is past (it would mislead)"
run programme letter 1 "${UPNS[0]}" --out "$T/late.pdf"; expect_rc 2
expect_err "Every session of this programme is already past"
[ -e "$T/late.pdf" ] && fail "a refused letter was written"

case_ "the invitation letter: positive words, the dates, nothing about behaviour"
MESO_TODAY=2025-01-06 # before the first session
run programme letter 1 "${UPNS[0]}" --out "$T/letter.pdf"; expect_rc 0
MESO_TODAY=2025-03-10
text=$(pdf_text "$T/letter.pdf")
for want in "Your family is invited to FAST" "Dear Ms Family1," "We would love your family to join us for FAST" \
    "Child1" "Tuesday 7 January 2025, 15:15 to 17:45" "Tuesday 25 February 2025" "the school hall" \
    "Priya Nair, for the FAST spring 2025 team" "Private: for the family"; do
    grep -qF -- "$want" <<<"$text" || fail "letter lacks '$want': $text"
done
for bad in behaviour Behaviour concern problem; do
    grep -qF -- "$bad" <<<"$text" && fail "the letter mentions '$bad'"
done
grep -qF "Monday 17 February" <<<"$text" && fail "the letter lists a date in half term"

case_ "the report PDF: the effect size in words, and no child named"
run report programme 1 --pdf "$T/report.pdf" --families-pdf "$T/families.pdf"; expect_rc 0
text=$(pdf_text "$T/report.pdf")
for want in "FAST spring 2025: programme report" "Recruitment and retention" "Reach" "Attendance by session" \
    "Graduation" "7 of 10 enrolled families graduated" "Mean fidelity over 8 sessions with a checklist: 98%" \
    "SDQ, parent, total difficulties (lower scores are better)" \
    "Children's scores fell by 0.87 standard deviations from before to after." \
    "so on average this is a change for the better." \
    "There was no comparison group, so some of this change might have happened anyway." \
    "(95% confidence interval -1.90 to 0.15), from 5 children" \
    "The effect size uses no reliability figure. Reliable change uses a test-retest reliability of 0.72 and a standard deviation of 5.80, from: our reference." \
    "1 improved, 4 no reliable change, 0 deteriorated" \
    "We eat together at home now." "Moderate: at least one good trial" "This report names no child"; do
    grep -qF -- "$want" <<<"$text" || fail "report lacks '$want': ${text:0:3000}"
done
grep -qF "sdq-parent-4-17" <<<"$text" && fail "the report shows an internal key"
for k in $(seq 1 10); do
    grep -qw "Child$k" <<<"$text" && fail "the governors' report names Child$k"
done
text=$(pdf_text "$T/families.pdf")
for want in "each family" "For staff only" "Child1" "Child10"; do
    grep -qF -- "$want" <<<"$text" || fail "the families PDF lacks '$want': ${text:0:2000}"
done
run report programme 1; expect_rc 0
expect_out "Before and after (SDQ, parent, total difficulties, lower is better)"
expect_out "There was no comparison group"; expect_out "from: our reference."

case_ "Story Links: a case with a first meeting, stories, reading, and the booklet"
run programme start story-links --start 2025-01-27; expect_rc 0
expect_out "Started programme 2: Story Links (story-links), indicated tier, 2025-01-27 to 2025-04-28."
run programme enrol 2 "${UPNS[12]}" --consent given; expect_rc 0
run story add 2 1 --title "Too soon" --text "x"; expect_rc 0
run programme session 2 commitment --attended "${UPNS[12]}" --checklist all; expect_rc 0
printf 'The dragon woke up.\r\n\r\nShe read a book.\r\n' > "$T/story.txt"
run story add 2 1 --title "The Dragon's Mouth" --coauthors "Ms Nair, Child13, Mum, Mr Ali" --file "$T/story.txt" \
    --reading-level "Orange book band"; expect_rc 0
run story add 2 2 --title "The Dragon Flies" --text "Up she went."; expect_rc 0
printf '\x00\x01binary' > "$T/story.bin"
run story add 2 3 --title "Binary" --file "$T/story.bin"; expect_rc 2; expect_err "not plain text"
run story list 2 --json; expect_rc 0
expect_jv .count 2; expect_jv '.stories[0].title' "The Dragon's Mouth"; expect_jv '.stories[0].source' uploaded
run reading add 2 --date 2025-02-04 --staff priya@hillside.example.org; expect_rc 0
run reading add 2 --date 2025-03-11; expect_rc 2
run story booklet 2 --out "$T/booklet.pdf"; expect_rc 0
text=$(pdf_text "$T/booklet.pdf")
for want in "Child13's stories" "The Dragon's Mouth" "By Ms Nair, Child13, Mum, Mr Ali" "The dragon woke up." "She read a book." "The Dragon Flies"; do
    grep -qF -- "$want" <<<"$text" || fail "booklet lacks '$want': $text"
done
grep -qF "Orange book band" <<<"$text" && fail "the booklet shows staff notes"
run programme letter 2 "${UPNS[12]}" --out "$T/sl.pdf"; expect_rc 2
expect_err "no time or venue" # a letter must say when and where
sqlite3 "$MESO_DB" "UPDATE provision SET session_time = '15:30', venue = 'the library' WHERE id = 2"
run programme letter 2 "${UPNS[12]}" --out "$T/sl.pdf"; expect_rc 0
text=$(pdf_text "$T/sl.pdf")
grep -qF "Come and help with Child13's reading" <<<"$text" || fail "Story Links letter title: $text"
grep -qF "help with Child13's reading" <<<"$text" || fail "Story Links letter: $text"
grep -qiF "behaviour" <<<"$text" && fail "the Story Links letter mentions behaviour"
run report programme 2 --json; expect_rc 0
expect_jv .stories 2; expect_jv .reading.sessions 1; expect_jv .reading.aim_per_week 2
run programme followon 2 --date 2025-03-01; expect_rc 2; expect_err "no follow-on meetings"

# (SQLite files only: on PostgreSQL this would repeat make e2e exactly.)
if ! on_pg; then
case_ "the demo: one FAST cycle and two Story Links cases, the same for the same seed"
# The second demo from the release build: the same programmes from either build.
"$MESO" --db "$T/demo1.db" demo --seed 7 --pupils 200 >"$T/demo1.out" 2>&1 || fail "demo failed: $(cat "$T/demo1.out")"
"$MESO_REL" --db "$T/demo2.db" demo --seed 7 --pupils 200 >"$T/demo2.out" 2>&1 || fail "demo failed: $(cat "$T/demo2.out")"
grep -q "3 family programmes (FAST and Story Links)" "$T/demo1.out" || fail "demo summary: $(cat "$T/demo1.out")"
q="SELECT group_concat(x, ';') FROM (SELECT e.pupil_id || e.consent || coalesce(e.hub, '') AS x FROM enrolment e
   UNION ALL SELECT session_id || enrolment_id || child || parent FROM session_attendance
   UNION ALL SELECT title || body FROM story
   UNION ALL SELECT a.pupil_id || s.value || a.assessed_on FROM assessment a JOIN assessment_score s ON s.assessment_id = a.id
   UNION ALL SELECT session_date FROM programme_session)"
got1=$(sqlite3 "$T/demo1.db" "$q") && got2=$(sqlite3 "$T/demo2.db" "$q") || fail "the demo query failed"
[ -n "$got1" ] && [ "$got1" = "$got2" ] || fail "the same seed gave different programmes"
run --db "$T/demo1.db" programme list --json; expect_rc 0
expect_jv '.programmes.map(p => p.template).sort().join()' "fast,story-links,story-links"
FAST=$(jv '.programmes.find(p => p.template === "fast").id')
run --db "$T/demo1.db" report programme "$FAST" --json; expect_rc 0
[ "$(jv .families_enrolled)" -ge 8 ] || fail "demo FAST has $(jv .families_enrolled) families"
[ "$(jv .outcome.n)" -ge 3 ] || fail "demo FAST has $(jv .outcome.n) children with SDQs before and after"
[ "$(jv .outcome.hedges_g)" != null ] || fail "demo FAST has no effect size"
[ "$(jv .followon.meetings)" -ge 1 ] || fail "demo FAST has no FASTworks meetings"
expect_jv '.warnings.length' 0
# Issue 14 part 5: each effect size says which kind it is; FAST has a
# comparison group (Year 1 and 2 families screened at the same times).
expect_jv .outcome.effect_kind "Change from before to after, with no comparison group"
expect_jv .outcome.comparison.declined false
n_cmp=$(jv .outcome.comparison.n_comparison)
[ "$n_cmp" -ge 10 ] || fail "demo FAST's comparison group has $n_cmp pupils"
expect_jv .outcome.comparison.kind "Compared with $n_cmp similar pupils who were not in the programme"
expect_jv .outcome.comparison.formula "post ~ enrolled + pre + fsm + sen + year"
[ "$(jv '.outcome.comparison.ci_low < o.outcome.comparison.difference && o.outcome.comparison.difference < o.outcome.comparison.ci_high')" = true ] ||
    fail "the difference is not inside its interval"
grep -q "from: DEMO ONLY" <<<"$(jv .outcome.comparison.reliability_in_words)" || fail "the comparison does not name its reliability source"
run --db "$T/demo1.db" report programme "$FAST" --pdf "$T/fast.pdf"; expect_rc 0
txt=$(pdf_text "$T/fast.pdf")
for want in "Change from before to after, with no comparison group" \
    "Compared with $n_cmp similar pupils who were not in the programme" \
    "test-retest reliability used is 0.70, from: DEMO ONLY"; do
    grep -qF -- "$want" <<<"$txt" || fail "the FAST report PDF lacks: $want"
done
run --db "$T/demo1.db" report programme "$FAST"; expect_rc 0
expect_out "Comparison group: Compared with $n_cmp similar pupils who were not in the programme."
run --db "$T/demo1.db" programme list --json
for id in $(jv '.programmes.filter(p => p.template === "story-links").map(p => p.id).join(" ")'); do
    run --db "$T/demo1.db" report programme "$id" --json; expect_rc 0
    [ "$(jv .stories)" -ge 5 ] || fail "demo Story Links $id has $(jv .stories) stories"
    expect_jv .outcome.n 1
    # One child: too few for a comparison, and the report says why.
    expect_jv .outcome.comparison.declined true
    grep -q "^A comparison needs at least 10 children in the programme" <<<"$(jv .outcome.comparison.reason)" ||
        fail "Story Links $id: no reason for declining the comparison"
    [ "$(jv .reading.sessions)" -ge 5 ] || fail "demo Story Links $id has little reading"
done
sqlite3 "$T/demo1.db" "SELECT count(*) FROM holiday" | grep -qx 12 || fail "demo holidays (the usual four in term time; last year, this year and next)"
fi

case_ "every change is in the audit trail"
expect_sql "SELECT count(*) > 80 FROM audit WHERE entity = 'provision' AND action = 'attendance'" 1
expect_sql "SELECT count(*) FROM audit WHERE action = 'save story'" 3

done_
