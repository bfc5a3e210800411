// meso in the family's language (issue 18, docs/i18n.md). The demo parent's
// carer record says Polish, Urdu, then Arabic: the parent's home page and a
// shared meeting record come in that language, with lang and dir right on
// <html> (checked by axe's own rules and by hand), right-to-left for Urdu and
// Arabic, the school's own words kept as typed and marked, screenshots of
// each. The sign-in page follows the browser's Accept-Language. The record's
// PDF in Urdu and Bengali: pdftotext finds the text in its own script, and
// its first page is kept as a PNG in out/review for a person to check.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    test, run, assert, after, newPage, url, axeScan, screenshot, readingEase, readingStats, problems,
    OUT_DIR,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const PARENT = 'parent.demo@example.org';
const DB = process.env.MESO_DB_FILE;
const REVIEW = join(OUT_DIR, 'review');
mkdirSync(REVIEW, { recursive: true });
const TMP = mkdtempSync(join(tmpdir(), 'meso-i18n-'));

function sql(query) {
    if (!DB) throw new Error('MESO_DB_FILE is not set (run through tests/browser/run.sh)');
    return execFileSync('sqlite3', [DB, query], { encoding: 'utf8' }).trim();
}

// The demo parent's carer, and a shared meeting record (with targets and the
// child's views) of another child, linked to this carer for the test only.
const CARER = Number(sql(`SELECT carer_id FROM account WHERE email = '${PARENT}'`));
const LANGUAGE = sql(`SELECT coalesce(preferred_language, '') FROM carer WHERE id = ${CARER}`);
const [CONV, CHILD] = sql(
    "SELECT c.id || ',' || c.pupil_id FROM conversation c WHERE c.status = 'complete' AND " +
    'c.shared_on IS NOT NULL AND c.pupil_views IS NOT NULL AND c.going_well IS NOT NULL AND ' +
    '(SELECT count(*) FROM target t WHERE t.conversation_id = c.id) > 1 ORDER BY c.id LIMIT 1',
).split(',').map(Number);
const LINKED = sql(`SELECT count(*) FROM pupil_carer WHERE pupil_id = ${CHILD} AND carer_id = ${CARER}`) === '1';
if (!LINKED)
    sql(`INSERT INTO pupil_carer (pupil_id, carer_id, relationship) VALUES (${CHILD}, ${CARER}, 'mother')`);
const TYPED = sql(`SELECT going_well FROM conversation WHERE id = ${CONV}`);
after(() => {
    if (!LINKED) sql(`DELETE FROM pupil_carer WHERE pupil_id = ${CHILD} AND carer_id = ${CARER}`);
    sql(`UPDATE carer SET preferred_language = '${LANGUAGE.replace(/'/g, "''")}' WHERE id = ${CARER}`);
    sql(`UPDATE account SET language = NULL WHERE email = '${PARENT}'`);
    sql("DELETE FROM translation_fix");
    rmSync(TMP, { recursive: true, force: true });
});

const LANGS = [
    { code: 'pl', recorded: 'Polish', dir: 'ltr', home: 'Twoje spotkania ze szkołą', plan: 'Nasz plan', label: 'Napisane przez szkołę' },
    { code: 'ur', recorded: 'Urdu', dir: 'rtl', home: 'اسکول کے ساتھ آپ کی ملاقاتیں', plan: 'ہمارا منصوبہ', label: 'اسکول کا لکھا ہوا' },
    { code: 'ar', recorded: 'Arabic', dir: 'rtl', home: 'لقاءاتك مع المدرسة', plan: 'خطتنا', label: 'كتبته المدرسة' },
];

async function signIn(page) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', PARENT);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button[type="submit"]')]);
}

