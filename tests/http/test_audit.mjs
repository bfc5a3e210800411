// The audit trail. Every view and every change of a child's or family's
// record, through the pages or the API, appends a row saying who, when,
// what, which record (and which child) and from which address; refusals
// append nothing about the record. No route changes or deletes a row, and
// the database itself refuses UPDATE and DELETE on the table.
import {
  test, run, assert, eq, startServer, fixture, Client, signIn, EMAIL, sql, sqlExec, sqlValue,
  formValues, upnMake, meso, parseRoutes, SCHOOL_A, isoDaysAgo,
} from './lib.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const db = srv.db;
const { pupil: P, carer: C, staff: S, school, conv: CV, target: TG, assessment: AS, assessment2: AS2 } = f.ids;
const X = f.ids.parentChildren[0];
const contactsOf = id => sqlValue(db, `SELECT count(*) FROM contact WHERE pupil_id = ${id}`);

const lead = new Client(srv.url, { label: 'lead' });
const teacher = new Client(srv.url, { label: 'teacher' });
const parent = new Client(srv.url, { label: 'parent' });
const admin = new Client(srv.url, { label: 'admin' });
for (const [c, e] of [[lead, EMAIL.lead], [teacher, EMAIL.teacher], [parent, EMAIL.parent], [admin, EMAIL.admin]]) await signIn(c, e);
const api = new Client(srv.url, { bearer: f.tokens.writeA });
const apiRead = new Client(srv.url, { bearer: f.tokens.readA });

const who = { lead: `user:${EMAIL.lead}`, teacher: `user:${EMAIL.teacher}`, parent: `user:${EMAIL.parent}`,
  api: 'token:http-write-a', apiRead: 'token:http-read-a' };
const ALL_AUDIT = 'SELECT id, at, actor, action, entity, entity_id, pupil_id, school_id, detail, address FROM audit';
const original = sql(db, `${ALL_AUDIT} ORDER BY id`);
const mark = () => sqlValue(db, 'SELECT coalesce(max(id), 0) FROM audit');
const childrenOf = carer => sql(db, `SELECT pupil_id FROM pupil_carer WHERE carer_id = ${carer} ORDER BY pupil_id`).map(r => r.pupil_id);

// Run fn; the rows it appended must be exactly `want` (in any order), each
// with the time (within a minute of now), the client address and the school.
async function audited(what, fn, want) {
  const m = mark();
  const t0 = Date.now();
  const r = await fn();
  const rows = sql(db, `${ALL_AUDIT} WHERE id > ${m} ORDER BY id`);
  const show = x => JSON.stringify(x);
  const left = [...rows];
  for (const w of want) {
    const i = left.findIndex(row => Object.entries(w).every(([k, v]) => (v instanceof RegExp ? v.test(row[k] ?? '') : row[k] === v)));
    assert(i >= 0, `${what}: no audit row like ${show(w)}; got ${show(rows)}`);
    left.splice(i, 1);
  }
  assert(!left.length, `${what}: unexpected audit rows ${show(left)}`);
  for (const row of rows) {
    eq(row.address, '127.0.0.1', `${what}: the client address`);
    eq(row.school_id, school.A, `${what}: the school`);
    const at = Date.parse(row.at);
    assert(Math.abs(at - t0) < 60000, `${what}: time ${row.at}`);
    assert(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(row.at), `${what}: time format ${row.at}`);
  }
  return r;
}
const ok = async (p, status = 200) => { const r = await p; eq(r.status, status, 'status'); return r; };
const row = (actor, action, entity, entityId, pupilId, detail) =>
  ({ actor, action, entity, entity_id: entityId, pupil_id: pupilId, ...(detail !== undefined ? { detail } : {}) });

test('pupil pages: every view and change is in the trail', async () => {
  // The pupil page: the record, and the contact log it shows (contacts.c).
  const contacts = `${contactsOf(P.T)} contacts listed`;
  await audited('pupil page', () => ok(lead.get(`/pupils/${P.T}`)),
    [row(who.lead, 'view', 'pupil', P.T, P.T, null), row(who.lead, 'list', 'contact', null, P.T, contacts)]);
  await audited('pupil page, by the teacher', () => ok(teacher.get(`/pupils/${P.T}`)),
    [row(who.teacher, 'view', 'pupil', P.T, P.T), row(who.teacher, 'list', 'contact', null, P.T, contacts)]);
  await audited('edit form', () => ok(lead.get(`/pupils/${P.T}/edit`)), [row(who.lead, 'view', 'pupil', P.T, P.T, 'edit form')]);
  const form = formValues((await lead.get(`/pupils/${P.T}/edit`)).text, `/pupils/${P.T}/edit`);
  await audited('pupil changed', () => ok(lead.post(`/pupils/${P.T}/edit`, { ...form, preferred_forename: 'Audited' }), 303),
    [row(who.lead, 'update', 'pupil', P.T, P.T)]);
  await audited('saving with no change', () => ok(lead.post(`/pupils/${P.T}/edit`, { ...form, preferred_forename: 'Audited' }), 303), []);
  const upn = upnMake(805, 6006, 4, 1);
  const nf = formValues((await lead.get('/pupils/new')).text, '/pupils/new');
  const r = await audited('pupil added', () => ok(lead.post('/pupils/new', { ...nf, upn, legal_forename: 'New', legal_surname: 'Pupil', dob: '02/02/2018', sex: 'F' }), 303),
    [row(who.lead, 'create', 'pupil', /./, /./)]);
  const id = sqlValue(db, `SELECT id FROM pupil WHERE upn = '${upn}'`);
  eq(r.location, `/pupils/${id}?saved=1`, 'to the new record');
  eq(sqlValue(db, `SELECT entity_id = ${id} AND pupil_id = ${id} FROM audit ORDER BY id DESC LIMIT 1`), 1, 'the new pupil named');
  for (const path of [`/pupils/${P.T}/carers/new`, `/pupils/${P.T}/key-teacher`, `/pupils/${P.T}/invite`])
    await audited(path, () => ok(lead.get(path)), [row(who.lead, 'view', 'pupil', P.T, P.T, /form/)]);
});

test('lists and home pages are in the trail', async () => {
  await audited('pupil list', () => ok(lead.get('/pupils')), [row(who.lead, 'list', 'pupil', null, null, /^50 pupils listed$/)]);
  await audited('search', () => ok(teacher.get(`/pupils?q=${f.upns.T}`)), [row(who.teacher, 'list', 'pupil', null, null, /^1 pupils listed$/)]);
  // A key teacher's home: the children they work with, and the conversations
  // dashboard (convreport_teacher), which reads the school's pupils in scope,
  // its conversations and the families to contact to work out the figures.
  const dashboard = (actor, what) => [row(actor, 'list', 'conversation_scope', null, null, /^\d+ pupils listed$/),
    row(actor, 'list', 'conversation', null, null, /^\d+ conversations listed$/),
    row(actor, 'list', 'contact_prompt', null, null, /^\d+ families listed$/),
    row(actor, 'report', 'conversation', null, null, what)];
  await audited('teacher home', () => ok(teacher.get('/')), [row(who.teacher, 'list', 'pupil', null, null, /^\d+ pupils on the home page$/),
    ...dashboard(who.teacher, 'teacher dashboard')]);
  await audited('lead home', () => ok(lead.get('/')), [...dashboard(who.lead, 'lead dashboard'),
    row(who.lead, 'list', 'review', null, null, 'reviews due')]);
  await audited('parent home', () => ok(parent.get('/')), [row(who.parent, 'list', 'pupil', null, null, `${f.ids.parentChildren.length} pupils on the home page`)]);
  await audited('admin home shows no child, so no row', () => ok(admin.get('/')), []);
});

