// Several nutgraf instances on one PostgreSQL database: one
// coherent site.  Runs in make test's PostgreSQL pass ($NUTGRAF_TEST_PG,
// see scripts/run-tests); skipped, with the reason, on the SQLite pass.
//
// Instance A loads the demo; B and C open A's database.  Every check
// polls for its condition up to a deadline, never sleeps a fixed time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PG_DIR, dbFor, run, sqlIn, startServer, until, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, demoPassword } from '../lib/newsroom.mjs';

const skip = PG_DIR ? false : 'needs the PostgreSQL pass of make test (NUTGRAF_TEST_PG)';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLUSTER = path.join(root, 'tests', 'lib', 'pg-cluster.sh');
const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

let A;
let B;
let C;
let db;
let readers = 10;

const sql = (statement) => sqlIn(A.dataDir, statement);

const poll = until;

async function page(server, p) {
  const res = await fetch(server.url + p, { headers: { connection: 'close' } });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

async function cacheHits(s) {
  const m = /^nutgraf_cache_hits_total (\S+)$/m.exec((await page(s, '/metrics')).body);
  return m ? Number(m[1]) : NaN;
}

// A reader's comment on the seed article through server s, from an
// address of its own (comments are rate limited per address).
async function comment(s, text, on = SEED) {
  const reader = new Client(s, { from: `127.0.2.${readers++ % 250 + 1}` });
  return reader.post(on + 'comment', {
    author: 'A Reader', email: `r${readers}@example.com`, url: '', comment: text, comment_parent: '0',
  });
}

before(async () => {
  if (skip) return;
  A = await startServer();
  db = dbFor(A.dataDir);
  // A story due in a few seconds, before B and C start: their
  // schedulers both wake for it (A's sleeps until its next poll).
  const due = Math.floor(Date.now() / 1000) + 8;
  sql("INSERT INTO articles (slug, title, body_md, body_html, body_text, status, created_at, updated_at, published_at) " +
    `VALUES ('due-once', 'Due once', 'x', '<p>x</p>', 'x', 'scheduled', ${due}, ${due}, ${due})`);
  [B, C] = await Promise.all([
    startServer({ demo: false, env: { NUTGRAF_DB: db } }),
    startServer({ demo: false, env: { NUTGRAF_DB: db } }),
  ]);
});

after(async () => {
  for (const s of [B, C, A]) {
    if (!s) continue;
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
  }
});

test('migrations ran once although instances started together', { skip }, () => {
  assert.equal(sql('SELECT count(*) FROM schema_migrations'), sql('SELECT count(DISTINCT version) FROM schema_migrations'));
  assert.equal(A.log().match(/applied migration 0001_init/g).length, 1);
  assert.doesNotMatch(B.log() + C.log(), /applied migration/);
  for (const s of [A, B, C]) assert.match(s.log(), /serving/);
});

test('a write through any instance reaches every instance within moments', { skip }, async () => {
  // Fill every instance's page cache with the front page first.
  for (const s of [A, B, C]) {
    for (let i = 0; i < 2; i++) assert.equal((await page(s, '/')).status, 200);
  }
  const body = path.join(A.dataDir, 'coherent.md');
  writeFileSync(body, 'Seen everywhere.\n');
  const r = run(['article', 'add', '--title', 'Coherent Story One', '--body-file', body,
    '--status', 'published', '--data', A.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  const waits = await Promise.all([A, B, C].map((s) =>
    poll(`the new story on ${s.url}`, async () => /Coherent Story One/.test((await page(s, '/')).body))));
  // Delivered by NOTIFY at commit: well under a second, not a poll.
  for (const w of waits) assert.ok(w < 5000, `seen after ${w} ms`);
});

test('a session made on A is valid on B and C', { skip }, async () => {
  const a = new Client(A);
  assert.equal((await a.login('admin', demoPassword(A))).status, 303);
  for (const s of [B, C]) {
    const b = new Client(s);
    b.cookies = new Map(a.cookies);
    const res = await b.get('/admin/');
    assert.equal(res.status, 200, `dashboard on ${s.url}`);
  }
});

test('a comment posted on B, approved from the command line, shows on A', { skip }, async () => {
  const text = `Comment through B ${Date.now()}`;
  const res = await comment(B, text);
  assert.equal(res.status, 303);
  const id = sql(`SELECT id FROM comments WHERE body = '${text}'`);
  assert.match(id, /^\d+$/);
  const r = run(['comments', '--data', A.dataDir, 'approve', id]);
  assert.equal(r.status, 0, r.stderr);
  await poll('the approved comment on A', async () => (await page(A, SEED)).body.includes(text));
});

// /metrics of server s: the page cache's hits and fills so far.
async function cacheCounters(s) {
  const { body } = await page(s, '/metrics');
  const v = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)[1]);
  return { hits: v('nutgraf_cache_hits_total'), fills: v('nutgraf_cache_fills_total') };
}

// Whether GET p on s is answered from s's page cache.
async function isHit(s, p) {
  const before = await cacheCounters(s);
  assert.equal((await page(s, p)).status, 200);
  const after = await cacheCounters(s);
  return after.hits === before.hits + 1 && after.fills === before.fills;
}

test('across instances, a write drops only the pages built from what it changed', { skip }, async () => {
  const OTHER = '/2024/03/niger-breaks-off-military-deal-with-us/';
  for (const p of [SEED, OTHER]) {
    await poll(`${p} cached on A`, async () => isHit(A, p));
  }
  // Held comments through B change no page: no row in the log.
  const held = `Held across instances ${Date.now()}`;
  assert.equal((await comment(B, held)).status, 303);
  const other = `Approved on the other story ${Date.now()}`;
  assert.equal((await comment(B, other, OTHER)).status, 303);
  const otherId = sql(`SELECT id FROM comments WHERE body = '${other}'`);
  assert.equal(sql(`SELECT status FROM comments WHERE id = ${otherId}`), 'pending');
  // Approving it from the command line drops OTHER on A; rows are read
  // in order, so once A shows it, A has seen every write before it.
  let r = run(['comments', '--data', A.dataDir, 'approve', otherId]);
  assert.equal(r.status, 0, r.stderr);
  await poll('the approved comment on A', async () => (await page(A, OTHER)).body.includes(other));
  assert.ok(await isHit(A, SEED), 'the seed article stayed cached on A');
  // Approving the held one drops the seed article, and not OTHER.
  const heldId = sql(`SELECT id FROM comments WHERE body = '${held}'`);
  r = run(['comments', '--data', A.dataDir, 'approve', heldId]);
  assert.equal(r.status, 0, r.stderr);
  await poll('the seed comment on A', async () => (await page(A, SEED)).body.includes(held));
  assert.ok(await isHit(A, OTHER), 'the other article stayed cached on A');
});

test('a scheduled story goes live exactly once, by one instance', { skip }, async () => {
  await poll('the scheduled story', () => sql("SELECT status FROM articles WHERE slug = 'due-once'") === 'published', 40000);
  for (const s of [A, B, C]) {
    await poll(`the story on ${s.url}`, async () => /Due once/.test((await page(s, '/')).body));
  }
  const logs = [A, B, C].map((s) => (s.log().match(/scheduler: published 1 article\b/g) || []).length);
  assert.equal(logs.reduce((x, y) => x + y, 0), 1, `publish log lines per instance: ${logs}`);
});

function pgCtl(cmd) {
  const r = spawnSync(CLUSTER, [cmd, PG_DIR], { encoding: 'utf8' });
  assert.equal(r.status, 0, `pg-cluster.sh ${cmd}: ${r.stderr}`);
}

test('kill -9 of an instance and PostgreSQL stopping hard mid-stream lose no acknowledged comment', { skip }, async () => {
  const acked = [];
  const refused = [];
  let n = 0;
  let stop = false;
  async function writer(s, tag) {
    while (!stop) {
      const text = `Fault ${tag} ${n++} ${Date.now()}`;
      try {
        const res = await comment(s, text);
        if (res.status === 303) acked.push(text);
        else {
          refused.push(res.status);
          // The writer's back-off after a refusal (its pace, not a
          // wait of the test).
          await new Promise((r) => setTimeout(r, 50));
        }
      } catch {
        // The killed instance: that post was never acknowledged.
        if (tag === 'B') return;
      }
    }
  }
  const writers = [writer(A, 'A'), writer(B, 'B'), writer(C, 'C')];
  let down = false;
  try {
    await poll('comments before the faults', () => acked.length >= 6, 60000);
    B.proc.kill('SIGKILL');
    const k = acked.length;
    await poll('comments after the kill', () => acked.length >= k + 3, 60000);
    // The database stops as a crash would, while A and C take posts.
    pgCtl('stop-immediate');
    down = true;
    await poll('posts refused while the database is away', () => refused.includes(503), 30000);
    pgCtl('start-again');
    down = false;
    const m = acked.length;
    await poll('comments acknowledged again after the restart', () => acked.length >= m + 6, 60000);
  } finally {
    stop = true;
    await Promise.all(writers);
    if (down) pgCtl('start-again');
  }
  const stored = new Set(sql("SELECT body FROM comments WHERE body LIKE 'Fault %'").split('\n'));
  const lost = acked.filter((t) => !stored.has(t));
  assert.deepEqual(lost, [], `${lost.length} of ${acked.length} acknowledged comments lost`);
});

test('while PostgreSQL is away: cached pages served, writes 503 with Retry-After, then back by itself', { skip }, async () => {
  await poll('A ready', async () => (await page(A, '/readyz')).status === 200, 60000);
  // The page must be in A's cache before the database goes: after the
  // restart of the test before, A's change feed comes back on its own
  // schedule and then drops every cached page, so "fetched twice" is not
  // "cached". Fetch until a fetch is counted as a cache hit.
  await poll('the article served from A\'s cache', async () => {
    const hits = await cacheHits(A);
    return (await page(A, SEED)).status === 200 && await cacheHits(A) > hits;
  }, 60000);
  pgCtl('stop-immediate');
  try {
    const cached = await page(A, SEED);
    assert.equal(cached.status, 200);
    assert.match(cached.body, /troop withdrawal/i);
    const ready = await page(A, '/readyz');
    assert.equal(ready.status, 503);
    assert.equal((await page(A, '/healthz')).status, 200);
    const res = await comment(C, `While away ${Date.now()}`);
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '5');
  } finally {
    pgCtl('start-again');
  }
  await poll('A ready again', async () => (await page(A, '/readyz')).status === 200, 60000);
  const text = `After the restart ${Date.now()}`;
  await poll('a comment accepted again', async () => (await comment(C, text)).status === 303, 60000);
  assert.equal(sql(`SELECT count(*) FROM comments WHERE body = '${text}'`), '1');
});
