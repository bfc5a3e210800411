// Wellbeing measures in a real browser: a lead enters a teacher SDQ through
// the form that follows the paper form's item numbers, then sees the chart
// of each score with its bands and the band in words on the pupil page;
// reliable change between two; the screening summary; an accessibility scan
// of every new page, on a desktop and a phone; screenshots.
import {
    test, run, assert, newPage, url, axeScan, screenshot, problems,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';

async function signIn(page, email = LEAD) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

async function check(page, name, { allowStatus = [] } = {}) {
    await page.waitForLoadState('load');
    await axeScan(page);
    await screenshot(page, name);
    const bad = problems(page, { clear: true }).filter(
        (p) => !allowStatus.some((s) => p.startsWith(`HTTP ${s}`) || p.includes(`status of ${s} `)));
    assert(bad.length === 0, `${name}: ${bad.join('; ')}`);
}

// DD/MM/YYYY for a date n days ago.
function daysAgo(n) {
    const d = new Date(Date.now() - n * 86400000);
    const p = (x) => String(x).padStart(2, '0');
    return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

// Teacher SDQ answers as ticked, by item number: emotional 5 (high),
// hyperactivity 6, total 12 (slightly raised); and a calmer one, total 0.
const FIRST = [2, 2, 2, 2, 1, 0, 2, 2, 2, 2, 2, 0, 1, 2, 2, 0, 2, 0, 0, 2, 2, 0, 0, 0, 2];
const CALM = [2, 0, 0, 2, 0, 0, 2, 0, 2, 0, 2, 0, 0, 2, 0, 0, 2, 0, 0, 2, 2, 0, 0, 0, 2];

async function enterSdq(page, pupilHref, date, answers, impact) {
    await page.goto(url(pupilHref));
    await page.click('a:has-text("Record a questionnaire")');
    await page.waitForURL(/assessments\/new/);
    await page.check('input[name="form"][value="sdq-teacher"]');
    await Promise.all([page.waitForURL(/form=sdq-teacher/), page.click('button:has-text("Continue")')]);
    await page.fill('#assessed_on', date);
    for (let i = 0; i < answers.length; i++)
        await page.check(`#item${i + 1}-${answers[i]}`);
    if (impact)
        for (let i = 0; i < impact.length; i++)
            await page.check(`#impact${i + 1}-${impact[i]}`);
    await Promise.all([page.waitForURL(/recorded=/), page.click('button:has-text("Save and score")')]);
}

let pupilHref = null;

test('a lead enters an SDQ by item number, then sees the chart and the band on the pupil page', async () => {
    const page = await newPage();
    await signIn(page);
    // A Reception pupil: the demo screens Years 2, 4 and 6, so none yet.
    await page.goto(url('/pupils?year=R'));
    pupilHref = await page.locator('table tbody tr a').first().getAttribute('href');
    await page.goto(url(pupilHref));
    assert((await page.locator('#wellbeing ~ p').first().innerText()).length > 0, 'the section is there');
    await page.click('a:has-text("Record a questionnaire")');
    await check(page, 'measures-choose');
    await page.check('input[name="form"][value="sdq-teacher"]');
    await Promise.all([page.waitForURL(/form=sdq-teacher/), page.click('button:has-text("Continue")')]);
    await check(page, 'measures-form');
    // The form follows the paper form: 25 items by number, and the 4 impact questions.
    assert.equal(await page.locator('fieldset[id^="item"]').count(), 25);
    assert.equal(await page.locator('fieldset[id^="impact"]').count(), 4);
    assert.equal(await page.locator('#item7 legend').innerText(), 'Item 7');
    // Nothing answered: the message is beside item 1 and the summary links to it.
    await page.click('button:has-text("Save and score")');
    await page.waitForSelector('.govuk-error-summary');
    assert(await page.locator('#item1-error').isVisible(), 'message beside item 1');
    await check(page, 'measures-form-errors', { allowStatus: [422] });

    await enterSdq(page, pupilHref, daysAgo(40), FIRST, [1, 2, 1, 0]);
    const banner = await page.locator('.govuk-notification-banner').innerText();
    assert(banner.includes('Total difficulties: 12, slightly raised'), `banner: ${banner}`);
    // The chart: an SVG per score, named, described, with the bands in words.
    const charts = page.locator('#wellbeing ~ .meso-charts svg[role="img"]');
    assert((await charts.count()) >= 6, 'a chart for each score');
    const total = page.locator('svg[role="img"]', { has: page.locator('title', { hasText: 'Total difficulties over time' }) }).first();
    assert(await total.isVisible(), 'the total difficulties chart is shown');
    const desc = await total.locator('desc').first().textContent();
    assert(desc.includes('12 (slightly raised)') && desc.includes('19 to 40 very high'), `desc: ${desc}`);
    const bandLabels = await total.locator('text').allTextContents();
    assert(bandLabels.includes('slightly raised (12 to 15)') && bandLabels.includes('very high (19 to 40)'),
        `band labels: ${bandLabels.join(', ')}`);
    // Readable without colour: the raised bands are hatched as well as tinted.
    assert((await total.locator('rect[fill^="url(#"]').count()) >= 3, 'hatched bands');
    // The band in words beside the chart, and in the table.
    const latest = await page.locator('.meso-latest').first().innerText();
    assert(latest.includes('Emotional: 5, high') && latest.includes('Total difficulties: 12, slightly raised'),
        `latest: ${latest}`);
    assert(await page.locator('table:has-text("every score") td:has-text("5, high")').first().isVisible(),
        'the band in the table');
    await check(page, 'measures-pupil-one');

    // A second, calmer one: two points, and reliable change between them.
    await enterSdq(page, pupilHref, daysAgo(5), CALM, null);
    assert.equal(await total.locator('g > title', { hasText: /: \d+, / }).count(), 2, 'two points on the chart');
    const latest2 = await page.locator('.meso-latest').first().innerText();
    assert(latest2.includes('Total difficulties: 0, close to average'), `latest: ${latest2}`);
    await check(page, 'measures-pupil-two');
    await Promise.all([page.waitForURL(/\/change\?/), page.click('button:has-text("Check for reliable change")')]);
    const row = await page.locator('tr', { hasText: 'Total difficulties' }).innerText();
    assert(row.includes('12') && row.includes('0') && row.includes('reliable improvement'), `change: ${row}`);
    await check(page, 'measures-change');
    // One questionnaire's page: answers by item number, never the questions.
    await page.goto(url(pupilHref));
    await page.click('table:has-text("every score") tbody tr:last-child a');
    assert((await page.locator('.meso-answers li').first().innerText()) === 'Item 1: 2', 'item 1');
    await check(page, 'measures-assessment');
}, { timeout: 180_000 }); // two questionnaires and four axe scans: slow on a busy machine

test('the screening summary of a year group, and the follow-up list', async () => {
    const page = await newPage();
    await signIn(page);
    await page.click('.govuk-service-navigation a:has-text("Screening")');
    await check(page, 'screening-start');
    await page.selectOption('#year', '4');
    await page.click('button:has-text("Show")');
    await page.waitForSelector('#screening-count');
    const count = await page.locator('#screening-count').innerText();
    assert(/^\d+ of \d+ children/.test(count), count);
    const totalRow = await page.locator('table.meso-screening tr', { hasText: 'Total difficulties' }).innerText();
    assert(/\d+ \(\d+%\)/.test(totalRow), `total row: ${totalRow}`);
    assert((await page.locator('table:has-text("Children for follow-up") tbody tr').count()) > 0, 'follow-up list');
    await check(page, 'screening-year-4');
    // A class within the year group.
    const options = await page.locator('#class option').count();
    assert(options >= 2, 'classes to choose from');
    await page.selectOption('#class', { index: 1 });
    await page.click('button:has-text("Show")');
    await page.waitForSelector('#screening-count');
    await check(page, 'screening-class');
});

test('the new pages work on a 360 px phone', async () => {
    const page = await newPage('phone');
    await signIn(page);
    for (const [path, name] of [[pupilHref, 'phone-measures-pupil'],
                                [`${pupilHref}/assessments/new?form=sdq-teacher`, 'phone-measures-form'],
                                ['/screening?year=4', 'phone-screening']]) {
        await page.goto(url(path));
        const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert(scroll <= width, `${name}: ${scroll}px wide on a ${width}px screen`);
        await check(page, name);
    }
    // The charts shrink to the screen.
    await page.goto(url(pupilHref));
    const w = await page.locator('.meso-chart svg').first().evaluate((e) => e.getBoundingClientRect().width);
    assert(w <= 360 && w > 200, `chart width ${w}`);
});

await run();
