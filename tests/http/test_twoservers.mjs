// test_twoservers.mjs - two `meso serve` processes on one database (issue 16,
// part 2): what one server does, the other sees. Sessions, sign-out and
// writes live in the database, not in a server's memory, so servers can sit
// behind a load balancer. Runs on SQLite (one file, two processes) and, under
// make http-pg, on PostgreSQL.
import {
  test, run, assert, eq, startServer, fixture, Client, signIn, sessionCookie, sqlValue, EMAIL,
} from './lib.mjs';

const f = fixture();
const a = await startServer({ db: f.db });
const b = await startServer({ file: a.db }); // the same database, a second process

test('a session made through one server works through the other', async () => {
  const viaA = new Client(a.url, { label: 'lead via A' });
  await signIn(viaA, EMAIL.lead);
  const viaB = new Client(b.url, { label: 'lead via B' });
  viaB.jar = new Map(viaA.jar);
  const r = await viaB.get('/pupils');
  eq(r.status, 200, 'the pupil list through B with the session from A');
  assert(r.text.includes('Sign out'), 'B knows who is signed in');
});

test('signing out through one server ends the session on both', async () => {
  const viaA = new Client(a.url, { label: 'teacher via A' });
  await signIn(viaA, EMAIL.teacher);
  const cookie = sessionCookie(viaA);
  assert(cookie, 'a session cookie');
  const viaB = new Client(b.url, { label: 'teacher via B' });
  viaB.jar = new Map(viaA.jar);
  viaB.csrfToken = viaA.csrfToken;
  eq((await viaB.get('/')).status, 200, 'B serves the session before sign-out');
  const out = await viaB.postForm('/sign-out');
  eq(out.status, 303, 'sign-out through B');
  // The old cookie, replayed through A, no longer signs anyone in.
  const replay = new Client(a.url, { label: 'replay via A' });
  replay.jar.set('__Host-meso', cookie);
  const r = await replay.get('/pupils');
  eq(r.status, 303, 'A sends the signed-out session to sign in');
  assert(/^\/sign-in/.test(r.location || ''), `to the sign-in page (got ${r.location})`);
});

test('writes through both servers at once: none is lost', async () => {
  const before = Number(sqlValue(a.db, 'SELECT count(*) FROM contact'));
  const pupil = f.ids.pupil.T;
  const each = 40;
  const send = (url, who, i) => new Client(url, { bearer: f.tokens.writeA, label: who })
    .api('POST', '/api/v1/contacts', { pupil_id: pupil, method: 'phone', purpose: 'information', note: `two servers ${who} ${i}` });
  const all = [];
  for (let i = 0; i < each; i++) all.push(send(a.url, 'A', i), send(b.url, 'B', i));
  const answers = await Promise.all(all);
  const bad = answers.filter(r => r.status !== 201);
  eq(bad.length, 0, `every write acknowledged (first refusal: ${bad[0] && bad[0].status} ${bad[0] && bad[0].text})`);
  const after = Number(sqlValue(a.db, 'SELECT count(*) FROM contact'));
  eq(after - before, 2 * each, 'every acknowledged write is in the database');
  const distinct = Number(sqlValue(a.db, "SELECT count(DISTINCT note) FROM contact WHERE note LIKE 'two servers %'"));
  eq(distinct, 2 * each, 'each write once');
});

await run();
await b.stop();
await a.stop();
