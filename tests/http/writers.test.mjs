// Writes run on writer threads, not on the threads that serve readers:
// with one serving thread, a comment that waits for the database's write
// lock (held here by another process) leaves a reader answered at once,
// and the comment is saved and acknowledged once the lock is free.
// SQLite only: the lock is taken with the sqlite3 shell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, assertNoSanitizerReport, run, tempDir, writeConfig, PG_DIR } from '../lib/nutgraf.mjs';

const A = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

// Hold SQLite's write lock on db until release() is called.
async function holdWriteLock(db) {
  const p = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.setEncoding('utf8');
  await new Promise((resolve, reject) => {
    p.stdout.on('data', (c) => {
      out += c;
      if (out.includes('locked')) resolve();
    });
    p.on('exit', (code) => reject(new Error(`sqlite3 exited (${code})`)));
    p.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  });
  return () => new Promise((resolve) => {
    p.removeAllListeners('exit');
    p.on('exit', resolve);
    p.stdin.end('COMMIT;\n');
  });
}

test('a comment waiting for the write lock does not hold readers', { skip: PG_DIR ? 'SQLite only' : false }, async () => {
  const dir = tempDir();
  const conf = writeConfig(dir, 'threads = 1\n');
  const s = await startServer({ args: ['--config', conf] });
  let release = null;
  try {
    const r = run(['comments', '--data', s.dataDir, 'settings', 'comment_flood_seconds=0', 'comment_hourly_max=0']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal((await fetch(`${s.url}${A}`)).status, 200);
    const text = `Written while locked ${process.pid}-${Date.now()}`;
    release = await holdWriteLock(s.db);
    let settled = false;
    const post = fetch(`${s.url}${A}comment`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        author: 'Locked Reader', email: 'locked@example.org', url: '', comment: text, comment_parent: '0',
      }).toString(),
    }).finally(() => { settled = true; });
    // The comment is now waiting for the lock (up to the store's busy
    // timeout); readers are served meanwhile, cached page or not.
    for (const p of [A, '/', '/category/world/']) {
      const g = await fetch(`${s.url}${p}`);
      assert.equal(g.status, 200, p);
      await g.text();
    }
    assert.equal(settled, false, 'the readers were answered while the comment waited');
    await release();
    release = null;
    const res = await post;
    assert.equal(res.status, 303);
    assert.match(res.headers.get('location') || '', /#comment-notice$/);
    assert.equal(s.sql(`SELECT count(*) FROM comments WHERE body = '${text}'`), '1');
  } finally {
    if (release) await release();
    const { code, log } = await s.stop();
    assertNoSanitizerReport(log);
    assert.equal(code, 0);
  }
});
