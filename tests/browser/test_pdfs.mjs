// The PDFs laid out like documents (issue 13): the conversation record, the
// provision map, the programme report and the invitation letter. Read back
// through poppler: pdftohtml -xml gives each line of text with its page,
// position and font, so a heading (bold, larger than the body) can be seen
// as the last line of a page; pdftotext gives the words, so dates are in
// words ("1 September 2026", never 2026-09-01). The invitation letter is
// refused for sessions already past and without a time and venue.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { test, run, after, assert, newPage, url, OUT_DIR } from './lib.mjs';

// Each PDF's first page as a PNG, for review (checked in).
const REVIEW = join(OUT_DIR, 'review');
mkdirSync(REVIEW, { recursive: true });
const firstPage = (file, name) => execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(REVIEW, `pdf-${name}`)]);

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const DB = process.env.MESO_DB_FILE;
const MESO = process.env.MESO_BIN || './meso';
const sql = (q) => execFileSync('sqlite3', ['-readonly', DB, q], { encoding: 'utf8' }).trim();
const TMP = mkdtempSync(join(tmpdir(), 'meso-pdfs-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

async function signIn(page, email) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

async function fetchPdf(page, path, name) {
    const res = await page.request.get(url(path));
    assert(res.status() === 200, `${path} gave ${res.status()}`);
    const body = await res.body();
    assert(body.subarray(0, 5).toString() === '%PDF-', `${path} is a PDF`);
    const file = join(TMP, `${name}.pdf`);
    writeFileSync(file, body);
    return file;
}

/**
 * Each page's lines of body text (the running header and the footer left
 * out), top to bottom: { page, top, size, bold, text }.
 */
export function pdfLines(file) {
    const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', file], { encoding: 'utf8' });
    const fonts = {};
    for (const m of xml.matchAll(/<fontspec id="(\d+)" size="([\d.]+)" family="([^"]*)"/g))
        fonts[m[1]] = { size: Number(m[2]) };
    const pages = [];
    for (const pm of xml.matchAll(/<page number="(\d+)"[^>]*height="(\d+)"[^>]*>([\s\S]*?)<\/page>/g)) {
        const height = Number(pm[2]);
        const margin = 72 * (height / 842); // pdftohtml draws A4 (842 pt) larger
        const lines = [];
        for (const t of pm[3].matchAll(/<text top="(\d+)" left="(\d+)" width="\d+" height="\d+" font="(\d+)">([\s\S]*?)<\/text>/g)) {
            const top = Number(t[1]);
            const text = t[4].replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&#34;|&quot;/g, '"').trim();
            // The running header sits above the 72 pt margin, the footer below it.
            if (!text || top < margin || top > height - margin) continue;
            lines.push({ page: Number(pm[1]), top, ...fonts[t[3]], bold: /^<b>/.test(t[4].trim()), text });
        }
        lines.sort((a, b) => a.top - b.top);
        pages.push(lines);
    }
    return pages;
}

/** Fails when a page's last line of body text is a heading, or a date is in digits. */
function checkDocument(file, name) {
    const pages = pdfLines(file);
    assert(pages.length >= 1, `${name}: no pages`);
    // The body size is the commonest; a heading is bold and larger.
    const counts = {};
    for (const l of pages.flat()) counts[l.size] = (counts[l.size] || 0) + 1;
    const body = Number(Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0]);
    const bad = [];
    pages.forEach((lines, i) => {
        if (!lines.length || i === pages.length - 1) return;
        const last = lines[lines.length - 1];
        // Lines at the same height as the last one (a row of cells) count too.
        const row = lines.filter((l) => Math.abs(l.top - last.top) < 3);
        if (row.every((l) => l.bold && l.size > body + 0.5))
            bad.push(`page ${i + 1} ends with the heading "${last.text}"`);
    });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const m of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) bad.push(`a date in digits: ${m[0]}`);
    assert(bad.length === 0, `${name}:\n  ${bad.join('\n  ')}`);
    return { pages: pages.length, text };
}

test('the conversation record, provision map and programme report: headings stay with their text, dates in words', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    // The conversation with the most targets, so the record is long.
    const conv = sql(`SELECT c.id FROM conversation c LEFT JOIN target t ON t.conversation_id = c.id
                      GROUP BY c.id ORDER BY count(t.id) DESC, c.id LIMIT 1`);
    const docs = [
        [`/conversations/${conv}/pdf`, 'conversation-record'],
        ['/provision/map.pdf', 'provision-map'],
        ['/programmes/1/report.pdf', 'programme-report'],
    ];
    for (const [path, name] of docs) {
        const file = await fetchPdf(page, path, name);
        const { pages } = checkDocument(file, name);
        firstPage(file, name);
        console.log(`  ${name}: ${pages} pages`);
    }
});

test('the invitation letter: dates in words, refused for past sessions or without a time and venue', async () => {
    const page = await newPage();
    await signIn(page, LEAD);
    const today = process.env.MESO_TODAY || sql("SELECT date('now')");
    const past = sql(`SELECT p.id FROM provision p WHERE p.template_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM programme_session s WHERE s.provision_id = p.id AND s.session_date >= '${today}')
        ORDER BY p.id LIMIT 1`);
    assert(past, 'the demo has a programme whose sessions are all past');
    const family = (prog) => sql(`SELECT id FROM enrolment WHERE provision_id = ${prog} ORDER BY id LIMIT 1`);
    const pastPath = `/programmes/${past}/families/${family(past)}/invitation.pdf`;
    const res = await page.request.get(url(pastPath));
    assert(res.status() !== 200 || !(await res.body()).subarray(0, 5).equals(Buffer.from('%PDF-')),
        `${pastPath}: a letter for sessions already held is refused (got ${res.status()})`);
    const words = await res.text();
    assert(/already|past|held/i.test(words), `${pastPath}: says why (${words.slice(0, 200)})`);
    // A cohort still to come, with a time and venue: its letter gives the
    // dates in words, the time and the place.
    const start = new Date(Date.now() + 14 * 86400000).toISOString().slice(0, 10);
    const out = execFileSync(MESO, ['--db', DB, 'programme', 'start', 'fast', '--start', start,
        '--name', 'FAST next term', '--time', '15:15', '--venue', 'the school hall'], { encoding: 'utf8' });
    const id = out.match(/(?:programme|cohort|provision)\D*(\d+)/i)?.[1] || sql("SELECT max(id) FROM provision");
    const upn = sql('SELECT upn FROM pupil ORDER BY id LIMIT 1');
    execFileSync(MESO, ['--db', DB, 'programme', 'enrol', String(id), upn, '--consent', 'given'], { encoding: 'utf8' });
    const file = await fetchPdf(page, `/programmes/${id}/families/${family(id)}/invitation.pdf`, 'invitation');
    const { text } = checkDocument(file, 'invitation');
    firstPage(file, 'invitation');
    const flat = text.replace(/\s+/g, ' ');
    assert(/\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}/.test(flat),
        'the invitation gives its dates in words');
    assert(flat.includes('15:15') && flat.includes('the school hall'), 'the invitation says when and where');
});

await run();
