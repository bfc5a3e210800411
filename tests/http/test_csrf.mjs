// CSRF. Every browser POST route (parsed from routes.c, so a new one without
// a case here fails) is sent a request that would change something, by
// someone allowed to make it, but with the CSRF token missing, empty, wrong,
// taken from another person's session, or put in the query string instead
// of the body: each is refused with 403 and the whole database is the same
// afterwards. Then the same request with the right token goes through and
// the database changes (so the check can fail). Sign-in and joining use a
// double-submit cookie, tested the same way. API requests carry a bearer
// token, and a session cookie alone gets nowhere there.
import {
  test, run, assert, eq, startServer, fixture, Client, signIn, parseRoutes, routeKey, EMAIL,
  NEW_LEAD_PASSWORD, DEMO_PASSWORD, sql, sqlExec, fingerprint, fingerprintDiff, formValues, meso,
  totpAt, totpStep, randomToken, sessionCookie, upnMake, SCHOOL_A, mainOf, escapeHtml, isoDaysAgo,
} from './lib.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const db = srv.db;
const { pupil: P, carer: C, account: A, staff: S } = f.ids;

// The demo's programmes, for the family programme routes.
const progOf = key => sql(db, `SELECT min(p.id) AS id FROM provision p JOIN programme_template t
  ON t.id = p.template_id WHERE t.key = '${key}'`)[0].id;
const PG = { fast: progOf('fast'), sl: progOf('story-links') };
const ENR = {
  fast: sql(db, `SELECT min(id) AS id FROM enrolment WHERE provision_id = ${PG.fast} AND consent = 'given'`)[0].id,
  sl: sql(db, `SELECT min(id) AS id FROM enrolment WHERE provision_id = ${PG.sl}`)[0].id,
};
const SES = {
  fast: sql(db, `SELECT id FROM programme_session WHERE provision_id = ${PG.fast} AND kind = 'weekly' AND seq = 1`)[0].id,
  sl: sql(db, `SELECT id FROM programme_session WHERE provision_id = ${PG.sl} AND kind = 'weekly' AND seq = 1`)[0].id,
};

const lead = new Client(srv.url, { label: 'lead' });
const lead2 = new Client(srv.url, { label: 'lead2' });
const admin = new Client(srv.url, { label: 'admin' });
const parent = new Client(srv.url, { label: 'parent' });
await signIn(lead, EMAIL.lead);
await signIn(lead2, EMAIL.lead2);
await signIn(admin, EMAIL.admin);
await signIn(parent, EMAIL.parent);
assert(lead.csrfToken && lead2.csrfToken && lead.csrfToken !== lead2.csrfToken, 'two sessions, two tokens');

// The ways a forged request gets its token wrong. `other` is a real token
// from another person's session.
const forgeries = other => [
  ['no csrf field', form => { const { csrf, ...rest } = form; void csrf; return { form: rest }; }],
  ['an empty csrf field', form => ({ form: { ...form, csrf: '' } })],
  ['a made-up token', form => ({ form: { ...form, csrf: randomToken().slice(0, form.csrf.length) } })],
  ['a token one character off', form => ({ form: { ...form, csrf: (form.csrf[0] === 'A' ? 'B' : 'A') + form.csrf.slice(1) } })],
  ["another person's token", form => ({ form: { ...form, csrf: other } })],
  ['the token in the query string only', form => { const { csrf, ...rest } = form; return { form: rest, query: `?csrf=${encodeURIComponent(csrf)}` }; }],
  ['the token twice, the first wrong', form => ({ body: `csrf=${randomToken()}&` + new URLSearchParams(form).toString() })],
];

