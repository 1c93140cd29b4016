// The house-ad banners in Chromium: every line of every banner lies
// inside the banner (its text's box measured with getBBox()), with the
// demo's name and with a much longer one, and the banner in the story
// keeps its 3:1 box at a phone's and a desktop's width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { run, startServer, until } from '../lib/nutgraf.mjs';

let s;
let browser;

before(async () => {
  s = await startServer();
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

async function boxes(page, n) {
  await page.goto(`${s.url}/house-ads/${n}.svg`);
  return page.evaluate(() => [...document.querySelectorAll('text')].map((t) => {
    const b = t.getBBox();
    return { text: t.textContent, x: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height };
  }));
}

async function allFit(label) {
  const context = await browser.newContext({ viewport: { width: 800, height: 400 } });
  const page = await context.newPage();
  for (let n = 1; n <= 6; n++) {
    const v = await boxes(page, n);
    assert.equal(v.length, 3, `banner ${n}`);
    for (const b of v) {
      assert.ok(b.x >= 0 && b.right <= 600, `${label}: "${b.text}" of banner ${n} runs from ${b.x} to ${b.right}`);
      assert.ok(b.top >= 0 && b.bottom <= 200, `${label}: "${b.text}" of banner ${n} is cut at the top or bottom`);
    }
  }
  await context.close();
}

test('every line fits its banner with the demo\'s name', () => allFit('demo name'));

test('and with a long site name, which the banner uses', async () => {
  const long = 'The Evening Chronicle and Weekly Advertiser of the Northern Counties';
  const r = run(['settings', `title=${long}`, '--data', s.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  await until('the new name', async () => (await (await fetch(`${s.url}/house-ads/1.svg`)).text()).includes(long));
  await allFit('long name');
});

for (const width of [320, 375, 768, 1280]) {
  test(`${width} px: the banner in the story keeps its box`, async () => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(s.url + '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/');
    const imgs = await page.evaluate(() => [...document.querySelectorAll('.sc-slide:first-child img[src^="/house-ads/"]')].map((i) => {
      const r = i.getBoundingClientRect();
      return { w: r.width, h: r.height, right: r.right };
    }));
    // The first slide of each slider (the others wait beside it).
    assert.equal(imgs.length, 2);
    for (const b of imgs) {
      assert.ok(Math.abs(b.w / b.h - 3) < 0.05, `ratio ${b.w}x${b.h}`);
      assert.ok(b.right <= width + 0.5, `the banner ends at ${b.right}`);
    }
    await context.close();
  });
}
