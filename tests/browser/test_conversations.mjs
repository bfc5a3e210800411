// Structured conversations in a real browser: a key teacher records a full
// conversation (Explore, Focus, Plan with targets, Review) through the pages;
// the parent reads the plain summary and downloads the PDF (checked with
// pdftotext); the parent adds views, which open the next Explore stage; the
// contact form on a 360 px phone; axe and screenshots of every new page.
// The tests run in order: each builds on the one before.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    test, run, assert, newPage, url, axeScan, screenshot, readingEase, problems, after,
} from './lib.mjs';

const PASSWORD = process.env.MESO_DEMO_PASSWORD || 'demo-password-1234';
const LEAD = 'helen.price@meadowbank.example.org';
const TEACHER = 'priya.nair@meadowbank.example.org';
const PARENT = 'parent.demo@example.org';
const DB = process.env.MESO_DB_FILE;

const tmp = mkdtempSync(join(tmpdir(), 'meso-conv-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function sql(query) {
    if (!DB) throw new Error('MESO_DB_FILE is not set (run through tests/browser/run.sh)');
    return execFileSync('sqlite3', [DB, query], { encoding: 'utf8' }).trim();
}

// The demo parent's first child: the pupil whose family this story is about.
const CHILD = Number(sql(
    "SELECT pc.pupil_id FROM pupil_carer pc JOIN account a ON a.carer_id = pc.carer_id" +
    ` WHERE a.email = '${PARENT}' ORDER BY pc.pupil_id LIMIT 1`));
const CHILD_NAME = sql(`SELECT coalesce(preferred_forename, legal_forename) FROM pupil WHERE id = ${CHILD}`);

// Dates as the server sees them (MESO_TODAY when set, else today in UTC).
function isoDate(daysFromToday) {
    const base = process.env.MESO_TODAY ? new Date(process.env.MESO_TODAY + 'T00:00:00Z') : new Date();
    return new Date(base.getTime() + daysFromToday * 86400000).toISOString().slice(0, 10);
}

// What the teacher writes: the parent's words, plainly.
const GOING_WELL = 'She reads to her little brother every night.';
const CONCERNS = 'Mornings are hard. She gets upset at the door.';
const HOPES = 'We hope she makes a good friend this year.';
const FOCUS = 'A calm start to the school day.';
const TARGET_1 = 'Read a short book together each night.';
const TARGET_2 = 'A quiet job to do when she comes in.';
const SUMMARY = 'We had a good talk. We will try the new plan for six weeks.';
const PUPIL_VIEWS = 'I like feeding the fish in class.';
const VIEW_WELL = 'She is happy to go to school now.';
const VIEW_TALK = 'Can we talk about her reading?';

async function signIn(page, email, password = PASSWORD) {
    await page.goto(url('/sign-in'));
    await page.fill('#email', email);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')),
                       page.click('button:has-text("Sign in")')]);
}

// axe (no serious or critical problems), a screenshot, and nothing went wrong.
async function check(page, name, { allowStatus = [] } = {}) {
    await axeScan(page);
    await screenshot(page, name);
    const bad = problems(page, { clear: true }).filter(
        (p) => !allowStatus.some((s) => p.startsWith(`HTTP ${s}`) || p.includes(`status of ${s} `)));
    assert(bad.length === 0, `${name}: ${bad.join('; ')}`);
}

async function fitsWidth(page, name) {
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert(scroll <= width, `${name}: ${scroll}px wide on a ${width}px screen`);
}

