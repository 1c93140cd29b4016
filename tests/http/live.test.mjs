// Live coverage: an editor starts it, posts updates from the compact
// form on the editor page (Markdown rendered and sanitized as a body),
// pins key points and ends it.  Readers see updates newest first with
// anchors and share links on their next load (the cached page dropped,
// the other pages kept), the Live label wherever the article is listed,
// LiveBlogPosting JSON-LD, and -- on live pages alone -- the script and
// the policy that admits it; /live/ID/updates counts what is new.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf } from '../lib/newsroom.mjs';

let s;
let editor;
let id;
let path;

before(async () => {
  s = await startServer();
  addUser(s, 'live-editor', 'editor');
  editor = new Client(s);
  assert.equal((await editor.login('live-editor')).status, 303);
  const section = s.sql("SELECT id FROM sections WHERE slug = 'world'");
  const r = await editor.postForm('/admin/articles/new/', {
    title: 'Harbour storm live', body: 'What we know so far.', action: 'publish',
    section, comments_open: '1',
  });
  id = articleIdOf(r);
  const row = s.sql(`SELECT slug, strftime('%Y/%m', published_at, 'unixepoch') FROM articles WHERE id = ${id}`);
  const [slug, ym] = row.split('|');
  path = `/${ym}/${slug}/`;
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function hits() {
  const body = await (await fetch(s.url + '/metrics')).text();
  return Number(/^nutgraf_cache_hits_total (\d+)$/m.exec(body)[1]);
}

// GET p; cache is 'hit' when the page cache answered it.
async function page(p) {
  const before = await hits();
  const r = await fetch(s.url + p);
  const body = await r.text();
  const cache = (await hits()) === before + 1 ? 'hit' : 'miss';
  return { status: r.status, headers: r.headers, cache, body };
}

function jsonld(html, type) {
  for (const m of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    const j = JSON.parse(m[1]);
    if (j['@type'] === type) return j;
  }
  return null;
}

const live = (p) => editor.postForm(`/admin/articles/${id}/live/`, p);

test('a normal article has no live parts and the strict policy', async () => {
  const r = await page(path);
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.body, /live-label|live-updates|<script src=/);
  assert.ok(jsonld(r.body, 'NewsArticle'));
  assert.doesNotMatch(r.headers.get('content-security-policy'), /script-src/);
  const ed = await editor.get(`/admin/articles/${id}/`);
  assert.match(ed.body, /<button type="submit" name="action" value="start">Start live coverage<\/button>/);
  // Updates need coverage: the text comes back on the desk, 409.
  const refused = await live({ action: 'post', text: 'Too early <b>note</b>', from: 'editor' });
  assert.equal(refused.status, 409);
  assert.match(refused.body, /start it first/);
  assert.match(refused.body, /<textarea id="live-text" name="text"[^>]*>Too early &lt;b&gt;note&lt;\/b&gt;<\/textarea>/);
});

test('start, post, pin: readers see it on the next load, labelled everywhere', async () => {
  // Warm the caches: the article, the front page, its section, another article.
  const other = /<a href="(\/\d{4}\/\d{2}\/[^"]+\/)"/.exec((await page('/category/politics/')).body)[1];
  for (const p of [path, '/', '/category/world/', other]) { await page(p); await page(p); }
  assert.equal((await page(other)).cache, 'hit');

  let r = await live({ action: 'start', from: 'editor' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, `/admin/articles/${id}/?msg=live-started#live`);
  for (const p of ['/', '/category/world/']) {
    const b = (await page(p)).body;
    assert.match(b, new RegExp(`<span class="live-label">Live</span> <a href="${path}">Harbour storm live</a>`), p);
  }
  // A start changes labels on every list (most read included): the
  // other article's page is made again, then kept while updates come.
  await page(other);
  assert.equal((await page(other)).cache, 'hit');
  const search = await page('/search?q=harbour+storm');
  assert.match(search.body, /<h2 class="search-title"><span class="live-label">Live<\/span> <a href="[^"]+">Harbour storm live<\/a>/);

  r = await live({ action: 'post', from: 'editor', text: 'Ferries **suspended** until noon.\n\n<script>alert(1)</script>' });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, `/admin/articles/${id}/?msg=live-posted#live`);
  await page(other);
  r = await live({ action: 'post', from: 'editor', text: 'Harbour closed to all shipping.', pinned: '1' });
  assert.equal(r.status, 303);
  const ids = s.sql(`SELECT id FROM live_updates WHERE article_id = ${id} ORDER BY id`).split('\n').map(Number);
  assert.equal(ids.length, 2);

  const a = await page(path);
  assert.equal(a.status, 200);
  assert.notEqual(a.cache, 'hit');
  assert.match(a.body, /<h1 class="headline"><span class="live-label">Live<\/span> Harbour storm live<\/h1>/);
  // Newest first, each at its anchor with a share link; Markdown rendered, raw HTML escaped.
  const first = a.body.indexOf(`id="update-${ids[1]}"`);
  const second = a.body.indexOf(`id="update-${ids[0]}"`);
  assert.ok(first > 0 && second > first, 'newest first');
  assert.match(a.body, /Ferries <strong>suspended<\/strong> until noon\./);
  assert.doesNotMatch(a.body, /<script>alert/);
  assert.match(a.body, new RegExp(`<a href="${s.url.replace(/[.]/g, '\\.')}${path}#update-${ids[0]}" rel="bookmark">Link to this update</a>`));
  // The pinned one is a key point at the top, linking to its anchor.
  const keys = /<aside class="key-points"[\s\S]*?<\/aside>/.exec(a.body);
  assert.ok(keys, 'key points');
  assert.match(keys[0], new RegExp(`<li><a href="#update-${ids[1]}">Harbour closed to all shipping\\.</a></li>`));
  assert.ok(a.body.indexOf('class="key-points"') < a.body.indexOf('class="story-body"'));
  // The script, its data and the policy that admits it: this page alone.
  assert.match(a.body, /<script src="\/assets\/[^"]*live[^"]*\.js" defer><\/script>/);
  assert.match(a.body, new RegExp(`data-poll="/live/${id}/updates" data-latest="${ids[1]}" data-interval="30"`));
  const csp = a.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /connect-src 'self'/);
  assert.match(csp, /default-src 'none'/);
  assert.match(a.headers.get('cache-control'), /max-age=0, must-revalidate/);
  const cached = await page(path);
  assert.equal(cached.cache, 'hit');
  assert.match(cached.headers.get('content-security-policy'), /script-src 'self'/);
  assert.doesNotMatch((await page('/')).headers.get('content-security-policy'), /script-src/);
  // The other article's page was not dropped by the updates.
  assert.equal((await page(other)).cache, 'hit');

  // JSON-LD: a LiveBlogPosting with its coverage start and updates.
  const ld = jsonld(a.body, 'LiveBlogPosting');
  assert.ok(ld, 'LiveBlogPosting');
  assert.match(ld.coverageStartTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
  assert.equal(ld.coverageEndTime, undefined);
  assert.equal(ld.liveBlogUpdate.length, 2);
  assert.equal(ld.liveBlogUpdate[0]['@type'], 'BlogPosting');
  assert.equal(ld.liveBlogUpdate[0].headline, 'Harbour closed to all shipping.');
  assert.equal(ld.liveBlogUpdate[1].url, `${s.url}${path}#update-${ids[0]}`);
  assert.match(ld.liveBlogUpdate[1].articleBody, /Ferries suspended until noon/);
  assert.equal(jsonld(a.body, 'NewsArticle'), null);

});

