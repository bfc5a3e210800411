// The server itself: security headers, limits, errors, shutdown.
import { test, run, assert, eq, startServer, Client } from './lib.mjs';

const srv = await startServer();
const c = new Client(srv.url);

test('every response carries the security headers and no-store', async () => {
  for (const path of ['/health', '/', '/no-such-page']) {
    const r = await c.get(path);
    const csp = r.headers.get('content-security-policy') || '';
    assert(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline'), `CSP on ${path}: ${csp}`);
    assert(csp.includes("frame-ancestors 'none'"), 'frame-ancestors');
    eq(r.headers.get('x-frame-options'), 'DENY', `X-Frame-Options on ${path}`);
    eq(r.headers.get('referrer-policy'), 'same-origin', 'Referrer-Policy');
    eq(r.headers.get('x-content-type-options'), 'nosniff', 'nosniff');
    eq(r.headers.get('cache-control'), 'no-store', `Cache-Control on ${path}`);
  }
});

test('unknown pages are 404 in plain words', async () => {
  const r = await c.get('/pupils/../../etc/passwd');
  assert(r.status === 404 || r.status === 303, `status ${r.status}`);
  const r2 = await c.get('/definitely-not-here');
  eq(r2.status, 404);
  assert(r2.text.includes('Page not found'), 'friendly text');
});

test('signed-out visitors are sent to sign in', async () => {
  const r = await c.get('/');
  eq(r.status, 303);
  assert(r.location.startsWith('/sign-in'), `location ${r.location}`);
});

test('an oversize body gets 413 and oversize headers 431', async () => {
  const big = 'x'.repeat(2 * 1024 * 1024);
  const r = await c.req('POST', '/sign-in', { body: big, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  eq(r.status, 413);
  const r2 = await c.get('/health', { headers: { 'x-filler': 'a'.repeat(40000) } });
  eq(r2.status, 431);
});

test('too many form fields are refused', async () => {
  const form = {};
  for (let i = 0; i < 300; i++) form['f' + i] = 'v';
  const r = await c.post('/sign-in', form);
  eq(r.status, 413);
});

test('the access log has no query strings', async () => {
  await c.get('/health?secret=hunter2&token=abc');
  await new Promise(r => setTimeout(r, 50));
  assert(srv.log().includes('GET /health 200'), 'logged');
  assert(!srv.log().includes('hunter2') && !srv.log().includes('token=abc'), 'no query in log');
});

test('SIGTERM stops the server gracefully', async () => {
  const s2 = await startServer();
  const r = await new Client(s2.url).get('/health');
  eq(r.status, 200);
  await s2.stop();
  assert(s2.stdout().includes('SIGTERM received'), 'announced shutdown');
});

await run();
await srv.stop();
