// lib.mjs - end-to-end HTTP tests against the real `meso serve`.
// Starts the server on a free port over a fresh copy of a database, and
// gives each test a tiny client with its own cookie jar.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, copyFileSync, writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';

export const MESO = process.env.MESO_BIN || './meso';
const HERE = dirname(fileURLToPath(import.meta.url));
const tests = [];
let failures = 0;

// ---- the backend: SQLite files, or PostgreSQL databases --------------------
// With MESO_TEST_DB set to a postgresql:// URI (scripts/with-pg.sh), each
// "database" below is a database on that cluster, named by a URI; otherwise
// it is an SQLite file. The rest of the tests do not need to know which.
const PG_BASE = /^postgres(ql)?:\/\//.test(process.env.MESO_TEST_DB || '') ? process.env.MESO_TEST_DB : null;
export const onPostgres = !!PG_BASE;
let pgSeq = 0;
const pgName = uri => new URL(uri).pathname.slice(1);
const pgUri = name => { const u = new URL(PG_BASE); u.pathname = '/' + name; return u.toString(); };
const psql = (db, input, extra = []) => execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...extra, '-d', db],
  { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
// A new, unused database name in dir (SQLite) or on the cluster (PostgreSQL).
export function newDatabase(dir, name) {
  if (!PG_BASE) return join(dir, name);
  return pgUri(`t${process.pid}_${++pgSeq}_${name.replace(/\W/g, '_')}`.toLowerCase());
}
// Copy database from into a new database named like `to` (see newDatabase).
// (PostgreSQL refuses a template someone is connected to, as when test
// files side by side read the shared fixture: such a refusal is tried again.)
export function copyDatabase(from, to) {
  if (!PG_BASE) { copyFileSync(from, to); return to; }
  for (let i = 0; ; i++) {
    try {
      psql(PG_BASE, `CREATE DATABASE "${pgName(to)}" TEMPLATE "${pgName(from)}";`);
      return to;
    } catch (e) {
      if (i >= 50 || !/being accessed by other users/.test(String(e.stderr || e.message))) throw e;
      pause(200);
    }
  }
}
// Drop a database made by the tests (PostgreSQL; files go with their folder).
export function dropDatabase(db) {
  if (PG_BASE && db && db.startsWith('postgres')) {
    try { psql(PG_BASE, `DROP DATABASE IF EXISTS "${pgName(db)}" WITH (FORCE);`); } catch { /* already gone */ }
  }
}
// Make an SQLite file whole (its write-ahead log folded in) before a copy.
export function checkpoint(db) {
  if (!PG_BASE) execFileSync('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE)']);
}

export function test(name, fn) { tests.push({ name, fn }); }

