// Family programmes over HTTP on the demo school: who may see a cohort (the
// lead, and staff on its team; other teachers get 404, parents 403), CSRF on
// every change, a Story Links story uploaded as multipart (and a binary file
// refused beside its field), attendance refused before the session's day,
// the parent's own stories and nobody else's, and PDFs served as PDFs.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq, startServer, Client, settle } from './lib.mjs';

// Serving PDFs loads fontconfig, whose one-off cache LeakSanitizer would
// report at exit (tests/e2e/lsan-fontconfig.supp says why).
const here = dirname(fileURLToPath(import.meta.url));
process.env.LSAN_OPTIONS = `suppressions=${join(here, '../e2e/lsan-fontconfig.supp')}`;

const PASSWORD = 'demo-password-1234';
const srv = await startServer();
const sql = (q) => { if (/audit/i.test(q)) settle(srv.db); return execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim(); };

async function signedIn(email) {
  const c = new Client(srv.url);
  const csrf = await c.csrf('/sign-in');
  const r = await c.post('/sign-in', { email, password: PASSWORD, csrf });
  eq(r.status, 303, `sign-in of ${email}`);
  return c;
}

const FAST = sql("SELECT id FROM provision WHERE name = 'FAST for Year 1 families'");
const onTeam = sql(`SELECT s.email FROM provision_team m JOIN staff s ON s.id = m.staff_id
                    WHERE m.provision_id = ${FAST} AND s.role = 'teacher' LIMIT 1`);
const notOnTeam = sql(`SELECT email FROM staff WHERE role = 'teacher' AND id NOT IN
                      (SELECT staff_id FROM provision_team WHERE staff_id IS NOT NULL) LIMIT 1`);
const lead = await signedIn('helen.price@meadowbank.example.org');

test('the lead sees every cohort; a teacher only those they are on the team of', async () => {
  const list = await lead.get('/programmes');
  eq(list.status, 200);
  assert(list.text.includes('FAST for Year 1 families') && list.text.includes('Story Links with'),
    'the lead sees FAST and Story Links');
  const team = await signedIn(onTeam);
  eq((await team.get(`/programmes/${FAST}`)).status, 200, `${onTeam} is on the FAST team`);
  assert((await team.get('/programmes')).text.includes('FAST for Year 1 families'), 'listed for the team');
  eq((await team.get(`/programmes/${FAST}/families/1`)).status, 403, 'only leads change enrolments');
  const other = await signedIn(notOnTeam);
  eq((await other.get(`/programmes/${FAST}`)).status, 404, `${notOnTeam} is not on the team`);
  eq((await other.get(`/programmes/${FAST}/report.pdf`)).status, 404, 'nor its report');
  assert(!(await other.get('/programmes')).text.includes('FAST for Year 1 families'), 'not listed');
});

