// Readers find the news: feeds, sitemaps, metadata, search and
// related articles over real HTTP on the demo site.  Feeds are read by
// Debian's python3-feedparser and every XML document by xmllint; JSON
// Feed and JSON-LD by JSON.parse.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { feedparse, xmllint } from '../lib/feeds.mjs';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const RELATED = '/2024/03/niger-breaks-off-military-deal-with-us/';
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
let s;

before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function get(path) {
  const res = await fetch(s.url + path, { redirect: 'manual' });
  return { res, body: await res.text() };
}

const XML_FEEDS = [
  ['/feed/', 'rss20', /^application\/rss\+xml/],
  ['/feed/atom/', 'atom10', /^application\/atom\+xml/],
  ['/category/world/feed/', 'rss20', /^application\/rss\+xml/],
  ['/category/world/feed/atom/', 'atom10', /^application\/atom\+xml/],
  ['/tag/niger/feed/', 'rss20', /^application\/rss\+xml/],
  ['/tag/niger/feed/atom/', 'atom10', /^application\/atom\+xml/],
  ['/author/news-desk/feed/', 'rss20', /^application\/rss\+xml/],
  ['/author/news-desk/feed/atom/', 'atom10', /^application\/atom\+xml/],
];

test('RSS and Atom feeds: feedparser reads them without error, xmllint finds them well-formed', async () => {
  for (const [path, version, type] of XML_FEEDS) {
    const { res, body } = await get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), type, path);
    xmllint(body);
    const d = feedparse(body);
    assert.equal(d.bozo, 0, `${path}: ${d.error}`);
    assert.equal(d.version, version, path);
    assert.ok(d.entries.length > 0, path);
    for (const e of d.entries) {
      assert.match(e.id, /^http:\/\/127\.0\.0\.1:\d+\/\?p=\d+$/, `${path} guid`);
      assert.match(e.link, /^http:\/\/127\.0\.0\.1:\d+\/\d{4}\/\d\d\/[a-z0-9-]+\/$/, `${path} link`);
      assert.ok(e.content >= 1, `${path}: full content`);
    }
  }
  // The tag feed has exactly the tag's articles, newest first.
  const tag = feedparse((await get('/tag/niger/feed/')).body);
  assert.deepEqual(tag.entries.map((e) => e.title), [
    'US to Negotiate Troop Withdrawal from Niger Amid Military Leadership Talks',
    'Niger Breaks Off Military Deal With US',
  ]);
  assert.ok(tag.entries[0].tags.includes('Niger'));
  assert.ok(tag.entries[0].tags.includes('World'));
});

