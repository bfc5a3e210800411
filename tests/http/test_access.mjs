// The route × role matrix. For every route in src/http/routes.c and every
// kind of requester (not signed in, admin, lead, teacher, practitioner,
// parent, a session still enrolling in two-step sign-in, API read and write
// tokens of the school, a write token of another school) the exact answer:
// allowed (2xx/303/422 from the handler itself), denied (403), not visible
// (404, byte for byte the same page as for a record that does not exist) or
// not signed in (303 to /sign-in?next=... for pages, 401 JSON for the API).
//
// Who may use each route is written out below, independently of the C
// source; the first test checks that this list and the parsed route table
// agree, so a new route without an entry here fails the suite.
import {
  test, run, assert, eq, startServer, fixture, roleClients, parseRoutes, routeKey, sql, sqlExec,
  snapshotRows, escapeHtml, mainOf, Client, signIn, EMAIL, NEW_LEAD_PASSWORD, formValues, totpAt,
  totpStep, meso, SCHOOL_A,
} from './lib.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const c = await roleClients(srv.url, f);
const { pupil: P, carer: C, account: A, conv: CV, target: TG, assessment: AS, assessment2: AS2,
  upload: UP, regGroup: RG } = f.ids;
const db = srv.db;

const ROLES = ['anon', 'admin', 'lead', 'teacher', 'practitioner', 'parent', 'la', 'enrolling',
  'apiRead', 'apiWrite', 'apiWriteB', 'apiLa'];
// What each requester holds, in the route table's terms (router.h).
const HELD = {
  anon: [], admin: ['R_ADMIN'], lead: ['R_LEAD'], teacher: ['R_TEACHER'],
  practitioner: ['R_PRACTITIONER'], parent: ['R_PARENT'], la: ['R_LA'], enrolling: ['R_SECOND_FACTOR'],
  apiRead: ['R_API_READ'], apiWrite: ['R_API_READ', 'R_API_WRITE'],
  apiWriteB: ['R_API_READ', 'R_API_WRITE'], apiLa: ['R_LA'],
};
const EXPAND = {
  R_STAFF: ['R_LEAD', 'R_TEACHER', 'R_PRACTITIONER'],
  R_ANYONE_SIGNED_IN: ['R_ADMIN', 'R_LEAD', 'R_TEACHER', 'R_PRACTITIONER', 'R_PARENT', 'R_LA'],
};
const expand = list => new Set(list.flatMap(b => EXPAND[b] || [b]));
const isToken = role => role.startsWith('api');
const FULL_SESSION = ['admin', 'lead', 'teacher', 'practitioner', 'parent', 'la'];

// Record-level scope: who sees which of the fixture's records.
const TOK_A = ['apiRead', 'apiWrite'];
const parentCarerSees = ['lead', ...TOK_A,
  ...(f.ids.parentChildren.some(id => f.ids.teacherPupils.includes(id)) ? ['teacher'] : []),
  ...(f.ids.parentChildren.some(id => f.ids.practitionerPupils.includes(id)) ? ['practitioner'] : [])];
const SEES = {
  T: ['lead', 'teacher', ...TOK_A], P: ['lead', 'practitioner', ...TOK_A], O: ['lead', ...TOK_A],
  B: ['apiWriteB'], none: [], bad: [], self: parentCarerSees,
};
// Records that belong to a pupil (conversations, targets, ...) are seen by
// whoever sees the pupil; X is the demo parent's first child, whom the
// teacher or practitioner may also work with.
const X = f.ids.parentChildren[0], X2 = f.ids.parentChildren[1];
const seesPupil = id => ['lead', ...TOK_A, ...(f.ids.teacherPupils.includes(id) ? ['teacher'] : []),
  ...(f.ids.practitionerPupils.includes(id) ? ['practitioner'] : [])];
SEES.X = seesPupil(X);
const pid = k => (k === 'bad' ? 'abc' : P[k]);
const cid = k => (k === 'bad' ? 'abc' : C[k]);
const PUPILS = ['T', 'P', 'O', 'B', 'none', 'bad'];
const CARERS = ['T', 'P', 'O', 'B', 'self', 'none', 'bad'];

// One case per pupil: path suffix, expected success, extra fields per pupil.
const pupilCases = (suffix, ok, extra = () => ({})) =>
  PUPILS.map(k => ({ path: `/pupils/${pid(k)}${suffix}`, sees: SEES[k], ok, ...extra(k) }));
const carerCases = (suffix, ok, extra = () => ({})) =>
  CARERS.map(k => ({ path: `/carers/${cid(k)}${suffix}`, sees: SEES[k], ok, ...extra(k) }));
const apiCases = (base, ids, keys, ok, extra = () => ({})) =>
  keys.map(k => ({ path: `${base}/${k === 'bad' ? 'abc' : ids[k]}`, sees: SEES[k], ok, ...extra(k) }));
// Pupil-carer links: the carer must be linked to the pupil and both visible.
const LINKS = [['T', 'T', ['lead', 'teacher']], ['P', 'P', ['lead', 'practitioner']], ['O', 'O', ['lead']],
  ['T', 'O', []], ['O', 'T', []], ['B', 'B', []], ['T', 'B', []], ['T', 'none', []]];
const linkCases = (suffix, ok, extra = () => ({})) =>
  LINKS.map(([p, k, sees]) => ({ path: `/pupils/${P[p]}/carers/${C[k]}${suffix}`, sees, ok, ...extra(p, k) }));

// Conversations and targets of each fixture pupil (conv.X shared with the
// family; conv.Xdraft and conv.Xunshared of the same child, not shared).
const RECS = ['T', 'P', 'O', 'B', 'X', 'none', 'bad'];
const rid = (ids, k) => (k === 'bad' ? 'abc' : ids[k]);
const convCases = (suffix, ok, extra = () => ({})) =>
  RECS.map(k => ({ path: `/conversations/${rid(CV, k)}${suffix}`, sees: SEES[k], ok, ...extra(k) }));
const targetCases = (suffix, ok, extra = () => ({})) =>
  RECS.map(k => ({ path: `/targets/${rid(TG, k)}${suffix}`, sees: SEES[k], ok, ...extra(k) }));
// The parent portal: the parent's own children (X, X2), and of X's records
// only the one complete and shared.
const PARENT_PUPILS = [['X', X, ['parent']], ['X2', X2, ['parent']], ...['T', 'P', 'O', 'B', 'none', 'bad'].map(k => [k, pid(k), []])];
const myChildCases = (suffix, ok, extra = () => ({})) =>
  PARENT_PUPILS.map(([k, id, sees]) => ({ path: `/my/children/${id}${suffix}`, sees, ok, ...extra(k) }));
const MY_CONVS = [['X', ['parent']], ...['Xdraft', 'Xunshared', 'T', 'P', 'O', 'B', 'none', 'bad'].map(k => [k, []])];
const myConvCases = (suffix, ok, extra = () => ({})) =>
  MY_CONVS.map(([k, sees]) => ({ path: `/my/conversations/${rid(CV, k)}${suffix}`, sees, ok, ...extra(k) }));
// Text of a fixture pupil's records: each record names its pupil.
const FIXTURE_KEYS = ['T', 'P', 'O', 'B', 'X', 'Xdraft', 'Xunshared'];
const showsOnly = (want, what = '') => r => {
  for (const k of FIXTURE_KEYS) {
    const has = r.text.includes(`fixture ${k} ${what}`);
    eq(has, want.includes(k), `shows fixture ${k} ${what}`);
  }
};
const isXlsx = r => { eq(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'a spreadsheet');
  assert(r.text.startsWith('PK'), 'zip bytes'); assert(/^attachment; filename="[a-z-]+-\d{4}-\d\d-\d\d\.xlsx"$/.test(r.headers.get('content-disposition')), 'a download'); };
const isPdf = r => { eq(r.headers.get('content-type'), 'application/pdf', 'a PDF'); assert(r.text.startsWith('%PDF-'), 'PDF bytes'); };
const long = 'x'.repeat(4001); // longer than a conversation's text may be

// An upload and a class belong to one school: its lead sees them; another
// school's, or one that does not exist, is 404.
const schoolCases = (base, ids) => (suffix, ok, extra = () => ({})) => [
  { path: `${base}/${ids.A}${suffix}`, sees: ['lead'], ok, ...extra('A') },
  ...['B', 'none', 'bad'].map(k => ({ path: `${base}/${k === 'bad' ? 'abc' : ids[k]}${suffix}`, sees: [], ...extra(k) })),
];
// A round of the parents' survey at each school, open today.
const day = n => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const SR = {};
for (const [k, urn] of [['A', '999001'], ['B', '100002']]) {
  sqlExec(db, `INSERT INTO survey_round (school_id, name, opens_on, closes_on, created_by, created_at)
    SELECT id, 'Access round ${k}', '${day(-2)}', '${day(20)}', 'test', '2026-01-01T00:00:00.000Z' FROM school WHERE urn = '${urn}'`);
  SR[k] = sql(db, `SELECT max(id) AS id FROM survey_round WHERE name = 'Access round ${k}'`)[0].id;
}
SR.none = 999999;
const surveyCases = schoolCases('/surveys', SR);
const uploadCases = schoolCases('/import', UP);
const classCases = schoolCases('/classes', RG);

// The key-teacher form as it stands (so an allowed save changes nothing).
const keyTeacherForm = id => () => {
  const p = sql(db, `SELECT key_teacher_id AS kt FROM pupil WHERE id = ${Number(id) || 0}`)[0];
  const form = { key_teacher: p && p.kt ? String(p.kt) : '' };
  for (const w of sql(db, `SELECT staff_id FROM family_worker WHERE pupil_id = ${Number(id) || 0}`))
    form[`fw-${w.staff_id}`] = 'yes';
  return form;
};
const accountCases = (ok, after) => [
  { path: `/accounts/${A.teacher2}`, sees: ['admin'], ok, after },
  { path: `/accounts/${A.admin}`, sees: [] },   // never their own account here
  { path: `/accounts/${A.leadB}`, sees: [] },   // another school's account
  { path: '/accounts/99999', sees: [] },
];
// A lead request (id) for the teacher2 account, waiting while the case runs
// (at school A, or the school given), then gone with what approving did.
// A request waiting at school B all along: school A's lead cannot decide it.
sqlExec(db, `INSERT INTO lead_request (id, school_id, email, name, requested_by, requested_at)
  VALUES (900003, ${f.ids.school.B}, 'new.lead@riverside.example.org', 'New Lead', 'user:${EMAIL.leadB}', '2026-01-05T09:00:00.000Z')`);
const leadRequest = (id, what, ok, check, school = f.ids.school.A) => {
  let restore = [];
  return { path: `/accounts/approvals/${id}/${what}`, form: {}, sees: ['lead'], ok, check,
    before: () => {
      restore = [snapshotRows(db, 'account_role', `account_id = ${A.teacher2}`), snapshotRows(db, 'staff', `id = ${f.ids.staff.teacher2}`)];
      sqlExec(db, `INSERT INTO lead_request (id, school_id, account_id, email, name, requested_by, requested_at)
        VALUES (${id}, ${school}, ${A.teacher2}, '${EMAIL.teacher2}', 'Tom Gallagher', 'user:${EMAIL.admin}', '2026-01-05T09:00:00.000Z')`);
    },
    after: () => {
      sqlExec(db, `DELETE FROM lead_request WHERE id = ${id}; DELETE FROM account_role WHERE account_id = ${A.teacher2};
        DELETE FROM staff_invite WHERE account_id = ${A.teacher2}`);
      restore.forEach(r => r());
    } };
};
const ALL = ROLES;
const redirect = location => ({ status: 303, location });

