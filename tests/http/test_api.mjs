// The JSON API's conventions (docs/openapi.yaml): one error object for every
// failure, pagination that visits every record exactly once, create and
// update round trips, scopes (a read token cannot write) and schools (a
// token sees its own school only), JSON syntax errors with line and column,
// unknown fields named.
import {
  test, run, assert, eq, startServer, fixture, Client, sql, sqlValue, fingerprint, fingerprintDiff,
  upnMake, meso, SCHOOL_A,
} from './lib.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const db = srv.db;
const { pupil: P, carer: C, school } = f.ids;
const read = new Client(srv.url, { bearer: f.tokens.readA });
const write = new Client(srv.url, { bearer: f.tokens.writeA });
const writeB = new Client(srv.url, { bearer: f.tokens.writeB });
const readB = new Client(srv.url, { bearer: f.tokens.readB });
const anon = new Client(srv.url);

// The one error shape: {"error": {"status", "code", "message"[, "fields"]}},
// with status equal to the HTTP status, as JSON.
function assertError(r, status, code, what) {
  eq(r.status, status, `${what}: status`);
  eq(r.headers.get('content-type'), 'application/json', `${what}: content type`);
  let doc;
  try { doc = r.json(); } catch { throw new Error(`${what}: not JSON: ${r.text.slice(0, 200)}`); }
  eq(Object.keys(doc).join(','), 'error', `${what}: top level`);
  const e = doc.error;
  const keys = Object.keys(e).sort().join(',');
  assert(keys === 'code,message,status' || keys === 'code,fields,message,status', `${what}: error keys ${keys}`);
  eq(e.status, status, `${what}: error.status`);
  if (code) eq(e.code, code, `${what}: error.code`);
  assert(typeof e.message === 'string' && e.message.length > 3, `${what}: a message`);
  if (e.fields !== undefined) assert(typeof e.fields === 'object' && !Array.isArray(e.fields), `${what}: fields is an object`);
  return e;
}
const raw = (c, method, path, body, type = 'application/json') => c.req(method, path, { body, headers: { 'content-type': type } });

test('every kind of failure comes back as the same error object', async () => {
  assertError(await anon.get('/api/v1/pupils'), 401, 'unauthorised', 'no token');
  for (const h of ['Bearer meso_not-a-real-token', 'Bearer ', 'Basic dXNlcjpwYXNz', f.tokens.readA, `Bearer ${f.tokens.readA}x`])
    assertError(await anon.get('/api/v1/pupils', { headers: { authorization: h } }), 401, 'unauthorised', `Authorization: ${h.slice(0, 20)}`);
  assertError(await read.api('POST', '/api/v1/pupils', {}), 403, 'forbidden', 'read token writing');
  assertError(await write.get(`/api/v1/pupils/${P.none}`), 404, 'not_found', 'no such pupil');
  assertError(await write.get(`/api/v1/pupils/${P.B}`), 404, 'not_found', "another school's pupil");
  assertError(await write.get('/api/v1/pupils/abc'), 404, 'not_found', 'not a number');
  assertError(await write.get('/api/v1/nothing-here'), 404, 'not_found', 'no such endpoint');
  assertError(await write.req('DELETE', `/api/v1/pupils/${P.T}`), 405, 'method_not_allowed', 'DELETE');
  assertError(await write.req('PUT', '/api/v1/carers'), 405, 'method_not_allowed', 'PUT');
  assertError(await raw(write, 'POST', '/api/v1/pupils', '{"a": '), 400, 'bad_json', 'bad JSON');
  assertError(await raw(write, 'POST', '/api/v1/pupils', 'a=1', 'application/x-www-form-urlencoded'), 400, 'bad_request', 'not JSON at all');
  assertError(await write.api('POST', '/api/v1/pupils', { upn: f.upns.T, legal_surname: 'Twice', legal_forename: 'Made', dob: '2018-01-01', sex: 'F' }), 409, 'conflict', 'UPN taken');
  const e = assertError(await write.api('POST', '/api/v1/pupils', { sex: 'Q' }), 422, 'invalid', 'invalid');
  for (const k of ['upn', 'legal_surname', 'legal_forename', 'dob', 'sex']) assert(e.fields[k], `fields.${k}: ${JSON.stringify(e.fields)}`);
  assertError(await write.get('/api/v1/pupils?year=Z9'), 422, 'invalid', 'a bad filter');
  assertError(await raw(write, 'POST', '/api/v1/pupils', `{"x":"${'y'.repeat(3 << 20)}"}`), 413, 'too_large', 'too large');
});

