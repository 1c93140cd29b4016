// Uploads of a PostgreSQL site made before schema 0016 exist only as
// files under the media/ directory of the instance that took them.
// They reach the database when that instance starts (once: a setting
// remembers) or by `nutgraf db media-in`, and then every instance
// serves them.  The old state is made by emptying media_files behind a
// running site's back.  PostgreSQL pass only ($NUTGRAF_TEST_PG); the
// refusal on SQLite runs on both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { BIN, PG_DIR, dbFor, run, sqlIn, startServer, tempDir, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, PASSWORD, addUser, uploadMedia } from '../lib/newsroom.mjs';

const skip = PG_DIR ? false : 'needs the PostgreSQL pass of make test (NUTGRAF_TEST_PG)';
const VARIANTS = ['1000.jpg', '1000.webp', '480.jpg', '480.webp', '960.jpg', '960.webp'];

let dirA;
let A;
let B;
let key;

const sql = (statement) => sqlIn(dirA, statement);

function getRaw(s, p) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: s.port, path: p }, (res) => {
      const bufs = [];
      res.on('data', (d) => bufs.push(d));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(bufs) }));
    }).on('error', reject);
  });
}

// The site as it was before 0016: the upload's bytes only in A's media/
// directory (the demo's own pictures keep theirs in the database, so
// the pass leaves them be).
function forgetBytes() {
  sql(`DELETE FROM media_files WHERE media_key = '${key}'`);
  sql("DELETE FROM settings WHERE key = 'media_bytes_in_db'");
}

before(async () => {
  if (skip) return;
  dirA = tempDir('nutgraf-mediain-');
  A = await startServer({ data: dirA });
  B = await startServer({ demo: false, env: { NUTGRAF_DB: dbFor(dirA) } });
  const work = tempDir('nutgraf-mediain-img-');
  const file = path.join(work, 'old.jpg');
  const r = spawnSync('vips', ['black', file, '1000', '600', '--bands', '3'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  addUser(A, 'mediaed', 'editor');
  const editor = new Client(A);
  assert.equal((await editor.login('mediaed', PASSWORD)).status, 303);
  const up = await uploadMedia(editor, { alt: 'Uploaded before 0016' },
    { name: 'old.jpg', type: 'image/jpeg', data: readFileSync(file) });
  assert.equal(up.status, 303, up.body);
  rmSync(work, { recursive: true, force: true });
  key = sql("SELECT path FROM media WHERE alt = 'Uploaded before 0016'").split('/')[0];
  assert.match(key, /^[0-9a-f]{16}$/);
});

after(async () => {
  for (const s of [B, A]) {
    if (!s) continue;
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
  }
  if (dirA) rmSync(dirA, { recursive: true, force: true });
});

test('nutgraf db media-in puts the files of this disk into the database, and B serves them', { skip }, async () => {
  forgetBytes();
  // An audio item: those came after 0016 with their bytes in the
  // database (in pieces), so the pass leaves them be.
  sql("INSERT INTO media (path, mime, width, height, created_at) VALUES ('00000000000000aa/media.mp3', 'audio/mpeg', 0, 0, 0)");
  assert.equal((await getRaw(B, `/media/${key}/480.jpg`)).status, 404, 'B has no way to the bytes');
  const r = run(['db', 'media-in', '--data', dirA]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /6 media files \(\d+ bytes\) of 1 item put into the database/);
  assert.match(r.stdout, /every media item has its bytes in the database/);
  assert.deepEqual(sql(`SELECT name FROM media_files WHERE media_key = '${key}' ORDER BY name`).split('\n'), VARIANTS);
  assert.equal(sql("SELECT value FROM settings WHERE key = 'media_bytes_in_db'"), '1');
  const onB = await getRaw(B, `/media/${key}/480.jpg`);
  assert.equal(onB.status, 200);
  assert.ok(onB.body.equals(readFileSync(path.join(dirA, 'media', key, '480.jpg'))));
  // Again: nothing left to do.
  const again = run(['db', 'media-in', '--data', dirA]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^0 media files \(0 bytes\) of 0 items put/);
});

test('an instance puts its disk files into the database as it starts, once', { skip }, async () => {
  forgetBytes();
  await A.stop();
  A = await startServer({ data: dirA, demo: false });
  assert.match(A.log(), /media: 6 files \(\d+ bytes\) of 1 item put into the database/);
  assert.equal(sql(`SELECT count(*) FROM media_files WHERE media_key = '${key}'`), '6');
  // A variant B never fetched: it comes from the database.
  const onB = await getRaw(B, `/media/${key}/960.webp`);
  assert.equal(onB.status, 200);
  assert.ok(onB.body.equals(readFileSync(path.join(dirA, 'media', key, '960.webp'))));
  // The next start only reads the setting.
  await A.stop();
  A = await startServer({ data: dirA, demo: false });
  assert.doesNotMatch(A.log(), /media: putting/);
});

test('files that are on no disk seen are named, and the pass is tried again', { skip }, async () => {
  forgetBytes();
  const elsewhere = tempDir('nutgraf-mediain-empty-');
  const r = run(['db', 'media-in', '--data', elsewhere], { env: { NUTGRAF_DB: dbFor(dirA) } });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /warning: 1 media item has no bytes in the database or under .*media/);
  assert.match(r.stderr, new RegExp(`no bytes for ${key}/1000\\.jpg`));
  assert.equal(sql("SELECT count(*) FROM settings WHERE key = 'media_bytes_in_db'"), '0');
  rmSync(elsewhere, { recursive: true, force: true });
  // The machine that has them finishes the job.
  assert.equal(run(['db', 'media-in', '--data', dirA]).status, 0);
});

test('db media-in on a SQLite site says there is nothing to do', async () => {
  const dir = tempDir('nutgraf-mediain-sqlite-');
  const env = { NUTGRAF_DB: '' };
  const init = spawnSync(BIN, ['init', '--data', dir], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  const r = spawnSync(BIN, ['db', 'media-in', '--data', dir], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /this site is on SQLite, whose media stay files/);
  rmSync(dir, { recursive: true, force: true });
});