test('carer pages and links: every view and change is in the trail, against each child', async () => {
  const kids = childrenOf(C.T);
  await audited('carer page', () => ok(lead.get(`/carers/${C.T}`)), kids.map(k => row(who.lead, 'view', 'carer', C.T, k, null)));
  const seen = kids.filter(k => f.ids.teacherPupils.includes(k));
  await audited('carer page, by the teacher', () => ok(teacher.get(`/carers/${C.T}`)), seen.map(k => row(who.teacher, 'view', 'carer', C.T, k)));
  await audited('carer edit form', () => ok(lead.get(`/carers/${C.T}/edit`)), kids.map(k => row(who.lead, 'view', 'carer', C.T, k, 'edit form')));
  const form = formValues((await lead.get(`/carers/${C.T}/edit`)).text, `/carers/${C.T}/edit`);
  await audited('carer changed', () => ok(lead.post(`/carers/${C.T}/edit`, { ...form, town: 'Auditville' }), 303),
    kids.map(k => row(who.lead, 'update', 'carer', C.T, k)));
  const link = `/pupils/${P.T}/carers/${C.T}`;
  await audited('link form', () => ok(lead.get(link)), [row(who.lead, 'view', 'link', C.T, P.T, 'link form')]);
  const lf = formValues((await lead.get(link)).text, link);
  await audited('link changed', () => ok(lead.post(link, { ...lf, relationship: 'aunt' }), 303), [row(who.lead, 'update', 'link', C.T, P.T, 'aunt')]);
  const cf = formValues((await lead.get(`/pupils/${P.T}/carers/new`)).text, `/pupils/${P.T}/carers/new`);
  await audited('carer added', () => ok(lead.post(`/pupils/${P.T}/carers/new`, { ...cf, relationship: 'uncle', forename: 'Audit', surname: 'Uncle', phone_mobile: '07700 900777' }), 303),
    [row(who.lead, 'create', 'carer', /./, P.T)]);
  const nc = sqlValue(db, `SELECT max(carer_id) FROM pupil_carer WHERE pupil_id = ${P.T}`);
  await audited('link removed', () => ok(lead.postForm(`/pupils/${P.T}/carers/${nc}/remove`), 303), [row(who.lead, 'unlink', 'carer', nc, P.T)]);
});

test('key teachers, family workers and invitations are changes of the record', async () => {
  const path = `/pupils/${P.O}/key-teacher`;
  const form = formValues((await lead.get(path)).text, path);
  await audited('key teacher and family worker', () => ok(lead.post(path, { ...form, key_teacher: String(S.teacher2), [`fw-${S.practitioner2}`]: 'yes' }), 303),
    [row(who.lead, 'assign', 'pupil', P.O, P.O, /key teacher set to Tom Gallagher/), row(who.lead, 'assign', 'pupil', P.O, P.O, /Lee Harding/)]);
  await audited('invitation', () => ok(lead.postForm(`/pupils/${P.O}/invite`, { carer: String(C.O) })), [row(who.lead, 'invite', 'carer', C.O, P.O)]);
});

test('the API: gets, lists, creates and patches are in the trail under the token', async () => {
  await audited('API get', () => ok(apiRead.get(`/api/v1/pupils/${P.P}`)), [row(who.apiRead, 'view', 'pupil', P.P, P.P)]);
  await audited('API list', () => ok(apiRead.get('/api/v1/pupils?per_page=7')), [row(who.apiRead, 'list', 'pupil', null, null, '7 pupils listed')]);
  await audited('API patch', () => ok(api.api('PATCH', `/api/v1/pupils/${P.P}`, { preferred_forename: 'Apified' })),
    [row(who.api, 'update', 'pupil', P.P, P.P, 'by the API')]);
  const upn = upnMake(805, 6006, 4, 2);
  const r = await audited('API create', () => ok(api.api('POST', '/api/v1/pupils', { upn, legal_forename: 'Api', legal_surname: 'Made', dob: '2018-02-02', sex: 'M' }), 201),
    [row(who.api, 'create', 'pupil', /./, /./, 'by the API')]);
  const id = r.json().id;
  const kids = childrenOf(C.P);
  await audited('API carer get', () => ok(apiRead.get(`/api/v1/carers/${C.P}`)), kids.map(k => row(who.apiRead, 'view', 'carer', C.P, k)));
  await audited('API carer list', () => ok(apiRead.get('/api/v1/carers?per_page=3')), [row(who.apiRead, 'list', 'carer', null, null, '3 carers listed')]);
  await audited('API carer patch', () => ok(api.api('PATCH', `/api/v1/carers/${C.P}`, { town: 'Apiton' })),
    kids.map(k => row(who.api, 'update', 'carer', C.P, k, 'by the API')));
  const c = await audited('API carer create', () => ok(api.api('POST', '/api/v1/carers', { surname: 'Apicarer', pupils: [{ pupil_id: id, relationship: 'mother' }] }), 201),
    [row(who.api, 'link', 'carer', /./, id), row(who.api, 'create', 'carer', /./, id)]);
  eq(sqlValue(db, `SELECT count(*) FROM audit WHERE entity = 'carer' AND entity_id = ${c.json().id} AND action IN ('link', 'create')`), 2, 'named by id');
});

// ---- structured conversations, contacts and the parent portal ---------------

const convCount = id => sqlValue(db, `SELECT count(*) FROM conversation WHERE pupil_id = ${id}`);
const today = () => new Date().toISOString().slice(0, 10); // (UTC, as meso's date_today)

