// Escaping. A corpus of hostile strings goes into every text field of every
// form that saves text (pupil add and edit, carer add and edit, how a carer
// is linked, a staff account's name), through the JSON API, and into every
// reflected parameter (search and filters, sign-in, joining, the audit
// filters). Every page that then shows the text must carry it escaped (the
// escaped form is there) and never as markup: the only <script> is meso's
// own, every tag is one meso writes, attribute values are quoted, no on*
// attribute and no javascript: URL appears, and a textarea cannot be closed
// early.
import { execFileSync } from 'node:child_process';
import {
  test, run, assert, eq, startServer, fixture, Client, signIn, EMAIL, sql, sqlExec, formValues,
  escapeHtml, upnMake, mainOf, isoDaysAgo, meso, SCHOOL_A,
} from './lib.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const db = srv.db;
const { pupil: P, carer: C } = f.ids;

const lead = new Client(srv.url, { label: 'lead' });
const parent = new Client(srv.url, { label: 'parent' });
const admin = new Client(srv.url, { label: 'admin' });
for (const [c, e] of [[lead, EMAIL.lead], [parent, EMAIL.parent], [admin, EMAIL.admin]]) await signIn(c, e);
const api = new Client(srv.url, { bearer: f.tokens.writeA, label: 'api' });

// The child whose record the payloads go into: the parent's child, so it
// shows on the parent's home page too.
const X = f.ids.parentChildren[0];

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)' x='",
  'javascript:alert(1)',
  '</textarea><script>alert(2)</script>',
  '{{7*7}} ${7*7} <%= 7*7 %>',
  'Ada\u202Eevil\u202C\u200B\u200D\uFEFF Lovelace',
  '<svg/onload=alert(3)><!--',
  '&lt;b&gt;already escaped&amp;amp;',
  '<a href="javascript:alert(4)">x</a>',
  `<script>${'x'.repeat(5100)}</script>`, // more than 5 KB
];

// ---- what safe HTML looks like -----------------------------------------------

// Tags meso writes itself, each as literal markup: the layout and GOV.UK
// components, the contact section (section), folding parts (details,
// summary), and the score charts (figure around an SVG from io/canvas_svg).
const TAGS = new Set(('html head meta title link script body a header div span form input button nav ul ol ' +
  'li strong main p h1 h2 h3 label select option textarea fieldset legend table caption thead tbody tr th ' +
  'td dl dt dd code footer svg rect br section article details summary figure g path circle text desc defs pattern').split(' '));
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

