// Cookies and sessions: the cookies' attributes; the session token kept out
// of pages, logs and the database; signing out, idle and absolute expiry,
// a password change and a disabled account each end a session for good;
// two-step sign-in (enrolment gates everything, TOTP codes computed here per
// RFC 6238, single use, recovery codes); throttling of wrong passwords; and
// where a sign-in may lead.
import {
  test, run, assert, eq, startServer, fixture, Client, signIn, EMAIL, DEMO_PASSWORD,
  NEW_LEAD_PASSWORD, sql, sqlExec, meso, totpAt, totpStep, sessionCookie, fingerprint, formValues,
  upnMake,
} from './lib.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const db = srv.db;
const { pupil: P, carer: C, account: A } = f.ids;

const SESSION_RE = /^__Host-meso=([A-Za-z0-9_-]+); Path=\/; Secure; HttpOnly; SameSite=Lax$/;
const FORM_RE = /^__Host-meso-form=([A-Za-z0-9_-]+); Path=\/; Secure; HttpOnly; SameSite=Strict$/;
const CLEAR_RE = /^__Host-meso=; Path=\/; Secure; HttpOnly; SameSite=Lax; Max-Age=0$/;

// Is this client signed in (fully)? A GET of /pupils/T as a lead would be
// 200; signed out it is a redirect to the sign-in page.
async function signedIn(c, path = '/') {
  const r = await c.get(path);
  if (r.status === 200) return true;
  eq(r.status, 303, `${path}: status`);
  assert(r.location.startsWith('/sign-in?next='), `${path}: sent to ${r.location}`);
  return false;
}
// A browser that replays a session token (a client's own jar forgets a
// cookie the server clears, so replays use a fresh one each time).
const replay = async (token, path = '/') => {
  const c = new Client(srv.url);
  c.jar.set('__Host-meso', token);
  return signedIn(c, path);
};
const ts = modifier => `strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '${modifier}')`;
const sessionsOf = id => sql(db, `SELECT id, revoked FROM session WHERE account_id = ${id} ORDER BY id`);
const accountId = email => sql(db, `SELECT id FROM account WHERE email = '${email}'`)[0].id;

// ---- cookies ---------------------------------------------------------------

test('the form cookie and the session cookie have exactly the right attributes', async () => {
  const c = new Client(srv.url);
  const page = await c.get('/sign-in');
  const formCookies = page.headers.getSetCookie();
  eq(formCookies.length, 1, 'one cookie for the sign-in form');
  const fm = formCookies[0].match(FORM_RE);
  assert(fm, `form cookie: ${formCookies[0]}`);
  assert(fm[1].length >= 32, 'form token long enough');
  const tok = formValues(page.text, '/sign-in').csrf;
  const r = await c.post('/sign-in', { csrf: tok, email: EMAIL.teacher, password: DEMO_PASSWORD, next: '/' });
  eq(r.status, 303, 'signed in');
  const set = r.headers.getSetCookie();
  eq(set.length, 1, `one Set-Cookie at sign-in: ${set}`);
  const m = set[0].match(SESSION_RE);
  assert(m, `session cookie: ${set[0]}`);
  assert(!/domain|expires|max-age/i.test(set[0]), 'no Domain, and a browser-session cookie');
  assert(Buffer.from(m[1], 'base64url').length >= 32, `256 bits: ${m[1].length} characters`);
});

test('the session token is not in pages, the log or the database', async () => {
  const c = new Client(srv.url);
  await signIn(c, EMAIL.lead);
  const token = sessionCookie(c);
  assert(token && token !== c.csrfToken, 'the CSRF token is not the session token');
  for (const path of ['/', '/pupils', `/pupils/${P.T}`, `/pupils/${P.T}/edit`, `/carers/${C.T}`, '/audit', '/account/two-factor', '/no-such'])
    assert(!(await c.get(path)).text.includes(token), `token in ${path}`);
  assert(!srv.log().includes(token) && !srv.stdout().includes(token), 'token in the server log');
  const rows = sql(db, `SELECT token_hash FROM session WHERE account_id = ${A.lead}`);
  assert(rows.length > 0 && rows.every(r => r.token_hash !== token), 'stored only as a hash');
  sqlExec(db, 'PRAGMA wal_checkpoint(PASSIVE)');
  assert(!fingerprint(db).includes(token), 'the token appears nowhere in the database');
});

