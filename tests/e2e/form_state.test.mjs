// Every newsroom form saved unchanged changes nothing: Chromium loads
// each settings and edit page, each form's fields are read as the
// browser would submit them (new FormData(form, submitter): inputs,
// the option a <select> shows, checked boxes, textareas), they are
// posted back, and the database's content must be as it was.  A select
// with no `selected` option shows (and sends) its first option, so a
// form that does not mark the effective value changes data here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { PG_DIR, startServer } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf, cli } from '../lib/newsroom.mjs';

let s;
let browser;
let c;
let page;

// Bookkeeping a save may touch without changing what anyone wrote: the
// session, the page cache's log, autosaves, login steps, the history of
// revisions, the related-articles cache (recomputed on every save), and
// an article's or page's version and time of update.
const SKIP_TABLES = new Set(['sessions', 'inval_log', 'autosaves', 'login_challenges',
  'article_revisions', 'page_revisions', 'related_articles']);
const SKIP_COLUMNS = new Set(['version', 'updated_at', 'last_seen']);

function tables() {
  const q = PG_DIR ?
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1" :
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%' ORDER BY 1";
  return s.sql(q).split('\n').filter((t) => t && !SKIP_TABLES.has(t) && !/^(search|.*_fts.*|schema_.*)$/.test(t));
}

function columns(t) {
  const q = PG_DIR ?
    `SELECT column_name FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position` :
    `SELECT name FROM pragma_table_info('${t}')`;
  return s.sql(q).split('\n').filter((col) => col && !SKIP_COLUMNS.has(col));
}

// One query (one client run) that dumps every table's content, each
// table after a marker line; made once, the schema does not change.
let dump = '';
function dumpQuery() {
  const parts = [];
  for (const t of tables()) {
    const cols = columns(t);
    if (cols.length === 0) continue;
    const list = cols.map((col) => `"${col}"`).join(', ');
    parts.push(`SELECT '## ${t}'`);
    parts.push(`SELECT ${list} FROM "${t}" ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`);
  }
  return parts.join('; ');
}

// The database's content as text, table by table.
function snapshot() {
  if (!dump) dump = dumpQuery();
  const out = {};
  let cur = null;
  for (const line of s.sql(dump).split('\n')) {
    const m = /^## (\S+)$/.exec(line);
    if (m) {
      cur = m[1];
      out[cur] = [];
    } else if (cur) out[cur].push(line);
  }
  for (const k of Object.keys(out)) out[k] = out[k].join('\n');
  return out;
}

before(async () => {
  s = await startServer();
  addUser(s, 'ada', 'administrator');
  addUser(s, 'wendy', 'author');
  c = new Client(s);
  assert.equal((await c.login('ada')).status, 303);

  // Something of every kind the newsroom edits, with unset and
  // non-default values alike.
  let r = await c.postForm('/admin/sliders/', { name: 'Front slider' });
  const slider = /\/admin\/sliders\/(\d+)\//.exec(r.headers.location)[1];
  r = await c.postForm(`/admin/sliders/${slider}/`, {
    action: 'add_slide', image_url: '/media/a.jpg', alt: 'Alt', caption: 'Cap', link_url: '/about/',
  });
  assert.equal(r.status, 303);
  r = await c.postForm('/admin/ads/', { action: 'add_slot', name: 'side', placement: 'sidebar', width: '300', height: '250', position: '0' });
  assert.equal(r.status, 303, r.body);
  r = await c.postForm('/admin/ads/', { action: 'add_slot', name: 'para', placement: 'after_paragraph', width: '300', height: '250', position: '2' });
  assert.equal(r.status, 303, r.body);
  const slots = s.sql('SELECT id FROM ad_slots ORDER BY id').split('\n');
  const sec = s.sql('SELECT id FROM sections ORDER BY id DESC LIMIT 1');
  r = await c.postForm('/admin/ads/', {
    action: 'add_ad', slot_id: slots[1], name: 'House', kind: 'image', image_url: '/media/ad.jpg',
    link_url: 'https://shop.example/', alt: 'Shop', weight: '7', section_id: sec, active: '1',
  });
  assert.equal(r.status, 303, r.body);
  r = await c.postForm('/admin/ads/', {
    action: 'add_ad', slot_id: slots[0], name: 'Slides', kind: 'slider', slider_id: slider, weight: '1',
  });
  assert.equal(r.status, 303, r.body);
  r = await c.postForm('/admin/pages/new/', { title: 'Contact', slug: 'contact', body: 'Write.', status: 'draft', parent: '0', order: '3', version: '0' });
  assert.equal(r.status, 303, r.body);
  r = await c.postForm('/admin/menus/', { action: 'create', name: 'Main' });
  const menu = /\/admin\/menus\/(\d+)\//.exec(r.headers.location)[1];
  r = await c.postForm(`/admin/menus/${menu}/`, { action: 'add', kind: 'url', url: 'https://shop.example/', label: 'Shop' });
  assert.equal(r.status, 303, r.body);
  // An article by someone else's byline, in a section, comments closed.
  const authors = s.sql('SELECT id FROM authors ORDER BY id').split('\n');
  r = await c.postForm('/admin/articles/new/', {
    action: 'save', title: 'Closed comments', body: 'Text.', section: sec,
    author: authors[authors.length - 1], tags: 'one, two', seo_title: 'SEO',
  });
  assert.ok(articleIdOf(r) > 0, r.body);
  // A published article with comments open, and a comment on it.
  assert.equal(cli(s, ['comments', 'list']).status, 0);

  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([...c.cookies].map(([name, value]) => ({ name, value, url: s.url })));
  page = await context.newPage();
});

