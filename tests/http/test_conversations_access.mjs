// Who may see structured conversations and contacts, through the real
// server: a teacher only their own pupils' (404 for another teacher's, on
// every page and form), a parent only their own child's records that are
// complete and shared, every view audited, CSRF on every POST, and the API.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq, meso, demoDatabase, startServer, Client, settle } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
// The PDF pages use fontconfig, whose one-off font cache LeakSanitizer would
// report when the sanitizer build stops (see tests/unit/test_graphics.h).
process.env.LSAN_OPTIONS = `suppressions=${join(HERE, 'lsan-fontconfig.supp')}`;

const PASSWORD = 'demo-password-1234';
const PRIYA = 'priya.nair@meadowbank.example.org';
const TOM = 'tom.gallagher@meadowbank.example.org';
const LEAD = 'helen.price@meadowbank.example.org';
const PARENT = 'parent.demo@example.org';

// A copy of the demo school with records made for this test.
const dir = mkdtempSync(join(tmpdir(), 'meso-convhttp-'));
const db = join(dir, 'conv.db');
copyFileSync(demoDatabase(), db);
const sql = (q) => execFileSync('sqlite3', [db, q], { encoding: 'utf8' }).trim();

// The demo parent's two children: the first gets a shared record and a
// draft; the parent's other child stays as it is.
const kids = sql(`SELECT pc.pupil_id FROM pupil_carer pc JOIN account a ON a.carer_id = pc.carer_id
                  WHERE a.email = '${PARENT}' ORDER BY pc.pupil_id`).split('\n').map(Number);
const child = kids[0];
const childUpn = sql(`SELECT upn FROM pupil WHERE id = ${child}`);
meso(db, ['keyteacher', 'set', childUpn, PRIYA]);
const recorded = (out) => Number(out.match(/conversation (\d+)/)[1]);
const sharedId = recorded(meso(db, ['conversation', 'add', childUpn, '--going-well', 'She sings at home',
    '--focus', 'Friends at playtime', '--agreed-together',
    '--target', 'A buddy at playtime | school | she plays with someone | 2099-01-01',
    '--summary', 'A good start', '--pupil-views', 'I like the swings']));
meso(db, ['conversation', 'share', String(sharedId), '--how', 'printed copy']);
const draftId = recorded(meso(db, ['conversation', 'add', childUpn, '--status', 'draft',
    '--going-well', 'Not for the family yet']));
const completeUnsharedId = recorded(meso(db, ['conversation', 'add', childUpn,
    '--concerns', 'Complete but not shared yet', '--target', 'Talk each Friday | school | | 2099-01-01']));
// Another family's shared record, and one of Tom's pupils' (not Priya's).
const otherShared = Number(sql(`SELECT c.id FROM conversation c WHERE c.status = 'complete'
    AND c.shared_on IS NOT NULL AND c.pupil_id NOT IN (${kids.join(',')}) LIMIT 1`));
// One of Tom's pupils' conversations with a target, made here so the test
// does not depend on what the demo happened to generate for today's date.
const tomUpn = sql(`SELECT p.upn FROM pupil p JOIN staff s ON s.id = p.key_teacher_id
    WHERE s.email = '${TOM}' ORDER BY p.id LIMIT 1`);
meso(db, ['conversation', 'add', tomUpn, '--going-well', 'Reads at bedtime',
    '--target', 'Read together | parent | a book finished each week | 2099-01-01']);
const tomConv = sql(`SELECT c.id, c.pupil_id, (SELECT min(t.id) FROM target t WHERE t.conversation_id = c.id)
    FROM conversation c JOIN pupil p ON p.id = c.pupil_id JOIN staff s ON s.id = p.key_teacher_id
    WHERE s.email = '${TOM}' AND EXISTS (SELECT 1 FROM target t WHERE t.conversation_id = c.id)
    ORDER BY c.id LIMIT 1`).split('|').map(Number);
const [tomConvId, tomPupil, tomTarget] = tomConv;
assert(otherShared > 0 && tomConvId > 0 && tomTarget > 0, 'the demo has the records this test needs');
const readToken = meso(db, ['token', 'add', '--name', 'reader', '--scope', 'read']).trim();
const writeToken = meso(db, ['token', 'add', '--name', 'mis-sync', '--scope', 'write']).trim();
execFileSync('sqlite3', [db, 'PRAGMA wal_checkpoint(TRUNCATE)']);

