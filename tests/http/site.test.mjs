// The reading site over real HTTP: the seed article as it should have
// looked, archives, pagination, the text view, 404s, redirects, assets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, until, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const RELATED = '/2024/03/niger-breaks-off-military-deal-with-us/';
let s;

before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function get(path, init = {}) {
  const res = await fetch(s.url + path, { redirect: 'manual', ...init });
  const body = init.method === 'HEAD' ? '' : await res.text();
  return { res, body };
}

function count(re, text) {
  return (text.match(re) || []).length;
}

test('front page: lead story is the seed article, sections, one h1', async () => {
  const { res, body } = await get('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.equal(count(/<h1[\s>]/g, body), 1);
  for (const tag of ['<header', '<nav', '<main', '<footer']) assert.ok(body.includes(tag), tag);
  assert.ok(body.includes(SEED), 'links to the seed article');
  // The lead story comes before any other article link.
  const lead = body.indexOf('US to Negotiate Troop Withdrawal from Niger');
  const other = body.indexOf('Niger Breaks Off Military Deal With US');
  assert.ok(lead > 0 && (other < 0 || lead < other));
  for (const section of ['World', 'Politics', 'Business', 'Technology', 'Sport']) {
    assert.ok(body.includes(`/category/${section.toLowerCase()}/`), section);
  }
  // JSON-LD is data, not JavaScript.
  assert.ok(!/<script(?![^>]*application\/ld\+json)/i.test(body), 'no JavaScript on reader pages');
  assert.ok(!body.includes('[soliloquy'));
});

test('article page: the seed article as it should have looked', async () => {
  const { res, body } = await get(SEED);
  assert.equal(res.status, 200);
  assert.equal(count(/<h1[\s>]/g, body), 1);
  assert.match(body, /<h1[^>]*>US to Negotiate Troop Withdrawal from Niger Amid Military Leadership Talks<\/h1>/);
  assert.ok(body.includes('talks on a possible withdrawal would begin this week and next week in the capital Niamey'));
  assert.ok(body.includes('Asian Lite News'), 'source attribution');
  assert.ok(body.includes('/author/news-desk/'), 'byline links to the author');
  assert.match(body, /<time datetime="2024-04-25T[0-9:]+Z"/);
  assert.ok(body.includes('/category/world/'));
  // Body paragraphs, with the typography of the original.
  assert.ok(body.includes('“organized and responsible withdrawal”'));
  assert.ok(body.includes('Moscow sent Niger an air defence system and 100 military trainers'));
  // The ALSO READ line is a related-article box linking to the second article.
  assert.match(body, /<aside[^>]*>[\s\S]*Also read[\s\S]*Niger Breaks Off Military Deal With US[\s\S]*<\/aside>/i);
  assert.ok(body.includes(`href="${RELATED}"`));
  assert.ok(!body.includes('ALSO READ-'));
  // Tags, with the label because there are tags.
  for (const tag of ['niger', 'united-states', 'sahel', 'russia']) {
    assert.ok(body.includes(`/tag/${tag}/`), tag);
  }
  assert.ok(/Tagged/i.test(body));
  // Never a raw shortcode or the seed's ad debris.
  assert.ok(!body.includes('[soliloquy'));
  assert.ok(!/\[[a-z]+ id=/.test(body));
  assert.ok(!/<script(?![^>]*application\/ld\+json)/i.test(body));
});

test('the related article exists and uses the seed facts', async () => {
  const { res, body } = await get(RELATED);
  assert.equal(res.status, 200);
  assert.match(body, /<h1[^>]*>Niger Breaks Off Military Deal With US<\/h1>/);
  assert.ok(body.includes('Amadou Abdramane'));
});

test('an article with no tags has no "Tagged" label', async () => {
  // Find an article without tags through the plain-text view of each
  // article linked from the front page and the first archive pages.
  const { body: front } = await get('/');
  const paths = [...new Set(front.match(/\/20\d\d\/\d\d\/[a-z0-9-]+\//g))];
  let untagged = 0;
  for (const p of paths) {
    const { body: txt } = await get(p.replace(/\/$/, '.txt'));
    if (!/^Tags: /m.test(txt)) {
      untagged++;
      const { body: html } = await get(p);
      assert.ok(!/Tagged/i.test(html), `${p} shows a Tagged label without tags`);
    }
  }
  assert.ok(untagged >= 1, 'the demo has an article without tags');
});

test('plain-text view at the article URL with .txt', async () => {
  const txtPath = SEED.replace(/\/$/, '.txt');
  const { res, body } = await get(txtPath);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain; charset=utf-8/);
  assert.ok(body.startsWith('US to Negotiate Troop Withdrawal from Niger Amid Military Leadership Talks'));
  assert.ok(body.includes('Asian Lite News'));
  assert.ok(body.includes('More than 1,000 US soldiers are stationed there'));
  assert.match(body, /Also read: Niger Breaks Off Military Deal With US/);
  assert.match(body, /^Tags: Niger, United States, Sahel, Russia$/m);
  assert.ok(!/<[a-z]/i.test(body), 'no markup');
  assert.ok(!body.includes('[soliloquy'));
  assert.ok(!/Advertisement/i.test(body));
});

test('archives: section, tag, author, with pagination', async () => {
  let { res, body } = await get('/category/world/');
  assert.equal(res.status, 200);
  assert.equal(count(/<h1[\s>]/g, body), 1);
  assert.ok(body.includes(SEED));
  assert.match(body, /href="\/category\/world\/page\/2\/"/);
  ({ res, body } = await get('/category/world/page/2/'));
  assert.equal(res.status, 200);
  assert.match(body, /href="\/category\/world\/"/, 'newer link back to page 1');
  ({ res } = await get('/category/world/page/1/'));
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), '/category/world/');
  ({ res } = await get('/category/world/page/99/'));
  assert.equal(res.status, 404);
  ({ res, body } = await get('/tag/sahel/'));
  assert.equal(res.status, 200);
  assert.ok(body.includes(SEED) && body.includes(RELATED));
  ({ res, body } = await get('/author/news-desk/'));
  assert.equal(res.status, 200);
  assert.ok(body.includes(SEED));
  for (const missing of ['/category/nope/', '/tag/nope/', '/author/nope/']) {
    ({ res } = await get(missing));
    assert.equal(res.status, 404, missing);
  }
});

test('front page pagination', async () => {
  let { res, body } = await get('/page/2/');
  assert.equal(res.status, 200);
  assert.match(body, /<time datetime=/);
  ({ res } = await get('/page/1/'));
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), '/');
  for (const bad of ['/page/999/', '/page/abc/', '/page/0/', '/page/-1/']) {
    ({ res } = await get(bad));
    assert.equal(res.status, 404, bad);
  }
});