// Throws unless html is markup meso wrote itself, with data only as text.
function assertSafe(html, where) {
  const scripts = html.match(/<script\b[^>]*>/gi) || [];
  eq(scripts.join(' '), '<script type="module" src="/assets/app.js">', `${where}: script elements`);
  // Every '<' starts a tag meso writes (or the doctype or a closing tag).
  for (const m of html.matchAll(/</g)) {
    const rest = html.slice(m.index, m.index + 40);
    if (/^<!DOCTYPE html>/.test(rest)) continue;
    const t = rest.match(/^<\/?([a-zA-Z][a-zA-Z0-9]*)[\s>/]/);
    assert(t, `${where}: a raw '<' that starts no tag: ${JSON.stringify(html.slice(m.index, m.index + 80))}`);
    assert(TAGS.has(t[1].toLowerCase()), `${where}: a <${t[1]}> tag meso never writes: ${JSON.stringify(html.slice(m.index, m.index + 80))}`);
  }
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)((?:[^>"]|"[^"]*")*)>/g)) {
    const [tag, , attrs] = m;
    assert(/^(\s+[a-zA-Z][\w:-]*(="[^"<>]*")?)*\s*\/?$/.test(attrs), `${where}: attributes not all quoted: ${tag.slice(0, 200)}`);
    for (const a of attrs.matchAll(/([a-zA-Z][\w:-]*)(?:="([^"]*)")?/g)) {
      assert(!/^on/i.test(a[1]), `${where}: event handler attribute ${a[1]} in ${tag.slice(0, 200)}`);
      if (URL_ATTRS.has(a[1].toLowerCase()) && a[2] !== undefined)
        assert(!/^\s*(javascript|vbscript|data):/i.test(a[2].replace(/&#?\w+;/g, '')), `${where}: ${a[1]}=${a[2]}`);
    }
  }
  const opens = (html.match(/<textarea\b/g) || []).length, closes = (html.match(/<\/textarea>/g) || []).length;
  eq(closes, opens, `${where}: textareas opened and closed`);
}

// Throws unless html shows text (escaped) somewhere.
function assertShows(html, text, where) {
  assert(html.includes(escapeHtml(text)), `${where}: does not show ${JSON.stringify(text.slice(0, 60))} escaped`);
}

async function page(cl, path, want = 200) {
  const r = await cl.get(path);
  eq(r.status, want, `${cl.label} GET ${path}`);
  assertSafe(r.text, `${cl.label} ${path}`);
  return r.text;
}

// Fill the text fields of a form (those named) with v; send it.
async function submit(cl, pagePath, action, fill, extra = {}) {
  const form = formValues((await cl.get(pagePath)).text, action);
  for (const [k, v] of Object.entries(fill)) form[k] = v;
  Object.assign(form, extra);
  const r = await cl.post(action, form);
  assert(r.status !== 403 && r.status < 500, `${cl.label} POST ${action}: ${r.status}`);
  if (r.status !== 303) assertSafe(r.text, `${cl.label} POST ${action} (${r.status})`);
  return r;
}
const fillAll = (names, v) => Object.fromEntries(names.map(n => [n, v]));
const cut = (v, n) => [...v].slice(0, n).join('');

const PUPIL_TEXT = ['legal_forename', 'legal_surname', 'preferred_forename', 'preferred_surname', 'first_language'];
const PUPIL_STRICT = ['former_upn', 'dob', 'admission_date', 'leaving_date'];
const CARER_TEXT = ['title', 'forename', 'surname', 'address_line1', 'address_line2', 'town', 'preferred_language', 'access_needs'];
const CARER_STRICT = ['phone_mobile', 'phone_home', 'phone_work', 'email', 'postcode'];
// What the model limits (bytes or characters; both under the limit here).
const pupilFill = v => ({ ...fillAll(PUPIL_TEXT, v), legal_forename: cut(v, 100), legal_surname: cut(v, 100) });
const carerFill = v => ({ ...fillAll(CARER_TEXT, v), forename: cut(v, 100), surname: cut(v, 100), preferred_contact: '' });

const pupilRow = id => sql(db, `SELECT * FROM pupil WHERE id = ${id}`)[0];
const carerRow = id => sql(db, `SELECT * FROM carer WHERE id = ${id}`)[0];
const displayName = p => `${p.preferred_forename || p.legal_forename} ${p.preferred_surname || p.legal_surname}`;
const carerName = c => [c.title, c.forename, c.surname].filter(Boolean).join(' ');

test('the checker itself: it catches markup that escapes', () => {
  const ok = '<!DOCTYPE html>\n<html><head><script type="module" src="/assets/app.js"></script></head><body><p class="x">a &lt;b&gt;</p></body></html>';
  assertSafe(ok, 'clean page');
  const bad = [ok.replace('a &lt;b&gt;', '<script>alert(1)</script>'), ok.replace('a &lt;b&gt;', '<img src=x onerror=alert(1)>'),
    ok.replace('class="x"', 'class="x" onmouseover="y"'), ok.replace('class="x"', 'class=x'),
    ok.replace('<p class="x">', '<p><a href="javascript:alert(1)">'), ok.replace('a &lt;b&gt;', '<textarea></textarea></textarea>'),
    ok.replace('a &lt;b&gt;', 'a < b')];
  for (const b of bad) {
    let threw = false;
    try { assertSafe(b, 'bad'); } catch { threw = true; }
    assert(threw, `not caught: ${b}`);
  }
});

PAYLOADS.forEach((v, i) => {
  const label = JSON.stringify(v.length > 50 ? `${v.slice(0, 20)}… (${v.length} chars)` : v);
  test(`payload ${i + 1} ${label}: forms that save it, and every page that shows it`, async () => {
    // 1. Every text field of every form, strict ones included: refused or
    //    saved, the answer is safe.
    await submit(lead, `/pupils/${X}/edit`, `/pupils/${X}/edit`, fillAll([...PUPIL_TEXT, ...PUPIL_STRICT], v));
    await submit(lead, '/pupils/new', '/pupils/new', fillAll(['upn', ...PUPIL_TEXT, ...PUPIL_STRICT], v));
    await submit(lead, `/pupils/${X}/carers/new`, `/pupils/${X}/carers/new`, fillAll(['relationship', 'contact_priority', ...CARER_TEXT, ...CARER_STRICT], v));
    await submit(lead, `/carers/${C.self}/edit`, `/carers/${C.self}/edit`, fillAll([...CARER_TEXT, ...CARER_STRICT], v));
    await submit(lead, `/pupils/${X}/carers/${C.self}`, `/pupils/${X}/carers/${C.self}`, { relationship: v, contact_priority: v });
    await submit(admin, '/accounts/new', '/accounts/new', { name: v, email: v });

    // 2. The free-text fields alone, so that it is saved.
    let r = await submit(lead, `/pupils/${X}/edit`, `/pupils/${X}/edit`, pupilFill(v));
    eq(r.status, 303, 'pupil saved');
    const upn = upnMake(802, 3003, 1, i + 1);
    r = await submit(lead, '/pupils/new', '/pupils/new', { ...pupilFill(v), upn, dob: '01/02/2018', sex: 'M' });
    eq(r.status, 303, 'new pupil saved');
    const newPupil = sql(db, `SELECT id FROM pupil WHERE upn = '${upn}'`)[0].id;
    r = await submit(lead, `/pupils/${X}/carers/new`, `/pupils/${X}/carers/new`, { ...carerFill(v), relationship: cut(v, 40), phone_mobile: `07700 900${String(300 + i)}` });
    eq(r.status, 303, 'carer added');
    const newCarer = sql(db, `SELECT max(carer_id) AS id FROM pupil_carer WHERE pupil_id = ${X}`)[0].id;
    r = await submit(lead, `/carers/${C.self}/edit`, `/carers/${C.self}/edit`, carerFill(v));
    eq(r.status, 303, 'carer changed');
    r = await submit(lead, `/pupils/${X}/carers/${C.self}`, `/pupils/${X}/carers/${C.self}`, { relationship: cut(v, 40) });
    eq(r.status, 303, 'link changed');
    const accountEmail = `xss.${i}@meadowbank.example.org`;
    r = await submit(admin, '/accounts/new', '/accounts/new', { name: cut(v, 200), email: accountEmail, 'role-teacher': 'yes' });
    eq(r.status, 200, 'account added');
    assertShows(r.text, cut(v, 200), 'account added page');
    const joinCode = r.text.match(/<code class="meso-secret">([^<]+)<\/code>/)[1];
    const { id: accountId, staff_id: staffId } = sql(db, `SELECT id, staff_id FROM account WHERE email = '${accountEmail}'`)[0];
    // The account's own pages, and its destructive changes' confirmations.
    for (const path of [`/accounts/${accountId}`, `/accounts/${accountId}/roles`, `/accounts/${accountId}/disable`])
      assertShows(await page(admin, path), cut(v, 200), path);
    r = await submit(admin, `/accounts/${accountId}/roles`, `/accounts/${accountId}/roles`, {}, { 'role-teacher': '', 'role-practitioner': 'yes' });
    eq(r.status, 200, 'asks before removing a role');
    assertShows(r.text, cut(v, 200), 'the confirmation names them');
    // Asked for as a lead: the request's name on the approval pages, and on
    // the page with the new lead's code.
    const leadEmail = `xss.lead.${i}@meadowbank.example.org`;
    r = await submit(admin, '/accounts/new', '/accounts/new', { name: cut(v, 200), email: leadEmail, 'role-lead': 'yes' });
    eq(r.status, 200, 'a lead asked for');
    assertShows(r.text, cut(v, 200), 'waiting page');
    assertShows(await page(admin, '/accounts'), cut(v, 200), 'waiting on the accounts page');
    assertShows(await page(lead, '/accounts/approvals'), cut(v, 200), 'approvals page');
    const reqId = sql(db, `SELECT id FROM lead_request WHERE email = '${leadEmail}'`)[0].id;
    r = await lead.postForm(`/accounts/approvals/${reqId}/approve`);
    eq(r.status, 200, 'approved');
    assertSafe(r.text, 'approved, with the code');
    assertShows(r.text, cut(v, 200), 'the new lead named');
    r = await submit(lead, `/pupils/${X}/key-teacher`, `/pupils/${X}/key-teacher`, { key_teacher: String(staffId) });
    eq(r.status, 303, 'key teacher chosen');

    // 3. Every page that shows it: safe, and the text is there, escaped.
    const p = pupilRow(X), np = pupilRow(newPupil), self = carerRow(C.self), nc = carerRow(newCarer);
    assert(p.preferred_forename === v.trim() || v.trim() === '', 'stored as typed');
    const rel = sql(db, `SELECT relationship FROM pupil_carer WHERE pupil_id = ${X} AND carer_id = ${C.self}`)[0].relationship;
    let html = await page(lead, `/pupils/${X}`);
    for (const t of [displayName(p), `${p.legal_forename} ${p.legal_surname}`, p.first_language, carerName(self), rel, self.access_needs, cut(v, 200)])
      assertShows(html, t, 'pupil page');
    html = await page(lead, `/pupils/${X}/edit`);
    for (const k of PUPIL_TEXT) assertShows(html, p[k], `edit form ${k}`);
    assertShows(await page(lead, `/pupils/${newPupil}`), displayName(np), 'new pupil page');
    assertShows(await page(lead, `/pupils?q=${p.upn}`), displayName(p), 'pupil list');
    for (const path of [`/pupils/${X}/carers/new`, `/pupils/${X}/key-teacher`, `/pupils/${X}/invite`, `/audit?pupil=${X}`])
      assertShows(await page(lead, path), displayName(p), path);
    html = await page(lead, `/pupils/${X}/key-teacher`);
    assertShows(html, cut(v, 200), 'key teacher options');
    html = await page(lead, `/pupils/${X}/carers/${C.self}`);
    assertShows(html, rel, 'link form');
    assertShows(html, carerName(self), 'link page title');
    html = await page(lead, `/carers/${C.self}`);
    for (const t of [carerName(self), self.preferred_language, self.access_needs, displayName(p), rel]) assertShows(html, t, 'carer page');
    html = await page(lead, `/carers/${C.self}/edit`);
    for (const k of CARER_TEXT) assertShows(html, self[k], `carer form ${k}`);
    assertShows(await page(lead, `/carers/${newCarer}`), nc.access_needs, 'new carer page');
    html = await page(lead, `/pupils/${X}/invite`);
    assertShows(html, carerName(nc), 'invite page');
    r = await lead.postForm(`/pupils/${X}/invite`, { carer: String(newCarer) });
    eq(r.status, 200, 'invitation');
    assertSafe(r.text, 'invitation letter');
    assertShows(r.text, nc.forename, 'letter: Dear ...');
    assertShows(r.text, p.preferred_forename || p.legal_forename, "letter: the child's name");
    r = await lead.postForm(`/pupils/${X}/invite`, { carer: String(C.self) });
    assertSafe(r.text, 'invitation for someone with an account');
    assertShows(await page(lead, '/audit'), `user:${EMAIL.lead}`, 'audit trail');
    assertShows(await page(admin, '/accounts'), cut(v, 200), 'accounts list');
    html = await page(parent, '/');
    assertShows(mainOf(html), displayName(p), 'parent home');
    // The new member of staff, signed in: their name in the header, and the
    // child they are now key teacher for on their home page and in the list.
    const them = new Client(srv.url);
    r = await submit(them, `/join?code=${joinCode}`, '/join', { email: accountEmail, password: 'lantern harbour meadow 8' });
    eq(r.status, 303, 'they join with their code');
    them.csrfToken = (await them.get('/')).text.match(/name="csrf" value="([^"]+)"/)[1];
    html = await page(them, '/');
    assertShows(html, cut(v, 200), 'their own header');
    assertShows(mainOf(html), displayName(p), 'key teacher home');
    assertShows(await page(them, '/pupils'), displayName(p), "key teacher's pupil list");
  });
});

// ---- structured conversations, contacts, agreements, parents' views and
// questionnaires: every text field, and every page, PDF and API answer that
// shows it. A new feature's fields go into NEW_FIELDS' style below. ---------

// What a PDF says, as text, with the line breaks, hyphens and invisible
// format characters a layout may add taken out (so a wrapped line still
// matches).
function pdfText(bytes) {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: bytes, encoding: 'utf8', maxBuffer: 1 << 26 });
}
const squash = t => String(t).replace(/[\s\u00ad\u2010\u2011-]|[\u200b-\u200f\u202a-\u202e\u2060\ufeff]/g, '');
async function pdf(cl, path, texts, where, absent = []) {
  const r = await cl.req('GET', path);
  eq(r.status, 200, `${cl.label} GET ${path}`);
  const res = await fetch(srv.url + path, { headers: { cookie: cl.cookieHeader() } });
  eq(res.headers.get('content-type'), 'application/pdf', `${where}: a PDF`);
  const text = squash(pdfText(Buffer.from(await res.arrayBuffer())));
  for (const t of texts) assert(text.includes(squash(t)), `${where}: the PDF does not say ${JSON.stringify(String(t).slice(0, 60))} as text`);
  for (const t of absent) assert(!text.includes(squash(t)), `${where}: the PDF says ${JSON.stringify(t)}`);
}
// The child is in scope for structured conversations, so the conversations
// area and the dashboards list them.
try { meso(db, ['scope', 'add', pupilRow(X).upn, '--reason', 'their family asked', '--school', SCHOOL_A]); } catch { /* in scope already */ }
assert(sql(db, `SELECT 1 FROM pupil p LEFT JOIN conversation_scope s ON s.pupil_id = p.id WHERE p.id = ${X}
  AND (s.included = 1 OR (s.included IS NULL AND p.sen_provision IN ('K', 'E')))`).length === 1, 'the child is in scope');
const CONV_TEXT = ['others_present', 'going_well', 'concerns', 'hopes', 'priorities', 'focus_area', 'summary', 'next_steps',
  'keep_in_touch', 'pupil_views', 'views_not_sought'];
const convRow = id => sql(db, `SELECT * FROM conversation WHERE id = ${id}`)[0];
const today = () => isoDaysAgo(0);
const ukDate = iso => iso.split('-').reverse().join('/');

PAYLOADS.forEach((v, i) => {
  const label = JSON.stringify(v.length > 50 ? `${v.slice(0, 20)}… (${v.length} chars)` : v);
  test(`payload ${i + 1} ${label}: conversations, targets, contacts, agreements, parents' views and questionnaires`, async () => {
    const fit = n => cut(v, n); // under each field's limit, so it is saved
    // 0. The parent's views before the meeting: too long is refused (safely),
    //    then saved.
    const views = `/my/children/${X}/views`;
    await submit(parent, views, views, { going_well: v, worries: v, to_talk_about: v });
    let r = await submit(parent, views, views, { going_well: fit(3900), worries: fit(3900), to_talk_about: fit(3900) });
    eq(r.status, 303, "parent's views sent");

    // 1. A conversation through its pages, stage by stage, each field first
    //    as it is (a long one is refused: the form comes back, safe), then
    //    cut to fit.
    const nf = `/pupils/${X}/conversations/new`;
    await submit(lead, nf, nf, { others: v, event_date: v });
    r = await submit(lead, nf, nf, { others: fit(3900), event_date: today(), [`came-${C.self}`]: 'yes', pupil_present: 'yes' });
    eq(r.status, 303, 'conversation started');
    const id = Number(r.location.match(/\/conversations\/(\d+)\//)[1]);
    const stage = (s, fill) => submit(lead, `/conversations/${id}/${s}`, `/conversations/${id}/${s}`, fill);
    const fields = {
      explore: ['going_well', 'concerns', 'hopes'], focus: ['priorities', 'focus_area'],
      review: ['summary', 'next_steps', 'keep_in_touch', 'pupil_views', 'views_not_sought'],
    };
    for (const [s, names] of Object.entries(fields)) {
      await stage(s, { ...fillAll(names, v), ...(s === 'review' ? { next_meeting: v } : {}) });
      r = await stage(s, fillAll(names, fit(3900)));
      eq(r.status, 303, `${s} saved`);
    }
    await stage('meeting', { others: v, event_date: v });
    await stage('plan', { what: v, how_we_know: v, owner: v, review_date: v, then: 'more' });
    r = await stage('plan', { what: fit(1900), how_we_know: fit(3900), owner: 'parent', review_date: isoDaysAgo(-30), then: 'review' });
    eq(r.status, 303, 'target added');
    const target = sql(db, `SELECT id FROM target WHERE conversation_id = ${id}`)[0].id;
    eq((await lead.postForm(`/conversations/${id}/complete`)).status, 303, 'completed');
    r = await lead.postForm(`/conversations/${id}/share`, { how: v });
    eq(r.status, 422, 'an unknown way of sharing');
    assertSafe(r.text, 'share refused');
    eq((await lead.postForm(`/conversations/${id}/share`, { how: 'meso' })).status, 303, 'shared');
    // A review of the target, the agreement, a contact, a questionnaire.
    const tr = `/targets/${target}/review`;
    await submit(lead, tr, tr, { note: v, status: v, parent: v, reviewed_on: v });
    r = await submit(lead, tr, tr, { note: fit(3900), status: 'progressing', parent: 'yes', reviewed_on: today() });
    eq(r.status, 303, 'target reviewed');
    const ag = `/pupils/${X}/agreement`;
    await submit(lead, ag, ag, { purpose: v, outcomes: v, review_note: v, date: v });
    r = await submit(lead, ag, ag, { purpose: fit(3900), outcomes: fit(3900), review_note: fit(3900), date: today(), [`agreed-${C.self}`]: 'yes' });
    eq(r.status, 303, 'agreement saved');
    const cn = `/pupils/${X}/contacts/new`;
    await submit(lead, cn, cn, { note: v, method: v, purpose: v, date: v, started_by: v, carer: v });
    r = await submit(lead, cn, cn, { note: fit(1900), method: 'phone', purpose: 'progress', date: today(), carer: String(C.self) });
    eq(r.status, 303, 'contact saved');
    const qf = `/pupils/${X}/assessments/new?form=sdq-teacher`;
    const items = Object.fromEntries(Array.from({ length: 25 }, (_, k) => [`item${k + 1}`, String(k % 3)]));
    await submit(lead, qf, qf, { ...items, completed_by: v, assessed_on: v, item3: v });
    r = await submit(lead, qf, qf, { ...items, completed_by: fit(90), assessed_on: ukDate(isoDaysAgo(i + 1)) });
    eq(r.status, 303, 'questionnaire saved');
    const aid = Number(r.location.match(/recorded=(\d+)/)[1]);
    // Through the API too: a contact's note round-trips exactly.
    r = await api.api('POST', '/api/v1/contacts', { pupil_id: X, method: 'email', purpose: 'information', note: fit(1900) });
    eq(r.status, 201, 'API contact');
    eq(r.json().note, fit(1900).trim(), 'API note round trip');

    // 2. Every page that shows them: safe, and the text is there, escaped.
    const c = convRow(id), t = sql(db, `SELECT * FROM target WHERE id = ${target}`)[0];
    const rv = sql(db, `SELECT note FROM target_review WHERE target_id = ${target}`)[0].note;
    const a = sql(db, `SELECT * FROM parent_agreement WHERE pupil_id = ${X} ORDER BY version DESC LIMIT 1`)[0];
    const pv = sql(db, `SELECT * FROM parent_view WHERE pupil_id = ${X} AND carer_id = ${C.self} ORDER BY id DESC LIMIT 1`)[0];
    const notes = sql(db, `SELECT note FROM contact WHERE pupil_id = ${X} ORDER BY id DESC LIMIT 2`).map(x => x.note);
    const completedBy = sql(db, `SELECT completed_by FROM assessment WHERE id = ${aid}`)[0].completed_by;
    const child = displayName(pupilRow(X)), carer = carerName(carerRow(C.self));
    assert(c.going_well === fit(3900).trim() || !fit(3900).trim(), 'stored as typed');
    let html = await page(lead, `/conversations/${id}`);
    for (const k of CONV_TEXT) assertShows(html, c[k], `record: ${k}`);
    for (const x of [t.what, t.how_we_know, pv.going_well, pv.worries, pv.to_talk_about, child, carer]) assertShows(html, x, 'record');
    html = await page(lead, `/conversations/${id}/meeting`);
    for (const x of [c.others_present, carer, child]) assertShows(html, x, 'meeting page');
    html = await page(lead, `/conversations/${id}/explore`);
    for (const x of [c.going_well, c.concerns, c.hopes, child]) assertShows(html, x, 'explore page');
    html = await page(lead, `/conversations/${id}/focus`);
    for (const x of [c.going_well, c.priorities, c.focus_area]) assertShows(html, x, 'focus page');
    assertShows(await page(lead, `/conversations/${id}/plan`), t.what, 'plan page');
    html = await page(lead, `/conversations/${id}/review`);
    for (const x of [c.summary, c.next_steps, c.keep_in_touch, c.pupil_views, c.views_not_sought]) assertShows(html, x, 'review page');
    html = await page(lead, `/pupils/${X}/conversations`);
    for (const x of [a.purpose, a.expected_outcomes, a.review_note, t.what, child]) assertShows(html, x, "the pupil's conversations");
    html = await page(lead, `/pupils/${X}/agreement`);
    for (const x of [a.purpose, a.expected_outcomes, a.review_note, carer]) assertShows(html, x, 'agreement page');
    html = await page(lead, tr);
    for (const x of [t.what, t.how_we_know, rv]) assertShows(html, x, 'target review page');
    html = await page(lead, `/pupils/${X}/contacts`);
    for (const x of [...notes, carer, child]) assertShows(html, x, 'contact log');
    assertShows(await page(lead, cn), carer, 'contact form');
    assertShows(await page(lead, `/pupils/${X}`), completedBy, 'pupil page: questionnaires');
    assertShows(await page(lead, `/pupils/${X}/assessments/${aid}`), completedBy, 'the questionnaire');
    await page(lead, `/pupils/${X}/assessments/new`);
    assertShows(await page(lead, '/conversations'), child, 'the conversations area');
    await page(lead, '/');
    await page(lead, '/screening?year=' + encodeURIComponent(pupilRow(X).nc_year || '4'));
    // The parent portal: their child's page, the shared record, their views.
    html = await page(parent, `/my/children/${X}`);
    for (const x of [t.what, pv.going_well, pv.worries, pv.to_talk_about, child]) assertShows(html, x, "the parent's page");
    html = await page(parent, `/my/conversations/${id}`);
    for (const k of ['going_well', 'concerns', 'hopes', 'priorities', 'focus_area', 'summary', 'next_steps', 'keep_in_touch', 'pupil_views'])
      assertShows(html, c[k], `the shared record: ${k}`);
    for (const x of [t.what, t.how_we_know, carer]) assertShows(html, x, 'the shared record');
    assertShows(await page(parent, views), child, 'the views form');
    // The PDF: the text is text, not markup.
    const inPdf = [c.going_well, c.concerns, c.hopes, c.focus_area, c.priorities, c.summary, c.next_steps, c.keep_in_touch,
      c.pupil_views, c.others_present, t.what, t.how_we_know].filter(x => x && x.trim());
    await pdf(parent, `/my/conversations/${id}/pdf`, inPdf, "the family's PDF", ['fixture Xdraft', 'fixture Xunshared', 'fixture T']);
    await pdf(lead, `/conversations/${id}/pdf`, inPdf, "the school's PDF");
    // The API gives the text back exactly.
    const j = (await api.get(`/api/v1/conversations/${id}`)).json();
    eq(j.explore.going_well, c.going_well, 'API going_well');
    eq(j.review.summary, c.summary, 'API summary');
  });
});

// The provision map: a provision's name, description and evidence, a
// review's note and an outside service's name, question and advice, on
// every page and PDF that shows them (the map's pictures are SVG from
// io/canvas_svg, checked by assertSafe like the rest of the page).
// A long note flows over pages, and -raw text puts each page's header and
// footer where the page breaks: take those lines out before looking.
async function pdfFlow(cl, path, texts, where) {
  const res = await fetch(srv.url + path, { headers: { cookie: cl.cookieHeader() } });
  eq(res.status, 200, `${cl.label} GET ${path}`);
  eq(res.headers.get('content-type'), 'application/pdf', `${where}: a PDF`);
  const furniture = /^(Meadowbank Primary School|Page \d+( of \d+)?|About (a child|children): keep it safe)$/;
  const raw = pdfText(Buffer.from(await res.arrayBuffer()));
  if (process.env.DUMP) (await import('node:fs')).writeFileSync(`/tmp/sec3-${where.replace(/\W/g, '_')}.txt`, raw);
  // A running header (a booklet's title, on each page after the page number).
  const lines = raw.split('\n').map(l => l.trim());
  const after = lines.filter((l, k) => k && /^Page \d+/.test(lines[k - 1]));
  const running = new Set(after.filter(l => after.indexOf(l) !== after.lastIndexOf(l)));
  const text = squash(lines.filter(l => !furniture.test(l) && !running.has(l)).join('\n'));
  for (const t of texts) assert(text.includes(squash(t)), `${where}: the PDF does not say ${JSON.stringify(String(t).slice(0, 60))} as text`);
}
PAYLOADS.forEach((v, i) => {
  const label = JSON.stringify(v.length > 50 ? `${v.slice(0, 20)}… (${v.length} chars)` : v);
  test(`payload ${i + 1} ${label}: provisions, reviews and outside services`, async () => {
    const fit = n => cut(v, n);
    const nf = '/provisions/new';
    const base = { tier: 'selected', start_date: ukDate(isoDaysAgo(20)), review_date: ukDate(isoDaysAgo(-10)) };
    await submit(lead, nf, nf, { name: v, description: v, evidence_reference: v, ...base, start_date: v });
    let r = await submit(lead, nf, nf, { name: fit(190), description: fit(3900), evidence_reference: fit(3900), ...base });
    eq(r.status, 303, 'provision added');
    const id = Number(r.location.match(/\/provisions\/(\d+)/)[1]);
    const pr = sql(db, `SELECT * FROM provision WHERE id = ${id}`)[0];
    eq((await lead.postForm(`/provisions/${id}/enrol`, { pupil_id: String(X), consent: 'given' })).status, 303, 'enrolled');
    const rv = `/pupils/${X}/provision/${id}/review`;
    await submit(lead, rv, rv, { note: v, score: v, reviewed_on: v });
    r = await submit(lead, rv, rv, { note: fit(3900), score: '-1', reviewed_on: ukDate(today()) });
    eq(r.status, 303, 'reviewed');
    const note = sql(db, `SELECT note FROM provision_review WHERE provision_id = ${id} AND pupil_id = ${X}`)[0].note;
    const inv = `/pupils/${X}/involvements/new`;
    await submit(lead, inv, inv, { service: v, service_name: v, asked: v, referred_on: v });
    r = await submit(lead, inv, inv, { service: 'speech_language_therapy', service_name: fit(190), asked: fit(3900),
      referred_on: ukDate(isoDaysAgo(100)) });
    eq(r.status, 303, 'referral recorded');
    const iid = sql(db, `SELECT max(id) AS id FROM involvement WHERE pupil_id = ${X}`)[0].id;
    const iu = `/pupils/${X}/involvements/${iid}`;
    await submit(lead, iu, iu, { advice: `${v}${'y'.repeat(8000)}`, status: v, status_on: v, advice_on: v });
    r = await submit(lead, iu, iu, { advice: fit(3900) });
    eq(r.status, 303, 'advice recorded');
    const iv = sql(db, `SELECT * FROM involvement WHERE id = ${iid}`)[0];

    let html = await page(lead, '/provision');
    assertShows(html, pr.name, 'the provision map');
    for (const path of ['/provisions', '/provision/reviews']) assertShows(await page(lead, path), pr.name, path);
    html = await page(lead, `/provisions/${id}`);
    for (const x of [pr.name, pr.description, pr.evidence_reference]) assertShows(html, x, 'the provision page');
    html = await page(lead, `/provisions/${id}/edit`);
    for (const x of [pr.name, pr.description, pr.evidence_reference]) assertShows(html, x, 'the provision form');
    await page(lead, `/provisions/${id}/enrol?q=${encodeURIComponent(v.slice(0, 30))}`);
    html = await page(lead, `/pupils/${X}/provision`);
    for (const x of [pr.name, note, iv.service_name, iv.asked, iv.advice]) assertShows(html, x, "the pupil's provision");
    html = await page(lead, `/pupils/${X}`);
    for (const x of [iv.service_name, iv.asked, iv.advice]) assertShows(html, x, 'the pupil page');
    assertShows(await page(lead, rv), pr.name, 'the review form');
    assertShows(await page(lead, iu), iv.asked, 'the involvement form');
    await page(lead, '/');
    await pdfFlow(lead, '/provision/map.pdf', [pr.name], 'the map PDF');
    await pdfFlow(lead, `/pupils/${X}/provision.pdf`, [pr.name, note, iv.asked, iv.advice].filter(x => x && x.trim()),
      "the pupil's provision PDF");
  });
});

// Family programmes (FAST, Story Links): a cohort's name, venue and
// evidence, its team, a family's enrolment, a session's notes, a story (typed
// and uploaded), reading, quotes and costs, on every page and PDF that shows
// them: the programme, session, report and enrolment pages, the provision
// pages, the parent's stories and home page, the invitation letter, the
// booklets and the report PDF. The teacher is on the team, so their pages
// are checked too.
const teacher = new Client(srv.url, { label: 'teacher' });
await signIn(teacher, EMAIL.teacher);
const FAST = sql(db, "SELECT p.id FROM provision p JOIN programme_template t ON t.id = p.template_id WHERE t.key = 'fast' ORDER BY p.id LIMIT 1")[0]?.id;
async function multipart(cl, path, fields, file) {
  const fd = new FormData();
  fd.set('csrf', cl.csrfToken);
  for (const [k, val] of Object.entries(fields)) fd.set(k, val);
  if (file) fd.set('story_file', new Blob([new TextEncoder().encode(file.text)], { type: 'text/plain' }), file.name);
  const res = await fetch(srv.url + path, { method: 'POST', body: fd, redirect: 'manual', headers: { cookie: cl.cookieHeader() } });
  const text = await res.text();
  assert(res.status !== 403 && res.status < 500, `${cl.label} POST ${path}: ${res.status}`);
  if (res.status !== 303) assertSafe(text, `${cl.label} POST ${path} (${res.status})`);
  return { status: res.status, text };
}
async function sent(cl, path, form, want) {
  const r = await cl.postForm(path, form);
  assert(r.status !== 403 && r.status < 500, `${cl.label} POST ${path}: ${r.status}`);
  if (r.status !== 303) assertSafe(r.text, `${cl.label} POST ${path} (${r.status})`);
  if (want) eq(r.status, want, `${cl.label} POST ${path}`);
  return r;
}
PAYLOADS.forEach((v, i) => {
  const label = JSON.stringify(v.length > 50 ? `${v.slice(0, 20)}… (${v.length} chars)` : v);
  test(`payload ${i + 1} ${label}: family programmes, sessions, stories, reading, quotes and costs`, async () => {
    const fit = n => cut(v, n);
    const nf = '/programmes/new';
    const start = ukDate(isoDaysAgo(30));
    // 1. A cohort: first every field as it is (refused or saved, safely),
    //    then the text fields cut to fit.
    await submit(lead, nf, nf, { template: v, name: v, venue: v, evidence_reference: v, session_time: v, start_date: v,
      staff_hours: v, hourly_rate: v, review_date: v, tier: v, evidence_rating: v });
    let r = await submit(lead, nf, nf, { template: 'story-links', name: fit(190), venue: fit(3900), evidence_reference: fit(3900),
      evidence_rating: 'promising', start_date: start, session_time: '15:15' });
    eq(r.status, 303, 'programme started');
    const id = Number(r.location.match(/\/programmes\/(\d+)/)[1]);
    const base = `/programmes/${id}`;
    // 2. The team: a hostile role and name, then a name that fits; and the
    //    teacher, so they see the cohort.
    await sent(lead, `${base}/team`, { role: v, member_name: v, staff_id: v });
    await sent(lead, `${base}/team`, { role: 'teacher', staff_id: String(f.ids.staff.teacher) }, 303);
    await sent(lead, `${base}/team`, { role: 'teaching-assistant', member_name: fit(190) }, 303);
    // 3. The child, with consent; the enrolment form's strict fields.
    await page(lead, `${base}/enrol?q=${encodeURIComponent(v)}`);
    r = await sent(lead, `${base}/enrol`, { pupil_id: String(X) }, 303);
    const eid = sql(db, `SELECT id FROM enrolment WHERE provision_id = ${id} AND pupil_id = ${X}`)[0].id;
    const ef = `${base}/families/${eid}`;
    await submit(lead, ef, ef, { consent: v, consent_on: v, hub: v, carer: v, left_on: v, left_reason: v });
    r = await submit(lead, ef, ef, { consent: 'given', consent_on: ukDate(isoDaysAgo(29)), carer: String(C.self), left_on: '' });
    eq(r.status, 303, 'consent recorded');
    // 4. A session held: its details, then who came; then a story typed in,
    //    and one uploaded as a file on the next session.
    const [s1, s2] = sql(db, `SELECT id FROM programme_session WHERE provision_id = ${id} AND kind = 'weekly' ORDER BY seq LIMIT 2`).map(x => x.id);
    const sp = `${base}/sessions/${s1}`;
    await sent(lead, sp, { part: 'details', notes: `${v}${'y'.repeat(4100)}`, date: v, status: v });
    await sent(lead, sp, { part: v, notes: v });
    await sent(lead, sp, { part: 'details', notes: fit(3900), status: 'held' }, 303);
    await sent(lead, sp, { part: 'attendance', families: `${eid},${v}`, [`child_${eid}`]: 'yes', [`parent_${eid}`]: 'yes' });
    await multipart(lead, `${sp}/story`, { enrolment: String(eid), title: v, coauthors: v, body: `${v}${'z'.repeat(20001)}`, reading_level: v });
    r = await multipart(lead, `${sp}/story`, { enrolment: String(eid), title: fit(190), coauthors: fit(490),
      body: `${fit(3900)}\n\nThe end: ${fit(100)}`, reading_level: fit(990) });
    eq(r.status, 303, 'story saved');
    await sent(lead, `/programmes/${id}/sessions/${s2}`, { part: 'details', status: 'held' }, 303);
    r = await multipart(teacher, `${base}/sessions/${s2}/story`, { enrolment: String(eid), title: `Uploaded ${fit(150)}`, body: '' },
      { name: `${fit(60)}.txt`, text: `Uploaded: ${fit(3000)}` });
    eq(r.status, 303, 'story uploaded');
    // 5. Reading, a quote, a cost; a follow-on date on FAST.
    await sent(teacher, `${base}/reading`, { enrolment: String(eid), read_on: v, minutes: v });
    await sent(teacher, `${base}/reading`, { enrolment: String(eid), read_on: ukDate(isoDaysAgo(1)), minutes: '20' }, 303);
    await sent(teacher, `${base}/quotes`, { speaker: v, quote_text: `${v}${'q'.repeat(2100)}`, attribution: v, consent_on: v });
    await sent(teacher, `${base}/quotes`, { speaker: 'parent', quote_text: fit(1900), attribution: fit(190), consent_on: ukDate(isoDaysAgo(1)) }, 303);
    await sent(lead, `${base}/costs`, { what: v, amount: v, per_session: v });
    await sent(lead, `${base}/costs`, { what: fit(190), amount: '12.50', per_session: 'yes' }, 303);
    if (FAST) await sent(lead, `/programmes/${FAST}/followon`, { followon_date: v });

    // 6. Every page that shows them: safe, and the text is there, escaped.
    const pr = sql(db, `SELECT * FROM provision WHERE id = ${id}`)[0];
    const member = sql(db, `SELECT name FROM provision_team WHERE provision_id = ${id} AND staff_id IS NULL`)[0].name;
    const notes = sql(db, `SELECT notes FROM programme_session WHERE id = ${s1}`)[0].notes;
    const story = sql(db, `SELECT * FROM story WHERE session_id = ${s1} AND enrolment_id = ${eid}`)[0];
    const upload = sql(db, `SELECT * FROM story WHERE session_id = ${s2} AND enrolment_id = ${eid}`)[0];
    const quote = sql(db, `SELECT * FROM programme_quote WHERE provision_id = ${id}`)[0];
    const cost = sql(db, `SELECT what FROM provision_cost WHERE provision_id = ${id}`)[0].what;
    const child = displayName(pupilRow(X));
    const paras = t => t.split(/\n\n+/).map(x => x.trim()).filter(Boolean);
    let html;
    for (const cl of [lead, teacher]) {
      assertShows(await page(cl, '/programmes'), pr.name, `${cl.label}: the programmes`);
      html = await page(cl, base);
      for (const x of [pr.name, pr.venue, pr.evidence_reference, member, quote.text, quote.attribution, child])
        assertShows(html, x, `${cl.label}: the programme page`);
      if (cl === lead) assertShows(html, cost, 'the programme page: costs');
      html = await page(cl, sp);
      for (const x of [pr.name, notes, story.title, story.coauthors, story.body, story.reading_level, child])
        assertShows(html, x, `${cl.label}: the session page`);
      assertShows(await page(cl, `${base}/sessions/${s2}`), upload.body, `${cl.label}: the uploaded story`);
      html = await page(cl, `${base}/report`);
      for (const x of [pr.name, quote.text, quote.attribution]) assertShows(html, x, `${cl.label}: the report`);
      await page(cl, '/');
    }
    await page(lead, `${base}/sessions/${s1}?hub=${encodeURIComponent(v)}`);
    html = await page(lead, ef);
    assertShows(html, child, 'the enrolment form');
    assertShows(await page(lead, '/provisions'), pr.name, 'the provisions');
    html = await page(lead, `/provisions/${id}`);
    for (const x of [pr.name, pr.evidence_reference]) assertShows(html, x, 'the provision page');
    await page(lead, '/provision');
    html = await page(lead, `/pupils/${X}/provision`);
    assertShows(html, pr.name, "the pupil's provision");
    // The parent: their child's stories, and the link on their home page.
    html = await page(parent, '/stories');
    for (const x of [story.title, story.coauthors, ...paras(story.body), ...paras(upload.body), child])
      assertShows(html, x, "the parent's stories");
    assert(mainOf(await page(parent, '/')).includes('href="/stories"'), "the parent's home links to the stories");
    // The PDFs: the text is text, not markup.
    const inStory = [story.title, ...paras(story.body), upload.title, ...paras(upload.body)];
    const px = pupilRow(X), self = carerRow(C.self);
    await pdfFlow(lead, `${base}/families/${eid}/invitation.pdf`,
      [pr.venue.slice(0, 300), px.preferred_forename || px.legal_forename, self.surname].filter(x => x && x.trim()), 'the invitation letter');
    await pdfFlow(lead, `${base}/families/${eid}/booklet.pdf`, inStory, 'the booklet');
    await pdfFlow(parent, `/stories/${X}/booklet.pdf`, inStory, "the parent's booklet");
    await pdfFlow(teacher, `${base}/report.pdf`, [pr.name, pr.evidence_reference.slice(0, 300), quote.text].filter(x => x.trim()), 'the report PDF');
    await pdfFlow(teacher, `${base}/families.pdf`, [pr.name, quote.text].filter(x => x.trim()), "each family's attendance PDF");
  });
});

test('an uploaded file: hostile file names, headers and values show escaped in the preview, the classes and the pupil page', async () => {
  const q = x => `"${x.replace(/"/g, '""')}"`;
  for (const [i, v] of PAYLOADS.entries()) {
    const upn = upnMake(806, 4004, 2, i + 1);
    const cls = cut(v, 12);
    const text = `UPN,Surname,Forename,DOB,Sex,Reg,${q(`Notes ${v}`)},Contact 1 Name,Contact 1 Relationship\n` +
      `${upn},${q(cut(v, 100))},${q(cut(v, 100))},2017-03-14,F,${q(cls)},${q(v)},${q(`Ms ${cut(v, 90)} Carer`)},${q(cut(v, 12))}\n` +
      // A second row with a problem: its message and place show too.
      `${upn.slice(0, 12)}Q,${q(cut(v, 100))},x,not a date ${q(cut(v, 30))},F,,,,\n`;
    const fd = new FormData();
    fd.append('csrf', lead.csrfToken);
    fd.append('kind', 'pupils');
    fd.append('file', new Blob([text]), `${cut(v, 60)}.csv`);
    const r = await lead.req('POST', '/import', { body: fd });
    eq(r.status, 303, `upload ${i + 1}`);
    const id = Number(r.location.match(/\d+$/)[0]);
    const name = sql(db, `SELECT filename FROM import_upload WHERE id = ${id}`)[0].filename;
    let html = await page(lead, `/import/${id}`);
    for (const t of [name, `Notes ${v}`.trim(), cut(v, 100).trim()]) if (t) assertShows(html, t, `preview ${i + 1}`);
    // The same file without the bad row is imported; its pupil, carer and
    // class then show on their pages.
    const good = text.split('\n').slice(0, 2).join('\n') + '\n';
    const fd2 = new FormData();
    fd2.append('csrf', lead.csrfToken);
    fd2.append('kind', 'pupils');
    fd2.append('file', new Blob([good]), 'good.csv');
    const r2 = await lead.req('POST', '/import', { body: fd2 });
    const id2 = Number(r2.location.match(/\d+$/)[0]);
    html = await page(lead, `/import/${id2}`);
    const c = await lead.postForm(`/import/${id2}/confirm`);
    eq(c.status, 303, `imported ${i + 1}: ${c.status === 422 ? mainOf(c.text).replace(/<[^>]+>/g, ' ').slice(0, 400) : ''}`);
    await page(lead, `/import/${id2}`);
    const pid = sql(db, `SELECT id FROM pupil WHERE upn = '${upn}'`)[0].id;
    const group = sql(db, `SELECT g.id, g.name FROM reg_group g JOIN pupil p ON p.reg_group_id = g.id WHERE p.id = ${pid}`)[0];
    if (group) {
      assertShows(await page(lead, '/classes'), group.name, 'classes');
      await page(lead, `/classes/${group.id}`);
      assertShows(await page(lead, `/pupils/${pid}`), group.name, 'pupil page: class');
    }
  }
});

test("a school's own measure with hostile text in its title and band labels", async () => {
  // A lead adds definitions on the command line; their text reaches the
  // questionnaire form, the charts (SVG) and the questionnaire's page.
  const { writeFileSync } = await import('node:fs');
  const file = `${srv.dir}/hostile.measure`;
  const title = '<script>alert(5)</script> "check"';
  const band = '<img src=x onerror=alert(6)> & talk';
  writeFileSync(file, `format meso-measure 1\nkey hostile-check\ntitle ${title}\nversion 1\nitems 2\ncodes 0 3\n` +
    `informant teacher\n[scale mood]\nitems 1 2\n[bands school mood]\nband 0 2 fine\nband 3 6 ${band}\n`);
  meso(db, ['measure', 'add', file, '--school', SCHOOL_A]);
  const upn = pupilRow(X).upn;
  for (const [d, answers] of [[40, '0,1'], [10, '3,3']])
    meso(db, ['assessment', 'add', upn, answers, '--measure', 'hostile-check', '--date', isoDaysAgo(d), '--school', SCHOOL_A]);
  const aid = sql(db, `SELECT max(id) AS id FROM assessment WHERE pupil_id = ${X} AND instrument = 'hostile-check'`)[0].id;
  assertShows(await page(lead, `/pupils/${X}/assessments/new`), title, 'the chooser');
  assertShows(await page(lead, `/pupils/${X}/assessments/new?form=hostile-check`), title, 'the form');
  let html = await page(lead, `/pupils/${X}`);
  assertShows(html, band, 'the pupil page: latest band');
  html = await page(lead, `/pupils/${X}/assessments/${aid}`);
  assertShows(html, title, 'the questionnaire');
  assertShows(html, band, 'the questionnaire: band');
  await page(lead, `/screening?year=${encodeURIComponent(pupilRow(X).nc_year)}&measure=hostile-check`);
});

test("a holiday's name: hostile text shows escaped on the calendar and the school's page", async () => {
  const name = '<script>alert(7)</script> "INSET" & day';
  const year = Number(new Date().getUTCFullYear()) - (new Date().getUTCMonth() < 8 ? 1 : 0);
  const r = await submit(lead, `/school/calendar?year=${year}`, '/school/calendar',
    { holiday_5_name: name, holiday_5_start: `${year}-09-01`, holiday_5_end: `${year}-09-01` });
  eq(r.status, 303, 'saved');
  assertShows(await page(lead, `/school/calendar?year=${year}`), name, 'the calendar');
  assertShows(await page(admin, '/school'), name, "the school's page");
  // A row with a problem comes back, escaped, beside its field.
  const bad = await submit(lead, `/school/calendar?year=${year}`, '/school/calendar',
    { holiday_5_name: name, holiday_5_start: `${year}-09-02`, holiday_5_end: `${year}-08-01` });
  eq(bad.status, 422, 'refused');
  assertShows(bad.text, name, 'the refusal');
  await page(lead, `/school/calendar?year=${encodeURIComponent('<b>')}`, 404);
});

test('search, filters and other reflected parameters come back escaped', async () => {
  for (const v of PAYLOADS) {
    const q = encodeURIComponent(v);
    let html = await page(lead, `/pupils?q=${q}&year=${q}&sen=${q}&fsm=${q}`);
    assertShows(html, v, 'search box');
    // Invalid filters are ignored, so there are results and page links that
    // carry the filters along.
    html = await page(lead, `/pupils?sen=${q}&fsm=${q}&year=${q}`);
    assert(/rel="next"/.test(html), 'has a next page link');
    html = await page(lead, `/audit?user=${q}&since=${q}`);
    assertShows(html, v, 'audit filters');
    // The new pages' filters and ids: ignored or refused, never reflected raw.
    await page(lead, `/screening?year=${q}&measure=${q}&class=${q}&school_year=${q}`);
    await page(lead, `/screening?year=4&measure=${q}&class=${q}&school_year=${q}`);
    await page(lead, `/conversations?teacher=${q}`);
    await page(lead, `/pupils/${X}/assessments/new?form=${q}`);
    await page(lead, `/pupils/${X}/change?from=${q}&to=${q}`, 404);
    await page(lead, `/pupils/${X}?contact=${q}&recorded=${q}&saved=${q}`);
    await page(lead, `/conversations/${f.ids.conv.X}?completed=${q}&shared=${q}`);
    await page(parent, `/my/children/${X}?sent=${q}`);
    for (const path of [`/api/v1/conversations?status=${q}&year=${q}`, `/api/v1/contacts?from=${q}&to=${q}`, `/api/v1/screening?year_group=${q}&measure=${q}`]) {
      const r = await api.get(path);
      eq(r.status, 422, path);
      eq(r.headers.get('content-type'), 'application/json', `${path}: JSON`);
    }
    html = await page(new Client(srv.url), `/sign-in?next=${encodeURIComponent('/' + v)}`);
    assertShows(html, `/${v}`, 'next kept in the sign-in form');
    const anon = new Client(srv.url);
    const tok = await anon.csrf('/sign-in');
    let r = await anon.post('/sign-in', { csrf: tok, email: v, password: '', next: v });
    eq(r.status, 422, 'sign-in without a password');
    assertSafe(r.text, 'sign-in error');
    assertShows(r.text, v.trim(), 'email kept in the form');
    const jtok = await anon.csrf('/join');
    // Wrong codes from one address are limited (throttle.h): start afresh.
    sqlExec(srv.db, "DELETE FROM login_attempt WHERE email = 'join'");
    r = await anon.post('/join', { csrf: jtok, code: v, email: v, password: 'apple river candle 9' });
    eq(r.status, 422, 'join with a bad code');
    assertSafe(r.text, 'join error');
    assertShows(r.text, v.trim(), 'code kept in the form');
    assertShows(await page(anon, `/join?code=${q}`), v.trim(), 'a joining link fills in the code');
    await page(anon, `/setup?code=${q}`, 404);
  }
});

test('setup: hostile text in every field of the first-run form comes back escaped', async () => {
  const fresh = await startServer({ fresh: true });
  try {
    const code = fresh.stdout().match(/setup\?code=([A-Z0-9-]+)/)[1];
    const c = new Client(fresh.url, { label: 'setup' });
    await page(c, `/setup?code=${encodeURIComponent(PAYLOADS[0])}`, 403);
    for (const v of PAYLOADS) {
      const form = formValues(await page(c, `/setup?code=${code}`), '/setup');
      const fields = { urn: v, name: v, la: v, phase: v, lead_name: v, lead_email: v, lead_password: v, admin: v, admin_name: v, admin_email: v };
      const r = await c.post('/setup', { ...form, ...fields });
      eq(r.status, 422, 'refused');
      assertSafe(r.text, 'setup errors');
      for (const k of ['urn', 'name', 'la', 'lead_name', 'lead_email', 'admin_name', 'admin_email'])
        if (v.trim()) assertShows(r.text, k === 'name' || k.endsWith('_name') ? v.trim() : v.trim(), `setup form keeps ${k}`);
    }
    // Saved: the school's and the administrator's names on the page after.
    const v = PAYLOADS[1];
    const form = formValues(await page(c, `/setup?code=${code}`), '/setup');
    const r = await c.post('/setup', { ...form, urn: '123456', name: v, la: '', phase: '', lead_name: v, lead_email: 'xss.lead@example.org',
      lead_password: 'kettle lantern orchard 71', admin: 'other', admin_name: v, admin_email: 'xss.admin@example.org' });
    eq(r.status, 200, 'set up');
    assertSafe(r.text, 'set up page');
    assertShows(r.text, v.trim(), 'the school and the administrator named');
    await page(c, '/account/two-factor'); // the next step: safe too
  } finally {
    await fresh.stop();
  }
});

test('text saved through the API round-trips exactly and shows escaped on the pages', async () => {
  for (const [i, v] of PAYLOADS.entries()) {
    const upn = upnMake(803, 4004, 2, i + 1);
    const body = { upn, legal_forename: cut(v, 100), legal_surname: cut(v, 100), preferred_forename: v, first_language: v, dob: '2018-03-01', sex: 'F' };
    let r = await api.api('POST', '/api/v1/pupils', body);
    eq(r.status, 201, `create ${i}`);
    eq(r.headers.get('content-type'), 'application/json', 'JSON');
    const created = r.json();
    for (const k of ['legal_forename', 'legal_surname', 'preferred_forename', 'first_language']) eq(created[k], body[k].trim(), `round trip ${k}`);
    r = await api.api('PATCH', `/api/v1/pupils/${created.id}`, { preferred_surname: v });
    eq(r.status, 200, 'patch');
    eq(r.json().preferred_surname, v.trim(), 'round trip preferred_surname');
    r = await api.api('POST', '/api/v1/carers', { surname: cut(v, 100), forename: cut(v, 100), title: v, access_needs: v, town: v,
      pupils: [{ pupil_id: created.id, relationship: cut(v, 40) }] });
    eq(r.status, 201, 'carer created');
    const carer = r.json();
    eq(carer.access_needs, v.trim(), 'round trip access_needs');
    r = await api.api('PATCH', `/api/v1/carers/${carer.id}`, { address_line1: v });
    eq(r.json().address_line1, v.trim(), 'round trip address');
    const p = pupilRow(created.id), c = carerRow(carer.id);
    let html = await page(lead, `/pupils/${created.id}`);
    for (const t of [displayName(p), carerName(c), p.first_language]) assertShows(html, t, 'pupil page (API data)');
    html = await page(lead, `/carers/${carer.id}`);
    for (const t of [carerName(c), c.address_line1, c.town, c.access_needs]) assertShows(html, t, 'carer page (API data)');
    await page(lead, `/carers/${carer.id}/edit`);
    await page(lead, `/pupils/${created.id}/carers/${carer.id}`);
    // Errors that quote what was sent stay JSON.
    r = await api.api('POST', '/api/v1/pupils', { upn: v, [v.slice(0, 30)]: 1 });
    eq(r.status, 422, 'invalid');
    eq(r.headers.get('content-type'), 'application/json', 'error is JSON');
    assert(r.json().error.fields, 'fields named');
  }
});

await run();
await srv.stop();