// Follow a link and wait for the new page to load before looking at it.
async function follow(page, selector) {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function submit(page, label) {
    await Promise.all([page.waitForNavigation(), page.click(`button:has-text("${label}")`)]);
}

let conversationId = 0;

test('a key teacher records a full conversation: Explore, Focus, Plan, Review, then shares it', async () => {
    // A lead makes Priya the child's key teacher, through the pages.
    const lead = await newPage();
    await signIn(lead, LEAD);
    await lead.goto(url(`/pupils/${CHILD}/key-teacher`));
    await lead.selectOption('#key_teacher', { label: 'Priya Nair' });
    await submit(lead, 'Save');

    const page = await newPage();
    await signIn(page, TEACHER);
    await page.goto(url(`/pupils/${CHILD}`));
    await follow(page, 'a:has-text("Conversations with the family")');
    await check(page, 'conv-pupil');
    // The agreement, set up at the first conversation.
    await follow(page, 'a:has-text("Set up the agreement")');
    await page.fill('#purpose', 'To work together so she settles well.');
    await page.fill('#outcomes', 'Calm mornings and a good friend.');
    await check(page, 'conv-agreement');
    await submit(page, 'Save the agreement');
    assert((await page.locator('.govuk-notification-banner--success').count()) === 1, 'agreement saved');
    assert((await page.locator('main').innerText()).includes('Calm mornings and a good friend.'));

    await follow(page, 'a:has-text("Record a conversation")');
    await check(page, 'conv-new');
    assert.equal(await page.inputValue('#event_date'), isoDate(0), 'the date defaults to today');
    await page.check('#pupil_present');
    await submit(page, 'Save and continue');

    // 1. Explore comes first.
    assert(page.url().endsWith('/explore'), `went to ${page.url()}`);
    conversationId = Number(page.url().split('/').at(-2));
    await check(page, 'conv-explore');
    await page.fill('#going_well', GOING_WELL);
    await page.fill('#concerns', CONCERNS);
    await page.fill('#hopes', HOPES);
    await submit(page, 'Save and continue');

    // 2. Focus.
    assert(page.url().endsWith('/focus'), `went to ${page.url()}`);
    assert((await page.locator('details.govuk-details').textContent()).includes(GOING_WELL),
        'Focus shows what the parent said');
    await check(page, 'conv-focus');
    await page.fill('#focus_area', FOCUS);
    await page.check('#agreed_together');
    await submit(page, 'Save and continue');

    // 3. Plan: two targets, one for home and one for school.
    assert(page.url().endsWith('/plan'), `went to ${page.url()}`);
    await check(page, 'conv-plan');
    await page.fill('#what', TARGET_1);
    await page.check('#owner-1'); // parent
    await page.fill('#how_we_know', 'The reading record is signed.');
    await page.fill('#review_date', isoDate(42));
    await submit(page, 'Save and add another target');
    assert(page.url().endsWith('/plan'), 'back on the Plan page for another target');
    assert((await page.locator('table').innerText()).includes(TARGET_1), 'the first target is listed');
    await page.fill('#what', TARGET_2);
    await page.check('#owner-0'); // school
    await page.fill('#review_date', isoDate(42));
    await submit(page, 'Save and continue');

    // 4. Review, with the pupil's views.
    assert(page.url().endsWith('/review'), `went to ${page.url()}`);
    await check(page, 'conv-review');
    await page.fill('#summary', SUMMARY);
    await page.fill('#next_steps', 'Try the plan. Text on Fridays.');
    await page.fill('#next_meeting', isoDate(49));
    await page.fill('#keep_in_touch', 'A text each Friday.');
    await page.fill('#pupil_views', PUPIL_VIEWS);
    await submit(page, 'Save and continue');

    // The record: every part of the model is there, in order.
    assert(page.url().endsWith(`/conversations/${conversationId}`), `went to ${page.url()}`);
    const main = await page.locator('main').innerText();
    assert(main.includes('6 of 6 parts'), 'the fidelity checklist is met in full');
    for (const t of [GOING_WELL, CONCERNS, HOPES, FOCUS, TARGET_1, TARGET_2, SUMMARY, PUPIL_VIEWS])
        assert(main.includes(t), `the record shows "${t}"`);
    assert(main.includes('Draft'), 'still a draft until saved as complete');
    await check(page, 'conv-record-draft');
    await submit(page, 'Save as complete');
    assert((await page.locator('.govuk-notification-banner--success').innerText()).includes('complete'));
    const order = sql(`SELECT group_concat(stage, ',') FROM (SELECT stage FROM conversation_stage WHERE conversation_id = ${conversationId} ORDER BY seq)`);
    assert.equal(order, 'explore,focus,plan,review', 'the stages were saved in order');

    // A target review with the parent.
    await page.locator('a', { hasText: 'Review target 1' }).first().click();
    await page.waitForURL(/\/targets\/\d+\/review$/);
    await check(page, 'conv-target-review');
    await page.check('#status-0'); // making progress
    await page.check('#parent-0'); // yes
    await submit(page, 'Save the review');
    assert((await page.locator('main').innerText()).includes('Making progress'), 'the review shows');

    // Share with the family.
    await page.check('#how-3'); // on their meso page
    await submit(page, 'Mark as shared');
    assert((await page.locator('.govuk-notification-banner--success').innerText()).includes('shared'));
    await check(page, 'conv-record-shared');
    assert.equal(sql(`SELECT shared_on IS NOT NULL FROM conversation WHERE id = ${conversationId}`), '1');
});

test('the parent sees the plain summary and downloads the PDF', async () => {
    assert(conversationId > 0, 'the first test recorded a conversation');
    const page = await newPage('phone');
    await signIn(page, PARENT);
    await follow(page, `main a[href="/my/children/${CHILD}"]`);
    await check(page, 'parent-child');
    const ease = await readingEase(page);
    assert(ease >= 70, `the child's page reads at ${ease.toFixed(0)}`);
    await follow(page, 'a:has-text("Our meeting on")');
    assert(page.url().endsWith(`/my/conversations/${conversationId}`), `went to ${page.url()}`);
    const main = await page.locator('main').innerText();
    for (const t of ['What you told us', GOING_WELL, CONCERNS, FOCUS, TARGET_1, 'You, at home', SUMMARY,
                     `What ${CHILD_NAME} told us`, PUPIL_VIEWS])
        assert(main.includes(t), `the summary shows "${t}"`);
    const summaryEase = await readingEase(page);
    assert(summaryEase >= 70, `the summary reads at ${summaryEase.toFixed(0)}`);
    await check(page, 'parent-summary');

    const [download] = await Promise.all([page.waitForEvent('download'),
                                          page.click('a:has-text("Download this as a PDF")')]);
    const file = join(tmp, 'meeting.pdf');
    await download.saveAs(file);
    assert.match(download.suggestedFilename(), /^meeting-.*\.pdf$/);
    // pdftotext's reading order keeps each table cell's words together.
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const t of [`Our meeting about ${CHILD_NAME}`, 'What you told us', GOING_WELL, CONCERNS, HOPES,
                     'What we agreed to work on', FOCUS, 'Our plan', TARGET_1, TARGET_2, 'You, at home',
                     'What happens next', SUMMARY, `What ${CHILD_NAME} told us`, PUPIL_VIEWS,
                     'Meadowbank Primary School', 'Page 1 of'])
        assert(text.includes(t), `the PDF says "${t}"`);

    // Another child's record is not there for this family.
    const other = sql(`SELECT id FROM conversation WHERE pupil_id NOT IN (SELECT pc.pupil_id FROM pupil_carer pc` +
        ` JOIN account a ON a.carer_id = pc.carer_id WHERE a.email = '${PARENT}') AND shared_on IS NOT NULL` +
        ` AND status = 'complete' LIMIT 1`);
    const res = await page.goto(url(`/my/conversations/${other}`));
    assert.equal(res.status(), 404);
    problems(page, { clear: true });
});

