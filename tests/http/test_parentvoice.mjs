// A parent's reply and a parent's voice (issue 18, parts 3 and 4), through
// the real server on a copy of the demo school: a parent replies to a shared
// record (or says something is not right); it reaches the key teacher's
// to-do list on their home page, is logged as a contact the family started,
// shows in the record's history, and is counted in the conversations
// report; bad input names the field; another child's record is 404.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq, meso, demoDatabase, startServer, Client, settle } from './lib.mjs';

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

await run();
