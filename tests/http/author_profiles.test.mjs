// Author profiles: a photo from the media library, a bio and links,
// shown on the author's page and in its structured data; a desk byline
// ("News Desk") is an Organization there and in its articles' JSON-LD,
// a person a Person.  A refused profile comes back as typed (422, 409
// for a taken slug), the field at fault named, nothing saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf, gradientPng, uploadMedia } from '../lib/newsroom.mjs';

let s;
let ed;
let photo;

before(async () => {
  s = await startServer();
  addUser(s, 'prof-editor', 'editor');
  addUser(s, 'rita', 'author');
  ed = new Client(s);
  assert.equal((await ed.login('prof-editor')).status, 303);
  const up = await uploadMedia(ed, { alt: 'Rita at her desk' }, { name: 'rita.png', type: 'image/png', data: gradientPng(400, 400) });
  assert.equal(up.status, 303, up.body.slice(0, 300));
  photo = s.sql("SELECT id FROM media WHERE alt = 'Rita at her desk'");
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

function jsonld(html) {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]));
}

const authorId = (slug) => s.sql(`SELECT id FROM authors WHERE slug = '${slug}'`);

test('a person\'s profile: photo, bio and links on the author page and in JSON-LD', async () => {
  const id = authorId('rita');
  const page = await ed.get('/admin/authors/');
  assert.match(page.body, new RegExp(`<option value="${photo}">#${photo} Rita at her desk</option>`));
  const r = await ed.postForm(`/admin/authors/${id}/`, {
    name: 'Rita Mora', slug: 'rita', kind: 'person', photo, bio: 'Covers the courts.',
    links: ' https://rita.example/ \n\nhttps://www.social.example/@rita\n',
  });
  assert.equal(r.status, 303, r.body.slice(0, 500));
  assert.equal(s.sql(`SELECT links FROM authors WHERE id = ${id}`), 'https://rita.example/\nhttps://www.social.example/@rita');
  const html = await (await fetch(`${s.url}/author/rita/`)).text();
  assert.match(html, /<img class="author-photo" src="\/media\/[^"]+" srcset="[^"]+ \d+w[^"]*" sizes="6rem" width="400" height="400" alt="Rita at her desk">/);
  assert.match(html, /Covers the courts\./);
  assert.match(html, /<a href="https:\/\/rita\.example\/" rel="me">rita\.example<\/a>/);
  assert.match(html, /<a href="https:\/\/www\.social\.example\/@rita" rel="me">social\.example<\/a>/);
  const profile = jsonld(html).find((x) => x['@type'] === 'ProfilePage');
  assert.ok(profile, html);
  assert.equal(profile.mainEntity['@type'], 'Person');
  assert.equal(profile.mainEntity.name, 'Rita Mora');
  assert.equal(profile.mainEntity.description, 'Covers the courts.');
  assert.match(profile.mainEntity.image, /^http:\/\/127\.0\.0\.1:\d+\/media\//);
  assert.deepEqual(profile.mainEntity.sameAs, ['https://rita.example/', 'https://www.social.example/@rita']);

  // Her article names her as a Person with the same photo and links.
  const a = await ed.postForm('/admin/articles/new/', { title: 'Court rules', body: 'Text.', action: 'publish', author: id, comments_open: '1' });
  const art = articleIdOf(a);
  const loc = (await fetch(`${s.url}/?p=${art}`, { redirect: 'manual' })).headers.get('location');
  const news = jsonld(await (await fetch(s.url + loc)).text()).find((x) => x['@type'] === 'NewsArticle');
  assert.equal(news.author['@type'], 'Person');
  assert.equal(news.author.name, 'Rita Mora');
  assert.equal(news.author.image, profile.mainEntity.image);
  assert.deepEqual(news.author.sameAs, profile.mainEntity.sameAs);
  // Saved unchanged, the form changes nothing (the photo stays chosen).
  const again = await ed.get('/admin/authors/');
  assert.match(again.body, new RegExp(`<option value="${photo}" selected>`));
  assert.match(again.body, /<option value="person" selected>a person<\/option>/);
});

test('a desk byline is an Organization on its page and in its articles', async () => {
  let r = await ed.postForm('/admin/authors/', { name: 'City Desk', slug: '', kind: 'organization', photo: '0', bio: '', links: '' });
  assert.equal(r.status, 303, r.body.slice(0, 500));
  const id = authorId('city-desk');
  assert.equal(s.sql(`SELECT kind FROM authors WHERE id = ${id}`), 'organization');
  const html = await (await fetch(`${s.url}/author/city-desk/`)).text();
  assert.equal(jsonld(html).find((x) => x['@type'] === 'ProfilePage').mainEntity['@type'], 'Organization');
  assert.ok(!/class="author-photo"/.test(html));
  assert.ok(!/class="author-links"/.test(html));
  r = await ed.postForm('/admin/articles/new/', { title: 'Weather warning', body: 'Storms.', action: 'publish', author: id, comments_open: '1' });
  const loc = (await fetch(`${s.url}/?p=${articleIdOf(r)}`, { redirect: 'manual' })).headers.get('location');
  const news = jsonld(await (await fetch(s.url + loc)).text()).find((x) => x['@type'] === 'NewsArticle');
  assert.equal(news.author['@type'], 'Organization');
  assert.equal(news.author.name, 'City Desk');
  // Back to a person: the cached article page follows at once.
  const page = await ed.get('/admin/authors/');
  assert.match(page.body, /<option value="organization" selected>a desk or organization<\/option>/);
  r = await ed.postForm(`/admin/authors/${id}/`, { name: 'City Desk', slug: 'city-desk', kind: 'person', photo: '0', bio: '', links: '' });
  assert.equal(r.status, 303);
  const news2 = jsonld(await (await fetch(s.url + loc)).text()).find((x) => x['@type'] === 'NewsArticle');
  assert.equal(news2.author['@type'], 'Person');
});

test('refused profiles come back as typed with the field named; nothing is saved', async () => {
  const id = authorId('rita');
  const before = s.sql(`SELECT name, slug, bio, links, coalesce(photo_id, 0), kind FROM authors WHERE id = ${id}`);
  const typed = { name: 'Rita M.', slug: 'rita', kind: 'person', photo, bio: 'A new bio <b>', links: 'https://ok.example/\nnot a link' };
  let r = await ed.postForm(`/admin/authors/${id}/`, typed);
  assert.equal(r.status, 422);
  assert.match(r.body, /Nothing was saved\. Links: Write one web address a line/);
  assert.match(r.body, new RegExp(`id="al-${id}" name="links"[^>]*aria-invalid="true"`));
  assert.match(r.body, /value="Rita M\."/);
  assert.match(r.body, /A new bio &lt;b&gt;<\/textarea>/);
  assert.match(r.body, /https:\/\/ok\.example\/\nnot a link<\/textarea>/);
  // Only that author's form is marked.
  assert.equal((r.body.match(/aria-invalid="true"/g) || []).length, 1);

  r = await ed.postForm(`/admin/authors/${id}/`, { ...typed, links: '', photo: '999999' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Photo: Choose an image of the media library/);
  r = await ed.postForm(`/admin/authors/${id}/`, { ...typed, links: '', slug: 'Not A Slug' });
  assert.equal(r.status, 422);
  assert.match(r.body, /value="Not A Slug"/);
  r = await ed.postForm(`/admin/authors/${id}/`, { ...typed, links: '', slug: 'city-desk' });
  assert.equal(r.status, 409);
  assert.match(r.body, /Slug: Another author has this slug/);
  r = await ed.postForm(`/admin/authors/${id}/`, { ...typed, links: '', name: '' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Name: Give the author a name/);
  r = await ed.postForm(`/admin/authors/${id}/`, { ...typed, links: '', kind: 'robot' });
  assert.equal(r.status, 422);
  const many = Array.from({ length: 11 }, (_, i) => `https://l${i}.example/`).join('\n');
  r = await ed.postForm(`/admin/authors/${id}/`, { ...typed, links: many });
  assert.equal(r.status, 422);
  assert.match(r.body, /Ten links at most/);
  assert.equal(s.sql(`SELECT name, slug, bio, links, coalesce(photo_id, 0), kind FROM authors WHERE id = ${id}`), before);

  // The new-author form too.
  r = await ed.postForm('/admin/authors/', { name: 'Sam', slug: '', kind: 'person', photo: '0', bio: 'Sports.', links: 'ftp://x' });
  assert.equal(r.status, 422);
  assert.match(r.body, /id="author-new"[\s\S]*value="Sam"[\s\S]*Sports\.<\/textarea>/);
  assert.equal(s.sql("SELECT count(*) FROM authors WHERE name = 'Sam'"), '0');
  // Authors and contributors may not edit bylines at all.
  const au = new Client(s);
  assert.equal((await au.login('rita')).status, 303);
  assert.equal((await au.postForm(`/admin/authors/${id}/`, typed)).status, 403);
});
