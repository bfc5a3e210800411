// A parent's reply and a parent's voice (issue 18, parts 3 and 4), through
// the real server on a copy of the demo school: a parent replies to a shared
// record (or says something is not right); it reaches the key teacher's
// to-do list on their home page, is logged as a contact the family started,
// shows in the record's history, and is counted in the conversations
// report; bad input names the field; another child's record is 404. Then
// the parents' survey: a lead starts a round, a parent answers through the
// portal and families on paper with codes (wrong codes throttled); results
// stay "fewer than 5" until five families answer, and small counts are
// hidden; the evaluation takes the score as an outcome.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq, meso, demoDatabase, startServer, Client, settle, formValues } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
process.env.LSAN_OPTIONS = `suppressions=${join(HERE, 'lsan-fontconfig.supp')}`;

const PASSWORD = 'demo-password-1234';
const PRIYA = 'priya.nair@meadowbank.example.org';
const LEAD = 'helen.price@meadowbank.example.org';
const PARENT = 'parent.demo@example.org';

const dir = mkdtempSync(join(tmpdir(), 'meso-parentvoice-'));
const db = join(dir, 'pv.db');
copyFileSync(demoDatabase(), db);
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();
const kids = sql(`SELECT pc.pupil_id FROM pupil_carer pc JOIN account a ON a.carer_id = pc.carer_id
                  WHERE a.email = '${PARENT}' ORDER BY pc.pupil_id`).split('\n').map(Number);
const child = kids[0];
const childUpn = sql(`SELECT upn FROM pupil WHERE id = ${child}`);
meso(db, ['keyteacher', 'set', childUpn, PRIYA]);
// In scope, so the report counts the family's contacts.
meso(db, ['scope', 'add', childUpn, '--reason', 'the family asked']);
const recorded = (out) => Number(out.match(/conversation (\d+)/)[1]);
const sharedId = recorded(meso(db, ['conversation', 'add', childUpn, '--going-well', 'She sings at home',
    '--focus', 'Friends at playtime', '--agreed-together',
    '--target', 'A buddy at playtime | school | she plays with someone | 2099-01-01',
    '--summary', 'A good start', '--pupil-views', 'I like the swings']));
meso(db, ['conversation', 'share', String(sharedId), '--how', 'printed copy']);
const otherShared = Number(sql(`SELECT c.id FROM conversation c WHERE c.status = 'complete'
    AND c.shared_on IS NOT NULL AND c.pupil_id NOT IN (${kids.join(',')}) LIMIT 1`));
const year = Number(JSON.parse(meso(db, ['report', 'conversations', '--json'])).year);
execFileSync('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE)']);

const srv = await startServer({ db });
const live = (q) => { if (/audit/i.test(q)) settle(srv.db); return execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim(); };
const familyStarted = () => JSON.parse(meso(srv.db, ['report', 'conversations', '--json', '--year', String(year)]))
    .family_started_contacts;

async function signIn(email) {
    const c = new Client(srv.url);
    const csrf = await c.csrf('/sign-in');
    const r = await c.post('/sign-in', { csrf, email, password: PASSWORD });
    eq(r.status, 303, `sign in as ${email}`);
    c.csrfToken = await c.csrf('/sign-out').catch(() => null);
    return c;
}
const priya = await signIn(PRIYA);
const parent = await signIn(PARENT);
const lead = await signIn(LEAD);
// This family's record says Portuguese, so the portal speaks Portuguese
// (docs/i18n.md); the checks below read the English words, so the parent
// chooses English first, as any parent can at the foot of their home page.
{
    const home = (await parent.get('/')).text;
    const lang = await parent.post('/my/language', { ...formValues(home, '/my/language'), language: 'en' });
    eq(lang.status, 303, 'the parent chooses English');
}