export function assert(cond, msg) {
  if (!cond) throw new Error(msg || 'assertion failed');
}
export function eq(got, want, msg) {
  if (got !== want) throw new Error(`${msg || 'expected equal'}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

// meso(args...): run the CLI against db; returns stdout (throws on failure).
export function meso(db, args, input) {
  return execFileSync(MESO, ['--db', db, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}
// The same with the release build when there is one ($MESO_REL_BIN), for
// making the demo and the fixture: data for the servers under test, which
// the sanitizer build would make some ten times slower (the CLI commands
// themselves are tested under the sanitizers by tests/e2e).
const MESO_SETUP = process.env.MESO_REL_BIN || MESO;
function setup(db, args, input) {
  return execFileSync(MESO_SETUP, ['--db', db, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
}

// A demo database made once per test process, copied per server; or once
// per `make http` run when $MESO_HTTP_CACHE names a directory (made there by
// tests/http/fixture.mjs before the test files start: `meso demo` takes
// some 10 s in the sanitizer build). Never changed once made.
let demoDb = null;
export function demoDatabase() {
  if (demoDb) return demoDb;
  const cache = process.env.MESO_HTTP_CACHE;
  if (cache && existsSync(join(cache, 'demo.json'))) {
    demoDb = JSON.parse(readFileSync(join(cache, 'demo.json'), 'utf8')).db;
    return demoDb;
  }
  const dir = cache || mkdtempSync(join(tmpdir(), 'meso-http-'));
  const db = cache && PG_BASE ? pgUri(`demo_${pgName(PG_BASE)}`) : newDatabase(dir, 'demo.db');
  if (cache) { if (PG_BASE) dropDatabase(db); else rmSync(db, { force: true }); }
  setup(db, ['demo', '--seed', '7']);
  checkpoint(db);
  if (PG_BASE && !cache) process.on('exit', () => dropDatabase(db));
  if (cache) writeFileSync(join(cache, 'demo.json'), JSON.stringify({ db }));
  demoDb = db;
  return demoDb;
}

// Start `meso serve` on a copy of db (default: the demo; `fresh: true` for
// no database at all, which meso serves in setup mode; `file` to serve that
// file itself, e.g. to restart on it). Returns { url, db, log(), stdout(),
// stop() }; stop({ keep: true }) leaves the database in place.
export async function startServer({ db, args = [], fresh = false, file: given } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'meso-srv-'));
  const file = given || newDatabase(dir, 'meso.db');
  if (!fresh && !given) copyDatabase(db || demoDatabase(), file);
  // The PDF pages use fontconfig, whose one-off font cache LeakSanitizer
  // would report when the sanitizer build stops (tests/unit/test_graphics.h).
  const env = { ...process.env, LSAN_OPTIONS: process.env.LSAN_OPTIONS || `suppressions=${join(HERE, 'lsan-fontconfig.supp')}` };
  const child = spawn(MESO, ['--db', file, 'serve', '--listen', '127.0.0.1:0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'], env });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let out = '', err = '';
  child.stderr.on('data', d => { err += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('meso serve did not start: ' + err)), 10000);
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/serving (http:\/\/[^/ ]+)\//);
      // Known to settle() from the first line: the audit trail is read through it.
      if (m) { servers.set(file, m[1]); clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`meso serve exited ${code}: ${err}`)); });
  });
  return {
    url, db: file, dir,
    log: () => err,
    stdout: () => out,
    // Kill without warning (SIGKILL): for crash tests. Resolves on exit.
    kill() {
      if (servers.get(file) === url) servers.delete(file);
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      const exited = new Promise(r => child.on('exit', r));
      child.kill('SIGKILL');
      return exited;
    },
    async stop({ keep = false } = {}) {
      if (servers.get(file) === url) servers.delete(file);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await new Promise(r => child.on('exit', r));
      }
      if (/AddressSanitizer|runtime error:|LeakSanitizer/.test(err))
        throw new Error('sanitizer report from meso serve:\n' + err.slice(0, 4000));
      if (!keep) { rmSync(dir, { recursive: true, force: true }); if (!given) dropDatabase(file); }
    },
  };
}

// A browser-like client: keeps cookies, does not follow redirects. With
// { bearer }, every request carries that API token.
export class Client {
  // { localAddress: '127.0.0.7' } sends from another loopback address (a
  // different client address to the server), through node:http.
  constructor(base, { bearer, label, localAddress } = {}) {
    this.base = base; this.jar = new Map(); this.bearer = bearer; this.label = label || '';
    this.localAddress = localAddress;
    this.csrfToken = null; // the session's form token, once signed in
  }
  cookieHeader() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i), v = pair.slice(i + 1);
      if (/Max-Age=0/i.test(c)) this.jar.delete(k); else this.jar.set(k, v);
    }
  }
  async req(method, path, { form, json, headers = {}, body } = {}) {
    const h = { ...headers };
    if (this.jar.size && !('cookie' in h)) h.cookie = this.cookieHeader();
    if (this.bearer && !('authorization' in h)) h.authorization = `Bearer ${this.bearer}`;
    let b = body;
    if (form) { b = new URLSearchParams(form).toString(); h['content-type'] = 'application/x-www-form-urlencoded'; }
    if (json !== undefined) { b = JSON.stringify(json); h['content-type'] = 'application/json'; }
    const res = this.localAddress ? await fromAddress(this.localAddress, this.base + path, method, h, b)
      : await fetch(this.base + path, { method, headers: h, body: b, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location'),
             json() { return JSON.parse(text); } };
  }
  get(path, o) { return this.req('GET', path, o); }
  post(path, form, o = {}) { return this.req('POST', path, { ...o, form }); }
  // A POST with this session's CSRF token added to the form.
  postForm(path, form = {}, o = {}) {
    if (!this.csrfToken) throw new Error(`${this.label}: no CSRF token (not signed in?)`);
    return this.post(path, { csrf: this.csrfToken, ...form }, o);
  }
  api(method, path, json, o = {}) { return this.req(method, path, { ...o, json }); }
  // The CSRF token from a form on the page at path.
  async csrf(path) {
    const r = await this.get(path);
    const m = r.text.match(/name="csrf" value="([^"]+)"/);
    if (!m) throw new Error(`no csrf field on ${path} (status ${r.status})`);
    return m[1];
  }
}

// A request from a given local address, answered in fetch's shape (status,
// headers with get() and getSetCookie(), text()).
function fromAddress(localAddress, url, method, headers, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const rq = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, localAddress, agent: false }, res => {
      const chunks = [];
      res.on('data', d => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const raw = res.headers;
        const hv = new Headers();
        for (const [k, v] of Object.entries(raw)) if (k !== 'set-cookie') hv.set(k, Array.isArray(v) ? v.join(', ') : v);
        const cookies = raw['set-cookie'] || [];
        resolve({ status: res.statusCode, headers: { get: k => hv.get(k), getSetCookie: () => cookies }, text: async () => text });
      });
    });
    rq.on('error', reject);
    if (body !== undefined) rq.write(body);
    rq.end();
  });
}

// ---- the source under test ------------------------------------------------

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The route table, parsed from src/http/routes.c: [{ method, pattern,
// handler, access: ['R_LEAD', ...], flags: ['RF_ANON_FORM'] }]. Tests that
// must cover every route compare their own list against this.
export function parseRoutes(file = join(ROOT, 'src/http/routes.c')) {
  const src = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const re = /\{\s*"([A-Z]+)",\s*"([^"]+)",\s*(\w+),\s*([^,]+),\s*([^,]+),/g;
  const out = [];
  for (let m; (m = re.exec(src));) {
    const bits = x => x.split('|').map(t => t.trim()).filter(t => t && t !== '0');
    out.push({ method: m[1], pattern: m[2], handler: m[3], access: bits(m[4]), flags: bits(m[5]) });
  }
  if (out.length < 10) throw new Error(`parsed only ${out.length} routes from ${file}`);
  return out;
}
export const routeKey = r => `${r.method} ${r.pattern}`;

// ---- the database, read and written beside the running server -------------

// The servers running on each database file (for settle()).
const servers = new Map();
const pause = ms => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
// The audit rows of page views are committed by the server's audit writer
// within its batch window (model/register/auditw.h). Before reading the
// audit trail, wait until the server says none are waiting (/health), so a
// test sees every row of the requests it has made.
export function settle(db) {
  const url = servers.get(db);
  if (!url) return;
  let why = '';
  for (let i = 0; i < 500; i++) {
    let body = '';
    try {
      body = execFileSync('curl', ['-sS', '--max-time', '10', `${url}/health`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      // Nobody listens there any more (the server has stopped): nothing waits.
      if (e.status === 7) { servers.delete(db); return; }
      why = String(e.stderr || e.message); pause(20); continue;
    }
    if (body.startsWith('ok\n') && !body.includes('audit rows waiting')) return;
    why = body;
    pause(10);
  }
  throw new Error(`the audit writer did not catch up: ${why}`);
}

// Rows of a query as objects (sqlite3 -json), waiting out the server's locks
// (and, for the audit trail, its audit writer).
export function sql(db, query) {
  if (/audit/i.test(query)) settle(db);
  if (PG_BASE) {
    // Booleans come back as 1 and 0, as SQLite gives them.
    const out = psql(db, `SELECT coalesce(json_agg(q), '[]') FROM (${query.replace(/;\s*$/, '')}) q;`, ['-A', '-t']);
    return JSON.parse(out).map(r => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'boolean' ? Number(v) : v])));
  }
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 10000', db, query], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return out.trim() ? JSON.parse(out) : [];
}
// Run statements; throws (with sqlite3's message) when they fail.
export function sqlExec(db, statements) {
  if (PG_BASE) return psql(db, statements);
  return execFileSync('sqlite3', ['-bail', '-cmd', '.timeout 10000', db, statements],
    { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}
export const sqlValue = (db, query) => { const r = sql(db, query)[0]; return r ? Object.values(r)[0] : undefined; };

// Columns that change merely because someone used the system (a session
// being touched, a token being used), left out of fingerprints.
const VOLATILE = { session: ['last_seen_at'], api_token: ['last_used_at'] };

// Every row of every table (or of the tables named), as one string: equal
// fingerprints before and after a request mean it changed nothing. One
// sqlite3 run; the column lists are read once per database.
const fpQueries = new Map();
export function fingerprint(db, tables) {
  if (!tables || tables.includes('audit')) settle(db);
  const key = `${db}|${tables || ''}`;
  if (!fpQueries.has(key)) {
    const all = PG_BASE
      ? sql(db, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").map(r => r.name)
      : sql(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").map(r => r.name);
    const qs = (tables || all).map(t => {
      const cols = (PG_BASE
        ? sql(db, `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${t}' ORDER BY ordinal_position`)
        : sql(db, `SELECT name FROM pragma_table_info('${t}')`)).map(r => r.name)
        .filter(c => !(VOLATILE[t] || []).includes(c));
      const q = PG_BASE ? c => `quote_nullable("${c}"::text)` : c => `quote("${c}")`;
      return `SELECT '${t}'; SELECT ${cols.map(q).join(` || '|' || `)} AS r FROM "${t}" ORDER BY r;`;
    });
    fpQueries.set(key, qs.join('\n'));
  }
  if (PG_BASE) return psql(db, fpQueries.get(key), ['-A', '-t']);
  return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db], { input: fpQueries.get(key), encoding: 'utf8', maxBuffer: 1 << 28 });
}
// The first line that differs between two fingerprints (for messages).
export function fingerprintDiff(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if (x[i] !== y[i]) return `- ${(x[i] || '').slice(0, 300)}\n+ ${(y[i] || '').slice(0, 300)}`;
  return '(same)';
}