// Send each forgery (403, nothing changes), then the real thing (not 403,
// something changes). `make` returns { path, form } just before sending, so
// forms can be read from the page.
async function forgeThenSend(cl, other, make, { okStatus, expectChange = true } = {}) {
  const { path, form } = await make();
  assert(form.csrf, `${path}: the form has a csrf field`);
  for (const [what, forge] of forgeries(other)) {
    const before = fingerprint(db);
    const fg = forge(form);
    // A path may carry a query already (?form=...): the token joins it.
    const url = !fg.query ? path : path.includes('?') ? `${path}&${fg.query.slice(1)}` : path + fg.query;
    const r = fg.body !== undefined
      ? await cl.req('POST', url, { body: fg.body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      : await cl.post(url, fg.form);
    eq(r.status, 403, `${path} with ${what}`);
    const after = fingerprint(db);
    assert(before === after, `${path} with ${what} changed the database:\n${fingerprintDiff(before, after)}`);
  }
  const before = fingerprint(db);
  const r = await cl.post(path, form);
  if (okStatus !== undefined) eq(r.status, okStatus, `${path} with the right token`);
  else assert(r.status !== 403 && r.status < 500, `${path} with the right token: ${r.status}`);
  if (expectChange) assert(fingerprint(db) !== before, `${path} with the right token changed nothing: the test proves nothing`);
  return r;
}

// Every browser POST route and how to make a real change through it.
const pageForm = (cl, page, action) => async () => ({ path: action, form: formValues((await cl.get(page)).text, action) });
const CASES = {
  'POST /pupils/new': { cl: lead, other: lead2, make: async () => {
    const form = formValues((await lead.get('/pupils/new')).text, '/pupils/new');
    return { path: '/pupils/new', form: { ...form, upn: upnMake(801, 2001, 0, 1), legal_forename: 'Csrf', legal_surname: 'Testpupil', dob: '14/03/2017', sex: 'F', nc_year: '2' } };
  }, okStatus: 303 },
  'POST /pupils/{id}/edit': { cl: lead, other: lead2, make: async () => {
    const form = formValues((await lead.get(`/pupils/${P.O}/edit`)).text, `/pupils/${P.O}/edit`);
    return { path: `/pupils/${P.O}/edit`, form: { ...form, preferred_forename: 'Changed' } };
  }, okStatus: 303 },
  'POST /pupils/{id}/carers/new': { cl: lead, other: lead2, make: async () => {
    const form = formValues((await lead.get(`/pupils/${P.O}/carers/new`)).text, `/pupils/${P.O}/carers/new`);
    return { path: `/pupils/${P.O}/carers/new`, form: { ...form, relationship: 'aunt', forename: 'Ada', surname: 'Csrfcarer', phone_mobile: '07700 900555' } };
  }, okStatus: 303 },
  'POST /pupils/{id}/carers/{cid}': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/carers/${C.O}`;
    const form = formValues((await lead.get(path)).text, path);
    return { path, form: { ...form, contact_priority: String(Number(form.contact_priority) + 1) } };
  }, okStatus: 303 },
  'POST /pupils/{id}/carers/{cid}/remove': { cl: lead, other: lead2,
    make: pageForm(lead, `/pupils/${P.T}/carers/${C.T}`, `/pupils/${P.T}/carers/${C.T}/remove`), okStatus: 303 },
  'POST /pupils/{id}/key-teacher': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/key-teacher`;
    const form = formValues((await lead.get(path)).text, path);
    assert(form.key_teacher !== String(S.teacher2), 'a different key teacher');
    return { path, form: { ...form, key_teacher: String(S.teacher2) } };
  }, okStatus: 303 },
  'POST /pupils/{id}/invite': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.P}/invite`;
    return { path, form: formValues((await lead.get(path)).text, path) };
  }, okStatus: 200 },
  'POST /carers/{id}/edit': { cl: lead, other: lead2, make: async () => {
    const path = `/carers/${C.O}/edit`;
    const form = formValues((await lead.get(path)).text, path);
    return { path, form: { ...form, town: 'Elsewhere' } };
  }, okStatus: 303 },
  'POST /accounts/new': { cl: admin, other: lead.csrfToken, make: async () => {
    const form = formValues((await admin.get('/accounts/new')).text, '/accounts/new');
    return { path: '/accounts/new', form: { ...form, name: 'Forged Person', email: 'forged.person@meadowbank.example.org', 'role-lead': 'yes' } };
  }, okStatus: 200 },
  // Destructive changes post from their confirmation pages.
  'POST /accounts/{id}/disable': { cl: admin, other: lead.csrfToken,
    make: pageForm(admin, `/accounts/${A.teacher2}/disable`, `/accounts/${A.teacher2}/disable`), okStatus: 303 },
  'POST /accounts/{id}/enable': { cl: admin, other: lead.csrfToken,
    make: pageForm(admin, `/accounts/${A.teacher2}`, `/accounts/${A.teacher2}/enable`), okStatus: 303 },
  'POST /accounts/{id}/reset-2fa': { cl: admin, other: lead.csrfToken, make: async () => {
    // Give teacher2 two-step sign-in, so that resetting it is a change.
    sqlExec(db, `UPDATE account SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled = 1 WHERE id = ${A.teacher2}`);
    return pageForm(admin, `/accounts/${A.teacher2}/reset-2fa`, `/accounts/${A.teacher2}/reset-2fa`)();
  }, okStatus: 303 },
  'POST /accounts/{id}/unlock-2fa': { cl: lead, other: admin.csrfToken, make: async () => {
    // Lock teacher2's second step, so that the lead's home page offers to unlock it.
    sqlExec(db, `UPDATE account SET code_failures = 5, code_locked_until = '2999-01-01T00:00:00.000Z' WHERE id = ${A.teacher2}`);
    return pageForm(lead, '/', `/accounts/${A.teacher2}/unlock-2fa`)();
  }, okStatus: 303 },
  'POST /accounts/{id}/roles': { cl: admin, other: lead.csrfToken, make: async () => {
    const path = `/accounts/${A.teacher2}/roles`;
    return { path, form: { ...formValues((await admin.get(path)).text, path), 'role-practitioner': 'yes' } };
  }, okStatus: 303 },
  'POST /accounts/{id}/invite': { cl: admin, other: lead.csrfToken, make: async () => {
    // Someone who has not joined yet: a new code replaces theirs.
    const made = await admin.postForm('/accounts/new', { name: 'Csrf Joiner', email: 'csrf.joiner@meadowbank.example.org', 'role-teacher': 'yes' });
    eq(made.status, 200, 'an account to invite');
    const id = sql(db, "SELECT id FROM account WHERE email = 'csrf.joiner@meadowbank.example.org'")[0].id;
    return pageForm(admin, `/accounts/${id}`, `/accounts/${id}/invite`)();
  }, okStatus: 200 },
  'POST /accounts/approvals/{id}/approve': { cl: lead, other: lead2, make: async () => {
    sqlExec(db, `INSERT INTO lead_request (id, school_id, email, name, requested_by, requested_at)
      VALUES (800001, ${f.ids.school.A}, 'csrf.newlead@meadowbank.example.org', 'Csrf Newlead', 'user:${EMAIL.admin}', '2026-01-05T09:00:00.000Z')`);
    return pageForm(lead, '/accounts/approvals', '/accounts/approvals/800001/approve')();
  }, okStatus: 200 },
  'POST /accounts/approvals/{id}/refuse': { cl: lead, other: lead2, make: async () => {
    sqlExec(db, `INSERT INTO lead_request (id, school_id, email, name, requested_by, requested_at)
      VALUES (800002, ${f.ids.school.A}, 'csrf.refused@meadowbank.example.org', 'Csrf Refused', 'user:${EMAIL.admin}', '2026-01-05T09:00:00.000Z')`);
    return pageForm(lead, '/accounts/approvals', '/accounts/approvals/800002/refuse')();
  }, okStatus: 303 },
  'POST /retention': { cl: lead, other: lead2, make: async () => {
    const form = formValues((await lead.get('/retention')).text, '/retention');
    return { path: '/retention', form: { ...form, 'years-attendance': '5' } };
  }, okStatus: 303 },
  // A subject access request: the export (its audit row is the change),
  // a redaction, and withdrawing it.
  'POST /pupils/{id}/sar': { cl: lead, other: lead2,
    make: pageForm(lead, `/pupils/${P.O}/sar`, `/pupils/${P.O}/sar`), okStatus: 200 },
  'POST /pupils/{id}/sar/redact': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/sar/redact`;
    const form = formValues((await lead.get(`${path}?path=pupil`)).text, path);
    return { path, form: { ...form, reason: 'A carer who did not ask' } };
  }, okStatus: 303 },
  'POST /pupils/{id}/sar/redactions/{rid}/withdraw': { cl: lead, other: lead2, make: async () => {
    const id = sql(db, `SELECT max(id) AS id FROM sar_redaction WHERE pupil_id = ${P.O} AND withdrawn_at IS NULL`)[0].id;
    assert(id, 'a redaction to withdraw (made by the case before)');
    const path = `/pupils/${P.O}/sar/redactions/${id}/withdraw`;
    return { path, form: formValues((await lead.get(`/pupils/${P.O}/sar`)).text, path) };
  }, okStatus: 303 },
  // A leaver of the demo's that no other case uses.
  'POST /pupils/{id}/erase': { cl: lead, other: lead2, make: async () => {
    const used = [...Object.values(P), ...f.ids.parentChildren, ...f.ids.teacherPupils,
      ...f.ids.practitionerPupils].filter(Number.isInteger);
    const id = sql(db, `SELECT max(id) AS id FROM pupil WHERE school_id = ${f.ids.school.A}
      AND id NOT IN (${used.join(', ')})`)[0].id;
    sqlExec(db, `UPDATE pupil SET leaving_date = '${isoDaysAgo(40)}' WHERE id = ${id}`);
    const path = `/pupils/${id}/erase`;
    const form = formValues((await lead.get(path)).text, path);
    return { path, form: { ...form, reason: 'Past its retention period' } };
  }, okStatus: 303 },
  // A demo carer of no fixture pupil, once their children have left.
  'POST /carers/{id}/erase': { cl: lead, other: lead2, make: async () => {
    const used = [...Object.values(P), ...f.ids.parentChildren, ...f.ids.teacherPupils,
      ...f.ids.practitionerPupils].filter(Number.isInteger);
    const id = sql(db, `SELECT max(c.id) AS id FROM carer c WHERE c.school_id = ${f.ids.school.A}
      AND EXISTS (SELECT 1 FROM pupil_carer pc WHERE pc.carer_id = c.id)
      AND NOT EXISTS (SELECT 1 FROM pupil_carer pc WHERE pc.carer_id = c.id
        AND pc.pupil_id IN (${used.join(', ')}))`)[0].id;
    sqlExec(db, `UPDATE pupil SET leaving_date = '${isoDaysAgo(40)}'
      WHERE id IN (SELECT pupil_id FROM pupil_carer WHERE carer_id = ${id})`);
    const path = `/carers/${id}/erase`;
    const form = formValues((await lead.get(path)).text, path);
    return { path, form: { ...form, reason: 'Asked to be forgotten' } };
  }, okStatus: 303 },
  'POST /school': { cl: lead, other: lead2, make: async () => {
    const form = formValues((await lead.get('/school')).text, '/school');
    return { path: '/school', form: { ...form, name: 'Meadowbank Csrf School' } };
  }, okStatus: 303 },
  // Sharing with the LA: the lead's form on the school page.
  'POST /school/la-share': { cl: lead, other: lead2, make: async () => ({ path: '/school/la-share',
    form: formValues((await lead.get('/school')).text, '/school/la-share') }), okStatus: 303 },
  'POST /school/calendar': { cl: lead, other: lead2, make: async () => {
    const form = formValues((await lead.get('/school/calendar?year=2030')).text, '/school/calendar');
    return { path: '/school/calendar', form: { ...form, holiday_5_name: 'Csrf INSET day',
      holiday_5_start: '2030-11-06', holiday_5_end: '2030-11-06' } };
  }, okStatus: 303 },
  // Family programmes: the demo's FAST cycle and a Story Links case.
  'POST /programmes/new': { cl: lead, other: lead2, make: async () => ({ path: '/programmes/new',
    form: { ...formValues((await lead.get('/programmes/new')).text, '/programmes/new'), template: 'generic-group',
      name: 'Csrf club', start_date: '14/01/2025' } }), okStatus: 303 },
  'POST /programmes/{id}/team': { cl: lead, other: lead2, make: async () => ({ path: `/programmes/${PG.fast}/team`,
    form: { ...formValues((await lead.get(`/programmes/${PG.fast}`)).text, `/programmes/${PG.fast}/team`),
      role: 'community-partner', staff_id: '', member_name: 'Csrf Partner' } }), okStatus: 303 },
  'POST /programmes/{id}/team/{mid}/remove': { cl: lead, other: lead2, make: async () => {
    const mid = sql(db, `SELECT max(id) AS id FROM provision_team WHERE provision_id = ${PG.fast}`)[0].id;
    const path = `/programmes/${PG.fast}/team/${mid}/remove`;
    return pageForm(lead, path, path)(); // the confirmation page's form
  }, okStatus: 303 },
  'POST /programmes/{id}/enrol': { cl: lead, other: lead2, make: async () => {
    const pupil = sql(db, `SELECT min(id) AS id FROM pupil WHERE school_id = ${f.ids.school.A} AND id NOT IN
      (SELECT pupil_id FROM enrolment WHERE provision_id = ${PG.fast})`)[0].id;
    return { path: `/programmes/${PG.fast}/enrol`, form: { csrf: lead.csrfToken, pupil_id: String(pupil) } };
  }, okStatus: 303 },
  'POST /programmes/{id}/families/{eid}': { cl: lead, other: lead2, make: async () => {
    const path = `/programmes/${PG.fast}/families/${ENR.fast}`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), consent: 'declined' } };
  }, okStatus: 303 },
  'POST /programmes/{id}/sessions/{sid}': { cl: lead, other: lead2, make: async () => {
    const path = `/programmes/${PG.fast}/sessions/${SES.fast}`;
    return { path, form: { csrf: lead.csrfToken, part: 'details', notes: 'Csrf note', status: 'held', date: '' } };
  }, okStatus: 303 },
  'POST /programmes/{id}/sessions/{sid}/story': { cl: lead, other: lead2, make: async () => ({
    path: `/programmes/${PG.sl}/sessions/${SES.sl}/story`,
    form: { csrf: lead.csrfToken, enrolment: String(ENR.sl), title: 'Csrf story', body: 'Once upon a time.' } }), okStatus: 303 },
  'POST /programmes/{id}/followon': { cl: lead, other: lead2, make: async () => ({ path: `/programmes/${PG.fast}/followon`,
    form: { csrf: lead.csrfToken, followon_date: '14/01/2025' } }), okStatus: 303 },
  'POST /programmes/{id}/reading': { cl: lead, other: lead2, make: async () => ({ path: `/programmes/${PG.sl}/reading`,
    form: { csrf: lead.csrfToken, enrolment: String(ENR.sl), read_on: '14/01/2025', minutes: '20' } }), okStatus: 303 },
  'POST /programmes/{id}/quotes': { cl: lead, other: lead2, make: async () => ({ path: `/programmes/${PG.fast}/quotes`,
    form: { csrf: lead.csrfToken, speaker: 'parent', quote_text: 'Csrf quote', attribution: 'a parent', consent_on: '14/01/2025' } }),
  okStatus: 303 },
  'POST /programmes/{id}/costs': { cl: lead, other: lead2, make: async () => ({ path: `/programmes/${PG.fast}/costs`,
    form: { csrf: lead.csrfToken, what: 'Csrf cost', amount: '12' } }), okStatus: 303 },

  // Wellbeing measures: a questionnaire for pupil O, today.
  'POST /pupils/{id}/assessments/new': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/assessments/new?form=sdq-teacher`;
    const form = formValues((await lead.get(path)).text, path);
    for (let i = 1; i <= 25; i++) form[`item${i}`] = String(i % 3);
    return { path, form: { ...form, completed_by: 'CSRF test' } };
  }, okStatus: 303 },

  // Structured conversations: a new record of pupil O, then each stage of
  // a draft made for this test (conv), in the order a teacher goes.
  'POST /pupils/{id}/conversations/new': { cl: lead, other: lead2,
    make: pageForm(lead, `/pupils/${P.O}/conversations/new`, `/pupils/${P.O}/conversations/new`), okStatus: 303 },
  'POST /conversations/{id}/meeting': { cl: lead, other: lead2, make: async () => {
    const path = `/conversations/${draft()}/meeting`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), others: 'CSRF interpreter' } };
  }, okStatus: 303 },
  'POST /conversations/{id}/explore': { cl: lead, other: lead2, make: async () => {
    const path = `/conversations/${draft()}/explore`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), going_well: 'CSRF going well' } };
  }, okStatus: 303 },
  'POST /conversations/{id}/focus': { cl: lead, other: lead2, make: async () => {
    const path = `/conversations/${draft()}/focus`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), focus_area: 'CSRF focus', agreed_together: 'yes' } };
  }, okStatus: 303 },
  'POST /conversations/{id}/plan': { cl: lead, other: lead2, make: async () => {
    const path = `/conversations/${draft()}/plan`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), what: 'CSRF target', owner: 'school', then: 'review' } };
  }, okStatus: 303 },
  'POST /conversations/{id}/review': { cl: lead, other: lead2, make: async () => {
    const path = `/conversations/${draft()}/review`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), summary: 'CSRF summary', pupil_views: 'CSRF views' } };
  }, okStatus: 303 },
  'POST /conversations/{id}/complete': { cl: lead, other: lead2,
    make: async () => pageForm(lead, `/conversations/${draft()}`, `/conversations/${draft()}/complete`)(), okStatus: 303 },
  'POST /conversations/{id}/share': { cl: lead, other: lead2,
    make: async () => pageForm(lead, `/conversations/${draft()}`, `/conversations/${draft()}/share`)(), okStatus: 303 },
  'POST /pupils/{id}/agreement': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/agreement`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), review_note: 'CSRF review of the agreement' } };
  }, okStatus: 303 },
  'POST /targets/{id}/review': { cl: lead, other: lead2, make: async () => {
    const path = `/targets/${f.ids.target.O}/review`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), status: 'progressing', parent: 'yes', note: 'CSRF review' } };
  }, okStatus: 303 },
  'POST /pupils/{id}/contacts/new': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/contacts/new`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), method: 'phone', purpose: 'progress', note: 'CSRF contact' } };
  }, okStatus: 303 },

  // The provision map: frameworks, provisions, reviews and outside
  // services, on the fixture's provision and involvement of pupil O.
  'POST /provision/frameworks': { cl: lead, other: lead2, make: async () => ({ path: '/provision/frameworks',
    form: { csrf: lead.csrfToken, framework: sql(db, `SELECT 1 AS x FROM school_framework WHERE framework_id = 3`).length ? 'afa' : 'tamhs' } }),
  okStatus: 303 },
  'POST /provisions/new': { cl: lead, other: lead2, make: async () => ({ path: '/provisions/new',
    form: { ...formValues((await lead.get('/provisions/new')).text, '/provisions/new'), name: 'Csrf provision', tier: 'universal',
      start_date: '14/01/2025' } }), okStatus: 303 },
  'POST /provisions/{id}/edit': { cl: lead, other: lead2, make: async () => {
    const path = `/provisions/${f.ids.provision.O}/edit`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), description: 'Csrf description' } };
  }, okStatus: 303 },
  'POST /provisions/{id}/components': { cl: lead, other: lead2, make: async () => ({
    path: `/provisions/${f.ids.provision.O}/components`, form: { csrf: lead.csrfToken, component: 'kidsmatter/parents' } }), okStatus: 303 },
  'POST /provisions/{id}/pupils/{eid}': { cl: lead, other: lead2, make: async () => {
    const eid = sql(db, `SELECT id FROM enrolment WHERE provision_id = ${f.ids.provision.O}`)[0].id;
    const path = `/provisions/${f.ids.provision.O}/pupils/${eid}`;
    // Consent stays given (the review below needs it); its date changes.
    return { path, form: { ...formValues((await lead.get(path)).text, path), consent: 'given', consent_on: isoDaysAgo(40) } };
  }, okStatus: 303 },
  'POST /provisions/{id}/enrol': { cl: lead, other: lead2, make: async () => ({
    path: `/provisions/${f.ids.provision.O}/enrol`, form: { csrf: lead.csrfToken, pupil_id: String(P.T), consent: 'given' } }), okStatus: 303 },
  'POST /pupils/{id}/provision/{pid}/review': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/provision/${f.ids.provision.O}/review`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), score: '2', note: 'CSRF review note' } };
  }, okStatus: 303 },
  'POST /pupils/{id}/involvements/new': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/involvements/new`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), service: 'early_help', referred_on: '14/01/2025',
      asked: 'CSRF asked' } };
  }, okStatus: 303 },
  'POST /pupils/{id}/involvements/{iid}': { cl: lead, other: lead2, make: async () => {
    const path = `/pupils/${P.O}/involvements/${f.ids.involvement.O}`;
    return { path, form: { ...formValues((await lead.get(path)).text, path), advice: 'CSRF advice' } };
  }, okStatus: 303 },

  // Imports by upload (the upload itself has its own test below) and classes.
  'POST /import/{id}/columns': { cl: lead, other: lead2, make: async () => ({ path: `/import/${f.ids.upload.A}/columns`,
    form: { csrf: lead.csrfToken, 'col-1': 'legal_surname' } }), okStatus: 303 },
  'POST /import/{id}/confirm': { cl: lead, other: lead2, make: async () => {
    const id = await uploadFile(lead, lead.csrfToken, `UPN,Surname,Forename,DOB,Sex,Reg\n${upnMake(801, 2001, 0, 7)},Csrf,Upload,2017-03-14,F,Csrf class\n`);
    return { path: `/import/${id}/confirm`, form: { csrf: lead.csrfToken } };
  }, okStatus: 303 },
  'POST /classes/{id}': { cl: lead, other: lead2, make: async () => ({ path: `/classes/${f.ids.regGroup.A}`,
    form: { csrf: lead.csrfToken, key_teacher: String(S.teacher) } }), okStatus: 303 },

  // The parent portal: views before the next meeting, forged with a
  // member of staff's token.
  'POST /my/children/{id}/views': { cl: parent, other: lead, make: async () => {
    const path = `/my/children/${f.ids.parentChildren[0]}/views`;
    return { path, form: { ...formValues((await parent.get(path)).text, path), going_well: 'CSRF views from home' } };
  }, okStatus: 303 },
  // A parent's reply to the shared record, and a member of staff marking
  // one read (made here with the parent's own token).
  'POST /my/conversations/{id}/reply': { cl: parent, other: lead, make: async () => {
    const path = `/my/conversations/${f.ids.conv.X}/reply`;
    return { path, form: { ...formValues((await parent.get(path)).text, path), kind: 'reply', body: 'CSRF reply' } };
  }, okStatus: 303 },
  'POST /conversations/{id}/replies/{rid}/read': { cl: lead, other: lead2, make: async () => {
    eq((await parent.postForm(`/my/conversations/${f.ids.conv.X}/reply`, { kind: 'reply', body: 'To be read' })).status, 303);
    const rid = sql(db, `SELECT max(id) AS id FROM parent_reply WHERE conversation_id = ${f.ids.conv.X}`)[0].id;
    return { path: `/conversations/${f.ids.conv.X}/replies/${rid}/read`, form: { csrf: lead.csrfToken } };
  }, okStatus: 303 },
  // The parents' survey: a lead starts a round and makes paper codes; a
  // parent answers while it is open.
  'POST /surveys': { cl: lead, other: lead2, make: async () => ({ path: '/surveys',
    form: { csrf: lead.csrfToken, name: 'CSRF round', opens_on: isoDaysAgo(1), closes_on: isoDaysAgo(-10) } }), okStatus: 303 },
  'POST /surveys/{id}/codes': { cl: lead, other: lead2, make: async () => ({ path: `/surveys/${openRound()}/codes`,
    form: { csrf: lead.csrfToken } }), okStatus: 200 },
  'POST /my/children/{id}/survey': { cl: parent, other: lead, make: async () => {
    openRound();
    const path = `/my/children/${f.ids.parentChildren[0]}/survey`;
    return { path, form: { ...formValues((await parent.get(path)).text, path), a1: '4', a2: '3', a3: '4' } };
  }, okStatus: 303 },
  // A parent's language (kept English here, so the pages later cases read
  // stay as they were), and a lead's correction of a translated message
  // (the first message of the Polish page, sent back as it stands).
  'POST /my/language': { cl: parent, other: lead, make: async () => ({ path: '/my/language',
    form: { ...formValues((await parent.get('/')).text, '/my/language'), language: 'en' } }), okStatus: 303 },
  'POST /translations/{lang}': { cl: lead, other: lead2, make: async () => ({ path: '/translations/pl',
    form: formValues((await lead.get('/translations/pl')).text, '/translations/pl') }), okStatus: 303 },
};
// A round of the parents' survey open today at the fixture's school, made
// when first asked for.
let roundId = null;
function openRound() {
  if (!roundId) {
    const school = sql(db, `SELECT id FROM school WHERE urn = '${SCHOOL_A}'`)[0].id;
    sqlExec(db, `INSERT INTO survey_round (school_id, name, opens_on, closes_on, created_by, created_at)
      VALUES (${school}, 'CSRF open round', '${isoDaysAgo(2)}', '${isoDaysAgo(-20)}', 'test', '2026-01-01T00:00:00.000Z')`);
    roundId = sql(db, "SELECT max(id) AS id FROM survey_round WHERE name = 'CSRF open round'")[0].id;
  }
  return roundId;
}
// A draft record of pupil O for the stage cases, made when first asked for.
let draftId = null;
function draft() {
  if (!draftId) {
    const out = meso(db, ['conversation', 'add', f.upns.O, '--school', SCHOOL_A, '--status', 'draft',
      '--date', isoDaysAgo(3), '--carers', String(C.O)]);
    draftId = Number(out.match(/conversation (\d+)/)[1]);
  }
  return draftId;
}
// Upload a pupil file (multipart, as the browser sends it) with this token;
// the new upload's id, or the response when it was not accepted.
async function uploadFile(cl, token, text, { query = '' } = {}) {
  const fd = new FormData();
  if (token !== undefined) fd.append('csrf', token);
  fd.append('kind', 'pupils');
  fd.append('file', new Blob([text]), 'csrf.csv');
  const r = await cl.req('POST', `/import${query}`, { body: fd });
  const m = r.location && r.location.match(/^\/import\/(\d+)$/);
  return m ? Number(m[1]) : r;
}
// Routes with their own tests below.
const SPECIAL = ['POST /sign-in', 'POST /join', 'POST /sign-in/code', 'POST /account/two-factor', 'POST /sign-out',
  'POST /setup', 'POST /import', 'POST /survey'];

test('POST /import: a forged upload (multipart) is refused and keeps nothing', async () => {
  const text = 'UPN,Surname,Forename,DOB,Sex\n';
  for (const [what, token, query] of [['no csrf field', undefined, ''], ['an empty csrf field', '', ''],
    ['a made-up token', randomToken().slice(0, lead.csrfToken.length), ''], ["another person's token", lead2.csrfToken, ''],
    ['the token in the query string only', undefined, `?csrf=${encodeURIComponent(lead.csrfToken)}`]]) {
    const before = fingerprint(db);
    const r = await uploadFile(lead, token, text, { query });
    eq(typeof r === 'number' ? 303 : r.status, 403, `upload with ${what}`);
    assert(fingerprint(db) === before, `upload with ${what} changed the database:\n${fingerprintDiff(before, fingerprint(db))}`);
  }
  const before = fingerprint(db);
  const id = await uploadFile(lead, lead.csrfToken, text);
  assert(typeof id === 'number', 'the right token: the upload is kept');
  assert(fingerprint(db) !== before, 'the right token changed nothing: the test proves nothing');
});

test('every browser POST route has a CSRF case here', () => {
  const posts = parseRoutes().filter(r => r.method !== 'GET' && !r.pattern.startsWith('/api/')).map(routeKey);
  const missing = posts.filter(k => !CASES[k] && !SPECIAL.includes(k));
  assert(!missing.length, `POST routes with no CSRF test: ${missing.join(', ')}`);
  const gone = [...Object.keys(CASES), ...SPECIAL].filter(k => !posts.includes(k));
  assert(!gone.length, `CSRF cases for routes that are gone: ${gone.join(', ')}`);
});

for (const [key, k] of Object.entries(CASES)) {
  test(`${key}: forged tokens are refused and change nothing`, async () => {
    // `other` is a client (its token read when the test runs) or a token.
    const other = typeof k.other === 'string' ? k.other : k.other.csrfToken;
    await forgeThenSend(k.cl, other, k.make, { okStatus: k.okStatus });
  });
}

test("a token from one's own earlier session is refused after signing in again", async () => {
  const c = new Client(srv.url);
  await signIn(c, EMAIL.teacher);
  const old = c.csrfToken;
  eq((await c.postForm('/sign-out')).status, 303, 'signed out');
  await signIn(c, EMAIL.teacher);
  assert(c.csrfToken !== old, 'a new session has a new token');
  const path = `/pupils/${P.T}/edit`;
  const form = formValues((await c.get(path)).text, path);
  const before = fingerprint(db);
  eq((await c.post(path, { ...form, preferred_forename: 'Stale', csrf: old })).status, 403, 'stale token');
  assert(fingerprint(db) === before, 'nothing changed');
});

// ---- two-step sign-in: enrolment, then the code ----------------------------

let totpSecret = null;
test('POST /account/two-factor: forged tokens cannot turn on two-step sign-in', async () => {
  const c = new Client(srv.url, { label: 'enrolling' });
  await signIn(c, EMAIL.enrolling, NEW_LEAD_PASSWORD);
  const make = async () => {
    const page = await c.get('/account/two-factor');
    const m = page.text.match(/<code class="meso-secret">([A-Z2-7]+)<\/code>/);
    assert(m, 'the page shows the key');
    totpSecret = m[1];
    return { path: '/account/two-factor', form: { ...formValues(page.text, '/account/two-factor'), code: totpAt(totpSecret, totpStep()) } };
  };
  // The secret is made anew each time the page is shown, so read it once
  // and keep to it.
  const made = await make();
  await forgeThenSend(c, lead.csrfToken, async () => made, { okStatus: 200 });
  eq(sql(db, `SELECT totp_enabled FROM account WHERE id = ${A.enrolling}`)[0].totp_enabled, 1, 'enrolled');
});

test('POST /sign-in/code: forged tokens cannot complete the second step', async () => {
  assert(totpSecret, 'enrolled in the test before');
  const c = new Client(srv.url, { label: 'code' });
  const tok = await c.csrf('/sign-in');
  const r = await c.post('/sign-in', { csrf: tok, email: EMAIL.enrolling, password: NEW_LEAD_PASSWORD, next: '/' });
  eq(r.location, '/sign-in/code', 'asks for a code');
  const page = await c.get('/sign-in/code');
  // The next time step: the current one was used at enrolment.
  const last = sql(db, `SELECT totp_last_step AS s FROM account WHERE id = ${A.enrolling}`)[0].s;
  const step = Math.max(totpStep(), last + 1);
  const made = { path: '/sign-in/code', form: { ...formValues(page.text, '/sign-in/code'), code: totpAt(totpSecret, step) } };
  const ok = await forgeThenSend(c, lead.csrfToken, async () => made, { okStatus: 303 });
  eq(ok.location, '/', 'signed in');
  eq((await c.get('/pupils')).status, 200, 'and in');
});

// ---- sign-in and joining: the double-submit cookie ------------------------

// A client holding a form cookie and the token the page gave with it.
async function anonForm(path, url = srv.url) {
  const c = new Client(url);
  const token = await c.csrf(path);
  const cookie = c.jar.get('__Host-meso-form');
  assert(cookie && cookie === token, `${path}: the form token is the cookie's value`);
  return { c, token };
}

