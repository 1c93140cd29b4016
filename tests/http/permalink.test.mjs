// Article URLs: the permalink pattern setting, redirects
// from older shapes and WordPress's /?p=ID, and each article's comment
// feeds at its URL + feed/, read by feedparser, xmllint and JSON.parse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { feedparse, xmllint } from '../lib/feeds.mjs';
import { startServer, assertNoSanitizerReport, until } from '../lib/nutgraf.mjs';
import { Client, articleIdOf, cli, demoPassword } from '../lib/newsroom.mjs';

const SLUG = 'us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks';
const SEED = `/2024/04/${SLUG}/`;
let s;
let admin;
let seedId;

// Fixture SQL on the server's database (SQLite or PostgreSQL pass).
function sql(statement) {
  return s.sql(statement);
}

async function get(p, headers = {}) {
  const res = await fetch(s.url + p, { redirect: 'manual', headers });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

// The settings form as the page shows it, with some values changed.
async function saveSettings(changes) {
  const page = await admin.get('/admin/settings/');
  const form = {};
  for (const m of page.body.matchAll(/<input id="s-[^"]+" name="([^"]+)" value="([^"]*)"/g)) {
    form[m[1]] = m[2].replace(/&#x2F;|&#47;/g, '/').replace(/&amp;/g, '&').replace(/&#37;/g, '%');
  }
  for (const m of page.body.matchAll(/<select id="s-[^"]+" name="([^"]+)">([\s\S]*?)<\/select>/g)) {
    const sel = /<option value="([^"]*)" selected>/.exec(m[2]);
    form[m[1]] = sel ? sel[1] : '0';
  }
  return admin.postForm('/admin/settings/', { ...form, ...changes });
}

before(async () => {
  s = await startServer();
  admin = new Client(s);
  assert.equal((await admin.login('admin', demoPassword(s))).status, 303);
  seedId = sql(`SELECT id FROM articles WHERE slug = '${SLUG}'`);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test("an article's comment feeds: RSS, Atom and JSON Feed of its approved comments", async () => {
  const approved = Number(sql(`SELECT count(*) FROM comments WHERE article_id = ${seedId} AND status = 'approved'`));
  assert.ok(approved > 0, 'the demo article has approved comments');
  const page = await get(SEED);
  assert.equal(page.status, 200);
  // Autodiscovery names the article's own comments feed.
  assert.match(page.body, new RegExp(`<link rel="alternate" type="application/rss\\+xml" title="Comments on: [^"]+" href="[^"]*${SEED}feed/">`));

  const rss = await get(`${SEED}feed/`);
  assert.equal(rss.status, 200);
  assert.match(rss.headers.get('content-type'), /^application\/rss\+xml/);
  xmllint(rss.body);
  const d = feedparse(rss.body);
  assert.equal(d.bozo, 0, d.error);
  assert.equal(d.version, 'rss20');
  assert.match(d.title, /^Comments on: US to Negotiate/);
  assert.equal(d.entries.length, Math.min(approved, 20));
  for (const e of d.entries) {
    assert.match(e.id, new RegExp(`/\\?p=${seedId}#comment-\\d+$`));
    assert.ok(e.link.includes(`${SEED}#comment-`), e.link);
  }
  // Never a held or spam comment, never an e-mail address.
  assert.ok(!/@/.test(rss.body.replace(/<(link|guid|atom:link)[^>]*>[^<]*/g, '')), 'no e-mail in the feed');

  const atom = await get(`${SEED}feed/atom/`);
  assert.equal(atom.status, 200);
  xmllint(atom.body);
  const da = feedparse(atom.body);
  assert.equal(da.bozo, 0, da.error);
  assert.equal(da.version, 'atom10');
  assert.equal(da.entries.length, d.entries.length);

  const json = await get(`${SEED}feed/json/`);
  assert.equal(json.status, 200);
  const j = JSON.parse(json.body);
  assert.equal(j.version, 'https://jsonfeed.org/version/1.1');
  assert.equal(j.items.length, d.entries.length);

  // An article without comments has an empty, valid feed; a draft has none.
  const other = sql("SELECT a.slug FROM articles a WHERE a.status = 'published' AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.article_id = a.id) LIMIT 1");
  const otherPage = sql(`SELECT strftime('/%Y/%m/', published_at, 'unixepoch') FROM articles WHERE slug = '${other}'`) + other + '/';
  const empty = await get(`${otherPage}feed/`);
  assert.equal(empty.status, 200);
  assert.equal(feedparse(empty.body).entries.length, 0);
  const draft = sql("SELECT slug FROM articles WHERE status = 'draft' LIMIT 1");
  assert.equal((await get(`/2024/04/${draft}/feed/`)).status, 404);
});

test('wrong methods get 405 with Allow; unknown paths a themed 404', async () => {
  let r = await fetch(s.url + SEED, { method: 'POST', body: 'x=1', redirect: 'manual' });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET, HEAD');
  // GET of the comment address is the form, filled in for one reader.
  r = await fetch(`${s.url}${SEED}comment`, { redirect: 'manual' });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  for (const p of ['/2024/04/no-such-story/', '/a/b/c/d/e/f/', '/nope', '/2024/04/no-such-story/feed/']) {
    const g = await get(p);
    assert.equal(g.status, 404, p);
    assert.match(g.body, /<h1/);
  }
  r = await fetch(s.url + '/nope', { method: 'PUT', body: 'x' });
  assert.equal(r.status, 404);
});

test("WordPress's /?p=ID and misspelt dates redirect to the one URL", async () => {
  let r = await get(`/?p=${seedId}`);
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), SEED);
  assert.equal((await get('/?p=99999999')).status, 404);
  assert.equal((await get('/?p=abc')).status, 404);
  const draft = sql("SELECT id FROM articles WHERE status = 'draft' LIMIT 1");
  assert.equal((await get(`/?p=${draft}`)).status, 404, 'a draft has no shortlink');
  r = await get(`/1999/01/${SLUG}/`);
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), SEED);
  r = await get(`/2024/4/${SLUG}.txt`);
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), `/2024/04/${SLUG}.txt`);
  r = await get(`/2024/04/${SLUG}`);
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), SEED);
  for (const f of ['feed', 'feed/atom', 'feed/json']) {
    r = await get(`${SEED}${f}`);
    assert.equal(r.status, 301, f);
    assert.equal(r.headers.get('location'), `${SEED}${f}/`);
  }
});