// An SQL literal for a JS value (numbers, strings, null).
export const sqlQuote = v => v === null || v === undefined ? 'NULL'
  : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

// Copy the rows of table matching where; the function returned puts them
// back as they were (for tests that must undo what an allowed request did).
export function snapshotRows(db, table, where) {
  const rows = sql(db, `SELECT * FROM "${table}" WHERE ${where}`);
  // An upsert on the table's primary key, which both databases read.
  const key = (PG_BASE
    ? sql(db, `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
        AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '"${table}"'::regclass AND i.indisprimary`)
    : sql(db, `SELECT name FROM pragma_table_info('${table}') WHERE pk > 0 ORDER BY pk`)).map(r => r.name);
  return () => {
    const stmts = rows.map(r => {
      const cols = Object.keys(r), rest = cols.filter(k => !key.includes(k));
      return `INSERT INTO "${table}" (${cols.map(k => `"${k}"`).join(', ')}) ` +
        `VALUES (${Object.values(r).map(sqlQuote).join(', ')}) ON CONFLICT (${key.map(k => `"${k}"`).join(', ')}) ` +
        (rest.length ? `DO UPDATE SET ${rest.map(k => `"${k}" = excluded."${k}"`).join(', ')};` : 'DO NOTHING;');
    });
    if (stmts.length) sqlExec(db, stmts.join('\n'));
  };
}

