// Images in article bodies are shown as the featured image is: a
// Markdown image, a [caption]'s and a [gallery]'s each become a
// <picture> with a WebP and a JPEG srcset of every variant, sizes,
// width and height in the image's ratio, a phone source without the
// 1600 px file, and lazy loading after the first; the feed keeps plain
// absolute <img>s; an image that is not ours is left as it was.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { bodyImagesArticle } from '../lib/bodyimages.mjs';

let s;
let art;

before(async () => {
  s = await startServer();
  art = await bodyImagesArticle(s);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function page(p) {
  const res = await fetch(s.url + p);
  assert.equal(res.status, 200, p);
  return res.text();
}

function story(html) {
  const m = /<div class="story-body">\n([\s\S]*?)\n<\/div>\n/.exec(html);
  assert.ok(m, 'the story body');
  return m[1];
}

test('every body image is a <picture> with WebP and JPEG variants, width and height', async () => {
  const body = story(await page(art.path));
  const pics = body.match(/<picture>[\s\S]*?<\/picture>/g) || [];
  assert.equal(pics.length, 4, 'Markdown image, caption, two gallery images');
  assert.equal((body.match(/<img /g) || []).length, 4, 'no <img> outside a picture');
  for (const [i, pic] of pics.entries()) {
    const key = art.keys[i];
    assert.match(pic, new RegExp(`<source type="image/webp" srcset="/media/${key}/480\\.webp 480w, /media/${key}/960\\.webp 960w, /media/${key}/1600\\.webp 1600w" sizes="[^"]+">`));
    // The pictures are PNG graphics: kept lossless, PNG beside WebP.
    assert.match(pic, new RegExp(`<img src="/media/${key}/960\\.png" srcset="/media/${key}/480\\.png 480w, /media/${key}/960\\.png 960w, /media/${key}/1600\\.png 1600w" sizes="[^"]+" width="1600" height="800"`));
    assert.match(pic, new RegExp(`alt="Picture ${i}"`));
    // A phone's sources stop at 960 px, whatever its pixel density.
    const phone = pic.match(/<source media="\(max-width: 40rem\)"[^>]*>/g) || [];
    assert.equal(phone.length, 2, 'a WebP and a JPEG source for phones');
    for (const src of phone) assert.doesNotMatch(src, /1600/);
  }
  // The gallery's cells are narrower than the column.
  assert.match(pics[2], /sizes="\(max-width: 30rem\) 50vw, 14rem"/);
  assert.match(pics[0], /sizes="\(max-width: 44rem\) 100vw, 42rem"/);
  // No featured image: the first image is on the first screen.
  assert.doesNotMatch(pics[0], /loading=/);
  for (const pic of pics.slice(1)) assert.match(pic, /loading="lazy"/);
  // The caption and the gallery keep their figures and captions.
  assert.match(body, /<figure class="sc-caption[^"]*"><picture>[\s\S]*?<\/picture>\s*<figcaption>[^<]*The harbour at dawn/);
  assert.match(body, /<ul class="sc-gallery"><li><figure><picture>/);
});

test('each srcset file is served with its type', async () => {
  const body = story(await page(art.path));
  const urls = new Set();
  for (const m of body.matchAll(/srcset="([^"]+)"/g))
    for (const part of m[1].split(', ')) urls.add(part.split(' ')[0]);
  assert.equal(urls.size, 4 * 6);
  for (const u of urls) {
    const res = await fetch(s.url + u);
    assert.equal(res.status, 200, u);
    assert.equal(res.headers.get('content-type'), u.endsWith('.webp') ? 'image/webp' : 'image/png', u);
    await res.arrayBuffer();
  }
});

test('with a featured image above, every body image loads lazily', async () => {
  const other = await bodyImagesArticle(s, { title: 'Pictures under a lead', featured: true });
  const body = story(await page(other.path));
  const pics = body.match(/<picture>[\s\S]*?<\/picture>/g) || [];
  assert.equal(pics.length, 4);
  for (const pic of pics) assert.match(pic, /loading="lazy"/);
});

test('feeds keep plain absolute images', async () => {
  const rss = await page('/feed/');
  assert.doesNotMatch(rss, /&lt;picture&gt;|<picture>/);
  assert.match(rss, new RegExp(`&lt;img src=&quot;http://127\\.0\\.0\\.1:\\d+/media/${art.keys[0]}/1600\\.png&quot;|<img src="http://127\\.0\\.0\\.1:\\d+/media/${art.keys[0]}/1600\\.png"`));
});
