// What instances share through PostgreSQL besides pages: uploaded
// media (no shared disk: each instance has its own data directory) and
// the comment flood and hourly limits.  Two real nutgraf instances on
// one database.  Runs in make test's PostgreSQL pass
// ($NUTGRAF_TEST_PG); skipped, with the reason, on the SQLite pass.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PG_DIR, dbFor, run, sqlIn, startServer, tempDir, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, PASSWORD, addUser, demoPassword, uploadMedia } from '../lib/newsroom.mjs';

const skip = PG_DIR ? false : 'needs the PostgreSQL pass of make test (NUTGRAF_TEST_PG)';
const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

let A;
let B;
let jpeg;

const sql = (statement) => sqlIn(A.dataDir, statement);

function getRaw(s, p) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: s.port, path: p }, (res) => {
      const bufs = [];
      res.on('data', (d) => bufs.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(bufs) }));
    }).on('error', reject);
  });
}

function settings(pairs) {
  const r = run(['comments', '--data', A.dataDir, 'settings',
    ...Object.entries(pairs).map(([k, v]) => `${k}=${v}`)]);
  assert.equal(r.status, 0, r.stderr);
}

// A reader's comment through s from address `from`.
function comment(s, from, text) {
  const reader = new Client(s, { from });
  return reader.post(SEED + 'comment', {
    author: 'A Reader', email: `r${Math.floor(Math.random() * 1e9)}@example.com`, url: '',
    comment: text, comment_parent: '0',
  });
}