test("conversation pages: every view of a child's records is in the trail", async () => {
  const t = who.teacher;
  const inScope = Number(sqlValue(db, `SELECT count(*) FROM pupil p LEFT JOIN conversation_scope s ON s.pupil_id = p.id
    WHERE p.id = ${P.T} AND (s.included = 1 OR (s.included IS NULL AND p.sen_provision IN ('K', 'E')))`));
  await audited("a pupil's conversations", () => ok(teacher.get(`/pupils/${P.T}/conversations`)), [
    row(t, 'list', 'conversation_scope', null, P.T, `${inScope} pupils listed`),
    row(t, 'view', 'parent_agreement', null, P.T, null),
    row(t, 'list', 'conversation', null, P.T, `${convCount(P.T)} conversations listed`),
    row(t, 'list', 'target', null, P.T, null),
    row(t, 'list', 'parent_view', null, P.T, 'pending')]);
  await audited('the conversations area', () => ok(teacher.get('/conversations')),
    [row(t, 'list', 'conversation_scope', null, null, /^\d+ pupils listed$/)]);
  await audited('a new record: the form', () => ok(teacher.get(`/pupils/${P.T}/conversations/new`)),
    [row(t, 'list', 'parent_view', null, P.T, 'pending')]);
  await audited('a record', () => ok(teacher.get(`/conversations/${CV.T}`)), [row(t, 'view', 'conversation', CV.T, P.T, null)]);
  for (const stage of ['meeting', 'focus', 'plan', 'review'])
    await audited(`the ${stage} page`, () => ok(teacher.get(`/conversations/${CV.T}/${stage}`)), [row(t, 'view', 'conversation', CV.T, P.T)]);
  // Explore opens with the parents' views given since the last meeting.
  await audited('the explore page', () => ok(teacher.get(`/conversations/${CV.T}/explore`)),
    [row(t, 'view', 'conversation', CV.T, P.T), row(t, 'list', 'parent_view', null, P.T, 'pending')]);
  await audited('the PDF', () => ok(teacher.get(`/conversations/${CV.T}/pdf`)),
    [row(t, 'view', 'conversation', CV.T, P.T), row(t, 'download', 'conversation', CV.T, P.T, 'PDF')]);
  await audited('the agreement', () => ok(teacher.get(`/pupils/${P.T}/agreement`)), [row(t, 'view', 'parent_agreement', null, P.T, null)]);
  await audited('a target', () => ok(teacher.get(`/targets/${TG.T}/review`)), [row(t, 'view', 'target', TG.T, P.T, null)]);
  await audited('the contact log', () => ok(teacher.get(`/pupils/${P.T}/contacts`)),
    [row(t, 'list', 'contact', null, P.T, `${contactsOf(P.T)} contacts listed`)]);
  // The contact form names the child and their carers (it was not audited).
  await audited('the contact form', () => ok(teacher.get(`/pupils/${P.T}/contacts/new`)), [row(t, 'view', 'pupil', P.T, P.T, 'contact form')]);
  // The school's trail shows them all: rows about a child carry its school
  // (the agreement, target and parents' views rows had none, so the lead's
  // audit page and `meso audit --school` left them out).
  const trail = JSON.parse(meso(db, ['audit', '--json', '--pupil', f.upns.T, '--actor', t, '--school', SCHOOL_A, '--limit', '200'])).audit;
  for (const e of ['parent_agreement', 'target', 'parent_view', 'conversation_scope', 'conversation', 'contact'])
    assert(trail.some(x => x.entity === e), `meso audit --school shows the teacher's ${e} rows`);
  const page = (await ok(lead.get(`/audit?pupil=${P.T}&user=${encodeURIComponent(EMAIL.teacher)}`))).text;
  for (const e of ['parent_agreement', 'target', 'parent_view']) assert(new RegExp(`govuk-table__cell">${e}[ <]`).test(page), `the audit page shows ${e}`);
});

test('conversation changes are in the trail, each with the view that led to it', async () => {
  const t = who.teacher;
  const nf = formValues((await teacher.get(`/pupils/${P.T}/conversations/new`)).text, `/pupils/${P.T}/conversations/new`);
  const r = await audited('a new record', () => ok(teacher.post(`/pupils/${P.T}/conversations/new`, { ...nf, event_date: today() }), 303),
    [row(t, 'create', 'conversation', /./, P.T, 'draft')]);
  const id = Number(r.location.match(/\/conversations\/(\d+)\/explore/)[1]);
  const viewed = row(t, 'view', 'conversation', id, P.T);
  await audited('explore saved', () => ok(teacher.postForm(`/conversations/${id}/explore`, { going_well: 'Audited going well' }), 303),
    [viewed, row(t, 'update', 'conversation', id, P.T, 'draft')]);
  // A target longer than the schema holds is a message beside the field (it
  // was a 500: the check allowed 4000 bytes, the table 2000 characters).
  const tooLong = await audited('a target too long', () => ok(teacher.postForm(`/conversations/${id}/plan`, { what: 'x'.repeat(2001), owner: 'school', then: 'review' }), 422),
    [viewed]);
  assert(tooLong.text.includes('id="what-error"') && tooLong.text.includes('Keep the target under 2000 characters'), 'the message is beside the field');
  await audited('a target added', () => ok(teacher.postForm(`/conversations/${id}/plan`, { what: 'y'.repeat(2000), owner: 'school', then: 'review' }), 303),
    [viewed, row(t, 'create', 'target', /./, P.T, null)]);
  await audited('completed', () => ok(teacher.postForm(`/conversations/${id}/complete`), 303), [viewed, row(t, 'update', 'conversation', id, P.T, 'complete')]);
  await audited('shared', () => ok(teacher.postForm(`/conversations/${id}/share`, { how: 'email' }), 303), [viewed, row(t, 'share', 'conversation', id, P.T, today())]);
  const target = sqlValue(db, `SELECT id FROM target WHERE conversation_id = ${id}`);
  await audited('a target reviewed', () => ok(teacher.postForm(`/targets/${target}/review`, { status: 'achieved', parent: 'yes', reviewed_on: today() }), 303),
    [row(t, 'review', 'target', target, P.T, 'achieved')]);
  const af = formValues((await teacher.get(`/pupils/${P.T}/agreement`)).text, `/pupils/${P.T}/agreement`);
  await audited('the agreement reviewed', () => ok(teacher.post(`/pupils/${P.T}/agreement`, { ...af, review_note: 'Audited review' }), 303),
    [row(t, 'review', 'parent_agreement', /./, P.T, null)]);
  await audited('a contact', () => ok(teacher.postForm(`/pupils/${P.T}/contacts/new`, { method: 'phone', purpose: 'progress', date: today() }), 303),
    [row(t, 'create', 'contact', /./, P.T, 'progress')]);
});

test('the parent portal: every view, download and message is in the trail', async () => {
  const pa = who.parent;
  const complete = sqlValue(db, `SELECT count(*) FROM conversation WHERE pupil_id = ${X} AND status = 'complete'`);
  await audited("the parent's page for their child", () => ok(parent.get(`/my/children/${X}`)),
    [row(pa, 'list', 'conversation', null, X, `${complete} conversations listed`), row(pa, 'list', 'parent_view', null, X, null)]);
  await audited('a shared record', () => ok(parent.get(`/my/conversations/${CV.X}`)), [row(pa, 'view', 'conversation', CV.X, X, null)]);
  await audited('its PDF', () => ok(parent.get(`/my/conversations/${CV.X}/pdf`)),
    [row(pa, 'view', 'conversation', CV.X, X), row(pa, 'download', 'conversation', CV.X, X, 'PDF')]);
  await audited('the views form', () => ok(parent.get(`/my/children/${X}/views`)), [row(pa, 'view', 'pupil', X, X, 'views form')]);
  await audited('views sent', () => ok(parent.postForm(`/my/children/${X}/views`, { worries: 'Audited worry' }), 303),
    [row(pa, 'create', 'parent_view', /./, X, null)]);
  // A reply to the shared record: the form is a view of the record; sending
  // it is a contact the family started and the reply; marking it read is a
  // change by the member of staff.
  await audited('the reply form', () => ok(parent.get(`/my/conversations/${CV.X}/reply`)), [row(pa, 'view', 'conversation', CV.X, X, null)]);
  await audited('a reply sent', () => ok(parent.postForm(`/my/conversations/${CV.X}/reply`, { kind: 'not_right', body: 'Audited reply' }), 303),
    [row(pa, 'create', 'contact', /./, X, 'concern'), row(pa, 'create', 'parent_reply', /./, X, 'something is not right')]);
  const rid = sqlValue(db, `SELECT max(id) FROM parent_reply WHERE conversation_id = ${CV.X}`);
  await audited('a reply read', () => ok(lead.postForm(`/conversations/${CV.X}/replies/${rid}/read`), 303),
    [row(who.lead, 'update', 'parent_reply', rid, X, 'read')]);
  await audited("another family's record: no reply", () => ok(parent.postForm(`/my/conversations/${CV.B}/reply`, { kind: 'reply', body: 'x' }), 404), []);
  // Records not shared, and other families', leave nothing.
  for (const id of [CV.Xdraft, CV.Xunshared, CV.T, CV.B])
    await audited(`record ${id}, not for this parent`, () => ok(parent.get(`/my/conversations/${id}`), 404), []);
  await audited("another family's child", () => ok(parent.get(`/my/children/${P.O}`), 404), []);
  await audited("another family's child: sending views", () => ok(parent.postForm(`/my/children/${P.O}/views`, { worries: 'x' }), 404), []);
});

