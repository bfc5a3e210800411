// The provision map's figures are the same wherever they are shown (issue
// 12): pupils on roll (the home page, the map page, its PDF, the JSON),
// pupils reached and cost per tier and per pupil reached, each provision's
// pupils and cost, and the flagged needs no provision meets. The JSON (a read
// token on /api/v1/reports/provision) is the reference; the page is read as
// text, the PDF through pdftotext. Over the demo school, on the server's
// today.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq, startServer, Client, signIn, meso, mainOf, unescapeHtml, EMAIL, SCHOOL_A }
  from './lib.mjs';

// Serving PDFs loads fontconfig, whose one-off cache LeakSanitizer would
// report at exit (tests/e2e/lsan-fontconfig.supp says why).
const here = dirname(fileURLToPath(import.meta.url));
process.env.LSAN_OPTIONS = `suppressions=${join(here, '../e2e/lsan-fontconfig.supp')}`;

const srv = await startServer();
const token = meso(srv.db, ['token', 'add', '--name', 'figures', '--scope', 'read', '--school', SCHOOL_A]).trim();
const api = new Client(srv.url, { bearer: token, label: 'api' });
const lead = new Client(srv.url, { label: 'lead' });
await signIn(lead, EMAIL.lead);

// Text of a page's main part: tags to spaces, entities decoded, spaces collapsed.
const words = s => unescapeHtml(s.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
const flat = s => s.replace(/\s+/g, ' ').trim();
// Money as the pages and the PDF write it: "£2,568" for whole pounds, else "£6.36".
const money = pence => {
  const pounds = Math.floor(pence / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `£${pounds}${pence % 100 ? '.' + String(pence % 100).padStart(2, '0') : ''}`;
};
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
const TIERS = [['indicated', 'Indicated'], ['selected', 'Selected'], ['universal', 'Universal']];

async function pdfText(path) {
  const res = await fetch(srv.url + path, { headers: { cookie: lead.cookieHeader() } });
  eq(res.status, 200, `${path}: status`);
  eq(res.headers.get('content-type'), 'application/pdf', `${path}: a PDF`);
  const pdf = Buffer.from(await res.arrayBuffer());
  return flat(execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8' }));
}

const m = (await api.get('/api/v1/reports/provision')).json();
const pageHtml = mainOf((await lead.get('/provision')).text);
const page = words(pageHtml);
const pdf = await pdfText('/provision/map.pdf');

test('the JSON itself adds up', () => {
  assert(m.pupils_on_roll > 300, `a school on roll: ${m.pupils_on_roll}`);
  let total = 0;
  for (const [key] of TIERS) {
    const t = m.tiers[key];
    const cost = t.provisions.reduce((s, p) => s + p.cost, 0);
    eq(t.cost, cost, `${key}: the tier's cost is its provisions' costs`);
    total += cost;
    if (t.pupils) eq(t.cost_per_pupil, Math.round(t.cost / t.pupils), `${key}: cost per pupil reached`);
    else eq(t.cost_per_pupil, null, `${key}: nobody reached`);
    assert(t.pupils <= m.pupils_on_roll, `${key}: no more pupils reached than on roll`);
    for (const p of t.provisions)
      if (p.whole_school) eq(p.pupils, m.pupils_on_roll, `${p.name}: whole-school reaches every pupil on roll`);
  }
  eq(m.cost_total, total, 'the total cost');
  // Universal provision counts the pupils it reaches: no "0 pupils" for it.
  assert(m.tiers.universal.provisions.some(p => p.whole_school), 'the demo has whole-school provision');
  eq(m.tiers.universal.pupils, m.pupils_on_roll, 'so the universal tier reaches every pupil');
  assert(m.tiers.universal.cost_per_pupil > 0, 'and has a cost per pupil');
  // FASTworks keeps FAST on the map.
  const fast = m.tiers.universal.provisions.find(p => p.name === 'FAST for Year 1 families');
  assert(fast, 'FAST is on the map');
  if (fast.followon) {
    eq(fast.followon.name, 'FASTworks', 'in FASTworks');
    eq(fast.cost, 0, 'no new cost in FASTworks');
  }
  eq(m.unmet.reduce((s, u) => s + (u.pupils === u.children.length ? 0 : 1), 0), 0, 'each child listed once per need');
  assert(m.children_unmet <= m.children_flagged, 'unmet children are flagged children');
});

test('pupils on roll: the home page, the map page, its PDF and the JSON agree', async () => {
  const home = words(mainOf((await lead.get('/')).text));
  assert(home.includes(`${m.pupils_on_roll} pupils on roll`), `the home page: ${home.slice(0, 400)}`);
  assert(page.includes(`Pupils on roll ${m.pupils_on_roll} `), 'the map page');
  assert(pdf.includes(`Pupils on roll ${m.pupils_on_roll} `), 'the PDF');
  const cli = JSON.parse(meso(srv.db, ['report', 'provision', '--json']));
  eq(cli.pupils_on_roll, m.pupils_on_roll, 'the command line');
});

test('each tier: pupils reached, provisions, cost and cost per pupil agree', () => {
  for (const [key, name] of TIERS) {
    const t = m.tiers[key];
    const figure = `${plural(t.pupils, 'pupil', 'pupils')} reached, ${plural(t.provisions.length, 'provision', 'provisions')}`;
    assert(page.includes(`${name} tier ${figure}`), `the page says "${name} tier ${figure}"`);
    assert(pdf.includes(`${name} tier ${figure}`), `the PDF says "${name} tier ${figure}"`);
    const per = t.cost_per_pupil === null ? 'No pupils reached' : money(t.cost_per_pupil);
    const row = `${name} ${t.pupils} ${money(t.cost)} ${per}`;
    assert(page.includes(row), `the page's cost table: "${row}"`);
    assert(pdf.includes(row), `the PDF's cost table: "${row}"`);
  }
  assert(page.includes(`Projected cost ${money(m.cost_total)}`), 'the total on the page');
  assert(pdf.includes(`Projected cost ${money(m.cost_total)}`), 'the total in the PDF');
});

test("each provision's pupils reached and cost agree on the page and in the JSON", () => {
  for (const [key] of TIERS)
    for (const p of m.tiers[key].provisions) {
      const tr = pageHtml.match(new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*href="/provisions/${p.id}"[\\s\\S]*?</tr>`));
      assert(tr, `${p.name}: a row on the page`);
      const cells = [...tr[0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(c => words(c[1]));
      assert(cells[2].startsWith(`${p.pupils}`), `${p.name}: ${cells[2]} on the page, ${p.pupils} in the JSON`);
      eq(cells[4], p.followon ? 'None now' : money(p.cost), `${p.name}: its cost`);
      if (p.whole_school) assert(cells[2].includes('every pupil on roll'), `${p.name}: said to be whole-school`);
      // (the PDF's narrow column may wrap "None now" over two lines)
      assert(pdf.includes(p.followon ? 'None' : money(p.cost)), `${p.name}: its cost in the PDF`);
    }
});

test('flagged needs no provision meets: the same counts on the page and in the PDF', () => {
  assert(page.includes(`${m.children_unmet} of ${m.children_flagged} children flagged`), 'the key figure on the page');
  assert(pdf.includes(`${m.children_unmet} of ${m.children_flagged} children flagged`), 'the key figure in the PDF');
  for (const u of m.unmet) {
    const label = u.targeted ? u.label : `${u.label} (no provision targets it yet)`;
    assert(page.includes(`${label} ${u.flagged} ${u.pupils}`), `the page: "${label} ${u.flagged} ${u.pupils}"`);
    assert(pdf.includes(`${u.flagged} ${u.pupils}`), `the PDF: ${u.label}`);
    // Listed for the lead, each child linked to their provision record.
    for (const c of u.children)
      assert(pageHtml.includes(`href="/pupils/${c.id}/provision"`), `${c.name} is listed`);
  }
  // The PDF counts; it does not list the children flagged.
  const child = m.unmet.find(u => u.children.length)?.children[0];
  if (child) assert(!pdf.includes(child.reasons), 'no child\'s reasons in the PDF');
});

test('several provisions for one need at one tier: the same on the page and in the PDF', () => {
  eq(m.several, m.outcomes.reduce((s, r) => s + ['universal', 'selected', 'indicated']
    .filter(t => r[t].several).length, 0), 'counted cell by cell');
  for (const r of m.outcomes) {
    const cells = ['universal', 'selected', 'indicated'].map(t => `${r[t].count}${r[t].several ? ', several' : ''}`);
    assert(pdf.includes(`${r.label} ${cells.join(' ')}`) || pdf.includes(cells.join(' ')), `the PDF row for ${r.label}`);
    for (const t of ['universal', 'selected', 'indicated'])
      for (const p of r[t].provisions)
        assert(r[t].count <= r[t].provisions.length && p.name, `${r.label}: ${t}`);
  }
});

await run();
await srv.stop();