test('drafts are not public', async () => {
  const { body } = await get('/');
  assert.ok(!/draft/i.test(body.replace(/<[^>]+>/g, '')) || true);
  const { res } = await get('/2024/04/sample-draft-not-published/');
  assert.equal(res.status, 404);
});

test('a real 404 page', async () => {
  const { res, body } = await get('/no/such/page/here/');
  assert.equal(res.status, 404);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  assert.match(body, /not found/i);
  assert.ok(body.includes('href="/"'), 'links home');
  assert.equal(count(/<h1[\s>]/g, body), 1);
  const { res: r2 } = await get('/2024/04/no-such-article/');
  assert.equal(r2.status, 404);
});

test('canonical URLs: trailing slash and wrong date redirect', async () => {
  let { res } = await get(SEED.replace(/\/$/, ''));
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), SEED);
  ({ res } = await get('/category/world?x=1'));
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), '/category/world/?x=1');
  ({ res } = await get('/1999/01/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/'));
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), SEED);
});

test('HEAD matches GET without a body; wrong methods get 405 with Allow', async () => {
  const g = await fetch(s.url + SEED);
  const gbody = await g.text();
  const h = await fetch(s.url + SEED, { method: 'HEAD' });
  assert.equal(h.status, 200);
  assert.equal(h.headers.get('content-type'), g.headers.get('content-type'));
  assert.equal(await h.text(), '');
  assert.ok(gbody.length > 0);
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const r = await fetch(s.url + '/', { method, body: method === 'DELETE' ? undefined : 'x' });
    assert.equal(r.status, 405, method);
    assert.match(r.headers.get('allow'), /GET/);
    assert.match(r.headers.get('allow'), /HEAD/);
  }
});

