#!/usr/bin/env bash
# Spreadsheets (.xlsx) from the command line: the pupil list with filters,
# the conversations report, screening, the provision map and a programme's
# attendance, each opened (unzip) and read as sheet XML: the rows are there,
# no cell is a formula, and text that looks like one (=, +, -, @) is a text
# cell.
source "$(dirname "$0")/lib.sh"

"$MESO_REL" demo --seed 3 >/dev/null 2>&1 || fail "demo"
urn=$(sql "SELECT urn FROM school ORDER BY id LIMIT 1")
cat > "$T/odd.csv" <<CSV
UPN,Surname,Forename,Preferred Forename,DOB,Sex,Year,First Language,Reg
W999200119042,"=SUM(1;2)*HYPERLINK(""http://example.org"")",@cmd,+44 7700 900000,2018-03-04,F,4,-2+3,=4B
CSV
run import pupils "$T/odd.csv" --school "$urn"; expect_rc 0

# sheet FILE N: the XML of the N-th sheet; strings FILE: the shared strings.
sheet() { unzip -p "$1" "xl/worksheets/sheet$2.xml"; }
strings() { unzip -p "$1" xl/sharedStrings.xml; }
# The index of a shared string (as it is written in the XML), or nothing.
string_index() { strings "$1" | grep -o '<si><t[^>]*>[^<]*</t></si>' | grep -n -F -- "$2" | head -1 | cut -d: -f1; }
no_formulas() {
    local n
    n=$(unzip -l "$1" | grep -c 'xl/worksheets/sheet')
    [ "$n" -ge 1 ] || fail "$1: no sheets"
    for i in $(seq 1 "$n"); do
        if sheet "$1" "$i" | grep -q '<f>'; then fail "$1: sheet $i has a formula"; fi
    done
}

case_ "the pupil list with its filters"
run pupils list --year 4 --xlsx "$T/pupils.xlsx" --school "$urn"; expect_rc 0; expect_out "Wrote $T/pupils.xlsx"
[ "$(head -c 2 "$T/pupils.xlsx")" = "PK" ] || fail "not a zip"
unzip -p "$T/pupils.xlsx" xl/workbook.xml | grep -q 'name="Pupils"' || fail "no Pupils sheet"
year4=$(sql "SELECT count(*) FROM pupil WHERE nc_year = '4' AND (leaving_date IS NULL OR leaving_date > '$(date -u +%F)')")
rows=$(sheet "$T/pupils.xlsx" 2 | grep -o '<row ' | wc -l)
[ "$rows" = $((year4 + 1)) ] || fail "the Pupils sheet has $rows rows, want $((year4 + 1)) (a header and $year4 pupils)"
no_formulas "$T/pupils.xlsx"
for odd in '=SUM(1;2)*HYPERLINK("http://example.org")' '@cmd' '+44 7700 900000' '-2+3' '=4B'; do
    idx=$(string_index "$T/pupils.xlsx" "$odd")
    [ -n "$idx" ] || { fail "the text $odd is not a shared string"; continue; }
    # Its cell is a string cell (t="s") pointing at it: text, never a formula.
    sheet "$T/pupils.xlsx" 2 | grep -q "<c r=\"[A-Z]*[0-9]*\"[^>]* t=\"s\"><v>$((idx - 1))</v></c>" ||
        fail "the text $odd is not in a text cell"
done

case_ "the conversations report, screening, the provision map, a programme's attendance"
run report conversations --xlsx "$T/conv.xlsx" --school "$urn"; expect_rc 0
unzip -p "$T/conv.xlsx" xl/workbook.xml | grep -q 'name="Per teacher"' || fail "no Per teacher sheet"
teachers=$(sheet "$T/conv.xlsx" 2 | grep -o '<row ' | wc -l)
[ "$teachers" -ge 3 ] || fail "the Per teacher sheet has $teachers rows"
strings "$T/conv.xlsx" | grep -q 'Pupils in scope' || fail "no Pupils in scope label"
no_formulas "$T/conv.xlsx"
run report screening --year-group 4 --xlsx "$T/screen.xlsx" --school "$urn"; expect_rc 0
unzip -p "$T/screen.xlsx" xl/workbook.xml | grep -q 'name="Scores Bands"' || fail "no Scores Bands sheet"
strings "$T/screen.xlsx" | grep -q 'close to average' || fail "no band names"
no_formulas "$T/screen.xlsx"
run report provision --xlsx "$T/map.xlsx" --school "$urn"; expect_rc 0
[ "$(unzip -l "$T/map.xlsx" | grep -c 'xl/worksheets/sheet')" -ge 3 ] || fail "the provision map has few sheets"
no_formulas "$T/map.xlsx"
prog=$(sql "SELECT min(p.id) FROM provision p JOIN programme_template t ON t.id = p.template_id WHERE t.key = 'fast'")
run programme show "$prog" --xlsx "$T/prog.xlsx" --school "$urn"; expect_rc 0
unzip -p "$T/prog.xlsx" xl/workbook.xml | grep -q '<sheet name="Attendance" sheetId="1"' || fail "the register is not first"
families=$(sql "SELECT count(*) FROM enrolment WHERE provision_id = $prog")
rows=$(sheet "$T/prog.xlsx" 1 | grep -o '<row ' | wc -l)
[ "$rows" = $((families + 1)) ] || fail "the register has $rows rows, want $((families + 1))"
strings "$T/prog.xlsx" | grep -q 'Child and parent' || fail "no attendance marks"
no_formulas "$T/prog.xlsx"

case_ "a file that cannot be written is a clear error"
run pupils list --xlsx /no/such/dir/p.xlsx --school "$urn"; expect_rc 3; expect_err "/no/such/dir/p.xlsx"
done_