// Family programmes (pages/programmes.c, progsession.c, stories.c): the
// demo's FAST cycle and a Story Links case. Leads see every programme; staff
// see those whose team they are on; parents only their own children's stories.
const one = q => sql(db, q)[0];
const progId = key => one(`SELECT min(p.id) AS id FROM provision p JOIN programme_template t
  ON t.id = p.template_id WHERE t.key = '${key}'`).id;
const PG = { fast: progId('fast'), sl: progId('story-links') };
const onTeam = id => ['lead', ...['teacher', 'practitioner'].filter(r =>
  sql(db, `SELECT 1 AS x FROM provision_team WHERE provision_id = ${id} AND staff_id = ${f.ids.staff[r]}`).length)];
const PSEES = { fast: onTeam(PG.fast), sl: onTeam(PG.sl), none: [], bad: [] };
const pgid = k => (k === 'bad' ? 'abc' : k === 'none' ? 99999 : PG[k]);
const progCases = (suffix, ok, extra = () => ({})) =>
  ['fast', 'sl', 'none', 'bad'].map(k => ({ path: `/programmes/${pgid(k)}${suffix}`, sees: PSEES[k], ok, ...extra(k) }));
const ENR = {
  fast: one(`SELECT min(id) AS id FROM enrolment WHERE provision_id = ${PG.fast} AND consent = 'given'`).id,
  sl: one(`SELECT min(id) AS id FROM enrolment WHERE provision_id = ${PG.sl}`).id,
};
const SES = {
  fast: one(`SELECT id FROM programme_session WHERE provision_id = ${PG.fast} AND kind = 'weekly' AND seq = 1`).id,
  sl: one(`SELECT id FROM programme_session WHERE provision_id = ${PG.sl} AND kind = 'weekly' AND seq = 1`).id,
};
// A programme's own families or sessions; another programme's is not found.
const subCases = (ids, suffix, ok, sees = k => PSEES[k], extra = () => ({})) => [
  { path: `/programmes/${PG.fast}/${ids.fast}${suffix}`, sees: sees('fast'), ok, ...extra('fast') },
  { path: `/programmes/${PG.sl}/${ids.sl}${suffix}`, sees: sees('sl'), ok, ...extra('sl') },
  { path: `/programmes/${PG.fast}/${ids.sl}${suffix}`, sees: [] },
  { path: `/programmes/99999/${ids.fast}${suffix}`, sees: [] },
];
const fam = { fast: `families/${ENR.fast}`, sl: `families/${ENR.sl}` };
const ses = { fast: `sessions/${SES.fast}`, sl: `sessions/${SES.sl}` };
const storyKids = sql(db, `SELECT DISTINCT e.pupil_id AS id FROM enrolment e JOIN story s ON s.enrolment_id = e.id
  WHERE e.consent = 'given'`).map(r => r.id);
const parentStoryChild = f.ids.parentChildren.find(id => storyKids.includes(id));
const teamMember = one(`SELECT max(id) AS id FROM provision_team WHERE provision_id = ${PG.fast}`).id;

// The provision map (pages/provmap.c, provisions.c, pupilprov.c): a
// provision of each fixture pupil's school with that pupil enrolled and
// reviewed (provision.{T,P,O,B}), and an outside service's involvement of
// each (involvement.{T,P,O,B}); see fixtureRecords(). Provisions are seen by
// leads (and their team); a pupil's provision by whoever sees the pupil.
const PV = f.ids.provision, IV = f.ids.involvement;
const PVSEES = { T: ['lead'], P: ['lead'], O: ['lead'], B: [], none: [], bad: [] };
// Each fixture provision's one enrolment; a plain provision's enrolment page
// is under /provisions/, a programme's under /programmes/ (the other is 404).
const PVEN = Object.fromEntries(['T', 'P', 'O', 'B'].map(k =>
  [k, one(`SELECT id FROM enrolment WHERE provision_id = ${PV[k]}`).id]));
const pvEnrolCases = (ok, extra = () => ({})) => [
  ...['T', 'P', 'O', 'B'].map(k => ({ path: `/provisions/${PV[k]}/pupils/${PVEN[k]}`, sees: PVSEES[k], ok, ...extra(k) })),
  { path: `/provisions/${PV.T}/pupils/${PVEN.O}`, sees: [] },
  { path: `/provisions/${PG.fast}/pupils/${ENR.fast}`, sees: [] },
  { path: `/provisions/99999/pupils/${PVEN.T}`, sees: [] },
];
const pvid = k => (k === 'bad' ? 'abc' : PV[k]);
const provCases = (suffix, ok, extra = () => ({})) =>
  ['T', 'P', 'O', 'B', 'none', 'bad'].map(k => ({ path: `/provisions/${pvid(k)}${suffix}`, sees: PVSEES[k], ok, ...extra(k) }));
// A pupil's own provision or involvement; another pupil's under one's own
// path, and a missing one, are not found.
const ownCases = (ids, mid, suffix, ok, extra = () => ({})) => [
  ...['T', 'P', 'O', 'B'].map(k => ({ path: `/pupils/${P[k]}/${mid}/${ids[k]}${suffix}`, sees: SEES[k], ok, ...extra(k) })),
  { path: `/pupils/${P.T}/${mid}/${ids.O}${suffix}`, sees: [] },
  { path: `/pupils/${P.T}/${mid}/${ids.none}${suffix}`, sees: [] },
  { path: `/pupils/${P.none}/${mid}/${ids.T}${suffix}`, sees: [] },
];
const isPng = r => eq(r.headers.get('content-type'), 'image/png', 'a PNG');