// `on` is another server ({ url, db, page }: the page that gives the form).
async function doubleSubmit(path, fields, { okStatus, okLocation }, on = { url: srv.url, db, page: path }) {
  const db = on.db;
  const other = await anonForm(on.page, on.url);
  const cases = [
    ['no cookie', { cookie: '' }, { csrf: 'T' }],
    ['no field', {}, {}],
    ['an empty field and an empty cookie', { cookie: '__Host-meso-form=' }, { csrf: '' }],
    ["a cookie and a field that do not match (each someone's real token)", {}, { csrf: other.token }],
    ['the cookie without its __Host- prefix', { cookie: 'meso-form=T' }, { csrf: 'T' }],
    ['a field one character off', {}, { csrf: 'T~' }],
    ['a shorter field', {}, { csrf: 'T-' }],
  ];
  for (const [what, headers, extra] of cases) {
    const { c, token } = await anonForm(on.page, on.url);
    const h = {};
    if (headers.cookie !== undefined) h.cookie = headers.cookie.replace('=T', `=${token}`);
    const csrf = extra.csrf === undefined ? undefined
      : extra.csrf === 'T' ? token
      : extra.csrf === 'T~' ? (token[0] === 'A' ? 'B' : 'A') + token.slice(1)
      : extra.csrf === 'T-' ? token.slice(0, -1) : extra.csrf;
    const form = { ...fields };
    if (csrf !== undefined) form.csrf = csrf;
    const before = fingerprint(db);
    const r = await c.post(path, form, { headers: h });
    eq(r.status, 403, `${path} with ${what}`);
    assert(!r.headers.getSetCookie().some(x => x.startsWith('__Host-meso=')), `${path} with ${what}: no session cookie`);
    const after = fingerprint(db);
    assert(before === after, `${path} with ${what} changed the database:\n${fingerprintDiff(before, after)}`);
  }
  const { c, token } = await anonForm(on.page, on.url);
  const before = fingerprint(db);
  const r = await c.post(path, { ...fields, csrf: token });
  eq(r.status, okStatus, `${path} with matching cookie and field`);
  if (okLocation) eq(r.location, okLocation, 'where it leads');
  assert(fingerprint(db) !== before, `${path}: the real request changed nothing`);
  return { c, r };
}

