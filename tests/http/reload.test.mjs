// Running under systemd: READY=1 on NOTIFY_SOCKET once the
// store is open and the port bound, RELOADING=1/READY=1 around a
// reload, STOPPING=1 at the end; SIGHUP re-reads the config and the
// theme while a keep-alive connection stays open and serves the new
// theme on the same socket; keys that need a restart say so; a broken
// config or theme is refused and the old one keeps serving; over TLS a
// new certificate is used for new connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync, appendFileSync, copyFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, tempDir, until, writeConfig, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { selfSigned } from '../lib/tls.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// A datagram listener on a unix socket (node's dgram has none):
// Debian's python prints each datagram received as one JSON line.
function notifyListener(sockPath) {
  const py = spawn('/usr/bin/python3', ['-u', '-c', [
    'import socket, sys, json',
    's = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)',
    `s.bind(${JSON.stringify(sockPath)})`,
    'print(json.dumps("listening"), flush=True)',
    'while True:',
    '    print(json.dumps(s.recv(4096).decode()), flush=True)',
  ].join('\n')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const got = [];
  let buf = '';
  py.stdout.setEncoding('utf8');
  py.stdout.on('data', (c) => {
    buf += c;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) { got.push(JSON.parse(buf.slice(0, i))); buf = buf.slice(i + 1); }
  });
  return { got, stop: () => py.kill() };
}

test('READY=1 after start, SIGHUP reloads config and theme on a connection that stays open', async () => {
  const dir = tempDir();
  const sock = path.join(dir, 'notify.sock');
  const n = notifyListener(sock);
  await until('the notify listener', () => n.got.includes('listening'));
  const theme = path.join(dir, 'theme');
  cpSync(path.join(root, 'themes', 'default'), theme, { recursive: true });
  const cfg = writeConfig(dir, `theme = ${theme}\n`);
  const s = await startServer({ args: ['--config', cfg], env: { NOTIFY_SOCKET: sock } });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (p) => new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: s.port, path: p, agent }, (res) => {
      const port = res.socket.localPort;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body, port }));
    }).on('error', reject);
  });
  try {
    await until('READY=1', () => n.got.some((m) => /^READY=1/.test(m)));
    assert.match(s.log(), /serving/, 'READY=1 came once serving');
    const before = await get('/');
    assert.equal(before.status, 200);
    assert.ok(!before.body.includes('reloaded-theme-marker'));

    // New theme, a live key (log_format), and a restart-only key.
    appendFileSync(path.join(theme, 'partials', 'footer.mustache'), '<!-- reloaded-theme-marker -->\n');
    writeFileSync(cfg, `theme = ${theme}\nlog_format = json\nthreads = 3\n`);
    s.proc.kill('SIGHUP');
    await until('the reload', () => /reloaded/.test(s.log()));
    await until('READY=1 after the reload', () => n.got.filter((m) => /^READY=1/.test(m)).length >= 2);
    assert.ok(n.got.includes('RELOADING=1'));
    assert.match(s.log(), /reload: threads changed; it takes effect at the next restart/);
    const after = await get('/');
    assert.equal(after.status, 200);
    assert.ok(after.body.includes('reloaded-theme-marker'), 'the new theme, cached page dropped');
    assert.equal(after.port, before.port, 'the same connection');
    await until('json log lines', () => /\{"time":"[^"]+","level":"info","msg":"request"/.test(s.log()));

    // A broken config and a broken theme are refused; the old ones serve.
    writeFileSync(cfg, `theme = ${theme}\nno_such_key = 1\n`);
    s.proc.kill('SIGHUP');
    await until('the refusal', () => /still running with the old one/.test(s.log()));
    writeFileSync(cfg, `theme = ${path.join(dir, 'no-theme')}\nlog_format = json\n`);
    s.proc.kill('SIGHUP');
    await until('the second refusal', () => (s.log().match(/still running with the old one/g) || []).length >= 2);
    const still = await get('/');
    assert.equal(still.status, 200);
    assert.ok(still.body.includes('reloaded-theme-marker'));
  } finally {
    agent.destroy();
    const { code, log } = await s.stop();
    assert.equal(code, 0);
    assertNoSanitizerReport(log);
    await until('STOPPING=1', () => n.got.includes('STOPPING=1'));
    n.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('over TLS a reload puts a renewed certificate in place for new connections', async () => {
  const dir = tempDir();
  const a = selfSigned(dir, 'a');
  const b = selfSigned(dir, 'b');
  copyFileSync(a.cert, path.join(dir, 'live.pem'));
  copyFileSync(a.key, path.join(dir, 'live.key'));
  const s = await startServer({ args: ['--config', writeConfig(dir,
    `tls_cert = ${path.join(dir, 'live.pem')}\ntls_key = ${path.join(dir, 'live.key')}\n`)] });
  const curl = (ca) => spawnSync('curl', ['-sS', '--max-time', '10', '-o', '/dev/null', '-w', '%{http_code}', '--cacert', ca, `${s.url}/`], { encoding: 'utf8' });
  try {
    assert.equal(curl(a.cert).stdout, '200');
    assert.notEqual(curl(b.cert).stdout, '200');
    // certbot renewed: new files, then systemctl reload.
    copyFileSync(b.cert, path.join(dir, 'live.pem'));
    copyFileSync(b.key, path.join(dir, 'live.key'));
    s.proc.kill('SIGHUP');
    await until('the reload', () => /reloaded/.test(s.log()));
    assert.equal(curl(b.cert).stdout, '200');
    assert.notEqual(curl(a.cert).stdout, '200');
    // A key that does not match is refused; the renewed pair stays.
    copyFileSync(a.key, path.join(dir, 'live.key'));
    s.proc.kill('SIGHUP');
    await until('the refusal', () => /is not the key of/.test(s.log()));
    assert.equal(curl(b.cert).stdout, '200');
  } finally {
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
    rmSync(dir, { recursive: true, force: true });
  }
});
