// The lead's implementation analysis (/evaluation) in a real browser, with
// axe. The demo school holds this year's conversations but no past year with
// both conversations and outcomes, so the analysis must decline and say why,
// in plain words, for each outcome it offers; a malformed year is shown
// beside its field; a teacher is refused. The fitted case (forest and
// caterpillar plots) is covered by tests/unit/test_evaluation.c.
import {
    test, run, assert, newPage, url, axeScan, screenshot, problems,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const TEACHER = 'priya.nair@meadowbank.example.org';

async function signIn(page, email) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

test('a lead asks whether the work went with better outcomes; thin data are declined honestly', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url('/evaluation'));
    assert((await page.locator('h1').innerText()).includes('Implementation and outcomes'), 'the heading');
    const text = await page.locator('main').innerText();
    assert(text.includes('No model was fitted.'), 'it declines');
    assert(/No complete structured conversations|Only \d+ of the \d+ pupils|key teachers/.test(text), 'and says why');
    await axeScan(page);
    await screenshot(page, 'evaluation-declined');
    for (const outcome of ['attendance', 'maths', 'sdq-parent', 'bullying']) {
        await page.selectOption('#outcome', outcome);
        await Promise.all([page.waitForURL(new RegExp(`outcome=${outcome}`)),
                           page.click('button:has-text("Show")')]);
        const t = await page.locator('main').innerText();
        assert(t.includes('No model was fitted.'), `${outcome}: declined`);
    }
    // this year's conversations exist; its outcomes do not yet
    const year = new Date().getUTCMonth() >= 8 ? new Date().getUTCFullYear() : new Date().getUTCFullYear() - 1;
    await page.goto(url(`/evaluation?outcome=attendance&year=${year}`));
    assert(/Only \d+ of the \d+ pupils in scope/.test(await page.locator('main').innerText()), 'too few pupils with outcomes');
    await page.goto(url('/evaluation?year=soon'));
    assert(await page.locator('#year-error').isVisible(), 'the year, beside its field');
    await axeScan(page);
    const bad = problems(page, { clear: true }).filter((p) => !p.includes('400'));
    assert(bad.length === 0, bad.join('; '));
});

test('a teacher cannot see the analysis', async () => {
    const page = await newPage();
    await signIn(page, TEACHER);
    const res = await page.goto(url('/evaluation'));
    assert(res.status() === 403, `teacher got ${res.status()}`);
    problems(page, { clear: true });
});

await run();
