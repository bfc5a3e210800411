// The first run in a real browser (issue 11): `meso serve` on a database
// that does not exist prints a one-time link; the SENCO opens it, sets up
// the school and their account, sets up two-step sign-in with a code from
// an authenticator (computed here), finds the setup checklist on their home
// page, adds a teacher, who joins with their own link; the school details
// page. axe and a screenshot of every step (tests/browser/out/setup-*.png).
// One test, step by step: the browser keeps the SENCO's session throughout
// (run() closes every page between tests).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, run, assert, newPage, axeScan, screenshot, problems, after } from './lib.mjs';
import { totpAt, totpStep } from '../http/lib.mjs';

const MESO = process.env.MESO_BIN || './meso';
const tmp = mkdtempSync(join(tmpdir(), 'meso-setup-'));
const DB = join(tmp, 'school.db');
const PASSWORD = 'harbour lantern meadow 42';
const LEAD = 'rosa.bell@hillside.example.org';
const TEACHER = 'amir.haddad@hillside.example.org';

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

test('the first run: setup, two-step sign-in, the checklist, a teacher who joins', async () => {
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
    await t.fill('#password', 'kettle orchard lantern 7');
    await check(t, '9-teacher-joins');
    await submit(t, 'Join');
    assert((await t.textContent('h1')).includes('Hello, Amir Haddad'), 'signed in as themselves');
    await check(t, '10-teacher-home');
    await t.close();
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

    // 6. The school details page; and setup is gone.
    await lead.goto(at('/school'));
    assert((await lead.inputValue('#name')) === 'Hillside Primary School', 'the school');
    assert((await lead.textContent('main')).includes('Term dates'), 'term dates');
    await check(lead, '12-school');
    const gone = await newPage();
    const r = await gone.goto(link);
    assert(r.status() === 404, `setup after setup: ${r.status()}`);
}, { timeout: 180_000 });

await run();
