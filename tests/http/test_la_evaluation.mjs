// The local authority's analysis across its schools over HTTP (issue 16
// part 5; docs/evaluation.md, "Across a local authority's schools"): an LA
// officer's /la/evaluation and an LA token's GET /api/v1/la/evaluation use
// only the officer's own LA's schools that agreed to share, name no school,
// member of staff or child (and show no UPN), give the same figures as
// `meso la evaluate --json`, and are audited as the officer. The route x
// role matrix is in test_access.mjs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  test, run, assert, eq, startServer, Client, signIn, sql, sqlExec, meso, newDatabase, checkpoint,
} from './lib.mjs';

const PW = 'officer-password-long-1';
const dir = mkdtempSync(join(tmpdir(), 'meso-laeval-'));
const base = newDatabase(dir, 'laeval.db');
// Seven schools of LA 931 (six share), and one of LA 932 that shares with its own.
meso(base, ['demo', '--schools', '7', '--la', '931', '--seed', '3']);
meso(base, ['school', 'add', '--urn', '888001', '--name', 'Other Authority Primary', '--la', '932', '--phase', 'primary']);
meso(base, ['user', 'add', 'officer.932@example.org', '--role', 'la', '--la', '932'], PW + '\n');
const token = meso(base, ['token', 'add', '--name', 'la-eval', '--la', '931']).match(/[A-Za-z0-9_-]{40,}/)[0];
checkpoint(base);
const srv = await startServer({ db: base });
const db = srv.db;
sqlExec(db, "UPDATE school SET la_share = 1 WHERE urn = '888001'");

const officer = new Client(srv.url, { label: 'la931' });
await signIn(officer, 'la.officer@la931.example.org');
const other = new Client(srv.url, { label: 'la932' });
await signIn(other, 'officer.932@example.org', PW);

test('the page uses the six sharing schools of its own LA, and names none of them', async () => {
  const r = await officer.get('/la/evaluation');
  eq(r.status, 200, '/la/evaluation');
  assert(/Schools sharing: 6 \(not sharing: 1\)/.test(r.text), 'six schools share, one does not');
  assert(r.text.includes('a random intercept for each school and for each key teacher within it')
    || r.text.includes('No model was fitted.'), 'the three-level model, or why not');
  for (const s of sql(db, 'SELECT name, urn FROM school'))
    assert(!r.text.includes(s.name) && !r.text.includes(s.urn), `school ${s.name} named`);
  for (const p of sql(db, 'SELECT legal_forename AS f, legal_surname AS s, upn FROM pupil')) {
    assert(!r.text.includes(p.upn), `UPN ${p.upn}`);
    assert(!r.text.includes(`${p.f} ${p.s}`), `${p.f} ${p.s}`);
  }
  for (const t of sql(db, 'SELECT name FROM staff')) assert(!r.text.includes(t.name), `staff ${t.name}`);
  assert(!/<td[^>]*>[1-4]<\/td>/.test(r.text), 'a small count shown');
});

test('another LA\'s officer sees only that LA\'s school, which has no pupils in scope', async () => {
  const r = await other.get('/la/evaluation');
  eq(r.status, 200, '/la/evaluation as 932');
  assert(/Schools sharing: 1 \(not sharing: 0\)/.test(r.text), 'one school of 932');
  assert(r.text.includes('No model was fitted.'), 'declines');
});

test('the API gives the CLI\'s figures, for an LA token; a year out of range is a 422', async () => {
  const r = await fetch(`${srv.url}/api/v1/la/evaluation`, { headers: { authorization: `Bearer ${token}` } });
  eq(r.status, 200, 'API');
  const api = await r.json();
  checkpoint(db);
  const cli = JSON.parse(meso(db, ['la', 'evaluate', '--la', '931', '--json']));
  eq(api.schools_sharing, 6, 'schools sharing');
  eq(api.model_kind, cli.model_kind, 'model');
  eq(api.pupils_in_analysis, cli.pupils_in_analysis, 'pupils');
  for (let k = 0; k < 4; k++) eq(api.indicators[k].g, cli.indicators[k].g, api.indicators[k].name);
  const bad = await fetch(`${srv.url}/api/v1/la/evaluation?year=1990`, { headers: { authorization: `Bearer ${token}` } });
  eq(bad.status, 422, 'year 1990');
});

test('each view is audited as the officer, with the address, and the key never', async () => {
  const rows = sql(db, "SELECT actor, address, detail FROM audit WHERE entity = 'la_evaluation' AND action = 'report'"
    + " AND actor = 'user:la.officer@la931.example.org'");
  assert(rows.length >= 1, 'a report row for the officer');
  assert(rows.every(x => x.address && /6 schools sharing/.test(x.detail)), JSON.stringify(rows[0]));
  eq(sql(db, "SELECT count(*) AS n FROM audit a JOIN la_key k ON a.detail LIKE '%' || k.secret || '%'")[0].n, 0, 'key in the trail');
});

await run();
await srv.stop();
