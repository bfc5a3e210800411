// meso's record from the previous school on the pupil's page
// (pages/register/transferpage.c), in a real browser on a phone (320 CSS px)
// with axe: a demo pupil's record is sent with the family's agreement and
// read back (into the same demo school, which plays the next school), and
// the lead sees it under "From the previous school", marked and read-only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    test, run, assert, newPage, url, axeScan, problems, OUT_DIR,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const DB = process.env.MESO_DB_FILE;
const MESO = process.env.MESO_BIN || './meso';

async function signIn(page, email, password = PASSWORD) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

const meso = (...args) => execFileSync(MESO, ['--db', DB, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sql = (q) => execFileSync('sqlite3', ['-readonly', DB, q], { encoding: 'utf8' }).trim();

test('the previous school\'s record on the pupil\'s page at 320 px', async () => {
    assert(DB, 'MESO_DB_FILE (set by run.sh)');
    const [id, upn] = sql(`SELECT p.id || '|' || p.upn FROM pupil p WHERE EXISTS (SELECT 1 FROM conversation c
        WHERE c.pupil_id = p.id AND c.shared_on IS NOT NULL) ORDER BY p.id LIMIT 1`).split('|');
    assert(upn, 'a demo pupil with a shared conversation');
    const dir = mkdtempSync(join(tmpdir(), 'meso-transfer-'));
    try {
        meso('transfer', 'consent', upn, '--how', 'signed form at the review meeting');
        meso('export', 'ctf', upn, '--to', '123456', '--out', join(dir, 't.xml'), '--with-meso-record');
        const out = meso('import', 'ctf', join(dir, 't.xml'));
        assert(out.includes('kept as history'), out);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    const page = await newPage({ width: 320, preset: 'phone' });
    await signIn(page, LEAD);
    await page.goto(url(`/pupils/${id}`));
    const section = page.locator('#previous-school');
    assert(await section.count() === 1, 'the section is there');
    const details = page.locator('details.meso-history').first();
    await details.locator('summary').click();
    const text = await details.innerText();
    assert(text.includes('Previous school'), 'marked as the previous school\'s');
    assert(text.includes('cannot be changed here'), 'says it is read-only');
    assert(text.includes('signed form at the review meeting'), 'the family\'s agreement');
    assert(text.includes('Conversations shared with the family'), 'the conversations');
    // Read-only: no form or edit link inside the history.
    assert(await details.locator('form, a[href*="/edit"], button').count() === 0, 'nothing to change');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `the page is ${overflow}px too wide`);
    await axeScan(page);
    // The history alone (the whole page, opened, is too tall for one picture).
    await details.locator('summary').click();
    await details.screenshot({ path: join(OUT_DIR, 'transfer-history-320.png') });
    const bad = problems(page, { clear: true });
    assert(bad.length === 0, bad.join('; '));
});

await run();