test('wellbeing measures: forms, questionnaires, reliable change and screening are in the trail', async () => {
  const l = who.lead;
  // The questionnaire form names the child (it was not audited).
  await audited('choosing a questionnaire', () => ok(lead.get(`/pupils/${P.T}/assessments/new`)), [row(l, 'view', 'pupil', P.T, P.T, 'questionnaire form')]);
  await audited('the questionnaire form', () => ok(lead.get(`/pupils/${P.T}/assessments/new?form=sdq-teacher`)), [row(l, 'view', 'pupil', P.T, P.T, 'questionnaire form')]);
  await audited('a questionnaire', () => ok(lead.get(`/pupils/${P.T}/assessments/${AS.T}`)), [row(l, 'view', 'assessment', AS.T, P.T, null)]);
  await audited('reliable change', () => ok(lead.get(`/pupils/${P.T}/change?from=${AS2.T}&to=${AS.T}`)),
    [row(l, 'view', 'assessment', null, P.T, `reliable change ${AS2.T} to ${AS.T}`)]);
  // With no year group chosen it opens on the school's first year group.
  await audited('the screening page, no year chosen: the first year group', () => ok(lead.get('/screening')),
    [row(l, 'view', 'screening', null, null, /^sdq-teacher-4-17, (Nursery \d|Reception|Year \d+), /)]);
  await audited('the screening summary', () => ok(lead.get('/screening?year=4')), [row(l, 'view', 'screening', null, null, /^sdq-teacher-4-17, Year 4, /)]);
  const form = `/pupils/${P.T}/assessments/new?form=sdq-teacher`;
  const fields = { ...formValues((await lead.get(form)).text, form), assessed_on: today().split('-').reverse().join('/'), completed_by: 'Audited' };
  for (let i = 1; i <= 25; i++) fields[`item${i}`] = '1';
  await audited('a questionnaire recorded', () => ok(lead.post(form, fields), 303), [row(l, 'create', 'assessment', /./, P.T)]);
  await audited('out of scope', () => ok(teacher.get(`/pupils/${P.O}/assessments/${AS.O}`), 404), []);
  await audited('out of scope: the form', () => ok(teacher.get(`/pupils/${P.O}/assessments/new`), 404), []);
});

test('the API: measures, conversations, contacts and the report are in the trail under the token', async () => {
  const a = who.apiRead;
  const n = sqlValue(db, `SELECT count(*) FROM assessment WHERE pupil_id = ${P.T}`);
  await audited('API assessments', () => ok(apiRead.get(`/api/v1/pupils/${P.T}/assessments`)), [row(a, 'view', 'assessment', null, P.T, `${n} assessments listed`)]);
  await audited('API reliable change', () => ok(apiRead.get(`/api/v1/pupils/${P.T}/assessments/change?from=${AS2.T}&to=${AS.T}`)),
    [row(a, 'view', 'assessment', null, P.T, `reliable change ${AS2.T} to ${AS.T}`)]);
  await audited('API outcomes', () => ok(apiRead.get(`/api/v1/pupils/${P.T}/outcomes`)), [row(a, 'view', 'outcomes', null, P.T, null)]);
  await audited('API screening', () => ok(apiRead.get('/api/v1/screening?year_group=4')), [row(a, 'view', 'screening', null, null, /^sdq-teacher-4-17, year 4: /)]);
  await audited('API conversations of a pupil', () => ok(apiRead.get(`/api/v1/conversations?pupil_id=${P.T}`)),
    [row(a, 'list', 'conversation', null, P.T, `${convCount(P.T)} conversations listed`)]);
  await audited('API conversation', () => ok(apiRead.get(`/api/v1/conversations/${CV.T}`)), [row(a, 'view', 'conversation', CV.T, P.T, null)]);
  await audited('API contacts of a pupil', () => ok(apiRead.get(`/api/v1/contacts?pupil_id=${P.T}`)),
    [row(a, 'list', 'contact', null, P.T, `${contactsOf(P.T)} contacts listed`)]);
  // The new contact comes back by the id its INSERT returned: one row, its creation (not a
  // second "list" of the child's contacts).
  await audited('API contact recorded (and read back)', () => ok(api.api('POST', '/api/v1/contacts', { pupil_id: P.T, method: 'email', purpose: 'information' }), 201),
    [row(who.api, 'create', 'contact', /./, P.T, 'information')]);
  await audited('API report', () => ok(apiRead.get('/api/v1/reports/conversations')), [
    row(a, 'list', 'conversation_scope', null, null, /^\d+ pupils listed$/), row(a, 'list', 'conversation', null, null, /^\d+ conversations listed$/),
    row(a, 'report', 'conversation', null, null, /./)]);
  for (const path of [`/api/v1/conversations/${CV.B}`, `/api/v1/conversations?pupil_id=${P.B}`, `/api/v1/pupils/${P.B}/assessments`, `/api/v1/contacts?pupil_id=${P.B}`])
    await audited(`API ${path}, another school's`, () => ok(apiRead.get(path), 404), []);
});

