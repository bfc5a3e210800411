// docs/api.md's examples, run as written against the demo school (`meso
// demo`, as `make run` makes it) served by meso, with a read and a write
// token in MESO_TOKEN and MESO_WRITE_TOKEN:
//   - each ```sh block (curl) runs with bash and must succeed; when a
//     ```json block follows it, that is its output, and must be what it
//     prints;
//   - the ```python blocks, together, are one script run by python3 (the
//     standard library only); its output must read as the ```text block
//     after them (numbers and UPNs may differ), and the count it prints must
//     be the true one;
//   - the ```ts block compiles (tsc --strict) against the types that
//     openapi-typescript generates from docs/openapi.yaml, and run, it
//     fetches every pupil.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq, startServer, meso, sql } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const guide = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
const blocks = [...guide.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(m => ({ lang: m[1], code: m[2] }));

const dir = mkdtempSync(join(tmpdir(), 'meso-guide-'));
const demo = join(dir, 'demo.db');
meso(demo, ['demo']);
const token = scope => meso(demo, ['token', 'add', '--name', `guide-${scope}`, '--scope', scope]).trim();
const env = { ...process.env, MESO_TOKEN: token('read'), MESO_WRITE_TOKEN: token('write') };
execFileSync('sqlite3', [demo, 'PRAGMA wal_checkpoint(TRUNCATE)']);
const srv = await startServer({ db: demo });
env.MESO_URL = srv.url;

const sh = code => spawnSync('bash', ['-euo', 'pipefail', '-c', code], { env, encoding: 'utf8', timeout: 60000 });

test('the guide has curl, Python and TypeScript examples', async () => {
  const langs = blocks.map(b => b.lang);
  for (const l of ['sh', 'python', 'text', 'ts']) assert(langs.includes(l), `a ${l} block`);
  assert(blocks.filter(b => b.lang === 'sh').every(b => /\bcurl\b/.test(b.code)), 'the sh blocks are curl');
});

test('every curl example runs against the demo and prints what the guide shows', async () => {
  let n = 0;
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i].lang !== 'sh') continue;
    const r = sh(blocks[i].code);
    eq(r.status, 0, `curl example ${++n} failed: ${r.stderr}${r.stdout.slice(0, 300)}`);
    const got = JSON.parse(r.stdout);
    if (blocks[i + 1]?.lang === 'json')
      eq(JSON.stringify(got), JSON.stringify(JSON.parse(blocks[i + 1].code)), `curl example ${n}: the output shown`);
    else
      assert(got.items || got.id, `curl example ${n}: a list or a record: ${r.stdout.slice(0, 200)}`);
  }
  assert(n >= 3, `${n} curl examples`);
});

test('the Python example runs with the standard library and prints what the guide shows', async () => {
  const script = blocks.filter(b => b.lang === 'python').map(b => b.code).join('\n');
  const r = spawnSync('python3', ['-I', '-'], { input: script, env, encoding: 'utf8', timeout: 120000 });
  eq(r.status, 0, `python3: ${r.stderr}`);
  const lastPy = blocks.map(b => b.lang).lastIndexOf('python');
  const shown = blocks.slice(lastPy + 1).find(b => b.lang === 'text').code.trimEnd().split('\n');
  const out = r.stdout.trimEnd().split('\n');
  eq(out.length, shown.length, `lines printed: ${r.stdout}`);
  const pattern = line => new RegExp(`^${line.replace(/\b[A-Z]\d{12}\b/g, 'UPN').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\d+/g, '\\d+').replace(/UPN/g, '[A-Z][0-9]{11}[0-9A-Z]')}$`);
  out.forEach((line, i) => assert(pattern(shown[i]).test(line), `line ${i + 1}: printed "${line}", the guide shows "${shown[i]}"`));
  const k = sql(srv.db, `SELECT count(*) AS n FROM pupil WHERE sen_provision = 'K' AND (leaving_date IS NULL OR leaving_date > date('now'))`)[0].n;
  eq(out[0], `${k} pupils with SEN support`, 'the count is the true one');
});

test('a client generated from the document compiles and runs', async () => {
  const bin = n => join(ROOT, 'node_modules/.bin', n);
  assert(existsSync(bin('openapi-typescript')) && existsSync(bin('tsc')), 'openapi-typescript and typescript (scripts/deps.sh)');
  const gen = join(dir, 'gen');
  execFileSync(bin('openapi-typescript'), [join(ROOT, 'docs/openapi.yaml'), '-o', join(gen, 'meso-api.d.ts')], { stdio: 'pipe' });
  writeFileSync(join(gen, 'client.ts'), blocks.find(b => b.lang === 'ts').code);
  writeFileSync(join(gen, 'main.ts'), `import { everyPupil } from './client';\n` +
    `everyPupil(process.env.MESO_URL!, process.env.MESO_TOKEN!, '/api/v1/pupils?per_page=100').then(p => console.log(p.length, p[0].upn));\n` +
    `declare const process: { env: Record<string, string | undefined> };\n`);
  const tsc = spawnSync(bin('tsc'), ['--strict', '--target', 'es2022', '--module', 'commonjs', '--lib', 'es2022,dom',
    '--outDir', join(gen, 'out'), join(gen, 'main.ts')], { encoding: 'utf8' });
  eq(tsc.status, 0, `tsc: ${tsc.stdout}${tsc.stderr}`);
  writeFileSync(join(gen, 'out', 'package.json'), '{"type": "commonjs"}');
  const r = spawnSync('node', [join(gen, 'out', 'main.js')], { env, encoding: 'utf8', timeout: 60000 });
  eq(r.status, 0, `the client: ${r.stderr}`);
  const onRoll = sql(srv.db, `SELECT count(*) AS n FROM pupil WHERE leaving_date IS NULL OR leaving_date > date('now')`)[0].n;
  assert(new RegExp(`^${onRoll} [A-Z0-9]{13}\\n$`).test(r.stdout), `every pupil fetched: ${r.stdout}`);
});

await run();
await srv.stop();
rmSync(dir, { recursive: true, force: true });