// lang and dir on <html>, by hand and by axe's html-has-lang, html-lang-valid
// and valid-lang rules (any violation of them fails, whatever its impact).
async function checkLang(page, code, dir) {
    const got = await page.evaluate(() => ({
        lang: document.documentElement.getAttribute('lang'),
        dir: document.documentElement.getAttribute('dir') || 'ltr',
        css: getComputedStyle(document.body).direction,
    }));
    assert.equal(got.lang, code, `lang on <html> at ${page.url()}`);
    assert.equal(got.dir, dir, `dir on <html> at ${page.url()}`);
    assert.equal(got.css, dir, 'the page is laid out in that direction');
    const all = await axeScan(page);
    const langRules = all.filter((v) => ['html-has-lang', 'html-lang-valid', 'valid-lang', 'html-xml-lang-mismatch'].includes(v.id));
    assert.equal(langRules.length, 0, `axe lang rules: ${JSON.stringify(langRules)}`);
}

test('the sign-in page follows the browser\'s language', async () => {
    for (const [locale, code, words] of [['pl-PL', 'pl', 'Zaloguj się'], ['ar-EG', 'ar', 'تسجيل الدخول'], ['de-DE', 'en-GB', 'Sign in']]) {
        const page = await newPage({ locale });
        await page.goto(url('/sign-in'));
        assert.equal(await page.locator('h1').innerText(), words);
        await checkLang(page, code, code === 'ar' ? 'rtl' : 'ltr');
        await page.close();
    }
});

for (const l of LANGS) {
    test(`the parent's home page and a shared record in ${l.recorded}`, async () => {
        sql(`UPDATE carer SET preferred_language = '${l.recorded}' WHERE id = ${CARER}`);
        const page = await newPage();
        await signIn(page);
        await page.goto(url(`/my/children/${CHILD}`));
        const main = await page.locator('main').innerText();
        assert(main.includes(l.home), `the home page is in ${l.recorded}: ${main.slice(0, 200)}`);
        await checkLang(page, l.code, l.dir);
        await screenshot(page, `i18n-${l.code}-child`);

        await page.goto(url(`/my/conversations/${CONV}`));
        const record = await page.locator('main').innerText();
        assert(record.includes(l.plan), `the record is in ${l.recorded}`);
        assert(record.includes(TYPED), 'what the school typed stays as typed');
        assert(record.includes(l.label), 'and is marked as the school\'s own words');
        assert(!record.includes('What happens next'), 'no English heading is left');
        await checkLang(page, l.code, l.dir);
        await screenshot(page, `i18n-${l.code}-record`);
        if (l.dir === 'rtl') {
            // Mirrored: the back link starts at the right-hand side.
            const box = await page.locator('.govuk-back-link').boundingBox();
            const width = page.viewportSize().width;
            assert(box.x + box.width > width / 2, 'the back link sits on the right');
        }
        assert.deepEqual(problems(page), []);
        await page.close();
    });
}

test('English parent pages stay easy to read', async () => {
    sql(`UPDATE carer SET preferred_language = 'English' WHERE id = ${CARER}`);
    const page = await newPage();
    await signIn(page);
    for (const path of [`/my/children/${CHILD}`, `/my/conversations/${CONV}`]) {
        await page.goto(url(path));
        assert.equal(await page.evaluate(() => document.documentElement.lang), 'en-GB');
        // Only meso's own words: the school's are not ours to score.
        const ease = await page.evaluate(() => {
            const main = document.querySelector('main').cloneNode(true);
            main.querySelectorAll('.meso-school-words, .meso-multiline').forEach((e) => e.remove());
            return main.innerText;
        });
        const s = readingStats(ease);
        assert(s.score >= 70, `Flesch ${s.score} on ${path} (want 70 or more)`);
    }
    assert((await readingEase(page)) > 0);
    await page.close();
});