const srv = await startServer({ db });
// The server works on its own copy; read the audit trail there.
const live = (q) => { if (/audit/i.test(q)) settle(srv.db); return execFileSync('sqlite3', [srv.db, q], { encoding: 'utf8' }).trim(); };

async function signIn(email) {
    const c = new Client(srv.url);
    const csrf = await c.csrf('/sign-in');
    const r = await c.post('/sign-in', { csrf, email, password: PASSWORD });
    eq(r.status, 303, `sign in as ${email}`);
    return c;
}

const priya = await signIn(PRIYA);
const parent = await signIn(PARENT);
const lead = await signIn(LEAD);
const priyaCsrf = await priya.csrf(`/pupils/${child}/contacts/new`);

test('a teacher cannot see or change another teacher\'s pupils\' conversations (404)', async () => {
    for (const path of [`/conversations/${tomConvId}`, `/conversations/${tomConvId}/explore`,
                        `/conversations/${tomConvId}/focus`, `/conversations/${tomConvId}/plan`,
                        `/conversations/${tomConvId}/review`, `/conversations/${tomConvId}/meeting`,
                        `/conversations/${tomConvId}/pdf`, `/pupils/${tomPupil}/conversations`,
                        `/pupils/${tomPupil}/conversations/new`, `/pupils/${tomPupil}/agreement`,
                        `/pupils/${tomPupil}/contacts`, `/pupils/${tomPupil}/contacts/new`,
                        `/targets/${tomTarget}/review`, '/conversations/999999']) {
        const r = await priya.get(path);
        eq(r.status, 404, `GET ${path}`);
    }
    const contacts = live(`SELECT count(*) FROM contact WHERE pupil_id = ${tomPupil}`);
    const before = live(`SELECT updated_at || shared_on || status FROM conversation WHERE id = ${tomConvId}`);
    for (const [path, form] of [
        [`/conversations/${tomConvId}/explore`, { going_well: 'changed' }],
        [`/conversations/${tomConvId}/complete`, {}],
        [`/conversations/${tomConvId}/share`, { how: 'email' }],
        [`/conversations/${tomConvId}/plan`, { what: 'x', owner: 'school' }],
        [`/pupils/${tomPupil}/contacts/new`, { method: 'phone', purpose: 'celebration' }],
        [`/pupils/${tomPupil}/conversations/new`, {}],
        [`/pupils/${tomPupil}/agreement`, { purpose: 'x', outcomes: 'y' }],
        [`/targets/${tomTarget}/review`, { status: 'achieved', parent: 'yes' }],
    ]) {
        const r = await priya.post(path, { csrf: priyaCsrf, ...form });
        eq(r.status, 404, `POST ${path}`);
    }
    eq(live(`SELECT count(*) FROM contact WHERE pupil_id = ${tomPupil}`), contacts, 'no contact added');
    eq(live(`SELECT updated_at || shared_on || status FROM conversation WHERE id = ${tomConvId}`), before,
        'the record is unchanged');
    // Nothing of Tom's pupil is listed for Priya, and no view was audited.
    const area = await priya.get('/conversations');
    eq(area.status, 200);
    assert(!area.text.includes(`/pupils/${tomPupil}/conversations`), 'Tom\'s pupil is not in Priya\'s list');
    eq(live(`SELECT count(*) FROM audit WHERE actor = 'user:${PRIYA}' AND entity = 'conversation'
             AND action = 'view' AND entity_id = ${tomConvId}`), '0', 'a refusal is not a view');
    // Her own pupil's record opens.
    eq((await priya.get(`/conversations/${sharedId}`)).status, 200);
    eq((await priya.get(`/pupils/${child}/conversations`)).status, 200);
    // A lead sees both.
    eq((await lead.get(`/conversations/${tomConvId}`)).status, 200);
});