test('bad permalink patterns are refused with a reason, and nothing changes', async () => {
  for (const [pattern, why] of [
    ['/%category%/%postname%/', /tag nutgraf does not know/],
    ['/%year%/%monthnum%/', /must name the article/],
    ['/feed/%postname%/', /site&#39;s own pages|site's own pages/],
    ['%postname%', /starts and ends with/],
    ['/a b/%postname%/', /plain text/],
    ['/' + 'x/'.repeat(80) + '%postname%/', /too long|too many/],
  ]) {
    const r = await saveSettings({ permalink: pattern });
    assert.equal(r.status, 422, pattern);
    assert.match(r.body, why, pattern);
    assert.match(r.body, /nothing was saved/);
  }
  assert.equal(sql("SELECT count(*) FROM settings WHERE key = 'permalink' AND value <> ''"), '0');
  assert.equal((await get(SEED)).status, 200);
});

test('changing the pattern moves every link, and old URLs redirect', async () => {
  let r = await saveSettings({ permalink: '/%postname%/' });
  assert.equal(r.status, 303);
  const NEW = `/${SLUG}/`;

  // Pages, feeds, sitemaps and search link the new shape at once.
  const front = await get('/');
  assert.ok(front.body.includes(`href="${NEW}"`), 'front page links the new URL');
  assert.ok(!front.body.includes(`href="${SEED}"`), 'and not the old one');
  const page = await get(NEW);
  assert.equal(page.status, 200);
  assert.match(page.body, new RegExp(`<link rel="canonical" href="[^"]*${NEW}">`));
  assert.equal((await get(`/${SLUG}.txt`)).status, 200);
  assert.equal((await get(`${NEW}feed/`)).status, 200);
  const feed = await get('/feed/');
  assert.ok(feed.body.includes(`${NEW}</link>`), 'RSS item links');
  const sitemap = await get('/sitemaps/articles-1.xml');
  assert.equal(sitemap.status, 200);
  assert.ok(sitemap.body.includes(`${NEW}</loc>`), 'the sitemap lists the new URL');
  assert.ok(!sitemap.body.includes(`${SEED}</loc>`));
  const search = await get('/search?q=troop+withdrawal');
  assert.ok(search.body.includes(`href="${NEW}"`), 'search results link the new URL');

  // The old shape, its text view and its feed still arrive, by 301.
  for (const [from, to] of [[SEED, NEW], [`/2024/04/${SLUG}.txt`, `/${SLUG}.txt`],
    [`${SEED}feed/`, `${NEW}feed/`], [`/${SLUG}`, NEW]]) {
    r = await get(from);
    assert.equal(r.status, 301, from);
    assert.equal(r.headers.get('location'), to, from);
  }
  // The site's own pages keep their URLs.
  assert.match((await get('/feed/')).headers.get('content-type'), /rss/);
  assert.equal((await get('/category/world/')).status, 200);

  // A comment posts to the new URL + comment.
  r = await fetch(`${s.url}${NEW}comment`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ author: 'Permalink Reader', email: 'p@example.org', url: '',
      comment: 'Posted to the new URL.', comment_parent: '0' }).toString(),
    redirect: 'manual',
  });
  assert.equal(r.status, 303);
  assert.ok(r.headers.get('location').startsWith(NEW), r.headers.get('location'));

  // A story titled like a site page gets a slug that does not hide it.
  r = await admin.postForm('/admin/articles/new/', { title: 'Feed', body: 'About feeds.', action: 'publish' });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  assert.equal(sql(`SELECT slug FROM articles WHERE id = ${id}`), 'feed-2');
  assert.equal((await get('/feed-2/')).status, 200);
  assert.match((await get('/feed/')).headers.get('content-type'), /rss/);
  r = await admin.postForm('/admin/articles/new/', { title: 'Tags', slug: 'tag', body: 'Kept text.', action: 'save' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Kept text\./);
  assert.match(r.body, /site&#39;s own pages|site's own pages/);

  // The editor shows the public URL in the new shape.
  const ed = await admin.get(`/admin/articles/${seedId}/`);
  assert.ok(ed.body.includes(`href="${NEW}"`), 'the editor links the public URL');
});