// Text as meso's HTML writer escapes it (src/html/html.c).
export const escapeHtml = s => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;')
  .replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// The main part of a page (no header or navigation).
export const mainOf = html => { const m = html.match(/<main[\s\S]*<\/main>/); return m ? m[0] : ''; };

// HTML text back to what it says (the five escapes meso writes).
export const unescapeHtml = s => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');

const attrsOf = tag => {
  const a = {};
  for (const m of tag.matchAll(/([a-zA-Z][\w-]*)(?:="([^"]*)")?/g)) a[m[1]] = m[2] === undefined ? true : unescapeHtml(m[2]);
  return a;
};
// The values a browser would send from the form whose action is `action`
// on this page (text, hidden, checked radios and boxes, selected options,
// textareas), as an object.
export function formValues(html, action) {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
  const f = forms.find(m => attrsOf(m[1]).action === action);
  if (!f) throw new Error(`no form with action ${action} (forms: ${forms.map(m => attrsOf(m[1]).action).join(', ')})`);
  const body = f[2], out = {};
  for (const m of body.matchAll(/<input\b([^>]*)>/g)) {
    const a = attrsOf(m[1]);
    if (!a.name) continue;
    if ((a.type === 'radio' || a.type === 'checkbox') && !a.checked) continue;
    out[a.name] = a.value === true || a.value === undefined ? 'on' : a.value;
  }
  for (const m of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const opts = [...m[2].matchAll(/<option\b([^>]*)>/g)].map(o => attrsOf(o[1]));
    const sel = opts.find(o => o.selected) || opts[0];
    out[attrsOf(m[1]).name] = sel ? sel.value : '';
  }
  for (const m of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g))
    out[attrsOf(m[1]).name] = unescapeHtml(m[2]);
  return out;
}

// ---- UPNs and TOTP codes, computed independently of meso ------------------

// A UPN per the DfE rules (as src/model/upn.c): check letter over LA (3),
// establishment (4), year (2) and serial (3).
export function upnMake(la, estab, year, serial) {
  const rest = String(la).padStart(3, '0') + String(estab).padStart(4, '0') +
               String(year).padStart(2, '0') + String(serial).padStart(3, '0');
  const alphabet = 'ABCDEFGHJKLMNPQRTUVWXYZ';
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(rest[i]) * (i + 2);
  return alphabet[sum % 23] + rest;
}

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of s.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v; bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}
// RFC 6238 TOTP (SHA-1, 6 digits, 30 s steps) for time step `step`.
export function totpAt(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const n = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(n % 1000000).padStart(6, '0');
}
export const totpStep = (ms = Date.now()) => Math.floor(ms / 1000 / 30);

// ---- the fixture: the demo school, a second school, accounts and tokens ---

export const DEMO_PASSWORD = 'demo-password-1234';
export const SCHOOL_A = '999001';
export const SCHOOL_B = '100002';
export const EMAIL = {
  admin: 'sam.okoro@meadowbank.example.org',
  lead: 'helen.price@meadowbank.example.org',
  lead2: 'daniel.ashworth@meadowbank.example.org',
  teacher: 'priya.nair@meadowbank.example.org',
  teacher2: 'tom.gallagher@meadowbank.example.org',
  practitioner: 'grace.adebayo@meadowbank.example.org',
  practitioner2: 'lee.harding@meadowbank.example.org',
  parent: 'parent.demo@example.org',
  // A lead made with `meso user add` (not the demo's exemption): must enrol
  // in two-step sign-in before anything else.
  enrolling: 'nia.okafor@meadowbank.example.org',
  leadB: 'owen.marsh@riverside.example.org',
  // A local authority's officer (LA 999, the demo school's): no school.
  la: 'la.officer@county.example.org',
};
export const NEW_LEAD_PASSWORD = 'kettle lantern orchard 71';

