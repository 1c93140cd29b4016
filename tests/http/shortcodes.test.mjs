// Shortcodes, sliders and ads over real HTTP: the demo's two
// "Advertisement" slots of house-ad sliders where the seed page leaked
// [soliloquy] text; the leak test (broken shortcodes through the page,
// the text view and every feed); the sandboxed ad frame; the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, assertNoSanitizerReport, run, until } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
let s;

before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function get(p, init = {}) {
  const res = await fetch(s.url + p, { redirect: 'manual', ...init });
  return { res, body: await res.text() };
}

function cli(args, input) {
  const r = run([...args, '--data', s.dataDir]);
  assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

// Publish an article with body md through the newsroom CLI; its path.
// --force: the leak test publishes broken shortcodes on purpose.
function publish(title, md) {
  const file = path.join(s.dataDir, `body-${Date.now()}-${Math.random()}.md`);
  writeFileSync(file, md);
  const r = run(['article', 'add', '--title', title, '--body-file', file,
    '--status', 'published', '--force', '--data', s.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  return r;
}

async function pathOf(title) {
  // The newest article leads the front page, once the server has read
  // the CLI's write.
  const esc = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`href="(/\\d{4}/\\d{2}/[a-z0-9-]+/)"[^>]*>${esc}<`);
  let m;
  await until(`a link to ${title} on the front page`, async () => (m = re.exec((await get('/')).body)), 5000);
  return m[1];
}

test('demo: the seed article has two Advertisement slots, each a house-ad slider', async () => {
  const { res, body } = await get(SEED);
  assert.equal(res.status, 200);
  const slots = body.match(/<aside class="ad-slot[^"]*"[\s\S]*?<\/aside>/g) || [];
  assert.equal(slots.length, 2, 'two ad slots');
  for (const slot of slots) {
    assert.match(slot, /<p class="ad-label">Advertisement<\/p>/);
    assert.match(slot, /<section class="sc-slider"[^>]*aria-roledescription="carousel"/);
    assert.match(slot, /<ul class="sc-slides" tabindex="0"/);
    assert.equal((slot.match(/<li class="sc-slide"/g) || []).length, 3);
    for (const m of slot.matchAll(/<img src="([^"]+)" alt="([^"]+)" width="600" height="200"/g)) {
      const img = await fetch(s.url + m[1]);
      assert.equal(img.status, 200, m[1]);
      assert.match(img.headers.get('content-type'), /^image\/svg\+xml/);
      const svg = await img.text();
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.ok(!/<script/i.test(svg));
    }
  }
  // Between paragraphs (the seed had them back to back after the last).
  assert.ok(body.indexOf('ad-slot') > body.indexOf('capital Niamey.</p>'));
  assert.ok(body.indexOf('ad-slot') < body.indexOf('Moscow sent Niger an air defence system'));
  assert.doesNotMatch(body, /<\/aside>\s*<aside class="ad-slot/);
  // No shortcode text, no script, and the page is still small.
  // (JSON-LD metadata has arrays; outside it there is no bracket at all.)
  const html = body.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g, '');
  assert.ok(!html.includes('['), 'no bracket on the seed page');
  assert.ok(!/<script(?![^>]*application\/ld\+json)/i.test(body));
  assert.ok(body.length < 50 * 1024, `page is ${body.length} bytes`);
  // The page's policy admits only our own frames.
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /frame-src 'self'/);
  assert.doesNotMatch(csp, /script-src/);
});

test('demo: no ads in the text view or the feeds', async () => {
  const { body: txt } = await get(SEED.replace(/\/$/, '.txt'));
  assert.ok(!/Advertisement|house ad|ng-sc|\[/i.test(txt), txt);
  for (const f of ['/feed/', '/feed/atom/', '/feed.json']) {
    const { res, body } = await get(f);
    assert.equal(res.status, 200, f);
    assert.ok(!/ng-sc|ad-slot|\[ad|house-ads|Advertisement/.test(body), f);
  }
});

test('house-ad images: only the built-in ones', async () => {
  for (const p of ['/house-ads/0.svg', '/house-ads/7.svg', '/house-ads/x.svg', '/house-ads/11.svg']) {
    const { res } = await get(p);
    assert.equal(res.status, 404, p);
  }
  const { res } = await get('/house-ads/6.svg');
  assert.equal(res.status, 200);
  // A banner names the site as it is called now (site/ads.c), so it is
  // cached as a page is, not for a year.
  assert.match(res.headers.get('cache-control'), /^public, max-age=60\b/);
  assert.doesNotMatch(res.headers.get('cache-control'), /immutable/);
});

// Every kind of broken shortcode; none of it may reach any output.
const BROKEN = [
  '[nosuch id=1]', '[slider id=999]', '[slider id="1]', '[slider id=1',
  '[soliloquy id="777"]', '[related id=99999]', '[related]', '[ad slot="nope"]',
  '[ad]', '[gallery]', '[gallery ids="424242"]', '[embed]https://example.com/[/embed]',
  '[caption]never closed', '[/caption]', '[foo bar=\'x]', '[slider id="1"x]',
  '[/slider]', '[caption][ad slot=article-inline-1][/caption]', '[SLIDER ID="abc"]',
  '[embed]', '[ad slot="article-inline-1" a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=0 k=1 l=2 m=3 n=4 o=5 p=6 q=7]',
];

test('leak test: broken shortcodes never reach the page, text view or feeds', async () => {
  const title = 'Shortcode leak test';
  const md = ['Opening paragraph.', ...BROKEN, 'Closing paragraph.'].join('\n\n') + '\n';
  publish(title, md);
  const page = await pathOf(title);
  const outputs = {
    page: (await get(page)).body,
    txt: (await get(page.replace(/\/$/, '.txt'))).body,
    rss: (await get('/feed/')).body,
    atom: (await get('/feed/atom/')).body,
    json: (await get('/feed.json')).body,
  };
  for (const [where, body] of Object.entries(outputs)) {
    assert.ok(body.includes('Closing paragraph.'), `${where} has the article`);
    // The article's part of the output.
    const from = body.indexOf('Opening paragraph.');
    const to = body.indexOf('Closing paragraph.');
    assert.ok(from >= 0 && to > from, where);
    const part = body.slice(from, to);
    assert.ok(!part.includes('['), `${where}: a bracket leaked:\n${part}`);
    for (const b of BROKEN) {
      const name = /^\[\/?([A-Za-z]+)/.exec(b)[1];
      assert.ok(!body.includes(`[${name}`) && !body.includes(`[/${name}`), `${where}: ${b}`);
    }
    assert.ok(!part.includes('never closed') || where !== 'never', where);
  }
});

test('good shortcodes: slider, related box, video and an image ad', async () => {
  const slider = cli(['slider', 'add', 'Test slider']);
  cli(['slider', 'slide', slider, '--image', '/house-ads/2.svg', '--alt', 'Two', '--caption', 'Slide two', '--link', '/']);
  cli(['slider', 'slide', slider, '--image', '/house-ads/3.svg', '--alt', 'Three']);
  cli(['ad', 'slot-add', 'test-image', '--size', '300x100']);
  cli(['ad', 'add', 'test-image', '--name', 'Image ad', '--image', '/house-ads/5.svg',
    '--link', 'https://example.com/', '--alt', 'An advertiser']);
  const md = `Intro.\n\n[slider id="${slider}"]\n\n[related id=1]\n\n` +
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n[ad slot="test-image"]\n\nEnd.\n';
  publish('Good shortcodes', md);
  const p = await pathOf('Good shortcodes');
  const { body } = await get(p);
  assert.match(body, /<section class="sc-slider"[\s\S]*?alt="Two"[\s\S]*?Slide two[\s\S]*?alt="Three"/);
  assert.match(body, /<aside class="also-read also-read-inline"[\s\S]*?Niger Breaks Off Military Deal With US/);
  // The video is a poster and a link: nothing is loaded from YouTube.
  assert.match(body, /<a class="sc-video-play" href="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ\?autoplay=1"/);
  assert.ok(!/<(iframe|img)[^>]+youtube/.test(body));
  assert.match(body, /<aside class="ad-slot ad-slot-test-image"[\s\S]*?Advertisement[\s\S]*?<a class="ad-image" href="https:\/\/example\.com\/" rel="sponsored noopener"><img src="\/house-ads\/5\.svg" alt="An advertiser" width="300" height="100"/);
  const { body: txt } = await get(p.replace(/\/$/, '.txt'));
  assert.match(txt, /Slide two <\/>/);
  assert.match(txt, /Also read: Niger Breaks Off Military Deal With US <(?:https?:\/\/[^/>]+)?\/2024\/03\/niger-breaks-off-military-deal-with-us\/>/);
  assert.match(txt, /Video: https:\/\/www\.youtube\.com\/watch\?v=dQw4w9WgXcQ/);
  assert.ok(!/Advertis/.test(txt));
  // Feeds: first image and link, an "Also read:" link, no ad.
  const { body: json } = await get('/feed.json');
  const item = JSON.parse(json).items.find((i) => i.title === 'Good shortcodes');
  assert.ok(item, 'in the JSON feed');
  assert.match(item.content_html, /<img src="[^"]*\/house-ads\/2\.svg" alt="Two">/);
  assert.match(item.content_html, /Also read: <a href="[^"]*\/2024\/03\/niger-breaks-off-military-deal-with-us\/">/);
  assert.ok(!/ng-sc|ad-slot|5\.svg|Advertisement/.test(item.content_html), item.content_html);
  // Lists show what was made.
  assert.match(cli(['slider', 'list']), new RegExp(`^${slider}\\t0\\t2\\tTest slider$`, 'm'));
  assert.match(cli(['ad', 'slots']), /\ttest-image\tinline\t0\t300x100$/m);
  assert.match(cli(['ad', 'list', 'test-image']), /\timage\t1\t1\tImage ad$/m);
});

test('code ads: a sandboxed frame with its own policy', async () => {
  cli(['ad', 'slot-add', 'test-code', '--size', '300x250', '--placement', 'below_article']);
  const code = path.join(s.dataDir, 'ad.html');
  writeFileSync(code, '<p id="ad">Buy things</p><script>document.title = "ran";</script>');
  const id = cli(['ad', 'add', 'test-code', '--name', 'Code ad', '--code-file', code]);
  // A below_article slot shows on every article by itself.
  const { body } = await get(SEED);
  const m = /<iframe class="ad-frame" src="(\/ad\/(\d+)\/frame)" width="300" height="250" title="Advertisement" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"/.exec(body);
  assert.ok(m, 'the page frames the ad');
  assert.equal(m[2], id);
  assert.ok(!body.includes('Buy things'), 'the ad code is not in the page');
  const { res, body: frame } = await get(m[1]);
  assert.equal(res.status, 200);
  assert.ok(frame.includes('<p id="ad">Buy things</p><script>'));
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /^sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox;/);
  assert.doesNotMatch(csp, /allow-same-origin/);
  assert.match(csp, /frame-ancestors 'self'/);
  assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
  // Not a code ad, or no ad: 404.
  for (const p of ['/ad/999999/frame', '/ad/abc/frame', '/ad/1/frame']) {
    assert.equal((await get(p)).res.status, 404, p);
  }
  // Deleting it empties the slot.
  cli(['ad', 'delete', id]);
  const after = await get(SEED);
  assert.ok(!after.body.includes('ad-slot-test-code'));
});

test('CLI: bad input is refused with a usage or a reason', async () => {
  for (const args of [['slider'], ['slider', 'slide', 'x'], ['ad', 'slot-add', 'Bad Name', '--size', '1x1'],
    ['ad', 'slot-add', 'big', '--size', '5000x1'], ['ad', 'add', 'nope', '--name', 'x'],
    ['slider', 'slide', '1', '--image', 'https://elsewhere.example/x.png'],
    ['ad', 'add', 'test-image', '--name', 'x', '--image', '/a.png', '--link', 'javascript:alert(1)', '--alt', 'x']]) {
    const r = run([...args, '--data', s.dataDir]);
    assert.notEqual(r.status, 0, args.join(' '));
  }
});
