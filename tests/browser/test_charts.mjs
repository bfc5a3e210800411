// The pictures, read as a person at a 1280 px screen reads them (issue 13):
// the pupil page's score charts, the programme report's attendance chart and
// the provision map's three pictures. In every SVG: no text under 12 px as
// drawn, no two pieces of text whose boxes overlap, no name cut short (no
// ellipsis, no numbered key), and on the provision map every provision's
// full name is in the pyramid.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, run, assert, newPage, url, axeScan, OUT_DIR } from './lib.mjs';

// Screenshots for review, checked in (tests/browser/out/review).
const REVIEW = join(OUT_DIR, 'review');
mkdirSync(REVIEW, { recursive: true });
const shot = (locator, name) => locator.screenshot({ path: join(REVIEW, `${name}.png`), animations: 'disabled' });

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const DB = process.env.MESO_DB_FILE;
const sql = (q) => execFileSync('sqlite3', ['-readonly', DB, q], { encoding: 'utf8' }).trim();

async function signIn(page, email) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

/**
 * Every svg[role=img] on the page, measured as drawn: for each, its title,
 * its text pieces with their size in screen px and their boxes, and the
 * overlaps between boxes (by more than `slack` px each way).
 */
export async function measureSvgs(page, selector = 'main svg[role="img"]', slack = 1) {
    return page.evaluate(({ selector, slack }) => [...document.querySelectorAll(selector)].map((svg) => {
        const texts = [...svg.querySelectorAll('text')]
            .filter((t) => t.textContent.trim() !== '')
            .map((t) => {
                const b = t.getBoundingClientRect();
                return {
                    text: t.textContent,
                    px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
                    box: { x: b.left, y: b.top, w: b.width, h: b.height },
                };
            });
        const overlaps = [];
        for (let i = 0; i < texts.length; i++)
            for (let j = i + 1; j < texts.length; j++) {
                const a = texts[i].box;
                const b = texts[j].box;
                const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
                const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
                if (ox > slack && oy > slack) overlaps.push(`"${texts[i].text}" and "${texts[j].text}"`);
            }
        return { title: svg.querySelector(':scope > title')?.textContent || '', texts, overlaps };
    }), { selector, slack });
}

/** Fails on small text, overlaps and shortened names; returns the SVGs. */
async function checkPictures(page, where, { min = 1 } = {}) {
    const svgs = await measureSvgs(page);
    assert(svgs.length >= min, `${where}: ${svgs.length} pictures, wanted ${min} or more`);
    const bad = [];
    for (const s of svgs) {
        for (const t of s.texts)
            if (t.px < 11.95) bad.push(`${s.title}: "${t.text}" is ${t.px.toFixed(1)} px`);
        for (const o of s.overlaps) bad.push(`${s.title}: ${o} overlap`);
        for (const t of s.texts)
            if (t.text.includes('\u2026') || /^\d+\. /.test(t.text)) bad.push(`${s.title}: "${t.text}" is cut short`);
        if (s.texts.some((t) => /Key to shortened/.test(t.text))) bad.push(`${s.title}: a numbered key`);
    }
    assert(bad.length === 0, `${where}:\n  ${bad.join('\n  ')}`);
    return svgs;
}

test('the pupil page charts: 12 px text, no overlaps', async () => {
    // The pupil with the most questionnaires, so the charts have points.
    const pupil = sql('SELECT pupil_id FROM assessment GROUP BY pupil_id ORDER BY count(*) DESC, pupil_id LIMIT 1');
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url(`/pupils/${pupil}`));
    const svgs = await checkPictures(page, `/pupils/${pupil}`, { min: 7 });
    await shot(page.locator('.meso-charts').first(), 'pupil-charts-1280');
    assert(svgs.some((s) => s.texts.some((t) => / \(\d+ to \d+\)$|^\(\d+ to \d+\)$/.test(t.text))),
        'the band labels and their ranges are written');
    await axeScan(page, { failOn: ['minor', 'moderate', 'serious', 'critical'] });
});

