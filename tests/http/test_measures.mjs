// Wellbeing measures over HTTP: a teacher sees the questionnaires of their
// own pupils and gets 404 for another teacher's (pages and forms alike);
// recording one through the form; the screening page is scoped; every view is
// in the audit trail; and the JSON API gives the same data to a token.
import { execFileSync } from 'node:child_process';
import { test, run, assert, eq, startServer, Client, meso, settle } from './lib.mjs';

const PASSWORD = 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const srv = await startServer();

function sql(q) {
  if (/audit/i.test(q)) settle(srv.db);
  return execFileSync('sqlite3', ['-readonly', srv.db, q], { encoding: 'utf8' }).trim();
}

async function signIn(email) {
  const c = new Client(srv.url);
  const csrf = await c.csrf('/sign-in');
  const r = await c.post('/sign-in', { csrf, email, password: PASSWORD });
  eq(r.status, 303, `sign-in of ${email}`);
  return c;
}

// A Year 4 pupil with a teacher SDQ, their key teacher, and another teacher.
const [pupil, teacherEmail] = sql(
  "SELECT p.id, s.email FROM pupil p JOIN staff s ON s.id = p.key_teacher_id" +
  " WHERE p.nc_year = '4' AND EXISTS (SELECT 1 FROM assessment a WHERE a.pupil_id = p.id" +
  " AND a.instrument = 'sdq-teacher-4-17') ORDER BY p.id LIMIT 1").split('|');
const assessment = sql(`SELECT id FROM assessment WHERE pupil_id = ${pupil} ORDER BY assessed_on LIMIT 1`);
const [a1, a2] = sql(`SELECT group_concat(id) FROM (SELECT id FROM assessment WHERE pupil_id = ${pupil}` +
  " AND instrument = 'sdq-teacher-4-17' ORDER BY assessed_on)").split(',');
const [otherEmail] = sql(
  `SELECT s.email FROM staff s JOIN account a ON a.staff_id = s.id WHERE s.role = 'teacher'` +
  ` AND s.email <> '${teacherEmail}' AND NOT EXISTS (SELECT 1 FROM pupil p WHERE p.id = ${pupil}` +
  ` AND p.key_teacher_id = s.id) ORDER BY s.id LIMIT 1`).split('|');
// A pupil of the other teacher, to record a questionnaire for.
const ownPupil = sql(`SELECT p.id FROM pupil p JOIN staff s ON s.id = p.key_teacher_id` +
  ` WHERE s.email = '${otherEmail}' ORDER BY p.id LIMIT 1`);

test('the key teacher sees their pupil\'s questionnaires, the chart and reliable change', async () => {
  const c = await signIn(teacherEmail);
  let r = await c.get(`/pupils/${pupil}`);
  eq(r.status, 200, 'pupil page');
  assert(r.text.includes('id="wellbeing"') && r.text.includes('<svg'), 'the wellbeing section with charts');
  assert(/role="img"/.test(r.text) && r.text.includes('over time</title>'), 'charts have a title');
  r = await c.get(`/pupils/${pupil}/assessments/${assessment}`);
  eq(r.status, 200, 'assessment page');
  assert(r.text.includes('Answers by item number'), 'answers by item number');
  if (a2) {
    r = await c.get(`/pupils/${pupil}/change?from=${a1}&to=${a2}`);
    eq(r.status, 200, 'reliable change page');
    assert(r.text.includes('DEMO ONLY'), 'the demo figures are named with their source');
  }
});

test('another teacher gets 404 for the same pupil\'s questionnaires, pages and forms', async () => {
  const c = await signIn(otherEmail);
  for (const path of [`/pupils/${pupil}`, `/pupils/${pupil}/assessments/${assessment}`,
                      `/pupils/${pupil}/assessments/new`, `/pupils/${pupil}/assessments/new?form=sdq-teacher`,
                      `/pupils/${pupil}/change?from=${a1}&to=${a2 || a1}`]) {
    const r = await c.get(path);
    eq(r.status, 404, `GET ${path}`);
    assert(!r.text.includes('Answers by item number'), 'nothing of the record leaks');
  }
  // Nor can a questionnaire be posted for that pupil.
  const csrf = await c.csrf(`/pupils/${ownPupil}/assessments/new?form=sdq-teacher`);
  const r = await c.post(`/pupils/${pupil}/assessments/new?form=sdq-teacher`,
                         { csrf, assessed_on: '01/03/2026', item1: '1' });
  eq(r.status, 404, 'POST for another teacher\'s pupil');
  // An assessment id of another pupil under one's own pupil is 404 too.
  const r2 = await c.get(`/pupils/${ownPupil}/assessments/${assessment}`);
  eq(r2.status, 404, 'another pupil\'s assessment under one\'s own pupil');
  eq(sql(`SELECT count(*) FROM audit WHERE actor = 'user:${otherEmail}' AND entity = 'assessment'`), '0',
     'refused views are not recorded as views');
});

