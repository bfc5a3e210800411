// The first run and accounts with separation of duties (issue 11), against
// the real `meso serve`:
//   - on a missing database meso starts in setup mode and prints a one-time
//     link; setup makes the school and its first lead, who sets up two-step
//     sign-in next; afterwards setup cannot be reached, not even with the
//     code, and not after a restart;
//   - new staff make their own password with a joining code, which works
//     once and is throttled like sign-in;
//   - an administrator cannot make a lead, become one, or get into a lead's
//     account: a lead role waits for a lead's approval, and the approving
//     lead, never the administrator, gets the new lead's code;
//   - destructive changes go through a confirmation page.
// The tests run in order: each builds on the school the first one set up.
import {
  test, run, assert, eq, startServer, Client, sql, sqlExec, sqlValue, fingerprint, formValues,
  totpAt, totpStep, mainOf,
} from './lib.mjs';

const srv = await startServer({ fresh: true });
const db = srv.db;
const PASSWORD = 'harbour lantern meadow 42';
const LEAD = 'rosa.bell@hillside.example.org';
const ADMIN = 'office@hillside.example.org';
const TEACHER = 'amir.haddad@hillside.example.org';
const NEWLEAD = 'jo.carter@hillside.example.org';
const setupLink = () => {
  const m = srv.stdout().match(/(http:\/\/[^\s]+\/setup\?code=([A-Z0-9-]+))/);
  if (!m) throw new Error('no setup link printed:\n' + srv.stdout());
  return { url: m[1], code: m[2] };
};
const codeOf = html => {
  const m = html.match(/<code class="meso-secret">([A-Z0-9-]+)<\/code>/);
  return m ? m[1] : null;
};
// The secret of a two-step enrolment page.
const secretOf = html => html.match(/<code class="meso-secret">([A-Z2-7]+)<\/code>/)[1];
// Enrol in two-step sign-in; returns the secret.
async function enrol(c) {
  const page = await c.get('/account/two-factor');
  eq(page.status, 200, 'the enrolment page');
  const secret = secretOf(page.text);
  const r = await c.post('/account/two-factor', { ...formValues(page.text, '/account/two-factor'),
    code: totpAt(secret, totpStep()) });
  eq(r.status, 200, 'enrolled');
  c.csrfToken = (await c.get('/')).text.match(/name="csrf" value="([^"]+)"/)[1];
  return secret;
}
// Join with a code through /join (double-submit CSRF), as a browser would.
async function join(c, code, email, password = PASSWORD) {
  const page = await c.get(`/join?code=${encodeURIComponent(code)}`);
  eq(page.status, 200, 'the joining page');
  const form = formValues(page.text, '/join');
  eq(form.code, code, 'the link fills in the code');
  return c.post('/join', { ...form, email, password });
}

const lead = new Client(srv.url, { label: 'lead' });
const ids = {};