let fx = null;
// The fixture, built once per process (or once per `make http` run when
// $MESO_HTTP_CACHE names a directory): { db, ids, tokens, upns }.
//   ids.pupil.{T,P,O,B,none}: T the teacher's (key teacher Priya Nair, no
//     family worker Grace Adebayo), P the practitioner's (Grace's family, not
//     Priya's), O neither's, B at the other school; none does not exist.
//   ids.carer.{T,P,O,B,self,none}: a carer of that pupil whose children are
//     all out of the other roles' scope; self the parent's own record.
//   ids.parentChildren: the demo parent's children.
//   ids.staff.*, ids.account.*: by the EMAIL keys.
export function fixture() {
  if (fx) return fx;
  const cache = process.env.MESO_HTTP_CACHE;
  if (cache && existsSync(join(cache, 'fixture.json'))) {
    fx = JSON.parse(readFileSync(join(cache, 'fixture.json'), 'utf8'));
    return fx;
  }
  const dir = cache || mkdtempSync(join(tmpdir(), 'meso-fixture-'));
  mkdirSync(dir, { recursive: true });
  if (!cache) process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const db = PG_BASE ? pgUri(`fixture_${pgName(PG_BASE)}`) : join(dir, 'fixture.db');
  if (PG_BASE) dropDatabase(db); else rmSync(db, { force: true });
  copyDatabase(demoDatabase(), db); // meso demo --seed 7
  setup(db, ['school', 'add', '--urn', SCHOOL_B, '--name', 'Riverside Primary School', '--la', '123', '--phase', 'primary']);
  const upns = [1, 2, 3].map(i => upnMake(123, 4567, 20, i));
  writeFileSync(join(dir, 'b-pupils.csv'),
    'UPN,Surname,Forename,DOB,Sex,Year\n' +
    `${upns[0]},Riverside,Bethany,2017-03-14,F,2\n${upns[1]},Riverside,Callum,2016-07-02,M,3\n${upns[2]},Brook,Darius,2018-01-20,M,1\n`);
  writeFileSync(join(dir, 'b-carers.csv'),
    'UPN,Contact Surname,Contact Forename,Relationship,Parental Responsibility,Mobile\n' +
    `${upns[0]},Riverside,Ruth,mother,Y,07700 900111\n${upns[1]},Riverside,Ruth,mother,Y,07700 900111\n${upns[2]},Brook,Sol,father,Y,07700 900222\n`);
  setup(db, ['import', 'pupils', join(dir, 'b-pupils.csv'), '--school', SCHOOL_B]);
  setup(db, ['import', 'carers', join(dir, 'b-carers.csv'), '--school', SCHOOL_B]);
  setup(db, ['user', 'add', EMAIL.enrolling, '--role', 'lead', '--name', 'Nia Okafor', '--school', SCHOOL_A], NEW_LEAD_PASSWORD + '\n');
  setup(db, ['user', 'add', EMAIL.leadB, '--role', 'lead', '--name', 'Owen Marsh', '--school', SCHOOL_B], NEW_LEAD_PASSWORD + '\n');
  setup(db, ['user', 'add', EMAIL.la, '--role', 'la', '--la', '999', '--name', 'Alex Morgan'], NEW_LEAD_PASSWORD + '\n');
  const token = (name, scope, school) => setup(db, ['token', 'add', '--name', name, '--scope', scope, '--school', school]).trim();
  const tokens = {
    readA: token('http-read-a', 'read', SCHOOL_A),
    writeA: token('http-write-a', 'write', SCHOOL_A),
    readB: token('http-read-b', 'read', SCHOOL_B),
    writeB: token('http-write-b', 'write', SCHOOL_B),
    // A local authority's read token (LA 999): the LA view's figures only.
    la: setup(db, ['token', 'add', '--name', 'http-la', '--la', '999']).trim(),
  };
  checkpoint(db);

  const one = q => { const v = sqlValue(db, q); if (v === undefined || v === null) throw new Error(`fixture: nothing for ${q}`); return v; };
  const schoolA = one(`SELECT id FROM school WHERE urn = '${SCHOOL_A}'`);
  const schoolB = one(`SELECT id FROM school WHERE urn = '${SCHOOL_B}'`);
  const account = {}, staff = {};
  for (const [k, e] of Object.entries(EMAIL)) {
    const r = sql(db, `SELECT id, staff_id, carer_id FROM account WHERE email = '${e}'`)[0];
    if (!r) throw new Error(`fixture: no account ${e}`);
    account[k] = r.id;
    if (r.staff_id) staff[k] = r.staff_id;
  }
  const parentCarer = one(`SELECT carer_id FROM account WHERE email = '${EMAIL.parent}'`);
  // Who sees each pupil, worked out here from the tables (not through meso).
  const pupils = sql(db, `SELECT p.id, p.school_id,
      p.key_teacher_id = ${staff.teacher} AS vt,
      EXISTS (SELECT 1 FROM family_worker w WHERE w.pupil_id = p.id AND w.staff_id = ${staff.practitioner}) AS vg,
      EXISTS (SELECT 1 FROM pupil_carer pc WHERE pc.pupil_id = p.id AND pc.carer_id = ${parentCarer}) AS vpar
    FROM pupil p ORDER BY p.id`);
  const links = sql(db, 'SELECT pupil_id, carer_id FROM pupil_carer ORDER BY pupil_id, carer_id');
  const byId = new Map(pupils.map(p => [p.id, p]));
  const carerSees = new Map(); // carer -> { vt, vg, vpar } over all their children
  for (const l of links) {
    const p = byId.get(l.pupil_id), s = carerSees.get(l.carer_id) || { vt: 0, vg: 0, vpar: 0 };
    carerSees.set(l.carer_id, { vt: s.vt | p.vt, vg: s.vg | p.vg, vpar: s.vpar | p.vpar });
  }
  const pick = (want, carerOk) => {
    for (const p of pupils) {
      if (p.school_id !== schoolA || !want(p) || p.vpar) continue;
      const c = links.find(l => l.pupil_id === p.id && carerOk(carerSees.get(l.carer_id)));
      if (c) return [p.id, c.carer_id];
    }
    throw new Error('fixture: no pupil fits');
  };
  const [pT, cT] = pick(p => p.vt && !p.vg, s => !s.vg && !s.vpar);
  const [pP, cP] = pick(p => p.vg && !p.vt, s => !s.vt && !s.vpar);
  const [pO, cO] = pick(p => !p.vg && !p.vt, s => !s.vt && !s.vg && !s.vpar);
  const pB = one(`SELECT min(id) FROM pupil WHERE school_id = ${schoolB}`);
  const cB = one(`SELECT min(carer_id) FROM pupil_carer WHERE pupil_id = ${pB}`);
  const maxP = one('SELECT max(id) FROM pupil'), maxC = one('SELECT max(id) FROM carer');
  const upn = id => one(`SELECT upn FROM pupil WHERE id = ${id}`);
  const parentChildren = pupils.filter(p => p.vpar).map(p => p.id);
  const records = fixtureRecords(db, {
    pupil: { T: pT, P: pP, O: pO, B: pB, X: parentChildren[0] },
    carer: { T: cT, P: cP, O: cO, B: cB, X: parentCarer },
    upn: { T: upn(pT), P: upn(pP), O: upn(pO), B: upn(pB), X: upn(parentChildren[0]) },
  });
  const imports = fixtureImports(db, { schoolA, schoolB, account, pupil: { T: pT, O: pO, B: pB } });
  checkpoint(db);
  fx = {
    db, tokens,
    ids: {
      school: { A: schoolA, B: schoolB },
      pupil: { T: pT, P: pP, O: pO, B: pB, none: maxP + 1000 },
      carer: { T: cT, P: cP, O: cO, B: cB, self: parentCarer, none: maxC + 1000 },
      parentChildren,
      teacherPupils: pupils.filter(p => p.vt).map(p => p.id),
      practitionerPupils: pupils.filter(p => p.vg).map(p => p.id),
      staff, account,
      ...records,
      ...imports,
    },
    upns: { T: upn(pT), P: upn(pP), O: upn(pO), B: upn(pB), schoolB: upns },
  };
  if (cache) writeFileSync(join(cache, 'fixture.json'), JSON.stringify(fx));
  return fx;
}

