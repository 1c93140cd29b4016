// Previewing the whole page of an unpublished article: the newsroom at
// /admin/articles/ID/preview/ (its own articles for an author, any for
// an editor), and people outside it through a shareable link that
// expires, can be revoked, and cannot be guessed (only its hash is
// stored).  The page is the reader's, marked, and never cached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf } from '../lib/newsroom.mjs';

let s;
let editor;
let author;
const BAR = /<div class="preview-bar" role="status"><strong>Preview — not published<\/strong>/;

before(async () => {
  s = await startServer();
  addUser(s, 'pv-editor', 'editor');
  addUser(s, 'pv-author', 'author');
  editor = new Client(s);
  author = new Client(s);
  assert.equal((await editor.login('pv-editor')).status, 303);
  assert.equal((await author.login('pv-author')).status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function draft(c, title, body = `${title}: the story so far.`) {
  const r = await c.postForm('/admin/articles/new/', { title, body, action: 'save', comments_open: '1' });
  assert.equal(r.status, 303, r.body);
  return articleIdOf(r);
}

// The page without the bar, to compare with what readers get.
function unbarred(html) {
  return html.replace(/<div class="preview-bar"[^\n]*<\/div>\n/, '');
}

async function makeLink(c, id, hours = '24') {
  const r = await c.postForm(`/admin/articles/${id}/preview-links/`, { action: 'create', hours });
  assert.equal(r.status, 201, r.body);
  const m = /id="preview-url"[^>]* value="(https?:\/\/[^"]+\/preview\/([0-9a-f]{64}))"/.exec(r.body);
  assert.ok(m, r.body);
  return { url: m[1], path: new URL(m[1]).pathname, token: m[2] };
}

test('the newsroom previews a draft as the reader page, marked and never cached', async () => {
  const id = await draft(editor, 'Council budget leaked', 'The **draft** figures.\n\n[slider id=999]');
  const ed = await editor.get(`/admin/articles/${id}/`);
  assert.match(ed.body, new RegExp(`href="/admin/articles/${id}/preview/" id="preview-page"`));
  let r = await editor.get(`/admin/articles/${id}/preview/`);
  assert.equal(r.status, 200, r.body);
  assert.match(r.body, BAR);
  assert.match(r.headers['cache-control'], /no-store/);
  assert.match(r.headers['x-robots-tag'], /noindex/);
  // The reader's page: the site's layout, stylesheet and headline.
  assert.match(r.body, /<main id="main"/);
  assert.match(r.body, /<h1[^>]*>Council budget leaked<\/h1>/);
  assert.match(r.body, /<strong>draft<\/strong> figures/);
  assert.ok(!r.body.includes('[slider'), 'no raw shortcode');
  assert.ok(!r.body.includes('admin.css'));
  // Saved again, the next preview shows the change: nothing kept it.
  const v = /name="version" value="(\d+)"/.exec(ed.body)[1];
  const save = await editor.postForm(`/admin/articles/${id}/`, {
    title: 'Council budget leaked in full', body: 'New text.', action: 'save', version: v, comments_open: '1',
  });
  assert.equal(save.status, 303, save.body);
  r = await editor.get(`/admin/articles/${id}/preview/`);
  assert.match(r.body, /<h1[^>]*>Council budget leaked in full<\/h1>/);
  // Readers still find nothing at the article's addresses.
  const slug = s.sql(`SELECT slug FROM articles WHERE id = ${id}`);
  assert.equal((await fetch(`${s.url}/?p=${id}`, { redirect: 'manual' })).status, 404);
  assert.ok(!(await (await fetch(`${s.url}/search?q=leaked`)).text()).includes(slug));
});

test('the preview is the public page to the byte, less the bar', async () => {
  const r0 = await editor.postForm('/admin/articles/new/', {
    title: 'Harbour reopens', body: 'Boats are back.\n\n## What changed\n\nThe wall.', action: 'publish',
    comments_open: '1', tags: 'harbour, boats', source_name: 'Port Authority', source_url: 'https://port.example/',
  });
  const id = articleIdOf(r0);
  const pub = s.sql(`SELECT published_at FROM articles WHERE id = ${id}`);
  const pathOf = await fetch(`${s.url}/?p=${id}`, { redirect: 'manual' });
  assert.equal(pathOf.status, 301);
  const live = await (await fetch(s.url + pathOf.headers.get('location'))).text();
  // Taken down (same text and date): only the preview shows it now.
  s.sql(`UPDATE articles SET status = 'draft' WHERE id = ${id}`);
  const r = await editor.get(`/admin/articles/${id}/preview/`);
  assert.equal(r.status, 200);
  assert.equal(s.sql(`SELECT published_at FROM articles WHERE id = ${id}`), pub);
  assert.equal(unbarred(r.body), live);
});

test('who may preview: the author of the article and editors; nobody logged out', async () => {
  const mine = await draft(author, 'Author draft');
  const theirs = await draft(editor, 'Editor draft');
  assert.equal((await author.get(`/admin/articles/${mine}/preview/`)).status, 200);
  assert.equal((await editor.get(`/admin/articles/${mine}/preview/`)).status, 200);
  assert.equal((await author.get(`/admin/articles/${theirs}/preview/`)).status, 403);
  assert.equal((await author.get(`/admin/articles/${theirs}/preview-links/`)).status, 403);
  const anon = await fetch(`${s.url}/admin/articles/${mine}/preview/`, { redirect: 'manual' });
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/admin\/login\?next=/);
  assert.equal((await editor.get('/admin/articles/999999/preview/')).status, 404);
});

