// meso's pages in a real browser: the staff journey, every page's
// accessibility, phones, the keyboard, and plain words for parents.
import {
    test, run, assert, newPage, url, axeScan, screenshot, readingEase, problems,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const TEACHER = 'priya.nair@meadowbank.example.org';
const ADMIN = 'sam.okoro@meadowbank.example.org';
const PARENT = 'parent.demo@example.org';

async function signIn(page, email, password = PASSWORD) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

// Scan with axe, save a screenshot, and check nothing went wrong on the page.
async function check(page, name, { allowStatus = [] } = {}) {
    // After a click the next page may still be loading its stylesheet; axe
    // would then measure unstyled links (target-size).
    await page.waitForLoadState('load');
    await axeScan(page);
    await screenshot(page, name);
    const bad = problems(page, { clear: true }).filter(
        (p) => !allowStatus.some((s) => p.startsWith(`HTTP ${s}`) || p.includes(`status of ${s} `)));
    assert(bad.length === 0, `${name}: ${bad.join('; ')}`);
}

// Nothing on the page is wider than the screen (no sideways scrolling).
async function fitsWidth(page, name) {
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert(scroll <= width, `${name}: ${scroll}px wide on a ${width}px screen`);
}

test('a lead signs in, searches, opens a pupil, changes the record, sees it on the audit page, signs out', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await check(page, 'home-lead');
    await page.click('.govuk-service-navigation a:has-text("Pupils")');
    await check(page, 'pupils');
    // Search for the surname of the first pupil listed.
    const first = page.locator('table tbody tr a').first();
    const name = (await first.innerText()).trim();
    const surname = name.split(' ').pop();
    await page.fill('#q', surname);
    await page.click('button:has-text("Search")');
    await page.waitForSelector('#results-count');
    assert((await page.locator('table tbody tr').count()) >= 1, 'search found the pupil');
    await page.click(`table tbody a:has-text("${name}")`);
    await check(page, 'pupil');
    const heading = await page.locator('h1').innerText();
    assert(heading.includes(surname), `pupil page heading ${heading}`);
    await page.click('a:has-text("Change the record")');
    await check(page, 'pupil-edit');
    await page.fill('#preferred_forename', 'Sunny');
    await page.click('button:has-text("Save changes")');
    await page.waitForSelector('.govuk-notification-banner--success');
    assert((await page.locator('h1').innerText()).startsWith('Sunny'), 'the new name shows');
    await page.click('.govuk-service-navigation a:has-text("Audit trail")');
    await check(page, 'audit');
    const row = page.locator('table tbody tr', { hasText: 'update' }).first();
    assert((await row.innerText()).includes(`user:${LEAD}`), 'the change is on the audit page');
    await page.click('button:has-text("Sign out")');
    await page.waitForURL(/\/sign-in/);
    assert((await page.content()).includes('You have signed out'), 'signed out');
    await page.goto(url('/pupils'));
    assert(page.url().includes('/sign-in'), 'signed out means no more pupils');
});

test('the form shows each message beside its field', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url('/pupils/new'));
    await page.click('button:has-text("Add pupil")');
    await page.waitForSelector('.govuk-error-summary');
    assert(await page.locator('#upn-error').isVisible(), 'UPN message beside the field');
    assert(await page.locator('#dob-error').isVisible(), 'date of birth message beside the field');
    await check(page, 'pupil-new-errors', { allowStatus: [422] });
    // The summary links move focus to the field.
    await page.click('.govuk-error-summary a[href="#upn"]');
    assert(await page.evaluate(() => document.activeElement?.id === 'upn'), 'focus moves to the UPN field');
});

