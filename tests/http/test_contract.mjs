// The API against its document (docs/openapi.yaml), operation by operation.
// The operations come from the document itself, so an endpoint added to it
// is covered without a change here; check-openapi.mjs (lint L11) makes sure
// every API route is in the document. For each operation:
//   - a realistic call (the document's example body, its example query
//     values, the first record of the collection for {id}) gives a
//     documented 2xx, and what is sent is valid by the document;
//   - no token and a bad token give 401; a read token writing gives 403;
//   - every value the document allows for an enum is accepted, and every
//     other spelling a description says is taken ("also taken: ...");
//   - invalid input made from the document's own schemas gives 422 naming
//     the member or parameter (a wrong type, out of range, not in the enum,
//     not matching the pattern, null where not nullable, a required one
//     missing, one the document does not know); no such record gives 404;
//     a body that is not a JSON object 400; one too large 413; a create
//     sent twice 409 where the document says so;
//   - every list is followed through `next` to its end, and every record of
//     a collection is fetched through each {id} operation under it;
// and every answer is held to the document (tests/http/openapi.mjs): its
// status must be documented for that operation, and its body valid by that
// status's schema. Every status the document lists (but 5XX) must be seen.
// The last test prints the figures.
import { test, run, assert, eq, startServer, fixture, Client, sql, upnMake } from './lib.mjs';
import { loadApi, Checker, mergeAllOf, newAjv } from './openapi.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const api = await loadApi();
const check = new Checker(api);
const read = new Client(srv.url, { bearer: f.tokens.readA });
const write = new Client(srv.url, { bearer: f.tokens.writeA });
const laRead = new Client(srv.url, { bearer: f.tokens.la });
const anon = new Client(srv.url);
const badToken = new Client(srv.url, { bearer: 'meso_not-a-real-token' });
const ajv = newAjv();
const P = f.ids.pupil;

// Where the document's examples cannot give a realistic call by themselves.
const overrides = {
  // Two questionnaires of one pupil, same measure and informant (lib.mjs).
  getPupilChange: () => ({ params: { id: P.T }, query: { from: f.ids.assessment2.T, to: f.ids.assessment.T } }),
};

// ---- requests ------------------------------------------------------------------

let serial = 0;
const letters = n => { let s = ''; do { s = String.fromCharCode(97 + (n % 26)) + s; n = Math.floor(n / 26); } while (n); return s; };
const carersOf = id => sql(f.db, `SELECT carer_id FROM pupil_carer WHERE pupil_id = ${id} ORDER BY carer_id`).map(r => r.carer_id);

// The document's example with values that fit this database, by member
// name: a pupil and staff member of the token's school, that pupil's
// carers, a fresh UPN and a surname not used before.
function realisticBody(example) {
  if (example === undefined) return undefined;
  const n = ++serial;
  const sub = (v, k) => {
    if (k === 'carer_ids') return carersOf(P.T).slice(0, 1);
    if (Array.isArray(v)) return v.map(x => sub(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, sub(vv, kk)]));
    if (k === 'pupil_id') return P.T;
    if (k === 'staff_id') return f.ids.staff.teacher;
    if (k === 'upn') return upnMake(806, 7100 + Math.floor(n / 1000), 5, n % 1000);
    if (k === 'surname' || k === 'legal_surname') return `${v}-${letters(n)}`;
    return v;
  };
  return sub(structuredClone(example));
}

const firstId = new Map();
async function idFor(opx) {
  const coll = opx.path.slice(0, opx.path.indexOf('/{'));
  if (!firstId.has(coll)) {
    const r = await read.get(`${coll}?per_page=1`);
    const id = r.status === 200 ? r.json().items?.[0]?.id : undefined;
    if (!id) throw new Error(`${opx.id}: no record of ${coll} to use for {id}; add an override`);
    firstId.set(coll, id);
  }
  return firstId.get(coll);
}

async function realistic(opx) {
  const o = overrides[opx.id] ? overrides[opx.id]() : {};
  const params = { ...o.params }, query = { ...o.query };
  for (const p of opx.params) {
    if (p.in === 'path' && !(p.name in params)) params[p.name] = await idFor(opx);
    if (p.in === 'query' && p.required && !(p.name in query)) query[p.name] = p.example ?? p.schema.example;
  }
  const body = o.body ?? (opx.body ? realisticBody(opx.body.example) : undefined);
  if (opx.body && body === undefined) throw new Error(`${opx.id}: the document gives no example body`);
  return { params, query, body };
}