test('the report says which kind each effect size is, and compares where it can', async () => {
  // FAST: Year 1 and 2 families screened at the same times who were not in it.
  const fast = (await lead.get(`/programmes/${FAST}/report`)).text;
  assert(fast.includes('Change from before to after, with no comparison group'), 'the pre-post kind');
  const m = fast.match(/Compared with (\d+) similar pupils who were not in the programme/);
  assert(m && +m[1] >= 10, 'the comparison kind, with how many');
  const inProgramme = +sql(`SELECT count(*) FROM enrolment WHERE provision_id = ${FAST} AND consent = 'given'`);
  assert(fast.includes('id="comparison-groups"'), 'who is compared');
  assert(/Hedges&#39; g -?\d\.\d{2,4} \(95% confidence interval -?\d\.\d{2,4} to -?\d\.\d{2,4}\)/.test(fast), 'the effect size with its interval');
  assert(fast.includes('test-retest reliability used is 0.70, from: DEMO ONLY'), 'the reliability and its source');
  assert(inProgramme >= 10, 'FAST has families');
  // The comparison pupils' scores were read: the report's audit row says so.
  const detail = sql(`SELECT detail FROM audit WHERE action = 'report' AND entity = 'provision'
    AND entity_id = ${FAST} ORDER BY id DESC LIMIT 1`);
  eq(detail, `compared with ${m[1]} pupils not in the programme`, 'the audit row');
  // Story Links: one child; the comparison is declined with the reason.
  const sl = sql("SELECT min(p.id) FROM provision p JOIN programme_template t ON t.id = p.template_id WHERE t.key = 'story-links'");
  const story = (await lead.get(`/programmes/${sl}/report`)).text;
  assert(story.includes('id="comparison-declined"') &&
    story.includes('A comparison needs at least 10 children in the programme and 10 pupils who were not'),
    'declined, with the reason');
  assert(!/Compared with \d+ similar pupils/.test(story), 'no comparison claimed');
});

test('every change needs the CSRF token', async () => {
  const r = await lead.post(`/programmes/${FAST}/quotes`, {
    speaker: 'parent', quote_text: 'x', consent_on: '01/01/2025' });
  eq(r.status, 403);
});

test('attendance cannot be recorded before the session', async () => {
  const csrf = await lead.csrf('/programmes/new');
  const start = new Date(Date.now() + 14 * 86400000);
  const r = await lead.post('/programmes/new', {
    csrf, template: 'generic-group', name: 'Lunchtime club',
    start_date: `${start.getUTCDate()}/${start.getUTCMonth() + 1}/${start.getUTCFullYear()}` });
  eq(r.status, 303, 'started');
  const id = r.location.match(/\/programmes\/(\d+)/)[1];
  const pupil = sql("SELECT id FROM pupil WHERE nc_year = '4' ORDER BY id LIMIT 1");
  const en = await lead.post(`/programmes/${id}/enrol`, { csrf, pupil_id: pupil });
  eq(en.status, 303);
  const eid = en.location.match(/families\/(\d+)/)[1];
  eq((await lead.post(`/programmes/${id}/families/${eid}`, { csrf, consent: 'given' })).status, 303);
  const sid = sql(`SELECT id FROM programme_session WHERE provision_id = ${id} AND seq = 1`);
  const rec = await lead.post(`/programmes/${id}/sessions/${sid}`, {
    csrf, part: 'attendance', families: eid, [`child_${eid}`]: 'yes' });
  eq(rec.status, 422);
  assert(rec.text.includes('record who came on or after the day'), 'the reason is shown');
  eq(sql(`SELECT count(*) FROM session_attendance WHERE session_id = ${sid}`), '0');
});

test('a story uploaded as a file; a binary file is refused beside its field', async () => {
  const sl = sql("SELECT id FROM provision WHERE name LIKE 'Story Links with%' ORDER BY id LIMIT 1");
  const sid = sql(`SELECT id FROM programme_session WHERE provision_id = ${sl} AND kind = 'weekly' AND seq = 2`);
  const eid = sql(`SELECT id FROM enrolment WHERE provision_id = ${sl}`);
  const csrf = await lead.csrf(`/programmes/${sl}/sessions/${sid}`);
  const send = async (bytes, name) => {
    const fd = new FormData();
    fd.set('csrf', csrf);
    fd.set('enrolment', eid);
    fd.set('title', 'The Lighthouse Cat');
    fd.set('coauthors', 'Teacher, child, parent');
    fd.set('body', '');
    fd.set('story_file', new Blob([bytes], { type: 'text/plain' }), name);
    const res = await fetch(`${srv.url}/programmes/${sl}/sessions/${sid}/story`, {
      method: 'POST', body: fd, redirect: 'manual', headers: { cookie: lead.cookieHeader() } });
    return { status: res.status, text: await res.text() };
  };
  const bad = await send(new Uint8Array([0x00, 0x01, 0xff, 0x10]), 'story.doc');
  eq(bad.status, 422);
  assert(bad.text.includes('id="story_file-error"') && bad.text.includes('not plain text'), `message beside the field: ${bad.text.match(/govuk-error-summary[\s\S]{0,600}/)}`);
  const ok = await send(new TextEncoder().encode('The cat lived in a lighthouse.\n\nIt liked the light.'), 'cat.txt');
  eq(ok.status, 303);
  eq(sql(`SELECT source || ' ' || filename FROM story WHERE session_id = ${sid}`), 'uploaded cat.txt');
  eq(sql(`SELECT body FROM story WHERE session_id = ${sid}`), 'The cat lived in a lighthouse.\n\nIt liked the light.');
});

test("a parent sees their own child's stories, and nobody else's", async () => {
  const parent = await signedIn('parent.demo@example.org');
  eq((await parent.get('/programmes')).status, 403);
  const page = await parent.get('/stories');
  eq(page.status, 200);
  const mine = sql(`SELECT DISTINCT e.pupil_id FROM enrolment e JOIN story s ON s.enrolment_id = e.id
                    JOIN pupil_carer pc ON pc.pupil_id = e.pupil_id JOIN account a ON a.carer_id = pc.carer_id
                    WHERE a.email = 'parent.demo@example.org' LIMIT 1`);
  const theirs = sql(`SELECT DISTINCT e.pupil_id FROM enrolment e JOIN story s ON s.enrolment_id = e.id
                      WHERE e.pupil_id NOT IN (SELECT pc.pupil_id FROM pupil_carer pc JOIN account a
                      ON a.carer_id = pc.carer_id WHERE a.email = 'parent.demo@example.org') LIMIT 1`);
  assert(mine && theirs, `stories of the parent's child (${mine}) and another (${theirs})`);
  const title = sql(`SELECT s.title FROM story s JOIN enrolment e ON e.id = s.enrolment_id
                     WHERE e.pupil_id = ${mine} LIMIT 1`);
  const other = sql(`SELECT s.title FROM story s JOIN enrolment e ON e.id = s.enrolment_id
                     WHERE e.pupil_id = ${theirs} LIMIT 1`);
  assert(page.text.includes(title.replace(/'/g, '&#39;')), `the page shows "${title}"`);
  assert(!page.text.includes(other.replace(/'/g, '&#39;')), `the page does not show "${other}"`);
  const pdf = await parent.get(`/stories/${mine}/booklet.pdf`);
  eq(pdf.status, 200);
  eq(pdf.headers.get('content-type'), 'application/pdf');
  eq((await parent.get(`/stories/${theirs}/booklet.pdf`)).status, 404);
  assert(sql(`SELECT count(*) FROM audit WHERE entity = 'story' AND action = 'list' AND actor = 'user:parent.demo@example.org'`) !== '0',
    "the parent's reading is in the audit trail");
});

await run();
await srv.stop();
