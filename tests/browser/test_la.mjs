// The local authority's view (/la) in a real browser, with axe, at 1280 and
// 320 CSS px: the demo school's lead agrees to share with the LA on the
// school page; the LA's officer then sees the school side by side in a
// table that scrolls inside its own region on a phone (the page itself does
// not scroll sideways), sorts it by a column, and sees no child's name.
// run.sh makes the officer's account (la.officer@county.example.org).
import {
    test, run, assert, newPage, url, axeScan, screenshot, problems,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const LA = 'la.officer@county.example.org';
const LA_PASSWORD = 'browser-test-pass-1234';

async function signIn(page, email, password = PASSWORD) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

test('a lead agrees to share the school\'s figures with the LA', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url('/school'));
    const share = page.locator('button:has-text("Share with the local authority")');
    if (await share.count()) {
        await Promise.all([page.waitForURL(/saved=1/), share.click()]);
    }
    assert((await page.locator('main').innerText()).includes('You share the school\'s figures'), 'shared');
    await axeScan(page);
    problems(page, { clear: true });
});

for (const width of [1280, 320]) {
    test(`the LA officer sees the schools side by side at ${width} px, with no child named`, async () => {
        const page = await newPage({ width, preset: width < 400 ? 'phone' : 'desktop' });
        await signIn(page, LA, LA_PASSWORD);
        assert(new URL(page.url()).pathname === '/la', `home is /la (got ${page.url()})`);
        const main = await page.locator('main').innerText();
        assert(main.includes('Meadowbank Primary School'), 'the school');
        assert(main.includes('No child is named here'), 'says so');
        assert(await page.locator('table.meso-la-table').count() === 1, 'one table');
        // No count of 1 to 4 in any cell.
        const cells = await page.locator('td.govuk-table__cell--numeric').allInnerTexts();
        assert(cells.every((c) => !/^[1-4]$/.test(c.trim())), `a small count: ${cells.join(',')}`);
        // The page itself does not scroll sideways; the table's region may.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 1, `the page is ${overflow}px too wide at ${width}`);
        await axeScan(page);
        await screenshot(page, `la-${width}`);
        // Sort by pupils in scope.
        await Promise.all([page.waitForURL(/sort=in_scope/),
                           page.click('a:has-text("Pupils in conversation scope")')]);
        assert(await page.locator('th[aria-sort]').count() === 1, 'the sorted column says so');
        await axeScan(page);
        const bad = problems(page, { clear: true });
        assert(bad.length === 0, bad.join('; '));
    });
}

test('the officer is refused a school\'s pages', async () => {
    const page = await newPage();
    await signIn(page, LA, LA_PASSWORD);
    const res = await page.goto(url('/pupils'));
    assert(res.status() === 403, `got ${res.status()}`);
    problems(page, { clear: true });
});

await run();