test('a planted session cookie is replaced at sign-in and never works', async () => {
  const c = new Client(srv.url);
  const planted = 'A'.repeat(43);
  c.jar.set('__Host-meso', planted);
  const r0 = await c.get('/');
  eq(r0.status, 303, 'the planted cookie is not a session');
  assert(r0.headers.getSetCookie().some(x => CLEAR_RE.test(x)), 'and is cleared');
  await signIn(c, EMAIL.teacher);
  assert(sessionCookie(c) && sessionCookie(c) !== planted, 'a new token');
});

test('only the __Host- cookie counts', async () => {
  const c = new Client(srv.url);
  await signIn(c, EMAIL.teacher);
  const r = await c.get('/', { headers: { cookie: `meso=${sessionCookie(c)}` } });
  eq(r.status, 303, 'a cookie without the prefix is ignored');
});

// ---- ending sessions -------------------------------------------------------

test('signing out ends the session for good: the old cookie, replayed, is signed out', async () => {
  const c = new Client(srv.url);
  await signIn(c, EMAIL.practitioner);
  const token = sessionCookie(c), csrf = c.csrfToken;
  assert(await signedIn(c), 'signed in');
  const r = await c.postForm('/sign-out');
  eq(r.status, 303, 'sign out');
  eq(r.location, '/sign-in?out=1', 'to the sign-in page');
  assert(r.headers.getSetCookie().some(x => CLEAR_RE.test(x)), `cookie cleared: ${r.headers.getSetCookie()}`);
  assert((await c.get('/sign-in?out=1')).text.includes('You have signed out'), 'says so');
  for (const path of ['/', '/pupils', `/pupils/${P.P}`]) assert(!(await replay(token, path)), `replayed cookie on ${path}`);
  const again = new Client(srv.url);
  again.jar.set('__Host-meso', token);
  const before = fingerprint(db);
  const w = await again.post(`/pupils/${P.P}/edit`, { csrf, legal_forename: 'Replayed', legal_surname: 'Replayed' });
  eq(w.status, 303, 'a replayed POST is sent to sign in');
  assert(w.location.startsWith('/sign-in'), w.location);
  assert(fingerprint(db) === before, 'and changes nothing');
  eq(sql(db, `SELECT count(*) AS n FROM session WHERE account_id = ${A.practitioner} AND revoked = 0`)[0].n, 0, 'no live session left');
});

test('a session idle for more than 30 minutes has ended; one idle for 29 has not', async () => {
  const a = new Client(srv.url), b = new Client(srv.url);
  await signIn(a, EMAIL.lead2);
  await signIn(b, EMAIL.lead2);
  const [sa, sb] = sessionsOf(A.lead2).slice(-2).map(s => s.id);
  sqlExec(db, `UPDATE session SET last_seen_at = ${ts('-31 minutes')}, created_at = ${ts('-40 minutes')} WHERE id = ${sa};
               UPDATE session SET last_seen_at = ${ts('-29 minutes')}, created_at = ${ts('-40 minutes')} WHERE id = ${sb};`);
  assert(!(await signedIn(a)), 'idle 31 minutes: signed out');
  assert(await signedIn(b), 'idle 29 minutes: still signed in');
  assert(await signedIn(b, '/pupils'), 'and the request counts as activity');
  const seen = sql(db, `SELECT last_seen_at > ${ts('-1 minutes')} AS fresh FROM session WHERE id = ${sb}`)[0].fresh;
  eq(seen, 1, 'last_seen moved on');
});

test('a session past its absolute lifetime has ended, however active', async () => {
  const a = new Client(srv.url), b = new Client(srv.url);
  await signIn(a, EMAIL.lead2);
  await signIn(b, EMAIL.lead2);
  const [sa, sb] = sessionsOf(A.lead2).slice(-2).map(s => s.id);
  sqlExec(db, `UPDATE session SET created_at = ${ts('-12 hours')}, expires_at = ${ts('-1 seconds')}, last_seen_at = ${ts('-10 seconds')} WHERE id = ${sa};
               UPDATE session SET created_at = ${ts('-11 hours')}, expires_at = ${ts('+1 hours')}, last_seen_at = ${ts('-10 seconds')} WHERE id = ${sb};`);
  assert(!(await signedIn(a)), 'expired: signed out');
  assert(await signedIn(b), 'an hour left: signed in');
});