test('the poll: counts new updates, refuses bad input, hides what readers cannot see', async () => {
  const latest = Number(s.sql(`SELECT max(id) FROM live_updates WHERE article_id = ${id}`));
  let r = await page(`/live/${id}/updates?after=${latest}`);
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.body), { live: true, new: 0, latest });
  r = await page(`/live/${id}/updates?after=0`);
  assert.deepEqual(JSON.parse(r.body), { live: true, new: 2, latest });
  await page(`/live/${id}/updates?after=${latest}`);
  assert.equal((await page(`/live/${id}/updates?after=${latest}`)).cache, 'hit');
  const post = await live({ action: 'post', from: 'desk', text: 'Coastguard on scene.' });
  assert.equal(post.status, 303);
  assert.equal(post.headers.location, `/admin/articles/${id}/live/?msg=live-posted`);
  r = await page(`/live/${id}/updates?after=${latest}`);
  assert.notEqual(r.cache, 'hit');
  assert.equal(JSON.parse(r.body).new, 1);
  assert.equal((await page(`/live/${id}/updates?after=x1`)).status, 400);
  assert.equal((await page('/live/999999/updates')).status, 404);
  assert.equal((await page('/live/abc/updates')).status, 404);
  // An article with no coverage, and one not out yet: 404.
  const plain = s.sql("SELECT id FROM articles WHERE status = 'published' AND id NOT IN (SELECT article_id FROM live_coverage) LIMIT 1");
  assert.equal((await page(`/live/${plain}/updates`)).status, 404);
});