after(() => closeBrowserAndServer(browser, s));

// The pages with forms that edit something that exists.
function editPages() {
  const ids = (q) => s.sql(q).split('\n').filter(Boolean);
  const pages = ['/admin/settings/', '/admin/sections/', '/admin/tags/', '/admin/authors/',
    '/admin/users/', '/admin/ads/', '/admin/menus/', '/admin/profile/'];
  for (const id of ids('SELECT id FROM articles ORDER BY id')) pages.push(`/admin/articles/${id}/`);
  for (const id of ids('SELECT id FROM pages ORDER BY id')) pages.push(`/admin/pages/${id}/`);
  for (const id of ids('SELECT id FROM sliders ORDER BY id')) pages.push(`/admin/sliders/${id}/`);
  for (const id of ids('SELECT id FROM ads ORDER BY id')) pages.push(`/admin/ads/${id}/`);
  for (const id of ids('SELECT id FROM menus ORDER BY id')) pages.push(`/admin/menus/${id}/`);
  for (const id of ids('SELECT id FROM comments ORDER BY id LIMIT 3')) pages.push(`/admin/comments/${id}/edit/`);
  for (const id of ids('SELECT id FROM media ORDER BY id LIMIT 3')) pages.push(`/admin/media/${id}/`);
  return pages;
}

// Each save-like submitter of the page, with what it would send.
async function forms(path) {
  await page.goto(s.url + path);
  return page.evaluate(() => {
    const saves = new Set(['update', 'save', 'rename', 'label', 'locations']);
    const plain = new Set(['Save settings', 'Save', 'Save changes', 'Change']);
    const out = [];
    for (const form of document.querySelectorAll('form[method="post" i]')) {
      for (const b of form.querySelectorAll('button[type="submit"], button:not([type])')) {
        const ok = b.name === 'action' ? saves.has(b.value) : !b.name && plain.has(b.textContent.trim());
        if (!ok) continue;
        out.push({
          // (form.action may be a field named "action".)
          action: new URL(form.getAttribute('action') || location.href, location.href).pathname,
          label: b.textContent.trim(),
          entries: [...new FormData(form, b)].map(([k, v]) => [k, String(v)]),
        });
      }
    }
    return out;
  });
}

test('every newsroom form saved unchanged changes nothing', async () => {
  const before = snapshot();
  let n = 0;
  for (const path of editPages()) {
    for (const f of await forms(path)) {
      const r = await c.post(f.action, f.entries);
      assert.ok(r.status === 303 || r.status === 200, `${path} "${f.label}" → ${f.action}: ${r.status} ${r.body.slice(0, 300)}`);
      const now = snapshot();
      for (const t of Object.keys(before)) {
        assert.equal(now[t], before[t], `${path} "${f.label}" changed table ${t}`);
      }
      n++;
    }
  }
  // Every kind of form was there to be tried.
  assert.ok(n >= 20, `${n} forms`);
});

test('the settings form shows the defaults of unset settings', async () => {
  s.sql("DELETE FROM settings WHERE key IN ('comment_moderation', 'comment_previously_approved', 'feed_content')");
  await page.goto(s.url + '/admin/settings/');
  const shown = await page.evaluate(() => Object.fromEntries(new FormData(document.querySelector('form.admin-settings'))));
  // The comments module's defaults (content/comment.h).
  assert.equal(shown.comment_moderation, '0');
  assert.equal(shown.comment_previously_approved, '1');
  assert.equal(shown.feed_content, 'full');
});
