// Search and sharing details: absolute canonical and og:url (from
// base_url when set, the served origin otherwise), a <title> of at most
// 70 characters, a raster publisher logo of at least 112 px, and
// corrections in JSON-LD, feeds and the text view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport, writeConfig, tempDir } from '../lib/nutgraf.mjs';
import { Client, articleIdOf, demoPassword } from '../lib/newsroom.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const BASE = 'https://news.example';

let s;
let pub;
before(async () => {
  s = await startServer();
  const dir = tempDir();
  pub = await startServer({ args: ['--config', writeConfig(dir, `base_url = ${BASE}/\n`)] });
});
after(async () => {
  for (const x of [s, pub]) {
    const { code, log } = await x.stop();
    assertNoSanitizerReport(log);
    assert.equal(code, 0);
    // A loopback server needs no base_url: no warning about it.
    assert.doesNotMatch(log, /base_url is not set/);
  }
});

async function get(server, path) {
  const res = await fetch(server.url + path);
  return { status: res.status, body: await res.text(), res };
}

const canonical = (b) => /<link rel="canonical" href="([^"]+)">/.exec(b)?.[1];
const ogUrl = (b) => /<meta property="og:url" content="([^"]+)">/.exec(b)?.[1];
const title = (b) => /<title>([^<]*)<\/title>/.exec(b)[1]
  .replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
const ld = (b, type) => [...b.matchAll(/<script type="application\/ld\+json">([^<]+)<\/script>/g)]
  .map((m) => JSON.parse(m[1])).find((x) => x['@type'] === type);

test('canonical and og:url are absolute, from base_url when it is set', async () => {
  for (const p of ['/', SEED, '/category/world/', '/page/2/', '/author/news-desk/', '/search?q=niger']) {
    const { body } = await get(pub, p);
    const c = canonical(body);
    assert.ok(c, `${p}: a canonical link`);
    assert.ok(c.startsWith(BASE + '/'), `${p}: ${c}`);
    assert.equal(ogUrl(body), c, `${p}: og:url is the canonical URL`);
  }
  assert.equal(canonical((await get(pub, SEED)).body), BASE + SEED);
  // Without base_url: the address it is served at, never a bare path.
  const { body } = await get(s, SEED);
  assert.equal(canonical(body), s.url + SEED);
  assert.equal(ogUrl(body), s.url + SEED);
});

test('<title> stays within 70 characters, dropping the site name first', async () => {
  const site = 'The Nutgraf Times';
  assert.equal(title((await get(s, '/category/world/')).body), `World | ${site}`);
  // 74 characters of headline: no room for the site name, cut at a word.
  const t = title((await get(s, SEED)).body);
  assert.ok([...t].length <= 70, t);
  assert.ok(!t.includes(site), t);
  assert.match(t, /^US to Negotiate Troop Withdrawal from Niger Amid Military\b.*…$/);
  // 60 characters: headline alone, whole.
  const c = new Client(s);
  assert.equal((await c.login('admin', demoPassword(s))).status, 303);
  const head = 'A headline of exactly sixty characters for the title test!!';
  const r = await c.postForm('/admin/articles/new/', { title: head + 'x', body: 'Body.', action: 'publish' });
  assert.equal(r.status, 303);
  const slug = s.sql(`SELECT slug FROM articles WHERE id = ${articleIdOf(r)}`);
  const found = (await get(s, `/?p=${articleIdOf(r)}`)).res.url;
  assert.ok(found.includes(slug));
  assert.equal(title((await get(s, new URL(found).pathname)).body), head + 'x');
  for (const p of ['/', SEED, '/search?q=niger', '/no-such-page/']) {
    assert.ok([...title((await get(s, p)).body)].length <= 70, p);
  }
});

test('the publisher logo is a raster of at least 112 px', async () => {
  const a = ld((await get(pub, SEED)).body, 'NewsArticle');
  const logo = a.publisher.logo;
  assert.equal(logo['@type'], 'ImageObject');
  assert.ok(logo.url.startsWith(BASE + '/assets/'), logo.url);
  assert.ok(logo.width >= 112 && logo.height >= 112);
  const res = await fetch(s.url + new URL(logo.url).pathname);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  const png = Buffer.from(await res.arrayBuffer());
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), logo.width);
  assert.equal(png.readUInt32BE(20), logo.height);
});

test('corrections reach JSON-LD, the feeds and the text view', async () => {
  const c = new Client(s);
  assert.equal((await c.login('admin', demoPassword(s))).status, 303);
  const id = s.sql("SELECT id FROM articles WHERE slug = 'us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks'");
  let r = await c.postForm(`/admin/articles/${id}/corrections/`, {
    kind: 'correction', note: 'An earlier version misnamed the <capital> & its mayor.',
  });
  assert.equal(r.status, 303);
  r = await c.postForm(`/admin/articles/${id}/corrections/`, { kind: 'update', note: 'Talks moved to Monday.' });
  assert.equal(r.status, 303);

  const a = ld((await get(s, SEED)).body, 'NewsArticle');
  assert.equal(a.correction.length, 1, 'an update note is not a correction');
  assert.equal(a.correction[0]['@type'], 'CorrectionComment');
  assert.equal(a.correction[0].text, 'An earlier version misnamed the <capital> & its mayor.');
  assert.match(a.correction[0].datePublished, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const txt = (await get(s, SEED.replace(/\/$/, '.txt'))).body;
  assert.match(txt, /\nCorrections and updates:\nCorrection, [A-Z][a-z]+ \d+, \d{4}: An earlier version misnamed the <capital> & its mayor\.\nUpdate, [^:]+: Talks moved to Monday\.\n/);

  const json = JSON.parse((await get(s, '/feed/json/')).body);
  const item = json.items.find((i) => i.url.endsWith(SEED));
  assert.match(item.content_html, /<p class="correction"><strong>Correction<\/strong> \([^)]+\): An earlier version misnamed the &lt;capital&gt; &amp; its mayor\.<\/p>/);
  assert.match(item.content_html, /<strong>Update<\/strong>[^<]*Talks moved to Monday\./);
  const rss = (await get(s, '/feed/')).body;
  assert.match(rss, /&lt;strong&gt;Correction&lt;\/strong&gt; \([^)]+\): An earlier version misnamed the &amp;lt;capital&amp;gt;/);
  const atom = (await get(s, '/feed/atom/')).body;
  assert.match(atom, /Talks moved to Monday\./);
});