// Every route: who may use it (as in routes.c) and the cases to try. A case
// without `sees` is the same for everyone the route admits.
const SPEC = {
  'GET /health': { access: ['R_PUBLIC'], cases: [{ path: '/health', ok: 200, check: r => assert(r.text.startsWith('ok\n'), `body: ${r.text}`) }] },
  'GET /assets/{name}': { access: ['R_PUBLIC'], cases: [
    { path: '/assets/meso.css', ok: 200 }, { path: '/assets/app.js', ok: 200 },
    { path: '/assets/no-such.css', ok: 404 }] },
  'GET /favicon.ico': { access: ['R_PUBLIC'], cases: [{ path: '/favicon.ico', ok: 200 }] },
  // An LA officer's home is the LA view.
  'GET /': { access: ['R_ANYONE_SIGNED_IN'], cases: [{ path: '/', ok: role => (role === 'la' ? redirect('/la') : 200) }] },
  'GET /sign-in': { access: ['R_PUBLIC'], cases: [{ path: '/sign-in', ok: role => (FULL_SESSION.includes(role) ? redirect('/') : 200) }] },
  'POST /sign-in': { access: ['R_PUBLIC'], flags: ['RF_ANON_FORM'], cases: [{ path: '/sign-in', form: { email: '', password: '' }, ok: 422 }] },
  'GET /sign-in/code': { access: ['R_SECOND_FACTOR'], cases: [{ path: '/sign-in/code', ok: redirect('/') }] },
  'POST /sign-in/code': { access: ['R_SECOND_FACTOR'], cases: [{ path: '/sign-in/code', form: { code: '' }, ok: redirect('/') }] },
  'GET /account/two-factor': { access: ['R_SECOND_FACTOR', 'R_ADMIN', 'R_STAFF'], cases: [{ path: '/account/two-factor', ok: 200 }] },
  'POST /account/two-factor': { access: ['R_SECOND_FACTOR', 'R_ADMIN', 'R_STAFF'], cases: [{ path: '/account/two-factor', form: { code: '' }, ok: 422 }] },
  'POST /sign-out': { access: ['R_SECOND_FACTOR', 'R_ANYONE_SIGNED_IN'], last: true, cases: [{ path: '/sign-out', form: {}, ok: redirect('/sign-in?out=1') }] },

  'GET /pupils': { access: ['R_STAFF'], cases: [{ path: '/pupils', ok: 200 }, { path: '/pupils?q=a&year=R&sen=K&fsm=yes&page=2', ok: 200 }] },
  'GET /pupils/new': { access: ['R_LEAD'], cases: [{ path: '/pupils/new', ok: 200 }] },
  'POST /pupils/new': { access: ['R_LEAD'], cases: [{ path: '/pupils/new', form: {}, ok: 422 }] },
  'GET /pupils/{id}': { access: ['R_STAFF'], cases: pupilCases('', 200, k => ({
    check: r => { const s = sql(db, `SELECT upn FROM pupil WHERE id = ${P[k]}`)[0]; assert(r.text.includes(s.upn), 'shows the UPN'); } })) },
  'GET /pupils/{id}/edit': { access: ['R_STAFF'], cases: pupilCases('/edit', 200) },
  'POST /pupils/{id}/edit': { access: ['R_STAFF'], cases: pupilCases('/edit', 422, () => ({ form: { legal_forename: '', legal_surname: '' } })) },
  'GET /pupils/{id}/carers/new': { access: ['R_STAFF'], cases: pupilCases('/carers/new', 200) },
  'POST /pupils/{id}/carers/new': { access: ['R_STAFF'], cases: pupilCases('/carers/new', 422, () => ({ form: {} })) },
  'GET /pupils/{id}/carers/{cid}': { access: ['R_STAFF'], cases: linkCases('', 200) },
  'POST /pupils/{id}/carers/{cid}': { access: ['R_STAFF'], cases: linkCases('', 422, () => ({ form: { relationship: '' } })) },
  'POST /pupils/{id}/carers/{cid}/remove': { access: ['R_STAFF'], cases: linkCases('/remove', null, (p, k) => {
    const where = `pupil_id = ${P[p]} AND carer_id = ${C[k]}`;
    let restore = null;
    return {
      ok: redirect(`/pupils/${P[p]}?saved=1`), form: {},
      before: () => { restore = snapshotRows(db, 'pupil_carer', where); },
      check: () => eq(sql(db, `SELECT count(*) AS n FROM pupil_carer WHERE ${where}`)[0].n, 0, 'the link is gone'),
      after: () => restore && restore(),
    };
  }) },
  'GET /pupils/{id}/key-teacher': { access: ['R_LEAD'], cases: pupilCases('/key-teacher', 200) },
  'POST /pupils/{id}/key-teacher': { access: ['R_LEAD'], cases: pupilCases('/key-teacher', null, k => ({
    form: keyTeacherForm(pid(k)), ok: redirect(`/pupils/${pid(k)}?saved=1`) })) },
  // Erasing (pages/retention): the fixture's pupils are on roll, so an
  // allowed request is refused by the form (no reason; not a leaver).
  'GET /pupils/{id}/erase': { access: ['R_LEAD'], cases: pupilCases('/erase', 200) },
  'POST /pupils/{id}/erase': { access: ['R_LEAD'], cases: pupilCases('/erase', 422, () => ({ form: { reason: '' } })) },
  // A subject access request (pages/register/sarpage.c): leads only. The
  // export answers with its ZIP; a redaction without a reason is refused by
  // the form; a withdrawal needs a redaction of that pupil (made before).
  'GET /pupils/{id}/sar': { access: ['R_LEAD'], cases: pupilCases('/sar', 200) },
  'POST /pupils/{id}/sar': { access: ['R_LEAD'], cases: pupilCases('/sar', 200, () => ({ form: { carer: '0' } })) },
  'GET /pupils/{id}/sar/redact': { access: ['R_LEAD'], cases: pupilCases('/sar/redact?path=pupil', 200) },
  'POST /pupils/{id}/sar/redact': { access: ['R_LEAD'], cases: pupilCases('/sar/redact', 422, () => ({
    form: { path: 'pupil', scope: 'all', reason: '' } })) },
  'POST /pupils/{id}/sar/redactions/{rid}/withdraw': { access: ['R_LEAD'], cases: PUPILS.map((k, i) => {
    const id = 9100 + i;
    return {
      path: `/pupils/${pid(k)}/sar/redactions/${id}/withdraw`, sees: SEES[k], form: {},
      ok: redirect(`/pupils/${pid(k)}/sar?withdrawn=1`),
      before: () => sqlExec(db, `INSERT INTO sar_redaction (id, school_id, pupil_id, path, reason, created_by,
        created_at) SELECT ${id}, school_id, id, 'pupil', 'a test', 'test', '2026-01-01' FROM pupil WHERE id = ${pid(k)}
        ON CONFLICT (id) DO UPDATE SET withdrawn_by = NULL, withdrawn_at = NULL`),
    };
  }) },
  'GET /carers/{id}/erase': { access: ['R_LEAD'], cases: carerCases('/erase', 200) },
  'POST /carers/{id}/erase': { access: ['R_LEAD'], cases: carerCases('/erase', 422, () => ({ form: { reason: '' } })) },
  'GET /retention': { access: ['R_LEAD'], cases: [{ path: '/retention', ok: 200 }] },
  'POST /retention': { access: ['R_LEAD'], cases: [{ path: '/retention', form: {}, ok: 422 }] },
  'GET /pupils/{id}/invite': { access: ['R_LEAD'], cases: pupilCases('/invite', 200) },
  'POST /pupils/{id}/invite': { access: ['R_LEAD'], cases: [
    ...['T', 'P', 'O', 'B', 'none'].map(k => ({ path: `/pupils/${P[k]}/invite`, form: { carer: String(C[k === 'none' ? 'T' : k]) }, sees: SEES[k], ok: 200,
      check: r => assert(/[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/.test(r.text), 'shows a code') })),
    { path: `/pupils/${P.T}/invite`, form: { carer: String(C.O) }, sees: [] }, // not this child's carer
    { path: `/pupils/${P.T}/invite`, form: { carer: String(C.B) }, sees: [] }, // another school's
  ] },
  'GET /carers/{id}': { access: ['R_STAFF'], cases: carerCases('', 200) },
  'GET /carers/{id}/edit': { access: ['R_STAFF'], cases: carerCases('/edit', 200) },
  'POST /carers/{id}/edit': { access: ['R_STAFF'], cases: carerCases('/edit', 422, () => ({ form: { surname: '' } })) },
  'GET /audit': { access: ['R_LEAD'], cases: [{ path: '/audit', ok: 200 }] },

  // Imports by upload and classes: a lead of the school (admins see no child).
  'GET /import': { access: ['R_LEAD'], cases: [{ path: '/import', ok: 200 }] },
  'POST /import': { access: ['R_LEAD'], flags: ['RF_UPLOAD'], cases: [{ path: '/import', form: {}, ok: 422 }] },
  'GET /import/{id}': { access: ['R_LEAD'], cases: uploadCases('', 200) },
  'POST /import/{id}/columns': { access: ['R_LEAD'], cases: uploadCases('/columns', redirect(`/import/${UP.A}#columns`), () => ({ form: {} })) },
  'POST /import/{id}/confirm': { access: ['R_LEAD'], cases: uploadCases('/confirm', redirect(`/import/${UP.A}`), () => ({ form: {} })) },
  // Spreadsheets for leads.
  'GET /pupils.xlsx': { access: ['R_LEAD'], cases: [{ path: '/pupils.xlsx?year=4', ok: 200, check: isXlsx }] },
  'GET /conversations/report.xlsx': { access: ['R_LEAD'], cases: [{ path: '/conversations/report.xlsx', ok: 200, check: isXlsx },
    { path: '/conversations/report.xlsx?year=soon', ok: 400 }] },
  'GET /screening.xlsx': { access: ['R_LEAD'], cases: [{ path: '/screening.xlsx?year=4', ok: 200, check: isXlsx },
    { path: '/screening.xlsx', ok: 400 }] },
  'GET /provision/map.xlsx': { access: ['R_LEAD'], cases: [{ path: '/provision/map.xlsx', ok: 200, check: isXlsx }] },
  // A lead sees every programme; a provision of the fixture's is no programme.
  'GET /programmes/{id}/attendance.xlsx': { access: ['R_LEAD'], cases: [
    ...progCases('/attendance.xlsx', 200, k => ({ sees: ['fast', 'sl'].includes(k) ? ['lead'] : [], check: isXlsx })),
    { path: `/programmes/${f.ids.provision.T}/attendance.xlsx`, sees: [] }] },
  'GET /classes': { access: ['R_LEAD'], cases: [{ path: '/classes', ok: 200,
    check: r => { assert(r.text.includes('Fixture A class'), "the school's class"); assert(!r.text.includes('Fixture B class'), "not another school's"); } }] },
  'GET /classes/{id}': { access: ['R_LEAD'], cases: classCases('', 200) },
  'POST /classes/{id}': { access: ['R_LEAD'], cases: classCases('', redirect(`/classes/${RG.A}?saved=0`), () => ({ form: { key_teacher: '' } })) },

  // Wellbeing measures.
  'GET /pupils/{id}/assessments/new': { access: ['R_STAFF'], cases: [...pupilCases('/assessments/new', 200),
    ...pupilCases('/assessments/new?form=sdq-teacher', 200), { path: `/pupils/${P.T}/assessments/new?form=no-such`, sees: SEES.T, ok: 200 }] },
  'POST /pupils/{id}/assessments/new': { access: ['R_STAFF'], cases: [...pupilCases('/assessments/new?form=sdq-teacher', 422, () => ({ form: {} })),
    { path: `/pupils/${P.T}/assessments/new`, form: {}, sees: [] }] },  // no such form
  'GET /pupils/{id}/assessments/{aid}': { access: ['R_STAFF'], cases: [
    ...['T', 'P', 'O', 'B'].map(k => ({ path: `/pupils/${P[k]}/assessments/${AS[k]}`, sees: SEES[k], ok: 200,
      check: r => assert(r.text.includes(`fixture ${k} teacher`), 'completed by') })),
    { path: `/pupils/${P.T}/assessments/${AS.O}`, sees: [] },  // another pupil's, under one's own
    { path: `/pupils/${P.T}/assessments/${AS.none}`, sees: [] }, { path: `/pupils/${P.T}/assessments/abc`, sees: [] },
    { path: `/pupils/${P.none}/assessments/${AS.T}`, sees: [] }] },
  'GET /pupils/{id}/change': { access: ['R_STAFF'], cases: [
    ...['T', 'P', 'O', 'B'].map(k => ({ path: `/pupils/${P[k]}/change?from=${AS2[k]}&to=${AS[k]}`, sees: SEES[k], ok: 200 })),
    { path: `/pupils/${P.T}/change?from=${AS2.T}&to=${AS.O}`, sees: [] },
    { path: `/pupils/${P.O}/change?from=${AS2.T}&to=${AS.T}`, sees: [] },
    { path: `/pupils/${P.T}/change`, sees: [] }] },
  'GET /screening': { access: ['R_STAFF'], cases: [{ path: '/screening', ok: 200 }, { path: '/screening?year=4', ok: 200 },
    { path: `/screening?year=4&class=${f.ids.staff.teacher}&measure=mmf&school_year=2020`, ok: 200 }] },

  // Structured conversations, targets, agreements and contacts.
  'GET /conversations': { access: ['R_STAFF'], cases: [{ path: '/conversations', ok: 200 },
    { path: `/conversations?teacher=${f.ids.staff.teacher2}`, ok: 200 }] },
  'GET /pupils/{id}/conversations': { access: ['R_STAFF'], cases: pupilCases('/conversations', 200, k => ({ check: showsOnly([k], 'target') })) },
  'GET /pupils/{id}/conversations/new': { access: ['R_STAFF'], cases: pupilCases('/conversations/new', 200) },
  'POST /pupils/{id}/conversations/new': { access: ['R_STAFF'], cases: pupilCases('/conversations/new', 422, () => ({ form: {} })) },
  'GET /conversations/{id}': { access: ['R_STAFF'], cases: convCases('', 200, k => ({ check: showsOnly([k], 'going well') })) },
  'GET /conversations/{id}/meeting': { access: ['R_STAFF'], cases: convCases('/meeting', 200) },
  'POST /conversations/{id}/meeting': { access: ['R_STAFF'], cases: convCases('/meeting', 422, () => ({ form: { event_date: '' } })) },
  'GET /conversations/{id}/explore': { access: ['R_STAFF'], cases: convCases('/explore', 200, k => ({ check: showsOnly([k], 'concerns') })) },
  'POST /conversations/{id}/explore': { access: ['R_STAFF'], cases: convCases('/explore', 422, () => ({ form: { going_well: long } })) },
  'GET /conversations/{id}/focus': { access: ['R_STAFF'], cases: convCases('/focus', 200, k => ({ check: showsOnly([k], 'focus') })) },
  'POST /conversations/{id}/focus': { access: ['R_STAFF'], cases: convCases('/focus', 422, () => ({ form: { priorities: long } })) },
  'GET /conversations/{id}/plan': { access: ['R_STAFF'], cases: convCases('/plan', 200, k => ({ check: showsOnly([k], 'target') })) },
  'POST /conversations/{id}/plan': { access: ['R_STAFF'], cases: convCases('/plan', 422, () => ({ form: { then: 'more' } })) },
  'GET /conversations/{id}/review': { access: ['R_STAFF'], cases: convCases('/review', 200, k => ({ check: showsOnly([k], 'summary') })) },
  'POST /conversations/{id}/review': { access: ['R_STAFF'], cases: convCases('/review', 422, () => ({ form: { next_meeting: 'not a date' } })) },
  'POST /conversations/{id}/complete': { access: ['R_STAFF'], cases: convCases('/complete', null, k => ({ form: {},
    ok: redirect(`/conversations/${CV[k]}?completed=1`) })) },
  'POST /conversations/{id}/share': { access: ['R_STAFF'], cases: convCases('/share', 422, () => ({ form: { how: '' } })) },
  'GET /conversations/{id}/pdf': { access: ['R_STAFF'], cases: convCases('/pdf', 200, () => ({ check: isPdf })) },
  // No reply in the fixture: a reply that is not there is 404 for everyone
  // the route admits (test_parentvoice.mjs marks a real one read).
  'POST /conversations/{id}/replies/{rid}/read': { access: ['R_STAFF'], cases: RECS.map(k => ({
    path: `/conversations/${rid(CV, k)}/replies/999999/read`, sees: [], ok: 404, form: {} })) },
  'GET /pupils/{id}/agreement': { access: ['R_STAFF'], cases: pupilCases('/agreement', 200, k => ({ check: showsOnly([k], 'purpose') })) },
  'POST /pupils/{id}/agreement': { access: ['R_STAFF'], cases: pupilCases('/agreement', 422, () => ({ form: { purpose: '' } })) },
  'GET /targets/{id}/review': { access: ['R_STAFF'], cases: targetCases('/review', 200, k => ({ check: showsOnly([k], 'target') })) },
  'POST /targets/{id}/review': { access: ['R_STAFF'], cases: targetCases('/review', 422, () => ({ form: {} })) },
  'GET /pupils/{id}/contacts': { access: ['R_STAFF'], cases: pupilCases('/contacts', 200, k => ({ check: showsOnly([k], 'contact note') })) },
  'GET /pupils/{id}/contacts/new': { access: ['R_STAFF'], cases: pupilCases('/contacts/new', 200) },
  'POST /pupils/{id}/contacts/new': { access: ['R_STAFF'], cases: pupilCases('/contacts/new', 422, () => ({ form: {} })) },

  // The parent portal.
  'GET /my/children/{id}': { access: ['R_PARENT'], cases: myChildCases('', 200, k => ({
    check: k === 'X' ? showsOnly(['X'], 'target') : showsOnly([], 'target') })) },
  'GET /my/conversations/{id}': { access: ['R_PARENT'], cases: myConvCases('', 200, () => ({ check: showsOnly(['X'], 'going well') })) },
  'GET /my/conversations/{id}/pdf': { access: ['R_PARENT'], cases: myConvCases('/pdf', 200, () => ({ check: isPdf })) },
  'GET /my/children/{id}/views': { access: ['R_PARENT'], cases: myChildCases('/views', 200) },
  'POST /my/children/{id}/views': { access: ['R_PARENT'], cases: myChildCases('/views', 422, () => ({ form: {} })) },
  // Languages (docs/i18n.md): a parent's choice (a language meso lacks is 400), a lead's corrections.
  'POST /my/language': { access: ['R_PARENT'], cases: [{ path: '/my/language', form: { language: 'xx' }, ok: 400 }] },
  'GET /translations': { access: ['R_LEAD'], cases: [{ path: '/translations', ok: 200 }] },
  'GET /translations/{lang}': { access: ['R_LEAD'], cases: [{ path: '/translations/pl', ok: 200 },
    { path: '/translations/en', sees: [] }, { path: '/translations/xx', sees: [] }] },
  'POST /translations/{lang}': { access: ['R_LEAD'], cases: [{ path: '/translations/ur', form: {}, ok: 422 },
    { path: '/translations/xx', form: {}, sees: [] }] },
  'GET /my/conversations/{id}/reply': { access: ['R_PARENT'], cases: myConvCases('/reply', 200) },
  'POST /my/conversations/{id}/reply': { access: ['R_PARENT'], cases: myConvCases('/reply', 422, () => ({ form: { kind: 'reply', body: '' } })) },
  'GET /my/children/{id}/survey': { access: ['R_PARENT'], cases: myChildCases('/survey', 200) },
  'POST /my/children/{id}/survey': { access: ['R_PARENT'], cases: myChildCases('/survey', 422, () => ({ form: {} })) },

  // Setup exists only while the database has no account (test_setup.mjs
  // goes through it): on the fixture it is not there for anyone.
  'GET /setup': { access: ['R_PUBLIC'], cases: [{ path: '/setup', ok: 404 }, { path: '/setup?code=2222-3333-4444', ok: 404 }] },
  'POST /setup': { access: ['R_PUBLIC'], flags: ['RF_ANON_FORM'], cases: [{ path: '/setup', form: { code: '2222-3333-4444' }, ok: 404 }] },
  'GET /school': { access: ['R_ADMIN', 'R_LEAD'], cases: [{ path: '/school', ok: 200 }] },
  'POST /school': { access: ['R_ADMIN', 'R_LEAD'], cases: [{ path: '/school', form: {}, ok: 422 }] },
  // Sharing with the LA: a lead's choice ('maybe' is refused by the handler).
  'POST /school/la-share': { access: ['R_LEAD'], cases: [{ path: '/school/la-share', form: { share: 'maybe' }, ok: 400 }] },
  // The LA view: LA accounts only (test_la.mjs checks what it shows).
  'GET /la': { access: ['R_LA'], cases: [{ path: '/la', ok: 200, check: r => assert(!/<td[^>]*>[1-4]<\/td>/.test(r.text), 'a small count shown') }] },
  'GET /la.xlsx': { access: ['R_LA'], cases: [{ path: '/la.xlsx', ok: 200 }] },
  'GET /la/evaluation': { access: ['R_LA'], cases: [{ path: '/la/evaluation', ok: 200,
    check: r => assert(!/<td[^>]*>[1-4]<\/td>/.test(r.text) && /no child, member of staff or school is named/.test(r.text), 'the LA analysis') },
    { path: '/la/evaluation?year=1990', ok: 400 }] },
  'GET /school/calendar': { access: ['R_ADMIN', 'R_LEAD'], cases: [{ path: '/school/calendar', ok: 200 },
    { path: '/school/calendar?year=2031-32', ok: 200 }] },
  'POST /school/calendar': { access: ['R_ADMIN', 'R_LEAD'], cases: [{ path: '/school/calendar', form: {}, ok: 422 }] },
  'GET /accounts': { access: ['R_ADMIN'], cases: [{ path: '/accounts', ok: 200 }] },
  'GET /accounts/new': { access: ['R_ADMIN'], cases: [{ path: '/accounts/new', ok: 200 }] },
  'POST /accounts/new': { access: ['R_ADMIN'], cases: [{ path: '/accounts/new', form: {}, ok: 422 }] },
  'GET /accounts/approvals': { access: ['R_LEAD'], cases: [{ path: '/accounts/approvals', ok: 200 }] },
  'POST /accounts/approvals/{id}/approve': { access: ['R_LEAD'], cases: [
    { ...leadRequest(900001, 'approve', 200, r => assert(r.text.includes('will set up two-step sign-in'), 'approved')) },
    { path: '/accounts/approvals/99999/approve', form: {}, sees: [] },
    { path: '/accounts/approvals/abc/approve', form: {}, sees: [] },
    { path: '/accounts/approvals/900003/approve', form: {}, sees: [] }] }, // school B's (below)
  'POST /accounts/approvals/{id}/refuse': { access: ['R_LEAD'], cases: [
    { ...leadRequest(900002, 'refuse', redirect('/accounts/approvals')) },
    { path: '/accounts/approvals/99999/refuse', form: {}, sees: [] }] },
  'GET /accounts/{id}': { access: ['R_ADMIN'], cases: accountCases(200) },
  'GET /accounts/{id}/roles': { access: ['R_ADMIN'], cases: accountCases(200).map(k => ({ ...k, path: `${k.path}/roles` })) },
  // The roles it has already: nothing changes.
  'POST /accounts/{id}/roles': { access: ['R_ADMIN'], cases: accountCases(redirect(`/accounts/${A.teacher2}?saved=1`))
    .map(k => ({ ...k, path: `${k.path}/roles`, form: { 'role-teacher': 'yes' } })) },
  'GET /accounts/{id}/disable': { access: ['R_ADMIN'], cases: accountCases(200).map(k => ({ ...k, path: `${k.path}/disable` })) },
  'POST /accounts/{id}/disable': { access: ['R_ADMIN'], cases: accountCases(redirect(`/accounts/${A.teacher2}?saved=1`),
    () => sqlExec(db, `UPDATE account SET disabled = 0 WHERE id = ${A.teacher2}`)).map(k => ({ ...k, path: `${k.path}/disable`, form: {} })) },
  'POST /accounts/{id}/enable': { access: ['R_ADMIN'], cases: accountCases(redirect(`/accounts/${A.teacher2}?saved=1`)).map(k => ({ ...k, path: `${k.path}/enable`, form: {} })) },
  'GET /accounts/{id}/reset-2fa': { access: ['R_ADMIN'], cases: accountCases(200).map(k => ({ ...k, path: `${k.path}/reset-2fa` })) },
  'POST /accounts/{id}/reset-2fa': { access: ['R_ADMIN'], cases: accountCases(redirect(`/accounts/${A.teacher2}?saved=1`)).map(k => ({ ...k, path: `${k.path}/reset-2fa`, form: {} })) },
  // Everyone in the fixture has joined, so no new code is made (422); an
  // account of another school, one's own, or none is not found.
  'POST /accounts/{id}/unlock-2fa': { access: ['R_ADMIN', 'R_LEAD'], cases: [
    { path: `/accounts/${A.teacher2}/unlock-2fa`, form: {}, sees: ['admin', 'lead'], ok: redirect('/?unlocked=1') },
    { path: `/accounts/${A.admin}/unlock-2fa`, form: {}, sees: ['lead'], ok: redirect('/?unlocked=1') },
    { path: `/accounts/${A.lead}/unlock-2fa`, form: {}, sees: ['admin'], ok: redirect('/?unlocked=1') },
    { path: `/accounts/${A.leadB}/unlock-2fa`, form: {}, sees: [] },
    { path: `/accounts/${A.parent}/unlock-2fa`, form: {}, sees: [] },
    { path: '/accounts/99999/unlock-2fa', form: {}, sees: [] }] },
  'POST /accounts/{id}/invite': { access: ['R_ADMIN', 'R_LEAD'], cases: [
    { path: `/accounts/${A.teacher2}/invite`, form: {}, ok: 422 },
    { path: `/accounts/${A.admin}/invite`, form: {}, sees: ['lead'], ok: 422 },
    { path: `/accounts/${A.lead}/invite`, form: {}, sees: ['admin'], ok: 422 },
    { path: `/accounts/${A.leadB}/invite`, form: {}, sees: [] },
    { path: `/accounts/${A.parent}/invite`, form: {}, sees: [] },
    { path: '/accounts/99999/invite', form: {}, sees: [] }] },
  // The parents' survey: leads see their own school's rounds; a parent
  // answers for their own children; anyone may answer with a paper code.
  'GET /surveys': { access: ['R_LEAD'], cases: [{ path: '/surveys', ok: 200 }] },
  'POST /surveys': { access: ['R_LEAD'], cases: [{ path: '/surveys', form: { name: '' }, ok: 422 }] },
  'GET /surveys/{id}': { access: ['R_LEAD'], cases: surveyCases('', 200) },
  'POST /surveys/{id}/codes': { access: ['R_LEAD'], cases: surveyCases('/codes', 200, () => ({ form: {} })) },
  'GET /survey': { access: ['R_PUBLIC'], cases: [{ path: '/survey', ok: 200 }] },
  'POST /survey': { access: ['R_PUBLIC'], flags: ['RF_ANON_FORM'], cases: [{ path: '/survey', form: {}, ok: 422 }] },
  'GET /join': { access: ['R_PUBLIC'], cases: [{ path: '/join', ok: 200 }] },
  'POST /join': { access: ['R_PUBLIC'], flags: ['RF_ANON_FORM'], cases: [{ path: '/join', form: {}, ok: 422 }] },

  'GET /programmes': { access: ['R_STAFF'], cases: [{ path: '/programmes', ok: 200 }] },
  'GET /programmes/new': { access: ['R_LEAD'], cases: [{ path: '/programmes/new', ok: 200 }] },
  'POST /programmes/new': { access: ['R_LEAD'], cases: [{ path: '/programmes/new', form: {}, ok: 422 }] },
  'GET /programmes/{id}': { access: ['R_STAFF'], cases: progCases('', 200) },
  'POST /programmes/{id}/team': { access: ['R_LEAD'], cases: progCases('/team', 422, () => ({ form: {} })) },
  'GET /programmes/{id}/team/{mid}/remove': { access: ['R_LEAD'], cases: [
    { path: `/programmes/${PG.fast}/team/${teamMember}/remove`, sees: ['lead'], ok: 200,
      check: r => assert(r.text.includes('>Remove from team</button>'), 'asks first') },
    { path: `/programmes/${PG.fast}/team/99999/remove`, sees: [] },
    { path: `/programmes/${PG.sl}/team/${teamMember}/remove`, sees: [] }] },
  'POST /programmes/{id}/team/{mid}/remove': { access: ['R_LEAD'], cases: [
    { path: `/programmes/${PG.fast}/team/99999/remove`, form: {}, sees: [] },
    { path: `/programmes/${PG.sl}/team/${teamMember}/remove`, form: {}, sees: [] },
    (() => {
      let restore = null;
      return { path: `/programmes/${PG.fast}/team/${teamMember}/remove`, form: {}, sees: ['lead'],
        ok: redirect(`/programmes/${PG.fast}?saved=1#team`),
        before: () => { restore = snapshotRows(db, 'provision_team', `id = ${teamMember}`); },
        check: () => eq(sql(db, `SELECT count(*) AS n FROM provision_team WHERE id = ${teamMember}`)[0].n, 0, 'taken off'),
        after: () => restore && restore() };
    })(),
  ] },
  'GET /programmes/{id}/enrol': { access: ['R_LEAD'], cases: progCases('/enrol?q=a', 200) },
  'POST /programmes/{id}/enrol': { access: ['R_LEAD'], cases: [
    ...progCases('/enrol', null, () => ({ form: { pupil_id: 'x' }, sees: [] })),
    { path: `/programmes/${PG.fast}/enrol`, sees: ['lead'],
      form: { pupil_id: String(one(`SELECT pupil_id FROM enrolment WHERE id = ${ENR.fast}`).pupil_id) },
      ok: redirect(`/programmes/${PG.fast}/families/${ENR.fast}?new=1`) },
    { path: `/programmes/${PG.fast}/enrol`, form: { pupil_id: String(P.B) }, sees: [] }, // another school's
  ] },
  'GET /programmes/{id}/families/{eid}': { access: ['R_LEAD'], cases: [...subCases(fam, '', 200),
    { path: `/programmes/${PV.T}/families/${PVEN.T}`, sees: [] }] },
  'POST /programmes/{id}/families/{eid}': { access: ['R_LEAD'], cases: subCases(fam, '', 422, undefined, () => ({ form: {} })) },
  'GET /programmes/{id}/families/{eid}/invitation.pdf': { access: ['R_STAFF'], cases: subCases(fam, '/invitation.pdf', 200, undefined, () => ({
    check: r => eq(r.headers.get('content-type'), 'application/pdf', 'a PDF') })) },
  'GET /programmes/{id}/families/{eid}/booklet.pdf': { access: ['R_STAFF'], cases: subCases(fam, '/booklet.pdf', 200, k => (k === 'sl' ? PSEES.sl : [])) },
  'GET /programmes/{id}/sessions/{sid}': { access: ['R_STAFF'], cases: subCases(ses, '', 200) },
  'POST /programmes/{id}/sessions/{sid}': { access: ['R_STAFF'], cases: subCases(ses, '', 422, undefined, () => ({ form: { part: 'details', date: 'not a date' } })) },
  'POST /programmes/{id}/sessions/{sid}/story': { access: ['R_STAFF'], cases: subCases(ses, '/story', 422, k => (k === 'sl' ? PSEES.sl : []),
    k => ({ form: { enrolment: String(ENR[k]), title: '' } })) },
  'POST /programmes/{id}/followon': { access: ['R_STAFF'], cases: progCases('/followon', 422, () => ({ form: {} })) },
  'POST /programmes/{id}/reading': { access: ['R_STAFF'], cases: progCases('/reading', 422, k => ({ form: { enrolment: String(ENR[k] || 0) } })) },
  'POST /programmes/{id}/quotes': { access: ['R_STAFF'], cases: progCases('/quotes', 422, () => ({ form: {} })) },
  'POST /programmes/{id}/costs': { access: ['R_LEAD'], cases: progCases('/costs', 422, () => ({ form: {} })) },
  'GET /programmes/{id}/report': { access: ['R_STAFF'], cases: progCases('/report', 200) },
  'GET /programmes/{id}/report.pdf': { access: ['R_STAFF'], cases: progCases('/report.pdf', 200) },
  'GET /programmes/{id}/families.pdf': { access: ['R_STAFF'], cases: progCases('/families.pdf', 200) },
  'GET /stories': { access: ['R_PARENT'], cases: [{ path: '/stories', ok: 200 }] },
  'GET /stories/{id}/booklet.pdf': { access: ['R_PARENT'], cases: [
    ...(parentStoryChild ? [{ path: `/stories/${parentStoryChild}/booklet.pdf`, sees: ['parent'], ok: 200 }] : []),
    { path: `/stories/${P.O}/booklet.pdf`, sees: [] },
    { path: `/stories/${P.none}/booklet.pdf`, sees: [] },
    { path: '/stories/abc/booklet.pdf', sees: [] },
  ] },

  'GET /provision': { access: ['R_LEAD'], cases: [{ path: '/provision', ok: 200,
    check: r => { for (const k of ['T', 'P', 'O']) assert(r.text.includes(`fixture ${k} provision`), `the map shows fixture ${k}'s provision`);
      assert(!r.text.includes('fixture B provision'), "not another school's"); } },
    { path: '/provision?as_of=2025-09-30', ok: 200 }, { path: '/provision?as_of=30%2F09%2F2025', ok: 400 }] },
  'GET /provision/map.pdf': { access: ['R_LEAD'], cases: [{ path: '/provision/map.pdf', ok: 200, check: isPdf },
    { path: '/provision/map.pdf?as_of=soon', ok: 400 }] },
  'GET /provision/map.png': { access: ['R_LEAD'], cases: [{ path: '/provision/map.png', ok: 200, check: isPng }] },
  'GET /provision/reviews': { access: ['R_LEAD'], cases: [{ path: '/provision/reviews', ok: 200,
    check: r => assert(r.text.includes('fixture T provision') && !r.text.includes('fixture B provision'), "the school's own provisions") }] },
  'GET /provision/frameworks': { access: ['R_LEAD'], cases: [{ path: '/provision/frameworks', ok: 200 }] },
  'GET /evaluation': { access: ['R_LEAD'], cases: [{ path: '/evaluation', ok: 200,
    check: r => assert(r.text.includes('Implementation and outcomes') && r.text.includes('No model was fitted'), 'the analysis declines on thin data, and says so') },
    { path: '/evaluation?outcome=attendance&year=2025', ok: 200 }, { path: '/evaluation?year=soon', ok: 400 },
    { path: '/evaluation?outcome=nonsense', ok: 200 }] },
  'POST /provision/frameworks': { access: ['R_LEAD'], cases: [{ path: '/provision/frameworks', form: {}, ok: 422 }] },
  'GET /provisions': { access: ['R_LEAD'], cases: [{ path: '/provisions', ok: 200,
    check: r => assert(r.text.includes('fixture O provision') && !r.text.includes('fixture B provision'), "the school's own provisions") }] },
  'GET /provisions/new': { access: ['R_LEAD'], cases: [{ path: '/provisions/new', ok: 200 }] },
  'POST /provisions/new': { access: ['R_LEAD'], cases: [{ path: '/provisions/new', form: {}, ok: 422 }] },
  'GET /provisions/{id}': { access: ['R_STAFF'], cases: provCases('', 200, k => ({ check: r => assert(r.text.includes(`fixture ${k} provision`), 'the provision') })) },
  'GET /provisions/{id}/edit': { access: ['R_LEAD'], cases: provCases('/edit', 200) },
  'POST /provisions/{id}/edit': { access: ['R_LEAD'], cases: provCases('/edit', 422, () => ({ form: { name: '' } })) },
  'POST /provisions/{id}/components': { access: ['R_LEAD'], cases: provCases('/components', null, k => ({ form: {},
    ok: redirect(`/provisions/${PV[k]}?saved=1#frameworks`) })) },
  'GET /provisions/{id}/pupils/{eid}': { access: ['R_LEAD'], cases: pvEnrolCases(200) },
  'POST /provisions/{id}/pupils/{eid}': { access: ['R_LEAD'], cases: pvEnrolCases(422, () => ({ form: {} })) },
  'GET /provisions/{id}/enrol': { access: ['R_LEAD'], cases: provCases('/enrol?q=a', 200) },
  'POST /provisions/{id}/enrol': { access: ['R_LEAD'], cases: [
    ...provCases('/enrol', null, () => ({ form: { pupil_id: 'x' }, sees: [] })),
    // Enrolling the pupil already in it changes nothing.
    ...['T', 'O'].map(k => ({ path: `/provisions/${PV[k]}/enrol`, form: { pupil_id: String(P[k]), consent: 'given' }, sees: PVSEES[k],
      ok: redirect(`/provisions/${PV[k]}?saved=1`) })),
    { path: `/provisions/${PV.T}/enrol`, form: { pupil_id: String(P.B) }, sees: [] }, // another school's pupil
  ] },
  'GET /pupils/{id}/provision': { access: ['R_STAFF'], cases: pupilCases('/provision', 200, k => ({ check: showsOnly([k], 'review note') })) },
  'GET /pupils/{id}/provision.pdf': { access: ['R_STAFF'], cases: pupilCases('/provision.pdf', 200, () => ({ check: isPdf })) },
  'GET /pupils/{id}/provision/{pid}/review': { access: ['R_STAFF'], cases: ownCases(PV, 'provision', '/review', 200) },
  'POST /pupils/{id}/provision/{pid}/review': { access: ['R_STAFF'], cases: ownCases(PV, 'provision', '/review', 422, () => ({ form: {} })) },
  'GET /pupils/{id}/involvements/new': { access: ['R_STAFF'], cases: pupilCases('/involvements/new', 200) },
  'POST /pupils/{id}/involvements/new': { access: ['R_STAFF'], cases: pupilCases('/involvements/new', 422, () => ({ form: {} })) },
  'GET /pupils/{id}/involvements/{iid}': { access: ['R_STAFF'], cases: ownCases(IV, 'involvements', '', 200, k => ({
    check: r => assert(r.text.includes(`fixture ${k} asked`), 'what was asked') })) },
  'POST /pupils/{id}/involvements/{iid}': { access: ['R_STAFF'], cases: ownCases(IV, 'involvements', '', 422, () => ({ form: { status: 'lost' } })) },

  'GET /api/v1/pupils': { access: ['R_API_READ'], cases: [{ path: '/api/v1/pupils', ok: 200, check: r => assert(r.json().items.length > 0, 'items') }] },
  'POST /api/v1/pupils': { access: ['R_API_WRITE'], cases: [{ path: '/api/v1/pupils', json: {}, ok: 422 }] },
  'GET /api/v1/pupils/{id}': { access: ['R_API_READ'], cases: apiCases('/api/v1/pupils', P, PUPILS, 200, k => ({
    check: r => eq(r.json().upn, f.upns[k], 'the UPN') })) },
  'PATCH /api/v1/pupils/{id}': { access: ['R_API_WRITE'], cases: apiCases('/api/v1/pupils', P, PUPILS, 200, () => ({ json: {} })) },
  'GET /api/v1/carers': { access: ['R_API_READ'], cases: [{ path: '/api/v1/carers', ok: 200 }] },
  'POST /api/v1/carers': { access: ['R_API_WRITE'], cases: [{ path: '/api/v1/carers', json: {}, ok: 422 }] },
  'GET /api/v1/carers/{id}': { access: ['R_API_READ'], cases: apiCases('/api/v1/carers', C, CARERS, 200, k => ({
    check: r => eq(r.json().id, C[k], 'the id') })) },
  'PATCH /api/v1/carers/{id}': { access: ['R_API_WRITE'], cases: apiCases('/api/v1/carers', C, CARERS, 200, () => ({ json: {} })) },
  'GET /api/v1/pupils/{id}/assessments': { access: ['R_API_READ'], cases: apiCases('/api/v1/pupils', P, PUPILS, 200, k => ({
    path: `/api/v1/pupils/${pid(k)}/assessments`,
    check: r => { const j = r.json(); eq(j.pupil_id, P[k], 'the pupil'); assert(j.items.some(a => a.id === AS[k]), 'its assessment'); } })) },
  'GET /api/v1/pupils/{id}/assessments/change': { access: ['R_API_READ'], cases: [
    ...['T', 'P', 'O', 'B'].map(k => ({ path: `/api/v1/pupils/${P[k]}/assessments/change?from=${AS2[k]}&to=${AS[k]}`, sees: SEES[k], ok: 200 })),
    { path: `/api/v1/pupils/${P.T}/assessments/change?from=${AS2.T}&to=${AS.O}`, sees: SEES.T, ok: 422 },  // not this pupil's
    { path: `/api/v1/pupils/${P.none}/assessments/change?from=${AS2.T}&to=${AS.T}`, sees: [] }] },
  'GET /api/v1/pupils/{id}/outcomes': { access: ['R_API_READ'], cases: apiCases('/api/v1/pupils', P, PUPILS, 200, k => ({
    path: `/api/v1/pupils/${pid(k)}/outcomes` })) },
  'GET /api/v1/screening': { access: ['R_API_READ'], cases: [{ path: '/api/v1/screening?year_group=4', ok: 200 }, { path: '/api/v1/screening', ok: 422 }] },
  'GET /api/v1/conversations': { access: ['R_API_READ'], cases: [{ path: '/api/v1/conversations?per_page=100', ok: 200,
    check: (r, role) => {
      const ids = r.json().items.map(x => x.id), mine = role === 'apiWriteB' ? [CV.B] : [CV.T, CV.P, CV.O, CV.X];
      const theirs = role === 'apiWriteB' ? [CV.T, CV.P, CV.O, CV.X] : [CV.B];
      assert(mine.every(id => ids.includes(id)), "the school's records"); assert(!theirs.some(id => ids.includes(id)), "not another school's");
    } },
    ...PUPILS.map(k => ({ path: `/api/v1/conversations?pupil_id=${pid(k)}`, sees: k === 'bad' ? ALL : SEES[k], ok: k === 'bad' ? 422 : 200,
      check: r => { if (k !== 'bad') assert(r.json().items.some(x => x.id === CV[k]) && r.json().items.every(x => x.pupil_id === P[k]), 'that pupil\'s records'); } }))] },
  'GET /api/v1/conversations/{id}': { access: ['R_API_READ'], cases: apiCases('/api/v1/conversations', CV, RECS, 200, k => ({
    check: r => eq(r.json().explore.going_well, `fixture ${k} going well`, 'the record') })) },
  'GET /api/v1/contacts': { access: ['R_API_READ'], cases: [{ path: '/api/v1/contacts', ok: 200 },
    ...PUPILS.map(k => ({ path: `/api/v1/contacts?pupil_id=${pid(k)}`, sees: k === 'bad' ? ALL : SEES[k], ok: k === 'bad' ? 422 : 200,
      check: r => { if (k !== 'bad') assert(r.json().items.some(x => x.note === `fixture ${k} contact note`), 'its contact'); } }))] },
  // A pupil the token may not see is a field error, the same as one that does not exist.
  'POST /api/v1/contacts': { access: ['R_API_WRITE'], cases: [{ path: '/api/v1/contacts', json: {}, ok: 422 },
    ...['T', 'B', 'none'].map(k => ({ path: '/api/v1/contacts', json: { pupil_id: P[k], method: 'phone', purpose: 'celebration', note: 'matrix' },
      ok: role => (SEES[k].includes(role) ? 201 : 422) }))] },
  'GET /api/v1/reports/conversations': { access: ['R_API_READ'], cases: [{ path: '/api/v1/reports/conversations', ok: 200 },
    { path: '/api/v1/reports/conversations?year=soon', ok: 422 }] },
  'GET /api/v1/reports/provision': { access: ['R_API_READ'], cases: [{ path: '/api/v1/reports/provision', ok: 200,
    check: r => assert(Array.isArray(r.json().overload) && r.json().tiers.universal, 'the map') },
    { path: '/api/v1/reports/provision?as_of=soon', ok: 422 }] },
  // The LA view's figures: a local authority's token only.
  'GET /api/v1/la': { access: ['R_LA'], cases: [{ path: '/api/v1/la', ok: 200,
    check: r => assert(r.json().la === '999' && Array.isArray(r.json().schools), 'the LA view') },
    { path: '/api/v1/la?year=1990', ok: 422 }] },
  // The analysis across the LA's sharing schools: a local authority's token only.
  'GET /api/v1/la/evaluation': { access: ['R_LA'], cases: [{ path: '/api/v1/la/evaluation', ok: 200,
    check: r => assert(r.json().la_code === '999' && typeof r.json().declined === 'boolean', 'the LA analysis') },
    { path: '/api/v1/la/evaluation?outcome=height', ok: 422 },
    { path: '/api/v1/la/evaluation?year=1990', ok: 422 }] },
};

// The answer a role should get for one case of a route.
function expected(key, spec, kase, role) {
  const [method] = key.split(' ');
  const api = key.includes(' /api/');
  const path = kase.path.split('?')[0];
  // Pages know only sessions, the API only bearer tokens.
  const held = api ? (isToken(role) ? HELD[role] : []) : (isToken(role) ? [] : HELD[role]);
  const admits = expand(spec.access);
  const admitted = admits.has('R_PUBLIC') || held.some(b => admits.has(b));
  if (!admitted) {
    if (api) return { status: isToken(role) ? 403 : 401 };
    if (role === 'enrolling') return redirect('/account/two-factor');
    if (held.length === 0) return redirect(`/sign-in?next=${encodeURIComponent(path)}`);
    return { status: 403 };
  }
  if (kase.sees && !kase.sees.includes(role)) return { status: 404 };
  if (kase.ok === undefined || kase.ok === null) throw new Error(`${key} ${kase.path}: no expected success`);
  const ok = typeof kase.ok === 'function' ? kase.ok(role) : kase.ok;
  void method;
  return typeof ok === 'number' ? { status: ok } : ok;
}

// A form token for requesters without a session (the double-submit cookie).
const anonToken = new Map();
async function formToken(role) {
  const cl = c[role];
  if (cl.csrfToken) return cl.csrfToken;
  if (!anonToken.has(role)) anonToken.set(role, await cl.csrf('/sign-in'));
  return anonToken.get(role);
}

// Reference "not found" answers, per requester: an out-of-scope record must
// look exactly like one that does not exist.
const ref404 = {};
for (const role of ROLES) {
  ref404[role] = {
    page: (await c[role].get(`/pupils/${P.none}`)).text,
    api: (await c[role].get('/api/v1/no-such-endpoint')).text,
  };
}
// A parent's pages are their children's: their reference is a missing child.
ref404.parent.page = (await c.parent.get(`/my/children/${P.none}`)).text;
assert(ref404.parent.page.includes('Page not found'), 'parent reference 404');
// An admin sees no pupil (403 there): their reference is a missing account.
ref404.admin.page = (await c.admin.postForm('/accounts/99999/enable')).text;
assert(ref404.admin.page.includes('Page not found'), 'admin reference 404');
// Nor does a parent (403 on /pupils): theirs is a child who does not exist.
ref404.parent.page = (await c.parent.get(`/my/children/${P.none}`)).text;
assert(ref404.parent.page.includes('Page not found'), 'parent reference 404');

async function send(key, kase, role) {
  const [method] = key.split(' ');
  const cl = c[role];
  if (method === 'GET') return cl.get(kase.path);
  if (kase.json !== undefined) return cl.api(method, kase.path, kase.json);
  const form = typeof kase.form === 'function' ? kase.form() : (kase.form || {});
  return cl.post(kase.path, { csrf: await formToken(role), ...form });
}

function verify(key, kase, role, want, r) {
  const api = key.includes(' /api/');
  const where = `${role} ${key.split(' ')[0]} ${kase.path}`;
  if (r.status !== want.status)
    return `${where}: status ${r.status}, want ${want.status}${r.location ? ` (location ${r.location})` : ''}`;
  if (want.location !== undefined && r.location !== want.location)
    return `${where}: location ${r.location}, want ${want.location}`;
  // Every answer but the embedded assets may carry child data (pages, PDFs,
  // JSON): never stored by a browser or proxy, never framed.
  if (!/^\/(assets\/|favicon\.ico)/.test(kase.path)) {
    if (r.headers.get('cache-control') !== 'no-store') return `${where}: Cache-Control ${r.headers.get('cache-control')}`;
    if (r.headers.get('x-frame-options') !== 'DENY') return `${where}: X-Frame-Options ${r.headers.get('x-frame-options')}`;
    if (r.headers.get('x-content-type-options') !== 'nosniff') return `${where}: no nosniff`;
  }
  if (r.status === 401 || r.status === 403 || r.status === 404) {
    if (api) {
      let e;
      try { e = r.json().error; } catch { return `${where}: not a JSON error: ${r.text.slice(0, 100)}`; }
      if (!e || e.status !== r.status || typeof e.code !== 'string' || typeof e.message !== 'string')
        return `${where}: error object ${r.text.slice(0, 200)}`;
      if (r.status === 404 && r.text !== ref404[role].api) return `${where}: 404 differs from a missing endpoint's`;
    } else if (r.status === 404 && kase.ok !== 404) {
      if (r.text !== ref404[role].page) return `${where}: this 404 page differs from a missing record's`;
    } else if (r.status === 403 && !r.text.includes('You cannot do this')) {
      return `${where}: 403 page without its explanation`;
    }
  }
  return null;
}

test('every route in routes.c has an entry here, with the same access', () => {
  const table = parseRoutes();
  const keys = table.map(routeKey);
  const missing = keys.filter(k => !SPEC[k]), extra = Object.keys(SPEC).filter(k => !keys.includes(k));
  assert(!missing.length, `routes with no access test: ${missing.join(', ')}`);
  assert(!extra.length, `tests for routes that are gone: ${extra.join(', ')}`);
  for (const r of table) {
    const want = [...expand(SPEC[routeKey(r)].access)].sort().join('|');
    const got = [...expand(r.access)].sort().join('|');
    eq(got, want, `access of ${routeKey(r)}`);
    eq(r.flags.join('|'), (SPEC[routeKey(r)].flags || []).join('|'), `flags of ${routeKey(r)}`);
  }
});

// ---- record-level scope in lists, home pages and searches -------------------

const NAME_SQL = "coalesce(nullif(preferred_forename, ''), legal_forename) || ' ' || coalesce(nullif(preferred_surname, ''), legal_surname)";
const current = ids => sql(db, `SELECT id FROM pupil WHERE id IN (${ids.join(',') || 0}) AND leaving_date IS NULL ORDER BY id`).map(r => r.id);
const linked = html => [...mainOf(html).matchAll(/href="\/pupils\/(\d+)"/g)].map(m => Number(m[1]));
const sameSet = (got, want, msg) => eq([...new Set(got)].sort((a, b) => a - b).join(','), [...new Set(want)].sort((a, b) => a - b).join(','), msg);

// Every pupil id the list at /pupils shows this client, following its pages.
async function listed(cl, query = '') {
  const ids = [];
  let path = `/pupils?${query}`, total = null;
  for (let guard = 0; path && guard < 50; guard++) {
    const r = await cl.get(path);
    eq(r.status, 200, `${cl.label} ${path}`);
    const m = r.text.match(/of (\d+) pupils/);
    if (m) total = Number(m[1]);
    ids.push(...linked(r.text));
    const next = r.text.match(/href="(\/pupils\?[^"]*)" rel="next"/);
    path = next ? next[1].replace(/&amp;/g, '&') : null;
  }
  return { ids, total: total ?? 0 };
}

