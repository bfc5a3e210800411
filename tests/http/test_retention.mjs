// The retention page and erasing a leaver's record on the web (pages/retention,
// docs/retention.md): a lead sees the leavers past their period, changes the
// school's periods, and erases a whole record with a reason; the audit trail
// says who did it, from where and why, and the record shows no name after.
// (Who may use each route is in test_access.mjs; CSRF in test_csrf.mjs.)
import {
  test, run, assert, eq, startServer, fixture, Client, signIn, EMAIL, sql, sqlExec, mainOf, formValues,
} from './lib.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const db = srv.db;
const lead = new Client(srv.url, { label: 'lead' });
await signIn(lead, EMAIL.lead);
const used = [...Object.values(f.ids.pupil), ...f.ids.parentChildren, ...f.ids.teacherPupils,
  ...f.ids.practitionerPupils].filter(Number.isInteger);
const one = q => sql(db, q)[0];
const leaver = one(`SELECT min(id) AS id FROM pupil WHERE school_id = ${f.ids.school.A}
  AND id NOT IN (${used.join(', ')})`).id;
const name = one(`SELECT legal_surname AS s FROM pupil WHERE id = ${leaver}`).s;

test('the page lists no one until a leaver is past their period', async () => {
  const r = await lead.get('/retention');
  eq(r.status, 200, 'the page');
  const main = mainOf(r.text);
  assert(main.includes('Keeping records'), 'its title');
  assert(main.includes('No leaver&#39;s records are past their period today') ||
    main.includes("No leaver's records are past their period today"), 'nobody yet');
  assert(main.includes('IRMS'), 'the periods say where they come from');
  assert(main.includes('(check)'), 'and which defaults to check');
});

test('a leaver whose whole record is past shows first, with a way to erase it', async () => {
  sqlExec(db, `UPDATE pupil SET leaving_date = '2015-07-20', dob = '1990-05-05' WHERE id = ${leaver}`);
  const main = mainOf((await lead.get('/retention')).text);
  assert(main.includes(name), 'the leaver is listed');
  assert(main.includes(`href="/pupils/${leaver}/erase"`), 'with the erase link');
});

test('a lead sets the school\'s own period, with an audit row', async () => {
  const r = await lead.postForm('/retention', {
    'years-pupil-record': '25', 'years-sen': '40', 'years-attendance': '3', 'years-programme-work': '1' });
  eq(r.status, 303, 'saved');
  eq(r.location, '/retention?saved=1', 'back to the page');
  eq(one("SELECT years FROM retention_period WHERE kind = 'sen'").years, 40, 'the period');
  eq(one("SELECT count(*) AS n FROM retention_period").n, 1, 'only the one changed');
  eq(one(`SELECT count(*) AS n FROM audit WHERE action = 'retention' AND actor = 'user:${EMAIL.lead}'`).n, 1, 'audited');
  const bad = await lead.postForm('/retention', { 'years-sen': 'many' });
  eq(bad.status, 422, 'not a number');
  assert(bad.text.includes('enter a whole number of years') || bad.text.includes('Enter a whole number of years'), 'says why');
});

test('erasing needs a reason, then erases the record and notes who and why', async () => {
  const page = await lead.get(`/pupils/${leaver}/erase`);
  eq(page.status, 200, 'the confirmation page');
  assert(page.text.includes('This cannot be undone'), 'says it is for good');
  const none = await lead.postForm(`/pupils/${leaver}/erase`, { reason: ' ' });
  eq(none.status, 422, 'no reason');
  assert(/say why the record is erased/i.test(none.text), 'asks for one');
  eq(one(`SELECT erased_at FROM pupil WHERE id = ${leaver}`).erased_at, null, 'nothing erased yet');
  const r = await lead.postForm(`/pupils/${leaver}/erase`, { reason: 'Past its retention period' });
  eq(r.status, 303, 'erased');
  eq(r.location, '/retention?erased=1', 'back to the review');
  const p = one(`SELECT legal_surname, erased_at FROM pupil WHERE id = ${leaver}`);
  eq(p.legal_surname, 'Erased', 'no name');
  assert(p.erased_at, 'marked erased');
  const a = one(`SELECT actor, address, detail FROM audit WHERE action = 'erase' AND pupil_id = ${leaver}`);
  eq(a.actor, `user:${EMAIL.lead}`, 'who');
  assert(a.address, 'from where');
  assert(a.detail.includes('reason: Past its retention period'), 'why');
  assert(!a.detail.includes(name), 'never what it said');
  const after = mainOf((await lead.get('/retention')).text);
  assert(!after.includes(name), 'gone from the review');
  const shell = await lead.get(`/pupils/${leaver}`);
  eq(shell.status, 200, 'the record that stays');
  assert(!shell.text.includes(name), 'shows no name');
  const again = await lead.postForm(`/pupils/${leaver}/erase`, { reason: 'again' });
  eq(again.status, 422, 'once only');
  assert(again.text.includes('erased already'), 'says so');
});

