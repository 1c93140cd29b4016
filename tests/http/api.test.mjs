// The REST API, read side: WordPress's /wp-json/ shapes,
// parameters, pagination headers and error bodies, over real HTTP on the
// demo site.  What is checked is WordPress's documented behaviour (REST
// API Handbook), not just what nutgraf happens to answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { cli } from '../lib/newsroom.mjs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const SEED_SLUG = 'us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks';
const SEED = `/2024/04/${SEED_SLUG}/`;
let s;

before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function api(path, init = {}) {
  const res = await fetch(s.url + path, { redirect: 'manual', ...init });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  return { res, body };
}

// WordPress's error body, with status in data.
function assertError({ res, body }, status, code) {
  assert.equal(res.status, status, JSON.stringify(body));
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(body.code, code, JSON.stringify(body));
  assert.equal(typeof body.message, 'string');
  assert.equal(body.data.status, status);
}

test('discovery: /wp-json/ describes the site, namespaces, routes and application passwords', async () => {
  const { res, body } = await api('/wp-json/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json; charset=UTF-8$/);
  assert.equal(typeof body.name, 'string');
  assert.ok(body.name.length > 0);
  assert.equal(body.url, s.url);
  assert.equal(body.home, s.url);
  assert.deepEqual(body.namespaces.sort(), ['oembed/1.0', 'wp/v2']);
  assert.ok(body.authentication['application-passwords'].endpoints.authorization.startsWith(s.url));
  for (const route of ['/wp/v2/posts', '/wp/v2/posts/(?P<id>[\\d]+)', '/wp/v2/categories',
    '/wp/v2/tags', '/wp/v2/users', '/wp/v2/comments', '/wp/v2/media', '/wp/v2/search']) {
    assert.ok(body.routes[route], route);
    assert.equal(body.routes[route].namespace, 'wp/v2');
    assert.ok(body.routes[route].methods.includes('GET'), route);
    assert.ok(Array.isArray(body.routes[route].endpoints), route);
  }
  assert.ok(body.routes['/wp/v2/posts'].endpoints[0].args.per_page);
  assert.ok(body.routes['/wp/v2/posts'].methods.includes('POST'));
  // Without the slash, and in the plain-permalink form.
  assert.equal((await api('/wp-json')).body.name, body.name);
  assert.equal((await api('/?rest_route=/')).body.name, body.name);
  const ns = await api('/wp-json/wp/v2');
  assert.equal(ns.body.namespace, 'wp/v2');
});

test('discovery: every page has the Link header and <link rel="https://api.w.org/">; articles name their oEmbed', async () => {
  const res = await fetch(s.url + SEED);
  const html = await res.text();
  assert.equal(res.headers.get('link'), `<${s.url}/wp-json/>; rel="https://api.w.org/"`);
  assert.ok(html.includes(`<link rel="https://api.w.org/" href="${s.url}/wp-json/">`));
  const url = encodeURIComponent(s.url + SEED);
  assert.ok(html.includes(`type="application/json+oembed" href="${s.url}/wp-json/oembed/1.0/embed?url=${url}"`), 'oEmbed JSON link');
  assert.ok(html.includes(`type="text/xml+oembed" href="${s.url}/wp-json/oembed/1.0/embed?url=${url}&amp;format=xml"`), 'oEmbed XML link');
  const front = await fetch(s.url + '/');
  assert.match(front.headers.get('link'), /rel="https:\/\/api\.w\.org\/"/);
});

test('posts: WordPress fields, the same ids as /?p=ID, rendered content without shortcodes', async () => {
  const { res, body } = await api('/wp-json/wp/v2/posts');
  assert.equal(res.status, 200);
  assert.equal(body.length, 10);
  const total = Number(res.headers.get('x-wp-total'));
  assert.ok(total > 10);
  assert.equal(Number(res.headers.get('x-wp-totalpages')), Math.ceil(total / 10));
  assert.equal(res.headers.get('allow'), 'GET');
  assert.match(res.headers.get('cache-control'), /public/);
  const p = body.find((x) => x.slug === SEED_SLUG);
  assert.ok(p, 'the seed article is listed');
  for (const k of ['id', 'date', 'date_gmt', 'guid', 'modified', 'modified_gmt', 'slug', 'status',
    'type', 'link', 'title', 'content', 'excerpt', 'author', 'featured_media', 'comment_status',
    'ping_status', 'sticky', 'template', 'format', 'meta', 'categories', 'tags', '_links']) {
    assert.ok(k in p, k);
  }
  assert.equal(p.status, 'publish');
  assert.equal(p.type, 'post');
  assert.equal(p.link, s.url + SEED);
  assert.match(p.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.match(p.date_gmt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal(typeof p.title.rendered, 'string');
  assert.equal(p.content.protected, false);
  assert.ok(p.content.rendered.includes('<p>'));
  assert.ok(!/\[(soliloquy|related|gallery|ad)\b/.test(p.content.rendered), 'no shortcode text');
  assert.ok(Array.isArray(p.categories) && p.categories.length === 1);
  assert.ok(Array.isArray(p.tags));
  assert.equal(p._links.self[0].href, `${s.url}/wp-json/wp/v2/posts/${p.id}`);
  assert.equal(p._links.author[0].embeddable, true);
  // /?p=ID is the same article.
  const short = await fetch(`${s.url}/?p=${p.id}`, { redirect: 'manual' });
  assert.equal(short.status, 301);
  assert.equal(new URL(short.headers.get('location'), s.url).pathname, SEED);
  // One post by id.
  const one = await api(`/wp-json/wp/v2/posts/${p.id}`);
  assert.equal(one.res.status, 200);
  assert.equal(one.body.id, p.id);
  assert.equal(one.body.content.rendered, p.content.rendered);
  // The trailing slash is accepted too.
  assert.equal((await api(`/wp-json/wp/v2/posts/${p.id}/`)).body.id, p.id);
});

test('posts: pagination headers and Link rel=next/prev, page past the end is rest_post_invalid_page_number', async () => {
  const first = await api('/wp-json/wp/v2/posts?per_page=2');
  const total = Number(first.res.headers.get('x-wp-total'));
  const pages = Number(first.res.headers.get('x-wp-totalpages'));
  assert.equal(pages, Math.ceil(total / 2));
  assert.match(first.res.headers.get('link'), /<[^>]*[?&]page=2[^>]*>; rel="next"/);
  assert.ok(!/rel="prev"/.test(first.res.headers.get('link')));
  const second = await api('/wp-json/wp/v2/posts?per_page=2&page=2');
  const link = second.res.headers.get('link');
  assert.match(link, /per_page=2/);
  assert.match(link, /rel="prev"/);
  assert.match(link, /rel="next"/);
  assert.notDeepEqual(second.body.map((p) => p.id), first.body.map((p) => p.id));
  // Walking every page gives every post once.
  const seen = new Set();
  for (let page = 1; page <= pages; page++) {
    const r = await api(`/wp-json/wp/v2/posts?per_page=2&page=${page}&_fields=id`);
    for (const p of r.body) seen.add(p.id);
  }
  assert.equal(seen.size, total);
  const last = await api(`/wp-json/wp/v2/posts?per_page=2&page=${pages}`);
  assert.ok(!/rel="next"/.test(last.res.headers.get('link') ?? ''));
  assertError(await api(`/wp-json/wp/v2/posts?per_page=2&page=${pages + 1}`), 400,
    'rest_post_invalid_page_number');
  // offset
  const off = await api('/wp-json/wp/v2/posts?per_page=1&offset=1&_fields=id');
  assert.equal(off.body[0].id, first.body[1].id);
});

test('posts: query parameters filter and order as WordPress does', async () => {
  const all = (await api('/wp-json/wp/v2/posts?per_page=100&_fields=id,slug,date_gmt,categories,tags,author,title')).body;
  const seed = all.find((p) => p.slug === SEED_SLUG);
  // slug
  let r = await api(`/wp-json/wp/v2/posts?slug=${SEED_SLUG}`);
  assert.deepEqual(r.body.map((p) => p.id), [seed.id]);
  // include / exclude, orderby=include
  const ids = all.slice(0, 3).map((p) => p.id);
  r = await api(`/wp-json/wp/v2/posts?include=${ids.join(',')}&_fields=id`);
  assert.deepEqual(r.body.map((p) => p.id).sort(), [...ids].sort());
  r = await api(`/wp-json/wp/v2/posts?include[]=${ids[2]}&include[]=${ids[0]}&orderby=include&_fields=id`);
  assert.deepEqual(r.body.map((p) => p.id), [ids[2], ids[0]]);
  r = await api(`/wp-json/wp/v2/posts?exclude=${seed.id}&per_page=100&_fields=id`);
  assert.ok(!r.body.some((p) => p.id === seed.id));
  assert.equal(r.body.length, all.length - 1);
  // categories, tags, author
  const cat = seed.categories[0];
  r = await api(`/wp-json/wp/v2/posts?categories=${cat}&per_page=100&_fields=categories`);
  assert.ok(r.body.length > 0 && r.body.every((p) => p.categories.includes(cat)));
  assert.equal(r.body.length, all.filter((p) => p.categories.includes(cat)).length);
  if (seed.tags.length > 0) {
    const tag = seed.tags[0];
    r = await api(`/wp-json/wp/v2/posts?tags=${tag}&per_page=100&_fields=tags`);
    assert.equal(r.body.length, all.filter((p) => p.tags.includes(tag)).length);
    r = await api(`/wp-json/wp/v2/posts?tags_exclude=${tag}&per_page=100&_fields=tags`);
    assert.ok(r.body.every((p) => !p.tags.includes(tag)));
  }
  r = await api(`/wp-json/wp/v2/posts?author=${seed.author}&per_page=100&_fields=author`);
  assert.equal(r.body.length, all.filter((p) => p.author === seed.author).length);
  // order and orderby
  r = await api('/wp-json/wp/v2/posts?order=asc&per_page=100&_fields=date_gmt');
  const dates = r.body.map((p) => p.date_gmt);
  assert.deepEqual(dates, [...dates].sort());
  r = await api('/wp-json/wp/v2/posts?orderby=title&order=asc&per_page=100&_fields=title');
  const titles = r.body.map((p) => p.title.rendered.toLowerCase());
  assert.deepEqual(titles, [...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  // after / before
  r = await api(`/wp-json/wp/v2/posts?after=${seed.date_gmt}Z&per_page=100&_fields=date_gmt`);
  assert.ok(r.body.every((p) => p.date_gmt > seed.date_gmt));
  r = await api(`/wp-json/wp/v2/posts?before=${seed.date_gmt}Z&per_page=100&_fields=date_gmt`);
  assert.ok(r.body.every((p) => p.date_gmt < seed.date_gmt));
  // search
  r = await api('/wp-json/wp/v2/posts?search=Niger&_fields=id');
  assert.ok(r.body.some((p) => p.id === seed.id));
  r = await api('/wp-json/wp/v2/posts?search=zzqqxxnothing');
  assert.deepEqual(r.body, []);
  assert.equal(r.res.headers.get('x-wp-total'), '0');
  assert.equal(r.res.headers.get('x-wp-totalpages'), '0');
});

test('_fields keeps only the named fields, dotted paths too; _embed embeds author, terms', async () => {
  let r = await api('/wp-json/wp/v2/posts?per_page=1&_fields=id,title.rendered');
  assert.deepEqual(Object.keys(r.body[0]).sort(), ['id', 'title']);
  assert.deepEqual(Object.keys(r.body[0].title), ['rendered']);
  r = await api('/wp-json/wp/v2/posts?per_page=1');
  assert.ok(!('_embedded' in r.body[0]));
  r = await api(`/wp-json/wp/v2/posts?slug=${SEED_SLUG}&_embed`);
  const e = r.body[0]._embedded;
  assert.equal(e.author[0].id, r.body[0].author);
  assert.equal(typeof e.author[0].name, 'string');
  assert.equal(e['wp:term'][0][0].taxonomy, 'category');
  assert.equal(e['wp:term'][0][0].id, r.body[0].categories[0]);
  assert.deepEqual(e['wp:term'][1].map((t) => t.id), r.body[0].tags);
});

test('errors: WordPress bodies for unknown ids, routes and bad parameters', async () => {
  assertError(await api('/wp-json/wp/v2/posts/999999'), 404, 'rest_post_invalid_id');
  assertError(await api('/wp-json/wp/v2/categories/999999'), 404, 'rest_term_invalid');
  assertError(await api('/wp-json/wp/v2/tags/999999'), 404, 'rest_term_invalid');
  assertError(await api('/wp-json/wp/v2/users/999999'), 404, 'rest_user_invalid_id');
  assertError(await api('/wp-json/wp/v2/comments/999999'), 404, 'rest_comment_invalid_id');
  assertError(await api('/wp-json/wp/v2/media/999999'), 404, 'rest_post_invalid_id');
  assertError(await api('/wp-json/wp/v2/nothing'), 404, 'rest_no_route');
  assertError(await api('/wp-json/wp/v2/posts/abc'), 404, 'rest_no_route');
  assertError(await api('/wp-json/a/b/c/d/e/f'), 404, 'rest_no_route');
  assertError(await api('/wp-json/wp/v2/categories', { method: 'DELETE' }), 404, 'rest_no_route');
  let r = await api('/wp-json/wp/v2/posts?per_page=1000');
  assertError(r, 400, 'rest_invalid_param');
  assert.equal(r.body.message, 'Invalid parameter(s): per_page');
  assert.equal(r.body.data.params.per_page, 'per_page must be between 1 (inclusive) and 100 (inclusive)');
  assert.equal(r.body.data.details.per_page.code, 'rest_out_of_bounds');
  r = await api('/wp-json/wp/v2/posts?page=-3&per_page=abc');
  assertError(r, 400, 'rest_invalid_param');
  assert.deepEqual(Object.keys(r.body.data.params).sort(), ['page', 'per_page']);
  assert.equal(r.body.data.params.per_page, 'per_page is not of type integer.');
  assert.equal(r.body.data.details.per_page.code, 'rest_invalid_type');
  r = await api('/wp-json/wp/v2/posts?order=sideways');
  assertError(r, 400, 'rest_invalid_param');
  assert.equal(r.body.data.params.order, 'order is not one of desc and asc.');
  r = await api('/wp-json/wp/v2/posts?categories=1,x');
  assertError(r, 400, 'rest_invalid_param');
  r = await api('/wp-json/wp/v2/posts?after=yesterday');
  assertError(r, 400, 'rest_invalid_param');
  assert.equal(r.body.data.details.after.code, 'rest_invalid_date');
  assertError(await api('/wp-json/wp/v2/posts?context=edit'), 401, 'rest_forbidden_context');
  assertError(await api('/wp-json/wp/v2/posts?status=draft'), 401, 'rest_forbidden_status');
  assertError(await api('/wp-json/wp/v2/posts?orderby=relevance'), 400, 'rest_no_search_term_defined');
  // Unknown parameters are ignored, as WordPress ignores them.
  assert.equal((await api('/wp-json/wp/v2/posts?per_page=1&colour=blue')).res.status, 200);
  // Error bodies are never cached.
  assert.match(r.res.headers.get('cache-control'), /no-store/);
});

test('categories and tags: fields, counts, filters, post=', async () => {
  const { res, body } = await api('/wp-json/wp/v2/categories?per_page=100');
  assert.equal(res.status, 200);
  assert.equal(Number(res.headers.get('x-wp-total')), body.length);
  const names = body.map((c) => c.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  const world = body.find((c) => c.slug === 'world');
  for (const k of ['id', 'count', 'description', 'link', 'name', 'slug', 'taxonomy', 'parent', 'meta', '_links']) {
    assert.ok(k in world, k);
  }
  assert.equal(world.taxonomy, 'category');
  assert.equal(world.link, `${s.url}/category/world/`);
  const inWorld = await api(`/wp-json/wp/v2/posts?categories=${world.id}&per_page=1`);
  assert.equal(world.count, Number(inWorld.res.headers.get('x-wp-total')));
  assert.equal((await api(`/wp-json/wp/v2/categories/${world.id}`)).body.slug, 'world');
  assert.deepEqual((await api('/wp-json/wp/v2/categories?slug=world')).body.map((c) => c.id), [world.id]);
  const tags = await api('/wp-json/wp/v2/tags?per_page=100');
  assert.ok(tags.body.length > 0);
  assert.equal(tags.body[0].taxonomy, 'post_tag');
  const seed = (await api(`/wp-json/wp/v2/posts?slug=${SEED_SLUG}`)).body[0];
  const ptags = await api(`/wp-json/wp/v2/tags?post=${seed.id}`);
  assert.deepEqual(ptags.body.map((t) => t.id).sort(), [...seed.tags].sort());
  const hidden = await api('/wp-json/wp/v2/tags?hide_empty=true&per_page=100');
  assert.ok(hidden.body.every((t) => t.count > 0));
});

test('users: authors with public fields only', async () => {
  const { res, body } = await api('/wp-json/wp/v2/users');
  assert.equal(res.status, 200);
  assert.ok(body.length > 0);
  for (const u of body) {
    assert.deepEqual(Object.keys(u).sort(), ['_links', 'avatar_urls', 'description', 'id', 'link', 'meta', 'name', 'slug', 'url']);
    assert.match(u.link, /\/author\/[a-z0-9-]+\/$/);
  }
  assertError(await api('/wp-json/wp/v2/users/me'), 401, 'rest_not_logged_in');
});

test('comments: approved only, per post, rendered as on the page', async () => {
  const seed = (await api(`/wp-json/wp/v2/posts?slug=${SEED_SLUG}`)).body[0];
  const { res, body } = await api(`/wp-json/wp/v2/comments?post=${seed.id}`);
  assert.equal(res.status, 200);
  assert.ok(body.length > 0);
  for (const c of body) {
    assert.equal(c.post, seed.id);
    assert.equal(c.status, 'approved');
    assert.equal(c.type, 'comment');
    assert.ok(!('author_email' in c), 'no e-mail address in public');
    assert.ok(!('author_ip' in c));
    assert.match(c.content.rendered, /^<p>/);
    assert.ok(c.link.startsWith(s.url + SEED + '#comment-'));
  }
  const one = await api(`/wp-json/wp/v2/comments/${body[0].id}`);
  assert.equal(one.body.id, body[0].id);
  assertError(await api('/wp-json/wp/v2/comments?status=hold'), 401, 'rest_forbidden_param');
  const all = await api('/wp-json/wp/v2/comments');
  assert.ok(all.body.every((c) => c.status === 'approved'));
});

test('search: WordPress search results', async () => {
  const { res, body } = await api('/wp-json/wp/v2/search?search=Niger');
  assert.equal(res.status, 200);
  assert.ok(body.length > 0);
  for (const h of body) {
    assert.deepEqual(Object.keys(h).sort(), ['_links', 'id', 'subtype', 'title', 'type', 'url']);
    assert.equal(h.type, 'post');
  }
  assert.ok(Number(res.headers.get('x-wp-total')) >= body.length);
  assertError(await api('/wp-json/wp/v2/search?search=Niger&page=99'), 400, 'rest_search_invalid_page_number');
});

test('public GETs go through the page cache and are dropped when the site changes', async () => {
  const url = '/wp-json/wp/v2/posts?per_page=3&_fields=id,title';
  const a = await fetch(s.url + url);
  const etag = a.headers.get('etag');
  assert.ok(etag);
  const b = await fetch(s.url + url, { headers: { 'if-none-match': etag } });
  assert.equal(b.status, 304);
  // A request with credentials never reads or fills the cache.
  const c = await fetch(s.url + url, { headers: { authorization: 'Basic ' + Buffer.from('nobody:x').toString('base64') } });
  assert.equal(c.status, 401);
});

test('oEmbed: rich JSON and XML for an article, a sandboxed iframe of its card; 404 for others', async () => {
  const url = s.url + SEED;
  const { res, body } = await api(`/wp-json/oembed/1.0/embed?url=${encodeURIComponent(url)}`);
  assert.equal(res.status, 200);
  assert.equal(body.version, '1.0');
  assert.equal(body.type, 'rich');
  assert.equal(body.width, 600);
  assert.equal(body.height, 338);
  assert.equal(typeof body.provider_name, 'string');
  assert.equal(body.provider_url, s.url + '/');
  assert.match(body.title, /Niger/);
  assert.match(body.html, new RegExp(`<iframe sandbox="[^"]*" class="wp-embedded-content" src="${url}embed/"`));
  assert.ok(!/allow-scripts/.test(body.html), 'the frame may not run scripts');
  assert.ok(!/<script/i.test(body.html));
  const narrow = await api(`/wp-json/oembed/1.0/embed?url=${encodeURIComponent(url)}&maxwidth=300`);
  assert.equal(narrow.body.width, 300);
  assert.equal(narrow.body.height, 200);
  const xml = await fetch(`${s.url}/wp-json/oembed/1.0/embed?url=${encodeURIComponent(url)}&format=xml`);
  assert.match(xml.headers.get('content-type'), /^text\/xml/);
  const text = await xml.text();
  assert.match(text, /^<\?xml version="1\.0"\?>\n<oembed>/);
  assert.match(text, /<type>rich<\/type>/);
  assert.match(text, /<html>&lt;blockquote/);
  // The shortlink form names the same article.
  const id = (await api(`/wp-json/wp/v2/posts?slug=${SEED_SLUG}`)).body[0].id;
  const short = await api(`/wp-json/oembed/1.0/embed?url=${encodeURIComponent(`${s.url}/?p=${id}`)}`);
  assert.equal(short.body.title, body.title);
  assertError(await api(`/wp-json/oembed/1.0/embed?url=${encodeURIComponent(s.url + '/no/such/page/')}`), 404, 'oembed_invalid_url');
  assertError(await api('/wp-json/oembed/1.0/embed'), 400, 'rest_missing_callback_param');
  assertError(await api(`/wp-json/oembed/1.0/embed?url=${encodeURIComponent(url)}&format=yaml`), 400, 'rest_invalid_param');
  // The card: headline, dek, site name, no script, frameable by anyone.
  const card = await fetch(url + 'embed/');
  assert.equal(card.status, 200);
  assert.match(card.headers.get('content-security-policy'), /frame-ancestors \*/);
  assert.ok(!/script-src/.test(card.headers.get('content-security-policy')));
  const html = await card.text();
  assert.ok(!/<script/i.test(html));
  assert.ok(html.includes(`<a href="${url}">`));
  assert.match(html, /<p>The US State Department/);
  assert.match(html, /class="site"/);
});

test('pages: published static pages as WordPress page objects, parents and links', async () => {
  const body = path.join(s.dataDir, 'about.md');
  writeFileSync(body, 'About **us**.\n');
  assert.equal(cli(s, ['page', 'add', '--title', 'About us', '--slug', 'about', '--body-file', body, '--status', 'published']).status, 0);
  assert.equal(cli(s, ['page', 'add', '--title', 'The team', '--slug', 'team', '--parent', 'about', '--status', 'published']).status, 0);
  assert.equal(cli(s, ['page', 'add', '--title', 'Secret draft', '--slug', 'secret']).status, 0);
  const { res, body: list } = await api('/wp-json/wp/v2/pages?orderby=title&order=asc');
  assert.equal(res.status, 200);
  assert.deepEqual(list.map((p) => p.title.rendered), ['About us', 'The team']);
  assert.equal(res.headers.get('x-wp-total'), '2');
  const about = list[0];
  const team = list[1];
  assert.equal(about.type, 'page');
  assert.equal(about.status, 'publish');
  assert.equal(about.link, `${s.url}/about/`);
  assert.equal(team.link, `${s.url}/about/team/`);
  assert.equal(team.parent, about.id);
  assert.equal(about.content.rendered, '<p>About <strong>us</strong>.</p>\n');
  const page = await (await fetch(about.link)).text();
  assert.ok(page.includes(about.content.rendered.trim()));
  assert.deepEqual((await api(`/wp-json/wp/v2/pages?parent=${about.id}`)).body.map((p) => p.id), [team.id]);
  assert.equal((await api(`/wp-json/wp/v2/pages/${team.id}`)).body.slug, 'team');
  assertError(await api('/wp-json/wp/v2/pages/999999'), 404, 'rest_post_invalid_id');
  // The draft (the third page made) is not public.
  assertError(await api('/wp-json/wp/v2/pages/3'), 401, 'rest_forbidden');
});