test('JSON syntax errors say where: line and column', async () => {
  let e = assertError(await raw(write, 'POST', '/api/v1/pupils', '{\n  "legal_surname": "Ok",\n  oops\n}'), 400, 'bad_json', 'syntax');
  assert(/line 3, column \d+/.test(e.message), e.message);
  e = assertError(await raw(write, 'PATCH', `/api/v1/pupils/${P.T}`, '{"sex": "F",}'), 400, 'bad_json', 'trailing comma');
  assert(/line 1, column 1[0-9]/.test(e.message), e.message);
  e = assertError(await raw(write, 'POST', '/api/v1/carers', '\n\n  [1, 2]'), 400, 'bad_json', 'an array');
  assert(e.message.includes('line 3, column 3'), `points at the array: ${e.message}`);
  assert(!/-1/.test(e.message), 'no -1 positions');
  e = assertError(await raw(write, 'POST', '/api/v1/pupils', '{"sex": "F", "sex": "M"}'), 400, 'bad_json', 'a repeated key');
  assert(/line 1, column \d+: duplicate/.test(e.message), e.message);
  e = assertError(await raw(write, 'POST', '/api/v1/pupils', ''), 400, 'bad_json', 'empty');
  assert(/line 1/.test(e.message), e.message);
});

test('unknown and mistyped fields are named; the UPN cannot be changed', async () => {
  const before = fingerprint(db);
  let e = assertError(await write.api('PATCH', `/api/v1/pupils/${P.T}`, { nickname: 'Jo', legal_surname: 5, fsm: 'yes', upn: 'A123' }), 422, 'invalid', 'patch');
  eq(e.fields.nickname, 'is not a pupil field', 'unknown field named');
  assert(e.fields.legal_surname && e.fields.fsm && e.fields.upn, JSON.stringify(e.fields));
  e = assertError(await write.api('PATCH', `/api/v1/carers/${C.T}`, { shoe_size: 9 }), 422, 'invalid', 'carer');
  eq(e.fields.shoe_size, 'is not a carer field', 'unknown carer field named');
  e = assertError(await write.api('POST', '/api/v1/carers', { surname: 'X', pupils: [{ pupil_id: P.B, relationship: 'mother' }] }), 422, 'invalid', 'link to another school');
  assert(/no such pupil at this school/.test(e.fields.pupils), e.fields.pupils);
  const after = fingerprint(db);
  assert(before === after, `refused requests changed something:\n${fingerprintDiff(before, after)}`);
});

test('pagination: following next visits every pupil exactly once, with a true total', async () => {
  const want = sql(db, `SELECT id FROM pupil WHERE school_id = ${school.A} AND (leaving_date IS NULL OR leaving_date > date('now')) ORDER BY id`).map(r => r.id);
  for (const perPage of [1, 37, 50, 500]) {
    const seen = new Map();
    let path = `/api/v1/pupils?per_page=${perPage}`, pages = 0, expectPage = 1;
    while (path) {
      const r = await read.get(path);
      eq(r.status, 200, path);
      const doc = r.json();
      eq(Object.keys(doc).sort().join(','), 'items,next,page,per_page,prev,total', 'page keys');
      eq(doc.page, expectPage++, 'page number');
      eq(doc.per_page, perPage, 'per_page');
      eq(doc.total, want.length, 'total');
      assert(doc.items.length <= perPage && (doc.next === null || doc.items.length === perPage), 'page size');
      for (const p of doc.items) seen.set(p.id, (seen.get(p.id) || 0) + 1);
      assert(doc.next === null || doc.next.startsWith('/api/v1/pupils?'), `next is a path: ${doc.next}`);
      path = doc.next;
      if (++pages > want.length + 2) throw new Error('next never ends');
    }
    eq([...seen.values()].every(n => n === 1), true, `per_page=${perPage}: each pupil once`);
    eq([...seen.keys()].sort((a, b) => a - b).join(','), want.join(','), `per_page=${perPage}: every pupil`);
  }
  const past = (await read.get('/api/v1/pupils?page=999&per_page=50')).json();
  eq(past.items.length, 0, 'past the end: no items');
  eq(past.total, want.length, 'past the end: total still right');
  eq(past.next, null, 'past the end: no next');
  // Carers too.
  const carers = sql(db, `SELECT id FROM carer WHERE school_id = ${school.A} ORDER BY id`).map(r => r.id);
  const seen = [];
  for (let path = '/api/v1/carers?per_page=111'; path;) {
    const doc = (await read.get(path)).json();
    eq(doc.total, carers.length, 'carer total');
    seen.push(...doc.items.map(c => c.id));
    path = doc.next;
  }
  eq(seen.length, carers.length, 'each carer once');
  eq([...seen].sort((a, b) => a - b).join(','), carers.join(','), 'every carer');
  // Filters narrow the total and the pages alike.
  const yr = (await read.get('/api/v1/pupils?year=R&per_page=500')).json();
  eq(yr.total, sql(db, `SELECT count(*) AS n FROM pupil WHERE school_id = ${school.A} AND nc_year = 'R' AND leaving_date IS NULL`)[0].n, 'year R total');
  assert(yr.items.every(p => p.nc_year === 'R'), 'only year R');
});