test('the provision map, provisions, reviews and outside services are in the trail', async () => {
  const l = who.lead, t = who.teacher;
  const PV = f.ids.provision, IV = f.ids.involvement;
  const map = row(l, 'list', 'provision', null, null, /^provision map on \d{4}-\d\d-\d\d$/);
  await audited('the map', () => ok(lead.get('/provision')), [map]);
  await audited('the map PDF', () => ok(lead.get('/provision/map.pdf')), [map, row(l, 'list', 'review', null, null, 'review outcomes')]);
  await audited('the map PNG', () => ok(lead.get('/provision/map.png')), [map]);
  await audited('review outcomes', () => ok(lead.get('/provision/reviews')),
    [row(l, 'list', 'review', null, null, 'review outcomes'), row(l, 'list', 'review', null, null, 'reviews due')]);
  await audited('frameworks chosen', () => ok(lead.postForm('/provision/frameworks', { framework: 'kidsmatter' }), 303),
    [row(l, 'update', 'school', school.A, null, '1 frameworks chosen')]);
  // A provision's page shows each pupil enrolled: a row for each child.
  const viewProv = row(l, 'view', 'provision', PV.T, P.T, null);
  await audited('a provision', () => ok(lead.get(`/provisions/${PV.T}`)), [viewProv]);
  await audited('components mapped', () => ok(lead.postForm(`/provisions/${PV.T}/components`, { component: 'kidsmatter/sel' }), 303),
    [viewProv, row(l, 'update', 'provision', PV.T, null, 'mapped to kidsmatter/sel')]);
  await audited('enrolled', () => ok(lead.postForm(`/provisions/${PV.T}/enrol`, { pupil_id: String(P.T), consent: 'given' }), 303),
    [viewProv, row(l, 'enrol', 'provision', PV.T, P.T)]);
  // A pupil's consent and leaving, on a plain provision.
  const pen = sqlValue(db, `SELECT id FROM enrolment WHERE provision_id = ${PV.T} AND pupil_id = ${P.T}`);
  await audited("a pupil's enrolment form", () => ok(lead.get(`/provisions/${PV.T}/pupils/${pen}`)),
    [viewProv, row(l, 'view', 'pupil', P.T, P.T, 'enrolment form')]);
  await audited('consent recorded', () => ok(lead.postForm(`/provisions/${PV.T}/pupils/${pen}`,
    { consent: 'given', consent_on: '', left_on: '', left_reason: '' }), 303),
    [viewProv, row(l, 'enrol', 'provision', PV.T, P.T, 'consent given')]);
  // A pupil's provision: one row for the page, and a download row for the PDF.
  const list = row(t, 'list', 'provision', null, P.T, null);
  await audited("a pupil's provision", () => ok(teacher.get(`/pupils/${P.T}/provision`)), [list]);
  await audited("a pupil's provision PDF", () => ok(teacher.get(`/pupils/${P.T}/provision.pdf`)),
    [list, row(t, 'download', 'provision', null, P.T, 'provision record PDF')]);
  const rv = `/pupils/${P.T}/provision/${PV.T}/review`;
  await audited('the review form', () => ok(teacher.get(rv)), [list]);
  await audited('a review', () => ok(teacher.postForm(rv, { score: '1', note: 'Audited review', reviewed_on: today() }), 303),
    [list, row(t, 'create', 'review', /./, P.T, /^provision \d+: \+1 on /)]);
  await audited('the referral form', () => ok(teacher.get(`/pupils/${P.T}/involvements/new`)), [row(t, 'view', 'pupil', P.T, P.T, 'involvement form')]);
  await audited('a referral', () => ok(teacher.postForm(`/pupils/${P.T}/involvements/new`,
    { service: 'early_help', referred_on: today(), asked: 'Audited question' }), 303), [row(t, 'create', 'involvement', /./, P.T)]);
  const inv = `/pupils/${P.T}/involvements/${IV.T}`;
  const viewInv = row(t, 'view', 'involvement', IV.T, P.T, null);
  await audited('an involvement', () => ok(teacher.get(inv)), [viewInv]);
  await audited('advice recorded', () => ok(teacher.postForm(inv, { advice: 'Audited advice' }), 303),
    [viewInv, row(t, 'update', 'involvement', IV.T, P.T)]);
  // Out of scope: nothing.
  for (const path of [`/pupils/${P.O}/provision`, `/pupils/${P.O}/provision.pdf`, `/pupils/${P.O}/involvements/new`,
    `/pupils/${P.O}/involvements/${IV.O}`, `/pupils/${P.O}/provision/${PV.O}/review`, `/provisions/${PV.O}`])
    await audited(`out of scope: ${path}`, () => ok(teacher.get(path), 404), []);
  await audited('out of scope: a review', () => ok(teacher.postForm(`/pupils/${P.O}/provision/${PV.O}/review`, { score: '1' }), 404), []);
});