function url(opx, { params = {}, query = {} }) {
  const path = opx.path.replace(/\{(\w+)\}/g, (_, k) => encodeURIComponent(params[k]));
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  return q.size ? `${path}?${q}` : path;
}

function call(client, opx, req, { raw, type = 'application/json' } = {}) {
  if (!opx.body) return client.req(opx.method, url(opx, req));
  return client.req(opx.method, url(opx, req), { body: raw ?? JSON.stringify(req.body), headers: { 'content-type': type } });
}

const success = opx => Object.keys(opx.op.responses).filter(s => /^2\d\d$/.test(s)).map(Number);
// An operation whose security names laBearer takes a local authority's token.
const forLa = opx => (opx.op.security || []).some(s => 'laBearer' in s);
const clientFor = opx => (forLa(opx) ? laRead : opx.method === 'GET' ? read : write);

// ---- invalid values, from the schemas ----------------------------------------

// Query values (text) that the parameter's schema refuses.
function badQueryValues(s) {
  const out = [];
  if (s.enum) out.push('not-one-of-them');
  if (s.type === 'integer') {
    out.push('abc', '1.5', '');
    if (s.minimum !== undefined) out.push(String(s.minimum - 1));
    if (s.maximum !== undefined) out.push(String(s.maximum + 1));
  }
  if (s.pattern) out.push('zz!');
  if (s.format === 'date') out.push('2024-13-45', 'tomorrow');
  return out;
}

// JSON values that a body member's schema refuses.
function badBodyValues(s) {
  const out = [];
  if (s.type === 'string') {
    out.push(12345);
    if (s.enum) out.push('not-one-of-them');
    if (s.pattern) out.push('zz!');
    if (s.maxLength) out.push('x'.repeat(s.maxLength + 1));
  }
  if (s.type === 'integer') {
    out.push('abc', 1.5);
    if (s.minimum !== undefined) out.push(s.minimum - 1);
    if (s.maximum !== undefined) out.push(s.maximum + 1);
  }
  if (s.type === 'boolean') out.push('yes', 1);
  if (s.type === 'array') {
    out.push('x');
    if (s.items && !s.items.properties) out.push(...badBodyValues(s.items).filter(v => v !== null).slice(0, 1).map(v => [v]));
  }
  if (!s.nullable) out.push(null);
  return out;
}

const validators = new Map();
function bodyValid(opx, body) {
  if (!validators.has(opx.id)) validators.set(opx.id, ajv.compile(opx.body.schema));
  return validators.get(opx.id)(body);
}

// ---- the cases -----------------------------------------------------------------

async function queryCases(opx, req) {
  const who = clientFor(opx);
  for (const p of opx.params.filter(x => x.in === 'query')) {
    const with_ = v => ({ ...req, query: { ...req.query, [p.name]: v } });
    for (const v of badQueryValues(p.schema))
      check.check(opx, `${p.name}=${v}`, await call(who, opx, with_(v)), { expect: [422], field: p.name });
    if (p.required) {
      const q = { ...req.query };
      delete q[p.name];
      check.check(opx, `without ${p.name}`, await call(who, opx, { ...req, query: q }), { expect: [422], field: p.name });
    }
    // An id of a record that is not there, where the operation says 404.
    if (p.schema.type === 'integer' && /_id$/.test(p.name) && opx.op.responses['404'])
      check.check(opx, `${p.name}=99999999`, await call(who, opx, with_(99999999)), { expect: [404] });
    const good = [...(p.schema.enum || []), p.example ?? p.schema.example].filter(v => v !== undefined && v !== null);
    for (const v of good) check.check(opx, `${p.name}=${v}`, await call(who, opx, with_(v)), { expect: success(opx) });
  }
}

async function pathCases(opx, req) {
  for (const p of opx.params.filter(x => x.in === 'path'))
    for (const v of ['99999999', '0', 'abc'])
      check.check(opx, `${p.name}=${v}`, await call(clientFor(opx), opx, { ...req, params: { ...req.params, [p.name]: v } }), { expect: [404] });
}

