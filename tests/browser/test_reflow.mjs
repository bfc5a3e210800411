// Every page at 320 CSS px (WCAG 1.4.10 reflow): signed in as each role, the
// test follows every link it can reach from the home page and checks that the
// document is no wider than the screen. Wide tables scroll inside their own
// focusable, labelled box instead (.meso-table-wrap). Issue 13.
//
// The first page of each kind is also scanned with axe (every impact, best
// practice included: 0 violations).
//
// Links are grouped by pattern (numbers become {id}, query values are
// dropped) and up to PER_PATTERN pages of each pattern are opened, so the
// test covers every kind of page without opening every pupil.
import { test, run, assert, newPage, url, axeScan } from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const ROLES = {
    lead: 'helen.price@meadowbank.example.org',
    teacher: 'priya.nair@meadowbank.example.org',
    practitioner: 'grace.adebayo@meadowbank.example.org',
    admin: 'sam.okoro@meadowbank.example.org',
    parent: 'parent.demo@example.org',
};
const WIDTH = 320;
const PER_PATTERN = Number(process.env.MESO_REFLOW_PER_PATTERN || 2);
const MAX_PAGES = 400;
// The pages the issue measured, opened whatever the crawl finds first.
const SEEDS = ['/audit', '/programmes/1', '/programmes/2', '/pupils', '/provision/reviews',
               '/conversations', '/screening', '/provision', '/provisions'];

async function signIn(page, email) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

/** The pattern a path belongs to: /pupils/12/edit?x=1 -> /pupils/{id}/edit?x */
export function patternOf(href) {
    const u = new URL(href, 'http://x');
    const keys = [...u.searchParams.keys()].filter((k) => k !== 'page').sort();
    return u.pathname.replace(/\/\d+(?=\/|$)/g, '/{id}') + (keys.length ? '?' + keys.join('&') : '');
}

function wanted(href) {
    const u = new URL(href);
    if (u.origin !== new URL(url('/')).origin) return false;
    if (/(\.(pdf|png|xlsx|csv|svg|js|css)|\/pdf)$/.test(u.pathname)) return false;
    if (/^\/(api|assets|sign-out|sign-in|favicon)/.test(u.pathname)) return false;
    return true;
}

async function crawl(role) {
    // Not isMobile: a phone browser zooms out to fit a wide page, which would hide
    // the very overflow this test looks for.
    const page = await newPage({ width: WIDTH, height: 640 });
    await signIn(page, ROLES[role]);
    const seen = new Set();
    const perPattern = new Map();
    const queue = ['/', ...(role === 'parent' ? [] : SEEDS)];
    const wide = [];
    const axeFound = [];
    let opened = 0;
    while (queue.length && opened < MAX_PAGES) {
        const path = queue.shift();
        if (seen.has(path)) continue;
        seen.add(path);
        const pat = patternOf(path);
        const n = perPattern.get(pat) || 0;
        if (n >= PER_PATTERN) continue;
        perPattern.set(pat, n + 1);
        let res;
        try {
            res = await page.goto(url(path));
        } catch (err) {
            if (/Download is starting/.test(String(err))) continue; // a file, not a page
            throw err;
        }
        if (!res || !res.ok() || !(res.headers()['content-type'] || '').startsWith('text/html')) continue;
        opened++;
        const [scroll, width] = await page.evaluate(
            () => [document.documentElement.scrollWidth, window.innerWidth]);
        if (scroll > WIDTH || width !== WIDTH) {
            // Name the widest things that stick out, to make the failure useful.
            const culprits = await page.evaluate((w) => [...document.querySelectorAll('main *, header *, footer *')]
                .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.meso-table-wrap'))
                .slice(0, 3)
                .map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ')[0] : ''}`
                    + ` (${Math.round(e.getBoundingClientRect().right)}px)`), width);
            wide.push(`${path}: ${scroll}px [${culprits.join(', ')}]`);
        }
        if (n === 0) { // the first page of each pattern
            const v = await axeScan(page, { failOn: [] });
            for (const x of v) axeFound.push(`${path}: [${x.impact}] ${x.id} ${x.targets.slice(0, 3).join(' | ')}`);
        }
        const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.href));
        for (const href of links) {
            if (!wanted(href)) continue;
            const u = new URL(href);
            const p = u.pathname + u.search;
            if (!seen.has(p)) queue.push(p);
        }
    }
    await page.close();
    return { opened, patterns: perPattern.size, wide, axeFound };
}

for (const role of Object.keys(ROLES)) {
    test(`every page a ${role} can reach fits ${WIDTH} px without scrolling sideways`, async () => {
        const { opened, patterns, wide, axeFound } = await crawl(role);
        console.log(`  ${role}: ${opened} pages (${patterns} kinds) at ${WIDTH} px, ${wide.length} too wide, `
                    + `${axeFound.length} axe findings`);
        assert(opened >= (role === 'parent' ? 2 : 5), `${role}: only ${opened} pages opened`);
        assert(wide.length === 0, `${role}: pages wider than ${WIDTH} px:\n  ${wide.join('\n  ')}`);
        assert(axeFound.length === 0, `${role}: axe (every impact, best practice included):\n  ${axeFound.join('\n  ')}`);
    }, { timeout: 600_000 });
}

await run();
