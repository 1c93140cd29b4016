// The editor's comforts as the server renders them (the page says it
// all without JavaScript): the body's word count and reading time, the
// search-result and card preview of title, description and picture
// with their length warnings, "Update" on a live article or page, the
// scheduling field with the site's zone named, the Markdown reference,
// and the toolbar and script that enhance it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf, gradientPng, uploadMedia } from '../lib/newsroom.mjs';

let s;
let c;

before(async () => {
  s = await startServer();
  addUser(s, 'ed', 'editor');
  c = new Client(s);
  assert.equal((await c.login('ed')).status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const text = (html, id) => {
  const m = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1] : null;
};
const items = (html, id) => {
  const m = new RegExp(`<ul[^>]*id="${id}"[^>]*>([\\s\\S]*?)</ul>`).exec(html);
  assert.ok(m, `no list ${id}`);
  return [...m[1].matchAll(/<li>([^<]*)<\/li>/g)].map((x) => x[1]);
};
const buttons = (html) => [...html.matchAll(/<button type="submit" name="action" value="(\w+)"[^>]*>([^<]*)</g)]
  .map((m) => [m[1], m[2]]);

async function create(form) {
  const r = await c.postForm('/admin/articles/new/', form);
  assert.equal(r.status, 303, r.body.slice(0, 400));
  return articleIdOf(r);
}

test('word count and reading time of the saved body', async () => {
  // 500 words of prose, and what readers never see: a shortcode, a
  // link's target, an image, a tag, a bare URL.
  const prose = Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ');
  const body = `${prose}\n\n[slider id="1"]\n\nSee [the report](https://example.org/a) <b>now</b>.\n\n` +
    '![A harbour](/media/x.jpg)\n\nhttps://www.youtube.com/watch?v=abc';
  const id = await create({ title: 'Counted', body, action: 'save' });
  const page = (await c.get(`/admin/articles/${id}/`)).body;
  assert.equal(text(page, 'word-count'), '504');
  assert.equal(text(page, 'word-unit'), 'words');
  assert.equal(text(page, 'reading-time'), '3'); // 504 / 230, rounded up
  assert.match(page, /data-wpm="230"/);
  assert.match(page, /data-shortcodes="[^"]*\bslider\b[^"]*"/);

  const one = await create({ title: 'One', body: 'Hello.', action: 'save' });
  const p1 = (await c.get(`/admin/articles/${one}/`)).body;
  assert.equal(text(p1, 'word-count'), '1');
  assert.equal(text(p1, 'word-unit'), 'word');
  assert.equal(text(p1, 'reading-time'), '1');

  const fresh = (await c.get('/admin/articles/new/')).body;
  assert.equal(text(fresh, 'word-count'), '0');
  assert.equal(text(fresh, 'reading-time'), '0');
});

test('search and card previews: SEO fields first, then title and standfirst, with warnings', async () => {
  const long = 'A headline that goes on and on well past what a search result shows';
  assert.ok(long.length > 60 && long.length <= 70);
  const id = await create({ title: long, dek: 'A short standfirst.', body: 'x', action: 'save' });
  let page = (await c.get(`/admin/articles/${id}/`)).body;
  assert.equal(text(page, 'serp-title'), long);
  assert.equal(text(page, 'card-title'), long);
  assert.equal(text(page, 'serp-desc'), 'A short standfirst.');
  assert.equal(text(page, 'card-desc'), 'A short standfirst.');
  assert.deepEqual(items(page, 'serp-warnings'),
    [`The title is ${long.length} characters: search results show about 60.`]);
  assert.deepEqual(items(page, 'card-warnings'), ['No featured image: the card will have no picture.']);
  assert.match(page, /class="serp-url">\/\d{4}\/\d\d\/a-headline-that-goes-on/);

  // The SEO fields win; a long description and a title past 70.
  const version = /name="version" value="(\d+)"/.exec(page)[1];
  const seoTitle = 'T'.repeat(71);
  const desc = 'd'.repeat(161);
  let r = await c.postForm(`/admin/articles/${id}/`, {
    version, title: long, dek: 'A short standfirst.', body: 'x', seo_title: seoTitle,
    seo_description: desc, action: 'save',
  });
  assert.equal(r.status, 303, r.body.slice(0, 400));
  page = (await c.get(`/admin/articles/${id}/`)).body;
  assert.equal(text(page, 'serp-title'), seoTitle);
  assert.equal(text(page, 'serp-desc'), desc);
  assert.deepEqual(items(page, 'serp-warnings'), [
    'The title is 71 characters: search results show about 60.',
    'The description is 161 characters: search results cut it at about 160.',
  ]);
  assert.deepEqual(items(page, 'card-warnings'), [
    'The title is 71 characters: cards cut it at about 70.',
    'No featured image: the card will have no picture.',
  ]);
  // Characters, not bytes: 60 accented letters are fine.
  const accents = 'é'.repeat(60);
  const id2 = await create({ title: accents, body: 'x', action: 'save' });
  page = (await c.get(`/admin/articles/${id2}/`)).body;
  assert.deepEqual(items(page, 'serp-warnings'), [
    'No description: search engines will pick a passage of the article. Write an SEO description or a standfirst.',
  ]);

  // A featured image: the card shows it and stops warning.
  r = await uploadMedia(c, { article: String(id), alt: 'Harbour' },
    { name: 'h.png', type: 'image/png', data: gradientPng(400, 210) });
  assert.equal(r.status, 303, r.body.slice(0, 400));
  page = (await c.get(`/admin/articles/${id}/`)).body;
  assert.match(page, /<img class="card-image" src="\/media\/[^"]+"/);
  assert.match(page, /data-image="1"/);
  assert.deepEqual(items(page, 'card-warnings'), ['The title is 71 characters: cards cut it at about 70.']);
});

test('"Update" on a published article, "Save" and "Publish" on a draft', async () => {
  const id = await create({ title: 'Labels', body: 'x', action: 'save' });
  let page = (await c.get(`/admin/articles/${id}/`)).body;
  let b = buttons(page);
  assert.deepEqual(b.find(([v]) => v === 'save'), ['save', 'Save']);
  assert.deepEqual(b.find(([v]) => v === 'publish'), ['publish', 'Publish']);
  assert.ok(!b.some(([, l]) => l === 'Update'));

  const version = /name="version" value="(\d+)"/.exec(page)[1];
  let r = await c.postForm(`/admin/articles/${id}/`, { version, title: 'Labels', body: 'x', action: 'publish' });
  assert.equal(r.status, 303);
  page = (await c.get(`/admin/articles/${id}/`)).body;
  b = buttons(page);
  assert.deepEqual(b.find(([v]) => v === 'save'), ['save', 'Update']);
  assert.ok(!b.some(([, l]) => l === 'Save' || l === 'Publish'));
  // Updating says so.
  const v2 = /name="version" value="(\d+)"/.exec(page)[1];
  r = await c.postForm(`/admin/articles/${id}/`, { version: v2, title: 'Labels', body: 'y', action: 'save' });
  assert.equal(r.headers.location, `/admin/articles/${id}/?msg=updated`);
  assert.equal(s.sql(`SELECT status FROM articles WHERE id = ${id}`), 'published');

  // Pages: "Save page" until published, then "Update page".
  r = await c.postForm('/admin/pages/new/', { title: 'About us', body: 'We report.', status: 'draft', order: '0' });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  const pid = /\/admin\/pages\/(\d+)\//.exec(r.headers.location)[1];
  page = (await c.get(`/admin/pages/${pid}/`)).body;
  assert.match(page, /value="save">Save page</);
  assert.equal(text(page, 'word-count'), '2');
  const pv = /name="version" value="(\d+)"/.exec(page)[1];
  r = await c.postForm(`/admin/pages/${pid}/`, { version: pv, title: 'About us', body: 'We report.', status: 'published', order: '0' });
  assert.equal(r.status, 303, r.body.slice(0, 300));
  page = (await c.get(`/admin/pages/${pid}/`)).body;
  assert.match(page, /value="save">Update page</);
});

test('the scheduling field names the site\'s zone; toolbar, reference and script are on the page', async () => {
  s.sql("INSERT INTO settings (key, value) VALUES ('timezone', 'Europe/Paris') " +
    'ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const page = (await c.get('/admin/articles/new/')).body;
  assert.match(page, /<p class="schedule-field" id="schedule-field" data-status="draft"><label for="publish_at">Publish at<\/label>/);
  assert.match(page, /id="publish-at-note">Time zone: <span class="tz-name">Europe\/Paris<\/span>\. <span id="schedule-how">Used only by Schedule/);
  // The toolbar is hidden until the script shows it (it needs it).
  assert.match(page, /<span class="md-toolbar" role="toolbar" aria-label="Formatting" aria-controls="body" hidden>/);
  for (const b of ['bold', 'italic', 'link', 'heading', 'quote', 'list']) assert.match(page, new RegExp(`data-md="${b}"`));
  assert.match(page, /<details class="md-help">\s*<summary>Markdown and shortcodes<\/summary>/);
  assert.match(page, /\[slider id=3\]/);
  // Same-origin script, no inline script, allowed by the policy.
  const src = /<script src="(\/assets\/editor\.[0-9a-f]+\.js)" defer><\/script>/.exec(page);
  assert.ok(src, 'editor.js is linked');
  assert.doesNotMatch(page, /<script>|<script(?![^>]*\bsrc=)[^>]*>/);
  const js = await c.get(src[1]);
  assert.equal(js.status, 200);
  assert.match(js.body, /countWords/);
  const r = await c.get('/admin/articles/new/');
  assert.match(r.headers['content-security-policy'], /script-src 'self'/);
  s.sql("DELETE FROM settings WHERE key = 'timezone'");
});

// The options of the select with id in html: [value, label, selected].
const options = (html, id) => {
  const m = new RegExp(`<select id="${id}"[^>]*>([\\s\\S]*?)</select>`).exec(html);
  assert.ok(m, `no select ${id}`);
  return [...m[1].matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)].map((x) => [x[1], x[3], !!x[2]]);
};
const chosen = (html, id) => options(html, id).filter((o) => o[2]).map((o) => o[0]);

test('Settings: the time zone is a select of the system\'s zones showing the effective value', async () => {
  addUser(s, 'adm', 'administrator');
  const adm = new Client(s);
  assert.equal((await adm.login('adm')).status, 303);
  s.sql("DELETE FROM settings WHERE key = 'timezone'");
  // Unset: UTC, the zone the site uses, is the one selected.
  let page = (await adm.get('/admin/settings/')).body;
  assert.doesNotMatch(page, /<input id="s-timezone"/);
  const opts = options(page, 's-timezone');
  assert.ok(opts.length > 100, `${opts.length} zones`);
  assert.deepEqual(opts[0], ['UTC', 'UTC', true]);
  assert.deepEqual(chosen(page, 's-timezone'), ['UTC']);
  assert.ok(opts.some((o) => o[0] === 'Europe/Paris' && o[1] === 'Paris'));
  assert.ok(opts.some((o) => o[0] === 'America/New_York'));
  assert.match(page, /<optgroup label="Europe"><option value="Europe\/[A-Z]/);
  // Every zone offered is one the site accepts.
  const values = opts.map((o) => o[0]);
  assert.equal(new Set(values).size, values.length);

  const form = {
    title: 'The Nutgraf Times', tagline: '', comment_moderation: '0', comment_previously_approved: '0',
    close_comments_days_old: '0', comment_max_links: '2', feed_content: 'full', permalink: '', twofactor_roles: '',
  };
  let r = await adm.postForm('/admin/settings/', { ...form, timezone: 'Asia/Kolkata' });
  assert.equal(r.status, 303, r.body.slice(0, 400));
  page = (await adm.get('/admin/settings/')).body;
  assert.deepEqual(chosen(page, 's-timezone'), ['Asia/Kolkata']);
  // The editor names it beside the scheduling field.
  assert.match((await c.get('/admin/articles/new/')).body, /Time zone: <span class="tz-name">Asia\/Kolkata<\/span>/);

  // A zone the list does not name (an old alias) is shown, chosen.
  s.sql("UPDATE settings SET value = 'US/Eastern' WHERE key = 'timezone'");
  page = (await adm.get('/admin/settings/')).body;
  assert.deepEqual(chosen(page, 's-timezone'), ['US/Eastern']);

  // A name that is no zone: 422, named at its field alone, kept, nothing saved.
  r = await adm.postForm('/admin/settings/', { ...form, title: 'Changed', timezone: 'Mars/Olympus' });
  assert.equal(r.status, 422);
  assert.deepEqual([...r.body.matchAll(/<span class="error" id="([^"]+)">([^<]*)</g)].map((m) => m[1]), ['e-timezone']);
  assert.match(r.body, /id="e-timezone">Unknown time zone/);
  assert.match(r.body, /<select id="s-timezone" name="timezone" aria-invalid="true" aria-describedby="e-timezone">/);
  assert.deepEqual(chosen(r.body, 's-timezone'), ['Mars/Olympus']);
  assert.equal(s.sql("SELECT value FROM settings WHERE key = 'timezone'"), 'US/Eastern');
  assert.equal(s.sql("SELECT value FROM settings WHERE key = 'title'"), 'The Nutgraf Times');
  s.sql("DELETE FROM settings WHERE key = 'timezone'");
});
