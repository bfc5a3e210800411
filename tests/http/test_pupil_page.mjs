// The pupil page's summary ("At a glance", issue 13): on the demo school, the
// key teacher, the next conversation (its date in words, or "None planned"
// with a link to plan one), the open targets (count and the first, linked)
// and the provision the child has now at its tier, each checked against the
// database read here on its own. The page view stays one audited read
// (test_audit.mjs checks the rows).
import { test, run, assert, eq, startServer, Client, sql as sqlOf, sqlExec, snapshotRows, mainOf } from './lib.mjs';

const PASSWORD = 'demo-password-1234';
const srv = await startServer();
const sql = (q) => sqlOf(srv.db, q);
const today = new Date().toISOString().slice(0, 10);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const inWords = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${d} ${MONTHS[m - 1]} ${y}`; };
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;');

async function signedIn(email) {
  const c = new Client(srv.url);
  const csrf = await c.csrf('/sign-in');
  const r = await c.post('/sign-in', { email, password: PASSWORD, csrf });
  eq(r.status, 303, `sign-in of ${email}`);
  return c;
}
const lead = await signedIn('helen.price@meadowbank.example.org');

// The card alone, so that a name elsewhere on the page does not count.
const card = (html) => {
  const i = html.indexOf('id="at-a-glance"');
  assert(i > 0, 'the page has the summary card');
  const j = html.indexOf('</dl>', i);
  // It opens the page: before the record and the rest.
  assert(i < html.indexOf('>Record</h2>'), 'the summary comes before the record');
  return html.slice(i, j);
};
const NEXT = `(SELECT min(v.event_date) FROM conversation v WHERE v.pupil_id = p.id
  AND v.status = 'planned' AND v.did_not_come = 0 AND v.event_date >= '${today}')`;
const OPEN = `(SELECT count(*) FROM target t WHERE t.pupil_id = p.id AND t.status IN ('open', 'progressing'))`;
const NOW = `(SELECT count(*) FROM enrolment n JOIN provision v ON v.id = n.provision_id
  WHERE n.pupil_id = p.id AND v.start_date <= '${today}' AND (v.end_date IS NULL OR v.end_date >= '${today}')
  AND n.consent <> 'declined' AND n.enrolled_on <= '${today}' AND (n.left_on IS NULL OR n.left_on > '${today}'))`;

test('the summary names the key teacher, the next conversation, open targets and provision now', async () => {
  const [row] = sql(`SELECT p.id AS id, s.name AS teacher, ${NEXT} AS next, ${OPEN} AS open FROM pupil p JOIN staff s ON s.id = p.key_teacher_id
    WHERE ${NEXT} IS NOT NULL AND ${OPEN} > 0 AND ${NOW} > 0 ORDER BY p.id LIMIT 1`);
  assert(row, 'the demo has a pupil with a key teacher, a planned conversation, open targets and provision');
  const { id, teacher, next, open } = row;
  const r = await lead.get(`/pupils/${id}`);
  eq(r.status, 200);
  const c = card(r.text);
  assert(c.includes(`Key teacher</dt><dd class="govuk-summary-list__value">${esc(teacher)}`), `key teacher ${teacher}`);
  assert(c.includes(`>${inWords(next)}</a>`), `next conversation on ${inWords(next)}`);
  assert(!/\d{4}-\d\d-\d\d<|\d\d\/\d\d\/\d{4}/.test(c.replace(/href="[^"]*"/g, '')), 'no date in digits');
  assert(c.includes(`${open} open`), `${open} open targets`);
  const [{ tid, what }] = sql(`SELECT t.id AS tid, t.what AS what FROM target t WHERE t.pupil_id = ${id}
    AND t.status IN ('open', 'progressing') ORDER BY CASE WHEN t.review_date IS NULL OR t.review_date = ''
    THEN 1 ELSE 0 END, t.review_date, t.id DESC LIMIT 1`);
  assert(c.includes(`href="/targets/${tid}/review">${esc(what)}</a>`), 'the first open target, linked');
  const provs = sql(`SELECT v.name AS name, v.tier AS tier FROM enrolment n JOIN provision v ON v.id = n.provision_id
    WHERE n.pupil_id = ${id} AND v.start_date <= '${today}' AND (v.end_date IS NULL OR v.end_date >= '${today}')
    AND n.consent <> 'declined' AND n.enrolled_on <= '${today}' AND (n.left_on IS NULL OR n.left_on > '${today}')`);
  assert(provs.length > 0, 'provision now');
  const tierWords = { universal: 'Universal: every child', selected: 'Selected: groups at raised risk',
    indicated: 'Indicated: children with emerging or identified needs' };
  for (const { name, tier } of provs)
    assert(c.includes(`>${esc(name)}</a> (${tierWords[tier]})`), `provision now: ${name} at ${tier}`);
});

test('with nothing planned, the summary says so and links to planning one', async () => {
  const [{ id } = {}] = sql(`SELECT p.id AS id FROM pupil p WHERE ${NEXT} IS NULL AND ${OPEN} = 0 AND p.leaving_date IS NULL
    AND NOT EXISTS (SELECT 1 FROM conversation v WHERE v.pupil_id = p.id AND v.next_meeting >= '${today}')
    ORDER BY p.id LIMIT 1`);
  assert(id, 'the demo has such a pupil');
  const c = card((await lead.get(`/pupils/${id}`)).text);
  assert(c.includes(`None planned. <a class="govuk-link" href="/pupils/${id}/conversations/new">Plan one`),
    'none planned, with a link to plan one');
  assert(c.includes('None open'), 'no open targets');
});

test('a leaver\'s page says at the top that the record can no longer be changed; a pupil\'s who has not left does not', async () => {
  const [{ id, surname } = {}] = sql(`SELECT id, legal_surname AS surname FROM pupil
    WHERE leaving_date IS NULL AND erased_at IS NULL AND coalesce(preferred_surname, '') = '' ORDER BY id LIMIT 1`);
  assert(id, 'the demo has a pupil who has not left');
  const banner = (html) => { const m = mainOf(html).match(/<div class="govuk-notification-banner"[\s\S]*?<\/div><\/div>/); return m ? m[0] : ''; };
  eq(banner((await lead.get(`/pupils/${id}`)).text), '', 'no banner before they leave');
  const undo = snapshotRows(srv.db, 'pupil', `id = ${id}`);
  try {
    sqlExec(srv.db, `UPDATE pupil SET leaving_date = '2025-07-18' WHERE id = ${id}`);
    const r = await lead.get(`/pupils/${id}`);
    eq(r.status, 200);
    const b = banner(r.text);
    assert(b.includes(`${esc(surname)} left the school on 18 July 2025. Their record is kept as it was and can no longer be changed.`),
      `the leaver banner: ${b}`);
    assert(mainOf(r.text).indexOf(b) < mainOf(r.text).indexOf('id="at-a-glance"'), 'the banner comes first');
  } finally { undo(); }
});

await run();
await srv.stop();
