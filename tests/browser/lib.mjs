// lib.mjs - meso's browser-test harness: Debian's Chromium driven by
// playwright-core, axe-core for accessibility, Flesch reading ease, and a tiny
// sequential test runner. See docs/frontend.md ("Browser tests").
//
//   import { test, run, newPage, url, axeScan, readingEase, screenshot } from './lib.mjs';
//   test('home page', async () => {
//     const page = await newPage('phone');
//     await page.goto(url('/'));
//     await axeScan(page);
//   });
//   await run();
//
// Nothing is started here: the meso under test is at $MESO_URL, set by the
// runner that started `meso serve` (with $MESO_USER / $MESO_PASSWORD for
// signing in). The browser is never downloaded: /usr/bin/chromium only.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { syllable } from 'syllable';
import { flesch } from 'flesch';

export { assert };

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Where screenshots go (git-ignored). */
export const OUT_DIR = join(HERE, 'out');

export const CHROMIUM = process.env.MESO_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
];

/** Viewport presets: a desktop and a small phone (360 CSS px wide). */
export const VIEWPORTS = {
    desktop: { width: 1280, height: 800 },
    phone: { width: 360, height: 740, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

// ---------------------------------------------------------------------------
// The meso under test

/** The base URL of the meso under test ($MESO_URL); throws when it is unset. */
export function baseUrl() {
    const u = process.env.MESO_URL;
    if (!u) throw new Error('MESO_URL is not set: the test runner must start `meso serve` and set it');
    return u.replace(/\/+$/, '');
}

/** An absolute URL for a path on the meso under test: url('/pupils'). */
export function url(path = '/') {
    return baseUrl() + (path.startsWith('/') ? path : '/' + path);
}

// ---------------------------------------------------------------------------
// Browser and pages

let browserPromise = null;
const contexts = new Set();
const watched = new WeakMap();

/**
 * The shared browser, launched on first use. playwright's launch() gives it a
 * fresh temporary profile (--user-data-dir under /tmp), removed on close.
 */
export function browser() {
    if (!browserPromise) {
        browserPromise = chromium.launch({
            executablePath: CHROMIUM,
            headless: true,
            args: CHROMIUM_ARGS,
            timeout: 30_000,
        });
    }
    return browserPromise;
}

/** Close the browser (run() does this always, pass or fail). */
export async function closeBrowser() {
    if (!browserPromise) return;
    const p = browserPromise;
    browserPromise = null;
    contexts.clear();
    try {
        await (await p).close();
    } catch {
        /* it may have failed to launch or died; nothing left to close */
    }
}

/**
 * A new page in a new browser context (its own cookies, so its own session).
 * `opts` is a preset name ('desktop', the default, or 'phone') or an object:
 *   { width, height }        viewport in CSS px (default 1280x800)
 *   preset                   'desktop' | 'phone', overridden by width/height
 *   isMobile, hasTouch, deviceScaleFactor   as in playwright (phone preset sets them)
 *   bypassCSP                default false: pages run under meso's real CSP
 *   javaScriptEnabled        default true
 *   locale                   default 'en-GB' (sets Accept-Language)
 * The page records what went wrong while it was open (console errors, uncaught
 * exceptions, CSP violations, failed or 4xx/5xx requests): see problems().
 * Closing the page closes its context.
 */
export async function newPage(opts = {}) {
    if (typeof opts === 'string') opts = { preset: opts };
    const preset = VIEWPORTS[opts.preset || 'desktop'];
    if (!preset) throw new Error(`newPage: unknown preset ${opts.preset}`);
    const width = opts.width ?? preset.width;
    const height = opts.height ?? preset.height;
    const b = await browser();
    const context = await b.newContext({
        viewport: { width, height },
        isMobile: opts.isMobile ?? preset.isMobile ?? false,
        hasTouch: opts.hasTouch ?? preset.hasTouch ?? false,
        deviceScaleFactor: opts.deviceScaleFactor ?? preset.deviceScaleFactor ?? 1,
        bypassCSP: opts.bypassCSP ?? false,
        javaScriptEnabled: opts.javaScriptEnabled ?? true,
        locale: opts.locale ?? 'en-GB',
        timezoneId: 'Europe/London',
    });
    contexts.add(context);
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    watch(page);
    page.on('close', () => {
        contexts.delete(context);
        context.close().catch(() => {});
    });
    return page;
}

function watch(page) {
    const list = [];
    watched.set(page, list);
    page.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const where = msg.location()?.url;
        list.push(`console error: ${msg.text()}${where ? ` (${where})` : ''}`);
    });
    page.on('pageerror', (err) => list.push(`uncaught exception: ${err.message}`));
    page.on('requestfailed', (req) => {
        // A navigation that replaced a pending one is not a fault.
        const why = req.failure()?.errorText || 'failed';
        if (why !== 'net::ERR_ABORTED') list.push(`request failed: ${req.method()} ${req.url()} (${why})`);
    });
    page.on('response', (res) => {
        if (res.status() >= 400) list.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
    });
}

