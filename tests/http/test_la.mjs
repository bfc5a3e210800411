// The local authority's view (issue 16 part 5): an LA account sees, at /la,
// only the schools of its own LA and only those whose lead agreed to share;
// no pupil's name or UPN appears anywhere in the page, the spreadsheet or
// the figures; counts of 1 to 4 show as "fewer than 5"; a lead turns
// sharing on and off and the audit trail records it. The route x role
// matrix is in test_access.mjs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  test, run, assert, eq, startServer, Client, signIn, sql, sqlExec, meso, newDatabase, checkpoint, settle,
} from './lib.mjs';

const PW = 'officer-password-long-1';
const dir = mkdtempSync(join(tmpdir(), 'meso-la-'));
const base = newDatabase(dir, 'la.db');
// Five schools of LA 931 (four share, the fifth has not agreed), and one
// school of another LA (932) that shares with its own LA.
meso(base, ['demo', '--schools', '5', '--la', '931', '--seed', '4']);
meso(base, ['school', 'add', '--urn', '888001', '--name', 'Other Authority Primary', '--la', '932', '--phase', 'primary']);
meso(base, ['user', 'add', 'officer.932@example.org', '--role', 'la', '--la', '932'], PW + '\n');
checkpoint(base);
const srv = await startServer({ db: base });
const db = srv.db;
const otherId = sql(db, "SELECT id FROM school WHERE urn = '888001'")[0].id;
sqlExec(db, `UPDATE school SET la_share = 1 WHERE id = ${otherId}`);

const officer = new Client(srv.url, { label: 'la' });
await signIn(officer, 'la.officer@la931.example.org');

const schools = () => sql(db, "SELECT id, urn, name, la_code, la_share FROM school ORDER BY urn");

test('the LA sees only its own schools that share; not another LA\'s, not one that has not agreed', async () => {
  const r = await officer.get('/la');
  eq(r.status, 200, '/la');
  for (const s of schools()) {
    const shown = r.text.includes(`>${s.name}<`);
    const should = s.la_code === '931' && Number(s.la_share) === 1;
    eq(shown, should, `${s.name} (LA ${s.la_code}, sharing ${s.la_share})`);
  }
  assert(/1 school has not \(yet\) agreed/.test(r.text), 'the school not sharing is counted, not named');
});