test('POST /setup: the double-submit cookie must be present and match', async () => {
  const fresh = await startServer({ fresh: true });
  try {
    const code = fresh.stdout().match(/setup\?code=([A-Z0-9-]+)/)[1];
    const { r } = await doubleSubmit('/setup', { code, urn: '123456', name: 'Csrf Primary', la: '', phase: '',
      lead_name: 'Csrf Lead', lead_email: 'csrf.lead@example.org', lead_password: 'kettle lantern orchard 71', admin: 'me' },
    { okStatus: 200 }, { url: fresh.url, db: fresh.db, page: `/setup?code=${code}` });
    assert(r.text.includes('Csrf Primary is set up'), 'set up');
  } finally {
    await fresh.stop();
  }
});

test('POST /sign-in: the double-submit cookie must be present and match', async () => {
  const { c } = await doubleSubmit('/sign-in', { email: EMAIL.teacher, password: DEMO_PASSWORD, next: '/' }, { okStatus: 303, okLocation: '/' });
  assert(sessionCookie(c), 'signed in');
});

test('POST /sign-in: a signed-in browser must use its session token, not a form cookie', async () => {
  const c = new Client(srv.url);
  await signIn(c, EMAIL.practitioner);
  const formCookie = c.jar.get('__Host-meso-form');
  assert(formCookie, 'still holds the form cookie from signing in');
  const before = fingerprint(db);
  const r = await c.post('/sign-in', { csrf: formCookie, email: EMAIL.lead, password: DEMO_PASSWORD, next: '/' });
  eq(r.status, 403, 'form cookie token with a session');
  assert(fingerprint(db) === before, 'nothing changed');
});

