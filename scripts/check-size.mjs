#!/usr/bin/env node
// check-size.mjs - small files and functions (docs/STYLE.md S11). Run by scripts/lint.sh.
//   Z1 a .c or .h file over 800 lines must say why at its top: a comment within its
//      first 15 lines holding "Size:" and the reason
//   Z2 a function over 150 lines (from the "{" at column 0 to the "}" at column 0, as
//      clang-format lays them out) must be split
// Usage: scripts/check-size.mjs [SRC_DIR]   (default: src; tests plant bad trees)
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2] || 'src';
const FILE_MAX = 800, FUNC_MAX = 150;
// Files ("path") and functions ("path:name") still to split (issue 15). The list only
// shrinks: an entry that is no longer too long (or is gone) is reported, so it is taken
// off. Never add to it.
const PENDING = new Set([

]);
if (root !== 'src') PENDING.clear(); // a planted tree has no exceptions
const pendingSeen = new Set();

function walk(dir, out = []) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, out);
        else if (/\.[ch]$/.test(e.name)) out.push(p);
    }
    return out;
}

let fail = 0, nfiles = 0;
const say = (msg) => { console.error(`check-size: ${msg}`); fail = 1; };
for (const full of walk(root).sort()) {
    const rel = path.relative(root, full).split(path.sep).join('/');
    const lines = fs.readFileSync(full, 'utf8').split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    nfiles++;
    if (lines.length > FILE_MAX && !lines.slice(0, 15).some((l) => /Size:\s*\S/.test(l)))
        if (PENDING.has(rel)) pendingSeen.add(rel);
        else say(`Z1 ${root}/${rel}: ${lines.length} lines; split it, or say why it is one file in a "Size:" comment at its top`);
    if (!rel.endsWith('.c')) continue;
    let start = -1, name = '', prev = '';
    lines.forEach((line, i) => {
        if (line.startsWith('{')) { start = i; name = prev; return; }
        if (line.startsWith('}') && start >= 0) {
            const n = i - start + 1;
            const fn = (/([A-Za-z_]\w*)\s*\(/.exec(name) || [, '?'])[1];
            const key = `${rel}:${fn}`;
            if (n > FUNC_MAX) {
                if (PENDING.has(key)) pendingSeen.add(key);
                else say(`Z2 ${root}/${rel}:${start + 1}: ${fn}() is ${n} lines; split it (at most ${FUNC_MAX})`);
            }
            start = -1;
            return;
        }
        if (/^[A-Za-z_]/.test(line)) prev = line;
    });
}
if (root === 'src')
    for (const key of PENDING)
        if (!pendingSeen.has(key)) say(`Z2 ${key} is no longer too long: take it off PENDING in scripts/check-size.mjs`);
if (fail) { console.error('check-size: FAILED'); process.exit(1); }
console.log(`check-size: ok (${nfiles} files)`);