test('a parent chooses their language; a lead corrects a message for the school', async () => {
    sql(`UPDATE carer SET preferred_language = 'Polish' WHERE id = ${CARER}`);
    const parent = await newPage();
    await signIn(parent);
    await parent.goto(url('/'));
    assert.equal(await parent.evaluate(() => document.documentElement.lang), 'pl');
    await parent.selectOption('#language', 'es');
    await Promise.all([parent.waitForURL((u) => u.pathname === '/'), parent.click('.meso-language button')]);
    assert.equal(await parent.evaluate(() => document.documentElement.lang), 'es');
    assert((await parent.locator('main').innerText()).includes('Hola'), 'the home page is in Spanish');
    await screenshot(parent, 'i18n-es-home');

    // A lead sees the drafts and corrects one Spanish message.
    const lead = await newPage();
    await lead.goto(url('/sign-in'));
    await lead.fill('#email', 'helen.price@meadowbank.example.org');
    await lead.fill('#password', PASSWORD);
    await Promise.all([lead.waitForURL((u) => !u.pathname.startsWith('/sign-in')), lead.click('button[type="submit"]')]);
    await lead.goto(url('/translations'));
    assert((await lead.locator('main').innerText()).includes('No native speaker has checked'));
    await lead.goto(url('/translations/es'));
    assert((await lead.locator('.govuk-tag--yellow').count()) > 50, 'drafts are marked for staff');
    const card = lead.locator('.govuk-summary-card', { has: lead.locator('h2', { hasText: /^Our plan$/ }) });
    await card.locator('summary').click();
    await card.locator('textarea').fill('El plan que acordamos');
    await Promise.all([lead.waitForURL(/saved=1/), card.locator('button').click()]);
    assert.equal(await card.locator('.govuk-tag--green').count(), 1, 'marked as corrected');
    // A correction that drops a placeholder is refused, naming the reason.
    const other = lead.locator('.govuk-summary-card', { has: lead.locator('h2', { hasText: /^Our meeting on %s$/ }) });
    await other.locator('summary').click();
    await other.locator('textarea').fill('Nuestra reunión');
    await other.locator('button').click();
    assert((await lead.locator('main').innerText()).includes('keep the 1 place marked %s'));

    await parent.goto(url(`/my/conversations/${CONV}`));
    assert((await parent.locator('main').innerText()).includes('El plan que acordamos'), 'the parent sees the school\'s correction');
    assert(!(await parent.locator('main').innerText()).includes('Draft'), 'parents never see the draft marking');
    // Back to the language the school has: Polish again.
    await parent.goto(url('/'));
    await parent.selectOption('#language', '');
    await Promise.all([parent.waitForURL((u) => u.pathname === '/'), parent.click('.meso-language button')]);
    assert.equal(await parent.evaluate(() => document.documentElement.lang), 'pl');
    assert.equal(sql("SELECT count(*) FROM audit WHERE entity = 'translation'"), '1');
    await lead.close();
    await parent.close();
}, { timeout: 180_000 }); // two sessions and a page of every message: slow on a loaded machine

// The record's PDF in Urdu and Bengali: the words in their own script.
for (const [recorded, code, script] of [['Urdu', 'ur', /\p{Script=Arabic}/gu], ['Bengali', 'bn', /\p{Script=Bengali}/gu]]) {
    test(`the record's PDF in ${recorded}`, async () => {
        sql(`UPDATE carer SET preferred_language = '${recorded}' WHERE id = ${CARER}`);
        sql(`UPDATE account SET language = NULL WHERE email = '${PARENT}'`);
        const page = await newPage();
        await signIn(page);
        const res = await page.request.get(url(`/my/conversations/${CONV}/pdf`));
        assert.equal(res.status(), 200);
        const file = join(TMP, `${code}.pdf`);
        writeFileSync(file, await res.body());
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
        const n = (text.match(script) || []).length;
        assert(n > 300, `${n} ${recorded} letters in the PDF's text`);
        assert(text.includes(TYPED.split(' ')[0]), 'the school\'s words are there as typed');
        const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
        const want = code === 'ur' ? /NotoNastaliqUrdu/ : /NotoSansBengali/;
        assert(want.test(fonts), `the PDF uses the script's Noto font:\n${fonts}`);
        execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file,
                                  join(REVIEW, `pdf-record-${code}`)]);
        await page.close();
    });
}

await run();
