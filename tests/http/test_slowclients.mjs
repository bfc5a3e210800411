// Slow clients (issue 17): a thousand connections that send their request
// header a line at a time must not take the server down. Loopback only,
// bounded in time and count; the figures are printed, never asserted on.
import net from 'node:net';
import http from 'node:http';
import { test, run, assert, eq, startServer } from './lib.mjs';

const N = 1000;                       // slow connections
const ADDRESSES = 8;                  // spread over 127.0.0.2..9 (125 each)
const HEADER_TIMEOUT = 3;             // seconds: the server's deadline in this test
const srv = await startServer({ args: ['--header-timeout', String(HEADER_TIMEOUT), '--max-per-address', '200', '--quiet'] });
const { hostname, port } = new URL(srv.url);

// One GET /health from 127.0.0.1 with its time in ms; rejects after 10 s
// (the old server did not answer at all while the slow ones were open).
function health() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const rq = http.get({ host: hostname, port, path: '/health', agent: false, localAddress: '127.0.0.1' }, res => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - t0 }));
    });
    rq.setTimeout(10000, () => { rq.destroy(new Error('/health did not answer within 10 s')); });
    rq.on('error', reject);
  });
}

// Open a slow connection: a request line, then one header line every
// 500 ms, never the blank line that ends the header.
function slow(i, state) {
  return new Promise(resolve => {
    const s = net.connect({ host: hostname, port, localAddress: `127.0.0.${2 + (i % ADDRESSES)}` });
    let timer = null;
    s.on('connect', () => {
      state.open++;
      s.write(`GET /health HTTP/1.1\r\nHost: x\r\n`);
      timer = setInterval(() => s.write(`X-Slow-${i}: a\r\n`), 500);
      resolve();
    });
    s.on('error', () => { state.errors++; resolve(); });
    s.on('close', () => { clearInterval(timer); state.closed++; });
    state.sockets.push(s);
  });
}

test('a thousand slow connections: /health keeps answering, and the slow ones are cut at the header deadline', async () => {
  const state = { open: 0, closed: 0, errors: 0, sockets: [] };
  const t0 = performance.now();
  for (let i = 0; i < N; i += 50)
    await Promise.all(Array.from({ length: Math.min(50, N - i) }, (_, k) => slow(i + k, state)));
  eq(state.open, N, 'every slow connection was accepted (125 from each of 8 addresses, under the cap of 200)');
  // While they trickle, /health answers from another address.
  const times = [];
  while (performance.now() - t0 < (HEADER_TIMEOUT - 0.5) * 1000) {
    const r = await health();
    eq(r.status, 200, '/health');
    times.push(r.ms);
  }
  const openWhileMeasured = state.open - state.closed;
  assert(openWhileMeasured > N * 0.9, `most slow connections still open while /health was asked (${openWhileMeasured})`);
  // The deadline is for the whole header, however often a line arrives.
  const deadline = performance.now() + (HEADER_TIMEOUT + 5) * 1000;
  while (state.closed < N && performance.now() < deadline) {
    await new Promise(r => setTimeout(r, 200));
    times.push((await health()).ms);
  }
  eq(state.closed, N, 'every slow connection was closed by the server at its header deadline');
  times.sort((a, b) => a - b);
  console.log(`# /health while ${N} slow connections were open: ${times.length} answers, ` +
    `median ${times[times.length >> 1].toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
  for (const s of state.sockets) s.destroy();
});

test('one address cannot hold more than its cap of connections', async () => {
  const socks = [], state = { refused: 0 };
  for (let i = 0; i < 260; i++) {
    socks.push(await new Promise(resolve => {
      const s = net.connect({ host: hostname, port, localAddress: '127.0.0.20' });
      s.on('connect', () => resolve(s));
      s.on('error', () => resolve(s));
    }));
  }
  // Connections past the cap are accepted by the kernel and closed at once by
  // the server: they end without an answer.
  await new Promise(r => setTimeout(r, 500));
  for (const s of socks) if (s.destroyed || s.readableEnded) state.refused++;
  const probe = await new Promise(resolve => {
    const s = net.connect({ host: hostname, port, localAddress: '127.0.0.20' });
    s.on('connect', () => s.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n'));
    let got = '';
    s.on('data', d => { got += d; });
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
    setTimeout(() => { s.destroy(); resolve(got); }, 3000);
  });
  eq(probe, '', 'a connection past the cap gets no answer');
  assert(state.refused >= 260 - 200, `the ones past 200 were closed (${state.refused})`);
  eq((await health()).status, 200, 'another address is served');
  for (const s of socks) s.destroy();
});

await run();
await srv.stop();
