// The shipped nginx site (contrib/nginx/nutgraf.conf) in front
// of a real nutgraf: Debian's nginx runs that file with only its ports,
// certificate and paths changed, on loopback with a self-signed
// certificate.  Readers connect from 127.0.0.2 and 127.0.0.3, so nginx
// sets X-Forwarded-For from their real addresses.  Checked: separate
// comment limits per reader, /metrics refused through the proxy, TLS,
// HTTP/2, ETag/304 and nutgraf's own compressed bodies passed through,
// the redirect and the ACME webroot on plain HTTP, Secure cookies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { startServer, tempDir, writeConfig, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const NGINX = '/usr/sbin/nginx';

let dir, s, nginx, httpsPort, httpPort, ca, nginxLog = '';

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
}

async function waitPort(port) {
  const end = Date.now() + 15000;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on ${port}:\n${nginxLog}`);
}

// The shipped site with test ports and paths; nothing else changes.
function siteConfig(upstreamPort) {
  let site = readFileSync(path.join(root, 'contrib', 'nginx', 'nutgraf.conf'), 'utf8');
  const swap = (from, to) => {
    assert.ok(site.includes(from), `the shipped config has ${from}`);
    site = site.replaceAll(from, to);
  };
  swap('server 127.0.0.1:8080;', `server 127.0.0.1:${upstreamPort};`);
  swap('listen [::]:80;', '');
  swap('listen [::]:443 ssl http2;', '');
  swap('listen 80;', `listen 127.0.0.1:${httpPort};`);
  swap('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  swap('/etc/letsencrypt/live/news.example.org/fullchain.pem', path.join(dir, 'cert.pem'));
  swap('/etc/letsencrypt/live/news.example.org/privkey.pem', path.join(dir, 'key.pem'));
  swap('root /var/www/letsencrypt;', `root ${path.join(dir, 'acme')};`);
  return site;
}

before(async () => {
  dir = tempDir('nutgraf-nginx-');
  const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=news.example.org', '-addext', 'subjectAltName=DNS:news.example.org,IP:127.0.0.1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { encoding: 'utf8' });
  assert.equal(ssl.status, 0, ssl.stderr);
  ca = readFileSync(path.join(dir, 'cert.pem'));
  mkdirSync(path.join(dir, 'acme', '.well-known', 'acme-challenge'), { recursive: true });
  writeFileSync(path.join(dir, 'acme', '.well-known', 'acme-challenge', 'tok3n'), 'tok3n.thumbprint');
  mkdirSync(path.join(dir, 'tmp'));

  s = await startServer({ args: ['--config', writeConfig(dir, 'trusted_proxies = 127.0.0.1\nidle_timeout = 75\n')] });
  httpPort = await freePort();
  httpsPort = await freePort();
  writeFileSync(path.join(dir, 'site.conf'), siteConfig(s.port));
  const tmp = (n) => `${n}_temp_path ${path.join(dir, 'tmp', n)};`;
  writeFileSync(path.join(dir, 'nginx.conf'), [
    process.getuid() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    `  ${tmp('client_body')} ${tmp('proxy')} ${tmp('fastcgi')} ${tmp('uwsgi')} ${tmp('scgi')}`,
    `  include ${path.join(dir, 'site.conf')};`,
    '}',
  ].join('\n'));
  const t = spawnSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { encoding: 'utf8' });
  assert.equal(t.status, 0, `nginx -t: ${t.stderr}`);
  nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stderr.on('data', (c) => { nginxLog += c; });
  await waitPort(httpsPort);
  await waitPort(httpPort);
});

after(async () => {
  if (nginx && nginx.exitCode === null) {
    const gone = new Promise((r) => nginx.on('exit', r));
    nginx.kill('SIGQUIT');
    await gone;
  }
  if (s) {
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
  }
  rmSync(dir, { recursive: true, force: true });
});

// One HTTPS request through nginx from a chosen loopback address.
function get(p, { from = '127.0.0.2', method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: '127.0.0.1', port: httpsPort, path: p, method, ca, localAddress: from, agent: false,
      headers: { host: 'news.example.org', ...headers, ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

let n = 0;
function comment(from) {
  n += 1;
  const body = new URLSearchParams({ author: 'Nginx Reader', email: 'reader@example.org', url: '', comment: `Behind nginx ${process.pid}-${n}`, comment_parent: '0' }).toString();
  return get(`${SEED}comment`, { from, method: 'POST', body });
}

test('two readers behind nginx get separate comment limits', async () => {
  assert.equal((await comment('127.0.0.2')).status, 303);
  assert.equal((await comment('127.0.0.3')).status, 303);
  assert.equal((await comment('127.0.0.2')).status, 429, 'the first reader is limited');
  // nutgraf logged the readers, not the proxy.
  assert.match(s.log(), /127\.0\.0\.2 POST \/2024\/04\/[^ ]+\/comment 303/);
  assert.match(s.log(), /127\.0\.0\.3 POST \/2024\/04\/[^ ]+\/comment 303/);
});

test('/metrics through nginx is refused, even to a loopback reader', async () => {
  for (const from of ['127.0.0.2', '127.0.0.1']) {
    const r = await get('/metrics', { from });
    assert.equal(r.status, 404, `from ${from}`);
    assert.ok(!r.body.toString().includes('nutgraf_'), 'no metrics in the body');
  }
  // Directly, on loopback, it answers.
  assert.equal((await fetch(`${s.url}/metrics`)).status, 200);
});

test('ETag, 304 and nutgraf\'s brotli body pass through nginx untouched', async () => {
  const direct = await new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: s.port, path: SEED, headers: { 'accept-encoding': 'br' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
  const r = await get(SEED, { headers: { 'accept-encoding': 'br' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-encoding'], 'br');
  assert.equal(r.headers.etag, direct.headers.etag, 'the same strong ETag');
  assert.ok(!r.headers.etag.startsWith('W/'), 'not weakened by nginx');
  assert.deepEqual(r.body, direct.body, 'the very bytes nutgraf compressed');
  assert.match(zlib.brotliDecompressSync(r.body).toString(), /<html/);
  const again = await get(SEED, { headers: { 'accept-encoding': 'br', 'if-none-match': r.headers.etag } });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  assert.match(r.headers['strict-transport-security'] || '', /max-age=/);
});

test('HTTP/2 over TLS to nginx', async () => {
  const client = http2.connect(`https://127.0.0.1:${httpsPort}`, { ca, localAddress: '127.0.0.3' });
  try {
    const res = await new Promise((resolve, reject) => {
      const req = client.request({ ':path': '/', host: 'news.example.org' });
      let body = '';
      let status;
      req.on('response', (h) => { status = h[':status']; });
      req.setEncoding('utf8');
      req.on('data', (c) => { body += c; });
      req.on('end', () => resolve({ status, body }));
      req.on('error', reject);
      req.end();
    });
    assert.equal(res.status, 200);
    assert.match(res.body, /<html/);
  } finally {
    client.close();
  }
});

test('plain HTTP: ACME challenges from the webroot, a redirect for everything else', async () => {
  const plain = (p) => new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: httpPort, path: p, headers: { host: 'news.example.org' } }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
  const acme = await plain('/.well-known/acme-challenge/tok3n');
  assert.equal(acme.status, 200);
  assert.equal(acme.body, 'tok3n.thumbprint');
  const r = await plain(SEED);
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, `https://news.example.org${SEED}`);
});

test('behind TLS at nginx the newsroom\'s cookies are Secure', async () => {
  const r = await get('/admin/login');
  const cookies = [].concat(r.headers['set-cookie'] || []);
  assert.ok(cookies.length > 0);
  for (const c of cookies) assert.match(c, /; Secure/);
});