test('the pupil page opens with a summary that fits 320 px', async () => {
    // A pupil with a conversation arranged, open targets and provision now.
    const today = new Date().toISOString().slice(0, 10);
    const pupil = sql(`SELECT p.id FROM pupil p WHERE EXISTS (SELECT 1 FROM conversation v
        WHERE v.pupil_id = p.id AND v.status = 'planned' AND v.did_not_come = 0 AND v.event_date >= '${today}')
      AND (SELECT count(*) FROM target t WHERE t.pupil_id = p.id AND t.status IN ('open', 'progressing')) > 3
      AND EXISTS (SELECT 1 FROM enrolment n WHERE n.pupil_id = p.id AND n.left_on IS NULL)
      ORDER BY p.id LIMIT 1`) || sql('SELECT min(id) FROM pupil');
    for (const [preset, width, name] of [['desktop', 1280, 'pupil-summary-1280'], ['phone', 320, 'pupil-summary-320']]) {
        const page = await newPage({ preset, width });
        await signIn(page, LEAD);
        await page.goto(url(`/pupils/${pupil}`));
        const card = page.locator('#at-a-glance');
        assert(await card.isVisible(), 'the summary shows');
        const first = await page.locator('main h2').first().innerText();
        assert(first === 'At a glance', `the page opens with the summary (first heading: ${first})`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert(wide <= width, `the pupil page is ${wide} px wide at ${width} px`);
        await shot(card, name);
        await axeScan(page, { failOn: ['minor', 'moderate', 'serious', 'critical'] });
    }
});

test('the programme report chart: 12 px text, no overlaps', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url('/programmes/1/report'));
    await checkPictures(page, '/programmes/1/report');
    // Tooltips (each bar's title) give dates in words, never in digits.
    const titles = await page.$$eval('main svg g > title', (ts) => ts.map((t) => t.textContent));
    assert(titles.some((t) => /^Session 1, \d{1,2} [A-Z][a-z]+ \d{4}:/.test(t)), `session titles: ${titles.slice(0, 3)}`);
    const digits = titles.filter((t) => /\d{4}-\d\d-\d\d|\d\d?\/\d\d?\/\d{4}/.test(t));
    assert(digits.length === 0, `dates in digits in tooltips: ${digits.join('; ')}`);
    await page.screenshot({ path: join(REVIEW, 'programme-report-1280.png'), fullPage: true, animations: 'disabled' });
    // The comparison group (issue 14 part 5): both kinds of effect size named.
    const text = await page.locator('main').innerText();
    assert(text.includes('Change from before to after, with no comparison group'), 'the pre-post kind');
    assert(/Compared with \d+ similar pupils who were not in the programme/.test(text), 'the comparison kind');
    await shot(page.locator('#comparison'), 'programme-comparison-1280');
    await axeScan(page, { failOn: ['minor', 'moderate', 'serious', 'critical'] });
});

test('the provision map pictures: full names, 12 px text, no overlaps', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    await page.goto(url('/provision'));
    const svgs = await checkPictures(page, '/provision', { min: 3 });
    for (const [i, name] of ['pyramid', 'grid', 'cost'].entries())
        await shot(page.locator('.meso-provmap-picture').nth(i), `provision-map-${name}-1280`);
    const pyramid = svgs.find((s) => s.title === 'The three tiers of provision');
    assert(pyramid, 'the pyramid is drawn');
    // Lines of one box are joined with spaces; every current provision's name
    // (from the table under the picture) is there in full.
    const want = (await page.locator('table:has(caption:has-text("Provisions at each tier")) tbody td:first-child')
        .allInnerTexts()).map((s) => s.trim()).filter(Boolean);
    assert(want.length >= 3, `provisions to find: ${want.length}`);
    const joined = pyramid.texts.map((t) => t.text).join(' ');
    for (const name of want)
        assert(joined.includes(name), `the pyramid shows "${name}" in full (it has: ${joined})`);
    await axeScan(page, { failOn: ['minor', 'moderate', 'serious', 'critical'] });
});

await run();
