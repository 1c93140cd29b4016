// The article list's bulk actions: publish, unpublish, move to a section
// and trash the ticked articles in one plain form; every article checked
// against the user's role before anything changes; a refused form comes
// back as the list with its boxes still ticked and the reason named.
// The list also counts each article's comments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf } from '../lib/newsroom.mjs';

let s;
let ed;
let contrib;

before(async () => {
  s = await startServer();
  addUser(s, 'bulk-editor', 'editor');
  addUser(s, 'bulk-contrib', 'contributor');
  ed = new Client(s);
  assert.equal((await ed.login('bulk-editor')).status, 303);
  contrib = new Client(s);
  assert.equal((await contrib.login('bulk-contrib')).status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function draft(c, title) {
  const r = await c.postForm('/admin/articles/new/', { title, body: 'Text.', action: 'save', comments_open: '1' });
  assert.equal(r.status, 303, r.body);
  return articleIdOf(r);
}

const bulk = (c, action, ids, extra = [], path = '/admin/articles/') => c.post(path, [
  ['csrf', c.token], ['bulk_action', action], ...ids.map((id) => ['id', String(id)]), ...extra,
]);
const statusOf = (id) => s.sql(`SELECT status FROM articles WHERE id = ${id}`);

test('the list has a bulk form, a box per row and comment counts', async () => {
  const id = await draft(ed, 'Bulk counted');
  const pub = s.sql("SELECT article_id FROM comments WHERE status = 'approved' GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 1");
  const n = s.sql(`SELECT count(*) FROM comments WHERE article_id = ${pub} AND status = 'approved'`);
  const title = s.sql(`SELECT title FROM articles WHERE id = ${pub}`);
  const list = await ed.get(`/admin/articles/?status=published&q=${encodeURIComponent(title)}`);
  assert.match(list.body, /<form id="bulk" class="admin-filters admin-bulk" method="post" action="">/);
  assert.match(list.body, new RegExp(`<input type="checkbox" name="id" value="${pub}" form="bulk"`));
  const row = new RegExp(`value="${pub}" form="bulk"[\\s\\S]*?<td data-label="Comments" class="col-comments">(\\d+)</td>`).exec(list.body);
  assert.equal(row[1], n);
  assert.ok(Number(n) > 0, 'the demo article has comments');
  assert.match((await ed.get('/admin/articles/')).body, new RegExp(`value="${id}" form="bulk"`));
});

test('publish, move, unpublish and trash several articles at once', async () => {
  const a = await draft(ed, 'Bulk one');
  const b = await draft(ed, 'Bulk two');
  let r = await bulk(ed, 'publish', [a, b]);
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, '/admin/articles/?msg=bulk');
  assert.equal(statusOf(a), 'published');
  assert.equal(statusOf(b), 'published');
  const slug = s.sql(`SELECT slug FROM articles WHERE id = ${a}`);
  assert.ok(slug.length > 0);
  // Each change is a revision by the user who made it.
  assert.equal(s.sql(`SELECT u.login FROM article_revisions r JOIN users u ON u.id = r.user_id WHERE r.article_id = ${a} ORDER BY r.id DESC LIMIT 1`), 'bulk-editor');
  const sec = s.sql("SELECT id FROM sections WHERE slug = 'world'");
  r = await bulk(ed, 'move', [a, b], [['to_section', sec]]);
  assert.equal(r.status, 303, r.body);
  assert.equal(s.sql(`SELECT count(*) FROM articles WHERE id IN (${a}, ${b}) AND section_id = ${sec}`), '2');
  assert.equal(statusOf(a), 'published', 'a move keeps the status');
  r = await bulk(ed, 'unpublish', [a]);
  assert.equal(r.status, 303);
  assert.equal(statusOf(a), 'draft');
  r = await bulk(ed, 'trash', [a, b]);
  assert.equal(r.status, 303);
  assert.equal(statusOf(a), 'trashed');
  assert.equal(statusOf(b), 'trashed');
});

test('bad input comes back as the list, boxes ticked, reason named, nothing changed', async () => {
  const a = await draft(ed, 'Bulk kept');
  let r = await bulk(ed, '', [a]);
  assert.equal(r.status, 422);
  assert.match(r.body, /role="alert">Choose what to do with the ticked articles/);
  assert.match(r.body, new RegExp(`value="${a}" form="bulk" aria-label="Tick Bulk kept" checked>`));
  r = await bulk(ed, 'publish', []);
  assert.equal(r.status, 422);
  assert.match(r.body, /Tick at least one article/);
  r = await bulk(ed, 'move', [a]);
  assert.equal(r.status, 422);
  assert.match(r.body, /Choose the section to move the articles to/);
  r = await bulk(ed, 'move', [a], [['to_section', '999999']]);
  assert.equal(r.status, 422);
  r = await bulk(ed, 'publish', [a, 999999]);
  assert.equal(r.status, 404);
  assert.match(r.body, /no longer exists/);
  r = await bulk(ed, 'publish', [a, 'x1']);
  assert.equal(r.status, 422);
  assert.equal(statusOf(a), 'draft');
  // The filters of the page the form came from are kept.
  r = await bulk(ed, '', [a], [], '/admin/articles/?status=draft');
  assert.equal(r.status, 422);
  assert.match(r.body, /<option value="draft" selected>Draft<\/option>/);
  // Without the CSRF token: refused before anything.
  r = await ed.post('/admin/articles/', [['bulk_action', 'trash'], ['id', String(a)]]);
  assert.equal(r.status, 403);
  assert.equal(statusOf(a), 'draft');
});

test('roles are checked per article: a contributor cannot publish or touch others', async () => {
  const own = await draft(contrib, 'Contributor bulk');
  const other = await draft(ed, 'Editor bulk');
  let r = await bulk(contrib, 'publish', [own]);
  assert.equal(r.status, 403);
  assert.match(r.body, /Your role may not publish &quot;Contributor bulk&quot;/);
  assert.equal(statusOf(own), 'draft');
  r = await bulk(contrib, 'trash', [own, other]);
  assert.equal(r.status, 403);
  assert.equal(statusOf(own), 'draft', 'one refusal changes none');
  assert.equal(statusOf(other), 'draft');
  // What a contributor may do alone, they may do in bulk.
  r = await bulk(contrib, 'trash', [own]);
  assert.equal(r.status, 303, r.body);
  assert.equal(statusOf(own), 'trashed');
});