test('a leaver\'s record is read-only on the web, with a kind page saying why', async () => {
  const id = one(`SELECT max(id) AS id FROM pupil WHERE school_id = ${f.ids.school.A}
    AND id NOT IN (${used.join(', ')}) AND id <> ${leaver}`).id;
  sqlExec(db, `UPDATE pupil SET leaving_date = '2020-07-20' WHERE id = ${id}`);
  const before = one(`SELECT count(*) AS n FROM contact WHERE pupil_id = ${id}`).n;
  const path = `/pupils/${id}/contacts/new`;
  const form = formValues((await lead.get(path)).text, path);
  const r = await lead.post(path, { ...form, method: 'phone', purpose: 'progress', note: 'After leaving' });
  eq(r.status, 409, 'refused');
  assert(r.text.includes('This cannot be changed now'), 'says so kindly');
  assert(r.text.includes('Nothing was changed'), 'and that nothing changed');
  eq(one(`SELECT count(*) AS n FROM contact WHERE pupil_id = ${id}`).n, before, 'no contact added');
});

test('a carer\'s details are erased once none of their children is on roll', async () => {
  const cid = one(`SELECT max(c.id) AS id FROM carer c WHERE c.school_id = ${f.ids.school.A}
    AND EXISTS (SELECT 1 FROM pupil_carer pc WHERE pc.carer_id = c.id)
    AND NOT EXISTS (SELECT 1 FROM pupil_carer pc JOIN pupil p ON p.id = pc.pupil_id
      WHERE pc.carer_id = c.id AND (pc.pupil_id IN (${used.join(', ')}) OR p.leaving_date IS NOT NULL))`).id;
  const surname = one(`SELECT surname FROM carer WHERE id = ${cid}`).surname;
  const page = await lead.get(`/carers/${cid}`);
  assert(page.text.includes(`href="/carers/${cid}/erase"`), 'the carer page links to it');
  const onRoll = await lead.postForm(`/carers/${cid}/erase`, { reason: 'asked' });
  eq(onRoll.status, 422, 'refused while a child is on roll');
  assert(onRoll.text.includes('still on roll'), 'says why');
  sqlExec(db, `UPDATE pupil SET leaving_date = '2020-07-20'
    WHERE id IN (SELECT pupil_id FROM pupil_carer WHERE carer_id = ${cid})`);
  const r = await lead.postForm(`/carers/${cid}/erase`, { reason: 'Asked to be forgotten' });
  eq(r.status, 303, 'erased');
  const c = one(`SELECT surname, email, erased_at FROM carer WHERE id = ${cid}`);
  eq(c.surname, 'Erased', 'no name');
  eq(c.email, null, 'no email');
  assert(c.erased_at, 'marked erased');
  const a = one(`SELECT actor, detail FROM audit WHERE action = 'erase' AND entity = 'carer' AND entity_id = ${cid}`);
  eq(a.actor, `user:${EMAIL.lead}`, 'who');
  assert(a.detail.includes('reason: Asked to be forgotten'), 'why');
  assert(!a.detail.includes(surname), 'never what it said');
});

test('a pupil on roll cannot be erased', async () => {
  const id = f.ids.pupil.O;
  const r = await lead.postForm(`/pupils/${id}/erase`, { reason: 'by mistake' });
  eq(r.status, 422, 'refused');
  assert(r.text.includes('has not left'), 'says why');
  eq(one(`SELECT erased_at FROM pupil WHERE id = ${id}`).erased_at, null, 'nothing erased');
});

await run();
await srv.stop();
