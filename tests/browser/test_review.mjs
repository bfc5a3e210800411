// Pages a lead can act on (issue 13): the lead's home opens with a to-do list
// whose every line is a link to just those pupils; the conversations list
// filters (due, not shared, no agreement, targets past review) with one
// aligned column per term; screening opens on the school's own year groups.
// Screenshots at 1280 and 360 px go to tests/browser/out/review (checked in),
// and each page passes axe with every impact, best practice included.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, run, assert, newPage, url, axeScan, OUT_DIR } from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const REVIEW = join(OUT_DIR, 'review');
mkdirSync(REVIEW, { recursive: true });
const ALL = ['minor', 'moderate', 'serious', 'critical'];

async function signIn(page, email) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

async function shot(page, name) {
    await page.screenshot({ path: join(REVIEW, `${name}.png`), fullPage: true, animations: 'disabled' });
}

for (const width of [1280, 360]) {
    test(`the lead's home and the conversations list at ${width} px`, async () => {
        const page = await newPage({ width, height: 800 });
        await signIn(page, LEAD);
        // The first thing under the greeting is the to-do list, each line a link.
        const first = await page.locator('main h2').first().innerText();
        assert(first === 'To do', `the home opens with the to-do list (first heading: ${first})`);
        const todo = page.locator('.meso-todo li');
        assert(await todo.count() >= 2, 'things to do');
        for (const li of await todo.all())
            assert(await li.locator('a').count() === 1, `each line is a link: ${await li.innerText()}`);
        await axeScan(page, { failOn: ALL });
        await shot(page, `lead-home-${width}`);

        // Each filter of the list: every pupil shown fits it.
        await page.goto(url('/conversations'));
        const heads = await page.locator('table thead th').allInnerTexts();
        assert(['Autumn term', 'Spring term', 'Summer term'].every((t) => heads.includes(t)),
            `one column a term, capitalised: ${heads.join(' | ')}`);
        await axeScan(page, { failOn: ALL });
        const everyone = await page.locator('table tbody tr').count();
        await page.click('.meso-filters a:has-text("Conversations due")');
        const due = await page.locator('table tbody tr').count();
        assert(due > 0 && due < everyone, `due: ${due} of ${everyone}`);
        for (const row of await page.locator('table tbody tr').all())
            assert(/Due this term|Still to hold/.test(await row.innerText()), 'a due row has something due');
        await shot(page, `conversations-due-${width}`);
        await page.click('.meso-filters a:has-text("Records not yet shared")');
        for (const row of await page.locator('table tbody tr').all())
            assert(Number(await row.locator('td').nth(5).innerText()) > 0, 'a row with a record not shared');
        await page.click('.meso-filters a:has-text("No parent agreement yet")');
        for (const row of await page.locator('table tbody tr').all())
            assert((await row.innerText()).includes('No parent agreement yet'), 'a row without an agreement');
        await axeScan(page, { failOn: ALL });
        // The home's to-do links lead to these lists.
        await page.goto(url('/'));
        await page.click('.meso-todo a:has-text("to share")');
        assert(page.url().includes('show=not-shared'), `records to share go to the filtered list: ${page.url()}`);
    }, { timeout: 180_000 });
}

test("screening opens on the school's own year groups, with data", async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url('/screening'));
    const options = await page.locator('#year option').allInnerTexts();
    assert(!options.includes('Year 14') && !options.includes('Nursery 1'),
        `only the school's year groups: ${options.join(', ')}`);
    assert(await page.locator('#screening-count').count() === 1, 'a summary is shown at once');
    await axeScan(page, { failOn: ALL });
});

await run();