test('refused updates keep the text; pin, unpin and delete', async () => {
  let r = await live({ action: 'post', from: 'editor', text: '   ' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Write the update first/);
  const long = 'word '.repeat(4001);
  r = await live({ action: 'post', from: 'editor', text: long, pinned: '1' });
  assert.equal(r.status, 413);
  assert.match(r.body, /at most 20,000 characters/);
  assert.ok(r.body.includes(long.trim()), 'the long text is kept');
  assert.match(r.body, /name="pinned" value="1" checked/);
  r = await live({ action: 'fly', from: 'editor' });
  assert.equal(r.status, 400);
  r = await live({ action: 'delete', update: '999999', from: 'editor' });
  assert.equal(r.status, 404);

  const newest = Number(s.sql(`SELECT max(id) FROM live_updates WHERE article_id = ${id}`));
  r = await live({ action: 'pin', update: String(newest), from: 'desk' });
  assert.equal(r.status, 303);
  let a = await page(path);
  assert.match(/<aside class="key-points"[\s\S]*?<\/aside>/.exec(a.body)[0], /Coastguard on scene\./);
  r = await live({ action: 'delete', update: String(newest), from: 'desk' });
  assert.equal(r.status, 303);
  a = await page(path);
  assert.doesNotMatch(a.body, /Coastguard on scene/);
  const desk = await editor.get(`/admin/articles/${id}/live/`);
  assert.equal(desk.status, 200);
  assert.match(desk.body, /Harbour closed to all shipping\./);
  assert.match(desk.body, /name="from" value="desk"/);
});

test('the text view lists the updates', async () => {
  const txt = await page(path.replace(/\/$/, '.txt'));
  assert.equal(txt.status, 200);
  assert.match(txt.body, /Live updates \(newest first\)/);
  assert.match(txt.body, /\(key point\)\nHarbour closed to all shipping\./);
});

test('ending the coverage makes it a normal article that keeps its updates', async () => {
  await page('/'); await page('/');
  const r = await live({ action: 'end', from: 'editor' });
  assert.equal(r.status, 303);
  const a = await page(path);
  assert.doesNotMatch(a.body, /class="live-label"/);
  assert.doesNotMatch(a.body, /<script src=/);
  assert.doesNotMatch(a.headers.get('content-security-policy'), /script-src/);
  assert.match(a.body, /<h2 class="live-updates-title" id="live-updates-title">Updates<\/h2>/);
  assert.match(a.body, /Harbour closed to all shipping\./);
  const ld = jsonld(a.body, 'LiveBlogPosting');
  assert.match(ld.coverageEndTime, /^\d{4}-/);
  assert.doesNotMatch((await page('/')).body, /live-label/);
  const poll = await page(`/live/${id}/updates?after=0`);
  assert.equal(JSON.parse(poll.body).live, false);
  // Ending twice is harmless; posting after the end is refused, text kept.
  assert.equal((await live({ action: 'end', from: 'editor' })).status, 303);
  const late = await live({ action: 'post', from: 'editor', text: 'One more thing' });
  assert.equal(late.status, 409);
  assert.match(late.body, />One more thing<\/textarea>/);
  const ed = await editor.get(`/admin/articles/${id}/`);
  assert.match(ed.body, /Resume live coverage/);
});
