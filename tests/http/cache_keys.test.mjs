// The invalidation list over real HTTP: writes no reader can see
// (autosaves, held comments, logins) leave the page cache alone and the
// hit counter climbing; an approved comment on article A drops A's pages
// and leaves article B's cached; and no cookie skips the cache, a
// made-up ng_session neither (nor a real one: public pages are the same
// for everyone, newsroom pages are no-store).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, assertNoSanitizerReport, run } from '../lib/nutgraf.mjs';
import { Client, addUser } from '../lib/newsroom.mjs';

const A = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const B = '/2024/03/niger-breaks-off-military-deal-with-us/';
const APPROVED_EMAIL = 'amina@example.org';	// the demo's approved commenter

let s;
let editor;
let n = 0;
const unique = () => `${process.pid}-${Date.now()}-${n++}`;

before(async () => {
  s = await startServer();
  // Readers post as fast as the test runs: no flood limits.
  const r = run(['comments', '--data', s.dataDir, 'settings', 'comment_flood_seconds=0', 'comment_hourly_max=0']);
  assert.equal(r.status, 0, r.stderr);
  addUser(s, 'cache-editor', 'editor');
  editor = new Client(s);
  assert.equal((await editor.login('cache-editor')).status, 303);
});
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

// A GET with exactly these headers: { status, headers, body }.
function get(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: '127.0.0.1', port: s.port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    r.on('error', reject);
    r.end();
  });
}

async function metrics() {
  const { body } = await get('/metrics');
  const v = (name) => {
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(body);
    assert.ok(m, `${name} in /metrics`);
    return Number(m[1]);
  };
  return {
    hits: v('nutgraf_cache_hits_total'),
    fills: v('nutgraf_cache_fills_total'),
    invalidated: v('nutgraf_cache_invalidated_total'),
  };
}

// A reader's comment on path: { status, location }.
async function comment(path, email, text) {
  const res = await fetch(`${s.url}${path}comment`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      author: 'Cache Reader', email, url: '', comment: text, comment_parent: '0',
    }).toString(),
  });
  await res.text();
  return { status: res.status, location: res.headers.get('location') || '' };
}

// Fill path and return its ETag once the next GET is a hit.  Another
// process's write (the settings above) reaches the server within its
// poll period, so this polls for the hit instead of waiting a fixed time.
async function cached(path) {
  const deadline = Date.now() + 10000;
  for (;;) {
    await get(path);
    const before = await metrics();
    const r = await get(path);
    assert.equal(r.status, 200, path);
    const after = await metrics();
    if (after.hits === before.hits + 1 && r.headers.etag) return r.headers.etag;
    assert.ok(Date.now() < deadline, `${path} never became a hit`);
  }
}

test('autosaves and held comments leave the hot article cached, hits climbing', async () => {
  const etag = await cached(A);
  const start = await metrics();
  for (let i = 0; i < 5; i++) {
    const a = await editor.postForm('/admin/autosave', { article: '0', title: `Draft ${i}`, body: 'Typed.' });
    assert.equal(a.status, 200);
    const held = await comment(A, `first.timer.${unique()}@example.org`, `Held ${unique()}`);
    assert.equal(held.status, 303);
    assert.match(held.location, /\?comment=held&unapproved=\d+&moderation-hash=[0-9a-f]{32}#comment-notice$/);
    const r = await get(A);
    assert.equal(r.status, 200);
    assert.equal(r.headers.etag, etag, 'the same cached page');
  }
  const end = await metrics();
  assert.ok(end.hits >= start.hits + 5, `hits ${start.hits} -> ${end.hits}`);
  assert.equal(end.invalidated, start.invalidated, 'nothing dropped');
  assert.equal(end.fills, start.fills, 'nothing re-rendered');
});

test('an approved comment on article A drops A and leaves article B cached', async () => {
  await cached(A);
  const etagB = await cached(B);
  const text = `Approved ${unique()}`;
  const c = await comment(A, APPROVED_EMAIL, text);
  assert.equal(c.status, 303);
  assert.match(c.location, /\?comment=published#comment-notice$/);
  const before = await metrics();
  assert.ok(before.invalidated >= 1);
  // A shows the comment at once: no wait, the writer applied its keys
  // before answering.
  const a = await get(A);
  assert.ok(a.body.includes(text), 'A re-rendered with the comment');
  const b = await get(B);
  assert.equal(b.headers.etag, etagB);
  assert.ok(!b.body.includes(text));
  const after = await metrics();
  assert.equal(after.fills, before.fills + 1, 'only A was rendered again');
  assert.equal(after.hits, before.hits + 1, 'B was a hit');
});

test('Cookie: ng_session=x gets the cached page; so does a real newsroom session', async () => {
  const etag = await cached(B);
  for (const cookie of ['ng_session=x', `theme=dark; ng_session=${'0'.repeat(64)}`, editor.cookieHeader()]) {
    const before = await metrics();
    const r = await get(B, { cookie });
    assert.equal(r.status, 200);
    assert.equal(r.headers.etag, etag, cookie);
    const after = await metrics();
    assert.equal(after.hits, before.hits + 1, `a hit with ${cookie.slice(0, 20)}`);
    assert.equal(after.fills, before.fills);
  }
  // Newsroom pages are never shared, session or not.
  const page = await editor.get('/admin/');
  assert.equal(page.status, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.equal(page.headers.etag, undefined);
});
