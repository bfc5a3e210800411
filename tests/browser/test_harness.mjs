// test_harness.mjs - the harness tests itself, without meso: a tiny server in
// this process sends pages with a strict CSP, and we check that axeScan,
// readingEase, screenshot, the phone preset and problems() do their jobs
// (and that each can fail).
import http from 'node:http';
import { statSync, readFileSync } from 'node:fs';
import {
    test, run, after, assert, newPage, axeScan, readingEase, readingStats, screenshot, problems,
    expectNoProblems,
} from './lib.mjs';

const CSP = "default-src 'self'; script-src 'self'";

const page = (title, body) => `<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const PAGES = {
    '/good': page('A good page', `
        <p>The cat sat on the mat. We like to read at home.</p>
        <form><label for="name">Your name</label><input id="name" name="name" type="text"></form>
        <script src="/ok.js"></script>`),
    '/bad': page('A bad page', `
        <img src="/pixel.png">
        <form><input name="nameless" type="text"></form>`),
    '/inline': page('Inline script', `
        <p id="out">not changed</p>
        <script>document.getElementById('out').textContent = 'inline ran';</script>`),
    '/jargon': page('Jargon', `
        <p>Multidisciplinary safeguarding interventions necessitate comprehensive interagency
        collaboration, incorporating standardised psychometric instrumentation and longitudinal
        evaluation methodologies.</p>`),
    '/wide': page('Wide', '<p>Text</p>'),
};
// A 1x1 transparent PNG.
const PIXEL = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const headers = { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' };
    if (PAGES[path]) {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
        res.end(PAGES[path]);
    } else if (path === '/ok.js') {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' });
        res.end("document.documentElement.dataset.external = 'ran';");
    } else if (path === '/pixel.png' || path === '/favicon.ico') {
        res.writeHead(200, { ...headers, 'Content-Type': 'image/png' });
        res.end(PIXEL);
    } else {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
        res.end('not found');
    }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
after(() => new Promise((resolve) => server.close(resolve)));

test('the CSP is enforced: external script runs, inline script is refused and reported', async () => {
    const p = await newPage();
    const res = await p.goto(base + '/good');
    assert.equal(res.headers()['content-security-policy'], CSP);
    assert.equal(await p.evaluate(() => document.documentElement.dataset.external), 'ran');
    expectNoProblems(p);

    await p.goto(base + '/inline');
    assert.equal(await p.locator('#out').innerText(), 'not changed');
    const found = problems(p);
    assert.ok(found.some((s) => /Content Security Policy/i.test(s)), `no CSP report in: ${found}`);
    assert.throws(() => expectNoProblems(p), /Content Security Policy/);
});

test('axeScan passes a well-formed page under a strict CSP, without bypassCSP', async () => {
    const p = await newPage();
    await p.goto(base + '/good');
    const violations = await axeScan(p);
    assert.ok(Array.isArray(violations));
    assert.deepEqual(violations.filter((v) => ['serious', 'critical'].includes(v.impact)), []);
    // axe really ran in the page: it is defined there now.
    assert.equal(await p.evaluate(() => typeof window.axe.run), 'function');
});

test('axeScan fails a page with an image without alt and an unlabelled input', async () => {
    const p = await newPage();
    await p.goto(base + '/bad');
    let err = null;
    try {
        await axeScan(p);
    } catch (e) {
        err = e;
    }
    assert.ok(err, 'axeScan should have thrown');
    const ids = err.violations.map((v) => v.id);
    assert.ok(ids.includes('image-alt'), `rules: ${ids}`);
    assert.ok(ids.includes('label'), `rules: ${ids}`);
    // The message is readable: rule id, impact, target selector and help URL.
    assert.match(err.message, /\[critical\] image-alt: /);
    assert.match(err.message, /\n\s+img\b/);
    assert.match(err.message, /https:\/\/dequeuniversity\.com\/rules\/axe\//);
    // With failOn: [] it only collects.
    const all = await axeScan(p, { failOn: [] });
    assert.ok(all.some((v) => v.id === 'image-alt'));
    // And a scan can skip a rule or a region.
    const some = await axeScan(p, { failOn: [], disableRules: ['image-alt'] });
    assert.ok(!some.some((v) => v.id === 'image-alt'));
});

test('readingEase: plain sentences score high, jargon low', async () => {
    const p = await newPage();
    await p.goto(base + '/good');
    const easy = await readingEase(p, 'main p');
    assert.ok(easy >= 70, `easy text scored ${easy}`);
    await p.goto(base + '/jargon');
    const hard = await readingEase(p, 'main p');
    assert.ok(hard < 50, `jargon scored ${hard}`);
    // The counts behind it, by hand: 2 sentences, 12 words, 12 syllables.
    const s = readingStats('The cat sat on the mat. We like to read at home.');
    assert.deepEqual([s.sentences, s.words, s.syllables], [2, 12, 12]);
    assert.equal(s.score, Math.round((206.835 - 1.015 * 6 - 84.6 * 1) * 10) / 10);
    // Lines are sentences; numbers are not words.
    assert.equal(readingStats('Pupils\nAdd a pupil\n2025').sentences, 2);
    await assert.rejects(readingEase(p, 'main form'), /nothing matches main form/);
    await p.goto(base + '/good');
    await assert.rejects(readingEase(p, 'main input'), /no words in main input/);
});

test('screenshot writes a non-empty PNG', async () => {
    const p = await newPage();
    await p.goto(base + '/good');
    const path = await screenshot(p, 'harness-good');
    const bytes = readFileSync(path);
    assert.ok(statSync(path).size > 100);
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
});

test('phone preset is 360 CSS px wide and mobile; desktop is 1280', async () => {
    const phone = await newPage('phone');
    await phone.goto(base + '/wide');
    const [w, mobile] = await phone.evaluate(() => [window.innerWidth, matchMedia('(pointer: coarse)').matches]);
    assert.equal(w, 360);
    assert.equal(mobile, true);
    const desk = await newPage();
    await desk.goto(base + '/wide');
    assert.equal(await desk.evaluate(() => window.innerWidth), 1280);
    const custom = await newPage({ width: 800, height: 600 });
    await custom.goto(base + '/wide');
    assert.equal(await custom.evaluate(() => window.innerWidth), 800);
});

test('a missing resource is reported as a problem', async () => {
    const p = await newPage();
    await p.goto(base + '/nowhere');
    assert.ok(problems(p).some((s) => s.startsWith('HTTP 404')), String(problems(p)));
});

await run();