test('a pattern by id: /archives/%post_id%/', async () => {
  const r = await saveSettings({ permalink: '/archives/%post_id%/' });
  assert.equal(r.status, 303);
  const NEW = `/archives/${seedId}/`;
  assert.equal((await get(NEW)).status, 200);
  assert.equal((await get(`/archives/${seedId}.txt`)).status, 200);
  for (const from of [SEED, `/${SLUG}/`, `/?p=${seedId}`]) {
    const g = await get(from);
    assert.equal(g.status, 301, from);
    assert.equal(g.headers.get('location'), NEW, from);
  }
  assert.equal((await get('/archives/99999999/')).status, 404);
  assert.equal((await get('/archives/007/')).status, 404);
  // Back to the default: an empty value.
  assert.equal((await saveSettings({ permalink: '' })).status, 303);
  assert.equal((await get(SEED)).status, 200);
});

test('nutgraf settings: list, check all before saving, and the server follows', async () => {
  let r = cli(s, ['settings']);
  assert.equal(r.status, 0, r.stderr);
  const listed = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split('\t')));
  assert.equal(listed.comment_max_links, '2', 'an unset setting shows its default');
  assert.equal(listed.feed_content, 'full');
  assert.ok('permalink' in listed);

  r = cli(s, ['settings', 'permalink=/%category%/%postname%/', 'title=Changed']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /permalink: .*tag nutgraf does not know/);
  assert.match(r.stderr, /nothing was saved/);
  assert.notEqual(sql("SELECT value FROM settings WHERE key = 'title'"), 'Changed');
  r = cli(s, ['settings', 'nonsense=1']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /unknown key "nonsense"/);
  r = cli(s, ['settings', 'no-equals-sign']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^nutgraf: settings: expected KEY=VALUE, not "no-equals-sign" \(try 'nutgraf settings --help'\)\n$/);

  // Another process's write reaches the running server's pages.
  r = cli(s, ['settings', 'permalink=/%year%/%monthnum%/%day%/%postname%/']);
  assert.equal(r.status, 0, r.stderr);
  const day = sql(`SELECT strftime('/%Y/%m/%d/', published_at, 'unixepoch') FROM articles WHERE id = ${seedId}`);
  let page;
  await until('the old permalink redirects', async () => (page = await get(SEED)).status === 301, 5000);
  assert.equal(page.headers.get('location'), `${day}${SLUG}/`);
  assert.equal((await get(`${day}${SLUG}/`)).status, 200);
  r = cli(s, ['settings', 'permalink=']);
  assert.equal(r.status, 0, r.stderr);
});
