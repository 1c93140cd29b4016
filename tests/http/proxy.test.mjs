// trusted_proxies over real HTTP: who the client is, from a
// trusted proxy and from anyone else -- X-Forwarded-For chains, spoofed
// entries, IPv6 clients -- and that every use of the address follows:
// comment limits, /metrics, the access log, the per-address connection
// cap (which never caps the proxy).  Without the setting nothing changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer, tempDir, writeConfig, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

// One request from a chosen local address: { status, headers, body }.
export function request(server, { path = '/', method = 'GET', headers = {}, body, from = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: server.port, path, method, localAddress: from,
      headers: { ...headers, ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}) },
      agent: false,
    }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

let n = 0;
function comment(server, opts = {}) {
  n += 1;
  const body = new URLSearchParams({
    author: 'Proxy Reader', email: 'reader@example.org', url: '',
    comment: `Through the proxy ${process.pid}-${n}`, comment_parent: '0',
  }).toString();
  return request(server, { ...opts, path: `${SEED}comment`, method: 'POST', body });
}

async function withServer(config, fn) {
  const dir = tempDir();
  const args = config ? ['--config', writeConfig(dir, config)] : [];
  const s = await startServer({ args });
  try {
    await fn(s);
  } finally {
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
  }
}

// Poll the server log for a line (the access log is written after the
// response, so it may trail the client by a moment).
async function logged(s, re) {
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    if (re.test(s.log())) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

test('without trusted_proxies X-Forwarded-For changes nothing', async () => {
  await withServer(null, async (s) => {
    const xff = { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https' };
    assert.equal((await request(s, { path: '/metrics', headers: xff })).status, 200);
    assert.equal((await comment(s, { headers: xff })).status, 303);
    // Same peer, another claimed address: still the same reader.
    assert.equal((await comment(s, { headers: { 'x-forwarded-for': '198.51.100.2' } })).status, 429);
    assert.ok(await logged(s, /127\.0\.0\.1 POST \/2024\/04\/[^ ]+\/comment 303/));
    assert.ok(!/198\.51\.100\.1/.test(s.log()), 'the header never reaches the log');
  });
});

test('a trusted proxy: the rightmost untrusted X-Forwarded-For hop is the client', async () => {
  await withServer('trusted_proxies = 127.0.0.1, 10.0.0.0/8\n', async (s) => {
    // Two readers behind the proxy: separate comment limits.
    assert.equal((await comment(s, { headers: { 'x-forwarded-for': '198.51.100.1' } })).status, 303);
    assert.equal((await comment(s, { headers: { 'x-forwarded-for': '198.51.100.2' } })).status, 303);
    assert.equal((await comment(s, { headers: { 'x-forwarded-for': '198.51.100.1' } })).status, 429);
    // Spoofed chain: what the reader wrote left of its own address is
    // ignored, and trusted hops on the right are skipped.
    const spoof = await comment(s, { headers: { 'x-forwarded-for': '203.0.113.77, 198.51.100.2, 10.1.2.3' } });
    assert.equal(spoof.status, 429, 'limited as 198.51.100.2, not as the forged 203.0.113.77');
    // Two X-Forwarded-For headers count as one list.
    const two = await comment(s, { headers: { 'x-forwarded-for': ['203.0.113.78', '198.51.100.1'] } });
    assert.equal(two.status, 429);
    // An IPv6 reader behind the IPv4 proxy.
    assert.equal((await comment(s, { headers: { 'x-forwarded-for': '2001:db8::1' } })).status, 303);
    assert.equal((await comment(s, { headers: { 'x-forwarded-for': '2001:DB8:0::1' } })).status, 429);
    // Relayed requests are not local, whatever address they claim.
    for (const xff of ['198.51.100.1', '127.0.0.1', '127.0.0.1, 10.0.0.1']) {
      const m = await request(s, { path: '/metrics', headers: { 'x-forwarded-for': xff } });
      assert.equal(m.status, 404, `/metrics relayed for ${xff}`);
    }
    // The proxy itself, asking without X-Forwarded-For, is local.
    assert.equal((await request(s, { path: '/metrics' })).status, 200);
    // The access log names the reader.
    assert.ok(await logged(s, /198\.51\.100\.1 POST \/2024\/04\/[^ ]+\/comment 303/));
    assert.ok(await logged(s, /2001:db8::1 POST /));
    assert.ok(!/203\.0\.113\.77 /.test(s.log()), 'a forged hop is never the client');
  });
});

test('from a peer that is not trusted the headers are ignored', async () => {
  await withServer('trusted_proxies = 127.0.0.1\n', async (s) => {
    const xff = { 'x-forwarded-for': '198.51.100.9' };
    assert.equal((await comment(s, { from: '127.0.0.2', headers: xff })).status, 303);
    assert.equal((await comment(s, { from: '127.0.0.2', headers: { 'x-forwarded-for': '198.51.100.10' } })).status, 429);
    // Loopback but not a proxy: /metrics answers, as without the setting.
    assert.equal((await request(s, { from: '127.0.0.2', path: '/metrics', headers: xff })).status, 200);
    assert.ok(await logged(s, /127\.0\.0\.2 POST /));
    assert.ok(!/198\.51\.100\.9/.test(s.log()));
  });
});

test('X-Forwarded-Proto https from a trusted proxy marks the session cookie Secure', async () => {
  await withServer('trusted_proxies = 127.0.0.1\n', async (s) => {
    const r = await request(s, { path: '/admin/login', headers: { 'x-forwarded-for': '198.51.100.1', 'x-forwarded-proto': 'https' } });
    const cookies = [].concat(r.headers['set-cookie'] || []);
    assert.ok(cookies.length > 0, 'the login form sets its CSRF cookie');
    assert.ok(cookies.every((c) => /; Secure/.test(c)), cookies.join('\n'));
    const plain = await request(s, { from: '127.0.0.2', path: '/admin/login', headers: { 'x-forwarded-proto': 'https' } });
    assert.ok([].concat(plain.headers['set-cookie'] || []).every((c) => !/; Secure/.test(c)));
  });
});

// Open keep-alive connections from one address; resolves with how many
// got an answer to a request sent on each.
async function openConnections(s, from, count) {
  const socks = [];
  const answers = await Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
    const sock = net.connect({ port: s.port, host: '127.0.0.1', localAddress: from });
    socks.push(sock);
    let got = '';
    sock.setEncoding('latin1');
    sock.on('connect', () => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    sock.on('data', (d) => { got += d; if (/^HTTP\/1\.1 200/.test(got)) resolve(1); });
    sock.on('close', () => resolve(0));
    sock.on('error', () => resolve(0));
  })));
  return { ok: answers.reduce((a, b) => a + b, 0), close: () => socks.forEach((x) => x.destroy()) };
}

test('the per-address connection cap never caps a trusted proxy', async () => {
  await withServer('trusted_proxies = 127.0.0.1\nconnections_per_ip = 2\n', async (s) => {
    const proxy = await openConnections(s, '127.0.0.1', 6);
    assert.equal(proxy.ok, 6, 'the proxy keeps all its connections');
    const reader = await openConnections(s, '127.0.0.2', 4);
    assert.equal(reader.ok, 2, 'anyone else is capped');
    proxy.close();
    reader.close();
  });
});
