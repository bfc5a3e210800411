// Family programmes in a real browser: a lead starts a Story Links cohort for
// the demo parent's child, sets up the team (the warnings go), enrols the
// child with consent, records three sessions with who came, the checklist
// and a story (one uploaded as a text file), and the parent then reads the
// story on their own page; FAST attendance for one hub entered on a phone
// 360 px wide; the report page and its PDF. Every page is scanned with axe
// and photographed (tests/browser/out/programme-*.png).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    test, run, assert, newPage, url, axeScan, screenshot, readingEase, problems,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const PARENT = 'parent.demo@example.org';

async function signIn(page, email, password = PASSWORD) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

async function check(page, name, { allowStatus = [] } = {}) {
    await axeScan(page);
    await screenshot(page, `programme-${name}`);
    const bad = problems(page, { clear: true }).filter(
        (p) => !allowStatus.some((s) => p.startsWith(`HTTP ${s}`) || p.includes(`status of ${s} `)));
    assert(bad.length === 0, `${name}: ${bad.join('; ')}`);
}

async function fitsWidth(page, name) {
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert(scroll <= width, `${name}: ${scroll}px wide on a ${width}px screen`);
}

// DD/MM/YYYY, n days from today (the server's today is the real one).
function daysFromToday(n) {
    const d = new Date(Date.now() + n * 86400000);
    return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

const TITLE = `The Moon Bus ${Date.now() % 100000}`;
let child = '';

test('a lead runs Story Links: cohort, team, enrolment, three sessions with a story', async () => {
    // Whose parent signs in: the demo parent's first child.
    const parent = await newPage();
    await signIn(parent, PARENT);
    const first = (await parent.locator('main ul.govuk-list li').first().innerText()).trim();
    child = first.split(',')[0].trim();
    assert(child.includes(' '), `the parent's child is "${first}"`);
    const forename = child.split(' ')[0];

    const page = await newPage();
    await signIn(page, LEAD);
    await page.click('.govuk-service-navigation a:has-text("Programmes")');
    assert((await page.locator('h1').innerText()) === 'Family programmes', 'the programmes page');
    assert(await page.locator('table a:has-text("FAST for Year 1 families")').count() === 1,
        'the demo FAST cycle is listed');
    await check(page, 'list');

    // Start it: ten weeks ago, so the first sessions are in the past.
    await page.click('a:has-text("Start a programme")');
    await check(page, 'new');
    await page.click('button:has-text("Start the programme")');
    await page.waitForSelector('.govuk-error-summary');
    assert(await page.locator('#template-error').isVisible(), 'choose a programme, beside the field');
    assert(await page.locator('#start_date-error').isVisible(), 'the date, beside the field');
    await check(page, 'new-errors', { allowStatus: [422] });
    await page.check('input[name="template"][value="story-links"]');
    await page.fill('#name', `Story Links with ${forename}`);
    await page.fill('#start_date', daysFromToday(-70));
    await page.fill('#session_time', '15:15');
    await page.fill('#venue', 'the library'); // the letter needs a time and a venue
    await page.fill('#staff_hours', '1');
    await page.fill('#hourly_rate', '24');
    await page.click('button:has-text("Start the programme")');
    await page.waitForSelector('.govuk-notification-banner--success');
    const programme = page.url().match(/\/programmes\/(\d+)/)[1];
    const warnings = await page.locator('.govuk-warning-text').allInnerTexts();
    assert(warnings.some((w) => w.includes('needs at least 1 teacher on the team')),
        `a warning for the missing teacher: ${warnings.join(' | ')}`);
    assert(await page.locator('#sessions + .meso-table-wrap table tbody tr').count() === 11, 'a first meeting and ten sessions');
    await check(page, 'cohort-new');

    // The team: a teacher from the staff, a teaching assistant by name.
    await page.click('summary:has-text("Add someone to the team")');
    await page.selectOption('#role', 'teacher');
    await page.selectOption('#staff_id', { label: 'Helen Price' });
    await page.click('button:has-text("Add to the team")');
    await page.waitForSelector('.govuk-notification-banner--success');
    await page.click('summary:has-text("Add someone to the team")');
    await page.selectOption('#role', 'teaching-assistant');
    await page.fill('#member_name', 'Joy Okafor');
    await page.click('button:has-text("Add to the team")');
    await page.waitForSelector('.govuk-notification-banner--success');
    assert(await page.locator('.govuk-warning-text').count() === 0, 'no warnings once the team is whole');

    // Enrol the child and record the family's consent.
    await page.click('a:has-text("Enrol a pupil")');
    await page.fill('#q', child);
    await page.click('button:has-text("Search")');
    await check(page, 'enrol');
    await page.click(`button:has-text("Enrol ${child}")`);
    await page.waitForSelector('.govuk-notification-banner--success');
    await check(page, 'enrolment');
    await page.check('input[name="consent"][value="given"]');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/\/programmes\/\d+\?saved=1/);
    assert((await page.locator('#families + p + div table tbody tr, #families ~ .meso-table-wrap table tbody tr').first().innerText()).includes('Given'),
        'consent shows as given');

    // The invitation letter is a PDF.
    const letter = await page.request.get(await page.locator('a:has-text("Invitation")').first().getAttribute('href')
        .then((h) => url(h)));
    assert(letter.status() === 200 && letter.headers()['content-type'] === 'application/pdf', 'the letter is a PDF');
    assert((await letter.body()).subarray(0, 5).toString() === '%PDF-', 'the letter starts like a PDF');

    // Three sessions: who came, the checklist, and the story.
    const dir = mkdtempSync(join(tmpdir(), 'meso-story-'));
    const file = join(dir, 'story.txt');
    writeFileSync(file, `${forename} and Mum got on the moon bus.\r\n\r\nIt went up, up, up!\r\n`);
    for (let n = 1; n <= 3; n++) {
        await page.goto(url(`/programmes/${programme}`));
        await page.click(`table a:has-text("Session ${n}")`);
        assert((await page.locator('h1').innerText()).startsWith(`Session ${n}:`), `session ${n} page`);
        await page.check(`label:has-text("${forename} came") >> xpath=../input`);
        await page.check('label:has-text("Parent or carer came") >> xpath=../input');
        await page.click('button:has-text("Save who came")');
        await page.waitForSelector('.govuk-notification-banner--success');
        const items = page.locator('#checklist ~ form input[type="checkbox"]');
        const count = await items.count();
        assert(count === 4, `four checklist items, got ${count}`);
        for (let i = 0; i < count; i++) if (n !== 2 || i !== 2) await items.nth(i).check();
        await page.click('button:has-text("Save the checklist")');
        await page.waitForSelector('.govuk-notification-banner--success');
        await page.fill('#title', n === 1 ? TITLE : `${TITLE}, part ${n}`);
        await page.fill('#coauthors', `Mrs Price, ${forename}, Mum, Joy Okafor`);
        if (n === 2) {
            await page.setInputFiles('#story_file', file);
        } else {
            await page.fill('#body', `Once there was a bus that could fly.\n\n${forename} got on it with Mum. They went to the moon.`);
        }
        await page.fill('#reading_level', 'Short sentences');
        await page.click('button:has-text("Save the story")');
        await page.waitForSelector('.govuk-notification-banner--success');
        if (n === 1) await check(page, 'session');
    }
    // A story with no title is refused beside its field.
    await page.fill('#title', '');
    await page.click('button:has-text("Save changes to the story")');
    await page.waitForSelector('#title-error');
    await check(page, 'story-error', { allowStatus: [422] });

    await page.goto(url(`/programmes/${programme}`));
    const row = await page.locator('#families ~ .meso-table-wrap table tbody tr').first().innerText();
    assert(row.includes('3 of 3'), `three of three sessions attended: ${row}`);
    await check(page, 'cohort');
    await page.click('a:has-text("See the report")');
    const report = await page.locator('main').innerText();
    assert(report.includes('Mean fidelity: 92%, over 3 sessions'), `fidelity in the report: ${report.slice(0, 2000)}`);
    assert(report.includes('3 stories'), 'three stories in the report');
    assert(await page.locator('.meso-chart svg[role="img"]').count() === 1, 'the attendance chart');
    await check(page, 'report');
    const pdf = await page.request.get(url(`/programmes/${programme}/report.pdf`));
    assert(pdf.status() === 200 && (await pdf.body()).subarray(0, 5).toString() === '%PDF-', 'the report PDF');
}, { timeout: 180_000 }); // a cohort, a team, three sessions: slow on a busy machine

