// Spreadsheets for leads (pages/exports.c): the pupil list with its
// filters, the conversations report, screening, the provision map's tables
// and a programme's attendance. Each download is unzipped and its sheet XML
// read: the rows are there (the same counts as the database, or as the
// JSON the API gives), no cell is a formula, and a pupil whose name looks
// like a formula (=, +, -, @) is a text cell. Not leads: covered by
// test_access.mjs.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  test, run, assert, eq, startServer, fixture, Client, signIn, EMAIL, sql, meso, upnMake, SCHOOL_A,
} from './lib.mjs';

const f = fixture();
const srv = await startServer({ db: f.db });
const db = srv.db;
const lead = new Client(srv.url, { label: 'lead' });
await signIn(lead, EMAIL.lead);

// A pupil whose text fields look like formulas.
const ODD = ['=HYPERLINK("http://example.org","x")', '@SUM(1+1)', '+44 7700 900123', '-1+2'];
const upn = upnMake(807, 5005, 3, 1);
writeFileSync(join(srv.dir, 'odd.csv'), 'UPN,Surname,Forename,Preferred Forename,Preferred Surname,DOB,Sex,Year,First Language\n' +
  `${upn},"${ODD[0].replace(/"/g, '""')}",${ODD[1]},${ODD[2]},<script>alert(1)</script>,2018-03-04,F,4,${ODD[3]}\n`);
meso(db, ['import', 'pupils', join(srv.dir, 'odd.csv'), '--school', SCHOOL_A]);

async function download(path, name) {
  const r = await fetch(srv.url + path, { headers: { cookie: lead.cookieHeader() } });
  eq(r.status, 200, path);
  eq(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${path}: type`);
  const file = join(srv.dir, name);
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  return file;
}
const unzip = (file, member) => execFileSync('unzip', ['-p', file, member], { encoding: 'utf8', maxBuffer: 1 << 26 });
const sheetNames = file => [...unzip(file, 'xl/workbook.xml').matchAll(/<sheet name="([^"]+)"/g)].map(m => m[1]);
const sheet = (file, name) => unzip(file, `xl/worksheets/sheet${sheetNames(file).indexOf(name) + 1}.xml`);
const rows = xml => (xml.match(/<row /g) || []).length;
const strings = file => [...unzip(file, 'xl/sharedStrings.xml').matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map(m => m[1]
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
function noFormulas(file) {
  for (const [i] of sheetNames(file).entries())
    assert(!unzip(file, `xl/worksheets/sheet${i + 1}.xml`).includes('<f>'), `${file}: sheet ${i + 1} has a formula`);
}

test('the pupil list: the filtered rows, and formula-like names stored as text', async () => {
  const file = await download('/pupils.xlsx?year=4', 'pupils.xlsx');
  eq(sheetNames(file).join('|'), 'Summary|Pupils', 'sheets');
  const want = sql(db, `SELECT count(*) AS n FROM pupil WHERE school_id = ${f.ids.school.A} AND nc_year = '4'
    AND (leaving_date IS NULL OR leaving_date > date('now'))`)[0].n;
  const xml = sheet(file, 'Pupils');
  eq(rows(xml), want + 1, 'a header and one row a pupil of year 4');
  noFormulas(file);
  const ss = strings(file);
  for (const odd of ODD) {
    const idx = ss.indexOf(odd);
    assert(idx >= 0, `${odd} is a shared string`);
    assert(new RegExp(`<c r="[A-Z]+\\d+"[^>]* t="s"><v>${idx}</v></c>`).test(xml), `${odd} is a text cell`);
  }
  // Markup in a name stays text in the XML (escaped), not elements.
  assert(unzip(file, 'xl/sharedStrings.xml').includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped in the XML');
  assert(!unzip(file, 'xl/sharedStrings.xml').includes('<script>'), 'no raw markup');
  // Another year: that pupil is not in it.
  const file3 = await download('/pupils.xlsx?year=3', 'pupils3.xlsx');
  assert(!strings(file3).includes(ODD[1]), 'the filter applies');
});

test('the conversations report: the same figures as the API', async () => {
  const file = await download('/conversations/report.xlsx', 'conv.xlsx');
  const api = new Client(srv.url, { bearer: f.tokens.readA });
  const j = (await api.get('/api/v1/reports/conversations')).json();
  const names = sheetNames(file);
  assert(names.includes('Per teacher'), `sheets ${names}`);
  eq(rows(sheet(file, 'Per teacher')), j.per_teacher.length + 1, 'one row a key teacher');
  const summary = sheet(file, 'Summary');
  assert(summary.includes(`<v>${j.pupils_in_scope}</v>`), 'pupils in scope');
  assert(strings(file).includes('Pupils in scope'), 'labels in words');
  noFormulas(file);
});

test('screening, the provision map and a programme attendance register', async () => {
  let file = await download('/screening.xlsx?year=4', 'screen.xlsx');
  assert(sheetNames(file).includes('Scores Bands'), 'bands as a long table');
  assert(strings(file).includes('close to average'), 'band names');
  noFormulas(file);
  file = await download('/provision/map.xlsx', 'map.xlsx');
  assert(sheetNames(file).length >= 3, 'the map\'s tables');
  assert(strings(file).includes('fixture T provision'), 'a provision of the school');
  assert(!strings(file).includes('fixture B provision'), 'not another school\'s');
  noFormulas(file);
  const fast = sql(db, `SELECT min(p.id) AS id FROM provision p JOIN programme_template t ON t.id = p.template_id WHERE t.key = 'fast'`)[0].id;
  file = await download(`/programmes/${fast}/attendance.xlsx`, 'prog.xlsx');
  eq(sheetNames(file)[0], 'Attendance', 'the register first');
  const families = sql(db, `SELECT count(*) AS n FROM enrolment WHERE provision_id = ${fast}`)[0].n;
  eq(rows(sheet(file, 'Attendance')), families + 1, 'one row a family');
  const held = sql(db, `SELECT count(*) AS n FROM programme_session WHERE provision_id = ${fast} AND status = 'held'`)[0].n;
  const header = sheet(file, 'Attendance').match(/<row r="1"[^>]*>(.*?)<\/row>/)[1];
  eq((header.match(/<c /g) || []).length, 3 + held + 1, 'family, UPN, carer, a column a session held, the total');
  assert(strings(file).includes('Child and parent'), 'who came');
  noFormulas(file);
});

await run();
await srv.stop();