test('the pupil list shows each member of staff exactly the pupils in their scope', async () => {
  const lead = await listed(c.lead);
  const all = sql(db, `SELECT id FROM pupil WHERE school_id = ${f.ids.school.A} AND leaving_date IS NULL`).map(r => r.id);
  sameSet(lead.ids, all, 'lead: the whole school');
  eq(lead.total, all.length, 'lead total');
  for (const [role, want] of [['teacher', f.ids.teacherPupils], ['practitioner', f.ids.practitionerPupils]]) {
    const got = await listed(c[role]);
    sameSet(got.ids, current(want), `${role}: their pupils only`);
    eq(got.total, current(want).length, `${role} total`);
  }
});

test('searching finds nothing outside scope, even by UPN or name', async () => {
  const o = sql(db, `SELECT upn, legal_surname FROM pupil WHERE id = ${P.O}`)[0];
  for (const q of [o.upn, o.legal_surname]) {
    for (const role of ['teacher', 'practitioner']) {
      const got = await listed(c[role], `q=${encodeURIComponent(q)}`);
      assert(!got.ids.includes(P.O), `${role} found pupil O searching ${q}`);
    }
  }
  const lead = await listed(c.lead, `q=${o.upn}`);
  sameSet(lead.ids, [P.O], 'the lead finds it by UPN');
  const b = sql(db, `SELECT upn FROM pupil WHERE id = ${P.B}`)[0].upn;
  eq((await listed(c.lead, `q=${b}`)).ids.length, 0, "another school's pupil by UPN");
});