// An ISO date `days` before today (UTC, as meso's date_today without
// MESO_TODAY).
export const isoDaysAgo = days => new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);

// Records that belong to a pupil, made through the command line for the
// fixture's pupils, so that record-level scope can be tested on them:
//   conv.{T,P,O,B,X}: a complete record shared with the family, with one
//     target (X is the demo parent's first child); conv.Xdraft a draft and
//     conv.Xunshared a complete record not yet shared, of the same child.
//   target.{T,P,O,B,X}: the target of conv.{k}.
//   assessment.{T,P,O,B}: a teacher SDQ 30 days ago; assessment2.{k} another
//     60 days ago (so reliable change has two to compare).
//   contact.{T,P,O,B}: one contact with the family.
//   and a parent agreement for each, and views from the demo parent for X.
//   provision.{T,P,O,B}: "fixture k provision" at the pupil's school, selected
//     tier, with the pupil enrolled and reviewed ("fixture k review note").
//   involvement.{T,P,O,B}: a referral to educational psychology 90 days ago
//     ("fixture k asked"), past the local timescale.
// Each record's text names its pupil ("fixture T ..."), so a page showing
// another family's record is caught by text as well as by status.
// A later feature adds its records here the same way.
function fixtureRecords(db, { pupil, carer, upn }) {
  const one = q => sqlValue(db, q);
  const school = k => (k === 'B' ? SCHOOL_B : SCHOOL_A);
  const convId = out => Number(out.match(/conversation (\d+)/)[1]);
  const conv = {}, target = {}, assessment = {}, assessment2 = {}, contact = {}, provision = {}, involvement = {};
  const none = 1000000;
  for (const k of ['T', 'P', 'O', 'B', 'X']) {
    const sch = ['--school', school(k)];
    // School B's pupils have no key teacher: its lead holds the meeting.
    const teacher = k === 'B' ? ['--teacher', EMAIL.leadB] : [];
    conv[k] = convId(setup(db, ['conversation', 'add', upn[k], ...sch, ...teacher, '--date', isoDaysAgo(20),
      '--carers', String(carer[k]), '--going-well', `fixture ${k} going well`, '--concerns', `fixture ${k} concerns`,
      '--focus', `fixture ${k} focus`, '--agreed-together',
      '--target', `fixture ${k} target | school | fixture ${k} how we know | ${isoDaysAgo(-60)}`,
      '--summary', `fixture ${k} summary`, '--pupil-views', `fixture ${k} pupil views`]));
    setup(db, ['conversation', 'share', String(conv[k]), '--date', isoDaysAgo(19), '--how', 'printed copy']);
    target[k] = one(`SELECT min(id) FROM target WHERE conversation_id = ${conv[k]}`);
    setup(db, ['contact', 'add', upn[k], ...sch, '--method', 'phone', '--purpose', 'celebration',
      '--date', isoDaysAgo(10), '--note', `fixture ${k} contact note`]);
    contact[k] = one(`SELECT max(id) FROM contact WHERE pupil_id = ${pupil[k]}`);
    setup(db, ['agreement', 'set', upn[k], ...sch, ...(k === 'B' ? ['--staff', EMAIL.leadB] : []),
      '--carers', String(carer[k]), '--date', isoDaysAgo(20),
      '--purpose', `fixture ${k} purpose`, '--outcomes', `fixture ${k} outcomes`]);
    if (k === 'X') continue;
    const sdq = '0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0,1,2,0';
    for (const [into, days] of [[assessment2, 60], [assessment, 30]]) {
      setup(db, ['assessment', 'add', upn[k], sdq, ...sch, '--informant', 'teacher', '--date', isoDaysAgo(days),
        '--completed-by', `fixture ${k} teacher`]);
      into[k] = one(`SELECT max(id) FROM assessment WHERE pupil_id = ${pupil[k]}`);
    }
  }
  // The provision map: a provision of each pupil's school with the pupil
  // enrolled (consent given) and reviewed, and a referral to an outside
  // service made long enough ago to be past its local timescale.
  for (const k of ['T', 'P', 'O', 'B']) {
    const sch = ['--school', school(k)];
    const out = setup(db, ['provision', 'add', `fixture ${k} provision`, ...sch, '--tier', 'selected', '--outcomes', 'emotional',
      '--start', isoDaysAgo(60), '--review', isoDaysAgo(-7), '--sessions', '6', '--minutes', '45', '--staff-hours', '1', '--rate', '20']);
    provision[k] = Number(out.match(/Added provision (\d+)/)[1]);
    setup(db, ['provision', 'enrol', String(provision[k]), upn[k], ...sch, '--consent', 'given', '--date', isoDaysAgo(50)]);
    setup(db, ['review', 'add', String(provision[k]), upn[k], ...sch, '--score', '1', '--note', `fixture ${k} review note`,
      '--date', isoDaysAgo(5), ...(k === 'B' ? ['--reviewer', EMAIL.leadB] : [])]);
    const iv = setup(db, ['involvement', 'add', upn[k], ...sch, '--service', 'educational_psychology', '--referred', isoDaysAgo(90),
      '--asked', `fixture ${k} asked`]);
    involvement[k] = Number(iv.match(/Recorded involvement (\d+)/)[1]);
  }
  conv.Xdraft = convId(setup(db, ['conversation', 'add', upn.X, '--school', SCHOOL_A, '--status', 'draft', '--date', isoDaysAgo(5),
    '--carers', String(carer.X), '--going-well', 'fixture Xdraft not for the family yet']));
  conv.Xunshared = convId(setup(db, ['conversation', 'add', upn.X, '--school', SCHOOL_A, '--date', isoDaysAgo(4),
    '--carers', String(carer.X), '--concerns', 'fixture Xunshared complete but not shared',
    '--target', `fixture Xunshared target | parent | | ${isoDaysAgo(-30)}`]));
  setup(db, ['views', 'add', upn.X, '--school', SCHOOL_A, '--carer', String(carer.X), '--date', isoDaysAgo(2),
    '--going-well', 'fixture X views going well', '--worries', 'fixture X views worries']);
  // The demo's programmes meet at a time and place, and each has one session
  // still to come, so their invitation letters can be printed (a letter for
  // sessions already past, or without a time and venue, is refused).
  sqlExec(db, `UPDATE provision SET session_time = '15:15', venue = 'the school hall' WHERE template_id IS NOT NULL;
    INSERT INTO programme_session (provision_id, kind, seq, session_date, status)
      SELECT p.id, 'weekly', (SELECT coalesce(max(seq), 0) + 1 FROM programme_session s WHERE s.provision_id = p.id AND s.kind = 'weekly'),
             '${isoDaysAgo(-14)}', 'planned'
      FROM provision p WHERE p.template_id IS NOT NULL`);
  return {
    conv: { ...conv, none }, target: { ...target, none }, contact,
    assessment: { ...assessment, none }, assessment2,
    provision: { ...provision, none }, involvement: { ...involvement, none },
  };
}

