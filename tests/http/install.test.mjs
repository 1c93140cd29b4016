// Installing: nutgraf(1) documents every command `nutgraf
// --help` lists and every key the config parser knows (both lists read
// from the code, not written here); `make install` honours PREFIX and
// DESTDIR, fills in the unit's paths, and never overwrites the
// operator's config; the shipped config and unit are valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, PG_DIR, run, tempDir, dbPath, dropDbFor } from '../lib/nutgraf.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const man = readFileSync(path.join(root, 'doc', 'nutgraf.1'), 'utf8');

function helpCommands() {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  const list = r.stdout.split('commands:')[1];
  return [...list.matchAll(/^ {2}([a-z][a-z-]*) /gm)].map((m) => m[1]);
}

function configKeys() {
  const src = readFileSync(path.join(root, 'src', 'core', 'config.c'), 'utf8');
  const table = src.slice(src.indexOf('keys[] = {'), src.indexOf('};', src.indexOf('keys[] = {')));
  return [...table.matchAll(/\{\s*"([a-z_]+)",\s*KEY_/g)].map((m) => m[1]);
}

test('nutgraf(1) covers every command and every config key', () => {
  const cmds = helpCommands();
  assert.ok(cmds.length >= 10 && cmds.includes('serve') && cmds.includes('backup'), cmds.join(' '));
  for (const c of cmds) assert.match(man, new RegExp(`^\\.It Cm ${c}\\b`, 'm'), `command ${c} is not in nutgraf(1)`);
  const keys = configKeys();
  assert.ok(keys.length >= 20 && keys.includes('trusted_proxies'), keys.join(' '));
  for (const k of keys) assert.match(man, new RegExp(`^\\.It Cm ${k} Ns`, 'm'), `config key ${k} is not in nutgraf(1)`);
  // Every key the page documents is one the parser accepts.
  for (const m of man.matchAll(/^\.It Cm ([a-z_]+) Ns = /gm)) assert.ok(keys.includes(m[1]), `nutgraf(1) documents unknown key ${m[1]}`);
  // And it renders without complaint.
  const g = spawnSync('groff', ['-mdoc', '-Tutf8', '-ww', '-z', path.join(root, 'doc', 'nutgraf.1')], { encoding: 'utf8' });
  assert.equal(g.status, 0);
  assert.equal(g.stderr, '');
});

test('the shipped config is accepted by nutgraf check', () => {
  const dir = tempDir();
  try {
    const cfg = readFileSync(path.join(root, 'contrib', 'nutgraf.conf'), 'utf8')
      .replace('data = /var/lib/nutgraf', `data = ${dir}/data`);
    writeFileSync(path.join(dir, 'nutgraf.conf'), cfg);
    assert.equal(run(['init', '--data', `${dir}/data`]).status, 0);
    // On the PostgreSQL pass the database is named beside the config,
    // as an operator's environment would (NUTGRAF_DB).
    const env = PG_DIR ? { NUTGRAF_DB: dbPath(`${dir}/data`) } : {};
    const r = run(['check', '--config', path.join(dir, 'nutgraf.conf')], { env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    if (PG_DIR) assert.match(r.stdout, /ok: database integrity \(PostgreSQL/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    dropDbFor(`${dir}/data`);
  }
});

test('make install honours PREFIX and DESTDIR and keeps the operator\'s config', () => {
  const dest = tempDir();
  const build = path.relative(root, path.dirname(BIN));
  const make = () => spawnSync('make', ['-s', 'install', `DESTDIR=${dest}`, 'PREFIX=/opt/ng', `BUILD=${build}`], { cwd: root, encoding: 'utf8' });
  try {
    let r = make();
    assert.equal(r.status, 0, r.stderr);
    const bin = path.join(dest, 'opt/ng/bin/nutgraf');
    assert.ok(statSync(bin).mode & 0o111, 'the binary is executable');
    assert.equal(spawnSync(bin, ['version'], { encoding: 'utf8' }).status, 0);
    assert.ok(existsSync(path.join(dest, 'opt/ng/share/man/man1/nutgraf.1')));
    assert.ok(existsSync(path.join(dest, 'opt/ng/share/nutgraf/themes/default')));
    assert.ok(existsSync(path.join(dest, 'opt/ng/share/nutgraf/contrib/nginx/nutgraf.conf')));
    const unit = readFileSync(path.join(dest, 'opt/ng/lib/systemd/system/nutgraf.service'), 'utf8');
    assert.match(unit, /^ExecStart=\/opt\/ng\/bin\/nutgraf serve --config \/etc\/nutgraf\/nutgraf\.conf$/m);
    assert.ok(!/@[A-Z]+@/.test(unit), 'every placeholder filled in');
    const conf = path.join(dest, 'etc/nutgraf/nutgraf.conf');
    assert.equal(readFileSync(conf, 'utf8'), readFileSync(path.join(root, 'contrib/nutgraf.conf'), 'utf8'));
    // An upgrade leaves the operator's edits alone.
    writeFileSync(conf, 'listen = 127.0.0.1:9999\n');
    r = make();
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(conf, 'utf8'), 'listen = 127.0.0.1:9999\n');
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
});

test('the systemd unit is sandboxed: systemd-analyze security rates it 2.0 or better', (t) => {
  const probe = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) { t.skip('no systemd-analyze'); return; }
  const dir = tempDir();
  try {
    const unit = readFileSync(path.join(root, 'contrib', 'nutgraf.service.in'), 'utf8')
      .replaceAll('@BINDIR@', '/usr/bin').replaceAll('@SYSCONFDIR@', '/etc');
    const file = path.join(dir, 'nutgraf.service');
    writeFileSync(file, unit);
    const r = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', file], { encoding: 'utf8' });
    const m = /Overall exposure level for nutgraf\.service: (\d+\.\d+)/.exec(r.stdout);
    assert.ok(m, r.stdout + r.stderr);
    assert.ok(Number(m[1]) <= 2.0, `exposure ${m[1]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