test('a parent sees only their own child\'s shared records', async () => {
    const own = await parent.get(`/my/conversations/${sharedId}`);
    eq(own.status, 200, 'their own child\'s shared record');
    assert(own.text.includes('She sings at home') && own.text.includes('A buddy at playtime'), 'the record shows');
    for (const [id, why] of [[draftId, 'a draft'], [completeUnsharedId, 'complete but not shared'],
                             [otherShared, 'another family\'s shared record'], [999999, 'none']]) {
        eq((await parent.get(`/my/conversations/${id}`)).status, 404, why);
        eq((await parent.get(`/my/conversations/${id}/pdf`)).status, 404, `${why} (PDF)`);
    }
    const page = await parent.get(`/my/children/${child}`);
    eq(page.status, 200);
    assert(page.text.includes(`/my/conversations/${sharedId}`), 'the shared record is listed');
    assert(!page.text.includes(`/my/conversations/${draftId}`) &&
           !page.text.includes(`/my/conversations/${completeUnsharedId}`), 'unshared records are not');
    assert(!page.text.includes('Not for the family yet'), 'nothing of the draft shows');
    eq((await parent.get(`/my/children/${tomPupil}`)).status, 404, 'another child');
    eq((await parent.get(`/my/children/${tomPupil}/views`)).status, 404, 'another child\'s views form');
    const csrf = await parent.csrf(`/my/children/${child}/views`);
    const views = live('SELECT count(*) FROM parent_view');
    eq((await parent.post(`/my/children/${tomPupil}/views`, { csrf, going_well: 'x' })).status, 404);
    eq(live('SELECT count(*) FROM parent_view'), views, 'no views added for another child');
    // Staff pages are not for parents at all.
    for (const path of [`/conversations/${sharedId}`, `/pupils/${child}/conversations`, '/conversations',
                        `/pupils/${child}/contacts`])
        eq((await parent.get(path)).status, 403, `parent on ${path}`);
    // Their PDF downloads.
    const pdf = await parent.get(`/my/conversations/${sharedId}/pdf`);
    eq(pdf.status, 200);
    eq(pdf.headers.get('content-type'), 'application/pdf');
    assert(/attachment; filename="meeting-/.test(pdf.headers.get('content-disposition')), 'a download');
});

test('every view is audited, as the person who looked', async () => {
    const count = (actor, action, entity, id) => Number(live(`SELECT count(*) FROM audit WHERE
        actor = 'user:${actor}' AND action = '${action}' AND entity = '${entity}'
        ${id ? `AND entity_id = ${id}` : ''}`));
    const pv = count(PARENT, 'view', 'conversation', sharedId);
    await parent.get(`/my/conversations/${sharedId}`);
    eq(count(PARENT, 'view', 'conversation', sharedId), pv + 1, 'the parent\'s view');
    const pd = count(PARENT, 'download', 'conversation', sharedId);
    await parent.get(`/my/conversations/${sharedId}/pdf`);
    eq(count(PARENT, 'download', 'conversation', sharedId), pd + 1, 'the parent\'s download');
    const tv = count(PRIYA, 'view', 'conversation', sharedId);
    await priya.get(`/conversations/${sharedId}`);
    eq(count(PRIYA, 'view', 'conversation', sharedId), tv + 1, 'the teacher\'s view');
    const row = live(`SELECT pupil_id, address IS NOT NULL FROM audit WHERE actor = 'user:${PRIYA}'
        AND action = 'view' AND entity = 'conversation' ORDER BY id DESC LIMIT 1`);
    eq(row, `${child}|1`, 'the view names the child and the address');
    for (const [path, action, entity] of [
        [`/pupils/${child}/conversations`, 'list', 'conversation'],
        [`/pupils/${child}/contacts`, 'list', 'contact'],
        [`/pupils/${child}`, 'list', 'contact'],
        ['/conversations', 'list', 'conversation_scope'],
        ['/', 'report', 'conversation'],
        [`/pupils/${child}/agreement`, 'view', 'parent_agreement'],
    ]) {
        const n = count(PRIYA, action, entity);
        eq((await priya.get(path)).status, 200, path);
        assert(count(PRIYA, action, entity) > n, `${path} is audited (${action} ${entity})`);
    }
    // Changes are audited too: a contact.
    const made = count(PRIYA, 'create', 'contact');
    const r = await priya.post(`/pupils/${child}/contacts/new`, { csrf: priyaCsrf, method: 'gate',
        purpose: 'praise', date: live("SELECT date('now')") });
    eq(r.status, 303, 'contact saved');
    eq(count(PRIYA, 'create', 'contact'), made + 1, 'the new contact is audited');
    // And meso audit --json shows them.
    const trail = JSON.parse(execFileSync(process.env.MESO_BIN || './meso',
        ['--db', srv.db, 'audit', '--json', '--actor', `user:${PARENT}`], { encoding: 'utf8' }));
    const entries = trail.audit;
    assert(entries.some((e) => e.action === 'download' && e.entity === 'conversation'),
        'meso audit --json lists the parent\'s download');
});

// Every POST route in the table (apart from the anonymous sign-in forms and
// the API) refuses a missing or wrong CSRF token, and changes nothing.
test('CSRF: every POST refuses a missing or wrong token', async () => {
    const routes = readFileSync(join(HERE, '../../src/http/routes.c'), 'utf8');
    const posts = [...routes.matchAll(/\{\s*"POST",\s*"([^"]+)",\s*\w+,\s*([^,]+),\s*([^,]+),/g)]
        .filter(([, path, , flags]) => !path.startsWith('/api/') && !flags.includes('RF_ANON_FORM'))
        .map(([, path, access]) => ({ path, parentOnly: access.trim() === 'R_PARENT' }));
    const mine = posts.filter((p) => /conversations|contacts|agreement|targets|\/my\//.test(p.path));
    assert(mine.length >= 12, `found the conversation POST routes (${mine.length})`);
    const fill = (p) => p.replace('/conversations/{id}', `/conversations/${sharedId}`)
        .replace('/pupils/{id}', `/pupils/${child}`).replace('/targets/{id}', `/targets/${tomTarget}`)
        .replace('/my/children/{id}', `/my/children/${child}`).replace(/\{\w+\}/g, '1');
    const state = () => live(`SELECT (SELECT count(*) FROM contact) || ' ' || (SELECT count(*) FROM conversation)
        || ' ' || (SELECT count(*) FROM parent_view) || ' ' || (SELECT count(*) FROM target_review)
        || ' ' || (SELECT count(*) FROM parent_agreement) || ' ' || (SELECT group_concat(updated_at) FROM conversation)`);
    const before = state();
    for (const { path, parentOnly } of posts) {
        const who = parentOnly ? parent : lead;
        const url = fill(path);
        const form = { method: 'phone', purpose: 'celebration', going_well: 'x', how: 'email', status: 'achieved',
                       parent: 'yes' };
        const none = await who.post(url, form);
        eq(none.status, 403, `POST ${url} without a token`);
        const wrong = await who.post(url, { ...form, csrf: 'A'.repeat(43) });
        eq(wrong.status, 403, `POST ${url} with a wrong token`);
    }
    eq(state(), before, 'nothing changed');
});

test('the API: conversations, contacts and the report, audited as the token', async () => {
    const api = (token) => ({ headers: { authorization: `Bearer ${token}` } });
    const c = new Client(srv.url);
    const list = await c.get(`/api/v1/conversations?pupil_id=${child}`, api(readToken));
    eq(list.status, 200);
    const l = list.json();
    eq(l.total, 3, 'the child\'s three records');
    assert(l.items.every((x) => x.pupil_id === child), 'only that pupil');
    const one = await c.get(`/api/v1/conversations/${sharedId}`, api(readToken));
    eq(one.status, 200);
    eq(one.json().explore.going_well, 'She sings at home');
    eq(one.json().fidelity.items, 6);
    eq((await c.get('/api/v1/conversations/999999', api(readToken))).status, 404);
    eq((await c.get('/api/v1/conversations?status=sideways', api(readToken))).status, 422);
    const page2 = await c.get('/api/v1/conversations?per_page=5&page=2', api(readToken));
    eq(page2.json().items.length, 5);
    // Contacts: list, then create with the write token (the read token may not).
    const body = { pupil_id: child, method: 'school_gate', purpose: 'celebration', note: 'A great week' };
    eq((await c.req('POST', '/api/v1/contacts', { ...api(readToken), json: body })).status, 403);
    const made = await c.req('POST', '/api/v1/contacts', { ...api(writeToken), json: body });
    eq(made.status, 201, made.text);
    eq(made.json().method, 'school_gate');
    eq(made.json().pupil_id, child);
    const bad = await c.req('POST', '/api/v1/contacts', { ...api(writeToken),
        json: { pupil_id: child, method: 'pigeon', colour: 'blue' } });
    eq(bad.status, 422);
    const fields = bad.json().error.fields;
    assert(fields.method && fields.purpose && fields.colour, `fields: ${JSON.stringify(fields)}`);
    const contacts = await c.get(`/api/v1/contacts?pupil_id=${child}`, api(readToken));
    eq(contacts.status, 200);
    assert(contacts.json().items.some((x) => x.note === 'A great week'), 'the new contact is listed');
    // The report has the same keys as the command line's.
    const rep = await c.get('/api/v1/reports/conversations', api(readToken));
    eq(rep.status, 200);
    const cli = JSON.parse(meso(srv.db, ['report', 'conversations', '--json']));
    eq(JSON.stringify(Object.keys(rep.json())), JSON.stringify(Object.keys(cli)), 'the same keys');
    for (const k of ['pupils_in_scope', 'with_0', 'with_1', 'with_2', 'with_3_or_more', 'mean_fidelity',
                     'targets_reviewed_with_parent_share', 'positive_contact_share', 'mean_distinct_methods',
                     'share_with_2_or_more', 'target_reviews_with_parent_per_pupil', 'progress_methods_mean',
                     'did_not_attend', 'prompts'])
        assert(k in rep.json(), `report key ${k}`);
    // Achievement for All's indicators, the same from the API and the command line.
    for (const k of ['pupils_in_scope', 'share_with_2_or_more', 'target_reviews_with_parent_per_pupil',
                     'progress_methods_mean', 'did_not_attend'])
        eq(rep.json()[k], cli[k], `report ${k}`);
    eq(JSON.stringify(rep.json().prompts), JSON.stringify(cli.prompts), 'report prompts');
    const j = rep.json();
    assert(j.share_with_2_or_more >= 0 && j.share_with_2_or_more <= 1, 'a share');
    const close = (a, b) => Math.abs(a - b) < 1e-9;
    assert(close(j.share_with_2_or_more, (j.with_2 + j.with_3_or_more) / j.pupils_in_scope), 'share = (with_2 + with_3_or_more) / pupils');
    assert(j.did_not_attend >= 1, 'the meeting the family missed is counted');
    eq((await c.get('/api/v1/reports/conversations?year=soon', api(readToken))).status, 422);
    eq(live(`SELECT count(*) > 0 FROM audit WHERE actor = 'token:reader' AND action = 'view'
             AND entity = 'conversation' AND entity_id = ${sharedId}`), '1', 'the API view is audited');
    eq(live(`SELECT count(*) FROM audit WHERE actor = 'token:mis-sync' AND action = 'create'
             AND entity = 'contact'`), '1', 'the API contact is audited');
    // No token, no data.
    eq((await c.get('/api/v1/conversations')).status, 401);
});

test('a record below the minimum cannot be completed or shared; a meeting the family missed is kept apart', async () => {
    const fingerprint = () => live(`SELECT status || '|' || coalesce(shared_on, '') FROM conversation
                                    WHERE id = ${draftId}`);
    eq(fingerprint(), 'draft|');
    const r = await priya.post(`/conversations/${draftId}/complete`, { csrf: priyaCsrf });
    eq(r.status, 422, 'completing a record with no target is refused');
    assert(r.text.includes('Agree at least one target together before completing'), 'the missing target is named');
    eq(fingerprint(), 'draft|', 'nothing changed');
    const s = await priya.post(`/conversations/${draftId}/share`, { csrf: priyaCsrf, how: 'email' });
    eq(s.status, 422, 'sharing a draft is refused');
    assert(s.text.includes('Save the record as complete before you share it'), 'says why');
    eq(fingerprint(), 'draft|', 'nothing changed');
    // "The family did not come": kept as arranged, with a prompt to try again.
    const made = await priya.post(`/pupils/${child}/conversations/new`, { csrf: priyaCsrf,
        event_date: new Date(Date.now() - 86400000).toISOString().slice(0, 10), way: 'did_not_come' });
    eq(made.status, 303, made.text);
    const id = Number(made.location.match(/conversations\/(\d+)/)[1]);
    eq(live(`SELECT status || '|' || did_not_come FROM conversation WHERE id = ${id}`), 'planned|1');
    const page = await priya.get(`/conversations/${id}`);
    assert(page.text.includes('Try another time or another way'), 'the prompt to try again');
    assert(!page.text.includes('Save as complete'), 'nothing to complete');
    eq((await priya.post(`/conversations/${id}/complete`, { csrf: priyaCsrf })).status, 422);
    eq(live(`SELECT status FROM conversation WHERE id = ${id}`), 'planned');
});

await run();
await srv.stop();
rmSync(dir, { recursive: true, force: true });
