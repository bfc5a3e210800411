// Paging in the JSON API (docs/openapi.yaml, docs/api.md): a filtered list
// followed through `next` to its end gives exactly the records that match
// the filters, each once, with `total` the filtered count on every page;
// `prev` walks back the same way; `next` and `prev` keep every filter; and
// page or per_page outside the documented range is a 422 naming it, on
// every list the document has.
import { test, run, assert, eq, startServer, fixture, Client, sql } from './lib.mjs';
import { loadApi } from './openapi.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const read = new Client(srv.url, { bearer: f.tokens.readA });
const A = f.ids.school.A;
const onRoll = `school_id = ${A} AND (leaving_date IS NULL OR leaving_date > date('now'))`;
const ids = q => sql(f.db, q).map(r => r.id).sort((a, b) => a - b);

// Follow next from path to the end; then prev from the last page back to the
// first. Returns the ids seen going forward.
async function walk(path, want) {
  const seen = [], pages = [];
  for (let p = path; p;) {
    const r = await read.get(p);
    eq(r.status, 200, p);
    const doc = r.json();
    eq(doc.total, want.length, `${p}: total is the filtered total`);
    pages.push(p);
    seen.push(...doc.items.map(x => x.id));
    const base = new URL(path, 'http://x').searchParams;
    for (const link of [doc.next, doc.prev].filter(Boolean)) {
      const got = new URL(link, 'http://x').searchParams;
      for (const [k, v] of base) if (k !== 'page') eq(got.get(k), v, `${p}: ${link} keeps ${k}`);
    }
    assert(pages.length <= want.length + 2, `${path}: next never ends`);
    p = doc.next;
  }
  eq(new Set(seen).size, seen.length, `${path}: each record once`);
  eq([...seen].sort((a, b) => a - b).join(','), want.join(','), `${path}: exactly the filtered set`);
  // Back again through prev, page by page.
  let back = 0;
  for (let p = pages[pages.length - 1]; p; back++) {
    const doc = (await read.get(p)).json();
    p = doc.prev;
    if (p) eq(new URL(p, 'http://x').searchParams.get('page'), String(pages.length - back - 1), 'prev is the page before');
  }
  eq(back, pages.length, `${path}: prev leads back to the first page`);
  return seen;
}

test('a filtered pupil list, followed through next, is exactly the filtered set', async () => {
  const k = ids(`SELECT id FROM pupil WHERE ${onRoll} AND sen_provision = 'K'`);
  const all = ids(`SELECT id FROM pupil WHERE ${onRoll}`);
  assert(k.length > 20 && k.length < all.length, `the demo has some SEN support pupils (${k.length} of ${all.length})`);
  await walk('/api/v1/pupils?sen=K&per_page=7', k);
  const k3 = ids(`SELECT id FROM pupil WHERE ${onRoll} AND sen_provision = 'K' AND nc_year = '3'`);
  await walk('/api/v1/pupils?year=3&sen=K&per_page=2', k3);
  // A search: its set is the same search on one page.
  const one = (await read.get('/api/v1/pupils?upn=an&sen=N&per_page=500')).json();
  assert(one.items.length > 3 && one.next === null, 'a search with a few pages');
  await walk('/api/v1/pupils?upn=an&sen=N&per_page=3', one.items.map(p => p.id).sort((a, b) => a - b));
});

