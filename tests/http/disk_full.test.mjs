// The disk filling up under comment writes: a data directory on a small
// tmpfs, nearly filled by another file, takes comments until SQLite
// cannot grow.  Then every post is a 503 with the form and its text kept
// and one clear log line, no acknowledged (303) comment is missing, the
// database passes PRAGMA integrity_check, and once space returns the
// same server takes comments again.  Mounting needs root (CI runs as
// root); anyone else sees the suite skipped with that reason.  SQLite
// only: on PostgreSQL the database's disk is the database server's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PG_DIR, run, sqlIn, startServer, tempDir, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const why = process.getuid?.() !== 0 ? 'mounting a tmpfs needs root'
  : PG_DIR ? 'the PostgreSQL pass: the database is not on this disk' : '';

let mnt;
let s;

function sh(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// Bytes free on the mount.
function avail() {
  return Number(sh('df', ['-B1', '--output=avail', mnt]).trim().split('\n').pop());
}

before(async () => {
  if (why) return;
  mnt = tempDir('nutgraf-full-');
  sh('mount', ['-t', 'tmpfs', '-o', 'size=24m,mode=0750', 'tmpfs', mnt]);
  const data = path.join(mnt, 'data');
  s = await startServer({ data });
  const r = run(['comments', '--data', data, 'settings', 'comment_flood_seconds=0', 'comment_hourly_max=0']);
  assert.equal(r.status, 0, r.stderr);
});

after(async () => {
  if (why) return;
  const { code, log } = await s.stop({ keepData: true });
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
  spawnSync('umount', [mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

async function post(text) {
  const body = new URLSearchParams({ author: 'Full Disk', email: 'amina@example.org', url: '', comment: text, comment_parent: '0' });
  const res = await fetch(s.url + SEED + 'comment', {
    method: 'POST', redirect: 'manual', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  return { status: res.status, retry: res.headers.get('retry-after'), body: await res.text() };
}

test('a full disk: 503s with the text kept, a clear log line, nothing acknowledged lost, an intact database, recovery', { skip: why || false }, async () => {
  // Leave about 256 kB: the first comments fit, then the disk is full.
  const filler = path.join(mnt, 'filler');
  const fill = Math.max(0, avail() - 256 * 1024);
  writeFileSync(filler, Buffer.alloc(fill));
  const acked = [];
  let refused = 0;
  for (let i = 0; i < 2000 && refused < 5; i++) {
    const text = `Disk test ${i} ${'x'.repeat(3000)}`;
    const r = await post(text);
    if (r.status === 303) {
      acked.push(text);
      continue;
    }
    assert.equal(r.status, 503, r.body.slice(0, 300));
    assert.ok(Number(r.retry) > 0, 'Retry-After');
    assert.match(r.body, /could not be saved just now/);
    assert.ok(r.body.includes(`Disk test ${i} `), 'the text is kept in the form');
    refused++;
  }
  assert.ok(acked.length > 0, 'some comments fitted first');
  assert.equal(refused, 5, `the disk never filled (${acked.length} stored)`);
  assert.match(s.log(), /the disk holding the database is full/);
  // The server keeps answering readers.
  assert.equal((await fetch(s.url + '/healthz')).status, 200);

  // Space returns: the same server takes comments again.
  rmSync(filler);
  const back = await post(`After the space came back ${'y'.repeat(100)}`);
  assert.equal(back.status, 303, back.body.slice(0, 300));

  // Every acknowledged comment is stored, and the file is sound.
  const stored = new Set(sqlIn(s.dataDir, "SELECT body FROM comments WHERE body LIKE 'Disk test %'").split('\n'));
  const lost = acked.filter((t) => !stored.has(t));
  assert.deepEqual(lost.map((t) => t.slice(0, 14)), [], 'acknowledged but not stored');
  assert.equal(sqlIn(s.dataDir, 'PRAGMA integrity_check'), 'ok');
});
