#!/usr/bin/env bash
# The structure checkers must be able to fail: each is run on a small planted
# tree that breaks its rules (and must fail, naming each broken rule), and on
# the same tree mended (and must pass). Run by scripts/lint.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
check() { # name, expect (fail|pass), output-pattern..., -- command...
    local name="$1" expect="$2"
    shift 2
    local pats=()
    while [ "$1" != "--" ]; do pats+=("$1"); shift; done
    shift
    local out rc
    out=$("$@" 2>&1)
    rc=$?
    local ok=1
    if [ "$expect" = fail ] && [ $rc -eq 0 ]; then ok=0; fi
    if [ "$expect" = pass ] && [ $rc -ne 0 ]; then ok=0; fi
    for p in "${pats[@]}"; do
        grep -qE -- "$p" <<<"$out" || { ok=0; echo "lint-test: $name: output lacks /$p/" >&2; }
    done
    if [ $ok -eq 1 ]; then
        passes=$((passes + 1))
    else
        fails=$((fails + 1))
        echo "lint-test: FAIL $name (expected to $expect, exit $rc):" >&2
        echo "$out" | head -20 >&2
    fi
}
plant() { mkdir -p "$(dirname "$1")"; cat > "$1"; }

# --- include rules -------------------------------------------------------------
inc="$tmp/inc/src"
plant "$inc/db/db.h" <<<'/* db */'
plant "$inc/view/chart.h" <<<'/* chart */'
plant "$inc/http/router.h" <<<'/* router */'
plant "$inc/html/layout.c" <<<'#include "http/router.h"'
plant "$inc/pages/register/pupils.c" <<<'#include "db/db.h"'
plant "$inc/model/register/pupil.c" <<<'#include "view/chart.h"'
plant "$inc/model/register/pupil.h" <<<'#include "model/access/access.h"'
plant "$inc/model/access/access.h" <<<'#include "model/register/pupil.h"'
check includes-planted fail 'I1 .*pages/register/pupils.c' 'I2 .*model/register/pupil.c' \
    'I3 .*html/layout.c' 'I4 a circle between rooms model/access, model/register' \
    -- node scripts/check-includes.mjs "$inc"
: > "$inc/html/layout.c"; : > "$inc/pages/register/pupils.c"; : > "$inc/model/register/pupil.c"
: > "$inc/model/access/access.h"
check includes-mended pass 'ok' -- node scripts/check-includes.mjs "$inc"

# --- SQL in the shared subset ----------------------------------------------------
sql="$tmp/sql/src"
plant "$sql/model/register/x.c" <<'C'
static const char *q = "INSERT OR IGNORE INTO t (a) VALUES (?1)";
/* GLOB in a comment is fine */
void f(void) { db_prepare(db, &st, "SELECT a FROM t WHERE b GLOB '[KE]' ORDER BY rowid", e);
    int64_t id = db_last_id(db); }
C
plant "$sql/db/migrations/0099_new.sql" <<'S'
CREATE TABLE t (a TEXT, at TEXT DEFAULT (strftime('%Y', 'now'))) WITHOUT ROWID;
S
plant "$sql/db/migrations/0099_new.sqlite.sql" <<'S'
CREATE TRIGGER t_ro BEFORE UPDATE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;
S
plant "$sql/db/db_sqlite.c" <<<'static const char *p = "PRAGMA user_version";'
check sql-planted fail 'x.c:1: INSERT OR' 'x.c:3: GLOB' 'x.c:3: rowid' 'x.c:4: db_last_id' \
    '0099_new.sql:1: date functions' '0099_new.sql:1: WITHOUT ROWID' -- node scripts/check-sql.mjs "$sql"
plant "$sql/model/register/x.c" <<'C'
static const char *q = "INSERT INTO t (a) VALUES (?1) ON CONFLICT (a) DO NOTHING RETURNING id";
void f(void) { db_prepare(db, &st, "SELECT a FROM t WHERE b IN ('K', 'E') ORDER BY id", e); }
C
plant "$sql/db/migrations/0099_new.sql" <<<'CREATE TABLE t (a TEXT PRIMARY KEY, at TEXT NOT NULL);'
check sql-mended pass 'ok' -- node scripts/check-sql.mjs "$sql"