test('a missing database is served in setup mode, with a one-time link printed once', async () => {
  const { url, code } = setupLink();
  assert(url.startsWith(srv.url + '/setup?code='), `the link is on this server: ${url}`);
  assert(/^[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/.test(code), `a code like the joining codes: ${code}`);
  eq(srv.stdout().split(code).length, 2, 'the code is printed once');
  assert(!srv.log().includes(code), 'and never in the log');
  eq(sqlValue(db, 'SELECT count(*) FROM account'), 0, 'no account yet');
  eq(sqlValue(db, 'SELECT count(*) FROM school'), 0, 'no school yet');
  // Everyone is sent to setup; without the code it says where the link is.
  const anon = new Client(srv.url);
  eq((await anon.get('/')).location, '/sign-in?next=%2F', 'home asks for sign-in');
  eq((await anon.get('/sign-in')).location, '/setup', 'sign-in sends to setup');
  const ask = await anon.get('/setup');
  eq(ask.status, 200, 'setup without a code');
  assert(ask.text.includes('printed a setup link'), 'says where the link is');
  assert(!ask.text.includes('lead_password'), 'no form without the code');
});

test('a wrong setup code shows nothing and changes nothing but the throttle', async () => {
  const anon = new Client(srv.url);
  const before = fingerprint(db, ['school', 'account', 'staff', 'audit']);
  const r = await anon.get('/setup?code=2222-3333-4444');
  eq(r.status, 403, 'a wrong code');
  assert(!r.text.includes('lead_password'), 'no form');
  const tok = await anon.csrf('/join'); // a form token for anonymous forms
  const p = await anon.post('/setup', { csrf: tok, code: '2222-3333-4444', urn: '123456', name: 'X', lead_name: 'X',
    lead_email: 'x@example.org', lead_password: PASSWORD, admin: 'me' });
  eq(p.status, 403, 'posting with a wrong code');
  eq(fingerprint(db, ['school', 'account', 'staff', 'audit']), before, 'nothing changed');
  eq(sqlValue(db, "SELECT count(*) FROM login_attempt WHERE email = 'setup' AND ok = 0"), 2, 'both wrong codes counted');
  // Posting without the anonymous form token is refused before anything else.
  eq((await new Client(srv.url).post('/setup', { code: setupLink().code })).status, 403, 'no CSRF token');
});

test('the setup form checks every field and writes nothing until all are right', async () => {
  const { code } = setupLink();
  const page = await lead.get(`/setup?code=${code}`);
  eq(page.status, 200, 'the form');
  for (const f of ['urn', 'name', 'la', 'phase', 'lead_name', 'lead_email', 'lead_password', 'admin', 'admin_name', 'admin_email'])
    assert(page.text.includes(`name="${f}"`), `field ${f}`);
  const form = formValues(page.text, '/setup');
  eq(form.code, code, 'the code travels with the form');
  const r = await lead.post('/setup', { ...form, urn: '12345', name: '', la: '12', lead_name: 'Rosa Bell',
    lead_email: 'not-an-email', lead_password: 'short', admin: 'other', admin_name: '', admin_email: LEAD });
  eq(r.status, 422, 'refused');
  const main = mainOf(r.text);
  for (const want of ['A URN has 6 digits', "Give the school's name", 'An LA code has 3 digits', 'Enter a work email', 'Enter a name'])
    assert(main.includes(escape(want)), `says: ${want}`);
  assert(main.includes('href="#lead_password"'), 'the password problem links to its field');
  eq(sqlValue(db, 'SELECT count(*) FROM school'), 0, 'no school');
  eq(sqlValue(db, 'SELECT count(*) FROM account'), 0, 'no account');
});
const escape = s => s.replace(/'/g, '&#39;');

test('setup makes the school, the lead and the administrator, then two-step sign-in comes next', async () => {
  const { code } = setupLink();
  const page = await lead.get(`/setup?code=${code}`);
  const r = await lead.post('/setup', { ...formValues(page.text, '/setup'), urn: '123456', name: 'Hillside Primary School',
    la: '201', phase: 'primary', lead_name: 'Rosa Bell', lead_email: LEAD, lead_password: PASSWORD,
    admin: 'other', admin_name: 'Sam Office', admin_email: ADMIN });
  eq(r.status, 200, 'set up');
  assert(r.text.includes('Hillside Primary School is set up'), 'says so');
  const adminCode = codeOf(r.text);
  assert(adminCode, "the administrator's joining code is shown");
  ids.adminCode = adminCode;
  assert(r.text.includes(`/join?code=${adminCode}`), 'as a link too');
  const school = sql(db, 'SELECT * FROM school')[0];
  eq(`${school.urn} ${school.name} ${school.la_code} ${school.phase}`, '123456 Hillside Primary School 201 primary', 'the school');
  const accts = sql(db, `SELECT a.email, a.password_hash IS NOT NULL AS pw, group_concat(r.role) AS roles
    FROM account a JOIN account_role r ON r.account_id = a.id GROUP BY a.id ORDER BY a.email`);
  eq(JSON.stringify(accts), JSON.stringify([{ email: ADMIN, pw: 0, roles: 'admin' }, { email: LEAD, pw: 1, roles: 'lead' }]),
    'a lead with a password, an administrator without one');
  eq(sqlValue(db, "SELECT count(*) FROM audit WHERE action = 'setup' AND entity = 'school'"), 1, 'audited');
  assert(!JSON.stringify(sql(db, 'SELECT detail FROM audit')).includes(adminCode), 'no code in the audit trail');
  // The lead is signed in, but only as far as setting up two-step sign-in.
  eq((await lead.get('/pupils')).location, '/account/two-factor', 'two-step sign-in first');
  await enrol(lead);
  const home = await lead.get('/');
  eq(home.status, 200, 'home');
  assert(home.text.includes('Setting up meso'), 'the setup checklist');
});

test('once set up, setup cannot be reached: not with the code, not by anyone, not after a restart', async () => {
  const { code } = setupLink();
  const anon = new Client(srv.url);
  const before = fingerprint(db, ['school', 'account', 'staff', 'account_role']);
  for (const c of [anon, lead]) {
    eq((await c.get(`/setup?code=${code}`)).status, 404, `GET with the code (${c.label || 'anon'})`);
    eq((await c.get('/setup')).status, 404, 'GET without it');
  }
  const tok = await anon.csrf('/join');
  const p = await anon.post('/setup', { csrf: tok, code, urn: '654321', name: 'Take Over School', la: '', phase: '',
    lead_name: 'Mallory', lead_email: 'mallory@example.org', lead_password: PASSWORD, admin: 'me' });
  eq(p.status, 404, 'POST with the code');
  eq(fingerprint(db, ['school', 'account', 'staff', 'account_role']), before, 'nothing changed');
  eq((await anon.get('/sign-in')).status, 200, 'sign-in is the way in now');
  // A restart on the same database prints no link and keeps setup closed.
  await srv.stop({ keep: true });
  const again = await startServer({ file: db });
  try {
    assert(!again.stdout().includes('/setup'), 'no setup link on a database that has accounts');
    eq((await new Client(again.url).get(`/setup?code=${code}`)).status, 404, 'closed after a restart');
  } finally {
    await again.stop({ keep: true });
  }
  Object.assign(srv, await startServer({ file: db }));
  lead.base = srv.url; // still signed in: sessions outlive a restart
});

const admin = new Client(srv.url, { label: 'admin' });

test("the administrator joins with their own code, once; it needs their own email", async () => {
  admin.base = srv.url;
  const wrong = await join(admin, ids.adminCode, 'someone.else@hillside.example.org');
  eq(wrong.status, 422, 'another email');
  assert(wrong.text.includes('work email'), 'says which email');
  const r = await join(admin, ids.adminCode, ADMIN);
  eq(r.status, 303, 'joined');
  eq(sqlValue(db, `SELECT password_hash IS NOT NULL FROM account WHERE email = '${ADMIN}'`), 1, 'their password is set');
  eq((await admin.get('/accounts')).location, '/account/two-factor', 'an administrator sets up two-step sign-in too');
  await enrol(admin);
  const again = await join(new Client(srv.url), ids.adminCode, ADMIN, 'another pass phrase 77');
  eq(again.status, 422, 'the code works once');
  assert(again.text.includes('This code does not work'), 'says so');
});

test('an administrator adds a teacher: no password is shown, only a joining code, which works once', async () => {
  const page = await admin.get('/accounts/new');
  eq(page.status, 200, 'the form');
  assert(!/type="password"/.test(mainOf(page.text)), 'no password field on the form');
  const r = await admin.postForm('/accounts/new', { name: 'Amir Haddad', email: TEACHER, 'role-teacher': 'yes' });
  eq(r.status, 200, 'added');
  const code = codeOf(r.text);
  assert(code, 'a joining code');
  assert(!/password is|their password:/i.test(r.text), 'no password shown');
  eq(sqlValue(db, `SELECT password_hash IS NULL FROM account WHERE email = '${TEACHER}'`), 1, 'no password set by anyone');
  eq(sqlValue(db, `SELECT count(*) FROM staff_invite i JOIN account a ON a.id = i.account_id WHERE a.email = '${TEACHER}'`), 1, 'one code');
  eq(sqlValue(db, `SELECT code_hash = '${code}' FROM staff_invite`), 0, 'stored hashed');
  const t = new Client(srv.url, { label: 'teacher' });
  eq((await join(t, code, TEACHER)).status, 303, 'the teacher joins');
  eq((await t.get('/')).status, 200, 'and is signed in (no two-step sign-in needed for a teacher)');
  const reuse = await join(new Client(srv.url), code, TEACHER, 'different words entirely 9');
  eq(reuse.status, 422, 'the same code again');
  eq((await signInStatus(TEACHER, 'different words entirely 9')), 401, 'the second password was not set');
  ids.teacher = sqlValue(db, `SELECT id FROM account WHERE email = '${TEACHER}'`);
});
async function signInStatus(email, password) {
  const c = new Client(srv.url);
  const tok = await c.csrf('/sign-in');
  return (await c.post('/sign-in', { csrf: tok, email, password, next: '/' })).status;
}

test('/join refuses after its limit of wrong codes from one address, whatever email is given', async () => {
  const c = new Client(srv.url, { localAddress: '127.0.0.50' });
  for (let i = 0; i < 5; i++) {
    const r = await join(c, `2222-3333-${String(4440 + i).replace(/[01]/g, '5')}`, `guesser${i}@example.org`);
    eq(r.status, 422, `wrong code ${i + 1}`);
  }
  for (let i = 0; i < 3; i++) {
    const r = await join(c, '2222-3333-4444', `another${i}@example.org`);
    eq(r.status, 429, 'refused without checking');
    assert(/try again in \d+ seconds?/.test(r.text), 'says when to try again');
  }
  eq(sqlValue(db, "SELECT count(*) FROM login_attempt WHERE email = 'join' AND address = '127.0.0.50'"), 5, 'only the five checked were counted');
  // Another address is not held back.
  eq((await join(new Client(srv.url, { localAddress: '127.0.0.51' }), '2222-3333-4444', 'x@example.org')).status, 422, 'another address');
  sqlExec(db, "DELETE FROM login_attempt WHERE email = 'join'");
});

test('an administrator cannot make a lead: a new lead waits for a lead, who gets the code', async () => {
  const before = sqlValue(db, 'SELECT count(*) FROM account');
  const r = await admin.postForm('/accounts/new', { name: 'Jo Carter', email: NEWLEAD, 'role-lead': 'yes', 'role-teacher': 'yes' });
  eq(r.status, 200, 'accepted as a request');
  assert(r.text.includes("Waiting for a lead&#39;s approval"), 'says it waits');
  eq(codeOf(r.text), null, 'no code for the administrator');
  eq(sqlValue(db, 'SELECT count(*) FROM account'), before, 'no account made');
  eq(sqlValue(db, `SELECT count(*) FROM lead_request WHERE email = '${NEWLEAD}' AND decision IS NULL AND account_id IS NULL`), 1, 'a waiting request');
  // Nothing the administrator can do makes it take effect.
  const reqId = sqlValue(db, `SELECT id FROM lead_request WHERE email = '${NEWLEAD}'`);
  for (const path of [`/accounts/approvals/${reqId}/approve`, '/accounts/approvals'])
    eq((await (path.endsWith('approve') ? admin.postForm(path) : admin.get(path))).status, 403, `admin ${path}`);
  const again = await admin.postForm('/accounts/new', { name: 'Jo Carter', email: NEWLEAD, 'role-teacher': 'yes' });
  eq(again.status, 422, 'the email is waiting: not again as a teacher either');
  // The lead sees it on the home page and approves it; the code is theirs.
  const home = await lead.get('/');
  assert(home.text.includes('A new lead is waiting'), "on the lead's home page");
  const ap = await lead.get('/accounts/approvals');
  assert(ap.text.includes(NEWLEAD) && ap.text.includes('Asked by'), 'listed with who asked');
  const ok = await lead.postForm(`/accounts/approvals/${reqId}/approve`);
  eq(ok.status, 200, 'approved');
  const code = codeOf(ok.text);
  assert(code, 'the approving lead gets the joining code');
  eq(sqlValue(db, `SELECT group_concat(r.role) FROM account a JOIN account_role r ON r.account_id = a.id WHERE a.email = '${NEWLEAD}' ORDER BY r.role`),
    'lead,teacher', 'the account is made with both roles');
  eq(sqlValue(db, `SELECT decision || ' ' || decided_by FROM lead_request WHERE id = ${reqId}`), `approved user:${LEAD}`, 'who approved');
  // The administrator cannot make a new code for the lead's account, so
  // cannot redeem one themselves.
  const nl = sqlValue(db, `SELECT id FROM account WHERE email = '${NEWLEAD}'`);
  const inv = await admin.postForm(`/accounts/${nl}/invite`);
  eq(inv.status, 403, "an administrator cannot make a lead's code");
  const show = await admin.get(`/accounts/${nl}`);
  assert(!show.text.includes(`/accounts/${nl}/invite`), 'and is not offered it');
  // The new lead joins with the lead's code, and must set up two-step sign-in.
  const j = new Client(srv.url, { label: 'newlead' });
  eq((await join(j, code, NEWLEAD)).status, 303, 'the new lead joins');
  eq((await j.get('/pupils')).location, '/account/two-factor', 'two-step sign-in first');
  ids.newLead = nl;
});

test('an administrator cannot become a lead, or give the lead role, without a lead approving', async () => {
  const adminId = sqlValue(db, `SELECT id FROM account WHERE email = '${ADMIN}'`);
  // Their own account is not theirs to change here.
  eq((await admin.get(`/accounts/${adminId}`)).status, 404, 'their own account page');
  eq((await admin.postForm(`/accounts/${adminId}/roles`, { 'role-admin': 'yes', 'role-lead': 'yes' })).status, 404, 'their own roles');
  // Asking for the lead role for the teacher only makes a request.
  const r = await admin.postForm(`/accounts/${ids.teacher}/roles`, { 'role-teacher': 'yes', 'role-lead': 'yes' });
  eq(r.status, 200, 'a request');
  assert(r.text.includes('a lead must approve'), 'says a lead must approve');
  eq(sqlValue(db, `SELECT group_concat(role) FROM account_role WHERE account_id = ${ids.teacher}`), 'teacher', 'still a teacher');
  const reqId = sqlValue(db, `SELECT id FROM lead_request WHERE account_id = ${ids.teacher} AND decision IS NULL`);
  assert(reqId, 'waiting');
  // Changing the roles again while it waits is refused.
  eq((await admin.postForm(`/accounts/${ids.teacher}/roles`, { 'role-practitioner': 'yes', confirm: 'yes' })).status, 422, 'no other change meanwhile');
  // The lead refuses it: nothing changes.
  eq((await lead.postForm(`/accounts/approvals/${reqId}/refuse`)).status, 303, 'refused');
  eq(sqlValue(db, `SELECT decision FROM lead_request WHERE id = ${reqId}`), 'refused', 'recorded');
  eq(sqlValue(db, `SELECT group_concat(role) FROM account_role WHERE account_id = ${ids.teacher}`), 'teacher', 'still a teacher');
  // And the administrator still sees no child.
  for (const path of ['/pupils', '/conversations', '/screening', '/audit'])
    eq((await admin.get(path)).status, 403, `admin ${path}`);
});

test('a lead cannot approve their own lead role', async () => {
  // The new lead (enrolled now) asks... via an admin request for someone
  // else; here: a request for the lead's own account, made by the admin.
  const leadId = sqlValue(db, `SELECT id FROM account WHERE email = '${LEAD}'`);
  sqlExec(db, `INSERT INTO lead_request (school_id, account_id, email, name, other_roles, requested_by, requested_at)
    VALUES (1, ${leadId}, '${LEAD}', 'Rosa Bell', 'teacher', 'user:${ADMIN}', '2026-01-01T00:00:00.000Z')`);
  const reqId = sqlValue(db, `SELECT max(id) FROM lead_request`);
  const r = await lead.postForm(`/accounts/approvals/${reqId}/approve`);
  eq(r.status, 422, 'refused');
  assert(r.text.includes('nother lead must approve'), 'says who can');
  eq(sqlValue(db, `SELECT decision FROM lead_request WHERE id = ${reqId}`), null, 'still waiting');
  sqlExec(db, `UPDATE lead_request SET decision = 'refused', decided_by = 'test', decided_at = '2026-01-01T00:00:00.000Z' WHERE id = ${reqId}`);
});

test('disabling an account goes through a confirmation page, and the last lead cannot be disabled', async () => {
  const page = await admin.get(`/accounts/${ids.teacher}`);
  assert(page.text.includes(`href="/accounts/${ids.teacher}/disable">Disable account</a>`), 'a clear link');
  const conf = await admin.get(`/accounts/${ids.teacher}/disable`);
  eq(conf.status, 200, 'the confirmation page');
  assert(conf.text.includes('Disable Amir Haddad&#39;s account?') && conf.text.includes('govuk-button--warning') &&
    conf.text.includes('>Disable account</button>'), 'asks, with the label');
  eq(sqlValue(db, `SELECT disabled FROM account WHERE id = ${ids.teacher}`), 0, 'the GET changed nothing');
  eq((await admin.postForm(`/accounts/${ids.teacher}/disable`)).status, 303, 'disabled');
  eq(sqlValue(db, `SELECT disabled FROM account WHERE id = ${ids.teacher}`), 1, 'it is');
  eq((await admin.postForm(`/accounts/${ids.teacher}/enable`)).status, 303, 'enabled again');
  // With two leads one can go; the last cannot.
  const leadId = sqlValue(db, `SELECT id FROM account WHERE email = '${LEAD}'`);
  eq((await admin.postForm(`/accounts/${ids.newLead}/disable`)).status, 303, 'one of two leads');
  const last = await admin.postForm(`/accounts/${leadId}/disable`);
  eq(last.status, 422, 'the last lead');
  assert(last.text.includes('only lead'), 'says why');
  eq(sqlValue(db, `SELECT disabled FROM account WHERE id = ${leadId}`), 0, 'still enabled');
  // Removing a role asks first, too.
  const rm = await admin.postForm(`/accounts/${ids.teacher}/roles`, { 'role-practitioner': 'yes' });
  eq(rm.status, 200, 'a confirmation');
  assert(rm.text.includes('Remove teacher from Amir Haddad?') && rm.text.includes('>Remove role</button>'), 'asks');
  eq(sqlValue(db, `SELECT group_concat(role) FROM account_role WHERE account_id = ${ids.teacher}`), 'teacher', 'nothing yet');
  const done = await admin.post(`/accounts/${ids.teacher}/roles`, formValues(rm.text, `/accounts/${ids.teacher}/roles`));
  eq(done.status, 303, 'confirmed');
  eq(sqlValue(db, `SELECT group_concat(role) FROM account_role WHERE account_id = ${ids.teacher}`), 'practitioner', 'changed');
});

test('the school details page: admin and lead may change them, checked like setup', async () => {
  const page = await admin.get('/school');
  eq(page.status, 200, 'the page');
  assert(page.text.includes('Term dates'), 'with the term dates');
  const bad = await admin.postForm('/school', { urn: 'abc', name: 'Hillside', la: '', phase: '' });
  eq(bad.status, 422, 'a bad URN');
  eq((await lead.postForm('/school', { urn: '123456', name: 'Hillside Primary', la: '201', phase: 'primary' })).status, 303, 'saved');
  eq(sqlValue(db, 'SELECT name FROM school'), 'Hillside Primary', 'changed');
  eq(sqlValue(db, "SELECT count(*) FROM audit WHERE entity = 'school' AND action = 'update'"), 1, 'audited');
});

test("term dates and holidays from the browser: meso's usual dates for England to start from, checked, saved per year", async () => {
  const page = await lead.get('/school/calendar?year=2026');
  eq(page.status, 200, 'the page');
  assert(page.text.includes("These are meso's usual dates for England"), 'the usual dates, said so');
  assert(page.text.includes('id="autumn_start" name="autumn_start" type="date" value="2026-09-03"'), 'autumn from 3 September');
  assert(page.text.includes('value="October half term"') && page.text.includes('value="2026-10-26"'), 'October half term');
  const form = formValues(page.text, '/school/calendar');
  const before = sqlValue(db, 'SELECT count(*) FROM holiday') + ':' + sqlValue(db, 'SELECT count(*) FROM term');
  const bad = await lead.post('/school/calendar', { ...form, spring_start: '2026-12-01' });
  eq(bad.status, 422, 'terms that overlap');
  assert(bad.text.includes('The spring term must start after the autumn term ends'), 'said beside the field');
  const noName = await lead.post('/school/calendar', { ...form, holiday_5_start: '2026-09-02', holiday_5_end: '2026-09-02' });
  eq(noName.status, 422, 'a holiday with no name');
  assert(noName.text.includes('Give holiday 5 a name'), 'asks for its name');
  const notDate = await lead.post('/school/calendar', { ...form, holiday_1_end: 'half term' });
  eq(notDate.status, 422, 'a date that is not one');
  eq(sqlValue(db, 'SELECT count(*) FROM holiday') + ':' + sqlValue(db, 'SELECT count(*) FROM term'), before, 'nothing written');
  // An INSET day added; the May half term taken off by clearing its row.
  const saved = await lead.post('/school/calendar', { ...form, holiday_4_name: '', holiday_4_start: '', holiday_4_end: '',
    holiday_5_name: 'INSET day', holiday_5_start: '02/09/2026', holiday_5_end: '02/09/2026', autumn_start: '2026-09-03' });
  eq(saved.status, 303, 'saved');
  eq((await admin.get('/school/calendar')).status, 200, 'the administrator may see it too');
  eq(saved.location, '/school/calendar?year=2026&saved=1', 'back to the year');
  eq(sqlValue(db, "SELECT count(*) FROM term WHERE year = 2026"), 3, 'three terms');
  eq(sqlValue(db, "SELECT group_concat(name, ', ') FROM (SELECT name FROM holiday ORDER BY start_date)"),
    'INSET day, October half term, February half term, Early May bank holiday', 'the holidays');
  const again = await lead.get('/school/calendar?year=2026&saved=1');
  assert(!again.text.includes("These are meso's usual dates for England"), 'the school\'s own now');
  assert(again.text.includes('value="INSET day"'), 'with the INSET day');
  // Another year still has the usual dates; saving it leaves 2026-27 alone.
  const next = formValues((await lead.get('/school/calendar?year=2027')).text, '/school/calendar');
  eq((await lead.post('/school/calendar', next)).status, 303, 'the next year saved as it was offered');
  eq(sqlValue(db, 'SELECT count(*) FROM holiday'), 8, 'four more');
  eq(sqlValue(db, "SELECT count(*) FROM audit WHERE entity = 'school' AND detail LIKE 'calendar %'"), 2, 'audited once each');
});

await run();
await srv.stop();
