// Pinning articles to the front page from the newsroom (WordPress's
// sticky posts): the list's Pin/Unpin buttons and the editor's box, for
// editors only; the front page and the API's "sticky" follow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf } from '../lib/newsroom.mjs';

let s;
let editor;
let author;

before(async () => {
  s = await startServer();
  addUser(s, 'pin-editor', 'editor');
  addUser(s, 'pin-author', 'author');
  editor = new Client(s);
  author = new Client(s);
  assert.equal((await editor.login('pin-editor')).status, 303);
  assert.equal((await author.login('pin-author')).status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function publish(title) {
  const r = await editor.postForm('/admin/articles/new/', {
    title, body: `${title}: the story.`, action: 'publish', comments_open: '1',
  });
  assert.equal(r.status, 303, r.body);
  return articleIdOf(r);
}

async function frontPinned() {
  const front = await (await fetch(`${s.url}/`)).text();
  const m = front.match(/class="(?:lead-story|card) card-pinned"[\s\S]*?<\/article>/g) || [];
  return m.join('\n');
}

async function sticky(id) {
  const r = await fetch(`${s.url}/wp-json/wp/v2/posts/${id}`);
  assert.equal(r.status, 200);
  return (await r.json()).sticky;
}

test('the list pins and unpins; the front page and the API follow', async () => {
  const older = await publish('Harbour wall repaired');
  await publish('Ferry strike ends');
  let list = await editor.get('/admin/articles/');
  assert.match(list.body, new RegExp(`action="/admin/articles/${older}/pin/"`));
  assert.ok(!/class="pin-label"/.test(list.body));
  assert.equal(await sticky(older), false);

  let r = await editor.postForm(`/admin/articles/${older}/pin/`, { pin: '1' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/articles/?msg=pinned');
  list = await editor.get(r.headers.location);
  assert.match(list.body, /Pinned: the article comes first/);
  assert.match(list.body, /Harbour wall repaired<\/a> <span class="pin-label">Pinned<\/span>/);
  assert.match(list.body, /aria-label="Unpin Harbour wall repaired"/);
  // The older story now leads the front page, labelled.
  assert.match(await frontPinned(), /Harbour wall repaired/);
  assert.equal(await sticky(older), true);

  r = await editor.postForm(`/admin/articles/${older}/pin/`, { pin: '0' });
  assert.equal(r.headers.location, '/admin/articles/?msg=unpinned');
  assert.equal(await frontPinned(), '');
  assert.equal(await sticky(older), false);

  // Not a pin or unpin: 400; no such article: 404; nothing changes.
  assert.equal((await editor.postForm(`/admin/articles/${older}/pin/`, { pin: 'yes' })).status, 400);
  assert.equal((await editor.postForm('/admin/articles/999999/pin/', { pin: '1' })).status, 404);
  assert.equal(await sticky(older), false);
});

test('the editor box pins on save and unpins when cleared', async () => {
  const id = await publish('Lighthouse reopens');
  let page = await editor.get(`/admin/articles/${id}/`);
  assert.match(page.body, /<input type="checkbox" name="pinned" value="1"> Pin to the front page/);
  const version = /name="version" value="(\d+)"/.exec(page.body)[1];
  let r = await editor.postForm(`/admin/articles/${id}/`, {
    version, title: 'Lighthouse reopens', body: 'Lighthouse reopens: the story.',
    action: 'save', comments_open: '1', pin_shown: '1', pinned: '1',
  });
  assert.equal(r.status, 303, r.body);
  assert.match(await frontPinned(), /Lighthouse reopens/);
  page = await editor.get(`/admin/articles/${id}/`);
  assert.match(page.body, /name="pinned" value="1" checked> Pin to the front page/);
  const v2 = /name="version" value="(\d+)"/.exec(page.body)[1];
  // A refused save keeps the box as it was ticked.
  r = await editor.postForm(`/admin/articles/${id}/`, {
    version: v2, title: '', body: 'x', action: 'save', pin_shown: '1',
  });
  assert.equal(r.status, 422);
  assert.match(r.body, /name="pinned" value="1"> Pin to the front page/);
  assert.match(await frontPinned(), /Lighthouse reopens/);
  r = await editor.postForm(`/admin/articles/${id}/`, {
    version: v2, title: 'Lighthouse reopens', body: 'Lighthouse reopens: the story.',
    action: 'save', comments_open: '1', pin_shown: '1',
  });
  assert.equal(r.status, 303, r.body);
  assert.equal(await frontPinned(), '');
});

test('authors neither see nor use the pin controls', async () => {
  const id = await publish('Tide tables printed');
  const list = await author.get('/admin/articles/');
  assert.equal(list.status, 200);
  assert.ok(!/\/pin\/"/.test(list.body));
  const r = await author.postForm(`/admin/articles/${id}/pin/`, { pin: '1' });
  assert.equal(r.status, 403);
  assert.equal(await sticky(id), false);
});
