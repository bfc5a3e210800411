// The whole first path in a real browser (issue 11), one SENCO alone with
// the MIS export: `meso serve` on a database that does not exist prints a
// one-time link; the SENCO opens it, sets up the school and their account,
// sets up two-step sign-in with a code from an authenticator (computed
// here), finds the setup checklist on their home page and follows it:
// invites a teacher, who joins with their own link; uploads the SIMS-shaped
// export (tests/fixtures/sims_pupils_one_problem.csv), whose preview shows
// one fixable problem (the UPN column's header), fixes it and confirms; the
// carers come from the same file; makes the teacher key teacher of class
// 3B. The teacher records a complete conversation with a 3B pupil's family
// and shares it; the lead gives the mother a joining code; she joins on her
// phone and reads it. axe and a screenshot of every step
// (tests/browser/out/setup-*.png).
// One test, step by step: the browser keeps each person's session
// throughout (run() closes every page between tests).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, newPage, axeScan, screenshot, problems, after } from './lib.mjs';
import { totpAt, totpStep } from '../http/lib.mjs';

const MESO = process.env.MESO_BIN || './meso';
const tmp = mkdtempSync(join(tmpdir(), 'meso-setup-'));
const DB = join(tmp, 'school.db');
const PASSWORD = 'harbour lantern meadow 42';
const LEAD = 'rosa.bell@hillside.example.org';
const TEACHER = 'amir.haddad@hillside.example.org';
const TEACHER_PASSWORD = 'kettle orchard lantern 7';
const PARENT = 'nasima.rahman@example.org'; // Contact 1 of Aisha Rahman, 3B, in the fixture
const FIXTURE = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/sims_pupils_one_problem.csv');

// A server of our own, on a database that does not exist yet.
const server = spawn(MESO, ['--db', DB, 'serve', '--listen', '127.0.0.1:0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
let printed = '';
server.stdout.on('data', (d) => { printed += d; });
after(async () => {
    if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => server.on('exit', r));
    }
    rmSync(tmp, { recursive: true, force: true });
});
const link = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no setup link: ${printed}`)), 10000);
    server.stdout.on('data', () => {
        const m = printed.match(/(http:\/\/\S+\/setup\?code=[A-Z0-9-]+)/);
        if (m) { clearTimeout(timer); resolve(m[1]); }
    });
});
const base = link.replace(/\/setup\?.*$/, '');
const at = (path) => base + path;
const sql = (q) => execFileSync('sqlite3', ['-readonly', DB, q], { encoding: 'utf8' }).trim();
// Dates as the server sees them (MESO_TODAY when set, else today in UTC).
function isoDate(daysFromToday) {
    const start = process.env.MESO_TODAY ? new Date(process.env.MESO_TODAY + 'T00:00:00Z') : new Date();
    return new Date(start.getTime() + daysFromToday * 86400000).toISOString().slice(0, 10);
}

// axe (no serious or critical problems), a screenshot, and nothing went
// wrong but the statuses expected (a form with a problem is a 422).
async function check(page, name, { allowStatus = [] } = {}) {
    await axeScan(page);
    await screenshot(page, `setup-${name}`);
    const bad = problems(page, { clear: true }).filter(
        (p) => !allowStatus.some((st) => p.startsWith(`HTTP ${st}`) || p.includes(`status of ${st} `)));
    assert(bad.length === 0, `${name}: ${bad.join('; ')}`);
}
async function submit(page, label) {
    await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${label}")`)]);
}
async function follow(page, selector) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

