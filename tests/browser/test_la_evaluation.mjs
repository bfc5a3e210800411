// The local authority's analysis across its schools (/la/evaluation) in a
// real browser, with axe, at 1280 and 320 CSS px: the officer follows the
// link from /la, sees how many schools share and what the analysis found or
// why it declined, in words, with no small count and nothing named; changes
// the outcome with the form; and a year outside the range is refused with a
// message at the field. run.sh's demo is one school, so there the analysis
// declines; against a demo LA (MESO_URL, MESO_LA_EMAIL, MESO_LA_PASSWORD:
// `meso demo --schools 10 --la 999` and la.officer@la999.example.org) the
// fitted page is checked the same way.
import {
    test, run, assert, newPage, url, axeScan, screenshot, problems,
} from './lib.mjs';

const LA = process.env.MESO_LA_EMAIL || 'la.officer@county.example.org';
const LA_PASSWORD = process.env.MESO_LA_PASSWORD || 'browser-test-pass-1234';

async function signIn(page, email, password) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

for (const width of [1280, 320]) {
    test(`the officer reads the analysis across schools at ${width} px`, async () => {
        const page = await newPage({ width, preset: width < 400 ? 'phone' : 'desktop' });
        await signIn(page, LA, LA_PASSWORD);
        await page.goto(url('/la'));
        await Promise.all([page.waitForURL(/\/la\/evaluation/),
                           page.click('a:has-text("How practice relates to outcomes")')]);
        const main = await page.locator('main').innerText();
        assert(main.includes('no child, member of staff or school is named'), 'says nothing is named');
        assert(/Schools sharing: \d+ \(not sharing: \d+\)/.test(main), 'how many schools share');
        const fitted = main.includes('What it found');
        assert(fitted || main.includes('No model was fitted.'), 'found something or says why not');
        if (fitted) {
            assert(main.includes('How to read these figures') && main.includes('What it does not mean'),
                'how to read it');
            assert(/Effect size: -?\d\.\d\d \(95% interval/.test(main), 'an effect with its interval');
        }
        const cells = await page.locator('td.govuk-table__cell--numeric').allInnerTexts();
        assert(cells.every((c) => !/^[1-4]$/.test(c.trim())), `a small count: ${cells.join(',')}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 1, `the page is ${overflow}px too wide at ${width}`);
        await axeScan(page);
        await screenshot(page, `la-evaluation-${width}`);
        await page.selectOption('#outcome', 'attendance');
        await Promise.all([page.waitForURL(/outcome=attendance/), page.click('button:has-text("Show")')]);
        assert((await page.locator('main').innerText()).includes('attendance (%)'), 'the outcome chosen');
        await axeScan(page);
        const bad = problems(page, { clear: true });
        assert(bad.length === 0, bad.join('; '));
    });
}

test('a year out of range is refused at the field', async () => {
    const page = await newPage();
    await signIn(page, LA, LA_PASSWORD);
    const res = await page.goto(url('/la/evaluation?year=1990'));
    assert(res.status() === 400, `got ${res.status()}`);
    assert((await page.locator('main').innerText()).includes('Enter a school year from'), 'the message');
    await axeScan(page);
    problems(page, { clear: true });
});

await run();