test('home pages list the children each person works with, and parents their own', async () => {
  for (const [role, want] of [['teacher', f.ids.teacherPupils], ['practitioner', f.ids.practitionerPupils]]) {
    const r = await c[role].get('/');
    eq(r.status, 200, role);
    sameSet(linked(r.text), current(want), `${role} home`);
  }
  const r = await c.parent.get('/');
  const main = mainOf(r.text);
  assert(!/href="\/pupils/.test(r.text), 'a parent gets no links into the pupil pages');
  // Each of their children by name, linking to that child's page in the
  // parent portal (/my/children/ID), and no one else.
  sameSet([...main.matchAll(/href="\/my\/children\/(\d+)"/g)].map(m => Number(m[1])), f.ids.parentChildren, 'parent home links');
  const names = sql(db, `SELECT id, ${NAME_SQL} AS name FROM pupil`);
  for (const p of names) {
    const shown = main.includes(`<li><a class="govuk-link" href="/my/children/${p.id}">${escapeHtml(p.name)}</a>,`);
    eq(shown, f.ids.parentChildren.includes(p.id), `parent home shows ${p.name}`);
    if (!f.ids.parentChildren.includes(p.id)) assert(!main.includes(escapeHtml(p.name)), `parent home names ${p.name}`);
  }
});

test('conversation lists, dashboards and screening show each person only the pupils they work with', async () => {
  const convLinks = html => [...mainOf(html).matchAll(/href="\/pupils\/(\d+)\/conversations"/g)].map(m => Number(m[1]));
  const lead = convLinks((await c.lead.get('/conversations')).text);
  assert(lead.length > 10, 'the lead sees the school');
  for (const [role, mine] of [['teacher', f.ids.teacherPupils], ['practitioner', f.ids.practitionerPupils]]) {
    const want = lead.filter(id => mine.includes(id));
    sameSet(convLinks((await c[role].get('/conversations')).text), want, `${role}: their pupils in scope`);
    // Asking for another teacher's list changes nothing for anyone but a lead.
    sameSet(convLinks((await c[role].get(`/conversations?teacher=${f.ids.staff.teacher2}`)).text), want, `${role} asking for another teacher's list`);
  }
  const tom = convLinks((await c.lead.get(`/conversations?teacher=${f.ids.staff.teacher2}`)).text);
  sameSet(tom, sql(db, `SELECT id FROM pupil WHERE key_teacher_id = ${f.ids.staff.teacher2}`).map(r => r.id).filter(id => lead.includes(id)), "the lead, one teacher's list");
  // The teacher's dashboard: conversations to arrange, records to finish and
  // families to contact are all the teacher's own pupils'.
  const home = mainOf((await c.teacher.get('/')).text);
  const pupilsLinked = [...home.matchAll(/href="\/pupils\/(\d+)(?:\/conversations|#contact)"/g)].map(m => Number(m[1]));
  const convsLinked = [...home.matchAll(/href="\/conversations\/(\d+)"/g)].map(m => Number(m[1]));
  assert(pupilsLinked.every(id => f.ids.teacherPupils.includes(id)), `teacher home links only their pupils: ${pupilsLinked}`);
  assert(convsLinked.length > 0, 'the teacher has records to finish or share (the fixture has one)');
  const convPupils = sql(db, `SELECT pupil_id FROM conversation WHERE id IN (${convsLinked.join(',') || 0})`).map(r => r.pupil_id);
  assert(convPupils.every(id => f.ids.teacherPupils.includes(id)), "teacher home links only their pupils' records");
  // Screening: the children for follow-up and without a questionnaire.
  for (const [role, mine] of [['teacher', f.ids.teacherPupils], ['practitioner', f.ids.practitionerPupils]]) {
    for (const year of ['1', '2', '3', '4', '5', '6']) {
      const html = mainOf((await c[role].get(`/screening?year=${year}`)).text);
      const ids = [...html.matchAll(/href="\/pupils\/(\d+)(?:#wellbeing)?"/g)].map(m => Number(m[1]));
      assert(ids.every(id => mine.includes(id)), `${role} screening year ${year} shows other pupils: ${ids.filter(id => !mine.includes(id))}`);
    }
  }
  const scr = (await c.apiWriteB.get('/api/v1/screening?year_group=2')).json();
  const bIds = sql(db, `SELECT id FROM pupil WHERE school_id = ${f.ids.school.B}`).map(r => r.id);
  assert(scr.follow_up.every(x => bIds.includes(x.pupil_id)), "school B's screening: its own pupils only");
  const convsB = (await c.apiWriteB.get('/api/v1/conversations?per_page=100')).json();
  sameSet(convsB.items.map(x => x.id), [CV.B], "school B's token lists its own conversation only");
  const contactsB = (await c.apiWriteB.get('/api/v1/contacts?per_page=100')).json();
  assert(contactsB.items.every(x => bIds.includes(x.pupil_id)) && contactsB.items.length >= 1, "school B's contacts only");
});

test("the parent portal shows a child's shared records only, and only to their own parent", async () => {
  const html = mainOf((await c.parent.get(`/my/children/${X}`)).text);
  const linked = [...html.matchAll(/href="\/my\/conversations\/(\d+)"/g)].map(m => Number(m[1]));
  const shared = sql(db, `SELECT id FROM conversation WHERE pupil_id = ${X} AND status = 'complete' AND shared_on IS NOT NULL`).map(r => r.id);
  assert(shared.includes(CV.X), 'the fixture shares one');
  sameSet(linked, shared, 'the records listed are those complete and shared');
  for (const t of ['Xdraft', 'Xunshared']) assert(!html.includes(`fixture ${t}`), `nothing of conv.${t}`);
  // Views: the parent sees their own, not another carer's (a second carer
  // of the child, linked for this test).
  assert(html.includes('fixture X views worries'), 'their own views');
  sqlExec(db, `INSERT INTO pupil_carer (pupil_id, carer_id, relationship) VALUES (${X}, ${C.T}, 'aunt')`);
  try {
    meso(db, ['views', 'add', sql(db, `SELECT upn FROM pupil WHERE id = ${X}`)[0].upn, '--school', SCHOOL_A,
      '--carer', String(C.T), '--worries', 'fixture other carer private worry']);
    const again = (await c.parent.get(`/my/children/${X}`)).text;
    assert(!again.includes('fixture other carer private worry'), "another carer's views");
    assert((await c.lead.get(`/pupils/${X}/conversations`)).text.includes('fixture other carer private worry'), 'staff see both');
  } finally {
    sqlExec(db, `DELETE FROM pupil_carer WHERE pupil_id = ${X} AND carer_id = ${C.T}`);
  }
});

test('an admin without the lead role sees no pupil data anywhere', async () => {
  const home = await c.admin.get('/');
  eq(home.status, 200, 'home');
  assert(!/href="\/pupils/.test(home.text), 'no link to pupils');
  assert(!home.text.includes('Your school') && !home.text.includes('Children you work with'), 'no pupil summary');
  const pupils = sql(db, `SELECT upn, ${NAME_SQL} AS name FROM pupil`);
  for (const p of pupils) assert(!home.text.includes(p.upn) && !home.text.includes(escapeHtml(p.name)), `admin home shows ${p.name}`);
  for (const path of ['/pupils', `/pupils/${P.T}`, `/pupils/${P.O}/edit`, `/carers/${C.O}`, '/audit', `/pupils?q=${f.upns.O}`]) {
    const r = await c.admin.get(path);
    eq(r.status, 403, `admin ${path}`);
    assert(!r.text.includes(f.upns.O), 'no UPN on the refusal');
  }
});

test('API tokens see their own school only, in lists and searches', async () => {
  const a = (await c.apiRead.get('/api/v1/pupils?per_page=500')).json();
  eq(a.total, sql(db, `SELECT count(*) AS n FROM pupil WHERE school_id = ${f.ids.school.A} AND leaving_date IS NULL`)[0].n, 'school A total');
  assert(a.items.every(p => !f.upns.schoolB.includes(p.upn)), "no pupil of school B in A's list");
  const b = (await c.apiWriteB.get('/api/v1/pupils')).json();
  eq(b.total, 3, 'school B has three pupils');
  sameSet(b.items.map(p => p.id), sql(db, `SELECT id FROM pupil WHERE school_id = ${f.ids.school.B}`).map(r => r.id), 'B ids');
  eq((await c.apiWriteB.get(`/api/v1/pupils?upn=${f.upns.T}`)).json().total, 0, "B searching A's UPN");
  const carersB = (await c.apiWriteB.get('/api/v1/carers')).json();
  sameSet(carersB.items.map(x => x.id), sql(db, `SELECT id FROM carer WHERE school_id = ${f.ids.school.B}`).map(r => r.id), "B's carers only");
});

test("a lead at another school, signed in on the web, sees only that school's records", async () => {
  const b = new Client(srv.url, { label: 'leadB' });
  const r = await signIn(b, EMAIL.leadB, NEW_LEAD_PASSWORD);
  eq(r.location, '/account/two-factor', 'a lead must enrol first');
  const page = await b.get('/account/two-factor');
  const secret = page.text.match(/<code class="meso-secret">([A-Z2-7]+)<\/code>/)[1];
  const done = await b.post('/account/two-factor', { ...formValues(page.text, '/account/two-factor'), code: totpAt(secret, totpStep()) });
  eq(done.status, 200, 'enrolled');
  b.csrfToken = (await b.get('/pupils')).text.match(/name="csrf" value="([^"]+)"/)[1];
  const mine = sql(db, `SELECT id FROM pupil WHERE school_id = ${f.ids.school.B}`).map(x => x.id);
  sameSet((await listed(b)).ids, mine, "school B's pupils only");
  const none = (await b.get(`/pupils/${P.none}`)).text;
  for (const [path, want] of [[`/pupils/${P.B}`, 200], [`/carers/${C.B}`, 200], [`/pupils/${P.B}/carers/${C.B}`, 200],
    [`/pupils/${P.T}`, 404], [`/pupils/${P.O}/edit`, 404], [`/carers/${C.T}`, 404], [`/carers/${C.self}/edit`, 404],
    [`/pupils/${P.T}/key-teacher`, 404], [`/pupils/${P.O}/invite`, 404], [`/pupils/${P.B}/carers/${C.T}`, 404],
    [`/conversations/${CV.B}`, 200], [`/pupils/${P.B}/conversations`, 200], [`/targets/${TG.B}/review`, 200],
    [`/pupils/${P.B}/assessments/${AS.B}`, 200], [`/pupils/${P.B}/contacts`, 200],
    [`/conversations/${CV.T}`, 404], [`/conversations/${CV.X}/pdf`, 404], [`/targets/${TG.T}/review`, 404],
    [`/pupils/${P.T}/conversations`, 404], [`/pupils/${P.O}/agreement`, 404], [`/pupils/${P.T}/contacts`, 404],
    [`/pupils/${P.T}/assessments/${AS.T}`, 404], [`/pupils/${P.B}/assessments/${AS.T}`, 404],
    [`/pupils/${P.T}/change?from=${AS2.T}&to=${AS.T}`, 404]]) {
    const g = await b.get(path);
    eq(g.status, want, `leadB ${path}`);
    if (want === 404) eq(g.text, none, `leadB ${path}: the same as a missing record`);
  }
  const before = sql(db, `SELECT * FROM pupil WHERE id = ${P.T}`)[0];
  eq((await b.postForm(`/pupils/${P.T}/edit`, { legal_forename: 'Cross', legal_surname: 'School' })).status, 404, 'edit across schools');
  eq((await b.postForm(`/pupils/${P.B}/invite`, { carer: String(C.T) })).status, 404, "invite another school's carer");
  eq((await b.postForm(`/pupils/${P.B}/key-teacher`, { key_teacher: String(f.ids.staff.teacher) })).status, 400, "another school's teacher as key teacher");
  const convBefore = JSON.stringify(sql(db, `SELECT * FROM conversation WHERE id = ${CV.T}`));
  for (const [path, form] of [[`/conversations/${CV.T}/explore`, { going_well: 'Cross school' }], [`/conversations/${CV.T}/share`, { how: 'email' }],
    [`/targets/${TG.T}/review`, { status: 'achieved', parent: 'yes', reviewed_on: '01/01/2020' }],
    [`/pupils/${P.T}/contacts/new`, { method: 'phone', purpose: 'concern' }], [`/pupils/${P.T}/agreement`, { purpose: 'x', outcomes: 'y' }]])
    eq((await b.postForm(path, form)).status, 404, `leadB POST ${path}`);
  eq(JSON.stringify(sql(db, `SELECT * FROM conversation WHERE id = ${CV.T}`)), convBefore, 'the conversation is unchanged');
  eq(JSON.stringify(sql(db, `SELECT * FROM pupil WHERE id = ${P.T}`)[0]), JSON.stringify(before), 'unchanged');
  eq(sql(db, `SELECT key_teacher_id FROM pupil WHERE id = ${P.B}`)[0].key_teacher_id, null, 'no key teacher from school A');
  const audit = await b.get('/audit');
  assert(!audit.text.includes(EMAIL.lead) && !audit.text.includes('meadowbank'), "school B's audit trail shows nothing of school A");
  const accountsA = await c.admin.get('/accounts');
  assert(!accountsA.text.includes(EMAIL.leadB), "school A's admin does not list school B's accounts");
});

test("adding a carer cannot attach, reveal or overwrite another family's carer", async () => {
  const other = sql(db, `SELECT * FROM carer WHERE id = ${C.O}`)[0];
  const otherLinks = sql(db, `SELECT * FROM pupil_carer WHERE carer_id = ${C.O} ORDER BY pupil_id`);
  const same = { relationship: 'aunt', forename: other.forename, surname: other.surname, phone_mobile: other.phone_mobile || '', email: other.email || '', town: 'Overwritten' };
  for (const [role, pupil] of [['teacher', P.T], ['practitioner', P.P]]) {
    const path = `/pupils/${pupil}/carers/new`;
    const r = await c[role].post(path, { ...formValues((await c[role].get(path)).text, path), ...same });
    eq(r.status, 422, `${role}: refused`);
    assert(r.text.includes('Ask your meso lead'), `${role}: says who can`);
    assert(!r.text.includes(escapeHtml(other.address_line1 || '\u0000')), `${role}: the address is not shown`);
    eq((await c[role].get(`/carers/${C.O}`)).status, 404, `${role}: still cannot see the carer`);
  }
  eq(JSON.stringify(sql(db, `SELECT * FROM carer WHERE id = ${C.O}`)[0]), JSON.stringify(other), 'the carer is unchanged');
  eq(JSON.stringify(sql(db, `SELECT * FROM pupil_carer WHERE carer_id = ${C.O} ORDER BY pupil_id`)), JSON.stringify(otherLinks), 'no new link');
  // A carer the teacher can already see may be linked to another of their pupils.
  const t = sql(db, `SELECT * FROM carer WHERE id = ${C.T}`)[0];
  const second = f.ids.teacherPupils.find(id => id !== P.T && !sql(db, `SELECT 1 FROM pupil_carer WHERE pupil_id = ${id} AND carer_id = ${C.T}`).length);
  const path = `/pupils/${second}/carers/new`;
  const r = await c.teacher.post(path, { ...formValues((await c.teacher.get(path)).text, path),
    relationship: 'aunt', title: t.title || '', forename: t.forename || '', surname: t.surname, phone_mobile: t.phone_mobile || '', email: t.email || '',
    address_line1: t.address_line1 || '', address_line2: t.address_line2 || '', town: t.town || '', postcode: t.postcode || '',
    preferred_language: t.preferred_language || '', preferred_contact: t.preferred_contact || '', access_needs: t.access_needs || '',
    interpreter_needed: t.interpreter_needed ? 'yes' : '' });
  eq(r.status, 303, 'a visible carer is linked');
  eq(sql(db, `SELECT count(*) AS n FROM pupil_carer WHERE pupil_id = ${second} AND carer_id = ${C.T}`)[0].n, 1, 'linked, not copied');
  sqlExec(db, `DELETE FROM pupil_carer WHERE pupil_id = ${second} AND carer_id = ${C.T}`);
});

test('HEAD is checked like GET, and odd spellings of an id reveal nothing', async () => {
  eq((await c.teacher.req('HEAD', `/pupils/${P.O}`)).status, 404, 'HEAD out of scope');
  eq((await c.teacher.req('HEAD', `/pupils/${P.T}`)).status, 200, 'HEAD in scope');
  eq((await c.anon.req('HEAD', `/pupils/${P.T}`)).status, 303, 'HEAD signed out');
  for (const path of [`/pupils/0${P.O}`, `/pupils/${P.O}.0`, `/pupils/+${P.O}`, `/pupils/${P.O}%00`,
    `/pupils/${P.O}/`, `/pupils//${P.O}`, `/PUPILS/${P.O}`, `/pupils/${P.O}?id=${P.T}`, `/pupils/${P.O}%2Fedit`,
    `/pupils/-${P.O}`, `/pupils/${P.O}%20`, `/carers/0${C.O}`]) {
    const r = await c.teacher.get(path);
    assert([404, 400].includes(r.status), `teacher ${path}: ${r.status}`);
  }
  eq((await c.teacher.req('DELETE', `/pupils/${P.T}`)).status, 405, 'DELETE');
});

test('the route × role matrix: every route, every role, every record', async () => {
  const problems = [];
  let n = 0;
  const keys = Object.keys(SPEC).filter(k => !SPEC[k].last).concat(Object.keys(SPEC).filter(k => SPEC[k].last));
  for (const key of keys) {
    const spec = SPEC[key];
    for (const kase of spec.cases) {
      const wants = ROLES.map(role => expected(key, spec, kase, role));
      const run1 = async (role, i) => {
        const allowed = ![401, 403, 404].includes(wants[i].status) && !(wants[i].status === 303 && /^\/(sign-in\?next|account\/two-factor)/.test(wants[i].location || ''));
        if (allowed && kase.before) kase.before();
        const r = await send(key, kase, role);
        n++;
        let p = verify(key, kase, role, wants[i], r);
        if (!p && allowed && kase.check) {
          try { await kase.check(r, role); } catch (e) { p = `${role} ${key} ${kase.path}: ${e.message}`; }
        }
        if (allowed && kase.after) kase.after();
        if (p) problems.push(p);
      };
      if (key.startsWith('GET ')) await Promise.all(ROLES.map(run1));
      else for (let i = 0; i < ROLES.length; i++) await run1(ROLES[i], i);
    }
  }
  assert(n > 3000, `only ${n} requests`);
  console.log(`# ${n} requests`);
  assert(!problems.length, `${problems.length} wrong answers:\n  ${problems.slice(0, 60).join('\n  ')}`);
});

await run();
await srv.stop();
