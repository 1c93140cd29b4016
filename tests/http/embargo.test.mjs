// Embargoes that hold: an article scheduled for time T leaves no trace
// on any public URL before T -- not its title, slug, address, id, tag,
// nor a count that includes it -- and shows everywhere it belongs once
// T has passed, with the page cache on (the default) so that a page
// cached before T is not served after it.
//
// The sweep is every same-origin link a crawl from the front page and
// the sitemaps reaches, plus the addresses no page links to: search,
// /?p=ID, the REST API, oEmbed, every feed and a live page's poll.
// Meanwhile the newsroom shares the story through its preview link,
// which shows it, to anyone holding the link and only to them, before
// T (uncached, unindexed) and leads to the public page after.  A pass before T runs
// twice (the second one, close to T, is served from the page cache); a
// response that ended after T proves nothing and is not judged.  The
// time T is set from how long one sweep takes here, so a slow machine
// gets a later T rather than a flaky test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, until, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, articleIdOf, demoPassword } from '../lib/newsroom.mjs';

const TITLE = 'Quillfeather accord signed behind closed doors';
const DEK = 'Negotiators met in Vantorre for the Quillfeather deal';
const TAG = 'Quillfeather talks';
const TAG_SLUG = 'quillfeather-talks';
const WORD = 'quillfeather';
const SKIP = /^\/(admin|wp-admin|wp-login\.php|assets|media|house-ads|ad|wp-content)(\/|$)/;

let s;
let editor;

