// TLS without a proxy: tls_cert and tls_key with a
// self-signed certificate, checked with curl --cacert; HSTS on every
// response; the plain-HTTP redirect listener (301 to https, ACME
// challenges answered from acme_webroot, a forged Host refused); the
// challenge files on the main listener too; a key that is not the
// certificate's, and half a pair, refused at start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { startServer, tempDir, writeConfig, run, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { selfSigned } from '../lib/tls.mjs';

let dir, s, redirectPort;

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
}

function curl(args) {
  const r = spawnSync('curl', ['-sS', '--max-time', '10', ...args], { encoding: 'utf8' });
  return r;
}

before(async () => {
  dir = tempDir('nutgraf-tls-');
  const { cert, key } = selfSigned(dir);
  mkdirSync(path.join(dir, 'acme', '.well-known', 'acme-challenge'), { recursive: true });
  writeFileSync(path.join(dir, 'acme', '.well-known', 'acme-challenge', 'Tok_en-1'), 'Tok_en-1.key-authorization');
  redirectPort = await freePort();
  s = await startServer({ args: ['--config', writeConfig(dir, [
    `tls_cert = ${cert}`, `tls_key = ${key}`, `tls_redirect = 127.0.0.1:${redirectPort}`,
    `acme_webroot = ${path.join(dir, 'acme')}`, '',
  ].join('\n'))] });
});

after(async () => {
  if (s) {
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('HTTPS with a self-signed certificate: curl --cacert trusts it, and every answer carries HSTS', () => {
  assert.match(s.url, /^https:/);
  const r = curl(['--cacert', path.join(dir, 'cert.pem'), '-D', '-', '-o', '/dev/null', `${s.url}/`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^HTTP\/1\.1 200/);
  assert.match(r.stdout, /\r\nstrict-transport-security: max-age=31536000\r\n/i);
  const page = curl(['--cacert', path.join(dir, 'cert.pem'), `${s.url}/`]);
  assert.match(page.stdout, /<html/);
  // A 404 too, and a cached page the second time.
  const nf = curl(['--cacert', path.join(dir, 'cert.pem'), '-D', '-', '-o', '/dev/null', `${s.url}/no/such/page/`]);
  assert.match(nf.stdout, /^HTTP\/1\.1 404/);
  assert.match(nf.stdout, /strict-transport-security/i);
  // Without the CA, curl refuses: it really is TLS with that certificate.
  const strict = curl([`${s.url}/`]);
  assert.notEqual(strict.status, 0);
  // Plain HTTP to the TLS port gets no page.
  const plain = curl(['-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${s.port}/`]);
  assert.notEqual(plain.stdout, '200');
});

test('the newsroom\'s cookies are Secure over TLS', () => {
  const r = curl(['--cacert', path.join(dir, 'cert.pem'), '-D', '-', '-o', '/dev/null', `${s.url}/admin/login`]);
  const cookies = r.stdout.split('\r\n').filter((l) => /^set-cookie:/i.test(l));
  assert.ok(cookies.length > 0);
  for (const c of cookies) assert.match(c, /; Secure/);
});

function plainGet(p, host = 'news.example.org') {
  return new Promise((resolve, reject) => {
    const headers = host === null ? {} : { host };
    http.get({ host: '127.0.0.1', port: redirectPort, path: p, headers, setHost: host !== null }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

test('the plain-HTTP listener redirects to https and answers ACME challenges', async () => {
  const r = await plainGet('/2024/04/some-article/?utm=x');
  assert.equal(r.status, 301);
  assert.equal(r.headers.location, `https://news.example.org:${s.port}/2024/04/some-article/?utm=x`);
  const withPort = await plainGet('/', 'news.example.org:80');
  assert.equal(withPort.headers.location, `https://news.example.org:${s.port}/`);
  const acme = await plainGet('/.well-known/acme-challenge/Tok_en-1');
  assert.equal(acme.status, 200);
  assert.equal(acme.body, 'Tok_en-1.key-authorization');
  for (const bad of ['/.well-known/acme-challenge/missing', '/.well-known/acme-challenge/..%2fsecret', '/.well-known/acme-challenge/a.b']) {
    assert.equal((await plainGet(bad)).status, 404, bad);
  }
  // A Host that could forge the Location is refused (no base_url set).
  assert.equal((await plainGet('/', 'evil.example/@x')).status, 400);
  assert.equal((await plainGet('/', 'a b')).status, 400);
});

test('the main listener serves ACME challenges too (first certificate, renewals)', () => {
  const r = curl(['--cacert', path.join(dir, 'cert.pem'), `${s.url}/.well-known/acme-challenge/Tok_en-1`]);
  assert.equal(r.stdout, 'Tok_en-1.key-authorization');
  const miss = curl(['--cacert', path.join(dir, 'cert.pem'), '-o', '/dev/null', '-w', '%{http_code}', `${s.url}/.well-known/acme-challenge/nope`]);
  assert.equal(miss.stdout, '404');
});

test('a key that is not the certificate\'s, or half a pair, stops the start with a clear message', () => {
  const other = selfSigned(dir, 'other');
  let cfg = writeConfig(dir, `tls_cert = ${path.join(dir, 'cert.pem')}\ntls_key = ${other.key}\n`);
  let r = run(['serve', '--config', cfg, '--listen', '127.0.0.1:0', '--data', path.join(dir, 'd1')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /other\.key is not the key of .*cert\.pem/);
  cfg = writeConfig(dir, `tls_cert = ${path.join(dir, 'cert.pem')}\n`);
  r = run(['serve', '--config', cfg, '--listen', '127.0.0.1:0', '--data', path.join(dir, 'd2')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /tls_cert and tls_key go together/);
});