test('the parent adds views, and they open the next Explore stage', async () => {
    const parent = await newPage('phone');
    await signIn(parent, PARENT);
    await parent.goto(url(`/my/children/${CHILD}`));
    await follow(parent, 'a:has-text("Tell us your views")');
    const ease = await readingEase(parent);
    assert(ease >= 70, `the views form reads at ${ease.toFixed(0)}`);
    await check(parent, 'parent-views');
    await parent.fill('#going_well', VIEW_WELL);
    await parent.fill('#to_talk_about', VIEW_TALK);
    await submit(parent, 'Send to school');
    assert((await parent.locator('.govuk-notification-banner--success').innerText()).includes('Thank you'));
    assert((await parent.locator('main').innerText()).includes(VIEW_TALK), 'the parent sees what they sent');

    const page = await newPage();
    await signIn(page, TEACHER);
    await page.goto(url(`/pupils/${CHILD}/conversations`));
    assert((await page.locator('main').innerText()).includes(VIEW_WELL), 'the views wait on the pupil page');
    await follow(page, 'a:has-text("Record a conversation")');
    assert((await page.locator('.govuk-inset-text').innerText()).includes('shared their views'));
    await submit(page, 'Save and continue');
    assert(page.url().endsWith('/explore'), `went to ${page.url()}`);
    const views = page.locator('.meso-parent-views');
    assert.equal(await views.count(), 1, 'the parent\'s views open the Explore stage');
    const text = await views.innerText();
    assert(text.includes(VIEW_WELL) && text.includes(VIEW_TALK), `views shown: ${text}`);
    // They come before the teacher writes anything.
    const before = await page.evaluate(() => {
        const v = document.querySelector('.meso-parent-views');
        const f = document.querySelector('#going_well');
        return !!(v.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    assert(before, 'the views are at the top of Explore');
    await check(page, 'conv-explore-with-views');
    // Saving Explore takes them up: they belong to this conversation now.
    await page.fill('#going_well', 'Mum says she is happy to go to school.');
    await submit(page, 'Save and continue');
    const id = Number(page.url().split('/').at(-2));
    assert.equal(sql(`SELECT count(*) FROM parent_view WHERE pupil_id = ${CHILD} AND conversation_id = ${id}`), '1');
    // This new record is a draft: the family does not see it yet.
    const res = await parent.goto(url(`/my/conversations/${id}`));
    assert.equal(res.status(), 404, 'a draft is not shown to the family');
    problems(parent, { clear: true });
});

test('recording a contact on a 360 px phone takes three taps and a save', async () => {
    const page = await newPage('phone');
    await signIn(page, TEACHER);
    await page.goto(url(`/pupils/${CHILD}`));
    await fitsWidth(page, 'pupil page');
    const before = Number(sql(`SELECT count(*) FROM contact WHERE pupil_id = ${CHILD}`));
    const start = Date.now();
    // One button opens the form on its own page; saving comes back.
    await Promise.all([page.waitForNavigation(), page.tap('main a.govuk-button:has-text("Record a contact")')]);
    await page.tap('label[for="method-school_gate"]');
    await page.tap('label[for="purpose-celebration"]');
    await Promise.all([page.waitForNavigation(), page.tap('button:has-text("Save contact")')]);
    const took = Date.now() - start;
    assert((await page.locator('.govuk-notification-banner--success').innerText()).includes('contact is recorded'));
    assert.equal(Number(sql(`SELECT count(*) FROM contact WHERE pupil_id = ${CHILD}`)), before + 1);
    const row = sql(`SELECT method, purpose, started_by, contact_date,` +
        ` (SELECT count(*) FROM contact_carer cc WHERE cc.contact_id = c.id) FROM contact c` +
        ` WHERE pupil_id = ${CHILD} ORDER BY id DESC LIMIT 1`);
    assert.equal(row, `school_gate|celebration|school|${isoDate(0)}|1`, 'defaults: today, the school, the first carer');
    console.log(`    (three taps and a save took ${took} ms in the browser)`);
    await fitsWidth(page, 'pupil page after saving');
    const form = page.locator('#contact');
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, 'phone-contact-saved');
    await check(page, 'phone-pupil-contact');
    // The form on its own page, with messages beside the fields.
    await page.goto(url(`/pupils/${CHILD}/contacts/new`));
    await fitsWidth(page, 'contact form');
    // Each choice is a big target: GOV.UK's full-size radio (not the small one), whose
    // input is at least 40 px square, beside its label.
    const input = await page.locator('#method-phone').boundingBox();
    assert(input.width >= 40 && input.height >= 40, `the radio is ${input.width}x${input.height}px`);
    const item = await page.locator('.meso-choice-grid .govuk-radios__item').first().boundingBox();
    assert(item.height >= 40 && item.width >= 140, `a choice is ${item.width}x${item.height}px`);
    await submit(page, 'Save contact');
    assert(await page.locator('#method-error').isVisible(), 'the method message is beside the field');
    assert(await page.locator('#purpose-error').isVisible(), 'the purpose message is beside the field');
    await check(page, 'phone-contact-errors', { allowStatus: [422] });
    await page.goto(url(`/pupils/${CHILD}/contacts`));
    await fitsWidth(page, 'contact history');
    await check(page, 'phone-contacts');
});

test('the dashboards and the Conversations area pass an accessibility scan', async () => {
    const teacher = await newPage();
    await signIn(teacher, TEACHER);
    const home = await teacher.locator('main').innerText();
    assert(home.includes('Conversations with families'), 'the teacher sees their conversations');
    assert(/due this term/.test(home), 'due this term');
    await check(teacher, 'conv-home-teacher');
    await follow(teacher, '.govuk-service-navigation a:has-text("Conversations")');
    await check(teacher, 'conv-area-teacher');
    const lead = await newPage();
    await signIn(lead, LEAD);
    const lhome = await lead.locator('main').innerText();
    for (const t of ['pupils with no conversation yet', 'mean fidelity', 'By key teacher', 'Whole school',
                     'Priya Nair', 'Ways of keeping in touch'])
        assert(lhome.includes(t), `the lead's dashboard shows "${t}"`);
    assert(!/overdue|failed|poor|hard to reach/i.test(lhome), 'no blaming words');
    await check(lead, 'conv-home-lead');
    await lead.goto(url('/conversations'));
    await check(lead, 'conv-area-lead');
    // The remaining forms: who came and when, reviewing the agreement, one teacher's list.
    await teacher.goto(url(`/conversations/${conversationId}/meeting`));
    assert.equal(await teacher.inputValue('#event_date'), isoDate(0));
    await check(teacher, 'conv-meeting');
    await teacher.goto(url(`/pupils/${CHILD}/agreement`));
    assert((await teacher.locator('main').innerText()).includes('Review the agreement'));
    await check(teacher, 'conv-agreement-review');
    const priyaId = sql("SELECT id FROM staff WHERE email = 'priya.nair@meadowbank.example.org'");
    await lead.goto(url(`/conversations?teacher=${priyaId}`));
    const teachers = await lead.locator('main table tbody tr td:nth-child(2)').allInnerTexts();
    assert(teachers.length > 0 && teachers.every((t) => t.trim() === 'Priya Nair'),
        `the lead filters by teacher: ${teachers.join(', ')}`);
    await check(lead, 'conv-area-one-teacher');
    const phone = await newPage('phone');
    await signIn(phone, LEAD);
    for (const path of ['/', '/conversations', `/pupils/${CHILD}/conversations`, `/conversations/${conversationId}`]) {
        await phone.goto(url(path));
        await fitsWidth(phone, path);
    }
});

await run();