before(async () => {
  s = await startServer();
  editor = new Client(s);
  const r = await editor.login('admin', demoPassword(s));
  assert.equal(r.status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

// GET a path without following redirects: { status, location, body, end }.
async function get(path) {
  const res = await fetch(s.url + path, { redirect: 'manual' });
  const body = await res.text();
  return { path, status: res.status, location: res.headers.get('location') || '', body, end: Date.now() };
}

// Same-origin paths linked from body (href, src of links, <loc>).
function linksOf(body) {
  const out = [];
  const re = /(?:href="|<loc>|"url":")([^"<]+)/g;
  for (let m; (m = re.exec(body));) {
    let u = m[1].replace(/&amp;/g, '&').replace(/\\\//g, '/');
    if (u.startsWith(s.url)) u = u.slice(s.url.length) || '/';
    if (!u.startsWith('/') || u.startsWith('//')) continue;
    u = u.split('#')[0];
    if (!SKIP.test(u)) out.push(u);
  }
  return out;
}

// Every public URL reachable from the front page and the sitemaps.
async function crawl() {
  const seen = new Set();
  const queue = ['/', '/sitemap.xml', '/news-sitemap.xml', '/wp-sitemap.xml', '/feed/'];
  while (queue.length && seen.size < 600) {
    const p = queue.shift();
    if (seen.has(p)) continue;
    seen.add(p);
    const r = await get(p);
    if (r.status === 200) for (const l of linksOf(r.body)) if (!seen.has(l)) queue.push(l);
  }
  return [...seen];
}

// The addresses no page links to, about the article and its neighbours.
function extraPaths(a) {
  const q = encodeURIComponent(WORD);
  const url = encodeURIComponent(s.url + a.path);
  return [
    `/search?q=${q}`, `/?s=${q}`, `/search?q=${encodeURIComponent('closed doors')}`, '/search?q=Vantorre',
    `/?p=${a.id}`, a.path, a.path.replace(/\/$/, '.txt'), `${a.path}feed/`,
    `/tag/${TAG_SLUG}/`, `/tag/${TAG_SLUG}/feed/`, `/tag/${TAG_SLUG}/feed/atom/`,
    `/tag/${TAG_SLUG}/feed/json/`,
    '/feed/', '/feed/atom/', '/feed/json/', '/feed.json', '/feed/rss2/',
    `/category/${a.section}/feed/`, `/category/${a.section}/feed/atom/`,
    `/category/${a.section}/feed/json/`,
    `/author/${a.author}/feed/`, `/author/${a.author}/feed/atom/`, `/author/${a.author}/feed/json/`,
    `/tag/${a.tag}/`, `/tag/${a.tag}/feed/json/`,
    '/wp-json/wp/v2/posts', '/wp-json/wp/v2/posts?per_page=100',
    `/wp-json/wp/v2/posts/${a.id}`, `/wp-json/wp/v2/posts?slug=${a.slug}`,
    `/wp-json/wp/v2/posts?search=${q}`, `/wp-json/wp/v2/posts?include=${a.id}`,
    `/wp-json/wp/v2/posts?categories=${a.sectionId}`, `/wp-json/wp/v2/posts?tags=${a.tagId}`,
    `/wp-json/wp/v2/search?search=${q}`, '/wp-json/wp/v2/categories',
    '/wp-json/wp/v2/tags?per_page=100', `/wp-json/wp/v2/tags?search=${q}`,
    `/wp-json/wp/v2/tags?slug=${TAG_SLUG}`, '/wp-json/wp/v2/users',
    `/wp-json/oembed/1.0/embed?url=${url}`, `/wp-json/oembed/1.0/embed?url=${url}&format=xml`,
    `/?rest_route=/wp/v2/posts/${a.id}`, '/?rest_route=/wp/v2/posts',
    `/live/${a.id}/updates`, `/live/${a.id}/updates?after=0`,
  ];
}

// What gives the article away in a response.
function traces(a, r) {
  const found = [];
  const b = r.body;
  const low = b.toLowerCase();
  // Whole phrases: a search page repeats the word it was asked for.
  if (low.includes(TITLE.toLowerCase())) found.push('its title');
  if (low.includes('negotiators met in vantorre')) found.push('its dek');
  if (low.includes('text, embargoed')) found.push('its text');
  if (low.includes(TAG.toLowerCase()) || b.includes(TAG_SLUG)) found.push('its tag');
  if (b.includes(a.slug)) found.push('its slug');
  if (new RegExp(`[?&]p=${a.id}\\b`).test(b)) found.push('its ?p= address');
  if (/posts|search|oembed/.test(r.path) && new RegExp(`"id":\\s*${a.id}\\b`).test(b)) found.push('its id');
  if (r.location.includes(a.slug)) found.push('a redirect to it');
  return found;
}

// The counts an article adds to: its section's and tag's in the API,
// and the post total the API reports.
async function counts(a) {
  const cats = JSON.parse((await get('/wp-json/wp/v2/categories?per_page=100')).body);
  const tags = JSON.parse((await get(`/wp-json/wp/v2/tags?slug=${a.tag}`)).body);
  const res = await fetch(s.url + '/wp-json/wp/v2/posts');
  await res.text();
  return {
    section: cats.find((c) => c.id === a.sectionId).count,
    tag: tags[0].count,
    total: Number(res.headers.get('x-wp-total')),
  };
}

// One pass over paths; returns the responses, each with its path.
async function sweep(paths) {
  const out = [];
  for (const p of paths) out.push({ ...(await get(p)), path: p });
  return out;
}

test('a scheduled article leaves no trace on any public URL until its time', async () => {
  // A demo article and its section, author and tag to share with.
  const seedId = Number(s.sql("SELECT id FROM articles WHERE status = 'published' " +
    'AND section_id IS NOT NULL AND author_id IS NOT NULL AND id IN (SELECT article_id FROM article_tags) ' +
    'ORDER BY published_at DESC, id DESC LIMIT 1'));
  const [sectionId, section] = s.sql(`SELECT se.id, se.slug FROM sections se JOIN articles a ON a.section_id = se.id WHERE a.id = ${seedId}`).split('|');
  const [authorId, author] = s.sql(`SELECT au.id, au.slug FROM authors au JOIN articles a ON a.author_id = au.id WHERE a.id = ${seedId}`).split('|');
  const [tagId, tag, tagName] = s.sql(`SELECT t.id, t.slug, t.name FROM tags t JOIN article_tags x ON x.tag_id = t.id WHERE x.article_id = ${seedId} ORDER BY t.id LIMIT 1`).split('|');

  // How long one sweep takes here sets how far ahead T is.
  const t0 = Date.now();
  const crawled = await crawl();
  const took = Date.now() - t0;
  assert.ok(crawled.length > 30, `the crawl reached only ${crawled.length} URLs`);
  const T = Math.ceil((Date.now() + 3 * took + 6000) / 1000);
  const when = new Date(T * 1000).toISOString().slice(0, 19);

  let r = await editor.postForm('/admin/articles/new/', {
    title: TITLE, dek: DEK, body: `The ${WORD} text, embargoed.`, section: sectionId,
    author: authorId, tags: `${tagName}, ${TAG}`, action: 'schedule', publish_at: when,
    comments_open: 'on',
  });
  assert.equal(r.status, 303, r.body);
  const id = articleIdOf(r);
  assert.equal(s.sql(`SELECT status || '|' || published_at FROM articles WHERE id = ${id}`), `scheduled|${T}`);
  const slug = s.sql(`SELECT slug FROM articles WHERE id = ${id}`);
  const d = new Date(T * 1000);
  const path = `/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${slug}/`;
  const a = {
    id, slug, path, section, sectionId: Number(sectionId), author, tag, tagId: Number(tagId),
  };

  // The newsroom shares it before T: a preview link, opened with no login.
  r = await editor.postForm(`/admin/articles/${id}/preview-links/`, { action: 'create', hours: '24' });
  assert.equal(r.status, 201, r.body);
  const made = /id="preview-url"[^>]* value="(https?:\/\/[^"]+\/preview\/[0-9a-f]{64})"/.exec(r.body);
  assert.ok(made, 'the preview link is shown');
  const preview = new URL(made[1]).pathname;
  const shared = async () => {
    const res = await fetch(s.url + preview, { redirect: 'manual' });
    return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('location') || '' };
  };

  // Another story, out now, that points at it: an "Also read" box by
  // shortcode, and the same section, author and tag for related lists.
  r = await editor.postForm('/admin/articles/new/', {
    title: 'Harbour board meets on Tuesday', dek: 'A routine meeting',
    body: `First paragraph.\n\n[related id=${id}]\n\nSecond paragraph.`,
    section: sectionId, author: authorId, tags: tagName, action: 'publish',
  });
  assert.equal(r.status, 303, r.body);
  const otherId = articleIdOf(r);
  const otherSlug = s.sql(`SELECT slug FROM articles WHERE id = ${otherId}`);
  const otherPub = new Date(Number(s.sql(`SELECT published_at FROM articles WHERE id = ${otherId}`)) * 1000);
  const otherPath = `/${otherPub.getUTCFullYear()}/${String(otherPub.getUTCMonth() + 1).padStart(2, '0')}/${otherSlug}/`;
  assert.equal((await get(otherPath)).status, 200);

  const paths = [...new Set([...crawled, ...(await crawl()), ...extraPaths(a),
    otherPath, otherPath.replace(/\/$/, '.txt'), `/?p=${otherId}`])];
  const base = await counts(a);

  // Before T: twice, the second pass as close to T as a pass allows
  // (served from the page cache the first filled).
  const judged = new Set();
  const check = (responses) => {
    const leaks = [];
    for (const x of responses) {
      if (x.end >= T * 1000) continue;
      judged.add(x.path);
      const t = traces(a, x);
      if (t.length) leaks.push(`${x.path} (${x.status}): ${t.join(', ')}`);
    }
    assert.deepEqual(leaks, [], 'URLs that give the embargoed article away before its time');
  };
  assert.ok(!paths.some((p) => p.startsWith('/preview/')), 'no public page links the preview');
  const sharedBefore = await shared();
  assert.ok(Date.now() < T * 1000, 'the preview was opened before T');
  assert.equal(sharedBefore.status, 200);
  assert.ok(sharedBefore.body.includes(TITLE), 'the preview shows the article');
  assert.match(sharedBefore.body, new RegExp(`The ${WORD} text, embargoed\\.`));
  assert.match(sharedBefore.headers.get('cache-control'), /no-store/);
  assert.match(sharedBefore.headers.get('x-robots-tag'), /noindex/);
  const p0 = Date.now();
  check(await sweep(paths));
  const pass = Date.now() - p0;
  assert.equal(judged.size, paths.length, 'the first pass before T ended in time');
  await until('one sweep before the embargo ends', () => Date.now() >= T * 1000 - 1000 - Math.max(pass, took) * 1.5, 60000);
  check(await sweep(paths));
  // The link still works in the last second, the public URLs still hide it.
  const lastShared = await shared();
  const lastPublic = await get(path);
  if (lastPublic.end < T * 1000) {
    assert.equal(lastShared.status, 200);
    assert.ok(lastShared.body.includes(TITLE));
    assert.equal(lastPublic.status, 404);
  }
  assert.deepEqual(await counts(a), base, 'counts before the embargo ends');
  assert.equal((await get(path)).status, 404);
  assert.equal((await get(`/?p=${id}`)).status, 404);
  assert.ok([401, 403, 404].includes((await get(`/wp-json/wp/v2/posts/${id}`)).status));

  // One second after T: everywhere it belongs, on the first request.
  await until('one second after the embargo', () => Date.now() >= T * 1000 + 1000, 60000);
  const after = new Map((await sweep(paths)).map((x) => [x.path, x]));
  const shows = (p, what = 'accord signed behind') => {
    const x = after.get(p);
    assert.ok(x, `${p} was swept`);
    assert.ok(x.body.toLowerCase().includes(what.toLowerCase()) || x.location.includes(a.slug),
      `${p} (${x.status}) shows the article once the embargo ends`);
  };
  assert.equal(after.get(path).status, 200);
  // The preview link now leads to the public page.
  const sharedAfter = await shared();
  assert.equal(sharedAfter.status, 303);
  assert.ok(sharedAfter.location.endsWith(path), sharedAfter.location);
  for (const p of ['/', `/category/${section}/`, `/author/${author}/`, `/tag/${tag}/`, `/tag/${TAG_SLUG}/`,
    `/search?q=${WORD}`, `/?s=${WORD}`, '/feed/', '/feed/atom/', '/feed/json/', '/feed.json',
    `/category/${section}/feed/`, `/category/${section}/feed/atom/`, `/category/${section}/feed/json/`,
    `/author/${author}/feed/`, `/tag/${tag}/feed/json/`, `/tag/${TAG_SLUG}/feed/`,
    '/news-sitemap.xml', '/wp-json/wp/v2/posts', `/wp-json/wp/v2/posts/${id}`,
    `/wp-json/wp/v2/posts?slug=${slug}`, `/wp-json/wp/v2/search?search=${WORD}`,
    `/wp-json/oembed/1.0/embed?url=${encodeURIComponent(s.url + path)}`,
    otherPath, otherPath.replace(/\/$/, '.txt')]) shows(p);
  shows(`/?p=${id}`, slug);
  shows(`/wp-json/wp/v2/tags?slug=${TAG_SLUG}`, TAG);
  assert.ok(after.get(`/?p=${id}`).location.endsWith(path));
  assert.ok(paths.filter((p) => /^\/sitemaps\//.test(p)).some((p) => after.get(p).body.includes(slug)),
    'a sitemap lists it');
  const now = await counts(a);
  assert.deepEqual(now, { section: base.section + 1, tag: base.tag + 1, total: base.total + 1 });
});