// Classes and uploads (issue 11), written straight into the tables:
//   regGroup.{A,B}: "Fixture A class" at the demo school with pupils T and O
//     in it (as they are: in conversation scope or not), "Fixture B class" at school B with
//     pupil B; regGroup.none does not exist.
//   upload.{A,B}: a pupil file waiting for its school's lead to confirm it
//     (A: a header and no rows, so confirming writes no pupil; B: school B's);
//     upload.none does not exist.
function fixtureImports(db, { schoolA, schoolB, account, pupil }) {
  const now = new Date().toISOString();
  sqlExec(db, `INSERT INTO reg_group (school_id, name) VALUES (${schoolA}, 'Fixture A class'), (${schoolB}, 'Fixture B class');
    UPDATE pupil SET reg_group_id = (SELECT id FROM reg_group WHERE name = 'Fixture A class') WHERE id IN (${pupil.T}, ${pupil.O});
    UPDATE pupil SET reg_group_id = (SELECT id FROM reg_group WHERE name = 'Fixture B class') WHERE id = ${pupil.B};
    INSERT INTO import_upload (school_id, account_id, kind, filename, content, uploaded_at) VALUES
      (${schoolA}, ${account.lead}, 'pupils', 'fixture-a.csv', 'UPN,Surname,Forename,DOB,Sex\n', '${now}'),
      (${schoolB}, ${account.leadB}, 'pupils', 'fixture-b.csv', 'UPN,Surname,Forename,DOB,Sex\n', '${now}');`);
  const one = q => sqlValue(db, q);
  const rg = name => one(`SELECT id FROM reg_group WHERE name = '${name}'`);
  const up = name => one(`SELECT id FROM import_upload WHERE filename = '${name}'`);
  return {
    regGroup: { A: rg('Fixture A class'), B: rg('Fixture B class'), none: 1000000 },
    upload: { A: up('fixture-a.csv'), B: up('fixture-b.csv'), none: 1000000 },
  };
}