test('every staff page passes an accessibility scan', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url('/pupils'));
    const href = await page.locator('table tbody tr a').first().getAttribute('href');
    const pupil = href.split('/').pop();
    await page.goto(url(`/pupils/${pupil}`));
    const carerLink = page.locator('.govuk-summary-card__title a').first();
    const carer = (await carerLink.getAttribute('href')).split('/').pop();
    const pages = [
        [`/pupils/${pupil}/key-teacher`, 'key-teacher'],
        [`/pupils/${pupil}/invite`, 'invite'],
        [`/pupils/${pupil}/carers/new`, 'carer-new'],
        [`/pupils/${pupil}/carers/${carer}`, 'link'],
        [`/carers/${carer}`, 'carer'],
        [`/carers/${carer}/edit`, 'carer-edit'],
        ['/pupils?sen=K', 'pupils-sen'],
        ['/pupils?page=2', 'pupils-page-2'],
    ];
    for (const [path, name] of pages) {
        await page.goto(url(path));
        await check(page, name);
    }
    await page.goto(url('/no-such-page'));
    await check(page, 'not-found', { allowStatus: [404] });
    const admin = await newPage();
    await signIn(admin, ADMIN);
    await check(admin, 'home-admin');
    await admin.goto(url('/accounts'));
    await check(admin, 'accounts');
    await admin.goto(url('/accounts/new'));
    await check(admin, 'account-new');
    const teacher = await newPage();
    await signIn(teacher, TEACHER);
    await check(teacher, 'home-teacher');
});

test('a new lead must set up two-step sign-in, and the page is accessible', async () => {
    const page = await newPage();
    await signIn(page, 'new.lead@meadowbank.example.org', 'browser-test-pass-1234');
    assert(page.url().endsWith('/account/two-factor'), `went to ${page.url()}`);
    assert(await page.locator('.meso-qr svg').isVisible(), 'the QR code shows');
    await check(page, 'two-factor');
    await page.goto(url('/pupils'));
    assert(page.url().endsWith('/account/two-factor'), 'nothing else until it is set up');
});

test('pages fit a 360 px phone screen and work with touch', async () => {
    const page = await newPage('phone');
    await page.goto(url('/sign-in'));
    await fitsWidth(page, 'sign-in');
    await check(page, 'phone-sign-in');
    await signIn(page, LEAD);
    for (const path of ['/', '/pupils', '/audit']) {
        await page.goto(url(path));
        await fitsWidth(page, path);
    }
    await page.goto(url('/pupils'));
    await screenshot(page, 'phone-pupils');
    const href = await page.locator('table tbody tr a').first().getAttribute('href');
    await page.goto(url(href));
    await fitsWidth(page, 'pupil');
    await check(page, 'phone-pupil');
    await page.goto(url(`${href}/edit`));
    await fitsWidth(page, 'pupil edit');
});

test('signing in works with the keyboard alone, and the skip link works', async () => {
    const page = await newPage();
    await page.goto(url('/sign-in'));
    await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement?.classList.contains('govuk-skip-link')),
        'the first Tab reaches the skip link');
    await page.keyboard.press('Enter');
    // Tab through to the email field and fill the form by keyboard.
    for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.id === 'email')); i++)
        await page.keyboard.press('Tab');
    assert(await page.evaluate(() => document.activeElement?.id === 'email'), 'Tab reaches the email field');
    await page.keyboard.type(LEAD);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.keyboard.press('Enter')]);
    assert((await page.locator('h1').innerText()).startsWith('Hello'), 'signed in by keyboard');
});

test('pages for parents use plain words (Flesch reading ease 70 or more)', async () => {
    const page = await newPage('phone');
    await page.goto(url('/sign-in'));
    const signin = await readingEase(page);
    assert(signin >= 70, `sign-in reads at ${signin.toFixed(0)}`);
    await page.goto(url('/join'));
    const join = await readingEase(page);
    assert(join >= 70, `join reads at ${join.toFixed(0)}`);
    await check(page, 'join');
    await signIn(page, PARENT);
    const home = await readingEase(page);
    assert(home >= 70, `parent home reads at ${home.toFixed(0)}`);
    await check(page, 'home-parent');
    // A parent cannot open the staff pages.
    const res = await page.goto(url('/pupils'));
    assert(res.status() === 403, `parent on /pupils got ${res.status()}`);
    problems(page, { clear: true });
});

await run();
