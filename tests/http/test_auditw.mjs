// The audit writer (model/register/auditw.h, issue 17): the audit rows of
// page views are committed in batches by one thread, within a window of
// 50 ms. Killed without warning under load, the server loses at most the
// rows of the views of the last window: every view acknowledged more than
// one window before the SIGKILL has its row. Bounded in time and count.
import { test, run, assert, eq, startServer, Client, signIn, sql, meso } from './lib.mjs';

const WINDOW = 50; // ms: AUDITW_WINDOW_MS
const LEAD = 'helen.price@meadowbank.example.org';

test('every view acknowledged more than one batch window before a SIGKILL has its audit row', async () => {
  const srv = await startServer({ args: ['--quiet'] });
  const c = new Client(srv.url);
  await signIn(c, LEAD);
  const list = await c.get('/pupils');
  const ids = [...new Set([...list.text.matchAll(/href="\/pupils\/(\d+)"/g)].map(m => Number(m[1])))].slice(0, 20);
  assert(ids.length === 20, `twenty pupils to view (${ids.length})`);
  const start = sql(srv.db, 'SELECT coalesce(max(id), 0) AS m FROM audit')[0].m;
  const acked = []; // [pupil id, time the answer was complete]
  let stop = false;
  const worker = async k => {
    for (let i = k; !stop; i += 8) {
      const id = ids[i % ids.length];
      try {
        const r = await c.get(`/pupils/${id}`);
        if (r.status === 200) acked.push([id, performance.now()]);
      } catch { return; } // the server is gone
    }
  };
  const workers = Array.from({ length: 8 }, (_, k) => worker(k));
  // Kill once more than twenty views were answered over a batch window ago
  // (at least 1.5 s in: a busy machine answers slower; at most a minute).
  const began = performance.now();
  const old = () => acked.filter(([, t]) => t < performance.now() - WINDOW).length;
  while (performance.now() - began < 60000 && (performance.now() - began < 1500 || old() <= 20))
    await new Promise(r => setTimeout(r, 50));
  const killedAt = performance.now();
  await srv.kill();
  stop = true;
  await Promise.all(workers);
  const before = acked.filter(([, t]) => t < killedAt - WINDOW);
  assert(before.length > 20, `views were served before the kill (${before.length})`);
  const want = new Map();
  for (const [id] of before) want.set(id, (want.get(id) || 0) + 1);
  const rows = sql(srv.db, `SELECT pupil_id AS id, count(*) AS n FROM audit WHERE id > ${start}
    AND action = 'view' AND entity = 'pupil' AND actor = 'user:${LEAD}' GROUP BY pupil_id`);
  const got = new Map(rows.map(r => [r.id, r.n]));
  for (const [id, n] of want)
    assert((got.get(id) || 0) >= n, `pupil ${id}: ${n} views acknowledged over ${WINDOW} ms before the kill, ${got.get(id) || 0} audit rows`);
  const total = rows.reduce((a, r) => a + r.n, 0);
  console.log(`# ${acked.length} views acknowledged, ${before.length} of them over ${WINDOW} ms before the kill; ${total} view rows committed`);
  assert(total <= acked.length + 8, 'no more rows than views asked for');
  // The database is whole.
  const check = meso(srv.db, ['check']);
  assert(check.includes('healthy'), `meso check: ${check}`);
  await srv.stop();
});

test('a view answered is a view queued: the rows are all there once the server stops cleanly', async () => {
  const srv = await startServer({ args: ['--quiet'] });
  const c = new Client(srv.url);
  await signIn(c, LEAD);
  const list = await c.get('/pupils');
  const id = Number(list.text.match(/href="\/pupils\/(\d+)"/)[1]);
  const start = sql(srv.db, 'SELECT coalesce(max(id), 0) AS m FROM audit')[0].m;
  const n = 200;
  const rs = await Promise.all(Array.from({ length: n }, () => c.get(`/pupils/${id}`)));
  eq(rs.filter(r => r.status === 200).length, n, 'every view served');
  await srv.stop({ keep: true });
  const rows = sql(srv.db, `SELECT count(*) AS n FROM audit WHERE id > ${start} AND action = 'view' AND pupil_id = ${id}`)[0].n;
  eq(rows, n, 'one row for every view, committed by the time the server has stopped');
});

await run();