test('a shared link shows the page to anyone until revoked', async () => {
  const id = await draft(editor, 'Embargoed report');
  const a = await makeLink(editor, id);
  const b = await makeLink(editor, id);
  assert.notEqual(a.token, b.token);
  // Only a hash is kept: the token itself is nowhere in the database.
  const hashes = s.sql(`SELECT token_hash FROM preview_links WHERE article_id = ${id}`);
  assert.ok(!hashes.includes(a.token) && !hashes.includes(b.token));
  assert.equal(hashes.split('\n').length, 2);

  let r = await fetch(s.url + a.path);
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, BAR);
  assert.match(html, /This link works until [A-Z][a-z]+ \d+, \d{4}/);
  assert.match(html, /<h1[^>]*>Embargoed report<\/h1>/);
  assert.match(r.headers.get('cache-control'), /no-store/);
  assert.match(r.headers.get('x-robots-tag'), /noindex/);

  // Near misses open nothing.
  const flip = a.token.slice(0, -1) + (a.token.endsWith('0') ? '1' : '0');
  for (const p of [`/preview/${flip}`, `/preview/${a.token.slice(0, 32)}`, `/preview/${a.token.toUpperCase()}`, '/preview/x']) {
    r = await fetch(s.url + p);
    assert.equal(r.status, 404, p);
    assert.ok(!(await r.text()).includes('Embargoed report'), p);
  }

  // Revoked: that link stops, the other goes on.
  const list = await editor.get(`/admin/articles/${id}/preview-links/`);
  const linkIds = [...list.body.matchAll(/name="link" value="(\d+)"/g)].map((m) => m[1]);
  assert.equal(linkIds.length, 2);
  const first = s.sql(`SELECT min(id) FROM preview_links WHERE article_id = ${id}`);
  r = await editor.postForm(`/admin/articles/${id}/preview-links/`, { action: 'revoke', link: first });
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /msg=revoked/);
  r = await fetch(s.url + a.path);
  assert.equal(r.status, 404);
  assert.match(await r.text(), /expired, was revoked/);
  assert.equal((await fetch(s.url + b.path)).status, 200);
  const after = await editor.get(`/admin/articles/${id}/preview-links/`);
  assert.match(after.body, /revoked \d{4}-\d\d-\d\d/);
  // Revoking it again changes nothing and is not an error.
  r = await editor.postForm(`/admin/articles/${id}/preview-links/`, { action: 'revoke', link: first });
  assert.equal(r.status, 303);
  // Another article's link cannot be revoked from this one's page.
  const other = await draft(editor, 'Other story');
  await makeLink(editor, other);
  const otherLink = s.sql(`SELECT max(id) FROM preview_links WHERE article_id = ${other}`);
  await editor.postForm(`/admin/articles/${id}/preview-links/`, { action: 'revoke', link: otherLink });
  assert.equal(s.sql(`SELECT count(*) FROM preview_links WHERE id = ${otherLink} AND revoked_at IS NULL`), '1');
});

