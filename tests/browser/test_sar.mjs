// A subject access request from the pupil's page (pages/register/sarpage.c),
// in a real browser on a phone (320 CSS px) with axe: the lead opens the
// review from the pupil's page, holds back some words of a conversation with
// a reason, sees them marked "Held back", withdraws it, holds them back
// again, and downloads the export: a ZIP whose sar.json shows [redacted].
import { inflateRawSync } from 'node:zlib';
import {
    test, run, assert, newPage, url, axeScan, screenshot, problems,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';

async function signIn(page, email, password = PASSWORD) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

// The files of a ZIP (deflated entries, as io/zip.c writes them).
function unzip(buf) {
    const files = {};
    let at = 0;
    while (buf.readUInt32LE(at) === 0x04034b50) {
        const method = buf.readUInt16LE(at + 8), csize = buf.readUInt32LE(at + 18);
        const nlen = buf.readUInt16LE(at + 26), xlen = buf.readUInt16LE(at + 28);
        const name = buf.toString('utf8', at + 30, at + 30 + nlen);
        const data = buf.subarray(at + 30 + nlen + xlen, at + 30 + nlen + xlen + csize);
        files[name] = method === 8 ? inflateRawSync(data) : data;
        at += 30 + nlen + xlen + csize;
    }
    return files;
}

const noSidewaysScroll = async (page) => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `the page is ${overflow}px too wide`);
};

test('a lead redacts words from a subject access export at 320 px', async () => {
    const page = await newPage({ width: 320, preset: 'phone' });
    await signIn(page, LEAD);
    // A pupil with a conversation: from the conversations list.
    await page.goto(url('/pupils'));
    const first = page.locator('table a[href^="/pupils/"]').first();
    const href = await first.getAttribute('href');
    await page.goto(url(href));
    await Promise.all([page.waitForURL(/\/sar$/), page.click('a:has-text("read it through")')]);
    assert((await page.locator('h1').innerText()).includes('Subject access request'), 'the review page');
    await noSidewaysScroll(page);
    await axeScan(page);
    await screenshot(page, 'sar-review-320');

    // Hold back some words of the first piece of writing.
    const link = page.locator('a:has-text("Redact")').first();
    await Promise.all([page.waitForURL(/\/sar\/redact\?path=/), link.click()]);
    const text = (await page.locator('.govuk-inset-text').innerText()).trim();
    const words = text.split(' ').slice(0, 2).join(' ');
    assert(words.length > 1, `words to hold back from "${text}"`);
    await noSidewaysScroll(page);
    await axeScan(page);
    // No reason: refused beside the field.
    await page.check('input[name="scope"][value="passage"]');
    await page.fill('#passage', words);
    await page.click('button:has-text("Hold back")');
    assert((await page.locator('.govuk-error-summary').innerText()).includes('why'), 'a reason is needed');
    await axeScan(page);
    await page.fill('#reason', 'Another child is named');
    await Promise.all([page.waitForURL(/held=1/), page.click('button:has-text("Hold back")')]);
    const main = await page.locator('main').innerText();
    assert(main.includes('Another child is named'), 'the reason is listed');
    assert(main.includes('[redacted]'), 'the review shows [redacted]');
    await noSidewaysScroll(page);
    await axeScan(page);
    await screenshot(page, 'sar-held-back-320');

    // Withdraw it, then hold the words back again.
    await Promise.all([page.waitForURL(/withdrawn=1/), page.click('button:has-text("Withdraw")')]);
    assert((await page.locator('main').innerText()).includes('Nothing yet'), 'withdrawn');
    problems(page, { clear: true });

    // The export: one ZIP with sar.pdf and sar.json.
    await page.goto(url(href.replace(/\/?$/, '') + '/sar'));
    const redact = page.locator('a:has-text("Redact")').first();
    await Promise.all([page.waitForURL(/\/sar\/redact\?path=/), redact.click()]);
    await page.check('input[name="scope"][value="passage"]');
    await page.fill('#passage', words);
    await page.fill('#reason', 'Another child is named');
    await Promise.all([page.waitForURL(/held=1/), page.click('button:has-text("Hold back")')]);
    const [download] = await Promise.all([page.waitForEvent('download'),
                                          page.click('button:has-text("Make the export")')]);
    assert(/^subject-access-request-.*\.zip$/.test(download.suggestedFilename()), download.suggestedFilename());
    const chunks = [];
    for await (const c of await download.createReadStream()) chunks.push(c);
    const files = unzip(Buffer.concat(chunks));
    assert(files['sar.pdf'] && files['sar.pdf'].subarray(0, 5).toString() === '%PDF-', 'sar.pdf');
    const sar = JSON.parse(files['sar.json'].toString('utf8'));
    assert(sar.redactions.length === 1 && sar.redactions[0].found, 'one redaction, found');
    assert(sar.redactions[0].reason === 'Another child is named', 'its reason');
    assert(JSON.stringify(sar).includes('[redacted]'), 'the export shows [redacted]');
    const bad = problems(page, { clear: true });
    assert(bad.length === 0, bad.join('; '));
});

await run();