test('changing a password (meso user passwd) ends every session of the account', async () => {
  const a = new Client(srv.url), b = new Client(srv.url), other = new Client(srv.url);
  await signIn(a, EMAIL.practitioner2);
  await signIn(b, EMAIL.practitioner2);
  await signIn(other, EMAIL.teacher);
  const ta = sessionCookie(a), tb = sessionCookie(b);
  meso(db, ['user', 'passwd', EMAIL.practitioner2], 'brand new password 2024\n');
  assert(!(await replay(ta)), 'first browser signed out');
  assert(!(await replay(tb)), 'second browser signed out');
  eq(sql(db, `SELECT count(*) AS n FROM session WHERE account_id = ${accountId(EMAIL.practitioner2)} AND revoked = 0`)[0].n, 0, 'sessions revoked');
  assert(await signedIn(other), "someone else's session is untouched");
  const c = new Client(srv.url);
  const tok = await c.csrf('/sign-in');
  eq((await c.post('/sign-in', { csrf: tok, email: EMAIL.practitioner2, password: DEMO_PASSWORD })).status, 401, 'the old password fails');
  await signIn(c, EMAIL.practitioner2, 'brand new password 2024');
  assert(await signedIn(c), 'the new one works');
});

test('disabling an account ends its sessions, and enabling it does not bring them back', async () => {
  // From the command line.
  const email = 'nadia.rahman@meadowbank.example.org';
  const a = new Client(srv.url);
  await signIn(a, email);
  const ta = sessionCookie(a);
  meso(db, ['user', 'disable', email]);
  assert(!(await replay(ta)), 'disabled: signed out');
  eq(sql(db, `SELECT count(*) AS n FROM session WHERE account_id = ${accountId(email)} AND revoked = 0`)[0].n, 0, 'sessions revoked');
  const c = new Client(srv.url);
  const tok = await c.csrf('/sign-in');
  const r = await c.post('/sign-in', { csrf: tok, email, password: DEMO_PASSWORD });
  eq(r.status, 401, 'a disabled account cannot sign in');
  assert(r.text.includes('The email address or password is not right'), 'with the same words as a wrong password');
  meso(db, ['user', 'enable', email]);
  assert(!(await replay(ta)), 'enabled again: the old session stays ended');
  // By an administrator on the web.
  const admin = new Client(srv.url), t = new Client(srv.url);
  await signIn(admin, EMAIL.admin);
  await signIn(t, 'rebecca.lewis@meadowbank.example.org');
  const id = accountId('rebecca.lewis@meadowbank.example.org');
  const tt = sessionCookie(t);
  eq((await admin.postForm(`/accounts/${id}/disable`)).status, 303, 'turned off');
  assert(!(await replay(tt)), 'their session ended');
  eq((await admin.postForm(`/accounts/${id}/enable`)).status, 303, 'turned on');
  assert(!(await replay(tt)), 'still ended');
  await signIn(t, 'rebecca.lewis@meadowbank.example.org');
  assert(await signedIn(t), 'signing in again works');
  // A disabled account's session fails even if the row were not revoked.
  const t2 = sessionCookie(t);
  sqlExec(db, `UPDATE account SET disabled = 1 WHERE id = ${id}`);
  assert(!(await replay(t2)), 'disabled in the database: signed out at once');
  sqlExec(db, `UPDATE account SET disabled = 0 WHERE id = ${id}`);
  assert(await replay(t2), 'the check is made on every request (the row was not revoked)');
});

// ---- two-step sign-in ------------------------------------------------------

let secret = null, recovery = [];
const enrolling = new Client(srv.url, { label: 'enrolling' });

test('an account that needs two-step sign-in reaches nothing else until it has enrolled', async () => {
  const r = await signIn(enrolling, EMAIL.enrolling, NEW_LEAD_PASSWORD);
  eq(r.location, '/account/two-factor', 'sign-in leads to enrolment');
  for (const path of ['/', '/pupils', `/pupils/${P.T}`, `/pupils/${P.T}/edit`, `/carers/${C.T}`, '/audit', '/accounts', '/pupils/new', '/sign-in/code']) {
    const g = await enrolling.get(path);
    eq(g.status, 303, `GET ${path}`);
    assert(['/account/two-factor', '/'].includes(g.location), `GET ${path} sent to ${g.location}`);
    assert(!g.text.includes(f.upns.T), 'no pupil data');
  }
  eq((await enrolling.get('/api/v1/pupils')).status, 401, 'the API does not take the session');
  const before = fingerprint(db);
  const w = await enrolling.postForm('/pupils/new', { upn: upnMake(804, 5005, 3, 1), legal_forename: 'Not', legal_surname: 'Yet', dob: '01/01/2018', sex: 'F' });
  eq(w.status, 303, 'POST refused');
  eq(w.location, '/account/two-factor', 'back to enrolment');
  const w2 = await enrolling.postForm(`/pupils/${P.T}/edit`, { legal_forename: 'Not', legal_surname: 'Yet' });
  eq(w2.location, '/account/two-factor', 'POST edit refused');
  assert(fingerprint(db) === before, 'nothing changed');
});

