// Body images in Chromium: with every image response held back, the
// page does not move when the images arrive (cumulative layout shift
// from the PerformanceObserver's layout-shift entries under 0.1), on a
// phone and on a desktop; a phone (375 px, and at three device pixels
// per CSS pixel) never asks for a 1600 px file; the desktop's first
// screen does not fetch the images far below it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { bodyImagesArticle } from '../lib/bodyimages.mjs';

let s;
let browser;
let art;

before(async () => {
  s = await startServer();
  art = await bodyImagesArticle(s);
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

// Open the article with every /media/ response held until release()
// is called; returns the page, the media URLs asked for, and release.
async function openHeld(vp) {
  const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height },
    deviceScaleFactor: vp.dpr || 1, javaScriptEnabled: true });
  const page = await context.newPage();
  const asked = [];
  const held = [];
  let released = false;
  await page.route('**/media/**', (route) => {
    asked.push(new URL(route.request().url()).pathname);
    if (released) return route.continue();
    held.push(route);
  });
  await page.addInitScript(() => {
    window.__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(s.url + art.path, { waitUntil: 'domcontentloaded' });
  const release = async () => {
    released = true;
    for (const r of held.splice(0)) await r.continue();
  };
  return { context, page, asked, release };
}

// Scroll through the whole story so that lazy images load too, and
// wait until every image that is in the document has its pixels.
async function scrollAndSettle(page, release) {
  const h = await page.evaluate(() => document.body.scrollHeight);
  for (let y = 0; y <= h; y += 300) {
    await page.evaluate((yy) => window.scrollTo(0, yy), y);
    await release();
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await release();
  await page.waitForFunction(() => [...document.querySelectorAll('.story-body img')]
    .every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 15000 });
}

for (const vp of [
  { name: 'phone', width: 375, height: 740 },
  { name: 'phone-3x', width: 375, height: 740, dpr: 3 },
  { name: 'desktop', width: 1366, height: 900 },
]) {
  test(`${vp.name}: no layout shift when the images come late`, async () => {
    const { context, page, asked, release } = await openHeld(vp);
    // The layout is there before a single image byte.
    await page.waitForLoadState('domcontentloaded');
    const boxes = await page.evaluate(() => [...document.querySelectorAll('.story-body img')]
      .map((i) => i.getBoundingClientRect().height));
    assert.equal(boxes.length, 4);
    for (const hgt of boxes) assert.ok(hgt > 50, `an image's box is ${hgt}px high before it loads`);
    await scrollAndSettle(page, release);
    const cls = await page.evaluate(() => window.__cls);
    assert.ok(cls < 0.1, `cumulative layout shift ${cls}`);
    if (vp.width < 600) {
      const big = asked.filter((u) => /\/1600\.(jpg|webp)$/.test(u));
      assert.deepEqual(big, [], 'a phone fetched the 1600 px file');
      assert.ok(asked.some((u) => /\.webp$/.test(u)), 'WebP is used');
    }
    await page.screenshot({ path: path.join(SHOTS, `body-images-${vp.name}.png`) });
    await context.close();
  });
}

test('desktop: images far below the first screen wait until scrolled to', async () => {
  const { context, page, asked, release } = await openHeld({ width: 1366, height: 900 });
  await page.waitForLoadState('load').catch(() => {});
  await release();
  await page.waitForFunction(() => {
    const i = document.querySelector('.story-body img');
    return i && i.complete && i.naturalWidth > 0;
  });
  // The lead image is asked for; the gallery's, far down, not yet.
  assert.ok(asked.some((u) => u.includes(art.keys[0])), 'the first image loads at once');
  assert.ok(!asked.some((u) => u.includes(art.keys[3])), `the last gallery image loaded early: ${asked.join(' ')}`);
  await context.close();
});
