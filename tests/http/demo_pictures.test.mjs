// The demo's pictures: every published demo story has a featured image
// drawn locally (nothing fetched) and stored through the upload
// pipeline, so the front page, og:image and JSON-LD show it; RSS and
// Atom carry it as an enclosure and as Media RSS <media:content> with
// the file's own type and length; the house-ad banners name the site as
// it is called now and hold long names to the banner's width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, assertNoSanitizerReport, run, until } from '../lib/nutgraf.mjs';

let s;

before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function get(p) {
  const res = await fetch(s.url + p);
  return { res, body: await res.text() };
}

test('every published demo story has a drawn featured image', async () => {
  const published = Number(s.sql("SELECT count(*) FROM articles WHERE status = 'published'"));
  const pictured = Number(s.sql("SELECT count(*) FROM articles a JOIN media m ON m.id = a.featured_media_id WHERE a.status = 'published' AND m.mime = 'image/jpeg' AND m.width > 0"));
  assert.ok(published >= 10);
  assert.equal(pictured, published);
  // Its variants are real files, here.
  const keys = readdirSync(path.join(s.dataDir, 'media')).filter((k) => /^[0-9a-f]{16}$/.test(k));
  assert.equal(keys.length, published);
  // Each story its own picture.
  assert.equal(Number(s.sql('SELECT count(DISTINCT featured_media_id) FROM articles WHERE featured_media_id IS NOT NULL')), published);
});

test('front page, og:image and JSON-LD show it', async () => {
  const { body: front } = await get('/');
  const m = /<picture>\s*<source type="image\/webp" srcset="(\/media\/[0-9a-f]{16}\/\d+\.webp)/.exec(front);
  assert.ok(m, 'a picture on the front page');
  const img = await fetch(s.url + m[1]);
  assert.equal(img.status, 200);
  assert.equal(img.headers.get('content-type'), 'image/webp');
  const link = /<a href="(\/\d{4}\/\d{2}\/[a-z0-9-]+\/)"/.exec(front)[1];
  const { body: art } = await get(link);
  const og = /<meta property="og:image" content="(http:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f]{16}\/\d+\.jpg)"/.exec(art);
  assert.ok(og, 'an absolute og:image');
  const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(art)[1]);
  const graph = Array.isArray(ld['@graph']) ? ld['@graph'] : [ld];
  const story = graph.find((n) => /Article|Posting/.test(n['@type']));
  const image = Array.isArray(story.image) ? story.image[0] : story.image;
  assert.equal(typeof image === 'string' ? image : image.url, og[1]);
});

for (const [feed, self] of [['/feed/', 'rss'], ['/feed/atom/', 'atom']]) {
  test(`${self}: featured images as enclosure and media:content, with their type and length`, async () => {
    const { res, body } = await get(feed);
    assert.equal(res.status, 200);
    assert.match(body, /xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/"/);
    const items = body.split(self === 'rss' ? '<item>' : '<entry>').slice(1);
    assert.ok(items.length >= 10);
    for (const it of items) {
      const mc = /<media:content url="([^"]+)" type="([^"]+)" medium="image" fileSize="(\d+)"\/>/.exec(it);
      assert.ok(mc, `media:content in ${it.slice(0, 200)}`);
      const enc = self === 'rss' ?
        /<enclosure url="([^"]+)" length="(\d+)" type="([^"]+)"\/>/.exec(it) :
        /<link rel="enclosure" type="([^"]+)" length="(\d+)" href="([^"]+)"\/>/.exec(it);
      assert.ok(enc, 'an enclosure');
      const [url, type, len] = self === 'rss' ? [enc[1], enc[3], enc[2]] : [enc[3], enc[1], enc[2]];
      assert.equal(url, mc[1]);
      assert.equal(type, mc[2]);
      assert.equal(len, mc[3]);
      const file = await fetch(url);
      const bytes = Buffer.from(await file.arrayBuffer());
      assert.equal(file.headers.get('content-type'), type);
      assert.equal(String(bytes.length), len, url);
    }
  });
}

test('house ads name the site as it is called now, and fit', async () => {
  let { res, body } = await get('/house-ads/1.svg');
  assert.equal(res.status, 200);
  const name = s.sql("SELECT value FROM settings WHERE key = 'title'");
  assert.ok(body.includes(`Subscribe to ${name}`), body);
  const long = 'The Very Long Name of a Regional Morning Newspaper & Gazette';
  const r = run(['settings', `title=${long}`, '--data', s.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  await until('the new name in the banner', async () => {
    ({ body } = await get('/house-ads/1.svg'));
    return body.includes('Subscribe to The Very Long Name of a Regional Morning Newspaper &amp; Gazette');
  });
  // A long line is held to the banner's text width, at a smaller size.
  const head = /<text x="40" y="84"[^>]*>/.exec(body)[0];
  assert.match(head, /textLength="520" lengthAdjust="spacingAndGlyphs"/);
  assert.ok(Number(/font-size="(\d+)"/.exec(head)[1]) < 34);
  // A short one keeps its full size and its own width.
  ({ body } = await get('/house-ads/3.svg'));
  assert.doesNotMatch(body, /textLength/);
  assert.match(body, /font-size="34"/);
});