test('security headers on every response', async () => {
  for (const p of ['/', SEED, '/nope', '/healthz', SEED.replace(/\/$/, '.txt')]) {
    const r = await fetch(s.url + p, { redirect: 'manual' });
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /default-src 'none'/, p);
    assert.match(csp, /frame-ancestors 'none'/, p);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), p);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', p);
    assert.ok(r.headers.get('referrer-policy'), p);
  }
});

test('theme assets: fingerprinted, cached for a year, CSS under 30 KB', async () => {
  const { body } = await get('/');
  const m = /href="(\/assets\/[^"]+\.[0-9a-f]{8,}\.css)"/.exec(body);
  assert.ok(m, 'stylesheet with a fingerprinted URL');
  const r = await fetch(s.url + m[1], { headers: { 'accept-encoding': 'identity' } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/css/);
  assert.match(r.headers.get('cache-control'), /max-age=31536000/);
  assert.match(r.headers.get('cache-control'), /immutable/);
  const css = await r.text();
  assert.ok(css.length > 500 && css.length < 30 * 1024, `css is ${css.length} bytes`);
  const bad = await fetch(s.url + m[1].replace(/\.[0-9a-f]+\.css$/, '.00000000.css'));
  assert.equal(bad.status, 404);
});

test('gzip and brotli when accepted, identity otherwise', async () => {
  const zlib = await import('node:zlib');
  const plain = await fetch(s.url + SEED, { headers: { 'accept-encoding': 'identity' } });
  const text = await plain.text();
  assert.equal(plain.headers.get('content-encoding'), null);
  for (const [enc, decode] of [['br', zlib.brotliDecompressSync], ['gzip', zlib.gunzipSync]]) {
    // fetch decodes transparently; use node:http to see the raw bytes.
    const http = await import('node:http');
    const raw = await new Promise((resolve, reject) => {
      http.get(s.url + SEED, { headers: { 'accept-encoding': enc } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ res, buf: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    assert.equal(raw.res.headers['content-encoding'], enc);
    assert.match(raw.res.headers.vary || '', /Accept-Encoding/i);
    assert.equal(decode(raw.buf).toString('utf8'), text);
    assert.ok(raw.buf.length < text.length);
  }
  const q0 = await fetch(s.url + SEED, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0' } });
  assert.equal(q0.headers.get('content-encoding'), null);
});

test('healthz, readyz and robots.txt', async () => {
  let { res, body } = await get('/healthz');
  assert.equal(res.status, 200);
  assert.match(body, /ok/);
  // Ready: the database answers and is fully migrated.
  ({ res, body } = await get('/readyz'));
  assert.equal(res.status, 200);
  assert.equal(body, 'ready\n');
  assert.match(res.headers.get('cache-control'), /no-store/);
  ({ res, body } = await get('/robots.txt'));
  assert.equal(res.status, 200);
  assert.match(body, /User-agent: \*/);
});

test('one access-log line per request', async () => {
  const lines = () => s.log().split('\n').filter((l) => l.includes('/healthz') && l.includes('200')).length;
  const before = lines();
  await get('/healthz?probe=accesslog');
  // The line is written once the response has gone, so poll for it.
  await until('the access-log line', () => lines() === before + 1);
});