test('filtered contacts and conversations, followed through next, are exactly the filtered set', async () => {
  const busy = sql(f.db, `SELECT pupil_id, min(contact_date) AS lo, max(contact_date) AS hi, count(*) AS n FROM contact
    WHERE school_id = ${A} GROUP BY pupil_id ORDER BY n DESC, pupil_id LIMIT 1`)[0];
  assert(busy.n >= 4, `a pupil with several contacts (${busy.n})`);
  const all = ids(`SELECT id FROM contact WHERE pupil_id = ${busy.pupil_id}`);
  await walk(`/api/v1/contacts?pupil_id=${busy.pupil_id}&per_page=2`, all);
  const dates = sql(f.db, `SELECT contact_date AS d FROM contact WHERE pupil_id = ${busy.pupil_id} ORDER BY contact_date`).map(r => r.d);
  const from = dates[1], to = dates[dates.length - 2];
  const mid = ids(`SELECT id FROM contact WHERE pupil_id = ${busy.pupil_id} AND contact_date >= '${from}' AND contact_date <= '${to}'`);
  await walk(`/api/v1/contacts?pupil_id=${busy.pupil_id}&from=${from}&to=${to}&per_page=1`, mid);
  const wideFrom = sql(f.db, `SELECT min(contact_date) AS d FROM contact WHERE school_id = ${A}`)[0].d;
  const since = ids(`SELECT id FROM contact WHERE school_id = ${A} AND contact_date >= '${to}'`);
  assert(since.length > 0 && wideFrom < to, 'some contacts since then');
  await walk(`/api/v1/contacts?from=${to}&per_page=40`, since);
  const complete = ids(`SELECT id FROM conversation WHERE school_id = ${A} AND status = 'complete'`);
  const every = ids(`SELECT id FROM conversation WHERE school_id = ${A}`);
  assert(complete.length > 10 && complete.length < every.length, 'some conversations are complete, not all');
  await walk('/api/v1/conversations?status=complete&per_page=9', complete);
  const pupil = sql(f.db, `SELECT pupil_id FROM conversation WHERE school_id = ${A} AND status = 'complete'
    GROUP BY pupil_id ORDER BY count(*) DESC, pupil_id LIMIT 1`)[0].pupil_id;
  await walk(`/api/v1/conversations?status=complete&pupil_id=${pupil}&per_page=1`,
    ids(`SELECT id FROM conversation WHERE pupil_id = ${pupil} AND status = 'complete'`));
});

test('past the last page: no items, the filtered total, no next, prev the last page', async () => {
  const k = ids(`SELECT id FROM pupil WHERE ${onRoll} AND sen_provision = 'K'`);
  const doc = (await read.get('/api/v1/pupils?sen=K&per_page=10&page=999')).json();
  eq(doc.items.length, 0, 'no items');
  eq(doc.total, k.length, 'the filtered total');
  eq(doc.next, null, 'no next');
  eq(doc.prev, `/api/v1/pupils?sen=K&page=${Math.ceil(k.length / 10)}&per_page=10`, 'prev is the last page, filter kept');
  const first = (await read.get('/api/v1/pupils?sen=K')).json();
  eq(first.prev, null, 'no prev on the first page');
  eq(first.per_page, 50, 'per_page defaults to 50');
});

test('next keeps filters with characters that need escaping', async () => {
  const doc = (await read.get('/api/v1/pupils?upn=a%20b%26c%3D&per_page=1&leavers=')).json();
  eq(doc.total, 0, 'nobody matches');
  const r = (await read.get('/api/v1/pupils?upn=e&leavers=&per_page=1')).json();
  assert(r.next, 'a next page');
  const q = new URL(r.next, 'http://x').searchParams;
  eq(q.get('upn'), 'e', 'the search kept');
  eq(q.get('leavers'), '', 'leavers kept');
  const amp = (await read.get('/api/v1/contacts?from=2000-01-01&to=2100-01-01&per_page=1')).json();
  eq(new URL(amp.next, 'http://x').searchParams.get('to'), '2100-01-01', 'to kept');
});

test('page and per_page outside their range are refused with 422, on every list', async () => {
  const api = await loadApi();
  const lists = api.ops.filter(o => o.method === 'GET' && o.params.some(p => p.name === 'page'));
  assert(lists.length >= 4, `the document's lists (${lists.length})`);
  const bad = { per_page: ['0', '501', '-1', 'abc', '1.5', '', '50x'], page: ['0', '-1', 'abc', '1000001', '', '2.0'] };
  for (const op of lists) {
    for (const [name, values] of Object.entries(bad)) {
      for (const v of values) {
        const r = await read.get(`${op.path}?${name}=${encodeURIComponent(v)}`);
        eq(r.status, 422, `${op.path}?${name}=${v}`);
        const e = r.json().error;
        eq(e.code, 'invalid', `${op.path}?${name}=${v}: code`);
        assert(e.fields && e.fields[name], `${op.path}?${name}=${v}: names ${name}: ${JSON.stringify(e.fields)}`);
      }
    }
    for (const q of ['per_page=1', 'per_page=500', 'page=1000000&per_page=500']) {
      const r = await read.get(`${op.path}?${q}`);
      eq(r.status, 200, `${op.path}?${q}: in range`);
    }
  }
});

await run();
await srv.stop();
