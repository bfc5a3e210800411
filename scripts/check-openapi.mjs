// check-openapi.mjs - lint rule L11: docs/openapi.yaml is a valid OpenAPI
// document (swagger-parser), passes `redocly lint` (redocly.yaml), documents
// exactly the API routes of src/http/routes.c, and lists the statuses every
// operation of its kind can return:
//   every operation      401 (no token, or a bad one) and 5XX
//   a request body       400 (not JSON), 403 (a read token), 413, 422
//   an {id} in the path  404
//   paging parameters    422 (page or per_page out of range)
//   a required or checked query parameter   422
// tests/http/test_contract.mjs then calls every operation and checks the
// answers against the document.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Arguments (for the planted examples of tests/lint/run.sh): the document and
// the route table, by default docs/openapi.yaml and src/http/routes.c.
const DOC = process.argv[2] || join(ROOT, 'docs/openapi.yaml');
const ROUTES = process.argv[3] || join(ROOT, 'src/http/routes.c');
const problems = [];
const say = m => problems.push(m);

let SwaggerParser, YAML;
try {
  SwaggerParser = (await import('@apidevtools/swagger-parser')).default;
  YAML = await import('yaml');
} catch {
  console.error('check-openapi: the npm packages are missing; run scripts/deps.sh');
  process.exit(1);
}

// 1. swagger-parser: the document against the OpenAPI 3.0 schema, and every $ref.
try {
  await SwaggerParser.validate(DOC);
} catch (e) {
  say(`swagger-parser: ${e.message}`);
}

// 2. redocly lint, with no errors and (recommended-strict) no warnings.
try {
  execFileSync(join(ROOT, 'node_modules/.bin/redocly'),
    ['lint', '--config', join(ROOT, 'redocly.yaml'), '--format', 'stylish', DOC],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
} catch (e) {
  say(`redocly lint:\n${(e.stdout || '') + (e.stderr || '')}`);
}

// 3. The operations against the route table.
const doc = YAML.parse(readFileSync(DOC, 'utf8'));
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const routes = new Set();
const src = readFileSync(ROUTES, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
for (const m of src.matchAll(/\{\s*"([A-Z]+)",\s*"(\/api\/v1\/[^"]*)"/g)) routes.add(`${m[1]} ${m[2]}`);
const documented = new Set();
const deref = o => (o && o.$ref ? o.$ref.split('/').slice(1).reduce((x, k) => x[k], doc) : o);
for (const [path, item] of Object.entries(doc.paths || {})) {
  for (const method of METHODS) {
    const op = item[method];
    if (!op) continue;
    const key = `${method.toUpperCase()} ${path}`;
    documented.add(key);
    if (!routes.has(key)) say(`${key}: documented, but src/http/routes.c has no such route`);
    const params = [...(item.parameters || []), ...(op.parameters || [])].map(deref);
    const want = ['401', '5XX'];
    if (op.requestBody) want.push('400', '403', '413', '422');
    if (params.some(p => p.in === 'path')) want.push('404');
    if (params.some(p => p.in === 'query' && (p.required || p.name === 'page' || p.schema?.enum ||
        p.schema?.pattern || p.schema?.format || p.schema?.$ref || p.schema?.type === 'integer')))
      want.push('422');
    for (const s of want)
      if (!op.responses?.[s]) say(`${key} (${op.operationId || 'no operationId'}): does not document ${s}`);
    if (!op.operationId) say(`${key}: no operationId`);
  }
}
for (const r of routes) if (!documented.has(r)) say(`${r}: a route of src/http/routes.c that docs/openapi.yaml does not document`);

if (problems.length) {
  for (const p of problems) console.error(`check-openapi: ${p}`);
  process.exit(1);
}
console.log(`check-openapi: ok (${documented.size} operations)`);

