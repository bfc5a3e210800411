// lib.mjs - end-to-end HTTP tests against the real `meso serve`.
// Starts the server on a free port over a fresh copy of a database, and
// gives each test a tiny client with its own cookie jar.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MESO = process.env.MESO_BIN || './meso';
const tests = [];
let failures = 0;

export function test(name, fn) { tests.push({ name, fn }); }

export function assert(cond, msg) {
  if (!cond) throw new Error(msg || 'assertion failed');
}
export function eq(got, want, msg) {
  if (got !== want) throw new Error(`${msg || 'expected equal'}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

// meso(args...): run the CLI against db; returns stdout (throws on failure).
export function meso(db, args, input) {
  return execFileSync(MESO, ['--db', db, ...args], { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

// A demo database made once per test process, copied per server.
let demoDb = null;
export function demoDatabase() {
  if (!demoDb) {
    const dir = mkdtempSync(join(tmpdir(), 'meso-http-'));
    demoDb = join(dir, 'demo.db');
    meso(demoDb, ['demo', '--seed', '7']);
    execFileSync('sqlite3', [demoDb, 'PRAGMA wal_checkpoint(TRUNCATE)']);
  }
  return demoDb;
}

// Start `meso serve` on a copy of db (default: the demo). Returns
// { url, db, log(), stop() }.
export async function startServer({ db, args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'meso-srv-'));
  const file = join(dir, 'meso.db');
  copyFileSync(db || demoDatabase(), file);
  const child = spawn(MESO, ['--db', file, 'serve', '--listen', '127.0.0.1:0', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stderr.on('data', d => { err += d; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('meso serve did not start: ' + err)), 10000);
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/serving (http:\/\/[^/ ]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', code => { clearTimeout(timer); reject(new Error(`meso serve exited ${code}: ${err}`)); });
  });
  return {
    url, db: file, dir,
    log: () => err,
    stdout: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise(r => child.on('exit', r));
      }
      if (/AddressSanitizer|runtime error:|LeakSanitizer/.test(err))
        throw new Error('sanitizer report from meso serve:\n' + err.slice(0, 4000));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A browser-like client: keeps cookies, does not follow redirects.
export class Client {
  constructor(base) { this.base = base; this.jar = new Map(); }
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
    if (this.jar.size) h.cookie = this.cookieHeader();
    let b = body;
    if (form) { b = new URLSearchParams(form).toString(); h['content-type'] = 'application/x-www-form-urlencoded'; }
    if (json !== undefined) { b = JSON.stringify(json); h['content-type'] = 'application/json'; }
    const res = await fetch(this.base + path, { method, headers: h, body: b, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location'),
             json() { return JSON.parse(text); } };
  }
  get(path, o) { return this.req('GET', path, o); }
  post(path, form, o = {}) { return this.req('POST', path, { ...o, form }); }
  // The CSRF token from a form on the page at path.
  async csrf(path) {
    const r = await this.get(path);
    const m = r.text.match(/name="csrf" value="([^"]+)"/);
    if (!m) throw new Error(`no csrf field on ${path} (status ${r.status})`);
    return m[1];
  }
}

export async function run() {
  for (const t of tests) {
    try {
      await t.fn();
      console.log(`ok ${t.name}`);
    } catch (e) {
      failures++;
      console.log(`FAIL ${t.name}: ${e.stack || e}`);
    }
  }
  if (failures) { console.log(`${failures} failed`); process.exit(1); }
}