test('POST /survey: the double-submit cookie must be present and match', async () => {
  const made = await lead.postForm(`/surveys/${openRound()}/codes`);
  eq(made.status, 200, 'paper codes');
  const code = made.text.match(/class="meso-code">([A-Z0-9]+)</)[1];
  await doubleSubmit('/survey', { code, a1: '4', a2: '4', a3: '3', a4: '2', a5: '4' },
    { okStatus: 303, okLocation: '/survey?sent=1' });
  eq(sql(db, "SELECT count(*) AS n FROM survey_response WHERE via = 'paper'")[0].n, 1, 'one answer on paper');
});

test('POST /join: the double-submit cookie must be present and match', async () => {
  const out = meso(db, ['parent', 'invite', f.upns.O, '--carer', String(C.O), '--school', SCHOOL_A]);
  const code = out.match(/Code: (\S+)/)[1];
  const { c } = await doubleSubmit('/join', { code, email: 'joining.parent@example.org', password: 'apple river candle 9' },
    { okStatus: 303, okLocation: '/' });
  assert(sessionCookie(c), 'joined and signed in');
  eq(sql(db, "SELECT count(*) AS n FROM account WHERE email = 'joining.parent@example.org'")[0].n, 1, 'one account');
  // The new parent sees their own children and no one else's.
  const home = mainOf((await c.get('/')).text);
  const kids = sql(db, `SELECT p.id, coalesce(p.preferred_forename, p.legal_forename) || ' ' || coalesce(p.preferred_surname, p.legal_surname) AS name
    FROM pupil p WHERE p.school_id = ${f.ids.school.A}`);
  const mine = new Set(sql(db, `SELECT pupil_id FROM pupil_carer WHERE carer_id = ${C.O}`).map(r => r.pupil_id));
  // Each child links to the child's page in the parent portal.
  for (const k of kids)
    eq(home.includes(`<li><a class="govuk-link" href="/my/children/${k.id}">${escapeHtml(k.name)}</a>,`), mine.has(k.id), `new parent's home and ${k.name}`);
  const linked = [...home.matchAll(/href="\/my\/children\/(\d+)"/g)].map(m => Number(m[1])).sort((a, b) => a - b);
  eq(linked.join(','), [...mine].sort((a, b) => a - b).join(','), "the new parent's children, no one else");
  eq((await c.get(`/my/children/${[...mine][0]}`)).status, 200, 'their child in the portal');
  eq((await c.get(`/my/children/${f.ids.parentChildren[0]}`)).status, 404, "another family's child in the portal");
  eq((await c.get(`/pupils/${P.O}`)).status, 403, 'no pupil pages for parents');
});