test('feed dates are RFC 822 (RSS) and RFC 3339 (Atom); GUIDs are stable across formats', async () => {
  const rss = (await get('/feed/')).body;
  const atom = (await get('/feed/atom/')).body;
  const pub = [...rss.matchAll(/<pubDate>([^<]*)<\/pubDate>/g)].map((m) => m[1]);
  assert.ok(pub.length > 0);
  for (const d of pub) assert.match(d, RFC822);
  assert.ok(rss.includes('<pubDate>Thu, 25 Apr 2024 10:00:00 +0000</pubDate>'));
  for (const m of atom.matchAll(/<(published|updated)>([^<]*)<\//g)) assert.match(m[2], RFC3339);
  const guids = [...rss.matchAll(/<guid isPermaLink="false">([^<]*)<\/guid>/g)].map((m) => m[1]);
  const ids = [...atom.matchAll(/<entry>\n<id>([^<]*)<\/id>/g)].map((m) => m[1]);
  assert.deepEqual(guids, ids);
  // Asked again, the same GUIDs (nothing per-request in them).
  const again = [...(await get('/feed/')).body.matchAll(/<guid isPermaLink="false">([^<]*)<\/guid>/g)].map((m) => m[1]);
  assert.deepEqual(again, guids);
  assert.match(rss, /<atom:link rel="self" type="application\/rss\+xml" href="http:\/\/127\.0\.0\.1:\d+\/feed\/"\/>/);
});

test('JSON Feed 1.1 at /feed.json and under each archive', async () => {
  for (const path of ['/feed.json', '/feed/json/', '/category/world/feed/json/', '/tag/niger/feed/json/', '/author/news-desk/feed/json/']) {
    const { res, body } = await get(path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type'), /^application\/feed\+json/);
    const f = JSON.parse(body);
    assert.equal(f.version, 'https://jsonfeed.org/version/1.1');
    assert.ok(f.title && f.home_page_url && f.feed_url, path);
    assert.ok(Array.isArray(f.items) && f.items.length > 0, path);
    for (const it of f.items) {
      assert.ok(typeof it.id === 'string' && it.id.length > 0);
      assert.ok(it.url.startsWith('http://127.0.0.1:'));
      assert.ok(typeof it.content_html === 'string' || typeof it.content_text === 'string');
      assert.match(it.date_published, RFC3339);
      assert.match(it.date_modified, RFC3339);
    }
  }
  const f = JSON.parse((await get('/tag/niger/feed/json/')).body);
  assert.equal(f.items[0].title, 'US to Negotiate Troop Withdrawal from Niger Amid Military Leadership Talks');
  assert.deepEqual(f.items[0].authors.map((a) => a.name), ['News Desk']);
  assert.ok(f.items[0].tags.includes('Sahel'));
  assert.ok(f.items[0].content_html.includes('Niamey'));
});

test('comments feed: the newest approved comments, no e-mail addresses', async () => {
  for (const [path, version] of [['/comments/feed/', 'rss20'], ['/comments/feed/atom/', 'atom10']]) {
    const { res, body } = await get(path);
    assert.equal(res.status, 200, path);
    xmllint(body);
    const d = feedparse(body);
    assert.equal(d.bozo, 0, `${path}: ${d.error}`);
    assert.equal(d.version, version);
    assert.ok(d.entries.length > 0, 'the demo has approved comments');
    for (const e of d.entries) {
      assert.match(e.title, /^Comment on .+ by .+$/);
      assert.match(e.link, /^http:\/\/127\.0\.0\.1:\d+\/\d{4}\/\d\d\/[a-z0-9-]+\/#comment-\d+$/);
      assert.match(e.id, /\/\?p=\d+#comment-\d+$/);
    }
    assert.ok(!/@[a-z0-9-]+\.[a-z]/i.test(body.replace(/xmlns[^ >]*/g, '')), 'no e-mail address');
  }
  const j = JSON.parse((await get('/comments/feed/json/')).body);
  assert.equal(j.version, 'https://jsonfeed.org/version/1.1');
  assert.ok(j.items.length > 0 && j.items.every((i) => typeof i.content_text === 'string'));
});

test('unknown archive feeds are 404', async () => {
  for (const path of ['/category/nope/feed/', '/tag/nope/feed/atom/', '/author/nope/feed/json/']) {
    assert.equal((await get(path)).res.status, 404, path);
  }
});

test('feed autodiscovery links on pages', async () => {
  const front = (await get('/')).body;
  assert.match(front, /<link rel="alternate" type="application\/rss\+xml" title="[^"]+" href="http:\/\/127\.0\.0\.1:\d+\/feed\/">/);
  assert.match(front, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="[^"]+\/feed\/atom\/">/);
  assert.match(front, /<link rel="alternate" type="application\/feed\+json" title="[^"]+" href="[^"]+\/feed\.json">/);
  const tag = (await get('/tag/niger/')).body;
  assert.match(tag, /<link rel="alternate" type="application\/rss\+xml" title="[^"]*Niger[^"]*" href="[^"]+\/tag\/niger\/feed\/">/);
  const section = (await get('/category/world/')).body;
  assert.match(section, /href="[^"]+\/category\/world\/feed\/atom\/"/);
  // Every advertised feed answers.
  for (const m of tag.matchAll(/<link rel="alternate" type="[^"]+" title="[^"]+" href="http:\/\/127\.0\.0\.1:\d+([^"]+)">/g)) {
    assert.equal((await get(m[1])).res.status, 200, m[1]);
  }
});

test('sitemaps: index, children, news sitemap, robots.txt', async () => {
  const idx = await get('/sitemap.xml');
  assert.equal(idx.res.status, 200);
  assert.match(idx.res.headers.get('content-type'), /^application\/xml/);
  xmllint(idx.body);
  assert.ok(idx.body.includes('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'));
  const locs = [...idx.body.matchAll(/<loc>http:\/\/127\.0\.0\.1:\d+([^<]+)<\/loc>/g)].map((m) => m[1]);
  assert.deepEqual(locs, ['/sitemaps/pages.xml', '/sitemaps/articles-1.xml']);
  for (const loc of locs) {
    const c = await get(loc);
    assert.equal(c.res.status, 200, loc);
    xmllint(c.body);
  }
  const arts = (await get('/sitemaps/articles-1.xml')).body;
  assert.ok(arts.includes(`${SEED}</loc><lastmod>2024-04-25T10:00:00Z</lastmod>`));
  assert.equal([...arts.matchAll(/<url>/g)].length, 15, 'every published demo article');
  const pages = (await get('/sitemaps/pages.xml')).body;
  assert.match(pages, /\/category\/world\/<\/loc>/);
  for (const bad of ['/sitemaps/articles-2.xml', '/sitemaps/articles-0.xml', '/sitemaps/articles-01.xml', '/sitemaps/nope.xml']) {
    assert.equal((await get(bad)).res.status, 404, bad);
  }
  const news = await get('/news-sitemap.xml');
  assert.equal(news.res.status, 200);
  xmllint(news.body);
  assert.ok(news.body.includes('xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'));
  const robots = (await get('/robots.txt')).body;
  assert.match(robots, /^Sitemap: http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml$/m);
  assert.match(robots, /^Sitemap: http:\/\/127\.0\.0\.1:\d+\/news-sitemap\.xml$/m);
});

function jsonld(body) {
  return [...body.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1]));
}

function meta(body, attr, name) {
  const m = new RegExp(`<meta ${attr}="${name.replace(/[.+]/g, '\\$&')}" content="([^"]*)">`).exec(body);
  return m ? m[1] : null;
}

test('article metadata: canonical, Open Graph, Twitter card, NewsArticle, BreadcrumbList, WebSite', async () => {
  const { body } = await get(SEED);
  assert.match(body, new RegExp(`<link rel="canonical" href="[^"]*${SEED}">`));
  assert.equal(meta(body, 'property', 'og:type'), 'article');
  assert.equal(meta(body, 'property', 'og:title'), 'US to Negotiate Troop Withdrawal from Niger Amid Military Leadership Talks');
  assert.match(meta(body, 'property', 'og:url'), new RegExp(`^http://127\\.0\\.0\\.1:\\d+${SEED}$`));
  assert.equal(meta(body, 'property', 'og:site_name'), 'The Nutgraf Times');
  assert.equal(meta(body, 'property', 'article:published_time'), '2024-04-25T10:00:00Z');
  assert.equal(meta(body, 'property', 'article:section'), 'World');
  // The demo stories have featured images (drawn by the demo): the large card.
  assert.equal(meta(body, 'name', 'twitter:card'), 'summary_large_image');
  assert.match(meta(body, 'property', 'og:image'), /^http:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f]{16}\/\d+\.jpg$/);
  assert.ok(meta(body, 'name', 'twitter:title'));
  const ld = jsonld(body);
  const art = ld.find((x) => x['@type'] === 'NewsArticle');
  assert.ok(art, 'NewsArticle');
  assert.equal(art['@context'], 'https://schema.org');
  assert.equal(art.headline, 'US to Negotiate Troop Withdrawal from Niger Amid Military Leadership Talks');
  assert.equal(art.datePublished, '2024-04-25T10:00:00Z');
  assert.match(art.dateModified, RFC3339);
  assert.equal(art.author.name, 'News Desk');
  assert.equal(art.publisher.name, 'The Nutgraf Times');
  assert.match(art.publisher.logo.url, /^http:\/\/127\.0\.0\.1:\d+\/assets\//);
  assert.equal(art.articleSection, 'World');
  assert.deepEqual(art.keywords, ['Niger', 'United States', 'Sahel', 'Russia']);
  assert.equal(art.sourceOrganization.name, 'Asian Lite News');
  const crumbs = ld.find((x) => x['@type'] === 'BreadcrumbList');
  assert.deepEqual(crumbs.itemListElement.map((i) => [i.position, i.name]),
    [[1, 'Home'], [2, 'World'], [3, art.headline]]);
  const site = ld.find((x) => x['@type'] === 'WebSite');
  assert.equal(site.potentialAction['@type'], 'SearchAction');
  assert.match(site.potentialAction.target.urlTemplate, /\/search\?q=\{search_term_string\}$/);
  assert.equal(site.potentialAction['query-input'], 'required name=search_term_string');
});

test('every page has canonical, Open Graph and WebSite JSON-LD', async () => {
  for (const path of ['/', '/category/world/', '/tag/niger/', '/author/news-desk/', '/search?q=niger']) {
    const { res, body } = await get(path);
    assert.equal(res.status, 200, path);
    assert.match(body, /<link rel="canonical" href="[^"]+">/, path);
    assert.ok(meta(body, 'property', 'og:title'), path);
    assert.ok(meta(body, 'property', 'og:url'), path);
    assert.ok(meta(body, 'name', 'twitter:card'), path);
    assert.ok(jsonld(body).some((x) => x['@type'] === 'WebSite'), path);
  }
  const tag = jsonld((await get('/tag/niger/')).body).find((x) => x['@type'] === 'BreadcrumbList');
  assert.deepEqual(tag.itemListElement.map((i) => i.name), ['Home', 'Niger']);
  // Search results are not for search engines.
  assert.equal(meta((await get('/search?q=niger')).body, 'name', 'robots'), 'noindex');
});

// Titles of the hits on a search page, in order.
function hits(body) {
  return [...body.matchAll(/<h2 class="search-title"><a href="([^"]+)">([^<]*)<\/a><\/h2>/g)].map((m) => ({ url: m[1], title: m[2] }));
}

test('search: ranking, phrases, prefixes, snippets, counts', async () => {
  let { res, body } = await get('/search?q=niger');
  assert.equal(res.status, 200);
  let h = hits(body);
  assert.deepEqual(h.map((x) => x.url).sort(), [RELATED, SEED].sort());
  assert.match(body, /2 results for <q>niger<\/q>/);
  assert.match(body, /<mark>Niger<\/mark>/);
  // A title match beats a body-only match.
  ({ body } = await get('/search?q=withdrawal'));
  h = hits(body);
  assert.equal(h[0].url, SEED);
  // A phrase only matches the words together, in order.
  ({ body } = await get('/search?q=%22military+deal%22'));
  assert.deepEqual(hits(body).map((x) => x.url), [RELATED]);
  ({ body } = await get('/search?q=%22deal+military%22'));
  assert.deepEqual(hits(body), []);
  assert.match(body, /0 results/);
  // A prefix.
  ({ body } = await get('/search?q=withdr*'));
  assert.equal(hits(body)[0].url, SEED);
  // Author and tag names are searchable too.
  ({ body } = await get('/search?q=sahel'));
  assert.ok(hits(body).some((x) => x.url === SEED));
});

test('search: pagination keeps the query and counts', async () => {
  const { body } = await get('/search?q=sample');
  const m = /(\d+) results for/.exec(body);
  assert.ok(m && Number(m[1]) > 10, 'more than one page of sample stories');
  assert.equal(hits(body).length, 10);
  assert.match(body, /href="\/search\?q=sample&amp;page=2"/);
  const p2 = await get('/search?q=sample&page=2');
  assert.equal(p2.res.status, 200);
  assert.equal(hits(p2.body).length, Number(m[1]) - 10);
  const first = new Set(hits(body).map((x) => x.url));
  for (const x of hits(p2.body)) assert.ok(!first.has(x.url), 'pages do not overlap');
  assert.equal((await get('/search?q=sample&page=9')).res.status, 404);
  assert.equal((await get('/search?q=sample&page=0')).res.status, 404);
  assert.equal((await get('/search?q=sample&page=x')).res.status, 404);
});

test('search: hostile queries never fail', async () => {
  const queries = ['"', '*', '**', 'NEAR(', 'NEAR(a b', "')--", "'; DROP TABLE articles;--", 'a OR', 'OR AND NOT',
    '"unbalanced', 'title:niger', '{title}: x', '^niger', '()', '-', '+++', '...!!!', '%', '\\', '\u0000', 'niger"*"',
    'x'.repeat(10 * 1024), 'niger '.repeat(2000), '\u00e9l\u00e8ve*', '\ud83d\ude00', '\u202e'];
  for (const q of queries) {
    const { res, body } = await get(`/search?q=${encodeURIComponent(q)}`);
    assert.ok(res.status === 200 || res.status === 400, `${JSON.stringify(q.slice(0, 40))}: ${res.status}`);
    if (res.status === 200) assert.match(body, /results? for|<h1 class="page-title">Search<\/h1>/);
  }
  // Raw bytes that are not UTF-8, and a bad escape.
  for (const raw of ['/search?q=%ff%fe', '/search?q=%zz', '/search?q=%', '/search?q']) {
    const { res } = await get(raw);
    assert.ok(res.status < 500, `${raw}: ${res.status}`);
  }
  // The database still answers.
  assert.equal(hits((await get('/search?q=niger')).body).length, 2);
});

test('related articles: stored at save, at most four, not the editor pick of "Also read"', async () => {
  const { body } = await get(SEED);
  const box = /<aside class="related"[\s\S]*?<\/aside>/.exec(body);
  assert.ok(box, 'related box');
  const links = [...box[0].matchAll(/<a href="([^"]+)">/g)].map((m) => m[1]);
  assert.ok(links.length >= 1 && links.length <= 4);
  assert.match(body, new RegExp(`<p class="also-read-link"><a href="${RELATED}">`), "the editor's pick is in Also read");
  assert.ok(!links.includes(RELATED), "and only there");
  assert.ok(!links.includes(SEED), 'never itself');
  assert.equal(new Set(links).size, links.length, 'no duplicates');
  // The related article lists the seed article back (shared tags).
  const back = /<aside class="related"[\s\S]*?<\/aside>/.exec((await get(RELATED)).body);
  assert.ok(back && back[0].includes(SEED));
});