test('enrolment: a wrong code is refused; the code from the key turns two-step sign-in on and renews the session', async () => {
  let page = await enrolling.get('/account/two-factor');
  eq(page.status, 200, 'the set-up page');
  assert(page.text.includes('<svg') && page.text.includes('otpauth') === false, 'a QR code, and no otpauth URI in the page text');
  secret = page.text.match(/<code class="meso-secret">([A-Z2-7]{16,})<\/code>/)[1];
  const right = totpAt(secret, totpStep());
  const wrong = String((Number(right) + 1) % 1000000).padStart(6, '0');
  let r = await enrolling.postForm('/account/two-factor', { code: wrong });
  eq(r.status, 422, 'a wrong code');
  assert(r.text.includes('That code is not right'), 'says so');
  eq(sql(db, `SELECT totp_enabled FROM account WHERE id = ${A.enrolling}`)[0].totp_enabled, 0, 'not on');
  // The page made a new key when it was shown again.
  secret = r.text.match(/<code class="meso-secret">([A-Z2-7]{16,})<\/code>/)[1];
  enrolling.csrfToken = formValues(r.text, '/account/two-factor').csrf;
  const oldToken = sessionCookie(enrolling);
  r = await enrolling.postForm('/account/two-factor', { code: totpAt(secret, totpStep()) });
  eq(r.status, 200, 'enrolled');
  recovery = [...r.text.matchAll(/<li><code>([^<]+)<\/code><\/li>/g)].map(m => m[1]);
  eq(recovery.length, 10, 'ten recovery codes');
  const set = r.headers.getSetCookie();
  assert(set.length === 1 && SESSION_RE.test(set[0]), `a new session cookie: ${set}`);
  assert(sessionCookie(enrolling) !== oldToken, 'the token changed');
  eq(sql(db, `SELECT totp_enabled FROM account WHERE id = ${A.enrolling}`)[0].totp_enabled, 1, 'on');
  const old = new Client(srv.url);
  old.jar.set('__Host-meso', oldToken);
  assert(!(await signedIn(old)), 'the token from before enrolment no longer works');
  page = await enrolling.get(`/pupils/${P.T}`);
  eq(page.status, 200, 'now the pupil pages open');
  eq((await enrolling.get('/account/two-factor')).text.includes('meso-secret'), false, 'the key is never shown again');
});

// Sign in with the password; returns the client, at the code step.
async function toCodeStep() {
  const c = new Client(srv.url);
  const tok = await c.csrf('/sign-in');
  const r = await c.post('/sign-in', { csrf: tok, email: EMAIL.enrolling, password: NEW_LEAD_PASSWORD, next: '/' });
  eq(r.status, 303, 'password accepted');
  eq(r.location, '/sign-in/code', 'asks for a code');
  c.csrfToken = formValues((await c.get('/sign-in/code')).text, '/sign-in/code').csrf;
  return c;
}
const lastStep = () => sql(db, `SELECT totp_last_step AS s FROM account WHERE id = ${A.enrolling}`)[0].s;

test('signing in again asks for a code; wrong and reused codes are refused, a fresh one works once', async () => {
  assert(secret, 'enrolled first');
  const c = await toCodeStep();
  for (const path of ['/', '/pupils', `/pupils/${P.T}`, '/audit']) {
    const g = await c.get(path);
    eq(g.status, 303, `GET ${path} before the code`);
    eq(g.location, '/sign-in/code', `GET ${path} sent to the code page`);
  }
  const used = lastStep();
  let r = await c.postForm('/sign-in/code', { code: totpAt(secret, used) });
  eq(r.status, 422, 'the code already used at enrolment');
  r = await c.postForm('/sign-in/code', { code: '000000' === totpAt(secret, used + 1) ? '111111' : '000000' });
  eq(r.status, 422, 'a wrong code');
  assert(r.text.includes('That code is not right'), 'says so');
  const step = Math.max(totpStep(), used + 1);
  const code = totpAt(secret, step);
  r = await c.postForm('/sign-in/code', { code });
  eq(r.status, 200, 'a fresh code, after wrong ones: the holder is told of them first');
  assert(r.text.includes('2 wrong sign-in codes were entered for your account'), 'told of the two wrong codes');
  assert(r.text.includes('href="/"'), 'then goes on');
  assert(r.headers.getSetCookie().some(x => SESSION_RE.test(x)), 'a new session token');
  assert(await signedIn(c, '/pupils'), 'in');
  const again = await toCodeStep();
  eq((await again.postForm('/sign-in/code', { code })).status, 422, 'the same code cannot be used twice');
});

