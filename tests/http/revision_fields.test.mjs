// Revisions keep every field an editor changes -- kicker, section, byline,
// tags, source, canonical address, SEO fields, featured image -- and the
// compare page shows them; a restore brings them back, asking first when
// the article is live; a revision older than that keeps the fields.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf } from '../lib/newsroom.mjs';

let s;
let ed;
let sec;
let pics;

before(async () => {
  s = await startServer();
  addUser(s, 'rev-editor', 'editor');
  ed = new Client(s);
  assert.equal((await ed.login('rev-editor')).status, 303);
  sec = {
    world: s.sql("SELECT id FROM sections WHERE slug = 'world'"),
    other: s.sql("SELECT id FROM sections WHERE slug <> 'world' ORDER BY id LIMIT 1"),
  };
  s.sql("INSERT INTO media (path, mime, width, height, alt, created_at) VALUES ('aaaaaaaaaaaaaaaa/first.jpg', 'image/jpeg', 10, 10, 'First picture', 1)");
  s.sql("INSERT INTO media (path, mime, width, height, alt, created_at) VALUES ('bbbbbbbbbbbbbbbb/second.jpg', 'image/jpeg', 10, 10, 'Second picture', 2)");
  pics = s.sql("SELECT id FROM media WHERE path IN ('aaaaaaaaaaaaaaaa/first.jpg', 'bbbbbbbbbbbbbbbb/second.jpg') ORDER BY created_at").split('\n');
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const authorId = (slug) => s.sql(`SELECT id FROM authors WHERE slug = '${slug}'`);
const version = (id) => s.sql(`SELECT version FROM articles WHERE id = ${id}`);
const firstRevision = (id) => s.sql(`SELECT min(id) FROM article_revisions WHERE article_id = ${id}`);
const fields = (id) => s.sql(`SELECT kicker, section_id, author_id, source_name, source_url, canonical_url, seo_title, seo_description, coalesce(featured_media_id, 0) FROM articles WHERE id = ${id}`);
const tags = (id) => s.sql(`SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ${id} ORDER BY at.position`).split('\n').join(',');

const first = () => ({
  title: 'Harbour plan', kicker: 'Exclusive', body: 'The plan.', section: sec.world,
  author: authorId('alex-sample'), tags: 'harbour, council', source_name: 'Wire',
  source_url: 'https://wire.example/harbour', canonical_url: 'https://wire.example/c/harbour',
  seo_title: 'Harbour plan, SEO', seo_description: 'What the harbour plan says.',
  comments_open: '1', action: 'save',
});

async function edited() {
  let r = await ed.postForm('/admin/articles/new/', first());
  assert.equal(r.status, 303, r.body);
  const id = articleIdOf(r);
  r = await ed.postForm(`/admin/articles/${id}/featured/`, { media: pics[0] });
  assert.equal(r.status, 303, r.body);
  const other = s.sql("SELECT id FROM authors WHERE slug <> 'alex-sample' ORDER BY id LIMIT 1");
  r = await ed.postForm(`/admin/articles/${id}/`, {
    ...first(), version: version(id), kicker: 'Analysis', section: sec.other, author: other,
    tags: 'ports', source_name: '', source_url: '', canonical_url: '',
    seo_title: 'New SEO title', seo_description: 'New description.',
  });
  assert.equal(r.status, 303, r.body);
  r = await ed.postForm(`/admin/articles/${id}/featured/`, { media: pics[1] });
  assert.equal(r.status, 303, r.body);
  return id;
}

test('every saved field and the featured image are in the revisions', async () => {
  const id = await edited();
  // Save, picture, save, picture: four revisions.
  assert.equal(s.sql(`SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '4');
  assert.equal(s.sql(`SELECT kicker, tags, featured FROM article_revisions WHERE id = ${firstRevision(id)}`), 'Exclusive|harbour, council|0');
  assert.equal(s.sql(`SELECT featured FROM article_revisions WHERE article_id = ${id} ORDER BY id DESC LIMIT 1`), pics[1]);
  // Setting the same picture again records nothing new.
  const r = await ed.postForm(`/admin/articles/${id}/featured/`, { media: pics[1] });
  assert.equal(r.status, 303);
  assert.equal(s.sql(`SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '4');

  const cmp = await ed.get(`/admin/articles/${id}/revisions/${firstRevision(id)}/`);
  assert.equal(cmp.status, 200);
  const row = (label) => new RegExp(`<th scope="row">${label}</th><td><del class="diff-del">([^<]*)</del></td><td><ins class="diff-add">([^<]*)</ins></td>`).exec(cmp.body);
  const secName = (i) => s.sql(`SELECT name FROM sections WHERE id = ${i}`);
  assert.deepEqual(row('Section').slice(1), [secName(sec.world), secName(sec.other)]);
  assert.equal(row('Byline')[1], 'Alex Sample');
  assert.deepEqual(row('Kicker').slice(1), ['Exclusive', 'Analysis']);
  assert.deepEqual(row('Tags').slice(1), ['harbour, council', 'ports']);
  assert.deepEqual(row('Source').slice(1), ['Wire', '(empty)']);
  assert.deepEqual(row('Canonical URL').slice(1), ['https://wire.example/c/harbour', '(empty)']);
  assert.deepEqual(row('SEO title').slice(1), ['Harbour plan, SEO', 'New SEO title']);
  assert.deepEqual(row('SEO description').slice(1), ['What the harbour plan says.', 'New description.']);
  assert.deepEqual(row('Featured image').slice(1), ['(none)', `image #${pics[1]}, bbbbbbbbbbbbbbbb/second.jpg: Second picture`]);
  assert.equal(row('Standfirst'), null, 'unchanged fields are not listed');
  // Two revisions compared with each other: only what changed between them.
  const revs = s.sql(`SELECT id FROM article_revisions WHERE article_id = ${id} ORDER BY id`).split('\n');
  const pair = await ed.get(`/admin/articles/${id}/revisions/${revs[1]}/?with=${revs[0]}`);
  assert.match(pair.body, new RegExp(`<th scope="row">Featured image</th><td><del class="diff-del">\\(none\\)</del></td><td><ins class="diff-add">image #${pics[0]},`));
  assert.ok(!pair.body.includes('<th scope="row">Kicker</th>'));
});

test('a restore brings every field back, the picture included', async () => {
  const id = await edited();
  const before_ = fields(id);
  let r = await ed.postForm(`/admin/articles/${id}/revisions/${firstRevision(id)}/`, { version: version(id) });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, `/admin/articles/${id}/?msg=restored`);
  assert.notEqual(fields(id), before_);
  assert.equal(fields(id), [
    'Exclusive', sec.world, authorId('alex-sample'), 'Wire', 'https://wire.example/harbour',
    'https://wire.example/c/harbour', 'Harbour plan, SEO', 'What the harbour plan says.', '0',
  ].join('|'));
  assert.equal(tags(id), 'harbour,council');
  // Restoring the picture's revision puts the picture back.
  const withPic = s.sql(`SELECT id FROM article_revisions WHERE article_id = ${id} AND featured = ${pics[0]} ORDER BY id LIMIT 1`);
  r = await ed.postForm(`/admin/articles/${id}/revisions/${withPic}/`, { version: version(id) });
  assert.equal(r.status, 303, r.body);
  assert.equal(s.sql(`SELECT featured_media_id FROM articles WHERE id = ${id}`), pics[0]);
  // The newest revision is the article as it stands now.
  assert.equal(s.sql(`SELECT featured FROM article_revisions WHERE article_id = ${id} ORDER BY id DESC LIMIT 1`), pics[0]);
});

test('restoring over a live article asks first; a stale form is a 409', async () => {
  let r = await ed.postForm('/admin/articles/new/', { ...first(), title: 'Live harbour', action: 'publish' });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  r = await ed.postForm(`/admin/articles/${id}/`, { ...first(), title: 'Live harbour, changed', version: version(id), action: 'save' });
  assert.equal(r.status, 303);
  const rev = firstRevision(id);
  const page = await ed.get(`/admin/articles/${id}/revisions/${rev}/`);
  assert.match(page.body, /<input type="checkbox" name="confirm" value="1" required>/);
  r = await ed.postForm(`/admin/articles/${id}/revisions/${rev}/`, { version: version(id) });
  assert.equal(r.status, 422);
  assert.match(r.body, /class="error" role="alert">This article is published: tick the box/);
  assert.equal(s.sql(`SELECT title FROM articles WHERE id = ${id}`), 'Live harbour, changed');
  r = await ed.postForm(`/admin/articles/${id}/revisions/${rev}/`, { version: '1' });
  assert.equal(r.status, 409);
  assert.match(r.body, /changed since you opened this page; nothing was restored/);
  r = await ed.postForm(`/admin/articles/${id}/revisions/${rev}/`, { version: version(id), confirm: '1' });
  assert.equal(r.status, 303, r.body);
  assert.equal(s.sql(`SELECT title FROM articles WHERE id = ${id}`), 'Live harbour');
  // A revision is restored only onto its own article.
  const draft = await ed.get(`/admin/articles/${await edited()}/revisions/${rev}/`);
  assert.equal(draft.status, 404, 'a revision of another article is not found');
});

test('an older revision without the fields restores its text and leaves the rest', async () => {
  const id = await edited();
  const rev = firstRevision(id);
  // As a revision made before the fields were kept.
  s.sql(`UPDATE article_revisions SET kicker = NULL, section_id = NULL, tags = NULL, featured = NULL WHERE id = ${rev}`);
  const cmp = await ed.get(`/admin/articles/${id}/revisions/${rev}/`);
  assert.match(cmp.body, /restoring it brings back its title, standfirst and body only/);
  assert.ok(!cmp.body.includes('class="diff-fields"'));
  const kept = fields(id);
  s.sql(`UPDATE articles SET body_md = 'Changed body.' WHERE id = ${id}`);
  const r = await ed.postForm(`/admin/articles/${id}/revisions/${rev}/`, { version: version(id) });
  assert.equal(r.status, 303, r.body);
  assert.equal(fields(id), kept);
  assert.equal(s.sql(`SELECT body_md FROM articles WHERE id = ${id}`), 'The plan.');
});

test('a section deleted since is named, and left as it is by a restore', async () => {
  s.sql("INSERT INTO sections (slug, name) VALUES ('gone-soon', 'Gone Soon')");
  const gone = s.sql("SELECT id FROM sections WHERE slug = 'gone-soon'");
  let r = await ed.postForm('/admin/articles/new/', { ...first(), section: gone });
  const id = articleIdOf(r);
  r = await ed.postForm(`/admin/articles/${id}/`, { ...first(), version: version(id), section: sec.world, kicker: 'Later' });
  assert.equal(r.status, 303);
  s.sql(`DELETE FROM sections WHERE id = ${gone}`);
  const cmp = await ed.get(`/admin/articles/${id}/revisions/${firstRevision(id)}/`);
  assert.match(cmp.body, new RegExp(`<del class="diff-del">\\(deleted section #${gone}\\)</del>`));
  r = await ed.postForm(`/admin/articles/${id}/revisions/${firstRevision(id)}/`, { version: version(id) });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, `/admin/articles/${id}/?msg=restored_partly`);
  assert.equal(s.sql(`SELECT kicker, section_id FROM articles WHERE id = ${id}`), `Exclusive|${sec.world}`);
  assert.match((await ed.get(r.headers.location)).body, /but for a section, byline or image it named that was deleted since/);
});