test('a parent replies to a shared record; it reaches the key teacher and the report', async () => {
    const form = await parent.get(`/my/conversations/${sharedId}/reply`);
    eq(form.status, 200, 'the reply form');
    assert(form.text.includes('key teacher is the teacher who meets you'), 'the key teacher is explained');
    const csrf = form.text.match(/name="csrf" value="([^"]+)"/)[1];
    // Bad input: the message is required, and a kind must be one we know.
    const before = live('SELECT count(*) FROM parent_reply');
    const empty = await parent.post(`/my/conversations/${sharedId}/reply`, { csrf, kind: 'reply', body: '  ' });
    eq(empty.status, 422, 'an empty message');
    assert(empty.text.includes('href="#body"') && empty.text.includes('Write your message to the school'),
        'the message names the field');
    const odd = await parent.post(`/my/conversations/${sharedId}/reply`, { csrf, kind: 'shout', body: 'Hello' });
    eq(odd.status, 422, 'an unknown kind');
    assert(odd.text.includes('href="#kind"'), 'the kind is named');
    const long = await parent.post(`/my/conversations/${sharedId}/reply`, { csrf, kind: 'reply', body: 'x'.repeat(2001) });
    eq(long.status, 422, 'too long');
    // No CSRF token: refused, nothing written.
    const noCsrf = await parent.post(`/my/conversations/${sharedId}/reply`, { kind: 'reply', body: 'Hello' });
    eq(noCsrf.status, 403, 'no CSRF token');
    eq(live('SELECT count(*) FROM parent_reply'), before, 'nothing written by refused requests');
    // Another family's record, and an unknown one: 404.
    for (const id of [otherShared, 999999])
        eq((await parent.post(`/my/conversations/${id}/reply`, { csrf, kind: 'reply', body: 'Hi' })).status, 404,
            `record ${id}`);

    const counted = familyStarted();
    const sent = await parent.post(`/my/conversations/${sharedId}/reply`,
        { csrf, kind: 'not_right', body: 'She plays with Sam, not Tom.' });
    eq(sent.status, 303, 'sent');
    eq(sent.location, `/my/conversations/${sharedId}?replied=1#replies`);
    const row = live(`SELECT r.kind || '|' || c.started_by || '|' || c.method || '|' || c.purpose || '|' ||
        (SELECT count(*) FROM contact_carer cc WHERE cc.contact_id = c.id) || '|' || coalesce(s.email, '')
        FROM parent_reply r JOIN contact c ON c.id = r.contact_id LEFT JOIN staff s ON s.id = c.staff_id
        WHERE r.conversation_id = ${sharedId}`);
    eq(row, `not_right|family|app_message|concern|1|${PRIYA}`, 'a contact the family started, with the key teacher');
    const rid = Number(live(`SELECT id FROM parent_reply WHERE conversation_id = ${sharedId}`));
    eq(live(`SELECT count(*) FROM audit WHERE actor = 'user:${PARENT}' AND action = 'create'
             AND entity = 'parent_reply' AND entity_id = ${rid} AND pupil_id = ${child}`), '1', 'audited');
    // Counted in the report as a contact the family started.
    eq(familyStarted(), counted + 1, 'family_started_contacts counts it');

    // The parent sees it in the record's history, waiting to be read.
    const mine = await parent.get(`/my/conversations/${sharedId}?replied=1`);
    assert(mine.text.includes('She plays with Sam, not Tom.') && mine.text.includes('We will read this soon.'),
        'the parent sees what they sent');
    // On the key teacher's home page, the top of the to-do list.
    const home = await priya.get('/');
    assert(home.text.includes('Replies from families') && home.text.includes(`/conversations/${sharedId}#replies`),
        'the reply is on the key teacher\'s to-do list');
    assert(home.text.indexOf('Replies from families') < home.text.indexOf('Conversations with families'),
        'at the top');
    // In the record's history for staff, with a button to mark it read.
    const rec = await priya.get(`/conversations/${sharedId}`);
    assert(rec.text.includes('Replies from the family') && rec.text.includes('She plays with Sam, not Tom.'),
        'the record shows the reply');
    const staffCsrf = rec.text.match(/name="csrf" value="([^"]+)"/)[1];
    eq((await priya.post(`/conversations/${sharedId}/replies/${rid}/read`, {})).status, 403, 'no CSRF');
    eq((await priya.post(`/conversations/${otherShared}/replies/${rid}/read`, { csrf: staffCsrf })).status, 404,
        'the wrong record');
    const read = await priya.post(`/conversations/${sharedId}/replies/${rid}/read`, { csrf: staffCsrf });
    eq(read.status, 303, 'marked read');
    assert(live(`SELECT read_at FROM parent_reply WHERE id = ${rid}`) !== '', 'read_at set');
    assert(!(await priya.get('/')).text.includes('Replies from families'), 'no longer waiting');
    assert((await parent.get(`/my/conversations/${sharedId}`)).text.includes('Your key teacher has read this.'),
        'the parent sees it was read');
    // The lead (not the key teacher) sees the record's history too.
    assert((await lead.get(`/conversations/${sharedId}`)).text.includes('She plays with Sam, not Tom.'));
});