test('a recovery code signs in once', async () => {
  eq(recovery.length, 10, 'codes from enrolment');
  const c = await toCodeStep();
  let r = await c.postForm('/sign-in/code', { code: recovery[0] });
  eq(r.status, 200, 'recovery code accepted (told of the reused code first)');
  assert(r.text.includes('1 wrong sign-in code was entered'), 'told of one wrong code');
  assert(await signedIn(c, '/pupils'), 'in');
  const d = await toCodeStep();
  r = await d.postForm('/sign-in/code', { code: recovery[0] });
  eq(r.status, 422, 'the same recovery code again');
});

// ---- where sign-in leads ------------------------------------------------------

test('after signing in, only a path on this site is followed', async () => {
  const cases = [['/pupils', '/pupils'], ['//evil.example/x', '/'], ['/\\evil.example', '/'],
    ['https://evil.example/', '/'], ['javascript:alert(1)', '/'], ['/%0d%0aSet-Cookie:x=y', '/%0d%0aSet-Cookie:x=y'],
    ['/\t/evil.example', '/'], ['', '/']];
  for (const [next, want] of cases) {
    const c = new Client(srv.url);
    const tok = await c.csrf('/sign-in');
    const r = await c.post('/sign-in', { csrf: tok, email: EMAIL.teacher, password: DEMO_PASSWORD, next });
    eq(r.status, 303, `next=${next}`);
    eq(r.location, want, `next=${JSON.stringify(next)}`);
    eq(r.headers.get('set-cookie').split(';')[0].startsWith('__Host-meso='), true, 'no header injected');
  }
  const c = new Client(srv.url);
  eq((await c.get(`/pupils/${P.T}/edit?x=1`)).location, `/sign-in?next=%2Fpupils%2F${P.T}%2Fedit`, 'the way back is the path alone');
});

// ---- throttling ---------------------------------------------------------------

// Two-step codes are counted per account (model/access/codelock.h): a wrong
// code after a right password, from any address, at any moment, counts.
test('more wrong codes than the limit cannot be tried, whatever password sign-ins come between, from whatever addresses, within one second', async () => {
  const wrongCode = () => {
    const near = [-1, 0, 1].map(d => totpAt(secret, totpStep() + d));
    return ['000000', '111111', '222222', '333333'].find(x => !near.includes(x));
  };
  // The earlier tests' wrong codes are forgotten (the count is the account's).
  sqlExec(db, `UPDATE account SET code_failures = 0, code_failures_untold = 0 WHERE id = ${A.enrolling}`);
  // Fifteen password sign-ins from five addresses, each at the code step...
  const steps = [];
  for (let i = 0; i < 15; i++) {
    const c = new Client(srv.url, { localAddress: `127.0.0.${10 + (i % 5)}` });
    const tok = await c.csrf('/sign-in');
    const r = await c.post('/sign-in', { csrf: tok, email: EMAIL.enrolling, password: NEW_LEAD_PASSWORD, next: '/' });
    eq(r.status, 303, `password ${i + 1} accepted`);
    eq(r.location, '/sign-in/code', 'at the code step');
    c.csrfToken = formValues((await c.get('/sign-in/code')).text, '/sign-in/code').csrf;
    steps.push(c);
  }
  // ...then all fifteen wrong codes sent at once.
  const code = wrongCode();
  const t0 = Date.now();
  const res = await Promise.all(steps.map(c => c.postForm('/sign-in/code', { code })));
  const spread = Date.now() - t0;
  const statuses = res.map(r => r.status).sort();
  eq(statuses.filter(x => x === 422).length, 5, `five wrong codes checked, no more (sent within ${spread} ms): ${statuses}`);
  eq(statuses.filter(x => x === 429).length, 10, 'the rest refused unchecked');
  eq(sql(db, `SELECT code_failures AS n FROM account WHERE id = ${A.enrolling}`)[0].n, 5, 'five counted');
  eq(sql(db, `SELECT count(*) AS n FROM audit WHERE action = 'second-step-locked' AND entity_id = ${A.enrolling}`)[0].n, 1, 'the lock is in the audit trail');
  // The right code, with a fresh password sign-in, is refused too.
  sqlExec(db, `UPDATE account SET totp_last_step = NULL WHERE id = ${A.enrolling}`);
  const holder = await toCodeStep();
  const page = await holder.get('/sign-in/code');
  assert(page.text.includes('Two-step sign-in for your account is locked after 5 wrong codes'), 'the holder is told at their next sign-in');
  const right = await holder.postForm('/sign-in/code', { code: totpAt(secret, totpStep()) });
  eq(right.status, 429, 'the right code while locked');
  // A lead or administrator unlocks it; the holder is told of every wrong code.
  meso(db, ['user', 'unlock-2fa', EMAIL.enrolling]);
  eq(sql(db, `SELECT count(*) AS n FROM audit WHERE action = 'second-step-unlocked' AND entity_id = ${A.enrolling}`)[0].n, 1, 'the unlock is audited');
  sqlExec(db, `UPDATE account SET totp_last_step = NULL WHERE id = ${A.enrolling}`);
  const ok = await holder.postForm('/sign-in/code', { code: totpAt(secret, totpStep()) });
  eq(ok.status, 200, 'in, after being told');
  assert(ok.text.includes('5 wrong sign-in codes were entered for your account'), 'told of the five');
  assert(await signedIn(holder, '/pupils'), 'signed in');
});