test('create, read back, update: round trips, with the SEN history kept', async () => {
  const upn = upnMake(806, 7007, 5, 1);
  const body = { upn, legal_surname: 'Roundtrip', legal_forename: 'Rosa', preferred_forename: 'Ro', dob: '2017-05-06', sex: 'F',
    nc_year: '3', sen_provision: 'K', sen_primary_need: 'SLCN', eal: true, first_language: 'Polish', looked_after: false, fsm: true,
    admission_date: '2021-09-06' };
  let r = await write.api('POST', '/api/v1/pupils', body);
  eq(r.status, 201, 'created');
  const made = r.json();
  eq(r.headers.get('location'), `/api/v1/pupils/${made.id}`, 'Location');
  for (const [k, v] of Object.entries(body)) eq(made[k], v, `created ${k}`);
  r = await read.get(r.headers.get('location'));
  eq(r.status, 200, 'read back');
  const got = r.json();
  for (const [k, v] of Object.entries(body)) eq(got[k], v, `read back ${k}`);
  eq(got.sen_history.length, 1, 'one SEN history entry');
  r = await write.api('PATCH', `/api/v1/pupils/${made.id}`, { sen_provision: 'E', sen_primary_need: 'ASD', preferred_forename: null });
  eq(r.status, 200, 'patched');
  const after = (await read.get(`/api/v1/pupils/${made.id}`)).json();
  eq(after.sen_provision, 'E', 'SEN changed');
  eq(after.sen_primary_need, 'ASD', 'need changed');
  eq(after.preferred_forename, null, 'cleared with null');
  for (const k of ['legal_surname', 'legal_forename', 'dob', 'nc_year', 'first_language', 'fsm', 'admission_date']) eq(after[k], body[k], `unchanged ${k}`);
  eq(after.sen_history.length, 2, 'the SEN change is added to the history');
  eq(after.sen_history[0].provision, 'K', 'the old entry kept');
  eq(after.sen_history[1].provision, 'E', 'the new entry last');
  // A carer linked to it, then changed.
  r = await write.api('POST', '/api/v1/carers', { title: 'Mr', forename: 'Piotr', surname: 'Roundtrip', phone_mobile: '07700 900888',
    preferred_contact: 'text', pupils: [{ pupil_id: made.id, relationship: 'father', parental_responsibility: true, lives_with: true, contact_priority: 1 }] });
  eq(r.status, 201, 'carer created');
  const carer = r.json();
  eq(r.headers.get('location'), `/api/v1/carers/${carer.id}`, 'carer Location');
  eq(carer.pupils.length, 1, 'linked');
  eq(carer.pupils[0].pupil_id, made.id, 'to the pupil');
  eq(carer.pupils[0].relationship, 'father', 'relationship');
  r = await write.api('PATCH', `/api/v1/carers/${carer.id}`, { town: 'Roundton', pupils: [{ pupil_id: P.O, relationship: 'uncle' }] });
  eq(r.status, 200, 'carer patched');
  const c2 = (await read.get(`/api/v1/carers/${carer.id}`)).json();
  eq(c2.town, 'Roundton', 'town');
  eq(c2.phone_mobile, '07700 900888', 'phone unchanged');
  eq(c2.pupils.map(l => l.pupil_id).sort((a, b) => a - b).join(','), [made.id, P.O].sort((a, b) => a - b).join(','), 'both links');
  const pc = (await read.get(`/api/v1/pupils/${made.id}`)).json().carers;
  assert(pc.some(x => JSON.stringify(x).includes('Piotr')), 'the pupil lists the carer');
  eq(sqlValue(db, `SELECT count(*) FROM carer WHERE surname = 'Roundtrip'`), 1, 'one carer row');
  r = await write.api('POST', '/api/v1/carers', { title: 'Mr', forename: 'Piotr', surname: 'Roundtrip', phone_mobile: '07700 900888',
    pupils: [{ pupil_id: made.id, relationship: 'father' }] });
  assertError(r, 409, 'conflict', 'the same carer again');
});

