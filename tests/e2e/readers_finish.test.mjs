// The reading site's finish in Chromium: the section navigation on a
// phone shows that it scrolls (its edges fade where more items wait, CSS
// only); every kind of caption has one style (the same computed style in
// the body, under the featured image, in a gallery, a slider and a live
// update); after posting a comment the "thank you" notice is in view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { run, startServer, until } from '../lib/nutgraf.mjs';
import { bodyImagesArticle } from '../lib/bodyimages.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const DEAL = '/2024/03/niger-breaks-off-military-deal-with-us/';
let s;
let browser;

before(async () => {
  s = await startServer();
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

// A reader's page: no JavaScript, as the reading site sends none.
async function readerPage(width, height) {
  const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

test('phone: the section navigation overflows and fades at its edges', async () => {
  const { context, page } = await readerPage(375, 780);
  await page.goto(s.url + '/');
  const nav = page.locator('nav.sections ul');
  const geo = () => nav.evaluate((ul) => {
    const box = ul.getBoundingClientRect();
    const cs = getComputedStyle(ul);
    const px = (v) => parseFloat(v);
    // The fade bands: the padding at each end, under the mask.
    const start = px(cs.paddingLeft);
    const end = px(cs.paddingRight);
    const links = [...ul.querySelectorAll('a')].map((a) => a.getBoundingClientRect())
      .map((r) => ({ left: r.left, right: r.right }));
    return {
      overflow: ul.scrollWidth - ul.clientWidth, mask: cs.maskImage || cs.webkitMaskImage,
      left: box.left, right: box.right, start, end, links, scroll: ul.scrollLeft,
    };
  });
  let g = await geo();
  assert.ok(g.overflow > 0, 'the list is wider than a phone');
  assert.match(g.mask, /linear-gradient\(to right, rgba\(0, 0, 0, 0\)/, `mask ${g.mask}`);
  assert.ok(g.end >= 32, `the end fade is ${g.end}px`);
  // At the start: an item runs into the end fade (seen to go on), none
  // into the start fade.
  const inEnd = (r) => r.right > g.right - g.end + 1 && r.left < g.right;
  const inStart = (r) => r.left < g.left + g.start - 1 && r.right > g.left;
  assert.ok(g.links.some(inEnd), 'an item fades out at the right edge');
  assert.ok(!g.links.some(inStart), 'nothing fades at the left before scrolling');
  await page.screenshot({ path: path.join(SHOTS, 'nav-fade-phone.png'), clip: { x: 0, y: 0, width: 375, height: 220 } });
  // Scrolled to the end: the last item is clear of the fade, the first
  // ones fade at the left.
  await nav.evaluate((ul) => { ul.scrollLeft = ul.scrollWidth; });
  g = await geo();
  assert.ok(g.scroll > 0);
  const last = g.links[g.links.length - 1];
  assert.ok(last.right <= g.right - g.end + 1, 'the last item is clear of the fade');
  assert.ok(g.links.some(inStart), 'an item fades out at the left edge');
  // A keyboard user's focus scrolls the item clear of both fades.
  await nav.evaluate((ul) => { ul.scrollLeft = 0; });
  const n = await nav.locator('a').count();
  await page.locator('#masthead-q').focus();
  for (let i = 0; i < 1 + n; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), await nav.locator('a').last().textContent());
  g = await geo();
  const focused = g.links[g.links.length - 1];
  assert.ok(focused.right <= g.right - g.end + 1 && focused.left >= g.left + g.start - 1,
    `the focused item (${focused.left}-${focused.right}) is clear of the fades`);
  // A wide screen: everything fits, nothing fades.
  await page.setViewportSize({ width: 1280, height: 800 });
  g = await geo();
  assert.ok(g.overflow <= 0);
  assert.equal(g.mask, 'none');
  await context.close();
});

// The properties that make a caption's look.
const LOOK = ['fontFamily', 'fontSize', 'fontStyle', 'fontWeight', 'lineHeight', 'color',
  'letterSpacing', 'textTransform', 'textAlign', 'marginTop', 'marginBottom', 'paddingTop', 'paddingBottom'];

async function captionStyles(page, selector) {
  const loc = page.locator(selector).first();
  assert.ok(await loc.count(), `a caption: ${selector}`);
  return loc.evaluate((el, look) => {
    const cs = getComputedStyle(el);
    return Object.fromEntries(look.map((k) => [k, cs[k]]));
  }, LOOK);
}

test('captions: one style for the body, featured image, gallery, slider and live update', async () => {
  const art = await bodyImagesArticle(s, { title: 'Captions everywhere', featured: true });
  const id = s.sql("SELECT id FROM articles WHERE title = 'Captions everywhere'");
  let r = await art.client.postForm(`/admin/articles/${id}/live/`, { action: 'start', from: 'editor' });
  assert.equal(r.status, 303, r.body);
  r = await art.client.postForm(`/admin/articles/${id}/live/`, {
    action: 'post', from: 'editor',
    text: `[caption]![Picture 3](/media/${art.keys[3]}/1600.jpg) A picture from the scene.[/caption]`,
  });
  assert.equal(r.status, 303, r.body);
  await until('the live update on the page', async () =>
    /live-update-body[\s\S]*<figcaption>/.test(await (await fetch(s.url + art.path)).text()));

  const { context, page } = await readerPage(1280, 900);
  const kinds = {};
  await page.goto(s.url + art.path);
  kinds.featured = await captionStyles(page, '.featured-image figcaption');
  kinds.body = await captionStyles(page, '.story-body > figure.sc-caption figcaption');
  kinds.gallery = await captionStyles(page, '.story-body .sc-gallery figcaption');
  kinds.live = await captionStyles(page, '.live-update-body figcaption');
  await page.goto(s.url + SEED);
  kinds.slider = await captionStyles(page, '.sc-slide figcaption');
  for (const [k, v] of Object.entries(kinds))
    assert.deepEqual(v, kinds.body, `the ${k} caption differs from the body's`);
  // Small sans-serif print under the picture, in the muted colour.
  assert.doesNotMatch(kinds.body.fontFamily, /Georgia/);
  await context.close();
});

test('after posting a comment the "thank you" notice is in view', async () => {
  // A long comment already there: the new one's anchor is far below
  // the notice at the top of the comments.
  const email = 'long.reader@example.com';
  const long = 'A long considered reply to the story, paragraph after paragraph. '.repeat(60);
  const res = await fetch(s.url + DEAL + 'comment', {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ author: 'Long Reader', email, url: '', comment: long, comment_parent: '0' }).toString(),
  });
  assert.equal(res.status, 303);
  const cli = (args) => {
    const c = run(['comments', '--data', s.dataDir, ...args]);
    assert.equal(c.status, 0, c.stderr);
    return c.stdout;
  };
  const held = cli(['list', '--status', 'pending']).split('\n').find((l) => l.includes(email)).split('\t')[0];
  cli(['approve', held]);
  cli(['settings', 'comment_flood_seconds=0']);

  for (const vp of [{ name: 'phone', width: 375, height: 700 }, { name: 'desktop', width: 1280, height: 800 }]) {
    const { context, page } = await readerPage(vp.width, vp.height);
    await page.goto(s.url + DEAL);
    await page.locator('#comment').fill(`Thanks for this, from the ${vp.name}.`);
    await page.locator('#author').fill('Long Reader');
    await page.locator('#email').fill(email);
    await Promise.all([page.waitForURL(/\?comment=published#/),
      page.locator('form#commentform').getByRole('button', { name: 'Post Comment' }).click()]);
    const notice = page.locator('#comment-notice');
    const box = await notice.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= vp.height,
      `${vp.name}: the notice is at ${box.y}..${box.y + box.height}, the viewport 0..${vp.height}`);
    // Sent to the notice's own anchor, with no script.
    assert.match(page.url(), /\?comment=published#comment-notice$/);
    assert.match(await notice.innerText(), /Thank you/);
    assert.equal(await notice.getAttribute('role'), 'status');
    assert.equal(await notice.getAttribute('tabindex'), '-1');
    await page.screenshot({ path: path.join(SHOTS, `comment-notice-${vp.name}.png`) });
    await context.close();
  }
});