test('no pupil, carer or member of staff is named, and no UPN appears', async () => {
  const r = await officer.get('/la');
  const rows = sql(db, `SELECT legal_forename AS f, legal_surname AS s, upn FROM pupil`);
  for (const p of rows) {
    assert(!r.text.includes(p.upn), `UPN ${p.upn} in /la`);
    assert(!r.text.includes(`${p.f} ${p.s}`), `${p.f} ${p.s} in /la`);
  }
  for (const c of sql(db, 'SELECT forename AS f, surname AS s FROM carer'))
    assert(!r.text.includes(`${c.f} ${c.s}`), `carer ${c.f} ${c.s} in /la`);
  for (const t of sql(db, 'SELECT name FROM staff'))
    assert(!r.text.includes(t.name), `staff ${t.name} in /la`);
  const x = await fetch(srv.url + '/la.xlsx', { headers: { cookie: officer.cookieHeader() } });
  eq(x.status, 200, '/la.xlsx');
  const file = join(dir, 'la.xlsx');
  writeFileSync(file, Buffer.from(await x.arrayBuffer()));
  const strings = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  for (const p of rows) assert(!strings.includes(p.upn), `UPN ${p.upn} in the spreadsheet`);
  assert(!execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet2.xml'], { encoding: 'utf8' }).includes('<f>'), 'no formula');
});

test('small counts are suppressed: no cell shows 1 to 4', async () => {
  const r = await officer.get('/la');
  const cells = [...r.text.matchAll(/govuk-table__cell--numeric">([^<]*)</g)].map(m => m[1]);
  assert(cells.length > 20, 'numeric cells');
  for (const c of cells) assert(!/^[1-4]$/.test(c), `a cell shows ${c}`);
  assert(cells.includes('fewer than 5'), 'some count is suppressed (the demo has small programme counts)');
});

test('sorting by a column orders the schools by it', async () => {
  const r = await officer.get('/la?sort=in_scope&dir=desc');
  eq(r.status, 200);
  const names = [...r.text.matchAll(/<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">([^<]+)</g)].map(m => m[1]);
  const want = sql(db, `SELECT s.name, (SELECT count(*) FROM pupil p WHERE p.school_id = s.id) AS n FROM school s
    WHERE s.la_code = '931' AND s.la_share = 1`).map(s => s.name);
  eq(names.filter(n => n !== 'All schools sharing').sort().join('|'), want.sort().join('|'), 'the same schools');
  const r2 = await officer.get('/la?sort=nonsense');
  eq(r2.status, 200, 'an unknown sort is by name');
});

test('another LA\'s officer sees its own school only', async () => {
  const other = new Client(srv.url, { label: 'la932' });
  await signIn(other, 'officer.932@example.org', PW);
  const r = await other.get('/la');
  eq(r.status, 200);
  assert(r.text.includes('Other Authority Primary'), 'its school');
  for (const s of schools().filter(s => s.la_code === '931')) assert(!r.text.includes(s.name), `${s.name} shown to LA 932`);
});

test('a lead turns sharing off and on; each change is in the audit trail; the LA sees it at once', async () => {
  const lead = new Client(srv.url, { label: 'lead' });
  await signIn(lead, 'helen.price@meadowbank.example.org');
  const page = await lead.get('/school');
  assert(page.text.includes('Sharing with the local authority'), 'the setting is on the school page');
  let r = await lead.post('/school/la-share', { csrf: lead.csrfToken, share: 'no' });
  eq(r.status, 303, 'stop sharing');
  eq(Number(sql(db, "SELECT la_share FROM school WHERE urn = '999001'")[0].la_share), 0);
  assert(!(await officer.get('/la')).text.includes('>Meadowbank Primary School<'), 'gone from the LA view');
  r = await lead.post('/school/la-share', { csrf: lead.csrfToken, share: 'yes' });
  eq(r.status, 303, 'share again');
  assert((await officer.get('/la')).text.includes('>Meadowbank Primary School<'), 'back in the LA view');
  await settle(db);
  const rows = sql(db, `SELECT detail FROM audit WHERE entity = 'school' AND actor = 'user:helen.price@meadowbank.example.org'
    AND detail LIKE 'sharing with the local authority%' ORDER BY id`);
  eq(rows.length, 2, 'two audit rows');
  r = await lead.post('/school/la-share', { share: 'no' });
  eq(r.status, 403, 'no CSRF token: refused');
});

test('the LA officer sees no school page, no pupil and no API', async () => {
  for (const path of ['/pupils', '/school', '/conversations', '/provision', '/audit']) {
    const r = await officer.get(path);
    eq(r.status, 403, path);
  }
  const home = await officer.get('/');
  eq(home.status, 303, 'home sends the officer to /la');
});

test('the API gives the page\'s figures to the LA\'s token, and nothing of any school', async () => {
  const tok = meso(db, ['token', 'add', '--name', 'la-931', '--la', '931']).trim();
  const api = new Client(srv.url, { bearer: tok, label: 'la-token' });
  const r = await api.get('/api/v1/la');
  eq(r.status, 200, '/api/v1/la');
  const j = r.json();
  eq(j.la, '931');
  const want = schools().filter(s => s.la_code === '931' && Number(s.la_share) === 1).map(s => s.urn).sort();
  eq(j.schools.map(s => s.urn).sort().join(','), want.join(','), 'the schools that share');
  for (const p of sql(db, 'SELECT upn FROM pupil')) assert(!r.text.includes(p.upn), `UPN ${p.upn} in the API`);
  const counts = JSON.stringify(j).match(/"(?:pupils_in_scope|held_[^"]*|families_[^"]*|children_[^"]*|screened)":(\d+)/g) || [];
  for (const c of counts) assert(!/:[1-4]$/.test(c), `a small count: ${c}`);
  // Shares and means to 3 decimal places, printed so (not 0.66666666666666663).
  const reals = r.text.match(/"(?:share_[^"]*|mean_[^"]*|[a-z_]*_share|reviews_with_parent_per_pupil|progress_methods_mean)":-?[0-9.e+-]+/g) || [];
  assert(reals.length > 0, 'the API gives shares and means');
  for (const m of reals) assert(/:-?\d+(\.\d{1,3})?$/.test(m), `more than 3 decimals: ${m}`);
  eq((await api.get('/api/v1/pupils')).status, 403, 'no pupil list');
  eq((await api.get('/api/v1/la?year=soon')).status, 422, 'a bad year');
});

await run();
await srv.stop();
