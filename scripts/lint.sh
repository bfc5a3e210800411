#!/usr/bin/env bash
# meso's style checker (see docs/STYLE.md). Fails on:
#  L1 unsafe or error-blind libc calls (sprintf, strcpy, strcat, gets, atoi, ...)
#  L2 backend or server headers outside their layer (sqlite3.h only in src/db,
#     microhttpd.h only in src/http; nothing of either in src/model)
#  L3 a .c file that does not include its own header first
#  L4 formatting that differs from .clang-format
#  L5 SQL built at run time: sqlite3_prepare/exec outside src/db
#     (db_prepare(), db_exec(), html() and html_raw() refuse non-literals at
#     compile time)
#  L6 an HTML attribute value written unquoted (name=%s)
#  L7 the include rules (scripts/check-includes.mjs): db/db.h in pages, api and cli
#     only to open and close the database; no drawing or view in model; no http in
#     html; no circle between rooms
#  L8 SQL only in the subset SQLite and PostgreSQL share (scripts/check-sql.mjs)
#  L9 every html() format against its arguments (scripts/check-format.sh)
#  L10 files over 800 lines say why; no function over 150 lines (scripts/check-size.mjs)
#  L11 docs/openapi.yaml valid (swagger-parser), clean under redocly lint, with
#      every API route and the statuses each can return (scripts/check-openapi.mjs)
#  L12 the message catalogues: po/meso.pot is what xgettext finds in the sources
#      (a word marked with _() but not in the catalogue fails), and every
#      language's catalogue has every message with matching placeholders
#      (scripts/check-po.sh, docs/i18n.md)
# and each of L7-L11 must fail on a planted example (tests/lint/run.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
fail=0
say() { echo "lint: $*" >&2; fail=1; }

mapfile -t csrc < <(find src tests/unit tests/fuzz tools -name '*.c' 2>/dev/null | sort)
mapfile -t hsrc < <(find src tests/unit -name '*.h' 2>/dev/null | sort)

# L1: banned calls (a word boundary before, an opening parenthesis after).
banned='sprintf|vsprintf|strcpy|strcat|strncpy|strncat|gets|atoi|atol|atof|strtok|rand|srand|tmpnam|mktemp|system|asctime|ctime|localtime|gmtime'
while IFS= read -r hit; do
    say "L1 banned call: $hit"
done < <(grep -nHP "(?<![\w.>])($banned)\s*\(" "${csrc[@]}" "${hsrc[@]}" | grep -v 'lint:allow')

# L2: layering.
while IFS= read -r hit; do say "L2 sqlite3.h outside src/db: $hit"; done \
    < <(grep -nH '#include <sqlite3.h>' "${csrc[@]}" "${hsrc[@]}" | grep -v '^src/db/' | grep -v '^tests/')
while IFS= read -r hit; do say "L2 microhttpd.h outside src/http: $hit"; done \
    < <(grep -nH '#include <microhttpd.h>' "${csrc[@]}" "${hsrc[@]}" | grep -v '^src/http/')
while IFS= read -r hit; do say "L2 model must not use sqlite3 or HTTP: $hit"; done \
    < <(grep -rnHE --include='*.[ch]' 'sqlite3_|MHD_' src/model 2>/dev/null)

# L3: own header first.
for f in $(find src -name '*.c' | sort); do
    h="${f%.c}.h"
    [ -f "$h" ] || continue
    want="#include \"${h#src/}\""
    first=$(grep -m1 '^#include' "$f")
    [ "$first" = "$want" ] || say "L3 $f: first include should be $want (got: $first)"
done

# L4: formatting.
if command -v clang-format >/dev/null; then
    mapfile -t fmt < <(find src tests/unit tests/fuzz tools -name '*.[ch]' | grep -v '^build/' | sort)
    if ! out=$(clang-format --dry-run --Werror "${fmt[@]}" 2>&1); then
        say "L4 formatting differs from .clang-format (run 'make format'):"
        echo "$out" | grep -E '^[^ ].*(warning|error)' | head -20 >&2
    fi
else
    say "L4 clang-format is not installed (run scripts/deps.sh)"
fi

# L5: dynamic SQL or HTML.
while IFS= read -r hit; do say "L5 sqlite3 calls belong in src/db: $hit"; done \
    < <(grep -nHE 'sqlite3_(prepare|exec)' "${csrc[@]}" | grep -v '^src/db/' | grep -v '^tests/')

# L6: an HTML attribute filled from a value must be quoted (name="%s").
while IFS= read -r hit; do say "L6 unquoted attribute value: $hit"; done \
    < <(grep -rnHE --include='*.c' '[[:space:]][a-z-]+=%[sUdlzuf.]' src/html src/pages src/api src/view 2>/dev/null)

# L7-L10: structure checkers, then their planted examples.
node scripts/check-includes.mjs >/dev/null || say "L7 include rules (above)"
node scripts/check-sql.mjs >/dev/null || say "L8 SQL outside the shared subset (above)"
scripts/check-format.sh >/dev/null || say "L9 html() formats (above)"
node scripts/check-size.mjs >/dev/null || say "L10 sizes (above)"
node scripts/check-openapi.mjs >/dev/null || say "L11 docs/openapi.yaml (above)"
make --no-print-directory -s check-po >/dev/null || say "L12 message catalogues (above; make po)"
tests/lint/run.sh >/dev/null || say "L7-L11 a checker did not fail on its planted example (above)"

if [ "$fail" -ne 0 ]; then
    echo "lint: FAILED" >&2
    exit 1
fi
echo "lint: ok (${#csrc[@]} C files)"
