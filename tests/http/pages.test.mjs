// Static pages, navigation menus and WordPress's addresses,
// against a real server on a random loopback port: pages at /slug/ and
// /parent/child/, slugs that clash with routes refused, menus edited with
// plain form posts (no JavaScript) and shown in the masthead and footer
// with the section list as the fallback, and every WordPress URL that
// used to 404: old slugs, date archives, /?s=, /feed/rss2/, /feed/rdf/,
// /wp-sitemap.xml, /wp-content/uploads/..., /wp-admin/, /wp-login.php,
// /?p=, /?page_id=, /?attachment_id=, nested /category/a/b/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, cli } from '../lib/newsroom.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
let server;

// Run SQL on the site's database from outside, as an importer would have
// written it (the server notices other processes' writes), on either
// backend; rows come back as sqlite3 prints them ("a|b", one a line).
function sql(statements) {
  return statements.map((s) => server.sql(s)).filter((r) => r !== '').join('\n');
}

// GET on a connection of its own (agent: false): a reused keep-alive
// connection can meet the server's idle timeout after the slow CLI runs.
function get(p) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: server.port, path: p, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { data += c; });
      res.on('end', () => resolve({
        status: res.statusCode,
        headers: { get: (n) => res.headers[n.toLowerCase()] ?? null },
        text: async () => data,
      }));
    });
    req.on('error', reject);
  });
}

async function text(p) {
  const r = await get(p);
  return { status: r.status, body: await r.text(), location: r.headers.get('location') };
}

function loc(r) {
  return new URL(r.headers.get('location'), server.url).pathname + new URL(r.headers.get('location'), server.url).search;
}

before(async () => {
  server = await startServer();
  addUser(server, 'boss', 'administrator');
});

after(async () => {
  const { log } = await server.stop();
  assertNoSanitizerReport(log);
});

test('nutgraf page add|list|publish|unpublish, nested URLs, 301 without the slash', async () => {
  const body = path.join(server.dataDir, 'about.md');
  writeFileSync(body, 'We report **the news**.\n');
  let r = cli(server, ['page', 'add', '--title', 'About us', '--slug', 'about', '--body-file', body, '--status', 'published']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\/about\/\n$/);
  r = cli(server, ['page', 'add', '--title', 'Our team', '--parent', 'about']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\/admin\/pages\/\d+\//);	// a draft: the editor

  let p = await text('/about/');
  assert.equal(p.status, 200);
  assert.match(p.body, /<h1 class="headline">About us<\/h1>/);
  assert.match(p.body, /We report <strong>the news<\/strong>/);
  assert.equal((await get('/about/our-team/')).status, 404);	// draft

  r = cli(server, ['page', 'publish', 'about/our-team']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\/about\/our-team\/\n$/);
  p = await text('/about/our-team/');
  assert.equal(p.status, 200);
  assert.match(p.body, /Our team/);
  const slashless = await get('/about/our-team');
  assert.equal(slashless.status, 301);
  assert.equal(loc(slashless), '/about/our-team/');

  r = cli(server, ['page', 'list']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /\tpublished\t\/about\/\tAbout us\n\d+\tpublished\t\/about\/our-team\/\tOur team\n/);

  r = cli(server, ['page', 'unpublish', 'about/our-team']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await get('/about/our-team/')).status, 404);
  r = cli(server, ['page', 'publish', 'about/our-team']);
  assert.equal(r.status, 0, r.stderr);

  // Articles still answer at their own URLs.
  assert.equal((await get(SEED)).status, 200);
});

test('slugs that clash with routes, archives or WordPress paths are refused', () => {
  for (const slug of ['feed', 'tag', 'category', 'author', 'admin', 'page', 'search', 'assets',
    'comments', 'media', 'wp-json', 'wp-admin', '2024']) {
    const r = cli(server, ['page', 'add', '--title', 'Clash', '--slug', slug]);
    assert.notEqual(r.status, 0, slug);
    assert.match(r.stderr, /^nutgraf: page add: .+\n$/, slug);
  }
  // A title that is a route word gets "-2", like WordPress.
  const r = cli(server, ['page', 'add', '--title', 'Feed', '--status', 'published']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\/feed-2\/\n$/);
  // ...and a route word is fine below a parent: it hides nothing.
  const r2 = cli(server, ['page', 'add', '--title', 'Feed', '--slug', 'feed', '--parent', 'about']);
  assert.equal(r2.status, 0, r2.stderr);
  const bad = cli(server, ['page', 'add', '--title', 'X', '--parent', 'no-such-page']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /no page "no-such-page"/);
});

