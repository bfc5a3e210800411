// The provision map in a real browser. The demo lead chooses KidsMatter,
// adds a provision with a long name (the form first shows its errors beside
// the fields), maps it onto one component, enrols a pupil, reviews the
// pupil's outcome and records a referral to educational psychology made
// long enough ago to be past the local timescale. Then the map page: the
// pyramid, the framework grid (with gaps, said in words) and the cost bar
// as SVG, the tables, axe, a screenshot (tests/browser/out/provision-map.png)
// and a phone's width; the map's PDF (checked with pdftotext) and PNG; the
// pupil's provision page and PDF; the lead's dashboard; a malformed date.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    test, run, assert, newPage, url, axeScan, screenshot, problems,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const SCHOOL = 'Meadowbank Primary School';
const NAME = `Nurture group for Year 3 and Year 4 pupils ${Date.now() % 100000}`;
const TMP = mkdtempSync(join(tmpdir(), 'meso-provision-'));

async function signIn(page, email, password = PASSWORD) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

async function check(page, name, { allowStatus = [] } = {}) {
    await axeScan(page);
    await screenshot(page, `provision-${name}`);
    const bad = problems(page, { clear: true }).filter(
        (p) => !allowStatus.some((s) => p.startsWith(`HTTP ${s}`) || p.includes(`status of ${s} `)));
    assert(bad.length === 0, `${name}: ${bad.join('; ')}`);
}