// Family programmes: a cohort's pages show each family enrolled, so every
// view names each child (one row a child); each change names the child it
// is about; the team, costs, quotes and sessions are the cohort's.
test('family programmes: every view of a cohort, a family and a story, and every change, is in the trail', async () => {
  const l = who.lead, t = who.teacher, pa = who.parent;
  // A time, a venue and sessions still to come, so its invitation letter can be printed.
  const out = meso(db, ['programme', 'start', 'story-links', '--start', isoDaysAgo(30), '--name', 'Audit links',
    '--time', '15:15', '--venue', 'the school hall', '--school', SCHOOL_A]);
  const id = Number(out.match(/Started programme (\d+)/)[1]);
  const base = `/programmes/${id}`;
  const uk = iso => iso.split('-').reverse().join('/');
  await audited('the team: a teacher', () => ok(lead.postForm(`${base}/team`, { role: 'teacher', staff_id: String(S.teacher) }), 303),
    [row(l, 'add to team', 'provision', id, null, 'Priya Nair as teacher')]);
  await audited('the team: someone not on the staff', () => ok(lead.postForm(`${base}/team`, { role: 'teaching-assistant', member_name: 'Audit Helper' }), 303),
    [row(l, 'add to team', 'provision', id, null, 'Audit Helper as teaching-assistant')]);
  await audited('a cohort with no families yet shows no child', () => ok(lead.get(base)), []);
  await audited('finding a pupil to enrol', () => ok(lead.get(`${base}/enrol?q=a`)), [row(l, 'list', 'pupil', null, null, /^\d+ pupils found to enrol$/)]);
  await audited('enrolled', () => ok(lead.postForm(`${base}/enrol`, { pupil_id: String(P.T) }), 303),
    [row(l, 'enrol', 'provision', id, P.T, 'consent awaiting')]);
  const eid = sqlValue(db, `SELECT id FROM enrolment WHERE provision_id = ${id} AND pupil_id = ${P.T}`);
  const viewed = actor => row(actor, 'view', 'provision', id, P.T, null);
  // The enrolment form names the child and their carers (it was not audited).
  await audited('the enrolment form', () => ok(lead.get(`${base}/families/${eid}`)),
    [viewed(l), row(l, 'view', 'pupil', P.T, P.T, 'enrolment form')]);
  await audited('consent given', () => ok(lead.postForm(`${base}/families/${eid}`, { consent: 'given', consent_on: '', hub: '', carer: '', left_on: '' }), 303),
    [viewed(l), row(l, 'enrol', 'provision', id, P.T, 'consent given')]);
  // The cohort's page names each family: a row for the child (it was one
  // row with no child, so the child's trail did not show it).
  await audited('the cohort, by the lead', () => ok(lead.get(base)), [viewed(l)]);
  await audited('the cohort, by a teacher on its team', () => ok(teacher.get(base)), [viewed(t)]);
  await audited('the programmes', () => ok(teacher.get('/programmes')), [row(t, 'list', 'provision', null, null, /^\d+ programmes listed$/)]);
  const sid = sqlValue(db, `SELECT id FROM programme_session WHERE provision_id = ${id} AND kind = 'weekly' AND seq = 1`);
  const sp = `${base}/sessions/${sid}`;
  // A story list with no story yet names the child and the school (it had
  // neither).
  await audited('a session', () => ok(teacher.get(sp)), [viewed(t), row(t, 'list', 'story', null, P.T, '0 stories')]);
  const held = row(t, 'record session', 'provision', id, null, /^weekly session 1 on \d{4}-\d\d-\d\d: held$/);
  await audited('a session held', () => ok(teacher.postForm(sp, { part: 'details', notes: 'Audited notes', status: 'held' }), 303), [viewed(t), held]);
  await audited('who came', () => ok(teacher.postForm(sp, { part: 'attendance', families: String(eid), [`child_${eid}`]: 'yes', [`parent_${eid}`]: 'yes' }), 303),
    [viewed(t), row(t, 'attendance', 'provision', id, P.T, 'weekly 1: child came, parent came'), held]);
  await audited('the checklist', () => ok(teacher.postForm(sp, { part: 'checklist', item_1: 'yes' }), 303), [viewed(t), held]);
  await audited('a story', () => ok(teacher.postForm(`${sp}/story`, { enrolment: String(eid), title: 'Audited story', body: 'Once upon a time.' }), 303),
    [viewed(t), row(t, 'save story', 'story', /./, P.T, 'Audited story')]);
  const yesterday = isoDaysAgo(1);
  await audited('reading', () => ok(teacher.postForm(`${base}/reading`, { enrolment: String(eid), read_on: uk(yesterday), minutes: '20' }), 303),
    [viewed(t), row(t, 'add reading', 'provision', id, P.T, yesterday)]);
  await audited('a quote', () => ok(teacher.postForm(`${base}/quotes`, { speaker: 'parent', quote_text: 'Audited quote', consent_on: uk(yesterday) }), 303),
    [viewed(t), row(t, 'add quote', 'provision', id, null, 'parent')]);
  await audited('a cost', () => ok(lead.postForm(`${base}/costs`, { what: 'Audited cost', amount: '12.50' }), 303),
    [viewed(l), row(l, 'add cost', 'provision', id, null, 'Audited cost')]);
  // The report reads the cohort once (it read it twice: two view rows).
  const report = row(t, 'report', 'provision', id, null, null);
  await audited('the report', () => ok(teacher.get(`${base}/report`)), [viewed(t), report]);
  await audited('the report PDF', () => ok(teacher.get(`${base}/report.pdf`)),
    [viewed(t), report, row(t, 'download', 'provision', id, null, 'programme report PDF')]);
  await audited("each family's attendance PDF", () => ok(teacher.get(`${base}/families.pdf`)),
    [viewed(t), report, row(t, 'download', 'provision', id, null, 'programme families PDF')]);
  await audited("a family's invitation", () => ok(teacher.get(`${base}/families/${eid}/invitation.pdf`)),
    [viewed(t), row(t, 'print invitation', 'provision', id, P.T, null)]);
  await audited("a child's booklet", () => ok(teacher.get(`${base}/families/${eid}/booklet.pdf`)),
    [viewed(t), row(t, 'list', 'story', null, P.T, '1 stories'), row(t, 'download', 'story', null, P.T, 'booklet PDF')]);
  const member = sqlValue(db, `SELECT id FROM provision_team WHERE provision_id = ${id} AND name = 'Audit Helper'`);
  await audited('asking before taking someone off the team', () => ok(lead.get(`${base}/team/${member}/remove`)), [viewed(l)]);
  await audited('off the team', () => ok(lead.postForm(`${base}/team/${member}/remove`), 303),
    [viewed(l), row(l, 'remove from team', 'provision', id, null, null)]);
  // FAST's follow-on: the cohort's families, each by name.
  const fast = sqlValue(db, "SELECT min(p.id) FROM provision p JOIN programme_template t ON t.id = p.template_id WHERE t.key = 'fast'");
  const fastKids = sql(db, `SELECT pupil_id FROM enrolment WHERE provision_id = ${fast}`).map(r => r.pupil_id);
  assert(fastKids.length > 1, 'FAST has families');
  await audited('a follow-on meeting', () => ok(lead.postForm(`/programmes/${fast}/followon`, { followon_date: uk(yesterday) }), 303),
    [...fastKids.map(k => row(l, 'view', 'provision', fast, k, null)), row(l, 'add follow-on', 'provision', fast, null, yesterday)]);

  // The parent: their children's stories, one row a child (with its school).
  const stories = k => sqlValue(db, `SELECT count(*) FROM story s JOIN enrolment e ON e.id = s.enrolment_id WHERE e.pupil_id = ${k} AND e.consent = 'given'`);
  const kids = f.ids.parentChildren;
  await audited("the parent's stories", () => ok(parent.get('/stories')), kids.map(k => row(pa, 'list', 'story', null, k, `${stories(k)} stories`)));
  const withStories = kids.find(k => stories(k) > 0);
  assert(withStories, "one of the parent's children has stories");
  await audited("the parent's booklet", () => ok(parent.get(`/stories/${withStories}/booklet.pdf`)),
    [row(pa, 'list', 'story', null, withStories, `${stories(withStories)} stories`), row(pa, 'download', 'story', null, withStories, 'booklet PDF')]);
  await audited("another family's booklet", () => ok(parent.get(`/stories/${P.T}/booklet.pdf`), 404), []);

  // Out of scope: a teacher not on a programme's team is told there is no
  // such programme, and nothing about its families is written.
  const sl = sqlValue(db, `SELECT min(p.id) FROM provision p JOIN programme_template t ON t.id = p.template_id WHERE t.key = 'story-links'
    AND NOT EXISTS (SELECT 1 FROM provision_team m WHERE m.provision_id = p.id AND m.staff_id = ${S.teacher})`);
  const slE = sqlValue(db, `SELECT min(id) FROM enrolment WHERE provision_id = ${sl}`);
  const slS = sqlValue(db, `SELECT id FROM programme_session WHERE provision_id = ${sl} AND kind = 'weekly' AND seq = 1`);
  for (const path of [`/programmes/${sl}`, `/programmes/${sl}/report`, `/programmes/${sl}/report.pdf`, `/programmes/${sl}/families.pdf`, `/programmes/${sl}/sessions/${slS}`,
    `/programmes/${sl}/families/${slE}/invitation.pdf`, `/programmes/${sl}/families/${slE}/booklet.pdf`])
    await audited(`not on the team: ${path}`, () => ok(teacher.get(path), 404), []);
  await audited('not on the team: reading', () => ok(teacher.postForm(`/programmes/${sl}/reading`, { enrolment: String(slE), read_on: uk(yesterday), minutes: '20' }), 404), []);
  await audited('not on the team: a story', () => ok(teacher.postForm(`/programmes/${sl}/sessions/${slS}/story`, { enrolment: String(slE), title: 'x', body: 'y' }), 404), []);
});

test('imports by upload and classes: uploads, previews, imports and key teachers are in the trail', async () => {
  await audited('the upload form', () => ok(lead.get('/import')), []);
  const upn = upnMake(805, 6006, 4, 7);
  const fd = new FormData();
  fd.append('csrf', lead.csrfToken);
  fd.append('kind', 'pupils');
  fd.append('file', new Blob([`UPN,Surname,Forename,DOB,Sex,Reg,Contact 1 Name,Contact 1 Relationship\n${upn},Audit,Imported,2017-03-14,F,Audit class,Ms Ada Audit,Mother\n`]), 'audit.csv');
  const r = await audited('an upload', () => ok(lead.req('POST', '/import', { body: fd }), 303),
    [row(who.lead, 'upload', 'import_upload', /./, null, 'pupils file uploaded for checking')]);
  const id = Number(r.location.match(/\d+$/)[0]);
  await audited('the preview names no record of the register', () => ok(lead.get(r.location)),
    [row(who.lead, 'preview', 'import_upload', id, null, 'audit.csv: 1 rows checked')]);
  await audited('column choices are not a child\'s record', () => ok(lead.postForm(`/import/${id}/columns`, { 'col-1': 'legal_surname' }), 303), []);
  eq(sqlValue(db, `SELECT count(*) FROM pupil WHERE upn = '${upn}'`), 0, 'nothing imported before confirming');
  await audited('confirmed', () => ok(lead.postForm(`/import/${id}/confirm`), 303),
    [row(who.lead, 'create', 'pupil', /./, /./, 'import audit.csv'), row(who.lead, 'create', 'carer', /./, /./, 'import audit.csv'),
      row(who.lead, 'import', 'import_upload', id, null, 'audit.csv imported'),
      row(who.lead, 'import', 'import_run', /./, null, 'pupils file audit.csv imported: 1 row, 1 added, 0 changed, 0 up to date, 0 left out')]);
  const pupil = sqlValue(db, `SELECT id FROM pupil WHERE upn = '${upn}'`);
  eq(sqlValue(db, `SELECT count(*) FROM audit WHERE pupil_id = ${pupil} AND action = 'create'`), 2, "the pupil's and the carer's rows name the child");
  await audited('confirming again does nothing', () => ok(lead.postForm(`/import/${id}/confirm`), 303), []);

  const RG = f.ids.regGroup;
  await audited('the classes (counts, no child named)', () => ok(lead.get('/classes')), []);
  const inScope = sql(db, `SELECT p.id, p.key_teacher_id AS kt, p.key_teacher_by_class AS bc FROM pupil p
    LEFT JOIN conversation_scope s ON s.pupil_id = p.id WHERE p.reg_group_id = ${RG.A}
    AND (p.leaving_date IS NULL OR p.leaving_date > '${today()}')
    AND (s.included = 1 OR (s.included IS NULL AND p.sen_provision IN ('K', 'E'))) ORDER BY p.id`);
  assert(inScope.length > 0, 'the fixture class has a pupil in scope');
  await audited('a class page names each pupil in scope', () => ok(lead.get(`/classes/${RG.A}`)),
    inScope.map(p => row(who.lead, 'view', 'reg_group', RG.A, p.id, 'class key teacher page')));
  const follow = inScope.filter(p => !p.kt || (p.bc && p.kt !== S.teacher));
  await audited('a class key teacher', () => ok(lead.postForm(`/classes/${RG.A}`, { key_teacher: String(S.teacher) }), 303),
    [row(who.lead, 'assign', 'reg_group', RG.A, null, /^class Fixture A class: key teacher /),
      ...follow.map(p => row(who.lead, 'assign', 'pupil', p.id, p.id, /^key teacher set to .* \(key teacher of class Fixture A class\)$/))]);
  await audited('the same again changes nothing', () => ok(lead.postForm(`/classes/${RG.A}`, { key_teacher: String(S.teacher) }), 303), []);
  await audited("another school's upload or class: no trace", async () => {
    eq((await lead.get(`/import/${f.ids.upload.B}`)).status, 404, 'upload');
    eq((await lead.get(`/classes/${RG.B}`)).status, 404, 'class');
  }, []);
});