test('a read token cannot write, and nothing changes', async () => {
  const before = fingerprint(db);
  for (const [m, path, body] of [['POST', '/api/v1/pupils', { upn: upnMake(806, 7007, 5, 2), legal_surname: 'R', legal_forename: 'O', dob: '2018-01-01', sex: 'M' }],
    ['PATCH', `/api/v1/pupils/${P.T}`, { preferred_forename: 'Readonly' }],
    ['POST', '/api/v1/carers', { surname: 'Readonly', pupils: [{ pupil_id: P.T, relationship: 'aunt' }] }],
    ['PATCH', `/api/v1/carers/${C.T}`, { town: 'Readonly' }],
    ['PATCH', `/api/v1/pupils/${P.none}`, {}]]) {
    for (const c of [read, readB]) assertError(await c.api(m, path, body), 403, 'forbidden', `${m} ${path}`);
  }
  const after = fingerprint(db);
  assert(before === after, `a read token changed something:\n${fingerprintDiff(before, after)}`);
});

test("a token of one school cannot see or change another school's records (404)", async () => {
  const before = fingerprint(db);
  for (const c of [write, read]) {
    assertError(await c.get(`/api/v1/pupils/${P.B}`), 404, 'not_found', "A reading B's pupil");
    assertError(await c.get(`/api/v1/carers/${C.B}`), 404, 'not_found', "A reading B's carer");
  }
  assertError(await write.api('PATCH', `/api/v1/pupils/${P.B}`, { preferred_forename: 'Crossed' }), 404, 'not_found', "A changing B's pupil");
  assertError(await write.api('PATCH', `/api/v1/carers/${C.B}`, { town: 'Crossed' }), 404, 'not_found', "A changing B's carer");
  for (const id of [P.T, P.O, P.P]) {
    assertError(await readB.get(`/api/v1/pupils/${id}`), 404, 'not_found', "B reading A's pupil");
    assertError(await writeB.api('PATCH', `/api/v1/pupils/${id}`, { preferred_forename: 'Crossed' }), 404, 'not_found', "B changing A's pupil");
  }
  assertError(await writeB.api('PATCH', `/api/v1/carers/${C.T}`, { town: 'Crossed' }), 404, 'not_found', "B changing A's carer");
  // The same 404 as for a record that does not exist.
  eq((await writeB.get(`/api/v1/pupils/${P.T}`)).text, (await writeB.get(`/api/v1/pupils/${P.none}`)).text, 'indistinguishable');
  const after = fingerprint(db);
  assert(before === after, `cross-school requests changed something:\n${fingerprintDiff(before, after)}`);
  // A UPN that exists at school A may be used at school B: the schools are
  // separate registers, and A's pupil is untouched.
  const r = await writeB.api('POST', '/api/v1/pupils', { upn: f.upns.T, legal_surname: 'Elsewhere', legal_forename: 'Same', dob: '2018-01-01', sex: 'F' });
  eq(r.status, 201, "A's UPN at school B");
  eq(sqlValue(db, `SELECT school_id FROM pupil WHERE id = ${r.json().id}`), school.B, 'at school B');
  assert(sqlValue(db, `SELECT legal_surname FROM pupil WHERE id = ${P.T}`) !== 'Elsewhere', "A's pupil untouched");
  eq((await write.get(`/api/v1/pupils?upn=${f.upns.T}`)).json().total, 1, 'A still sees one pupil with that UPN');
});