// DD/MM/YYYY, n days from today.
function daysFromToday(n) {
    const d = new Date(Date.now() + n * 86400000);
    return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

// The text of a PDF fetched with the page's cookies.
async function pdfText(page, path, file) {
    const res = await page.request.get(url(path));
    assert(res.status() === 200, `${path} gave ${res.status()}`);
    const body = await res.body();
    assert(body.subarray(0, 5).toString() === '%PDF-', `${path} is a PDF`);
    const pdf = join(TMP, file);
    writeFileSync(pdf, body);
    return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
}

let pupilPath = '';
let pupilName = '';

test('a lead sets up a provision: frameworks, the form, components, a pupil, a review, a referral', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url('/provision/frameworks'));
    await page.check('input[name="framework"][value="kidsmatter"]');
    await page.click('button:has-text("Save the frameworks")');
    await page.waitForURL(/saved=1/);
    assert(await page.locator('input[value="kidsmatter"]').isChecked(), 'KidsMatter is chosen');
    await check(page, 'frameworks');

    await page.goto(url('/provisions/new'));
    await page.click('button:has-text("Add the provision")');
    await page.waitForSelector('.govuk-error-summary');
    assert(await page.locator('#name-error').isVisible(), 'the name, beside the field');
    assert(await page.locator('#tier-error').isVisible(), 'the tier, beside the field');
    assert(await page.locator('#start_date-error').isVisible(), 'the start date, beside the field');
    await check(page, 'new-errors', { allowStatus: [422] });
    await page.fill('#name', NAME);
    await page.check('input[name="tier"][value="selected"]');
    await page.check('input[name="outcome"][value="emotional"]');
    await page.selectOption('#evidence_rating', 'promising');
    await page.fill('#start_date', daysFromToday(-40));
    await page.fill('#review_date', daysFromToday(-2));
    await page.fill('#sessions', '10');
    await page.fill('#session_minutes', '45');
    await page.fill('#staff_hours', '2');
    await page.fill('#hourly_rate', '20');
    await page.click('button:has-text("Add the provision")');
    await page.waitForURL(/\/provisions\/\d+\?saved=1/);
    assert((await page.locator('h1').innerText()).includes('Nurture group'), 'the provision page');
    const provision = page.url().match(/\/provisions\/(\d+)/)[1];

    // Map it onto "Social and emotional learning".
    await page.check('input[name="component"][value="kidsmatter/sel"]');
    await page.click('button:has-text("Save the components")');
    await page.waitForURL(/saved=1/);
    assert(await page.locator('input[value="kidsmatter/sel"]').isChecked(), 'the component is mapped');
    // Unticking every box of a framework clears it; then map it again.
    await page.uncheck('input[name="component"][value="kidsmatter/sel"]');
    await page.click('button:has-text("Save the components")');
    await page.waitForURL(/saved=1/);
    assert(!(await page.locator('input[value="kidsmatter/sel"]').isChecked()), 'the mapping is cleared');
    await page.check('input[name="component"][value="kidsmatter/sel"]');
    await page.click('button:has-text("Save the components")');
    await page.waitForURL(/saved=1/);
    assert(await page.locator('input[value="kidsmatter/sel"]').isChecked(), 'mapped again');

    // Enrol a pupil, with consent given.
    await page.click('a:has-text("Enrol a pupil")');
    await page.fill('#q', 'a');
    await page.click('button:has-text("Search")');
    const first = page.locator('main ul.govuk-list li').first();
    pupilName = (await first.innerText()).split(',')[0].trim();
    await first.locator('button:has-text("Enrol")').click();
    await page.waitForURL(new RegExp(`/provisions/${provision}\\?saved=1`));
    assert((await page.locator('main').innerText()).includes(pupilName), 'the pupil takes part');
    await check(page, 'provision');

    // Review the outcome: the form shows what is missing, then saves.
    await page.click('main a:has-text("Review")');
    await page.waitForURL(/\/review$/);
    pupilPath = new URL(page.url()).pathname.replace(/\/provision\/\d+\/review$/, '');
    await page.fill('#reviewed_on', '');
    await page.click('button:has-text("Save the review")');
    await page.waitForSelector('.govuk-error-summary');
    assert(await page.locator('#score-error').isVisible(), 'the score, beside the field');
    await check(page, 'review-errors', { allowStatus: [422] });
    await page.check('input[name="score"][value="1"]');
    await page.fill('#note', 'Settles quickly in the mornings now.');
    await page.fill('#reviewed_on', daysFromToday(0));
    await page.click('button:has-text("Save the review")');
    await page.waitForURL(/\/provision\?saved=1/);
    let text = await page.locator('main').innerText();
    assert(text.includes('+1, more than expected'), `the review shows: ${text.slice(0, 1500)}`);
    assert(text.includes('Settles quickly in the mornings now.'), 'the note shows');

    // A referral 60 days ago: past educational psychology's 42 days.
    await page.click('main a:has-text("Record a referral")');
    await page.check('input[name="service"][value="educational_psychology"]');
    await page.fill('#referred_on', daysFromToday(-60));
    await page.fill('#asked', 'Advice on supporting attention in class.');
    await page.click('button:has-text("Save the referral")');
    await page.waitForURL(/\/provision\?saved=1/);
    text = await page.locator('main').innerText();
    assert(text.includes('Educational psychology'), 'the involvement shows');
    assert(text.includes('Past the timescale'), `past the timescale, in words: ${text.slice(-1500)}`);
    await check(page, 'pupil');
    // The pupil's own page shows the outside service and links here.
    await page.goto(url(pupilPath));
    assert(await page.locator('main a:has-text("Provision over time, with reviews")').count() === 1, 'a link from the pupil page');
    assert((await page.locator('main').innerText()).includes('Advice on supporting attention in class.'),
        'the involvement on the pupil page');
    // Back on the provision: the pupil stops today, with a reason.
    await page.goto(url(`/provisions/${provision}`));
    await page.click(`main a[href^="/provisions/${provision}/pupils/"]`);
    await page.waitForURL(new RegExp(`/provisions/${provision}/pupils/\\d+$`));
    await page.fill('#left_reason', 'Moved to the afternoon group');
    await page.click('button:has-text("Save")');
    await page.waitForSelector('.govuk-error-summary');
    assert(await page.locator('#left_on-error').isVisible(), 'a reason needs the day, beside the field');
    await check(page, 'provision-leaving-errors', { allowStatus: [422] });
    await page.fill("#left_on", daysFromToday(0));
    await page.click('button:has-text("Save")');
    await page.waitForURL(new RegExp(`/provisions/${provision}\\?saved=1`));
    assert((await page.locator('main').innerText()).includes(' to '), 'the pupil shows as stopped');
});