# --- html() formats ----------------------------------------------------------------
fmt="$tmp/fmt/src"
mkdir -p "$fmt"
cp -r src/html src/core "$fmt/"
plant "$fmt/pages/planted.c" <<'C'
#include "html/html.h"
void planted(struct html *h, long long id, const char *name);
void planted(struct html *h, long long id, const char *name)
{
    html(h, "<a href=\"/pupils/%d\">", id);
    html(h, "<p>%s, %s</p>", name);
    html(h, "<p>%U %s</p>", name, name, name);
    html(h, "<p>%x</p>", 3u);
}
C
check format-planted fail "planted.c:8: html\(\) format has \"%x" "planted.c:5" "format '%d' expects|format ‘%d’ expects" \
    "expects a matching" "too many arguments" -- scripts/check-format.sh "$fmt"
plant "$fmt/pages/planted.c" <<'C'
#include "html/html.h"
void planted(struct html *h, long long id, const char *name);
void planted(struct html *h, long long id, const char *name)
{
    html(h, "<a href=\"/pupils/%lld\">", id);
    html(h, "<p>%s, %s</p>", name, name);
    html(h, "<p>%U %s %.1f%%</p>", name, name, 2.5);
}
C
check format-mended pass 'ok' -- scripts/check-format.sh "$fmt"

# --- sizes ----------------------------------------------------------------------------
siz="$tmp/size/src"
{ echo '/* big.c - a planted file */'; for i in $(seq 1 801); do echo "int v$i;"; done; } > "$tmp/big.c"
plant "$siz/core/big.c" < "$tmp/big.c"
{ echo 'int long_one(void);'; echo 'int long_one(void)'; echo '{'; for i in $(seq 1 150); do echo '    int x = 0;'; done; echo '    return 0;'; echo '}'; } > "$tmp/fn.c"
plant "$siz/core/fn.c" < "$tmp/fn.c"
check size-planted fail 'Z1 .*core/big.c: 802 lines' 'Z2 .*core/fn.c:3: long_one\(\) is 153 lines' \
    -- node scripts/check-size.mjs "$siz"
{ echo '/* big.c - a planted file. Size: one table, read as one. */'; for i in $(seq 1 801); do echo "int v$i;"; done; } > "$siz/core/big.c"
{ echo 'int long_one(void);'; echo 'int long_one(void)'; echo '{'; echo '    return 0;'; echo '}'; } > "$siz/core/fn.c"
check size-mended pass 'ok' -- node scripts/check-size.mjs "$siz"

# --- the OpenAPI document ---------------------------------------------------------------
oa="$tmp/oa"
plant "$oa/routes.c" <<'EOF2'
static const struct route routes[] = {
    { "GET", "/api/v1/things/{id}", api_things_get, R_API_READ, 0, "get a thing" },
    { "POST", "/api/v1/things", api_things_create, R_API_WRITE, 0, "make a thing" },
};
EOF2
plant "$oa/openapi.yaml" <<'EOF2'
openapi: 3.0.3
info: { title: planted, version: "1", description: a planted document }
servers: [{ url: http://127.0.0.1:8080 }]
security: [{ bearer: [] }]
paths:
  /api/v1/things/{id}:
    parameters: [{ name: id, in: path, required: true, schema: { type: integer } }]
    get:
      operationId: getThing
      summary: a thing
      responses:
        '200': { description: the thing, content: { application/json: { schema: { type: object } } } }
        '404': { description: no such thing, content: { application/json: { schema: { type: object } } } }
        '5XX': { description: trouble, content: { application/json: { schema: { type: object } } } }
components:
  securitySchemes: { bearer: { type: http, scheme: bearer } }
EOF2
check openapi-planted fail 'getThing.*does not document 401' 'POST /api/v1/things: a route .* does not document' \
    -- node scripts/check-openapi.mjs "$oa/openapi.yaml" "$oa/routes.c"
sed -i '/POST/d' "$oa/routes.c" # the route the document lacks goes
sed -i "s/'404'/'401': { description: no token, content: { application\/json: { schema: { type: object } } } }\n        '404'/" "$oa/openapi.yaml"
check openapi-mended pass 'ok' -- node scripts/check-openapi.mjs "$oa/openapi.yaml" "$oa/routes.c"

echo "lint-test: $passes passed, $fails failed"
[ $fails -eq 0 ]