// ---- signing in -----------------------------------------------------------

// Sign in with a password through the form (double-submit CSRF), as a
// browser would; then read the session's CSRF token from the page the
// sign-in leads to. Returns the sign-in response (303).
export async function signIn(c, email, password = DEMO_PASSWORD) {
  const tok = await c.csrf('/sign-in');
  const r = await c.post('/sign-in', { csrf: tok, email, password, next: '/' });
  if (r.status !== 303) throw new Error(`sign-in as ${email}: status ${r.status}`);
  c.label = c.label || email;
  let page = await c.get(r.location);
  // An LA officer's home sends them on to /la.
  if (page.status === 303 && page.location) page = await c.get(page.location);
  const m = page.text.match(/name="csrf" value="([^"]+)"/);
  c.csrfToken = m ? m[1] : null;
  return r;
}

// One signed-in client per role: { anon, admin, lead, teacher, practitioner,
// parent, la, enrolling, apiRead, apiWrite, apiWriteB }. Browser roles sign in
// once (argon2 is slow under ASan); API roles carry a bearer token.
export async function roleClients(url, f = fixture()) {
  const c = { anon: new Client(url, { label: 'anon' }) };
  for (const role of ['admin', 'lead', 'teacher', 'practitioner', 'parent']) {
    c[role] = new Client(url, { label: role });
    await signIn(c[role], EMAIL[role]);
  }
  c.la = new Client(url, { label: 'la' });
  await signIn(c.la, EMAIL.la, NEW_LEAD_PASSWORD);
  c.enrolling = new Client(url, { label: 'enrolling' });
  await signIn(c.enrolling, EMAIL.enrolling, NEW_LEAD_PASSWORD);
  c.apiRead = new Client(url, { bearer: f.tokens.readA, label: 'apiRead' });
  c.apiWrite = new Client(url, { bearer: f.tokens.writeA, label: 'apiWrite' });
  c.apiWriteB = new Client(url, { bearer: f.tokens.writeB, label: 'apiWriteB' });
  c.apiLa = new Client(url, { bearer: f.tokens.la, label: 'apiLa' });
  return c;
}

// The session cookie's value, or undefined.
export const sessionCookie = c => c.jar.get('__Host-meso');

export const randomToken = () => randomBytes(32).toString('base64url');

// The `meso serve` processes started and not yet ended, stopped by run()
// before a failing test file exits (else they would outlive it).
const live = new Set();
// (And whatever else ends this process, an uncaught error included.)
process.on('exit', () => { for (const child of live) child.kill('SIGTERM'); });
async function stopAll() {
  await Promise.all([...live].map(child => new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    const hard = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.on('exit', () => { clearTimeout(hard); resolve(); });
    child.kill('SIGTERM');
  })));
}

export async function run() {
  // MESO_HTTP_ONLY=text runs only the tests whose names contain it.
  const only = process.env.MESO_HTTP_ONLY;
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    try {
      await t.fn();
      console.log(`ok ${t.name}`);
    } catch (e) {
      failures++;
      console.log(`FAIL ${t.name}: ${e.stack || e}`);
    }
  }
  if (failures) {
    console.log(`${failures} failed`);
    await stopAll();
    process.exit(1);
  }
}