test('the parent reads the story on their own page, in plain words', async () => {
    assert(child, 'the first test found the child');
    const page = await newPage('phone');
    await signIn(page, PARENT);
    assert(await page.locator('main a:has-text("Read the stories you wrote together")').count() === 1,
        'a link from the parent home page');
    await page.click('main a:has-text("Read the stories")');
    await page.waitForURL(/\/stories$/);
    const text = await page.locator('main').innerText();
    assert(text.includes(TITLE), `the story's title: ${text.slice(0, 1500)}`);
    assert(text.includes('Once there was a bus that could fly.'), 'the story typed in');
    assert(text.includes('It went up, up, up!'), 'the story uploaded as a file');
    assert(!text.includes('Short sentences'), "staff notes on the reading level are not shown to parents");
    await fitsWidth(page, 'stories');
    const ease = await readingEase(page);
    assert(ease >= 70, `the stories page reads at ${ease.toFixed(0)}`);
    await check(page, 'parent-stories');
    const booklet = await page.locator('a:has-text("as a booklet")').first().getAttribute('href');
    const res = await page.request.get(url(booklet));
    assert(res.status() === 200 && (await res.body()).subarray(0, 5).toString() === '%PDF-', 'the booklet PDF');
    // Another child's booklet, or a staff programme page, is not theirs.
    const other = await page.request.get(url('/stories/1/booklet.pdf'));
    const mine = booklet.match(/\/stories\/(\d+)\//)[1];
    if (mine !== '1') assert(other.status() === 404, `another child's booklet gave ${other.status()}`);
    const staff = await page.request.get(url('/programmes'));
    assert(staff.status() === 403, `a parent on /programmes got ${staff.status()}`);
    problems(page, { clear: true });
});

test('FAST attendance for one hub on a phone 360 px wide', async () => {
    const page = await newPage('phone');
    await signIn(page, LEAD);
    await page.goto(url('/programmes'));
    await fitsWidth(page, 'programmes');
    await page.click('a:has-text("FAST for Year 1 families")');
    await fitsWidth(page, 'FAST cohort');
    await check(page, 'fast-phone');
    await page.click('table a:has-text("Session 8")');
    await page.click('nav[aria-label="Hubs"] a:has-text("Hub 1")');
    await page.waitForURL(/hub=1/);
    await fitsWidth(page, 'session, hub 1');
    const families = page.locator('.meso-attendance');
    const n = await families.count();
    assert(n >= 8 && n <= 10, `hub 1 has ${n} families`);
    // Everyone in hub 1 came with a parent, except the last family's parent.
    const boxes = page.locator('.meso-attendance input[type="checkbox"]');
    const nb = await boxes.count();
    assert(nb === 2 * n, `two boxes for each family (${nb})`);
    for (let i = 0; i < nb; i++) await boxes.nth(i).setChecked(i !== nb - 1);
    await screenshot(page, 'programme-fast-hub-phone');
    await page.click('button:has-text("Save who came")');
    await page.waitForSelector('.govuk-notification-banner--success');
    assert(page.url().includes('hub=1'), 'back on hub 1');
    for (let i = 0; i < nb; i++)
        assert(await boxes.nth(i).isChecked() === (i !== nb - 1), `box ${i} kept its state`);
    await fitsWidth(page, 'session saved');
    await check(page, 'fast-session-phone');
    await page.goto(page.url().replace(/\?.*$/, '').replace(/\/sessions\/\d+$/, '/report'));
    await fitsWidth(page, 'report on a phone');
    await check(page, 'fast-report-phone');
});

await run();
