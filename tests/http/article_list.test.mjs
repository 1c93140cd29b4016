// The newsroom's article list: each row's "View" link (the public page
// of an article that is out, the whole-page preview of one that is
// not), the byline filter for editors, and pages that keep the filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf } from '../lib/newsroom.mjs';

let s;
let ed;

before(async () => {
  s = await startServer();
  addUser(s, 'list-editor', 'editor');
  addUser(s, 'list-author', 'author');
  ed = new Client(s);
  assert.equal((await ed.login('list-editor')).status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('View opens the public page of a live article and the preview of a draft', async () => {
  let r = await ed.postForm('/admin/articles/new/', { title: 'Live one', body: 'Out.', action: 'publish', comments_open: '1' });
  const live = articleIdOf(r);
  r = await ed.postForm('/admin/articles/new/', { title: 'Draft one', body: 'Not yet.', action: 'save', comments_open: '1' });
  const draft = articleIdOf(r);
  const list = await ed.get('/admin/articles/');
  const row = (id) => new RegExp(`<a href="/admin/articles/${id}/">[^<]*</a>(?: <span class="pin-label">Pinned</span>)?<br><a class="view-link" href="([^"]+)" aria-label="([^"]+)">(\\w+)</a>`).exec(list.body);
  const l = row(live);
  assert.ok(l, list.body);
  assert.equal(l[3], 'View');
  assert.equal(l[2], 'View Live one');
  assert.equal((await fetch(s.url + l[1])).status, 200);
  assert.match(await (await fetch(s.url + l[1])).text(), /<h1[^>]*>Live one<\/h1>/);
  const d = row(draft);
  assert.equal(d[1], `/admin/articles/${draft}/preview/`);
  assert.equal(d[3], 'Preview');
  assert.match((await ed.get(d[1])).body, /Preview — not published/);
});

test('editors filter by byline; pages keep every filter', async () => {
  const alex = s.sql("SELECT id FROM authors WHERE slug = 'alex-sample'");
  const list = await ed.get(`/admin/articles/?author=${alex}`);
  assert.match(list.body, new RegExp(`<option value="${alex}" selected>Alex Sample</option>`));
  const rows = [...list.body.matchAll(/<tr class="status-[a-z]+">[\s\S]*?<\/tr>/g)].map((m) => m[0]);
  assert.ok(rows.length > 0);
  const names = s.sql(`SELECT count(*) FROM articles WHERE author_id = ${alex} AND status <> 'trashed'`);
  assert.match(list.body, new RegExp(`<h1>Articles <span class="muted">\\(${names}\\)</span></h1>`));
  for (const row of rows) assert.match(row, /<td data-label="Author">Alex Sample<\/td>/);
  // Enough of one section to need a second page: the link keeps it.
  const sec = s.sql("SELECT id FROM sections WHERE slug = 'world'");
  for (let i = 0; i < 26; i++) {
    const r = await ed.postForm('/admin/articles/new/', { title: `World ${i}`, body: 'x', action: 'save', section: sec, comments_open: '1' });
    assert.equal(r.status, 303);
  }
  const p1 = await ed.get(`/admin/articles/?section=${sec}`);
  const next = /<a href="([^"]+)">Older<\/a>/.exec(p1.body);
  assert.ok(next, p1.body.slice(-2000));
  const href = next[1].replace(/&amp;/g, '&');
  assert.match(href, new RegExp(`section=${sec}&`));
  const p2 = await ed.get(href);
  assert.equal(p2.status, 200);
  assert.ok(!/>Live one</.test(p2.body), 'the second page is still the section\'s');
  // Authors see their own articles only, and no byline filter.
  const au = new Client(s);
  assert.equal((await au.login('list-author')).status, 303);
  assert.ok(!(await au.get('/admin/articles/')).body.includes('id="f-author"'));
});

test('the month filter lists what is dated in that month of the site\'s zone', async () => {
  const r = await ed.postForm('/admin/articles/new/', { title: 'March story', body: 'x', action: 'save', comments_open: '1' });
  const id = articleIdOf(r);
  // 2020-03-31 23:30 UTC: still March in UTC (the demo's zone unless set).
  const zone = s.sql("SELECT value FROM settings WHERE key = 'timezone'");
  assert.ok(zone === '' || zone === 'UTC', `the test assumes UTC, not ${zone}`);
  s.sql(`UPDATE articles SET created_at = 1585697400, published_at = NULL WHERE id = ${id}`);
  let list = await ed.get('/admin/articles/?month=2020-03');
  assert.equal(list.status, 200);
  assert.match(list.body, />March story</);
  assert.match(list.body, /<input id="f-month" type="month" name="month" value="2020-03"/);
  assert.match(list.body, /<h1>Articles <span class="muted">\(1\)<\/span><\/h1>/);
  list = await ed.get('/admin/articles/?month=2020-04');
  assert.ok(!list.body.includes('>March story<'));
  // A published article is dated by its publication.
  s.sql(`UPDATE articles SET published_at = 1588291200 WHERE id = ${id}`); // 2020-05-01 00:00 UTC
  assert.match((await ed.get('/admin/articles/?month=2020-05')).body, />March story</);
  for (const bad of ['2020-13', '20-03', '2020-3x', 'March']) {
    list = await ed.get(`/admin/articles/?month=${encodeURIComponent(bad)}`);
    assert.equal(list.status, 400, bad);
    assert.match(list.body, /role="alert">The month is not valid: choose one, as YYYY-MM\./);
    assert.match(list.body, new RegExp(`name="month" value="${bad}"`));
  }
});
