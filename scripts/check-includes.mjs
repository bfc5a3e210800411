#!/usr/bin/env node
// check-includes.mjs - the include rules of docs/ARCHITECTURE.md ("Include rules"),
// checked over the #include lines of src/ (run by scripts/lint.sh, so by `make test`):
//   I1  pages, api and cli include db/db.h only where they open or close the database
//       (the files listed in OPENERS below); everything else reaches data through model/
//   I2  model includes nothing that draws or presents (io/canvas*, io/pdfdoc, view/,
//       html/) and nothing above it (http/, pages/, api/, cli/); reading CSV is allowed
//   I3  html includes nothing of http
//   I4  no circle between rooms (a room is a folder of src/, a feature room of
//       model/ or pages/ counts as one; see roomOf())
// Usage: scripts/check-includes.mjs [SRC_DIR]   (default: src; tests plant bad trees)
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2] || 'src';
// Files of pages/api/cli that may include db/db.h: they open or close a database.
const OPENERS = new Set(['cli/cli.c', 'cli/cmd_db.c', 'cli/cmd_serve.c']);
// Files whose SQL or transactions are still being moved into the model (issue 15). The
// list only shrinks: a file on it that no longer includes db/db.h is reported, so the
// entry is taken off. Never add to it: put the read or change in a model function.
const PENDING = new Set([]);
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

// The room of a file (relative to root): model/ROOM and pages/ROOM are rooms of their
// own (and model/provision/provmap with provmap_load, see below). At the top of pages/, home.c gathers every room's figures (room "pages/home"),
// and the rest is the shell every room's pages share (room "pages"). In http/, the
// request, the response, the server's settings (app.h) and who is asking (auth) are what
// pages and the API are written against (room "http/base"); the router, the route
// table and the server sit above every page (room "http").
function roomOf(rel) {
    const parts = rel.split('/');
    // The provision map reads every provision, programmes' dosage and follow-ons
    // included, so it is a room above both provision/ and programmes/.
    if (/^model\/provision\/provmap(_load)?\.[ch]$/.test(rel)) return 'model/provision-map';
    if ((parts[0] === 'model' || parts[0] === 'pages') && parts.length > 2)
        return `${parts[0]}/${parts[1]}`;
    if (parts[0] === 'pages' && /^home\.[ch]$/.test(parts[1])) return 'pages/home';
    if (parts[0] === 'http' && /^(request|response|app|auth)\.[ch]$/.test(parts[1]))
        return 'http/base';
    return parts.length > 1 ? parts[0] : '(top)';
}

let fail = 0;
const say = (msg) => { console.error(`check-includes: ${msg}`); fail = 1; };
const files = walk(root).map((f) => path.relative(root, f).split(path.sep).join('/')).sort();
const edges = new Map(); // room -> Map(room -> [example "file -> include"])

for (const rel of files) {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
        const m = /^\s*#\s*include\s+"([^"]+)"/.exec(line);
        if (!m) return;
        const inc = m[1];
        const where = `${root}/${rel}:${i + 1}`;
        const top = rel.split('/')[0];
        if (['pages', 'api', 'cli'].includes(top) && inc === 'db/db.h' && PENDING.has(rel))
            pendingSeen.add(rel);
        else if (['pages', 'api', 'cli'].includes(top) && inc === 'db/db.h' && !OPENERS.has(rel))
            say(`I1 ${where}: ${top}/ includes db/db.h; ask a model function instead (only opening and closing the database may use db.h here)`);
        if (top === 'model' &&
            (/^io\/(canvas|pdfdoc)/.test(inc) || /^(view|html|http|pages|api|cli)\//.test(inc)))
            say(`I2 ${where}: model/ includes ${inc}; drawing and presenting belong in view/ (above the model)`);
        if (top === 'html' && /^http\//.test(inc))
            say(`I3 ${where}: html/ includes ${inc}; the writer and layout know nothing of HTTP`);
        const from = roomOf(rel), to = roomOf(inc);
        if (from === to || !fs.existsSync(path.join(root, inc))) return;
        if (!edges.has(from)) edges.set(from, new Map());
        const m2 = edges.get(from);
        if (!m2.has(to)) m2.set(to, []);
        m2.get(to).push(`${rel} -> ${inc}`);
    });
}

if (root === 'src')
    for (const rel of PENDING)
        if (!pendingSeen.has(rel))
            say(`I1 ${root}/${rel} no longer includes db/db.h: take it off PENDING in scripts/check-includes.mjs`);

// I4: strongly connected components of the room graph (Tarjan); any with two or more
// rooms is a circle.
const index = new Map(), low = new Map(), onStack = new Set(), stack = [];
let counter = 0;
const sccs = [];
function strong(v) {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of (edges.get(v) || new Map()).keys()) {
        if (!index.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); }
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
        const comp = [];
        let w;
        do { w = stack.pop(); onStack.delete(w); comp.push(w); } while (w !== v);
        if (comp.length > 1) sccs.push(comp.sort());
    }
}
for (const v of [...edges.keys()].sort()) if (!index.has(v)) strong(v);
for (const comp of sccs) {
    const inside = new Set(comp);
    const ties = [];
    for (const a of comp)
        for (const [b, ex] of edges.get(a) || [])
            if (inside.has(b)) ties.push(`${a} -> ${b} (${ex[0]}${ex.length > 1 ? `, +${ex.length - 1}` : ''})`);
    say(`I4 a circle between rooms ${comp.join(', ')}:\n    ${ties.join('\n    ')}`);
}

if (fail) { console.error('check-includes: FAILED'); process.exit(1); }
console.log(`check-includes: ok (${files.length} files)`);