test('the whole path: setup, the checklist, import, a teacher who joins, a class, a shared conversation, the parent', async () => {
    // 1. A new database: every door leads to setup, which says where the link is.
    assert(printed.includes('no one can sign in yet'), 'the console explains');
    const page = await newPage();
    await page.goto(at('/'));
    assert(new URL(page.url()).pathname === '/setup', `went to ${page.url()}`);
    assert((await page.textContent('main')).includes('printed a setup link'), 'says where the link is');
    await check(page, '1-ask');
    await page.close();

    // 2. The setup link: the school and the lead, checked field by field.
    const lead = await newPage();
    await lead.goto(link);
    await check(lead, '2-form');
    // One mistake: a URN with five digits, shown beside its field.
    await lead.fill('#urn', '12345');
    await lead.fill('#name', 'Hillside Primary School');
    await lead.fill('#la', '201');
    await lead.selectOption('#phase', 'primary');
    await lead.fill('#lead_name', 'Rosa Bell');
    await lead.fill('#lead_email', LEAD);
    await lead.fill('#lead_password', PASSWORD);
    await submit(lead, 'Set up meso');
    assert((await lead.textContent('.govuk-error-summary')).includes('A URN has 6 digits'), 'the URN problem');
    await check(lead, '3-form-error', { allowStatus: [422] });
    await lead.fill('#urn', '123456');
    await lead.fill('#lead_password', PASSWORD); // a password field is never sent back
    await submit(lead, 'Set up meso');
    assert((await lead.textContent('h1')).includes('Hillside Primary School is set up'), 'set up');
    await check(lead, '4-done');

    // 3. Two-step sign-in next, then the home page has the setup checklist.
    await Promise.all([lead.waitForNavigation(), lead.click('a:has-text("Set up two-step sign-in")')]);
    assert(await lead.locator('.meso-qr svg').isVisible(), 'the QR code');
    await check(lead, '5-two-step');
    const secret = (await lead.textContent('code.meso-secret')).trim();
    await lead.fill('#code', totpAt(secret, totpStep()));
    await submit(lead, 'Turn on two-step sign-in');
    assert((await lead.locator('ul.meso-codes li').count()) === 10, 'ten recovery codes');
    await check(lead, '6-recovery-codes');
    await Promise.all([lead.waitForNavigation(), lead.click('a:has-text("Continue")')]);
    const main = await lead.textContent('main');
    assert(main.includes('Setting up meso'), 'the checklist');
    for (const step of ['Import your pupils', 'Link parents and carers', 'Invite your staff', 'Choose key teachers', 'Arrange the first conversation'])
        assert(main.includes(step), `step: ${step}`);
    assert((await lead.locator('.govuk-task-list .govuk-tag').count()) === 5, 'five steps to do');
    await check(lead, '7-home-checklist');

    // 4. The lead invites a teacher: no password anywhere, a joining link.
    await Promise.all([lead.waitForNavigation(), lead.click('a:has-text("Invite your staff")')]);
    assert(new URL(lead.url()).pathname === '/accounts/new', 'the step links to the page that does it');
    await lead.fill('#name', 'Amir Haddad');
    await lead.fill('#email', TEACHER);
    await submit(lead, 'Add account');
    const joinLink = (await lead.textContent('.meso-link-text')).trim();
    const teacherCode = (await lead.textContent('code.meso-secret')).trim();
    assert(joinLink.endsWith(`/join?code=${teacherCode}`), `a link with the code: ${joinLink}`);
    await check(lead, '8-teacher-code');
    // The teacher, on their own device, opens the link.
    const t = await newPage('phone');
    await t.goto(joinLink);
    assert((await t.inputValue('#code')) === teacherCode, 'the link fills in the code');
    await t.fill('#email', TEACHER);
    await t.fill('#password', TEACHER_PASSWORD);
    await check(t, '9-teacher-joins');
    await submit(t, 'Join');
    assert((await t.textContent('h1')).includes('Hello, Amir Haddad'), 'signed in as themselves');
    await check(t, '10-teacher-home');
    // The checklist moves on.
    await lead.goto(at('/'));
    assert((await lead.textContent('main')).includes('1 invited, 1 joined'), 'staff invited and joined');

    // 5. A second use of the code is refused in words that say what to do.
    const p = await newPage();
    await p.goto(at(`/join?code=${teacherCode}`));
    await p.fill('#email', TEACHER);
    await p.fill('#password', 'a different pass phrase 3');
    await submit(p, 'Join');
    assert((await p.textContent('.govuk-error-summary')).includes('This code does not work'), 'refused');
    await check(p, '11-code-used', { allowStatus: [422] });
    await p.close();

    // 6. The school details page.
    await lead.goto(at('/school'));
    assert((await lead.inputValue('#name')) === 'Hillside Primary School', 'the school');
    assert((await lead.textContent('main')).includes('Term dates'), 'term dates');
    await check(lead, '12-school');

    // 7. The MIS export, from the checklist: the preview shows one problem
    // (the export heads its UPN column "Unique Pupil No") and saves nothing.
    await lead.goto(at('/'));
    await follow(lead, 'a:has-text("Import your pupils")');
    assert(new URL(lead.url()).pathname === '/import', `the step links to the import: ${lead.url()}`);
    await lead.setInputFiles('#file', FIXTURE);
    await Promise.all([lead.waitForURL(/\/import\/\d+$/), lead.click('button:has-text("Upload and check")')]);
    const previewPath = new URL(lead.url()).pathname;
    const box = await lead.locator('#problems').textContent();
    assert(box.includes('1 problem to put right') && box.includes('UPN'), `one problem, naming the column: ${box}`);
    assert(box.includes('Nothing has been saved'), 'says nothing is saved');
    assert.equal(sql('SELECT count(*) FROM pupil'), '0', 'nothing imported');
    await check(lead, '13-import-problem');
    // Fix it: say which column holds the UPN; then confirm.
    const pick = lead.locator('#pick-upn');
    await pick.selectOption(await pick.locator('option', { hasText: 'Unique Pupil No' }).getAttribute('value'));
    await Promise.all([lead.waitForURL((u) => u.pathname === previewPath), lead.click('button:has-text("Use this column")')]);
    const counts = await lead.locator('#counts').textContent();
    assert(/30 pupils to add/.test(counts) && /38 parents or carers to add/.test(counts), `the rows to add: ${counts}`);
    await check(lead, '14-import-ready');
    await Promise.all([lead.waitForURL((u) => u.pathname === previewPath), lead.click('button:has-text("Import now")')]);
    assert((await lead.locator('.govuk-panel').textContent()).includes('30 pupils added'), 'imported');
    await check(lead, '15-imported');

    // 8. The carers came from the same file: the checklist says so, and
    // Aisha's page shows her mother and father.
    await lead.goto(at('/'));
    const home = await lead.textContent('main');
    assert(home.includes('30 pupils on roll'), 'pupils on roll');
    assert(home.includes("30 of 30 pupils have a parent or carer linked"), `carers linked from the same file: ${home}`);
    const aisha = Number(sql("SELECT id FROM pupil WHERE upn = 'E999200119001'"));
    await lead.goto(at(`/pupils/${aisha}`));
    const aishaPage = await lead.textContent('main');
    assert(aishaPage.includes('Nasima Rahman') && aishaPage.includes('Abdul Rahman'), 'both contacts');
    await check(lead, '16-pupil-carers');

    // 9. The teacher becomes key teacher of class 3B, from the checklist.
    await lead.goto(at('/'));
    await follow(lead, 'a:has-text("Choose key teachers")');
    assert(new URL(lead.url()).pathname === '/classes', `the step links to the classes: ${lead.url()}`);
    await follow(lead, 'a:has-text("3B")');
    await lead.selectOption('#key_teacher', { label: 'Amir Haddad' });
    await Promise.all([lead.waitForURL(/saved=\d+/), lead.click('button:has-text("Save")')]);
    assert((await lead.textContent('main')).includes('Amir Haddad'), 'the key teacher shows');
    await check(lead, '17-class-key-teacher');
    const inScope3B = sql("SELECT count(*) FROM pupil p JOIN reg_group g ON g.id = p.reg_group_id WHERE g.name = '3B'"
        + " AND p.sen_provision IN ('K', 'E')");
    const given = sql("SELECT count(*) FROM pupil p JOIN reg_group g ON g.id = p.reg_group_id JOIN staff s ON s.id = p.key_teacher_id"
        + " WHERE g.name = '3B' AND s.name = 'Amir Haddad'");
    assert(Number(inScope3B) > 0 && given === inScope3B, `every 3B pupil in scope has Amir (${given} of ${inScope3B})`);

    // 10. The teacher records a complete conversation with Aisha's family.
    await t.goto(at(`/pupils/${aisha}`));
    await follow(t, 'a:has-text("Conversations with the family")');
    await follow(t, 'a:has-text("Set up the agreement")');
    await t.fill('#purpose', 'To work together so Aisha enjoys talking in class.');
    await t.fill('#outcomes', 'Aisha answers in class and tells us about her day.');
    await submit(t, 'Save the agreement');
    await follow(t, 'a:has-text("Record a conversation")');
    await t.check('#pupil_present');
    await submit(t, 'Save and continue');
    assert(t.url().endsWith('/explore'), `explore: ${t.url()}`);
    const conv = Number(t.url().split('/').at(-2));
    await t.fill('#going_well', 'Aisha loves telling stories at home.');
    await t.fill('#concerns', 'She is quiet in class.');
    await t.fill('#hopes', 'We hope she shares her stories at school too.');
    await submit(t, 'Save and continue');
    await t.fill('#focus_area', 'Talking in class.');
    await t.check('#agreed_together');
    await submit(t, 'Save and continue');
    await t.fill('#what', 'Tell one story at carpet time each week.');
    await t.check('#owner-0'); // school
    await t.fill('#review_date', isoDate(42));
    await submit(t, 'Save and continue');
    assert(t.url().endsWith('/review'), `review: ${t.url()}`);
    await t.fill('#summary', 'A good talk. We will try carpet stories for six weeks.');
    await t.fill('#next_steps', 'Carpet stories each week.');
    await t.fill('#next_meeting', isoDate(49));
    await t.fill('#keep_in_touch', 'A note home on Fridays.');
    await t.fill('#pupil_views', 'I like telling stories about my cat.');
    await submit(t, 'Save and continue');
    assert((await t.locator('main').innerText()).includes('6 of 6 parts'), 'the whole model');
    await submit(t, 'Save as complete');
    assert((await t.locator('.govuk-notification-banner--success').innerText()).includes('complete'), 'complete');
    await t.check('#how-3'); // on their meso page
    await submit(t, 'Mark as shared');
    assert((await t.locator('.govuk-notification-banner--success').innerText()).includes('shared'), 'shared');
    await check(t, '18-conversation-shared');
    await t.close();

    // 11. The lead gives Aisha's mother a joining code; she joins on her
    // phone and reads the record.
    await lead.goto(at(`/pupils/${aisha}`));
    await follow(lead, 'a:has-text("Invite a parent or carer to meso")');
    await follow(lead, 'form:has-text("Nasima Rahman") button:has-text("Make a code")');
    const parentCode = (await lead.textContent('code.meso-secret')).trim();
    await check(lead, '19-parent-code');
    const mum = await newPage('phone');
    await mum.goto(at('/join'));
    await mum.fill('#code', parentCode);
    await mum.fill('#email', PARENT);
    await mum.fill('#password', 'sunflower river garden 5');
    await submit(mum, 'Join');
    await follow(mum, `main a[href="/my/children/${aisha}"]`);
    await follow(mum, 'a:has-text("Our meeting on")');
    assert(mum.url().endsWith(`/my/conversations/${conv}`), `the record: ${mum.url()}`);
    const read = await mum.locator('main').innerText();
    for (const words of ['Aisha loves telling stories at home.', 'Talking in class.', 'Tell one story at carpet time each week.'])
        assert(read.includes(words), `the parent reads "${words}"`);
    await check(mum, '20-parent-reads');

    // 12. And setup is gone.
    const gone = await newPage();
    const r = await gone.goto(link);
    assert(r.status() === 404, `setup after setup: ${r.status()}`);
}, { timeout: 600_000 }); // twenty axe scans on a shared machine

await run();
