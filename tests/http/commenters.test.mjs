// Commenters: the opt-in "save my name, email, and website" cookie (set
// only when ticked, cleared when not, read only on pages rendered for one
// reader, never on the shared cached page), and a held comment shown to
// its own author, marked as awaiting moderation, and to nobody else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport, run } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const OTHER = '/2024/03/niger-breaks-off-military-deal-with-us/';
const HELD = /\?comment=held&unapproved=(\d+)&moderation-hash=([0-9a-f]{32})#comment-notice$/;
let s;
let n = 0;
const unique = (p = 'c') => `${p}-${process.pid}-${++n}`;

before(async () => {
  s = await startServer();
  // Many posts from 127.0.0.1: the address limits are another test's.
  cli(['settings', 'comment_flood_seconds=0', 'comment_hourly_max=0']);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function post(path, fields, cookie) {
  const res = await fetch(s.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded', connection: 'close',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
  return { res, body: await res.text() };
}

async function get(path, cookie) {
  const res = await fetch(s.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { res, body: await res.text() };
}

function cli(args) {
  const r = run(['comments', '--data', s.dataDir, ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// A first-time commenter: held for moderation by the demo's settings.
function newcomer(extra = {}) {
  return {
    author: 'Nadia Brook', email: `nadia.${unique()}@example.net`, url: 'https://nadia.example/',
    comment: `Held words ${unique()}`, comment_parent: '0', ...extra,
  };
}

// The path and query of a Location (relative or absolute).
const rel = (loc) => { const u = new URL(loc, s.url); return u.pathname + u.search; };
const cookieOf = (res) => (res.headers.get('set-cookie') || '').split(';')[0];
const filled = (body, id, v) => new RegExp(`id="${id}" name="${id}" type="\\w+" value="${v}"`).test(body);

test('a held comment: its author sees it marked, nobody else does', async () => {
  const f = newcomer({ 'wp-comment-cookies-consent': 'yes' });
  const p = await post(`${SEED}comment`, f);
  assert.equal(p.res.status, 303);
  const loc = p.res.headers.get('location');
  const m = HELD.exec(loc);
  assert.ok(m, loc);
  const id = m[1];

  // The author's page: the comment, marked; for one reader only.
  const own = await get(rel(loc));
  assert.equal(own.res.status, 200);
  assert.equal(own.res.headers.get('cache-control'), 'no-store');
  assert.match(own.body, /<meta name="robots" content="noindex">/);
  assert.match(own.body, new RegExp(`<li class="comment depth-1 comment-awaiting" id="comment-${id}">`));
  assert.match(own.body, /Your comment is awaiting moderation\./);
  assert.ok(own.body.includes(f.comment));
  assert.match(own.body, /Thank you &mdash; your comment is awaiting moderation/);
  // Not counted among the published, and nobody may reply to it yet.
  assert.doesNotMatch(own.body, new RegExp(`replytocom=${id}#`));
  // Fetched again: still not from the page cache.
  const again = await get(rel(loc));
  assert.ok(again.body.includes(f.comment));

  // Everyone else: the article page (twice, the cached one too), the
  // notice variant, a wrong hash, the id on another article.
  for (const path of [SEED, SEED, `${SEED}?comment=held`,
    `${SEED}?comment=held&unapproved=${id}&moderation-hash=${'0'.repeat(32)}`,
    `${SEED}?unapproved=${id}&moderation-hash=${m[2].slice(0, 31)}`,
    `${OTHER}?unapproved=${id}&moderation-hash=${m[2]}`,
    `${SEED}feed/`, '/comments/feed/']) {
    const r = await get(path);
    assert.equal(r.res.status, 200, path);
    assert.ok(!r.body.includes(f.comment), `held comment leaked on ${path}`);
    if (path.includes('unapproved')) assert.equal(r.res.headers.get('cache-control'), 'no-store', path);
  }

  // Approved: public, and the author's link shows it once, unmarked.
  cli(['approve', id]);
  const pub = await get(SEED);
  assert.ok(pub.body.includes(f.comment));
  const mine = await get(rel(loc));
  assert.equal(mine.body.split(f.comment).length, 2, 'shown once');
  assert.doesNotMatch(mine.body, /comment-awaiting/);
});

test('spam is shown to its author as awaiting moderation, like any held comment', async () => {
  cli(['settings', 'disallowed_keys=casino']);
  const f = newcomer({ comment: `Best casino ${unique()}` });
  const p = await post(`${SEED}comment`, f);
  const loc = p.res.headers.get('location');
  assert.match(loc, HELD);
  const id = HELD.exec(loc)[1];
  assert.match(cli(['show', id]), /status: spam/);
  const own = await get(rel(loc));
  assert.ok(own.body.includes(f.comment));
  assert.match(own.body, /Your comment is awaiting moderation\./);
  assert.ok(!(await get(SEED)).body.includes(f.comment));
  cli(['settings', 'disallowed_keys=']);
});

test('"save my name": set only when ticked, filled in only on one reader\'s pages', async () => {
  // Unticked: no cookie.
  let p = await post(`${SEED}comment`, newcomer());
  assert.equal(p.res.headers.get('set-cookie'), null);

  const f = newcomer({ 'wp-comment-cookies-consent': 'yes' });
  p = await post(`${SEED}comment`, f);
  const sc = p.res.headers.get('set-cookie');
  assert.match(sc, /^ng_commenter=[0-9a-f]+\.[0-9a-f]+\.[0-9a-f]+; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax$/);
  const cookie = cookieOf(p.res);

  // The shared article page never carries it, cookie or not, cached or not.
  for (let i = 0; i < 2; i++) {
    const page = await get(SEED, cookie);
    assert.equal(page.res.headers.get('cache-control'), 'public, max-age=60, stale-while-revalidate=600');
    assert.ok(filled(page.body, 'author', ''), 'empty name on the shared page');
    assert.ok(!page.body.includes(f.email));
    assert.match(page.body, new RegExp(`href="${SEED}comment#respond" rel="nofollow">Fill in the details saved in this browser`));
  }
  // The comment address: filled in, the box ticked, for this reader only.
  const form = await get(`${SEED}comment`, cookie);
  assert.equal(form.res.status, 200);
  assert.equal(form.res.headers.get('cache-control'), 'no-store');
  assert.ok(filled(form.body, 'author', 'Nadia Brook'), 'name filled in');
  assert.ok(filled(form.body, 'email', f.email.replace(/\./g, '\\.')), 'email filled in');
  assert.ok(filled(form.body, 'url', 'https://nadia\\.example/'), 'website filled in');
  assert.match(form.body, /name="wp-comment-cookies-consent" type="checkbox" value="yes" checked>/);
  // Without the cookie the same address is an empty form.
  const bare = await get(`${SEED}comment`);
  assert.ok(filled(bare.body, 'author', ''));
  assert.doesNotMatch(bare.body, /value="yes" checked>/);
  // A Reply link goes there too, the reply target kept.
  const page = await get(SEED);
  const reply = /href="([^"]*comment\?replytocom=(\d+))#respond"/.exec(page.body);
  assert.ok(reply, 'a reply link');
  const rf = await get(reply[1], cookie);
  assert.ok(filled(rf.body, 'author', 'Nadia Brook'));
  assert.match(rf.body, new RegExp(`name="comment_parent" id="comment_parent" value="${reply[2]}"`));
  assert.match(rf.body, /Leave a Reply to/);
  // The held comment's page fills it in as well.
  const held = p.res.headers.get('location');
  const hp = await get(rel(held), cookie);
  assert.ok(filled(hp.body, 'author', 'Nadia Brook'));

  // A refused post keeps the box as it was.
  const refused = await post(`${SEED}comment`, { ...f, comment: '' }, cookie);
  assert.equal(refused.res.status, 400);
  assert.match(refused.body, /value="yes" checked>/);

  // Unticked with a cookie: it is cleared.
  p = await post(`${SEED}comment`, newcomer(), cookie);
  assert.match(p.res.headers.get('set-cookie'), /^ng_commenter=; Path=\/; Max-Age=0; HttpOnly; SameSite=Lax$/);

  // A cookie that is not ours fills nothing and breaks nothing.
  for (const bad of ['ng_commenter=zz.yy.xx', 'ng_commenter=41', `ng_commenter=${'4'.repeat(5000)}`, 'ng_commenter=..']) {
    const r = await get(`${SEED}comment`, bad);
    assert.equal(r.res.status, 200, bad);
    assert.ok(filled(r.body, 'author', '') || bad === 'ng_commenter=..', bad);
  }
});