before(async () => {
  if (skip) return;
  A = await startServer();
  // B: its own, empty data directory; only the database is shared.
  B = await startServer({ demo: false, env: { NUTGRAF_DB: dbFor(A.dataDir) } });
  assert.notEqual(A.dataDir, B.dataDir);
  const work = tempDir('nutgraf-pgshared-');
  const file = path.join(work, 'shared.jpg');
  const r = spawnSync('vips', ['black', file, '1000', '600', '--bands', '3'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  jpeg = readFileSync(file);
});

after(async () => {
  for (const s of [B, A]) {
    if (!s) continue;
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
  }
});

test('an image uploaded through A is served by B, which keeps its own copy', { skip }, async () => {
  const editor = new Client(A);
  assert.equal((await editor.login('admin', demoPassword(A))).status, 303);
  const r = await uploadMedia(editor, { alt: 'Shared across instances' },
    { name: 'shared.jpg', type: 'image/jpeg', data: jpeg });
  assert.equal(r.status, 303, r.body);
  const p = sql("SELECT path FROM media WHERE alt = 'Shared across instances'");
  const key = p.split('/')[0];
  const names = sql(`SELECT name FROM media_files WHERE media_key = '${key}' ORDER BY name`).split('\n');
  assert.deepEqual(names, ['1000.jpg', '1000.webp', '480.jpg', '480.webp', '960.jpg', '960.webp']);
  assert.equal(existsSync(path.join(B.dataDir, 'media', key)), false, 'B has no copy before it is asked');
  for (const name of names) {
    const onA = await getRaw(A, `/media/${key}/${name}`);
    const onB = await getRaw(B, `/media/${key}/${name}`);
    assert.equal(onA.status, 200, `A ${name}`);
    assert.equal(onB.status, 200, `B ${name}`);
    assert.equal(onB.headers['content-type'], name.endsWith('.jpg') ? 'image/jpeg' : 'image/webp');
    assert.match(onB.headers['cache-control'], /immutable/);
    assert.ok(onB.body.equals(onA.body), `${name}: B serves A's bytes`);
    // B keeps a copy: the next request needs no database.
    const kept = readFileSync(path.join(B.dataDir, 'media', key, name));
    assert.ok(kept.equals(onA.body), `${name}: B's copy`);
  }
  // `nutgraf check` on B: nothing missing although B's disk had none
  // of it before; the database holds the bytes.
  const chk = run(['check', '--data', B.dataDir], { env: { NUTGRAF_DB: dbFor(A.dataDir) } });
  assert.equal(chk.status, 0, chk.stdout + chk.stderr);
  assert.match(chk.stdout, /ok: \d+ media files on this disk \(the rest are in the database\)/);
  // Only our names, and only what the database has.
  assert.equal((await getRaw(B, `/media/${key}/123.jpg`)).status, 404);
  assert.equal((await getRaw(B, `/media/${'0'.repeat(16)}/480.jpg`)).status, 404);
});

test('the flood limit holds across instances: a second post on B right after one on A is refused', { skip }, async () => {
  settings({ comment_flood_seconds: 60, comment_hourly_max: 0 });
  const from = '127.0.3.7';
  const first = await comment(A, from, `Flood one ${Date.now()}`);
  assert.equal(first.status, 303, first.body);
  const second = await comment(B, from, `Flood two ${Date.now()}`);
  assert.equal(second.status, 429);
  const wait = Number(second.headers['retry-after']);
  assert.ok(wait > 0 && wait <= 60, `Retry-After ${wait}`);
  assert.match(second.body, /commenting too quickly/);
  // Nothing the reader typed is lost: the form comes back filled in.
  assert.match(second.body, /Flood two/);
  // Another address is not held back by this one.
  assert.equal((await comment(B, '127.0.3.8', `Other reader ${Date.now()}`)).status, 303);
});

test('the hourly limit is one count across instances', { skip }, async () => {
  settings({ comment_flood_seconds: 0, comment_hourly_max: 4 });
  const from = '127.0.3.9';
  const got = [];
  for (const s of [A, B, A, B, A, B]) {
    got.push((await comment(s, from, `Hourly ${got.length} ${Date.now()}`)).status);
  }
  assert.deepEqual(got, [303, 303, 303, 303, 429, 429]);
  assert.equal(sql("SELECT count(*) FROM rate_events WHERE key = 'comment:127.0.3.9'"), '4');
});

test('two instances racing for the last allowed post let exactly one through', { skip }, async () => {
  settings({ comment_flood_seconds: 0, comment_hourly_max: 3 });
  const from = '127.0.3.10';
  const all = [];
  for (let i = 0; i < 4; i++) {
    all.push(comment(A, from, `Race A ${i} ${Date.now()}`), comment(B, from, `Race B ${i} ${Date.now()}`));
  }
  const statuses = (await Promise.all(all)).map((r) => r.status);
  assert.equal(statuses.filter((x) => x === 303).length, 3, `statuses ${statuses}`);
  assert.equal(statuses.filter((x) => x === 429).length, 5, `statuses ${statuses}`);
});

test('the login budget of an account is one count across instances', { skip }, async () => {
  // Forty wrong passwords from forty addresses, alternating between the
  // instances.  Each instance alone would check its own five free
  // guesses and more: together at least ten.  One budget in the
  // database checks five, then one per doubling wait.
  addUser(A, 'spread', 'editor');
  const counts = { 403: 0, 429: 0 };
  let last;
  for (let i = 0; i < 40; i++) {
    const c = new Client(i % 2 ? B : A, { from: `127.0.5.${10 + i}` });
    last = await c.login('spread', `wrong-${i}`);
    assert.ok(last.status === 403 || last.status === 429, `attempt ${i}: ${last.status}`);
    counts[last.status]++;
  }
  assert.ok(counts[403] >= 5, JSON.stringify(counts));
  assert.ok(counts[403] <= 9, `each instance counted alone: ${JSON.stringify(counts)}`);
  assert.equal(last.status, 429);
  // The failures are rows every instance reads.
  assert.ok(Number(sql("SELECT count(*) FROM rate_events WHERE key = 'login:acct:spread'")) >= 5);
  // The right password after the wait, through either instance, clears it.
  const user = new Client(A, { from: '127.0.5.200' });
  let r;
  const deadline = Date.now() + (Number(last.headers['retry-after']) + 30) * 1000;
  do {
    r = await user.login('spread', PASSWORD);
    if (r.status === 429) await new Promise((res) => setTimeout(res, 250));
  } while (r.status === 429 && Date.now() < deadline);
  assert.equal(r.status, 303, r.body.slice(0, 300));
  assert.equal(sql("SELECT count(*) FROM rate_events WHERE key = 'login:acct:spread'"), '0');
});

test('the login limit of one address is one count across instances', { skip }, async () => {
  // Twenty failures in five minutes from one address (session.c's
  // ip_rules), each for a different login so that neither the account's
  // budget nor the account-and-address limit is what stops it.  Spread
  // over both instances: each alone would check twenty, together
  // twenty is all there is.
  const from = '127.0.6.1';
  const statuses = [];
  for (let i = 0; i < 26; i++) {
    const c = new Client(i % 2 ? B : A, { from });
    statuses.push((await c.login(`nobody-${i}`, `wrong-${i}`)).status);
  }
  assert.deepEqual(statuses.slice(0, 20), Array(20).fill(403), `statuses ${statuses}`);
  assert.deepEqual(statuses.slice(20), Array(6).fill(429), `statuses ${statuses}`);
  assert.equal(sql(`SELECT count(*) FROM rate_events WHERE key = 'login:ip:${from}:'`), '20');
  // Application passwords are the same door: the REST API on either
  // instance refuses this address too, with the wait.
  for (const s of [A, B]) {
    const r = await new Promise((resolve, reject) => {
      http.get({
        host: '127.0.0.1', port: s.port, path: '/wp-json/wp/v2/users/me', localAddress: from,
        headers: { authorization: 'Basic ' + Buffer.from('admin:abcd efgh ijkl mnop qrst uvwx').toString('base64') },
      }, (res) => { res.resume(); res.on('end', () => resolve(res)); }).on('error', reject);
    });
    assert.equal(r.statusCode, 429);
    assert.ok(Number(r.headers['retry-after']) > 0);
  }
  // Another address is not held back by this one.
  const other = new Client(B, { from: '127.0.6.2' });
  assert.equal((await other.login('nobody', 'wrong')).status, 403);
});

test('the limit of one account from one address is one count across instances', { skip }, async () => {
  // Five failures a minute for one login from one address.  The
  // account's budget also stops the sixth, but only for a second or
  // two; the pair's wait is the rest of the minute, and it is that
  // long only when both instances' failures are counted together
  // (three on A and two on B would each be under five).
  addUser(A, 'pairs', 'editor');
  const from = '127.0.6.3';
  const got = [];
  for (let i = 0; i < 7; i++) {
    const c = new Client(i % 2 ? B : A, { from });
    got.push(await c.login('pairs', `wrong-${i}`));
  }
  assert.deepEqual(got.map((r) => r.status), [403, 403, 403, 403, 403, 429, 429]);
  for (const r of got.slice(5)) {
    const wait = Number(r.headers['retry-after']);
    assert.ok(wait > 30 && wait <= 61, `Retry-After ${wait}`);
  }
  assert.equal(sql(`SELECT count(*) FROM rate_events WHERE key = 'login:pair:${from}:pairs'`), '5');
});
