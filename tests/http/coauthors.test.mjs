// Co-authors: an article with several bylines reads "By A and B" ("By A,
// B and C") on its page, in lists and in its text view; it is on every
// author's page and feed (RSS: one dc:creator each, Atom: one <author>
// each, JSON Feed: the authors array); its JSON-LD author is an array,
// a desk byline typed Organization, a person Person.  The editor sets
// them with repeated selects (no JavaScript needed), revisions keep and
// restore them, and removing a co-author drops their cached page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, addUser, articleIdOf, cli } from '../lib/newsroom.mjs';
import { apiCaller, appPasswords, assertError } from '../lib/wpapi.mjs';

let s;
let ed;
let api;
const au = {};

before(async () => {
  s = await startServer();
  addUser(s, 'co-editor', 'editor');
  ed = new Client(s);
  assert.equal((await ed.login('co-editor')).status, 303);
  for (const [name, slug, kind] of [['Ann Lee', 'ann-lee', 'person'], ['Bo Chen', 'bo-chen', 'person'], ['Wire Desk', 'wire-desk', 'organization']]) {
    const r = await ed.postForm('/admin/authors/', { name, slug, kind, photo: '0', bio: '', links: '' });
    assert.equal(r.status, 303, r.body.slice(0, 300));
    au[slug] = Number(s.sql(`SELECT id FROM authors WHERE slug = '${slug}'`));
  }
  api = apiCaller(s, appPasswords(s));
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

// The editor's form with the bylines as repeated "author" fields.
function form(fields, authors) {
  const pairs = [['csrf', ed.token]];
  for (const [k, v] of Object.entries(fields)) pairs.push([k, String(v)]);
  for (const a of authors) pairs.push(['author', String(a)]);
  return pairs;
}

async function publish(title, authors) {
  const r = await ed.post('/admin/articles/new/', form({ title, body: `${title}, the text.`, action: 'publish', comments_open: '1' }, authors));
  assert.equal(r.status, 303, r.body.slice(0, 500));
  const id = articleIdOf(r);
  const loc = (await fetch(`${s.url}/?p=${id}`, { redirect: 'manual' })).headers.get('location');
  return { id, path: loc };
}

const text = (html) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
const jsonld = (html) => [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
const get = async (path) => (await fetch(s.url + path)).text();
const bylines = (id) => s.sql(`SELECT author_id FROM article_authors WHERE article_id = ${id} ORDER BY position`).split('\n').join(',');
const version = (id) => s.sql(`SELECT version FROM articles WHERE id = ${id}`);

test('two bylines: "By A and B" on the page, in lists, text view and JSON-LD', async () => {
  const { id, path } = await publish('Harbour deal signed', [au['ann-lee'], au['bo-chen']]);
  assert.equal(bylines(id), `${au['ann-lee']},${au['bo-chen']}`);
  assert.equal(s.sql(`SELECT author_id FROM articles WHERE id = ${id}`), String(au['ann-lee']));
  const html = await get(path);
  assert.match(html, /<p class="byline">By <a rel="author" href="\/author\/ann-lee\/">Ann Lee<\/a> and <a rel="author" href="\/author\/bo-chen\/">Bo Chen<\/a><\/p>/);
  const news = jsonld(html).find((x) => x['@type'] === 'NewsArticle');
  assert.ok(Array.isArray(news.author), JSON.stringify(news.author));
  assert.deepEqual(news.author.map((x) => [x['@type'], x.name]), [['Person', 'Ann Lee'], ['Person', 'Bo Chen']]);
  assert.match(news.author[1].url, /\/author\/bo-chen\/$/);
  const txt = await get(path.replace(/\/$/, '.txt'));
  assert.match(txt, /^By Ann Lee and Bo Chen$/m);
  assert.match(text(await get('/')), /By Ann Lee and Bo Chen/);
});

test('three bylines with a desk: "By A, B and C"; the desk is an Organization', async () => {
  const { path } = await publish('Storm closes port', [au['wire-desk'], au['ann-lee'], au['bo-chen']]);
  const html = await get(path);
  assert.match(text(html), /By Wire Desk, Ann Lee and Bo Chen/);
  const news = jsonld(html).find((x) => x['@type'] === 'NewsArticle');
  assert.deepEqual(news.author.map((x) => x['@type']), ['Organization', 'Person', 'Person']);
  // One byline stays one object, as before.
  const one = await publish('Desk only', [au['wire-desk']]);
  const single = jsonld(await get(one.path)).find((x) => x['@type'] === 'NewsArticle');
  assert.equal(single.author['@type'], 'Organization');
  assert.equal(single.author.name, 'Wire Desk');
});

test('every author\'s page and feeds list a co-written article', async () => {
  const { id } = await publish('Budget vote delayed', [au['bo-chen'], au['ann-lee']]);
  for (const slug of ['ann-lee', 'bo-chen']) {
    assert.match(await get(`/author/${slug}/`), /Budget vote delayed/, slug);
    const rss = await get(`/author/${slug}/feed/`);
    const item = rss.split('<item>').find((x) => x.includes('Budget vote delayed'));
    assert.ok(item, `${slug} RSS`);
    assert.deepEqual([...item.matchAll(/<dc:creator>(.*?)<\/dc:creator>/g)].map((m) => m[1]), ['Bo Chen', 'Ann Lee']);
    const atom = await get(`/author/${slug}/feed/atom/`);
    const entry = atom.split('<entry>').find((x) => x.includes('Budget vote delayed'));
    assert.ok(entry, `${slug} Atom`);
    assert.deepEqual([...entry.matchAll(/<author>\s*<name>(.*?)<\/name>/g)].map((m) => m[1]), ['Bo Chen', 'Ann Lee']);
    const json = JSON.parse(await get(`/author/${slug}/feed/json/`));
    const it = json.items.find((x) => x.title === 'Budget vote delayed');
    assert.ok(it, `${slug} JSON Feed`);
    assert.deepEqual(it.authors.map((x) => x.name), ['Bo Chen', 'Ann Lee']);
  }
  assert.ok(!(await get('/author/wire-desk/')).includes('Budget vote delayed'));
  // The newsroom list names both, and its author filter finds either.
  for (const a of ['ann-lee', 'bo-chen']) {
    const list = await ed.get(`/admin/articles/?author=${au[a]}`);
    assert.match(list.body, /<td data-label="Author">Bo Chen and Ann Lee<\/td>/, a);
  }
  // The editor shows each byline in its own select, then an empty one.
  const page = await ed.get(`/admin/articles/${id}/`);
  const selects = [...page.body.matchAll(/<select id="(author(?:-\d+)?)" name="author">([\s\S]*?)<\/select>/g)];
  assert.deepEqual(selects.map((m) => m[1]), ['author', 'author-2', 'author-3']);
  assert.match(selects[0][2], new RegExp(`<option value="${au['bo-chen']}" selected>`));
  assert.match(selects[1][2], new RegExp(`<option value="${au['ann-lee']}" selected>`));
  assert.ok(!selects[2][2].includes(' selected'));
});

test('removing a co-author drops their cached page and feed', async () => {
  const { id } = await publish('Bridge reopens', [au['ann-lee'], au['bo-chen']]);
  // Twice: the second is served from the page cache.
  assert.match(await get('/author/bo-chen/'), /Bridge reopens/);
  assert.match(await get('/author/bo-chen/'), /Bridge reopens/);
  assert.match(await get('/author/bo-chen/feed/'), /Bridge reopens/);
  const r = await ed.post(`/admin/articles/${id}/`, form({ title: 'Bridge reopens', body: 'Bridge reopens, the text.', action: 'save', comments_open: '1', version: version(id) }, [au['ann-lee'], '']));
  assert.equal(r.status, 303, r.body.slice(0, 500));
  assert.equal(bylines(id), String(au['ann-lee']));
  assert.ok(!(await get('/author/bo-chen/')).includes('Bridge reopens'));
  assert.ok(!(await get('/author/bo-chen/feed/')).includes('Bridge reopens'));
  assert.match(await get('/author/ann-lee/'), /Bridge reopens/);
});

test('revisions show the bylines in the diff and a restore brings them back', async () => {
  const { id } = await publish('Council recount', [au['ann-lee'], au['bo-chen']]);
  const first = s.sql(`SELECT min(id) FROM article_revisions WHERE article_id = ${id}`);
  let r = await ed.post(`/admin/articles/${id}/`, form({ title: 'Council recount', body: 'Council recount, the text.', action: 'save', comments_open: '1', version: version(id) }, [au['wire-desk']]));
  assert.equal(r.status, 303, r.body.slice(0, 500));
  assert.equal(bylines(id), String(au['wire-desk']));
  const cmp = await ed.get(`/admin/articles/${id}/revisions/${first}/`);
  assert.match(cmp.body, /<th scope="row">Bylines<\/th><td><del class="diff-del">Ann Lee, Bo Chen<\/del><\/td><td><ins class="diff-add">Wire Desk<\/ins><\/td>/);
  r = await ed.postForm(`/admin/articles/${id}/revisions/${first}/`, { version: version(id), confirm: '1' });
  assert.equal(r.status, 303, r.body.slice(0, 500));
  assert.equal(bylines(id), `${au['ann-lee']},${au['bo-chen']}`);
  assert.equal(s.sql(`SELECT author_id FROM articles WHERE id = ${id}`), String(au['ann-lee']));
});

test('REST API: an authors array beside author, read and written', async () => {
  let r = await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', json: { title: 'Ferry strike', content: 'Text.', status: 'publish', authors: [au['bo-chen'], au['wire-desk']] } });
  assert.equal(r.res.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  assert.equal(r.body.author, au['bo-chen']);
  assert.deepEqual(r.body.authors, [au['bo-chen'], au['wire-desk']]);
  r = await api(`/wp-json/wp/v2/posts/${id}`);
  assert.deepEqual(r.body.authors, [au['bo-chen'], au['wire-desk']]);
  assert.equal(r.body.author, au['bo-chen']);
  // author alone changes the first byline and keeps the co-author.
  r = await api(`/wp-json/wp/v2/posts/${id}`, { role: 'editor', method: 'POST', json: { author: au['ann-lee'] } });
  assert.equal(r.res.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.authors, [au['ann-lee'], au['bo-chen'], au['wire-desk']]);
  // A list replaces them; the filter by author finds co-authors too.
  r = await api(`/wp-json/wp/v2/posts/${id}`, { role: 'editor', method: 'POST', json: { authors: [au['wire-desk'], au['ann-lee']] } });
  assert.equal(r.res.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.author, au['wire-desk']);
  assert.deepEqual(r.body.authors, [au['wire-desk'], au['ann-lee']]);
  assert.equal(bylines(id), `${au['wire-desk']},${au['ann-lee']}`);
  r = await api(`/wp-json/wp/v2/posts?author=${au['ann-lee']}&per_page=100`);
  assert.ok(r.body.some((p) => p.id === id));
  assertError(await api(`/wp-json/wp/v2/posts/${id}`, { role: 'editor', method: 'POST', json: { authors: [999999] } }), 400, 'rest_invalid_author');
  assertError(await api(`/wp-json/wp/v2/posts/${id}`, { role: 'author', method: 'POST', json: { authors: [au['ann-lee']] } }), 403, 'rest_cannot_edit');
  assert.equal(bylines(id), `${au['wire-desk']},${au['ann-lee']}`);
  assert.match(await get('/author/ann-lee/'), /Ferry strike/);
});

test('command line: --author takes co-authors, by commas or again', async () => {
  const body = path.join(s.dataDir, 'co.md');
  writeFileSync(body, 'Two hands.\n');
  let r = cli(s, ['article', 'add', '--title', 'CLI pair', '--body-file', body, '--status', 'published', '--author', 'Wire Desk, bo-chen']);
  assert.equal(r.status, 0, r.stderr);
  let id = s.sql("SELECT id FROM articles WHERE title = 'CLI pair'");
  assert.equal(bylines(id), `${au['wire-desk']},${au['bo-chen']}`);
  r = cli(s, ['article', 'add', '--title', 'CLI three', '--body-file', body, '--author', 'ann-lee', '--author', 'Bo Chen', '--author', 'ann-lee,wire-desk']);
  assert.equal(r.status, 0, r.stderr);
  id = s.sql("SELECT id FROM articles WHERE title = 'CLI three'");
  assert.equal(bylines(id), `${au['ann-lee']},${au['bo-chen']},${au['wire-desk']}`);
  r = cli(s, ['article', 'add', '--title', 'CLI bad', '--body-file', body, '--author', 'ann-lee, Nobody Here']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no user or byline "Nobody Here"/);
  assert.equal(s.sql("SELECT count(*) FROM articles WHERE title = 'CLI bad'"), '0');
});

test('WordPress: Co-Authors Plus terms are imported in order, and exported so', async () => {
  const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'import', 'coauthors.xml');
  let r = cli(s, ['import', 'wordpress', fixture]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!/taxonomy `author`/.test(r.stdout + r.stderr), r.stdout + r.stderr);
  const id = s.sql("SELECT id FROM articles WHERE slug = 'tide-tables-revised'");
  const slugs = s.sql(`SELECT au.slug FROM article_authors aa JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = ${id} ORDER BY aa.position`).split('\n');
  assert.deepEqual(slugs, ['msmith', 'jdoe', 'city-desk']);
  assert.equal(s.sql("SELECT name FROM authors WHERE slug = 'city-desk'"), 'City Desk');
  const html = await get(`/?p=${id}`).then(() => fetch(`${s.url}/?p=${id}`, { redirect: 'manual' })).then((x) => get(x.headers.get('location')));
  assert.match(text(html), /By Max Smith, Jane Doe and City Desk/);
  // Exported as the plugin writes them, in order; a single byline adds none.
  r = cli(s, ['export', 'wordpress']);
  assert.equal(r.status, 0, r.stderr);
  const item = r.stdout.split('<item>').find((x) => x.includes('Tide tables revised'));
  assert.deepEqual([...item.matchAll(/<category domain="author" nicename="([^"]+)"><!\[CDATA\[([^\]]*)\]\]><\/category>/g)].map((m) => [m[1], m[2]]),
    [['cap-msmith', 'msmith'], ['cap-jdoe', 'jdoe'], ['cap-city-desk', 'city-desk']]);
  const single = r.stdout.split('<item>').find((x) => x.includes('Desk only'));
  assert.ok(single && !single.includes('domain="author"'));
  // Imported again: the same bylines, nothing doubled.
  r = cli(s, ['import', 'wordpress', fixture]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(bylines(id).split(',').length, 3);
});