/**
 * What went wrong on a page since it opened (or since the last call with
 * { clear: true }): an array of readable strings. CSP violations show up as
 * console errors ("Refused to ...").
 */
export function problems(page, { clear = false } = {}) {
    const list = watched.get(page) || [];
    const copy = [...list];
    if (clear) list.length = 0;
    return copy;
}

/** Fail unless nothing went wrong on the page; `allow` lists regexps to ignore. */
export function expectNoProblems(page, { allow = [] } = {}) {
    const left = problems(page).filter((p) => !allow.some((re) => re.test(p)));
    if (left.length) throw new Error(`problems on ${page.url()}:\n  ${left.join('\n  ')}`);
}

/** Save a full-page PNG as tests/browser/out/NAME.png; returns its path. */
export async function screenshot(page, name) {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot: bad name ${JSON.stringify(name)}`);
    mkdirSync(OUT_DIR, { recursive: true });
    const path = join(OUT_DIR, name.endsWith('.png') ? name : `${name}.png`);
    await page.screenshot({ path, fullPage: true, animations: 'disabled' });
    return path;
}

// ---------------------------------------------------------------------------
// Accessibility: axe-core

let axeSource = null;

/**
 * Run axe-core on the page (WCAG 2.0-2.2 A and AA rules plus best practice)
 * and return its violations, each { id, impact, help, helpUrl, targets[] }.
 * Throws, with one readable block per rule, when any violation's impact is in
 * `failOn` (default serious and critical); pass failOn: [] to only collect.
 *
 * axe is evaluated through the DevTools protocol, which a page's CSP does not
 * govern, so this works on pages served with `script-src 'self'` without
 * bypassCSP (tests/browser/test_harness.mjs proves it).
 *   opts.include / opts.exclude: CSS selectors to limit the scan
 *   opts.disableRules: rule ids to skip (say why in the test)
 *   opts.experimental: also run axe's experimental rules (default false, as
 *     axe.run() does)
 */
export async function axeScan(page, opts = {}) {
    const { failOn = ['serious', 'critical'], include, exclude, disableRules = [], experimental = false } = opts;
    if (!axeSource) axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
    const loaded = await page.evaluate(() => typeof window.axe === 'object');
    if (!loaded) await page.evaluate(axeSource + '\n;undefined');
    const raw = await page.evaluate(
        async ({ include, exclude, disableRules, experimental }) => {
            const context = {};
            if (include) context.include = [include];
            if (exclude) context.exclude = [exclude];
            // Selecting rules by tag would also pick axe's experimental rules,
            // which plain axe.run() leaves off; keep them off unless asked.
            const off = [...disableRules];
            if (!experimental) off.push(...window.axe.getRules(['experimental']).map((r) => r.ruleId));
            const rules = Object.fromEntries(off.map((r) => [r, { enabled: false }]));
            const result = await window.axe.run(Object.keys(context).length ? context : document, {
                runOnly: {
                    type: 'tag',
                    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
                },
                rules,
                resultTypes: ['violations'],
            });
            return result.violations.map((v) => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map((n) => n.target.join(' ')),
                summaries: v.nodes.map((n) => n.failureSummary || ''),
            }));
        },
        { include, exclude, disableRules, experimental },
    );
    const bad = raw.filter((v) => failOn.includes(v.impact));
    if (bad.length) {
        const err = new Error(`axe: ${bad.length} ${failOn.join('/')} violation(s) on ${page.url()}\n${formatViolations(bad)}`);
        err.violations = raw;
        throw err;
    }
    return raw;
}

/** Violations as readable text: rule id, impact, help, URL, targets. */
export function formatViolations(violations) {
    return violations
        .map((v) => {
            const targets = v.targets.slice(0, 10).map((t, i) => {
                const why = (v.summaries?.[i] || '').split('\n').slice(1).join(' ').trim();
                return `      ${t}${why ? `  -- ${why}` : ''}`;
            });
            if (v.targets.length > 10) targets.push(`      ... and ${v.targets.length - 10} more`);
            return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${targets.join('\n')}`;
        })
        .join('\n');
}

