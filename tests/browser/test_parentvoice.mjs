// A parent's reply and a parent's voice in a real browser (issue 18, parts
// 2-4), at 320 px for the family's pages: the plain-writing hints beside a
// record before it is shared; a parent replies to a shared record and the key
// teacher sees it on their home page; the survey through the portal and on
// paper with a code. axe (no serious or critical problems), reading ease of
// 70 or more on every family page, nothing wider than the screen, and a
// screenshot of each page. The tests run in order.
import { execFileSync } from 'node:child_process';
import {
    test, run, assert, newPage, url, axeScan, screenshot, readingEase, problems, OUT_DIR,
} from './lib.mjs';
import { join } from 'node:path';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const TEACHER = 'priya.nair@meadowbank.example.org';
const PARENT = 'parent.demo@example.org';
const DB = process.env.MESO_DB_FILE;
const MESO = process.env.MESO_BIN || './meso';

function sql(query) {
    if (!DB) throw new Error('MESO_DB_FILE is not set (run through tests/browser/run.sh)');
    return execFileSync('sqlite3', ['-cmd', '.timeout 10000', DB, query], { encoding: 'utf8' }).trim();
}
const meso = (...args) => execFileSync(MESO, ['--db', DB, ...args], { encoding: 'utf8' });

const CHILD = Number(sql(
    "SELECT pc.pupil_id FROM pupil_carer pc JOIN account a ON a.carer_id = pc.carer_id" +
    ` WHERE a.email = '${PARENT}' ORDER BY pc.pupil_id LIMIT 1`));
const UPN = sql(`SELECT upn FROM pupil WHERE id = ${CHILD}`);
meso('keyteacher', 'set', UPN, TEACHER);
const recorded = (out) => Number(out.match(/conversation (\d+)/)[1]);
// A record written the way staff often write: jargon and a long sentence.
const JARGON = recorded(meso('conversation', 'add', UPN, '--going-well', 'Mrs Ali (TA) says he is settling.',
    '--concerns', 'He was dysregulated after PE and the SENCO is looking at his SEMH needs with the ' +
    'class teacher and the TA so that the differentiation in class meets his needs on the days when ' +
    'he finds it hardest to settle.',
    '--target', 'Calm corner when upset | school | fewer upsets | 2099-01-01', '--summary', 'A good talk.'));
// A plain record, shared with the family.
const SHARED = recorded(meso('conversation', 'add', UPN, '--going-well', 'He likes drawing.',
    '--focus', 'Making friends', '--agreed-together',
    '--target', 'Play a game at lunch | school | he plays with others | 2099-01-01', '--summary', 'A kind talk.'));
meso('conversation', 'share', String(SHARED), '--how', 'meso');
// A round of the survey, open today.
const SCHOOL = Number(sql(`SELECT school_id FROM pupil WHERE id = ${CHILD}`));
const day = (n) => {
    const base = process.env.MESO_TODAY ? new Date(process.env.MESO_TODAY + 'T00:00:00Z') : new Date();
    return new Date(base.getTime() + n * 86400000).toISOString().slice(0, 10);
};
sql(`INSERT INTO survey_round (school_id, name, opens_on, closes_on, created_by, created_at)
     VALUES (${SCHOOL}, 'Browser round', '${day(-3)}', '${day(20)}', 'test', '2026-01-01T00:00:00.000Z')`);
const ROUND = Number(sql("SELECT max(id) FROM survey_round WHERE name = 'Browser round'"));

async function signIn(page, email) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}
async function follow(page, selector) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
}
async function submit(page, label) {
    await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${label}")`)]);
}
// axe, a screenshot, no console or HTTP problems, and (for families) the
// page fits a 320 px screen and reads plainly.
async function check(page, name, { family = false, allowStatus = [] } = {}) {
    await axeScan(page);
    await screenshot(page, name);
    const bad = problems(page, { clear: true }).filter(
        (p) => !allowStatus.some((s) => p.startsWith(`HTTP ${s}`) || p.includes(`status of ${s} `)));
    assert(bad.length === 0, `${name}: ${bad.join('; ')}`);
    if (!family) return;
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert(scroll <= width, `${name}: ${scroll}px wide on a ${width}px screen`);
    const ease = await readingEase(page);
    console.log(`    ${name}: Flesch reading ease ${ease.toFixed(1)}`);
    assert(ease >= 70, `${name} reads at ${ease.toFixed(0)} (Flesch reading ease)`);
}
const phone = () => newPage({ preset: 'phone', width: 320, height: 640 });