test('the parents\' survey: portal and paper answers, small numbers suppressed', async () => {
    const page = await lead.get('/surveys');
    eq(page.status, 200);
    const csrf = page.text.match(/name="csrf" value="([^"]+)"/)[1];
    const bad = await lead.post('/surveys', { csrf, name: '', opens_on: '2026-13-01', closes_on: '' });
    eq(bad.status, 422, 'a bad round');
    for (const f of ['name', 'opens_on', 'closes_on']) assert(bad.text.includes(`href="#${f}"`), `names ${f}`);
    const day = n => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
    const made = await lead.post('/surveys', { csrf, name: 'Voice round', opens_on: day(-1), closes_on: day(14) });
    eq(made.status, 303, 'round started');
    const round = Number(live("SELECT id FROM survey_round WHERE name = 'Voice round'"));

    // The parent is invited on their child's page, and answers.
    const childPage = await parent.get(`/my/children/${child}`);
    assert(childPage.text.includes(`/my/children/${child}/survey`), 'the parent is invited');
    const form = await parent.get(`/my/children/${child}/survey`);
    eq(form.status, 200);
    for (const words of ['I feel listened to', 'I know what is happening', 'agree together',
                         'help my child at home', 'easy to get in touch'])
        assert(form.text.includes(words), `asks: ${words}`);
    const pcsrf = form.text.match(/name="csrf" value="([^"]+)"/)[1];
    const none = await parent.post(`/my/children/${child}/survey`, { csrf: pcsrf });
    eq(none.status, 422, 'nothing answered');
    assert(none.text.includes('href="#a1"'), 'names the first question');
    const odd = await parent.post(`/my/children/${child}/survey`, { csrf: pcsrf, a1: '4', a3: '7' });
    eq(odd.status, 422, 'an answer out of range');
    assert(odd.text.includes('href="#a3"'), 'names the question');
    eq((await parent.post(`/my/children/999999/survey`, { csrf: pcsrf, a1: '4' })).status, 404, 'not their child');
    const sent = await parent.post(`/my/children/${child}/survey`, { csrf: pcsrf, a1: '4', a2: '3', a3: '4', a4: '3', a5: '4' });
    eq(sent.status, 303, 'answered');
    assert(!(await parent.get(`/my/children/${child}`)).text.includes(`/my/children/${child}/survey"`),
        'no longer invited once answered');
    eq(live(`SELECT count(*) FROM audit WHERE actor = 'user:${PARENT}' AND action = 'create' AND entity = 'survey_response'
             AND pupil_id = ${child}`), '1', 'the answer is audited with the child');

    // One answer: the lead sees only "fewer than 5".
    let res = await lead.get(`/surveys/${round}`);
    eq(res.status, 200);
    assert(res.text.includes('fewer than 5') && !res.text.includes('How families answered'), 'suppressed');
    assert(!(await lead.get('/surveys')).text.match(/Voice round<\/a><\/td><td[^>]*>[^<]*<\/td><td[^>]*>1</), 'no 1 in the table');

    // Paper codes: shown once; wrong codes are refused, then throttled.
    const codesPage = await lead.post(`/surveys/${round}/codes`, { csrf });
    eq(codesPage.status, 200);
    const codes = [...codesPage.text.matchAll(/class="meso-code">([A-Z0-9]+)</g)].map(m => m[1]);
    assert(codes.length >= 6, `codes for the children on roll (${codes.length})`);
    const paper = async (cl, fields) => {
        const f = await cl.get('/survey');
        const token = f.text.match(/name="csrf" value="([^"]+)"/)[1];
        return cl.post('/survey', { csrf: token, ...fields });
    };
    const guesser = new Client(srv.url, { localAddress: '127.0.0.9' });
    for (let i = 0; i < 5; i++) {
        const r = await paper(guesser, { code: 'WRONG234', a1: '1' });
        eq(r.status, 422, `wrong code ${i + 1}`);
        assert(r.text.includes('This code does not work'), 'says the code does not work');
    }
    const held = await paper(guesser, { code: codes[0], a1: '1' });
    eq(held.status, 429, 'guessing is slowed down');
    assert(held.text.includes('href="#code"'), 'the code field is named');
    // Five families answer on paper, typing the code in lower case with a space.
    const family = new Client(srv.url);
    const answers = [['4', '4', '4', '4', '4'], ['4', '3', '4', '4', '3'], ['4', '2', '3', '4', '4'],
                     ['4', '4', '4', '3', '4'], ['4', '3', '4', '4', '4']];
    for (let i = 0; i < 5; i++) {
        const [a1, a2, a3, a4, a5] = answers[i];
        const code = `${codes[i].slice(0, 4).toLowerCase()} ${codes[i].slice(4).toLowerCase()}`;
        const r = await paper(family, { code, a1, a2, a3, a4, a5 });
        eq(r.status, 303, `paper answer ${i + 1}`);
    }
    const again = await paper(family, { code: codes[0], a1: '4' });
    eq(again.status, 422, 'a code works once');
    eq(live(`SELECT count(*) FROM survey_response WHERE round_id = ${round}`), '6', 'six answers');

    // Six answers: the results show, with small counts hidden.
    res = await lead.get(`/surveys/${round}`);
    assert(res.text.includes('How families answered') && res.text.includes('Families who answered: 6'), 'shown');
    const cellsOf = topic => [...res.text.match(new RegExp(`${topic}</th>(.*?)</tr>`, 's'))[1]
        .matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map(m => m[1]);
    // "Feeling listened to": six Yes, shown (0 is shown too).
    const cells = cellsOf('Feeling listened to');
    eq(cells.slice(0, 4).join('|'), '0|0|0|6', 'counts of 5 or more show');
    eq(cells[4], '6', 'answered');
    eq(cells[5], '100%', 'all six said mostly or yes');
    // "Confidence to help at home": 2 Mostly and 4 Yes, both hidden.
    const cells2 = cellsOf('Confidence to help at home');
    eq(cells2.slice(0, 4).join('|'), '0|0|fewer than 5|fewer than 5', 'counts of 1 to 4 are hidden');
    // "Targets agreed together": 1 Mostly and 5 Yes: the 5 is hidden too, or
    // the 1 could be worked out from the total.
    const cells3 = cellsOf('Targets agreed together');
    eq(cells3.slice(0, 4).join('|'), '0|0|fewer than 5|fewer than 5', 'secondary suppression');

    // The evaluation knows the outcome.
    const ev = execFileSync(process.env.MESO_BIN || './meso', ['--db', srv.db, 'evaluate', 'implementation',
        '--outcome', 'parent-voice', '--json'], { encoding: 'utf8' });
    assert(/parent-voice|parents' survey/.test(ev), 'the analysis runs on the survey score');
});

await run();
await srv.stop();
rmSync(dir, { recursive: true, force: true });