test('pages are in the sitemap, not in the feed or the news sitemap', async () => {
  const sm = await text('/sitemaps/pages.xml');
  assert.equal(sm.status, 200);
  assert.match(sm.body, /<loc>http:\/\/127\.0\.0\.1:\d+\/about\/<\/loc>/);
  assert.match(sm.body, /\/about\/our-team\/<\/loc>/);
  const feed = await text('/feed/');
  assert.doesNotMatch(feed.body, /\/about\//);
  const news = await text('/news-sitemap.xml');
  assert.doesNotMatch(news.body, /\/about\//);
});

test('the newsroom edits pages with revisions', async () => {
  const c = new Client(server);
  assert.equal((await c.login('boss')).status, 303);
  let r = await c.postForm('/admin/pages/new/', { title: 'Contact', slug: 'contact', body: 'Write to *us*.', status: 'published', parent: '0', order: '2', version: '0' });
  assert.equal(r.status, 303, r.body);
  const id = /\/admin\/pages\/(\d+)\//.exec(r.headers.location)[1];
  assert.match((await text('/contact/')).body, /Write to <em>us<\/em>/);
  const form = await c.get(`/admin/pages/${id}/`);
  const version = /name="version" value="(\d+)"/.exec(form.body)[1];
  r = await c.postForm(`/admin/pages/${id}/`, { action: 'save', title: 'Contact us', slug: 'contact', body: 'Write to *the desk*.', status: 'published', parent: '0', order: '2', version });
  assert.equal(r.status, 303, r.body);
  assert.match((await text('/contact/')).body, /the desk/);
  const revs = await c.get(`/admin/pages/${id}/revisions/`);
  assert.equal(revs.status, 200);
  assert.equal((revs.body.match(/<tr>\n<td>\d/g) || []).length, 2);
  // A route word is refused with the form kept.
  r = await c.postForm('/admin/pages/new/', { title: 'Tags', slug: 'tag', body: 'kept text', status: 'draft', parent: '0', order: '0', version: '0' });
  assert.equal(r.status, 400);
  assert.match(r.body, /site&#39;s own pages|site's own pages/);
  assert.match(r.body, /kept text/);
  // Renaming a published page: the old path answers 301.
  r = await c.postForm(`/admin/pages/${id}/`, { action: 'save', title: 'Contact us', slug: 'reach-us', body: 'x', status: 'published', parent: '0', order: '2', version: String(Number(version) + 1) });
  assert.equal(r.status, 303, r.body);
  const old = await get('/contact/');
  assert.equal(old.status, 301);
  assert.equal(loc(old), '/reach-us/');
});

test('menus: edited with plain forms, shown in masthead and footer, section list as fallback', async () => {
  // No menu yet: the masthead lists the sections.
  let home = await text('/');
  assert.match(home.body, /<nav class="sections" aria-label="Sections">/);
  assert.doesNotMatch(home.body, /menu-primary/);

  const c = new Client(server);
  await c.login('boss');
  let r = await c.postForm('/admin/menus/', { action: 'create', name: 'Main' });
  assert.equal(r.status, 303);
  const menu = /\/admin\/menus\/(\d+)\//.exec(r.headers.location)[1];
  const aboutId = /^(\d+)\t/m.exec(cli(server, ['page', 'list']).stdout)[1];
  const sections = sql(['SELECT id, slug FROM sections ORDER BY position, id LIMIT 1']);
  const [secId, secSlug] = /^(\d+)\|(\S+)$/m.exec(sections).slice(1);
  for (const form of [
    { kind: 'page', page: aboutId, label: '' },
    { kind: 'section', section: secId, label: 'Latest' },
    { kind: 'url', url: 'https://shop.example/', label: 'Shop' },
  ]) {
    r = await c.postForm(`/admin/menus/${menu}/`, { action: 'add', ...form });
    assert.equal(r.status, 303, r.body);
  }
  // Bad links are refused with a reason.
  r = await c.postForm(`/admin/menus/${menu}/`, { action: 'add', kind: 'url', url: 'javascript:alert(1)', label: 'x' });
  assert.equal(r.status, 403);
  assert.match(r.body, /http:\/\/, https:\/\/ or \//);

  const page = await c.get(`/admin/menus/${menu}/`);
  const items = [...page.body.matchAll(/data-item="(\d+)"/g)].map((m) => m[1]);
  assert.equal(items.length, 3);
  // Nest "Latest" under About, then move Shop to the top.
  r = await c.postForm(`/admin/menus/${menu}/items/${items[1]}/`, { action: 'indent' });
  assert.equal(r.status, 303);
  r = await c.postForm(`/admin/menus/${menu}/items/${items[2]}/`, { action: 'up' });
  assert.equal(r.status, 303);
  r = await c.postForm('/admin/menus/', { action: 'locations', primary: menu, footer: '0' });
  assert.equal(r.status, 303);

  home = await text('/');
  const nav = /<nav class="sections menu menu-primary"[\s\S]*?<\/nav>/.exec(home.body)[0];
  const labels = [...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(labels, [
    ['https://shop.example/', 'Shop'],
    ['/about/', 'About us'],
    [`/category/${secSlug}/`, 'Latest'],
  ]);
  assert.match(nav, /<ul class="submenu">\n<li><a href="\/category\//);
  // The footer still falls back to the section list...
  assert.match(home.body, /aria-label="Sections \(footer\)"/);
  // ...until the menu goes there too; every cached page shows it at once.
  r = await c.postForm('/admin/menus/', { action: 'locations', primary: menu, footer: menu });
  home = await text(SEED);
  assert.match(home.body, /<nav class="menu menu-footer" aria-label="Main \(footer\)">/);

  // Removing the parent lifts its child; unassigning restores the fallback.
  r = await c.postForm(`/admin/menus/${menu}/items/${items[0]}/`, { action: 'remove' });
  assert.equal(r.status, 303);
  home = await text('/');
  assert.doesNotMatch(home.body, /submenu/);
  assert.match(home.body, />Latest<\/a>/);
  r = await c.postForm('/admin/menus/', { action: 'locations', primary: '0', footer: '0' });
  home = await text('/');
  assert.doesNotMatch(home.body, /menu-primary/);
  assert.match(home.body, /aria-label="Sections"/);

  // Menus are the administrators'.
  addUser(server, 'ed', 'editor');
  const e = new Client(server);
  await e.login('ed');
  assert.equal((await e.get('/admin/menus/')).status, 403);
});

test('a renamed article slug answers 301 from its old URL', async () => {
  const id = sql([`SELECT id FROM articles WHERE slug = 'us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks'`]).match(/\d+/)[0];
  sql([`UPDATE articles SET slug = 'us-niger-talks' WHERE id = ${id}`]);
  const r = await get(SEED);
  assert.equal(r.status, 301);
  assert.equal(loc(r), '/2024/04/us-niger-talks/');
  assert.equal((await get('/2024/04/us-niger-talks/')).status, 200);
  // Text view too, and a second rename keeps both old slugs working.
  sql([`UPDATE articles SET slug = 'us-niger' WHERE id = ${id}`]);
  assert.equal(loc(await get(SEED)), '/2024/04/us-niger/');
  assert.equal(loc(await get('/2024/04/us-niger-talks/')), '/2024/04/us-niger/');
  sql([`UPDATE articles SET slug = 'us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks' WHERE id = ${id}`]);
  assert.equal((await get(SEED)).status, 200);
});

test('date archives /YYYY/, /YYYY/MM/, /YYYY/MM/DD/, paginated', async () => {
  const day = sql([`SELECT strftime('%Y/%m/%d', published_at, 'unixepoch') FROM articles WHERE slug LIKE 'us-to-negotiate%'`]).match(/\d{4}\/\d\d\/\d\d/)[0];
  for (const p of ['/2024/', '/2024/04/', `/${day}/`]) {
    const r = await text(p);
    assert.equal(r.status, 200, p);
    assert.match(r.body, /us-to-negotiate-troop-withdrawal/, p);
  }
  assert.match((await text('/2024/04/')).body, /<h1 class="page-title">April 2024<\/h1>/);
  for (const p of ['/1999/', '/2024/13/', '/2024/02/30/', '/0999/', '/2024/04/99/page/2/'])
    assert.equal((await get(p)).status, 404, p);
  const first = await get('/2024/page/1/');
  assert.equal(first.status, 301);
  assert.equal(loc(first), '/2024/');
  assert.equal((await get('/2024/page/99/')).status, 404);
});

test('/?s=, /feed/rss2/, /feed/rdf/, /wp-sitemap.xml, /wp-admin/, /wp-login.php', async () => {
  const s = await text('/?s=niger');
  assert.equal(s.status, 200);
  assert.match(s.body, /Search results/);
  assert.match(s.body, /class="search-result"/);
  assert.doesNotMatch(s.body, /class="front/);
  for (const p of ['/feed/rss2/', '/feed/rdf/']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers.get('content-type'), /rss\+xml|xml/);
    assert.match(await r.text(), /<rss version="2.0"/);
  }
  const wps = await text('/wp-sitemap.xml');
  assert.equal(wps.status, 200);
  assert.match(wps.body, /<sitemapindex/);
  for (const [p, to] of [['/wp-admin/', '/admin/'], ['/wp-admin/post.php', '/admin/'], ['/wp-login.php', '/admin/login']]) {
    const r = await get(p);
    assert.equal(r.status, 302, p);
    assert.equal(loc(r), to, p);
  }
});

test('/?p=, /?page_id=, /?attachment_id= with WordPress IDs first, native ids otherwise', async () => {
  const art = sql([`SELECT id FROM articles WHERE slug LIKE 'us-to-negotiate%'`]).match(/\d+/)[0];
  let r = await get(`/?p=${art}`);
  assert.equal(r.status, 301);
  assert.equal(loc(r), SEED);
  const about = /^(\d+)\t\S+\t\/about\/\t/m.exec(cli(server, ['page', 'list']).stdout)[1];
  r = await get(`/?page_id=${about}`);
  assert.equal(r.status, 301);
  assert.equal(loc(r), '/about/');
  // After an import: WordPress's IDs win over native ones.
  sql([`UPDATE articles SET wp_id = 4711 WHERE id = ${art}`, `UPDATE pages SET wp_id = ${art} WHERE id = ${about}`]);
  assert.equal(loc(await get('/?p=4711')), SEED);
  assert.equal(loc(await get(`/?page_id=${art}`)), '/about/');
  // WordPress's IDs are one series for posts and pages, and win over
  // native ids: ?p=N finds the page imported as N before article N.
  assert.equal(loc(await get(`/?p=${art}`)), '/about/');
  // Media: a row with an old upload path and a WordPress ID.
  sql([`INSERT INTO media (path, mime, created_at, wp_id) VALUES ('abcd/800.jpg', 'image/jpeg', 0, 9001)`,
    `INSERT INTO old_uploads (path, media_id) SELECT '2019/05/photo.jpg', id FROM media WHERE wp_id = 9001`]);
  assert.equal(loc(await get('/?attachment_id=9001')), '/media/abcd/800.jpg');
  for (const p of ['/?p=999999', '/?page_id=999999', '/?attachment_id=999999', '/?p=abc', '/?p=0'])
    assert.equal((await get(p)).status, 404, p);
  // /wp-content/uploads/...: the file, its sized copies; else 404.
  r = await get('/wp-content/uploads/2019/05/photo.jpg');
  assert.equal(r.status, 301);
  assert.equal(loc(r), '/media/abcd/800.jpg');
  assert.equal(loc(await get('/wp-content/uploads/2019/05/photo-300x200.jpg')), '/media/abcd/800.jpg');
  assert.equal((await get('/wp-content/uploads/2019/05/other.jpg')).status, 404);
  assert.ok([400, 404].includes((await get('/wp-content/uploads/2019/05/..%2f..%2fnutgraf.db')).status));
});

test('nested sections: /category/parent/child/ and /category/child/ both answer', async () => {
  const rows = sql(['SELECT id, slug FROM sections ORDER BY id LIMIT 2']);
  const [[p, pslug], [ch, cslug]] = [...rows.matchAll(/^(\d+)\|(\S+)$/gm)].map((m) => [m[1], m[2]]);
  sql([`UPDATE sections SET parent_id = ${p} WHERE id = ${ch}`]);
  const nested = await text(`/category/${pslug}/${cslug}/`);
  assert.equal(nested.status, 200);
  assert.match(nested.body, /<h1 class="page-title">/);
  assert.equal((await get(`/category/${cslug}/`)).status, 200);
  // A made-up chain is not a duplicate page.
  assert.equal((await get(`/category/${cslug}/${pslug}/`)).status, 404);
  assert.equal((await get(`/category/nope/${cslug}/`)).status, 404);
  sql([`UPDATE sections SET parent_id = NULL WHERE id = ${ch}`]);
});