test('spreadsheets: each download is in the trail, as its page is', async () => {
  const year4 = sql(db, `SELECT count(*) AS n FROM pupil WHERE school_id = ${school.A} AND nc_year = '4'
    AND (leaving_date IS NULL OR leaving_date > '${today()}')`)[0].n;
  await audited('the pupil list', () => ok(lead.get('/pupils.xlsx?year=4')),
    [row(who.lead, 'download', 'pupil', null, null, `${year4} pupils in a spreadsheet`)]);
  await audited('the conversations report', () => ok(lead.get('/conversations/report.xlsx')),
    [row(who.lead, 'list', 'conversation_scope', null, null, /pupils listed$/),
      row(who.lead, 'list', 'conversation', null, null, /conversations listed$/),
      row(who.lead, 'report', 'conversation', null, null, /^conversations report \d{4}$/)]);
  await audited('the implementation analysis', () => ok(lead.get('/evaluation?outcome=attendance&year=2025')),
    [row(who.lead, 'list', 'conversation_scope', null, null, /pupils listed$/),
      row(who.lead, 'list', 'conversation', null, null, /conversations listed$/),
      row(who.lead, 'report', 'conversation', null, null, 'conversations report 2025'),
      row(who.lead, 'list', 'conversation_scope', null, null, /pupils listed$/),
      row(who.lead, 'report', 'evaluation', null, null, 'implementation analysis 2025 attendance')]);
  await audited('screening', () => ok(lead.get('/screening.xlsx?year=4')),
    [row(who.lead, 'download', 'screening', null, null, /^sdq-teacher-4-17, Year 4: \d+ assessed, in a spreadsheet$/)]);
  await audited('the provision map', () => ok(lead.get('/provision/map.xlsx')),
    [row(who.lead, 'list', 'provision', null, null, /^provision map on \d{4}-\d\d-\d\d$/)]);
  const fast = sql(db, `SELECT min(p.id) AS id FROM provision p JOIN programme_template t ON t.id = p.template_id WHERE t.key = 'fast'`)[0].id;
  const kids = sql(db, `SELECT pupil_id FROM enrolment WHERE provision_id = ${fast} ORDER BY pupil_id`).map(r => r.pupil_id);
  await audited('a programme\'s attendance names each child', () => ok(lead.get(`/programmes/${fast}/attendance.xlsx`)),
    kids.map(k => row(who.lead, 'view', 'provision', fast, k, null)));
});