test('a teacher records a questionnaire through the form; it is scored and audited', async () => {
  const c = await signIn(otherEmail);
  const form = `/pupils/${ownPupil}/assessments/new?form=sdq-teacher`;
  const csrf = await c.csrf(form);
  const answers = [2, 2, 2, 2, 1, 0, 2, 2, 2, 2, 2, 0, 1, 2, 2, 0, 2, 0, 0, 2, 2, 0, 0, 0, 2];
  const fields = { csrf, assessed_on: '02/03/2026' };
  answers.forEach((v, i) => { fields[`item${i + 1}`] = String(v); });
  // An answer out of range is shown beside its item; nothing is saved.
  let r = await c.post(form, { ...fields, item7: '5' });
  eq(r.status, 422, 'invalid answer');
  assert(r.text.includes('id="item7-error"'), 'the message is beside item 7');
  r = await c.post(form, fields);
  eq(r.status, 303, 'saved');
  assert(/\/pupils\/\d+\?recorded=\d+#wellbeing/.test(r.location), `redirect ${r.location}`);
  const id = r.location.match(/recorded=(\d+)/)[1];
  eq(sql(`SELECT version || ' ' || source || ' ' || recorded_by FROM assessment WHERE id = ${id}`),
     `2 web user:${otherEmail}`);
  eq(sql(`SELECT value FROM assessment_score WHERE assessment_id = ${id} AND score = 'total'`), '12');
  eq(sql(`SELECT count(*) FROM audit WHERE entity = 'assessment' AND action = 'create'` +
         ` AND entity_id = ${id} AND actor = 'user:${otherEmail}' AND address IS NOT NULL`), '1');
  r = await c.get(r.location.replace('#wellbeing', ''));
  assert(r.text.includes('Questionnaire saved') && r.text.includes('Total difficulties: 12, slightly raised'),
         'the banner names the band');
  // The same form on the same date again is refused, not silently replaced.
  r = await c.post(form, fields);
  eq(r.status, 422, 'the same questionnaire twice');
});

test('Me and My Feelings and a school\'s own measure go through the same form', async () => {
  const { writeFileSync } = await import('node:fs');
  const file = `${srv.dir}/own.measure`;
  writeFileSync(file, 'format meso-measure 1\nkey our-check\ntitle Our check\nversion 2026-1\n' +
    'items 4\ncodes 0 3\n[scale mood]\nitems 1 2 3 4\n[bands school mood]\nband 0 6 fine\n' +
    'band 7 12 talk to us\n');
  meso(srv.db, ['measure', 'add', file]);
  const c = await signIn(LEAD);
  let r = await c.get(`/pupils/${pupil}/assessments/new`);
  assert(r.text.includes('value="our-check"'), 'the school\'s own measure is offered');
  // Answered by anyone: the form asks who.
  const form = `/pupils/${pupil}/assessments/new?form=our-check`;
  const csrf = await c.csrf(form);
  r = await c.post(form, { csrf, assessed_on: '03/03/2026', item1: '3', item2: '3', item3: '2', item4: '1' });
  eq(r.status, 422, 'who answered is required');
  assert(r.text.includes('id="informant-error"'), 'asked beside the field');
  r = await c.post(form, { csrf, assessed_on: '03/03/2026', informant: 'parent',
                           item1: '3', item2: '3', item3: '2', item4: '1' });
  eq(r.status, 303, 'saved');
  eq(sql("SELECT informant || ' ' || version || ' ' || (SELECT band FROM assessment_band b" +
         " WHERE b.assessment_id = a.id) FROM assessment a WHERE instrument = 'our-check'"),
     'parent 2026-1 talk to us');
  // Me and My Feelings: the child's own, 16 items, no question about who.
  r = await c.get(`/pupils/${pupil}/assessments/new?form=mmf`);
  eq((r.text.match(/<fieldset class="govuk-fieldset" id="item\d+"/g) || []).length, 16, '16 items');
  assert(!r.text.includes('id="informant"'), 'no question about who answered');
  // Yesterday: the child is 8 or over by now (Me and My Feelings is for 8 and over).
  const y = new Date(Date.now() - 86400000);
  const day = `${String(y.getUTCDate()).padStart(2, '0')}/${String(y.getUTCMonth() + 1).padStart(2, '0')}/${y.getUTCFullYear()}`;
  const fields = { csrf, assessed_on: day };
  for (let i = 1; i <= 16; i++) fields[`item${i}`] = i <= 10 ? '2' : '0';
  r = await c.post(`/pupils/${pupil}/assessments/new?form=mmf`, fields);
  eq(r.status, 303, 'Me and My Feelings saved');
  eq(sql("SELECT informant || ' ' || (SELECT value FROM assessment_score s WHERE s.assessment_id = a.id" +
         " AND s.score = 'emotional') FROM assessment a WHERE instrument = 'mmf'"), 'self 20');
});

test('views of questionnaires and of the screening summary are audited', async () => {
  const c = await signIn(LEAD);
  const before = Number(sql("SELECT count(*) FROM audit WHERE entity = 'assessment' AND action = 'view'"));
  let r = await c.get(`/pupils/${pupil}/assessments/${assessment}`);
  eq(r.status, 200);
  eq(sql(`SELECT count(*) FROM audit WHERE entity = 'assessment' AND action = 'view' AND entity_id = ${assessment}` +
         ` AND pupil_id = ${pupil} AND actor = 'user:${LEAD}'`), '1', 'assessment view audited');
  r = await c.get(`/pupils/${pupil}/change?from=${a1}&to=${a2 || a1}`);
  eq(r.status, 200);
  eq(Number(sql("SELECT count(*) FROM audit WHERE entity = 'assessment' AND action = 'view'")), before + 2);
  r = await c.get('/screening?year=4');
  eq(r.status, 200);
  assert(r.text.includes('For follow-up'), 'the follow-up list');
  eq(sql(`SELECT count(*) FROM audit WHERE entity = 'screening' AND actor = 'user:${LEAD}'`), '1');
  // A teacher's summary counts only their own class.
  const t = await signIn(otherEmail);
  r = await t.get('/screening?year=4');
  eq(r.status, 200);
  const m = r.text.match(/id="screening-count">(\d+) of (\d+) children/);
  assert(m, 'the count line');
  const mine = sql(`SELECT count(*) FROM pupil p JOIN staff s ON s.id = p.key_teacher_id` +
                   ` WHERE s.email = '${otherEmail}' AND p.nc_year = '4'`);
  eq(m[2], mine, 'only the teacher\'s own Year 4 pupils');
});

test('the JSON API gives a token the same data, and audits it', async () => {
  const token = meso(srv.db, ['token', 'add', '--name', 'mis-sync', '--scope', 'read']).trim();
  const c = new Client(srv.url);
  const h = { headers: { authorization: `Bearer ${token}` } };
  let r = await c.get(`/api/v1/pupils/${pupil}/assessments`, h);
  eq(r.status, 200, 'assessments');
  const sdq = r.json().items.find((x) => x.measure === 'sdq-teacher-4-17');
  assert(sdq && sdq.version === '2' && sdq.scores.total !== undefined && sdq.responses.length === 25,
         'assessments with version, scores and answers by item number');
  assert(sdq.bands.four_band && 'total' in sdq.levels.four_band, 'bands and levels');
  r = await c.get('/api/v1/screening?year_group=4', h);
  eq(r.status, 200, 'screening');
  const s = r.json();
  eq(s.measure, 'sdq-teacher-4-17');
  assert(s.pupils > 0 && s.scores.length === 6 && Array.isArray(s.follow_up), 'screening keys');
  r = await c.get('/api/v1/screening', h);
  eq(r.status, 422, 'year_group is required');
  r = await c.get(`/api/v1/pupils/${pupil}/outcomes`, h);
  eq(r.status, 200, 'outcomes');
  assert(Array.isArray(r.json().attendance), 'attendance list');
  if (a2) {
    r = await c.get(`/api/v1/pupils/${pupil}/assessments/change?from=${a1}&to=${a2}`, h);
    eq(r.status, 200, 'change');
    assert(r.json().scores.some((x) => x.score === 'total' && x.rci !== null), 'an RCI');
  }
  r = await c.get('/api/v1/pupils/999999/assessments', h);
  eq(r.status, 404, 'no such pupil');
  eq(sql("SELECT count(*) FROM audit WHERE actor = 'token:mis-sync' AND action = 'view'" +
         " AND entity IN ('assessment', 'screening', 'outcomes')"), a2 ? '4' : '3');
  r = await new Client(srv.url).get(`/api/v1/pupils/${pupil}/assessments`);
  eq(r.status, 401, 'no token');
});

await run();
await srv.stop();
