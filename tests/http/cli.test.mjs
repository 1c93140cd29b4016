// The command line: version, help, errors that print one line and exit
// non-zero, environment overrides, --demo only on an empty data dir,
// graceful stop on SIGTERM/SIGINT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { run, startServer, tempDir, writeConfig, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { PG_DIR } from '../lib/nutgraf.mjs';

const SEED_PATH = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

function oneLine(s) {
  return s.trim().split('\n').filter((l) => l.startsWith('nutgraf:'));
}

test('version prints the version', () => {
  const r = run(['version']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^nutgraf \d+\.\d+\.\d+\n$/);
});

test('--help for the program and each command', () => {
  for (const args of [['--help'], ['serve', '--help'], ['init', '--help'], ['version', '--help']]) {
    const r = run(args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /^usage: nutgraf/, args.join(' '));
  }
  assert.match(run(['serve', '--help']).stdout, /--listen ADDR:PORT/);
  assert.match(run(['serve', '--help']).stdout, /--demo/);
});

test('unknown command and unknown option fail with one clear line', () => {
  let r = run(['frobnicate']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /unknown command "frobnicate"/);
  r = run(['serve', '--bogus']);
  assert.notEqual(r.status, 0);
  assert.equal(oneLine(r.stderr).length, 1);
  r = run(['init', '--listen', '127.0.0.1:1']);
  assert.notEqual(r.status, 0);
});

test('a bad config line names the file and line and exits non-zero', () => {
  const dir = tempDir();
  const cfg = writeConfig(dir, '# comment\nlisten = 127.0.0.1:0\nthreads = many\n');
  const r = run(['serve', '--config', cfg, '--data', path.join(dir, 'd')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /nutgraf\.ini:3: threads: "many" is not a number/);
  const cfg2 = writeConfig(dir, 'no_such_key = 1\n');
  const r2 = run(['serve', '--config', cfg2, '--data', path.join(dir, 'd')]);
  assert.notEqual(r2.status, 0);
  assert.match(r2.stderr, /nutgraf\.ini:1: unknown setting "no_such_key"/);
  const r3 = run(['serve', '--config', path.join(dir, 'missing.ini')]);
  assert.notEqual(r3.status, 0);
  assert.match(r3.stderr, /missing\.ini: cannot open/);
});

test('an unwritable data directory is a one-line error', () => {
  const dir = tempDir();
  const file = path.join(dir, 'plainfile');
  writeFileSync(file, 'x');
  // A directory below a regular file cannot exist, even for root.
  const r = run(['serve', '--listen', '127.0.0.1:0', '--data', path.join(file, 'data')]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /^nutgraf: serve: cannot create data directory .*Not a directory\n$/m);
  assert.equal(oneLine(r.stderr).length, 1);
});

test('a bad --listen value is refused', () => {
  for (const bad of ['localhost', '127.0.0.1:99999', '127.0.0.1:']) {
    const r = run(['serve', '--listen', bad, '--data', tempDir()]);
    assert.notEqual(r.status, 0, bad);
    assert.match(r.stderr, /listen/, bad);
  }
});

test('port in use: one clear line, non-zero exit', async () => {
  const blocker = net.createServer();
  await new Promise((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address();
  try {
    const r = run(['serve', '--listen', `127.0.0.1:${port}`, '--data', tempDir()]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port}.*Address already in use`));
  } finally {
    blocker.close();
  }
});

test('init creates the data directory and database', () => {
  const dir = path.join(tempDir(), 'new', 'site');
  const r = run(['init', '--data', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /schema version \d+/);
  // On the PostgreSQL pass the database is the server's, not a file.
  if (!PG_DIR) assert.ok(existsSync(path.join(dir, 'nutgraf.db')));
  // Running it again is harmless.
  assert.equal(run(['init', '--data', dir]).status, 0);
});

test('environment overrides: NUTGRAF_LISTEN and NUTGRAF_DATA', async () => {
  const data = tempDir();
  // --listen from startServer wins over the environment; so check the
  // environment alone with a fixed free port.
  const probe = net.createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  const { spawn } = await import('node:child_process');
  const { BIN } = await import('../lib/nutgraf.mjs');
  const proc = spawn(BIN, ['serve', '--demo'], {
    env: { ...process.env, NUTGRAF_LISTEN: `127.0.0.1:${port}`, NUTGRAF_DATA: data },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  proc.stderr.on('data', (c) => { log += c; });
  try {
    await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(log)), 20000);
      proc.stderr.on('data', () => { if (/serving/.test(log)) { clearTimeout(t); resolve(); } });
    });
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(res.status, 200);
    assert.ok(existsSync(path.join(data, 'nutgraf.db')));
  } finally {
    proc.kill('SIGTERM');
    await new Promise((resolve) => proc.on('exit', resolve));
  }
});

test('--demo fills an empty data dir once; a second start keeps the content', async () => {
  const data = tempDir();
  let s = await startServer({ data });
  let res = await fetch(s.url + SEED_PATH);
  assert.equal(res.status, 200);
  let stopped = await s.stop();
  assert.equal(stopped.code, 0);
  // Without --demo the content is still there (it is in the database).
  s = await startServer({ data, demo: false });
  res = await fetch(s.url + SEED_PATH);
  assert.equal(res.status, 200);
  await s.stop();
  // With --demo again nothing is duplicated or replaced.
  s = await startServer({ data });
  assert.match(s.log(), /already has content/);
  res = await fetch(s.url + '/tag/niger/');
  const html = await res.text();
  const links = html.match(/niger-breaks-off-military-deal-with-us\//g) || [];
  assert.ok(links.length >= 1);
  stopped = await s.stop();
  assert.equal(stopped.code, 0);
});

test('SIGTERM and SIGINT stop the server cleanly', async () => {
  for (const sig of ['SIGTERM', 'SIGINT']) {
    const s = await startServer();
    // A request in flight while the signal arrives still completes.
    const pending = fetch(s.url + '/');
    s.proc.kill(sig);
    const res = await pending.catch(() => null);
    if (res) assert.equal(res.status, 200);
    const { code, log } = await s.stop();
    assert.equal(code, 0, `${sig}: ${log}`);
    assert.match(log, /stopped cleanly/);
    assertNoSanitizerReport(log);
  }
});