test('accounts, approvals and the school: every change is in the trail; their pages read no child', async () => {
  const ad = `user:${EMAIL.admin}`, l = who.lead;
  const acct = (actor, action, entity = 'account', detail) => row(actor, action, entity, /./, null, detail);
  const t2 = f.ids.account.teacher2;
  for (const path of ['/accounts', '/accounts/new', `/accounts/${t2}`, `/accounts/${t2}/roles`, `/accounts/${t2}/disable`,
    `/accounts/${t2}/reset-2fa`, '/school'])
    await audited(`admin ${path}`, () => ok(admin.get(path)), []);
  await audited('lead: approvals', () => ok(lead.get('/accounts/approvals')), []);
  await audited('a teacher added, with a joining code', () => ok(admin.postForm('/accounts/new',
    { name: 'Audit Teacher', email: 'audit.teacher@meadowbank.example.org', 'role-teacher': 'yes' })),
  [acct(ad, 'create', 'account', /audit\.teacher@meadowbank\.example\.org with roles teacher/),
    acct(ad, 'invite', 'account', /^joining code for audit\.teacher@meadowbank\.example\.org, valid until \d{4}-\d\d-\d\d$/)]);
  const newId = sqlValue(db, "SELECT id FROM account WHERE email = 'audit.teacher@meadowbank.example.org'");
  await audited('a new joining code', () => ok(admin.postForm(`/accounts/${newId}/invite`)), [acct(ad, 'invite')]);
  await audited('a lead asked for', () => ok(admin.postForm('/accounts/new',
    { name: 'Audit Lead', email: 'audit.lead@meadowbank.example.org', 'role-lead': 'yes' })),
  [acct(ad, 'request', 'lead_request', /lead role for audit\.lead@meadowbank\.example\.org .*waiting/)]);
  const req = sqlValue(db, "SELECT id FROM lead_request WHERE email = 'audit.lead@meadowbank.example.org'");
  await audited('a lead approved', () => ok(lead.postForm(`/accounts/approvals/${req}/approve`)),
    [acct(l, 'create', 'account', /with roles lead/), acct(l, 'invite'), acct(l, 'approve', 'lead_request', 'lead role for audit.lead@meadowbank.example.org approved')]);
  await audited('roles changed', () => ok(admin.postForm(`/accounts/${t2}/roles`, { 'role-teacher': 'yes', 'role-practitioner': 'yes' }), 303),
    [acct(ad, 'update', 'account', /roles of .* set to teacher,practitioner \(were teacher\)/)]);
  await audited('a role removed, confirmed', () => ok(admin.postForm(`/accounts/${t2}/roles`, { 'role-teacher': 'yes', confirm: 'yes' }), 303),
    [acct(ad, 'update')]);
  await audited('asking to remove a role writes nothing yet', () => ok(admin.postForm(`/accounts/${t2}/roles`, { 'role-practitioner': 'yes' })), []);
  await audited('disabled', () => ok(admin.postForm(`/accounts/${t2}/disable`), 303), [acct(ad, 'disable')]);
  await audited('enabled', () => ok(admin.postForm(`/accounts/${t2}/enable`), 303), [acct(ad, 'enable')]);
  sqlExec(db, `UPDATE account SET totp_secret = 'JBSWY3DPEHPK3PXP', totp_enabled = 1 WHERE id = ${t2}`);
  await audited('two-step sign-in reset', () => ok(admin.postForm(`/accounts/${t2}/reset-2fa`), 303), [acct(ad, 'totp-reset')]);
  sqlExec(db, `UPDATE account SET code_failures = 5, code_locked_until = '2999-01-01T00:00:00.000Z' WHERE id = ${t2}`);
  await audited('two-step sign-in unlocked by a lead', () => ok(lead.postForm(`/accounts/${t2}/unlock-2fa`), 303),
    [{ actor: l, action: 'second-step-unlocked', entity: 'account', entity_id: t2, pupil_id: null, detail: /unlocked \(5 wrong codes/ }]);
  const sf = formValues((await lead.get('/school')).text, '/school');
  await audited('school details', () => ok(lead.post('/school', { ...sf, name: 'Meadowbank Audited' }), 303),
    [row(l, 'update', 'school', school.A, null, /Meadowbank Audited/)]);
  await audited('the calendar page reads no child', () => ok(admin.get('/school/calendar?year=2029')), []);
  const cf = formValues((await admin.get('/school/calendar?year=2029')).text, '/school/calendar');
  await audited('a school year\'s calendar', () => ok(admin.post('/school/calendar', { ...cf, holiday_5_name: 'INSET day',
    holiday_5_start: '2029-09-03', holiday_5_end: '2029-09-03', autumn_start: '2029-09-03' }), 303),
  [row(ad, 'update', 'school', school.A, null, 'calendar 2029-30: 3 terms, 5 holidays')]);
  await audited('a calendar with a problem writes nothing', () => ok(admin.post('/school/calendar', { ...cf,
    autumn_end: '2029-08-01' }), 422), []);
  // The joining code: the new teacher's own "join" row.
  const code = (await admin.postForm(`/accounts/${newId}/invite`)).text.match(/<code class="meso-secret">([A-Z0-9-]+)<\/code>/)[1];
  const j = new Client(srv.url);
  const jf = formValues((await j.get(`/join?code=${code}`)).text, '/join');
  await audited('joined', () => ok(j.post('/join', { ...jf, email: 'audit.teacher@meadowbank.example.org', password: 'lantern harbour meadow 8' }), 303),
    [row('user:audit.teacher@meadowbank.example.org', 'join', 'account', newId, null, /joined with their code/),
      row('user:audit.teacher@meadowbank.example.org', 'sign-in', 'account', newId, null)]);
});

test('refused and out-of-scope requests leave no trace of the record', async () => {
  const anon = new Client(srv.url);
  await audited('not signed in', () => ok(anon.get(`/pupils/${P.T}`), 303), []);
  await audited('out of scope', () => ok(teacher.get(`/pupils/${P.O}`), 404), []);
  await audited('out of scope carer', () => ok(teacher.get(`/carers/${C.O}`), 404), []);
  await audited('admin', () => ok(admin.get(`/pupils/${P.T}`), 403), []);
  await audited("another school's pupil", () => ok(api.get(`/api/v1/pupils/${P.B}`), 404), []);
  await audited('read token writing', () => ok(apiRead.api('PATCH', `/api/v1/pupils/${P.T}`, { preferred_forename: 'No' }), 403), []);
  for (const path of [`/conversations/${CV.O}`, `/conversations/${CV.O}/explore`, `/conversations/${CV.B}/pdf`, `/targets/${TG.O}/review`,
    `/pupils/${P.O}/conversations`, `/pupils/${P.O}/agreement`, `/pupils/${P.O}/contacts`, `/pupils/${P.O}/contacts/new`])
    await audited(`out of scope: ${path}`, () => ok(teacher.get(path), 404), []);
  for (const [path, form] of [[`/conversations/${CV.O}/explore`, { going_well: 'x' }], [`/targets/${TG.O}/review`, { status: 'achieved', parent: 'yes' }],
    [`/pupils/${P.O}/contacts/new`, { method: 'phone', purpose: 'concern' }]])
    await audited(`out of scope: POST ${path}`, () => ok(teacher.postForm(path, form), 404), []);
  await audited('a parent on a staff page', () => ok(parent.get(`/conversations/${CV.X}`), 403), []);
});

test("the address is the connection's: a forged X-Forwarded-For is not believed", async () => {
  await audited('forwarded-for', () => ok(lead.get(`/pupils/${P.T}`, { headers: { 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.9', forwarded: 'for=203.0.113.9' } })),
    [row(who.lead, 'view', 'pupil', P.T, P.T), row(who.lead, 'list', 'contact', null, P.T)]);
  eq(sqlValue(db, 'SELECT address FROM audit ORDER BY id DESC LIMIT 1'), '127.0.0.1', 'recorded address');
});

test('meso audit and the audit page show the same rows', async () => {
  await ok(lead.get(`/pupils/${P.T}`));
  const last = sql(db, `${ALL_AUDIT} ORDER BY id DESC LIMIT 1`)[0];
  const out = JSON.parse(meso(db, ['audit', '--json', '--pupil', f.upns.T, '--limit', '1', '--school', SCHOOL_A]));
  const got = out.audit[0];
  for (const k of ['id', 'at', 'actor', 'action', 'entity', 'entity_id', 'pupil_id', 'address']) eq(got[k], last[k], `meso audit --json: ${k}`);
  const page = await ok(lead.get(`/audit?pupil=${P.T}`));
  assert(page.text.includes(`user:${EMAIL.lead}`) && page.text.includes('127.0.0.1'), 'the audit page shows who and from where');
});

test('no route changes or deletes an audit row, and the database refuses to', async () => {
  // Every route in the table, as every kind of requester, with a body.
  const fill = p => p.replace('{id}', String(P.O)).replace('{cid}', String(C.O)).replace('{name}', 'meso.css');
  const clients = [lead, teacher, admin, parent, api, new Client(srv.url)];
  for (const r of parseRoutes()) {
    if (r.pattern === '/sign-out') continue;
    for (const c of clients) {
      const path = r.pattern.startsWith('/accounts/{id}') ? r.pattern.replace('{id}', String(f.ids.account.teacher2)) : fill(r.pattern);
      if (r.method === 'GET') await c.get(path);
      else if (path.startsWith('/api/')) await c.api(r.method, path, { id: 1, actor: 'x', audit: [] });
      else await c.post(path, { csrf: c.csrfToken || '', id: '1', action: 'x', entity: 'audit' });
    }
  }
  for (const m of ['DELETE', 'PUT', 'PATCH']) for (const path of ['/audit', '/audit/1', '/api/v1/audit'])
    assert([404, 405].includes((await lead.req(m, path)).status), `${m} ${path}`);
  eq((await lead.postForm('/audit', {})).status, 405, 'POST /audit');
  const now = sql(db, `${ALL_AUDIT} WHERE id <= ${original[original.length - 1].id} ORDER BY id`);
  eq(JSON.stringify(now), JSON.stringify(original), 'every row from before is exactly as it was');
  // The database refuses even a direct UPDATE or DELETE.
  for (const stmt of [`UPDATE audit SET actor = 'someone else' WHERE id = ${original[0].id}`, `DELETE FROM audit WHERE id = ${original[0].id}`,
    'DELETE FROM audit', "UPDATE audit SET detail = NULL"]) {
    let err = '';
    try { sqlExec(db, stmt); } catch (e) { err = String(e.stderr || e.message); }
    assert(err.includes('the audit trail cannot be changed'), `${stmt}: ${err || 'allowed!'}`);
  }
  eq(JSON.stringify(sql(db, `${ALL_AUDIT} WHERE id <= ${original[original.length - 1].id} ORDER BY id`)), JSON.stringify(original), 'still as it was');
});

await run();
await srv.stop();