// Passwords are throttled by account and source together, with a growing
// delay (model/access/throttle.h): nobody can lock someone out from afar.
test('the right password from a new address still gets in while an attacker guesses from elsewhere', async () => {
  const email = 'amina.yusuf@meadowbank.example.org';
  const attacker = new Client(srv.url, { localAddress: '127.0.0.30' });
  const tok = await attacker.csrf('/sign-in');
  const statuses = [];
  for (let i = 1; i <= 8; i++)
    statuses.push((await attacker.post('/sign-in', { csrf: tok, email, password: `wrong password ${i}` })).status);
  eq(statuses.join(','), '401,401,401,401,401,429,429,429', 'five guesses, then a delay');
  const held = await attacker.post('/sign-in', { csrf: tok, email: email.toUpperCase(), password: DEMO_PASSWORD });
  eq(held.status, 429, 'even the right password waits at the guessing address');
  assert(/too many attempts to sign in; try again in \d+ seconds/i.test(held.text), 'says how long');
  assert(!held.headers.getSetCookie().some(x => x.startsWith('__Host-meso=')), 'no session');
  // The person, from a new address, signs in at once.
  const person = new Client(srv.url, { localAddress: '127.0.0.31' });
  await signIn(person, email);
  assert(await signedIn(person), 'the right password from a new address gets in');
  // The delay passes (moved back in the database, not slept).
  sqlExec(db, `UPDATE login_attempt SET at = ${ts('-1 minutes')} WHERE email = '${email}' AND address = '127.0.0.30'`);
  const later = new Client(srv.url, { localAddress: '127.0.0.30' });
  await signIn(later, email);
  assert(await signedIn(later), 'and from there too, once the delay has passed');
});

test('one address is limited only at a much higher threshold, and a forged X-Forwarded-For does not get round it', async () => {
  const addr = '127.0.0.40';
  const values = Array.from({ length: 100 }, (_, i) => `('nobody${i}@example.org', '${addr}', ${ts('-1 minutes')}, 0)`).join(',');
  sqlExec(db, `INSERT INTO login_attempt (email, address, at, ok) VALUES ${values}`);
  const c = new Client(srv.url, { localAddress: addr });
  const tok = await c.csrf('/sign-in');
  const r = await c.post('/sign-in', { csrf: tok, email: 'mark.ellison@meadowbank.example.org', password: DEMO_PASSWORD });
  eq(r.status, 429, 'the right password from an address with 100 failures');
  assert(r.text.includes('too many attempts'), 'says why');
  const spoof = await c.post('/sign-in', { csrf: tok, email: 'mark.ellison@meadowbank.example.org', password: DEMO_PASSWORD },
    { headers: { 'x-forwarded-for': '198.51.100.7', forwarded: 'for=198.51.100.7' } });
  eq(spoof.status, 429, 'a forged X-Forwarded-For does not get round it');
  const other = new Client(srv.url, { localAddress: '127.0.0.41' });
  await signIn(other, 'mark.ellison@meadowbank.example.org');
  assert(await signedIn(other), 'another address is not held');
});

await run();
await srv.stop();