test('a revoked token stops working at once', async () => {
  const token = meso(db, ['token', 'add', '--name', 'short-lived', '--scope', 'write', '--school', SCHOOL_A]).trim();
  const c = new Client(srv.url, { bearer: token });
  eq((await c.get('/api/v1/pupils?per_page=1')).status, 200, 'works');
  meso(db, ['token', 'revoke', 'short-lived']);
  assertError(await c.get('/api/v1/pupils?per_page=1'), 401, 'unauthorised', 'revoked');
  assertError(await c.api('PATCH', `/api/v1/pupils/${P.T}`, {}), 401, 'unauthorised', 'revoked, writing');
});

test('API answers are not cached, not sniffed, and not shared with other origins', async () => {
  for (const [c, path] of [[read, '/api/v1/pupils?per_page=1'], [read, `/api/v1/pupils/${P.T}`], [anon, '/api/v1/pupils'], [read, `/api/v1/carers/${C.T}`]]) {
    const r = await c.get(path, { headers: { origin: 'https://evil.example' } });
    eq(r.headers.get('cache-control'), 'no-store', `${path}: Cache-Control`);
    eq(r.headers.get('x-content-type-options'), 'nosniff', `${path}: nosniff`);
    eq(r.headers.get('access-control-allow-origin'), null, `${path}: no CORS`);
  }
  const pre = await anon.req('OPTIONS', '/api/v1/pupils', { headers: { origin: 'https://evil.example', 'access-control-request-method': 'PATCH' } });
  assert(pre.status >= 400 && !pre.headers.get('access-control-allow-origin'), `a CORS preflight is not granted: ${pre.status}`);
});

test("the provision map: the CLI's document, the token's own school only, audited", async () => {
  const SB = ['--school', '100002'];
  meso(db, ['provision', 'add', 'Riverside nurture group', '--tier', 'selected', '--outcomes', 'emotional,peer',
    '--evidence', 'moderate', '--start', '2020-01-06', '--sessions', '10', '--staff-hours', '2', '--rate', '15', ...SB]);
  const id = sqlValue(db, "SELECT max(id) FROM provision WHERE name = 'Riverside nurture group'");
  meso(db, ['provision', 'enrol', String(id), f.upns.schoolB[0], '--consent', 'given', '--date', '2020-01-06', ...SB]);
  const r = await readB.get('/api/v1/reports/provision');
  eq(r.status, 200, 'status');
  const m = r.json();
  for (const k of ['school', 'as_of', 'pupils_on_roll', 'tiers', 'components', 'gaps', 'evidence_share',
    'pupils_evidence_share', 'cost_total', 'overload', 'unmet', 'involvements'])
    assert(k in m, `key ${k}`);
  eq(m.school.urn, '100002', 'its school');
  const sel = m.tiers.selected.provisions.find(p => p.id === id);
  assert(sel && sel.pupils === 1 && sel.evidence_rating === 'moderate', `the provision: ${JSON.stringify(m.tiers.selected)}`);
  assert(m.cost_total >= 10 * 2 * 1500, 'money in pence');
  const cli = JSON.parse(meso(db, ['report', 'provision', '--json', ...SB]));
  eq(JSON.stringify(cli), JSON.stringify(m), 'the same document as `meso report provision --json`');
  const a = (await read.get('/api/v1/reports/provision')).json();
  eq(a.school.urn, SCHOOL_A, "school A's map");
  assert(!JSON.stringify(a).includes('Riverside nurture group'), "not another school's provision");
  eq(sqlValue(db, "SELECT count(*) FROM audit WHERE entity = 'provision' AND action = 'list' AND actor LIKE 'token:%' AND detail LIKE 'provision map on %'") >= 2, true, 'audited');
  const old = (await readB.get('/api/v1/reports/provision?as_of=2019-12-31')).json();
  eq(old.as_of, '2019-12-31', 'as_of');
  assert(!old.tiers.selected.provisions.some(p => p.id === id), 'not current before it starts');
  assertError(await readB.get('/api/v1/reports/provision?as_of=2020-02-30'), 422, 'invalid', 'a bad date');
});

test('a bearer token is not a way into the web pages', async () => {
  const r = await write.get(`/pupils/${P.T}`);
  eq(r.status, 303, 'pages ignore bearer tokens');
  assert(r.location.startsWith('/sign-in'), r.location);
});

await run();
await srv.stop();
