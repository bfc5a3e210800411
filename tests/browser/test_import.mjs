// Importing the SIMS-shaped export in a real browser, at a phone's 320 px:
// a lead uploads tests/fixtures/sims_pupils_one_problem.csv, whose UPN
// column is headed "Unique Pupil No"; the preview shows that one problem
// with its line and column and nothing is saved; the lead says which column
// holds the UPN; the preview then shows the rows to add (pupils, their
// carers from the contact columns, the classes); the lead confirms; the
// pupils and carers are there, with parental responsibility as the file
// gave it. Then the lead makes a teacher the key teacher of a class. Every
// page passes axe and fits 320 px without sideways scrolling; screenshots
// go to tests/browser/out/import-*.png.
//
// The test runs its own meso over its own demo school, so the pupils it
// adds do not change what the other browser tests see.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, after, assert, newPage, axeScan, screenshot, problems } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURE = resolve(HERE, '../fixtures/sims_pupils_one_problem.csv');
const MESO = process.env.MESO_BIN || './meso';
const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const TMP = mkdtempSync(join(tmpdir(), 'meso-import-'));
const DB = join(TMP, 'meso.db');

execFileSync(MESO, ['--db', DB, 'demo', '--seed', '5'], { stdio: 'ignore' });
const server = spawn(MESO, ['--db', DB, 'serve', '--listen', '127.0.0.1:0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
const base = await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('meso serve did not start')), 10000);
    server.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/[^/ ]+/);
        if (m) { clearTimeout(timer); ok(m[0]); }
    });
});
after(async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.on('exit', r));
    rmSync(TMP, { recursive: true, force: true });
});
const url = (p) => base + p;
const sql = (q) => execFileSync('sqlite3', ['-readonly', DB, q], { encoding: 'utf8' }).trim();

// Usable at 320 px: nothing wider than the window, so no sideways scrolling.
async function fits(page, what) {
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 320, `${what}: the page is ${wide} px wide at 320 px`);
}

async function check(page, name, { wide = false } = {}) {
    await axeScan(page);
    if (!wide) await fits(page, name);
    await screenshot(page, `import-${name}`);
    const bad = problems(page, { clear: true }).filter((p) => !/HTTP 422/.test(p));
    assert(bad.length === 0, `${name}: ${bad.join('; ')}`);
}

test('a lead imports the SIMS export at 320 px: one fixable problem, the column chosen, confirmed', async () => {
    const page = await newPage({ width: 320, height: 700, isMobile: true, hasTouch: true });
    await page.goto(url('/sign-in'));
    await page.fill('#email', LEAD);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('button:has-text("Sign in")')]);

    await page.goto(url('/pupils'));
    await page.click('a:has-text("Import pupils and carers")');
    await page.waitForURL(/\/import$/);
    await check(page, 'upload');
    await page.setInputFiles('#file', FIXTURE);
    await Promise.all([page.waitForURL(/\/import\/\d+$/), page.click('button:has-text("Upload and check")')]);
    const previewUrl = page.url();

    // One problem, named by its line and column, and nothing saved.
    const box = page.locator('#problems');
    assert((await box.textContent()).includes('1 problem to put right'), 'one problem');
    assert((await box.textContent()).includes('UPN'), 'names the column');
    assert((await box.textContent()).includes('Nothing has been saved'), 'says nothing is saved');
    assert.equal(await page.locator('button:has-text("Import now")').count(), 0, 'no import while there is a problem');
    assert.equal(sql("SELECT count(*) FROM pupil WHERE upn = 'E999200119001'"), '0', 'nothing imported');
    await check(page, 'preview-problem');

    // Say which column holds the UPN: the export calls it "Unique Pupil No".
    const pick = page.locator('#pick-upn');
    const option = await pick.locator('option', { hasText: 'Unique Pupil No' }).getAttribute('value');
    await pick.selectOption(option);
    await Promise.all([page.waitForURL((u) => u.pathname === new URL(previewUrl).pathname),
                       page.click('button:has-text("Use this column")')]);
    assert.equal(await page.locator('#problems').count(), 0, 'no problem left');
    const counts = await page.locator('#counts').textContent();
    assert(/30 pupils to add/.test(counts), `pupils to add: ${counts}`);
    assert(/38 parents or carers to add/.test(counts), `carers from the contact columns: ${counts}`);
    assert(/8 new classes/.test(counts), `classes: ${counts}`);
    // How each column is read, with the school's choice marked.
    const cols = await page.locator('.meso-import-columns').textContent();
    assert(cols.includes("UPN (your school's choice)"), 'the chosen column');
    assert(cols.includes('Contact 1: relationship'), 'contact columns');
    assert.equal(sql("SELECT count(*) FROM pupil WHERE upn = 'E999200119001'"), '0', 'still nothing imported');
    await check(page, 'preview-ready');

    await Promise.all([page.waitForURL((u) => u.pathname === new URL(previewUrl).pathname),
                       page.click('button:has-text("Import now")')]);
    assert((await page.locator('.govuk-panel').textContent()).includes('30 pupils added'), 'imported');
    await check(page, 'done');
    assert.equal(sql("SELECT count(*) FROM pupil WHERE upn LIKE '_999200119%'"), '30', 'the 30 pupils');
    assert.equal(sql("SELECT count(*) FROM import_column_map WHERE header_key = 'uniquepupilno' AND column_key = 'upn'"), '1',
        'the choice is remembered for the school');

    // The pupil's page: the carers from the same file, with parental
    // responsibility as the export gave it.
    const aisha = sql("SELECT id FROM pupil WHERE upn = 'E999200119001'");
    await page.goto(url(`/pupils/${aisha}`));
    const main = await page.locator('main').textContent();
    assert(main.includes('Nasima Rahman') && main.includes('Abdul Rahman'), 'both contacts');
    assert(main.includes('3B'), 'the class');
    // The pupil page's own width at 320 px is the 320 px reflow work's (issue 13).
    await check(page, 'pupil', { wide: true });

    await page.close();
}, { timeout: 180_000 }); // seven axe scans on a shared machine

test('the lead makes a teacher the key teacher of class 3B at 320 px', async () => {
    const page = await newPage({ width: 320, height: 700, isMobile: true, hasTouch: true });
    await page.goto(url('/sign-in'));
    await page.fill('#email', LEAD);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('button:has-text("Sign in")')]);
    await page.goto(url('/classes'));
    await check(page, 'classes');
    await page.click('a:has-text("3B")');
    await page.selectOption('#key_teacher', { label: 'Priya Nair' });
    await page.click('button:has-text("Save")');
    await page.waitForURL(/saved=\d+/);
    assert((await page.locator('main').textContent()).includes('Priya Nair'), 'the key teacher shows');
    await check(page, 'class');
    const inScope = sql("SELECT count(*) FROM pupil p JOIN reg_group g ON g.id = p.reg_group_id WHERE g.name = '3B'"
        + " AND p.sen_provision IN ('K', 'E')");
    const given = sql("SELECT count(*) FROM pupil p JOIN reg_group g ON g.id = p.reg_group_id JOIN staff s ON s.id = p.key_teacher_id"
        + " WHERE g.name = '3B' AND s.name = 'Priya Nair'");
    assert.equal(given, inScope, 'every pupil in scope in 3B has the key teacher');
    await page.close();
}, { timeout: 120_000 });

await run();