// ---------------------------------------------------------------------------
// Readability: Flesch reading ease

/**
 * Counts for the Flesch reading-ease formula
 *   206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)
 * from plain text. A sentence ends at . ! ? or ; or at a line break (headings,
 * list items, labels and buttons are sentences of their own). A word is a run
 * of letters (with inner apostrophes or hyphens); numbers are not words.
 * Syllables per word come from the `syllable` package.
 * Returns { sentences, words, syllables, score } (score null without words).
 */
export function readingStats(text) {
    const sentences = text
        .split(/[.!?;]+(?=\s|$)|\n+/u)
        .map((s) => s.match(/\p{L}+(?:['’-]\p{L}+)*/gu) || [])
        .filter((words) => words.length > 0);
    let words = 0;
    let syllables = 0;
    for (const s of sentences) {
        for (const w of s) {
            words++;
            syllables += Math.max(1, syllable(w));
        }
    }
    const counts = { sentence: sentences.length, word: words, syllable: syllables };
    return {
        sentences: sentences.length,
        words,
        syllables,
        score: words ? Math.round(flesch(counts) * 10) / 10 : null,
    };
}

/**
 * Flesch reading ease of the visible text of `selector` (default 'main') as
 * rendered: innerText, so hidden elements and visually hidden text that is
 * clipped still count only as the browser lays them out. 60-70 is plain
 * English; aim for 60 or more on pages parents read. Throws at once when
 * nothing matches the selector or its text has no words.
 */
export async function readingEase(page, selector = 'main') {
    const element = page.locator(selector).first();
    if ((await element.count()) === 0) throw new Error(`readingEase: nothing matches ${selector}`);
    const text = await element.innerText();
    const stats = readingStats(text);
    if (stats.score === null) throw new Error(`readingEase: no words in ${selector}`);
    return stats.score;
}

// ---------------------------------------------------------------------------
// The runner

const tests = [];
const afterHooks = [];

/** Register a test; run() runs them in order. opts.timeout in ms (default 60 s). */
export function test(name, fn, opts = {}) {
    tests.push({ name, fn, timeout: opts.timeout ?? 60_000 });
}

/** Register clean-up that run() calls after all tests, pass or fail. */
export function after(fn) {
    afterHooks.push(fn);
}

function withTimeout(promise, ms, name) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Run the registered tests one after another, printing `ok - NAME` or
 * `FAIL - NAME` and the error; always close every page and the browser; exit
 * the process with 1 if any test failed (or none was registered), else 0.
 * A closing line `FILE: N passed, N failed` sums up.
 */
export async function run() {
    const file = process.argv[1] ? process.argv[1].split('/').pop() : 'browser';
    let passed = 0;
    let failed = 0;
    const only = process.env.MESO_TEST_ONLY; // a substring of test names to run
    try {
        for (const t of tests) {
            if (only && !t.name.includes(only)) continue;
            const start = Date.now();
            try {
                await withTimeout(Promise.resolve().then(t.fn), t.timeout, t.name);
                passed++;
                console.log(`ok - ${t.name} (${Date.now() - start} ms)`);
            } catch (err) {
                failed++;
                console.log(`FAIL - ${t.name}`);
                console.log(String(err?.stack || err).replace(/^/gm, '    '));
            } finally {
                for (const c of [...contexts]) await c.close().catch(() => {});
                contexts.clear();
            }
        }
    } finally {
        for (const fn of afterHooks) {
            try {
                await fn();
            } catch (err) {
                failed++;
                console.log(`FAIL - after: ${err?.message || err}`);
            }
        }
        await closeBrowser();
    }
    if (passed + failed === 0) {
        console.log(`${file}: no tests ran`);
        process.exit(1);
    }
    console.log(`${file}: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
        closeBrowser().finally(() => process.exit(130));
    });
}