test('the provision map: pyramid, grid, cost bar, tables, PDF and PNG', async () => {
    assert(pupilName, 'the first test enrolled a pupil');
    const page = await newPage();
    await signIn(page, LEAD);
    await page.click('.govuk-service-navigation a:has-text("Provision map")');
    assert((await page.locator('h1').innerText()) === 'Provision map', 'the map page');
    const titles = await page.locator('.meso-provmap-picture svg[role="img"] > title').allTextContents();
    assert.deepEqual(titles, ['The three tiers of provision', 'Framework coverage', 'Cost by tier'],
        `three pictures: ${titles}`);
    // The lines of a wrapped name, joined again.
    const pyramid = (await page.locator('.meso-provmap-picture svg').first().locator('text')
        .allTextContents()).join(' ');
    for (const word of ['Indicated', 'Selected', 'Universal'])
        assert(pyramid.includes(word), `the pyramid says ${word}`);
    assert(pyramid.includes(NAME), 'the long name is in its box in full');
    assert(!pyramid.includes('Key to shortened names') && !pyramid.includes('\u2026'), 'no name is cut short');
    const grid = await page.locator('.meso-provmap-picture svg').nth(1).textContent();
    assert(grid.includes('Gap: no provision mapped yet'), 'gaps are said in words');
    assert(grid.includes('Social and emotional learning'), 'the components are rows');
    const cost = await page.locator('.meso-provmap-picture svg').nth(2).textContent();
    assert(cost.includes('Projected cost in total'), 'the cost bar');
    const main = await page.locator('main').innerText();
    assert(main.includes(NAME), 'the provision in the table');
    assert(main.includes('Gap'), 'gaps in the table');
    assert(main.includes('past the local timescale'), 'outside services past their timescale');
    assert(main.includes(pupilName), 'the pupil waiting past the timescale is listed');
    assert(await page.locator('caption:has-text("Provisions at each tier")').count() === 1, 'the provisions table');
    await check(page, 'map');

    // On a phone the pictures shrink to fit.
    const phone = await newPage('phone');
    await signIn(phone, LEAD);
    await phone.goto(url('/provision'));
    const [scroll, width] = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert(scroll <= width, `${scroll}px wide on a ${width}px screen`);
    await screenshot(phone, 'provision-map-phone');
    problems(phone, { clear: true });

    const text = await pdfText(page, '/provision/map.pdf', 'map.pdf');
    for (const want of [SCHOOL, 'Provision map', 'Indicated tier', 'Selected tier', 'Universal tier',
                        'The three tiers', 'Framework coverage', 'Gaps: components with no provision yet',
                        'Review outcomes'])
        assert(text.includes(want), `the map PDF says "${want}"`);
    const png = await page.request.get(url('/provision/map.png'));
    assert(png.status() === 200 && png.headers()['content-type'] === 'image/png', 'the PNG');
    assert((await png.body()).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
        'the PNG signature');

    // A malformed date is a message beside the field.
    await page.goto(url('/provision?as_of=15%2F01%2F2026'));
    assert(await page.locator('#as_of-error').isVisible(), 'the date error beside the field');
    await check(page, 'map-bad-date', { allowStatus: [400] });

    // The lead's dashboard: reviews to do and services past their timescale.
    await page.goto(url('/'));
    const home = await page.locator('main').innerText();
    assert(/Outside services: \d+ open, [1-9]\d* past the local timescale/.test(home), `the dashboard: ${home.slice(-1500)}`);
    assert(!/overdue/i.test(home), 'plain words: no "overdue"');
    await check(page, 'home');

    // Review outcomes per provision.
    await page.goto(url('/provision/reviews'));
    assert((await page.locator('main').innerText()).includes(NAME), 'the provision in the review report');
    await check(page, 'reviews');
});

test("a pupil's provision record prints for a transfer", async () => {
    assert(pupilPath, 'the first test found the pupil');
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url(`${pupilPath}/provision`));
    assert(await page.locator('a:has-text("Download the provision record")').count() === 1, 'the PDF link');
    const text = await pdfText(page, `${pupilPath}/provision.pdf`, 'pupil.pdf');
    for (const want of [pupilName, SCHOOL, 'Nurture group', 'Selected', '+1: more than',
                        'Settles quickly in the', 'Reviewed by', 'Educational psychology',
                        'Advice on supporting attention in class.'])
        assert(text.replace(/\s+/g, ' ').includes(want), `the pupil's PDF says "${want}"`);
});

await run();
