// test_assets.mjs - meso's built assets (build/assets/, `make` builds them) in
// a real browser, without meso: a tiny server here sends the reference layout
// (fixtures/layout.html) under the CSP meso sends, and we check the brand, the
// phone layout, the print view, that app.js starts govuk-frontend, and axe.
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    test, run, after, assert, newPage, axeScan, readingEase, screenshot, expectNoProblems,
} from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ASSETS = join(ROOT, 'build', 'assets');
const LAYOUT = readFileSync(join(ROOT, 'tests', 'browser', 'fixtures', 'layout.html'));
if (!existsSync(join(ASSETS, 'meso.css'))) {
    console.error('test_assets: build/assets/ is missing; run `make` (or `make browser`) first');
    process.exit(1);
}

// The policy meso's server is to send on every page.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; " +
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
    "form-action 'self'; frame-ancestors 'none'";
const TYPES = { css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8', svg: 'image/svg+xml' };

const requests = [];
const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push(path);
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
    const m = path.match(/^\/assets\/([\w.-]+)$/);
    if (m && existsSync(join(ASSETS, m[1]))) {
        const ext = m[1].split('.').pop();
        res.writeHead(200, { ...headers, 'Content-Type': TYPES[ext] || 'application/octet-stream' });
        res.end(readFileSync(join(ASSETS, m[1])));
    } else if (path === '/' || path === '/pupils/1') {
        res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
        res.end(LAYOUT);
    } else {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
        res.end('not found');
    }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
after(() => new Promise((resolve) => server.close(resolve)));

const style = (page, selector, prop) =>
    page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], prop);

async function open(opts) {
    const page = await newPage(opts);
    await page.goto(base + '/pupils/1');
    await page.waitForLoadState('networkidle');
    return page;
}

test('desktop: brand, system fonts, app.js starts govuk-frontend under the CSP', async () => {
    requests.length = 0;
    const page = await open('desktop');
    expectNoProblems(page);
    // app.js ran (a module from 'self') and initialised the components.
    const body = await page.evaluate(() => document.body.className);
    assert.match(body, /\bgovuk-frontend-supported\b/);
    assert.match(body, /\bjs-enabled\b/);
    await page.locator('.govuk-character-count__status').waitFor({ state: 'attached' });
    await page.locator('#note').fill('Happy today.');
    await page.waitForFunction(() =>
        /You have 488 characters remaining/.test(document.querySelector('.govuk-character-count__status').textContent));
    // The wordmark is text; no crown or logo image in the header.
    assert.equal((await page.locator('.meso-header__wordmark').innerText()).trim(), 'meso');
    assert.equal(await page.locator('.meso-header svg, .meso-header img').count(), 0);
    assert.equal(await style(page, '.meso-header', 'backgroundColor'), 'rgb(11, 79, 74)');
    assert.equal(await style(page, '.meso-header__wordmark', 'color'), 'rgb(255, 255, 255)');
    // System fonts, and no font file was asked for.
    assert.match(await style(page, '.govuk-body', 'fontFamily'), /^system-ui, -apple-system/);
    assert.ok(!requests.some((p) => /\.(woff2?|ttf|otf)$/.test(p)), `requests: ${requests}`);
    for (const p of ['/assets/meso.css', '/assets/app.js', '/assets/govuk-frontend.min.js']) {
        assert.ok(requests.includes(p), `${p} not requested: ${requests}`);
    }
    assert.deepEqual(requests.filter((p) => !p.startsWith('/assets/') && p !== '/pupils/1'), []);
    // Links are meso teal, not GOV.UK blue.
    assert.equal(await style(page, 'main .govuk-link', 'color'), 'rgb(0, 98, 94)');
    await axeScan(page);
    await screenshot(page, 'layout-desktop');
});

test('phone (360 px): no sideways scroll, menu collapses, header wraps, 19px text', async () => {
    const page = await open('phone');
    expectNoProblems(page);
    const [scrollW, clientW] = await page.evaluate(() =>
        [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    assert.equal(clientW, 360);
    assert.ok(scrollW <= 360, `page is ${scrollW}px wide at 360px`);
    // The wide table scrolls in its own box instead.
    const wrap = await page.locator('.meso-table-wrap').evaluate((el) => [el.scrollWidth, el.clientWidth]);
    assert.ok(wrap[0] > wrap[1], `table wrap ${wrap}`);
    // Service navigation: JS shows a Menu button and hides the list until pressed.
    const toggle = page.locator('.govuk-service-navigation__toggle');
    await toggle.waitFor({ state: 'visible' });
    assert.equal(await page.locator('#navigation').isVisible(), false);
    await toggle.click();
    assert.equal(await page.locator('#navigation').isVisible(), true);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    // The account area wraps under the wordmark.
    const mark = await page.locator('.meso-header__wordmark').boundingBox();
    const account = await page.locator('.meso-header__account').boundingBox();
    assert.ok(account.y >= mark.y + mark.height - 1, `account ${JSON.stringify(account)} vs ${JSON.stringify(mark)}`);
    assert.ok(account.x + account.width <= 360);
    assert.equal(await style(page, 'main .govuk-body', 'fontSize'), '19px');
    await axeScan(page);
    await screenshot(page, 'layout-phone');
});

test('print: navigation, account and controls hidden; print-only note shown', async () => {
    const page = await open('desktop');
    assert.equal(await page.locator('.meso-print-only').isVisible(), false);
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['.govuk-service-navigation', '.meso-header__account', '.govuk-skip-link',
        '.govuk-back-link', '.govuk-button', '.meso-footer__links', '.govuk-summary-list__actions']) {
        assert.equal(await style(page, sel, 'display'), 'none', `${sel} shows in print`);
    }
    assert.equal(await page.locator('.meso-print-only').isVisible(), true);
    assert.equal(await page.locator('.meso-header__wordmark').isVisible(), true);
    assert.equal(await style(page, '.meso-header', 'backgroundColor'), 'rgba(0, 0, 0, 0)');
    // Our own links do not print their address.
    const after = await page.locator('main a.govuk-link[href^="/"]').first()
        .evaluate((el) => getComputedStyle(el, '::after').content);
    assert.equal(after, 'none');
    await screenshot(page, 'layout-print');
});

test('without JavaScript the page still works: menu shown, no errors', async () => {
    const page = await open({ preset: 'phone', javaScriptEnabled: false });
    expectNoProblems(page);
    assert.equal(await page.locator('#navigation').isVisible(), true);
    assert.equal(await page.locator('.govuk-service-navigation__toggle').isVisible(), false);
    await page.locator('.govuk-details__summary').click();
    assert.ok(await page.locator('.govuk-details__text').isVisible());
});

test('the layout text reads plainly (Flesch reading ease >= 60)', async () => {
    const page = await open('desktop');
    const score = await readingEase(page, 'main');
    assert.ok(score >= 60, `reading ease ${score}`);
});

await run();