// One member of the body made invalid in turn, on a fresh realistic body.
async function bodyCases(opx, req) {
  const schema = mergeAllOf(opx.body.schema);
  const fresh = () => realisticBody(opx.body.example);
  const send = (what, body, opts) => call(write, opx, { ...req, body }).then(r => check.check(opx, what, r, opts));
  const refused = async (what, body, field) => {
    if (bodyValid(opx, body)) throw new Error(`${opx.id} ${what}: the test made a body the document allows`);
    await send(what, body, { expect: [422], field });
  };
  check.check(opx, 'bad JSON', await call(write, opx, req, { raw: '{"a": ' }), { expect: [400] });
  check.check(opx, 'an array', await call(write, opx, req, { raw: '[1, 2]' }), { expect: [400] });
  check.check(opx, 'a form', await call(write, opx, req, { raw: 'a=1', type: 'application/x-www-form-urlencoded' }), { expect: [400] });
  check.check(opx, 'too large', await call(write, opx, req, { raw: `{"x": "${'y'.repeat(3 << 20)}"}` }), { expect: [413] });
  if (schema.additionalProperties === false) await refused('an unknown member', { ...fresh(), not_a_member: 1 }, 'not_a_member');
  for (const k of schema.required || []) {
    const b = fresh();
    delete b[k];
    await refused(`without ${k}`, b, k);
  }
  for (const [k, ps] of Object.entries(schema.properties || {})) {
    for (const v of badBodyValues(ps)) await refused(`${k}: ${JSON.stringify(v)?.slice(0, 30)}`, { ...fresh(), [k]: v }, k);
    const item = ps.type === 'array' && ps.items?.properties ? fresh()[k]?.[0] : undefined;
    if (item) {
      for (const [sk, ss] of Object.entries(ps.items.properties))
        for (const v of badBodyValues(ss)) await refused(`${k}[0].${sk}: ${JSON.stringify(v)}`, { ...fresh(), [k]: [{ ...item, [sk]: v }] }, k);
      for (const sk of ps.items.required || []) {
        const it = { ...item };
        delete it[sk];
        await refused(`${k}[0] without ${sk}`, { ...fresh(), [k]: [it] }, k);
      }
      if (ps.items.additionalProperties === false) await refused(`${k}[0] with an unknown member`, { ...fresh(), [k]: [{ ...item, not_a_member: 1 }] }, k);
    }
    // Other spellings the description says are taken ("also taken: a, b (...)").
    const taken = ps.description?.match(/also taken: ([^(;]+)/)?.[1].split(',').map(x => x.trim()).filter(Boolean) || [];
    for (const v of taken) await send(`${k}: ${JSON.stringify(v)}, as the description says`, { ...fresh(), [k]: v }, { expect: success(opx) });
    for (const v of ps.enum || []) {
      const b = { ...fresh(), [k]: v };
      if (!bodyValid(opx, b)) throw new Error(`${opx.id}: enum value ${JSON.stringify(v)} of ${k} is not valid by the document`);
      await send(`${k}: ${JSON.stringify(v)}`, b, { expect: success(opx) });
    }
  }
}

// Sent twice, a create conflicts; a change that makes one record the same
// as another conflicts too.
const created = new Map(); // collection path -> the body of its realistic create
async function conflictCases(opx, req) {
  if (!opx.op.responses['409']) return;
  if (opx.method === 'POST') {
    check.check(opx, 'the same again', await call(write, opx, req), { expect: [409] });
  } else {
    // Another new record, changed to be the same as the first one made.
    const coll = opx.path.slice(0, opx.path.indexOf('/{'));
    const create = api.ops.find(o => o.method === 'POST' && o.path === coll);
    const body = created.get(coll);
    if (!body || !create) throw new Error(`${opx.id}: documents 409 but nothing was created on ${coll} to conflict with`);
    const r = await call(write, create, { body: realisticBody(create.body.example) });
    const other = check.check(create, 'another', r, { expect: success(create) });
    check.check(opx, 'the same as another', await call(write, opx, { params: { id: other?.id }, body }), { expect: [409] });
  }
}

test('the document lists the operations, each with an operationId', async () => {
  assert(api.ops.length >= 18, `only ${api.ops.length} operations`);
  eq(new Set(api.ops.map(o => o.id)).size, api.ops.length, 'operationIds are unique');
  assert(api.ops.every(o => o.id), 'every operation has an operationId');
});

test('the checker fails when a handler and the document disagree', async () => {
  // A real answer against three wrong documents of it.
  const opx = api.ops.find(o => o.id === 'getPupil');
  const res = await read.get(`/api/v1/pupils/${P.T}`);
  const schema = mergeAllOf(opx.op.responses['200'].content['application/json'].schema);
  const wrong = {
    'a member it does not document': { ...schema, properties: Object.fromEntries(Object.entries(schema.properties).filter(([k]) => k !== 'upn')) },
    'a member it says is always there': { ...schema, required: [...schema.required, 'nickname'], properties: { ...schema.properties, nickname: { type: 'string' } } },
    'a member of another type': { ...schema, properties: { ...schema.properties, id: { type: 'string' } } },
  };
  for (const [what, s] of Object.entries(wrong)) {
    const c = new Checker(api);
    c.check({ ...opx, id: `wrong ${what}`, op: { responses: { '200': { description: 'x', content: { 'application/json': { schema: s } } } } } }, what, res);
    assert(c.mismatches.length > 0, `${what}: not caught`);
  }
  const c = new Checker(api);
  c.check({ ...opx, id: 'no 200', op: { responses: { '404': opx.op.responses['404'] } } }, 'an undocumented status', res);
  assert(c.mismatches.some(m => /status 200 is not documented/.test(m)), 'an undocumented status is caught');
});

// Creates first, so the changes have something to conflict with.
const order = [...api.ops].sort((a, b) => (a.method === 'POST' ? 0 : 1) - (b.method === 'POST' ? 0 : 1));

test('every operation answers as its document says, for good input and bad', async () => {
  for (const opx of order) {
    const req = await realistic(opx);
    if (opx.body && !bodyValid(opx, req.body))
      check.mismatches.push(`${opx.id}: the realistic body is not valid by the document: ${ajv.errorsText(validators.get(opx.id).errors)}`);
    check.check(opx, 'realistic', await call(clientFor(opx), opx, req), { expect: success(opx) });
    if (opx.method === 'POST') created.set(opx.path, req.body);
    check.check(opx, 'no token', await call(anon, opx, req), { expect: [401] });
    check.check(opx, 'a bad token', await call(badToken, opx, req), { expect: [401] });
    if (opx.method !== 'GET') check.check(opx, 'a read token', await call(read, opx, req), { expect: [403] });
    if (forLa(opx)) check.check(opx, "a school's token", await call(read, opx, req), { expect: [403] });
    await pathCases(opx, req);
    await queryCases(opx, req);
    if (opx.body) await bodyCases(opx, req);
    await conflictCases(opx, req);
  }
});

async function pool(items, n, fn) {
  let i = 0;
  await Promise.all(Array.from({ length: n }, async () => { while (i < items.length) await fn(items[i++]); }));
}

test('every list followed to its end, and every record fetched, answers as documented', async () => {
  const ids = new Map(); // list path -> every id on it
  for (const opx of api.ops.filter(o => o.method === 'GET' && o.params.some(p => p.name === 'page'))) {
    const req = await realistic(opx);
    const seen = [];
    for (let path = url(opx, { ...req, query: { ...req.query, per_page: 100 } }), n = 0; path; n++) {
      const body = check.check(opx, `page ${n + 1}`, await read.get(path), { expect: [200] });
      seen.push(...(body?.items || []).map(x => x.id));
      path = body?.next;
      assert(n < 1000, `${opx.id}: next never ends`);
    }
    ids.set(opx.path, seen);
  }
  for (const opx of api.ops.filter(o => o.method === 'GET' && o.path.includes('/{id}'))) {
    const coll = opx.path.slice(0, opx.path.indexOf('/{'));
    if (!ids.has(coll) || opx.params.some(p => p.in === 'query' && p.required)) continue;
    await pool(ids.get(coll), 4, async id =>
      check.check(opx, `${coll}/${id}`, await read.get(url(opx, { params: { id } })), { expect: [200] }));
  }
});

test('error fields are named as the request names them', async () => {
  const opx = api.ops.find(o => o.id === 'createContact');
  const r = await write.api('POST', '/api/v1/contacts', { pupil_id: P.T, method: 'phone', purpose: 'progress', carer_ids: [f.ids.carer.B] });
  check.check(opx, 'another family\'s carer', r, { expect: [422], field: 'carer_ids' });
});

test('every status the document lists is seen, and no answer disagrees with it', async () => {
  let statuses = 0;
  for (const opx of api.ops) {
    const seen = check.perOp.get(opx.id)?.statuses || new Set();
    for (const s of Object.keys(opx.op.responses)) {
      if (s === '5XX') continue;
      statuses++;
      if (!seen.has(Number(s))) check.mismatches.push(`${opx.id}: documents ${s}, which no case gave`);
    }
  }
  console.log(`contract: ${api.ops.length} operations, ${statuses} documented statuses, ${check.checked} responses checked, ${check.mismatches.length} mismatches`);
  if (check.mismatches.length)
    throw new Error(`${check.mismatches.length} mismatches:\n  ${check.mismatches.slice(0, 60).join('\n  ')}`);
});

await run();
await srv.stop();