// ---- signing out, and the API --------------------------------------------

test('POST /sign-out: a forged sign-out does not end the session', async () => {
  const c = new Client(srv.url);
  await signIn(c, EMAIL.teacher);
  const r = await forgeThenSend(c, lead.csrfToken, async () => ({ path: '/sign-out', form: { csrf: c.csrfToken } }), { okStatus: 303 });
  eq(r.location, '/sign-in?out=1', 'signed out');
});

test('the API ignores session cookies: a browser session cannot write through it', async () => {
  const before = fingerprint(db);
  const writes = [
    ['POST', '/api/v1/pupils', { upn: upnMake(801, 2001, 0, 2), legal_surname: 'Cookie', legal_forename: 'Only', dob: '2017-01-01', sex: 'M' }],
    ['PATCH', `/api/v1/pupils/${P.O}`, { preferred_forename: 'Cookie' }],
    ['POST', '/api/v1/carers', { surname: 'Cookie', pupils: [{ pupil_id: P.O, relationship: 'aunt' }] }],
    ['PATCH', `/api/v1/carers/${C.O}`, { town: 'Cookieville' }],
  ];
  for (const [m, path, json] of writes) {
    const r = await lead.req(m, path, { json, headers: { 'x-csrf-token': lead.csrfToken } });
    eq(r.status, 401, `${m} ${path} with a session cookie`);
    // Form-encoded, with the session's CSRF token, too.
    const r2 = await lead.req(m, path, { form: { csrf: lead.csrfToken, ...json, pupils: '' } });
    eq(r2.status, 401, `${m} ${path} as a form`);
  }
  assert(fingerprint(db) === before, 'nothing changed');
});

await run();
await srv.stop();
