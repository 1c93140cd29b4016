// The breaking-news banner: switched on and off from the dashboard by an
// editor, on every public page at once (the page cache included), in
// the JSON Feed, gone at its expiry from cached pages too; refused
// input comes back as typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport, until } from '../lib/nutgraf.mjs';
import { Client, addUser } from '../lib/newsroom.mjs';

let s;
let editor;
let author;

// "YYYY-MM-DDTHH:MM:SS" in UTC (the demo site's zone), ms from now.
function utcIn(ms) {
  return new Date(Date.now() + ms).toISOString().slice(0, 19);
}

before(async () => {
  s = await startServer();
  addUser(s, 'brk-editor', 'editor');
  addUser(s, 'brk-author', 'author');
  editor = new Client(s);
  author = new Client(s);
  assert.equal((await editor.login('brk-editor')).status, 303);
  assert.equal((await author.login('brk-author')).status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function page(path) {
  const r = await fetch(s.url + path);
  return { status: r.status, cache: r.headers.get('x-cache'), body: await r.text() };
}

function banner(html) {
  const m = /<aside class="breaking breaking-(\w+)" aria-label="([^"]+)">([\s\S]*?)<\/aside>/.exec(html);
  return m ? { level: m[1], label: m[2], html: m[3] } : null;
}

async function anArticlePath() {
  const front = (await page('/')).body;
  const m = /<a href="(\/\d{4}\/\d{2}\/[^"]+\/)"/.exec(front);
  assert.ok(m, 'the front page links an article');
  return m[1];
}

const PAGES = ['/', '/search?q=niger', '/category/world/', '/feed/json/', '/no-such-page/'];

test('on from the dashboard: every page at once, cached ones too, and the JSON Feed', async () => {
  const art = await anArticlePath();
  // Warm the cache with banner-less pages.
  for (const p of [...PAGES, art]) await page(p);
  for (const p of [...PAGES, art]) await page(p);
  assert.equal(banner((await page(art)).body), null);

  const dash = await editor.get('/admin/');
  assert.match(dash.body, /Breaking-news banner/);
  assert.match(dash.body, /id="breaking-until" name="until" type="datetime-local"/);
  let r = await editor.postForm('/admin/breaking/', {
    action: 'on', text: 'Storm closes the harbour <now>', url: art, level: 'breaking', until: utcIn(3600e3),
  });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, '/admin/?msg=breaking-on');
  const after = await editor.get(r.headers.location);
  assert.match(after.body, /The banner is on/);
  assert.match(after.body, /Switch the banner off/);

  for (const p of ['/', '/search?q=niger', '/category/world/', art]) {
    const b = banner((await page(p)).body);
    assert.ok(b, `banner on ${p}`);
    assert.equal(b.level, 'breaking');
    assert.equal(b.label, 'Breaking news');
    assert.match(b.html, new RegExp(`<a href="${art}">Storm closes the harbour &lt;now&gt;</a>`));
  }
  // The not-found page carries it too.
  const nf = await page('/no-such-page/');
  assert.equal(nf.status, 404);
  assert.ok(banner(nf.body));
  // The JSON Feed, as an extension object with an absolute link.
  const feed = JSON.parse((await page('/feed/json/')).body);
  assert.equal(feed._breaking_news.text, 'Storm closes the harbour <now>');
  assert.equal(feed._breaking_news.url, s.url + art);
  assert.equal(feed._breaking_news.level, 'breaking');
  assert.match(feed._breaking_news.expires, /^\d{4}-\d\d-\d\dT/);

  // Replaced by a notice without a link.
  r = await editor.postForm('/admin/breaking/', {
    action: 'on', text: 'Trains run again', url: '', level: 'notice', until: utcIn(3600e3),
  });
  assert.equal(r.status, 303);
  const b = banner((await page('/')).body);
  assert.equal(b.level, 'notice');
  assert.match(b.html, /<span>Trains run again<\/span>/);

  // Off: gone everywhere, the feed included.
  r = await editor.postForm('/admin/breaking/', { action: 'off' });
  assert.equal(r.headers.location, '/admin/?msg=breaking-off');
  for (const p of ['/', art, '/category/world/']) assert.equal(banner((await page(p)).body), null, p);
  assert.equal(JSON.parse((await page('/feed/json/')).body)._breaking_news, undefined);
});

test('a banner leaves cached pages at its expiry, with no write', async () => {
  const r = await editor.postForm('/admin/breaking/', {
    action: 'on', text: 'Polls close soon', url: 'https://example.org/polls', level: 'developing', until: utcIn(3000),
  });
  assert.equal(r.status, 303, r.body);
  const first = await page('/');
  assert.ok(banner(first.body));
  const again = await page('/');
  assert.ok(banner(again.body), 'still on while cached');
  await until('the banner to expire from the cached front page', async () => banner((await page('/')).body) === null);
  assert.equal(JSON.parse((await page('/feed/json/')).body)._breaking_news, undefined);
  // The dashboard shows it off.
  assert.doesNotMatch((await editor.get('/admin/')).body, /Switch the banner off/);
});

test('refused input is shown again as typed; authors may not', async () => {
  const typed = { action: 'on', text: 'Bridge closed', url: 'javascript:alert(1)', level: 'breaking', until: utcIn(3600e3) };
  let r = await editor.postForm('/admin/breaking/', typed);
  assert.equal(r.status, 400);
  assert.match(r.body, /Nothing was saved/);
  assert.match(r.body, /id="breaking-text" name="text" value="Bridge closed"/);
  assert.match(r.body, /value="javascript:alert\(1\)"[^>]*aria-invalid="true"/);
  r = await editor.postForm('/admin/breaking/', { ...typed, url: '', until: utcIn(-60e3) });
  assert.equal(r.status, 400);
  assert.match(r.body, /That time has passed/);
  r = await editor.postForm('/admin/breaking/', { ...typed, url: '', text: '' });
  assert.equal(r.status, 400);
  r = await editor.postForm('/admin/breaking/', { ...typed, url: '', level: 'panic' });
  assert.equal(r.status, 400);
  r = await editor.postForm('/admin/breaking/', { ...typed, url: '', text: 'x'.repeat(301) });
  assert.equal(r.status, 400);
  assert.equal(banner((await page('/')).body), null);

  // An author sees no form and may not post one.
  assert.doesNotMatch((await author.get('/admin/')).body, /Breaking-news banner/);
  r = await author.postForm('/admin/breaking/', { ...typed, url: '' });
  assert.equal(r.status, 403);
  assert.equal(banner((await page('/')).body), null);
});