test('before sharing, the record points at words a family may not know', async () => {
    const page = await newPage();
    await signIn(page, TEACHER);
    await page.goto(url(`/conversations/${JARGON}`));
    const hints = await page.locator('#plain-words').innerText();
    for (const t of ['"TA": a family may not know this. You could say "teaching assistant".',
                     '"dysregulated"', '"SEMH"', '"SENCO"', '"differentiation"', 'A sentence of'])
        assert(hints.toLowerCase().includes(t.toLowerCase()), `the hints say ${t}`);
    assert(!hints.includes('"PE"'), 'familiar initials are left alone');
    assert(await page.locator('button:has-text("Mark as shared")').isEnabled(), 'sharing is still possible');
    await check(page, 'plain-writing-hints');
}, { timeout: 180_000 });

test('a parent replies to a shared record at 320 px', async () => {
    const page = await phone();
    await signIn(page, PARENT);
    await page.goto(url(`/my/conversations/${SHARED}`));
    await check(page, 'parent-record-320', { family: true });
    await follow(page, 'a:has-text("Reply, or tell us something is not right")');
    await check(page, 'parent-reply-320', { family: true });
    // Nothing written: the message names the field.
    await submit(page, 'Send to school');
    assert((await page.locator('.govuk-error-summary').innerText()).includes('Write your message'));
    await check(page, 'parent-reply-error-320', { allowStatus: [422] });
    await page.check('input[name="kind"][value="not_right"]');
    await page.fill('#body', 'He plays with Sam at lunch, not Tom.');
    await submit(page, 'Send to school');
    assert((await page.locator('.govuk-notification-banner--success').innerText()).includes('We have your message'));
    assert((await page.locator('main').innerText()).includes('He plays with Sam at lunch, not Tom.'));
    await check(page, 'parent-replied-320', { family: true });
}, { timeout: 180_000 });

test('the reply is on the key teacher\'s home page', async () => {
    const page = await newPage();
    await signIn(page, TEACHER);
    await page.waitForLoadState('load');
    const waiting = await page.locator('#replies-waiting').count();
    assert(waiting === 1, `the reply waits on the home page (${page.url()}: ${(await page.locator('main').innerText()).slice(0, 300)})`);
    const home = await page.locator('#replies-waiting').innerText();
    assert(home.includes('Replies from families'), 'a heading at the top');
    await follow(page, `a[href="/conversations/${SHARED}#replies"]`);
    assert((await page.locator('#replies').innerText()).includes('He plays with Sam at lunch'));
    await check(page, 'staff-reply-history');
    await submit(page, 'Mark as read');
    await page.goto(url('/'));
    assert(await page.locator('#replies-waiting').count() === 0, 'no longer waiting');
}, { timeout: 180_000 });

test('a parent answers the survey at 320 px', async () => {
    const page = await phone();
    await signIn(page, PARENT);
    await page.goto(url(`/my/children/${CHILD}`));
    await follow(page, 'a:has-text("Answer five questions")');
    await check(page, 'parent-survey-320', { family: true });
    // Yes, Mostly, Yes, Not really, Yes.
    for (const [q, a] of [['a1', '4'], ['a2', '3'], ['a3', '4'], ['a4', '2'], ['a5', '4']])
        await page.check(`input[name="${q}"][value="${a}"]`);
    await submit(page, 'Send my answers');
    assert((await page.locator('.govuk-notification-banner--success').innerText()).includes('We have your answers'));
    assert.equal(sql(`SELECT a1 || a2 || a3 || a4 || a5 FROM survey_response WHERE round_id = ${ROUND}`), '43424');
}, { timeout: 180_000 });

test('the survey on paper, with a code, at 320 px; the lead sees "fewer than 5"', async () => {
    const lead = await newPage();
    await signIn(lead, LEAD);
    await lead.goto(url(`/surveys/${ROUND}`));
    assert((await lead.locator('#responses').innerText()).includes('fewer than 5'), 'one answer is not shown');
    await check(lead, 'lead-survey-round');
    await submit(lead, 'Make paper codes');
    const code = (await lead.locator('.meso-code').first().innerText()).trim();
    // A slip for every child on roll: axe, and the top of the page only.
    await axeScan(lead);
    await lead.screenshot({ path: join(OUT_DIR, 'lead-survey-codes.png'), timeout: 60_000 });
    await lead.goto(url('/surveys'));
    await check(lead, 'lead-surveys');

    const page = await phone();
    await page.goto(url('/survey'));
    await check(page, 'paper-survey-320', { family: true });
    await page.fill('#code', code.toLowerCase());
    await page.check('input[name="a1"][value="4"]');
    await submit(page, 'Send my answers');
    assert((await page.locator('.govuk-notification-banner--success').innerText()).includes('We have your answers'));
    await check(page, 'paper-survey-sent-320', { family: true });
}, { timeout: 180_000 });

await run();
