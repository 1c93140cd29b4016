// Hostile clients: bad paths, huge headers and bodies, slow clients,
// too many connections.  The server answers with a clear 4xx (or closes
// the connection) and keeps serving everyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, rawRequest, statusOf, tempDir, until, writeConfig, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

let s;

before(async () => {
  const dir = tempDir();
  const cfg = writeConfig(dir, [
    'request_deadline = 3',
    'idle_timeout = 20',
    'connections_per_ip = 8',
    'header_max = 8k',
    'body_max = 64k',
  ].join('\n') + '\n');
  s = await startServer({ args: ['--config', cfg] });
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

// A fresh connection each time: the deadline watchdog may have closed an
// idle keep-alive socket that fetch would otherwise try to reuse.
async function stillServing() {
  const raw = await rawRequest(s.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(raw), 200);
}

// The server's own count of open connections, asked from 127.0.0.2 so
// the question does not count against 127.0.0.1's cap.
function openConnections() {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ port: s.port, host: '127.0.0.1', localAddress: '127.0.0.2' });
    let data = '';
    sock.on('error', reject);
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => {
      const m = /^nutgraf_http_open_connections (\d+)$/m.exec(data);
      resolve(m ? Number(m[1]) : -1);
    });
    sock.write('GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  });
}

test('bad percent-encoding, NUL bytes and dot segments: 400 or 404, never a file', async () => {
  const cases = [
    '/%zz/', '/%', '/%4', '/tag/%ff%fe/', '/%00/', '/tag/a%00b/',
    '/../../etc/passwd', '/assets/../../etc/passwd', '/assets/..%2f..%2fetc%2fpasswd',
    '/assets/%2e%2e/%2e%2e/etc/passwd', '/./', '/tag/./x/',
  ];
  for (const p of cases) {
    const raw = await rawRequest(s.port, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const st = statusOf(raw);
    assert.ok(st === 400 || st === 404, `${p} -> ${st}`);
    assert.ok(!raw.includes('root:'), `${p} leaked a file`);
  }
  await stillServing();
});

test('too-large headers get 431', async () => {
  const big = 'x'.repeat(16 * 1024);
  const raw = await rawRequest(s.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\nConnection: close\r\n\r\n`);
  assert.equal(statusOf(raw), 431);
  await stillServing();
});

test('too-large bodies get 413', async () => {
  const body = 'a'.repeat(200 * 1024);
  const r = await fetch(s.url + '/', { method: 'POST', body, headers: { 'content-type': 'text/plain' } });
  assert.equal(r.status, 413);
  await stillServing();
});

test('overlong paths get 414', async () => {
  const raw = await rawRequest(s.port, `GET /${'a'.repeat(4000)}/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  assert.ok([414, 431].includes(statusOf(raw)), `got ${statusOf(raw)}`);
  await stillServing();
});

test('a slow client is cut off at the absolute request deadline', async () => {
  // Trickle one header byte every 300 ms: the idle timeout (20 s) never
  // fires, so only the 3 s deadline can end this.
  const started = Date.now();
  const closedAfter = await new Promise((resolve, reject) => {
    const sock = net.connect(s.port, '127.0.0.1');
    let timer;
    sock.on('connect', () => {
      sock.write('GET / HTTP/1.1\r\nHost: x\r\n');
      timer = setInterval(() => { if (!sock.destroyed) sock.write('X'); }, 300);
    });
    const done = () => { clearInterval(timer); resolve(Date.now() - started); };
    sock.on('close', done);
    sock.on('error', () => {});
    setTimeout(() => { clearInterval(timer); sock.destroy(); reject(new Error('not cut off in 12 s')); }, 12000);
  });
  assert.ok(closedAfter >= 2500 && closedAfter < 8000, `closed after ${closedAfter} ms`);
  await stillServing();
});

test('connections per IP are limited', async () => {
  const socks = [];
  for (let i = 0; i < 8; i++) {
    const sock = net.connect(s.port, '127.0.0.1');
    sock.on('error', () => {});
    await new Promise((r) => sock.on('connect', r));
    socks.push(sock);
  }
  // The kernel completes a connect before the server accepts it: wait
  // until the server holds all eight (the probe itself is one more).
  await until('eight connections accepted', async () => (await openConnections()) >= 9);
  // The ninth is closed at once without a response.
  const extra = await rawRequest(s.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 3000 });
  assert.equal(statusOf(extra), 0, 'over-limit connection must not be served');
  for (const sock of socks) sock.destroy();
  await until('the eight closed', async () => (await openConnections()) <= 1);
  await stillServing();
});

test('garbage request lines do not crash the server', async () => {
  const junk = ['\r\n\r\n', 'GARBAGE\r\n\r\n', 'GET\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n',
    'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n', '\x00\x01\x02\r\n\r\n'];
  for (const j of junk) await rawRequest(s.port, j, { timeoutMs: 2000 });
  await stillServing();
});
