// Backups, restores, checks and upgrades: `nutgraf backup`
// taken while 50 comments are being written restores to a site with
// every comment acknowledged before it began; restore refuses a data
// directory in use and a damaged backup (leaving nothing behind);
// `nutgraf check` names what to fix; a binary older than the database's
// schema refuses to start and changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { BIN, PG_DIR, startServer, tempDir, run, sqlIn, dropDbFor, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

// `nutgraf backup` and `restore` copy an SQLite site; on PostgreSQL
// the database is copied with PostgreSQL's own tools (docs/deployment.md).
const SQLITE_ONLY = PG_DIR ? 'backup/restore copy SQLite sites; PostgreSQL uses pg_dump (tested below)' : false;

// The text of every comment of a data directory (the CLI's list).
function comments(dataDir) {
  const texts = [];
  for (let offset = 0; ; offset += 100) {
    const r = run(['comments', '--data', dataDir, 'list', '--status', 'all', '--limit', '100', '--offset', String(offset)]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l && !l.startsWith('#'));
    texts.push(...lines.map((l) => l.split('\t')[8]));
    if (lines.length < 100) return texts;
  }
}

function runAsync(args) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

function post(s, text) {
  const body = new URLSearchParams({ author: 'Backup Reader', email: 'amina@example.org', url: '', comment: text, comment_parent: '0' });
  return fetch(s.url + `${SEED}comment`, { method: 'POST', redirect: 'manual', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

test('backup during 50 concurrent comment writes restores every acknowledged comment', { skip: SQLITE_ONLY }, async () => {
  const s = await startServer();
  const work = tempDir();
  try {
    const r = run(['comments', '--data', s.dataDir, 'settings', 'comment_flood_seconds=0', 'comment_hourly_max=0']);
    assert.equal(r.status, 0, r.stderr);
    // A media file (as an upload leaves them) goes along.
    mkdirSync(path.join(s.dataDir, 'media', '0123456789abcdef'), { recursive: true });
    const jpeg = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
    writeFileSync(path.join(s.dataDir, 'media', '0123456789abcdef', '640.jpg'), jpeg);

    const tag = `backup-${process.pid}`;
    const acked = [];	// { text, at }
    let backupStarted = Infinity;
    let backup;
    const writes = Array.from({ length: 50 }, (_, i) => (async () => {
      const res = await post(s, `${tag} comment ${i}`);
      await res.text();
      if (res.status === 303) acked.push({ text: `${tag} comment ${i}`, at: performance.now() });
      // Start the backup in the middle of the writes.
      if (acked.length === 15 && !backup) {
        backupStarted = performance.now();
        backup = runAsync(['backup', '--data', s.dataDir, path.join(work, 'bk')]);
      }
    })());
    await Promise.all(writes);
    assert.ok(backup, 'the backup started while comments were being written');
    const b = await backup;
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /backup complete/);
    assert.equal(acked.length, 50, 'every write was acknowledged');

    const manifest = readFileSync(path.join(work, 'bk', 'MANIFEST'), 'utf8');
    assert.match(manifest, /^nutgraf-backup 1 schema \d+\n\d+\tnutgraf\.db\n/);
    assert.match(manifest, /\n5000\tmedia\/0123456789abcdef\/640\.jpg\n/);

    // Restore into a new data directory and look.
    const restored = path.join(work, 'restored');
    const rr = run(['restore', '--data', restored, path.join(work, 'bk')]);
    assert.equal(rr.status, 0, rr.stderr);
    assert.match(rr.stdout, /integrity ok/);
    assert.deepEqual(readFileSync(path.join(restored, 'media', '0123456789abcdef', '640.jpg')), jpeg);
    const have = new Set(comments(restored));
    const before = acked.filter((a) => a.at < backupStarted);
    assert.ok(before.length >= 15);
    for (const a of before) assert.ok(have.has(a.text), `acknowledged before the backup, missing: ${a.text}`);
    for (const t of have) if (t.startsWith(tag)) assert.ok(acked.some((a) => a.text === t), `unknown comment ${t}`);

    // The restored site serves those comments.
    const t = await startServer({ data: restored, demo: false });
    try {
      const page = await (await fetch(t.url + SEED)).text();
      assert.ok(page.includes(before[0].text), 'restored comment on the article page');
    } finally {
      await t.stop();
    }

    // Restore refuses a directory in use, and a damaged backup.
    const again = run(['restore', '--data', restored, path.join(work, 'bk')]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /is not empty/);
    truncateSync(path.join(work, 'bk', 'media', '0123456789abcdef', '640.jpg'), 100);
    const damaged = path.join(work, 'damaged');
    const d = run(['restore', '--data', damaged, path.join(work, 'bk')]);
    assert.equal(d.status, 1);
    assert.match(d.stderr, /backup damaged: .*640\.jpg has another size/);
    assert.deepEqual(existsSync(damaged) ? readdirSync(damaged) : [], [], 'nothing left behind');
    // A second backup into the same place is refused.
    const twice = run(['backup', '--data', s.dataDir, path.join(work, 'bk')]);
    assert.equal(twice.status, 1);
  } finally {
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
    rmSync(work, { recursive: true, force: true });
  }
});

test('on PostgreSQL, backup and restore refuse and name pg_dump and pg_restore', { skip: !PG_DIR && 'runs on the PostgreSQL pass' }, async () => {
  const work = tempDir();
  const data = path.join(work, 'data');
  try {
    assert.equal(run(['init', '--data', data]).status, 0);
    const b = run(['backup', '--data', data, path.join(work, 'bk')]);
    assert.equal(b.status, 1);
    assert.match(b.stderr, /PostgreSQL: back it up with pg_dump/);
    assert.ok(!existsSync(path.join(work, 'bk')), 'nothing written');
    const r = run(['restore', '--data', data, path.join(work, 'bk')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /pg_restore/);
  } finally {
    rmSync(work, { recursive: true, force: true });
    dropDbFor(data);
  }
});

test('nutgraf check says what to fix and exits 1 until it is fixed', async () => {
  const work = tempDir();
  const data = path.join(work, 'data');
  try {
    assert.equal(run(['init', '--data', data]).status, 0);
    let r = run(['check', '--data', data]);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /ok: database integrity/);
    assert.match(r.stdout, /all good/);

    chmodSync(data, 0o755);
    r = run(['check', '--data', data]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /FIX: .* open to other users .*chmod o-rwx/);
    chmodSync(data, 0o750);

    sqlIn(data, "INSERT INTO media (path, mime, created_at) VALUES ('ffffffffffffffff/640.jpg', 'image/jpeg', 0)");
    r = run(['check', '--data', data]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /FIX: media file .*ffffffffffffffff\/640\.jpg is missing/);
    sqlIn(data, 'DELETE FROM media');

    const cfg = path.join(work, 'bad.conf');
    writeFileSync(cfg, `data = ${data}\ntrusted_proxies = 10.0.0.0/99\ntls_cert = /nonexistent.pem\n`);
    r = run(['check', '--config', cfg]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /FIX: trusted_proxies: "10\.0\.0\.0\/99"/);
    assert.match(r.stdout, /FIX: tls_cert and tls_key go together/);

    r = run(['check', '--data', path.join(work, 'nowhere')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /FIX: data directory .* does not exist/);
  } finally {
    rmSync(work, { recursive: true, force: true });
    dropDbFor(data);
    dropDbFor(path.join(work, 'nowhere'));
  }
});

test('a binary older than the database schema refuses to start and changes nothing', async () => {
  const work = tempDir();
  const data = path.join(work, 'data');
  try {
    assert.equal(run(['init', '--data', data]).status, 0);
    sqlIn(data, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'from_the_future', 0)");
    // SQLite: the file's bytes; PostgreSQL: every table's rows.
    const sum = () => PG_DIR
      ? sqlIn(data, "SELECT string_agg(t || '=' || c, ' ' ORDER BY t) FROM (SELECT table_name AS t, (xpath('/row/c/text()', query_to_xml('SELECT count(*) AS c FROM ' || quote_ident(table_name), false, true, '')))[1]::text AS c FROM information_schema.tables WHERE table_schema = 'public') x") +
        sqlIn(data, 'SELECT version, name FROM schema_migrations ORDER BY version')
      : createHash('sha256').update(readFileSync(path.join(data, 'nutgraf.db'))).digest('hex');
    const before = sum();
    const r = run(['serve', '--data', data, '--listen', '127.0.0.1:0']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /database schema version 9999 is newer than this nutgraf knows \(\d+\).*nothing was changed/);
    assert.equal(sum(), before, 'the database is untouched');
    const c = run(['check', '--data', data]);
    assert.equal(c.status, 1);
    assert.match(c.stdout, /FIX: database schema 9999 is newer/);
    assert.ok(!existsSync(path.join(data, 'backups')), 'no upgrade copy for a downgrade');
  } finally {
    rmSync(work, { recursive: true, force: true });
    dropDbFor(data);
  }
});
