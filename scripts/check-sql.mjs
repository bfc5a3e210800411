#!/usr/bin/env node
// check-sql.mjs - SQL in the subset SQLite and PostgreSQL share (docs/ARCHITECTURE.md,
// "Storage"). Run by scripts/lint.sh, so by `make test`. Outside the SQLite driver
// (src/db/db_sqlite.c) it refuses, in the SQL of C string literals and of migrations:
//   INSERT OR IGNORE / OR REPLACE / REPLACE INTO   (use INSERT ... ON CONFLICT ...)
//   GLOB                                          (use LIKE, or comparisons)
//   rowid, last_insert_rowid()                    (order by a real key; RETURNING id)
//   strftime(), julianday(), datetime()           (dates computed in C, stored ISO text)
//   PRAGMA                                        (only the SQLite driver sets pragmas)
//   group_concat()                                (PostgreSQL spells it string_agg)
//   WITHOUT ROWID, RAISE()                        (SQLite-only: a migration's .sqlite.sql part)
// and, in C, the SQLite-shaped calls db_last_id() (use RETURNING id) and
// db_user_version() (db_schema_version()).
// Migrations up to BASELINE shipped before this rule; the PostgreSQL driver (issue 16)
// brings its own equivalent of them, so they are not read. A migration NNNN_x.sqlite.sql
// is the SQLite driver's part of migration NNNN and may use anything.
// Usage: scripts/check-sql.mjs [SRC_DIR]   (default: src; tests plant bad trees)
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2] || 'src';
const BASELINE = 6;
const DRIVER = new Set(['db/db_sqlite.c']);

const sqlTokens = [
    [/\bINSERT\s+OR\s+(IGNORE|REPLACE)\b/i, 'INSERT OR ...: use INSERT ... ON CONFLICT (...) DO NOTHING / DO UPDATE'],
    [/\bREPLACE\s+INTO\b/i, 'REPLACE INTO: use INSERT ... ON CONFLICT (...) DO UPDATE'],
    [/\bGLOB\b/i, 'GLOB: use LIKE, or comparisons'],
    [/\browid\b/i, 'rowid: order by a real key (and RETURNING id for a new row)'],
    [/\blast_insert_rowid\s*\(/i, 'last_insert_rowid(): use RETURNING id'],
    [/\b(strftime|julianday|datetime)\s*\(/i, 'date functions in SQL: compute dates in C and store ISO text'],
    [/\bPRAGMA\b/i, 'PRAGMA: only the SQLite driver sets pragmas'],
    [/\bgroup_concat\s*\(/i, 'group_concat(): join in C (PostgreSQL has string_agg instead)'],
    [/\bWITHOUT\s+ROWID\b/i, 'WITHOUT ROWID: SQLite-only; put it in the migration\'s .sqlite.sql part'],
    [/\bRAISE\s*\(/i, 'RAISE(): SQLite-only trigger; put it in the migration\'s .sqlite.sql part'],
    [/\binstr\s*\(/i, 'instr(): SQLite-only; use LIKE \'%\' || x || \'%\' (PostgreSQL has strpos)'],
    [/\bLIMIT\s+-1\b/i, 'LIMIT -1: PostgreSQL refuses it; bind the largest integer for "no limit"'],
    [/\?\d+\s+IS\s+(NOT\s+)?NULL\b/i, '?N IS NULL: PostgreSQL cannot type a bare parameter; write CAST(?N AS TEXT) IS NULL'],
    [/\bAS\s+BLOB\b/i, 'CAST(... AS BLOB): SQLite-only'],
    [/\bON\s+CONFLICT\s+DO\s+UPDATE\b/i, 'ON CONFLICT DO UPDATE: PostgreSQL needs the key, ON CONFLICT (a, b) DO UPDATE'],
    [/\b(max|min)\s*\([^()]*,/i, 'max(a, b) / min(a, b): SQLite-only scalar; use CASE WHEN'],
    [/\bsum\s*\(\s*(?!CASE\b)[^()]*(=|<|>)/i, 'sum(condition): PostgreSQL\'s conditions are not numbers; sum(CASE WHEN ... THEN 1 ELSE 0 END)'],
];
const cTokens = [
    [/\bdb_last_id\s*\(/, 'db_last_id(): add RETURNING id to the INSERT and read the row'],
    [/\bdb_user_version\s*\(/, 'db_user_version(): use db_schema_version()'],
];

function walk(dir, out = []) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, out);
        else if (/\.(c|h|sql)$/.test(e.name)) out.push(p);
    }
    return out;
}

// The string literals of one line of C (a literal never spans lines in meso's style).
function literals(line) {
    const out = [];
    const re = /"((?:[^"\\]|\\.)*)"/g;
    let m;
    const code = line.replace(/\/\/.*$/, '');
    while ((m = re.exec(code))) out.push(m[1]);
    return out.join(' ');
}

let fail = 0, nfiles = 0;
const say = (msg) => { console.error(`check-sql: ${msg}`); fail = 1; };
const hit = say;
for (const full of walk(root).sort()) {
    const rel = path.relative(root, full).split(path.sep).join('/');
    if (DRIVER.has(rel)) continue;
    const isSql = rel.endsWith('.sql');
    if (isSql) {
        const m = /^db\/migrations\/(\d{4})_[^/]*$/.exec(rel);
        if (m && Number(m[1]) <= BASELINE) continue;
        if (/\.(sqlite|postgresql)\.sql$/.test(rel)) continue;
    }
    nfiles++;
    const lines = fs.readFileSync(full, 'utf8').split('\n');
    let inComment = false;
    lines.forEach((line, i) => {
        let text = line;
        if (isSql) {
            text = text.replace(/--.*$/, '');
        } else {
            // Drop C comments (block comments may span lines).
            let out = '', j = 0;
            while (j < text.length) {
                if (inComment) {
                    const k = text.indexOf('*/', j);
                    if (k < 0) { j = text.length; break; }
                    inComment = false; j = k + 2;
                } else if (text.startsWith('/*', j)) { inComment = true; j += 2; }
                else if (text.startsWith('//', j)) break;
                else out += text[j++];
            }
            text = out;
            for (const [re, why] of cTokens)
                if (re.test(text)) hit(`${root}/${rel}:${i + 1}: ${why}`);
            text = literals(text);
        }
        for (const [re, why] of sqlTokens)
            if (re.test(text)) hit(`${root}/${rel}:${i + 1}: ${why}`);
    });
}
if (fail) { console.error('check-sql: FAILED'); process.exit(1); }
console.log(`check-sql: ok (${nfiles} files)`);