test('a link expires at the lifetime chosen', async () => {
  const id = await draft(editor, 'Short-lived');
  const l = await makeLink(editor, id, '1');
  const [made, exp] = s.sql(`SELECT created_at, expires_at FROM preview_links WHERE article_id = ${id}`).split('|').map(Number);
  assert.equal(exp - made, 3600);
  assert.equal((await fetch(s.url + l.path)).status, 200);
  // An hour later (moved back rather than waited for).
  s.sql(`UPDATE preview_links SET created_at = created_at - 3601, expires_at = expires_at - 3601 WHERE article_id = ${id}`);
  assert.equal((await fetch(s.url + l.path)).status, 404);
  const list = await editor.get(`/admin/articles/${id}/preview-links/`);
  assert.match(list.body, /<td>expired<\/td>/);
});

test('a lifetime not offered is refused with the field named; nothing is made', async () => {
  const id = await draft(editor, 'Refused link');
  const r = await editor.postForm(`/admin/articles/${id}/preview-links/`, { action: 'create', hours: '5000' });
  assert.equal(r.status, 422);
  assert.match(r.body, /aria-invalid="true" aria-describedby="fe-pl-hours"/);
  assert.match(r.body, /Valid for: Choose one of the lifetimes offered/);
  assert.equal(s.sql(`SELECT count(*) FROM preview_links WHERE article_id = ${id}`), '0');
  // The form otherwise shows its default, one day.
  const page = await editor.get(`/admin/articles/${id}/preview-links/`);
  assert.match(page.body, /<option value="24" selected>1 day<\/option>/);
});

test('published, a link leads to the public page; trashed, to nothing', async () => {
  const id = await draft(editor, 'Goes out later');
  const l = await makeLink(editor, id);
  const ed = await editor.get(`/admin/articles/${id}/`);
  const v = /name="version" value="(\d+)"/.exec(ed.body)[1];
  let r = await editor.postForm(`/admin/articles/${id}/`, {
    title: 'Goes out later', body: 'Out now.', action: 'publish', version: v, comments_open: '1',
  });
  assert.equal(r.status, 303, r.body);
  r = await fetch(s.url + l.path, { redirect: 'manual' });
  assert.equal(r.status, 303);
  const pub = await fetch(s.url + r.headers.get('location'));
  assert.equal(pub.status, 200);
  assert.ok(!BAR.test(await pub.text()));
  // No preview link offered in the editor of a live article.
  assert.ok(!(await editor.get(`/admin/articles/${id}/`)).body.includes('id="preview-page"'));
  s.sql(`UPDATE articles SET status = 'trashed' WHERE id = ${id}`);
  assert.equal((await fetch(s.url + l.path, { redirect: 'manual' })).status, 404);
});

test('a scheduled article previews with its coming date', async () => {
  const id = await draft(editor, 'Tomorrow morning');
  const when = new Date(Date.now() + 2 * 86400e3);
  const local = when.toISOString().slice(0, 16);
  const ed = await editor.get(`/admin/articles/${id}/`);
  const v = /name="version" value="(\d+)"/.exec(ed.body)[1];
  const r = await editor.postForm(`/admin/articles/${id}/`, {
    title: 'Tomorrow morning', body: 'Soon.', action: 'schedule', publish_at: local, version: v, comments_open: '1',
  });
  assert.equal(r.status, 303, r.body);
  const l = await makeLink(editor, id);
  const page = await (await fetch(s.url + l.path)).text();
  assert.match(page, BAR);
  const iso = when.toISOString().slice(0, 10);
  assert.match(page, new RegExp(`datetime="${iso}T`));
});
