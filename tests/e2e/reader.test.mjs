// A reader in real Chromium: open the front page, follow the lead story,
// check the headline and the ALSO READ box, and save screenshots at phone
// and desktop width under build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';

let s;
let browser;

before(async () => {
  s = await startServer();
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

const viewports = [
  { name: 'phone', width: 360, height: 780 },
  { name: 'desktop', width: 1440, height: 900 },
];

for (const vp of viewports) {
  test(`${vp.name}: front page -> lead story -> ALSO READ`, async () => {
    const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));

    await page.goto(s.url + '/');
    await page.screenshot({ path: path.join(SHOTS, `front-${vp.name}.png`), fullPage: true });
    // Nothing wider than the viewport: readable without sideways scrolling.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `front page overflows by ${overflow}px at ${vp.width}px`);

    // The lead story is the first article link in <main>; follow it as a reader would.
    const lead = page.locator('main a[href^="/2024/"]').first();
    assert.match(await lead.innerText(), /US to Negotiate Troop Withdrawal from Niger/);
    await Promise.all([page.waitForURL(/\/2024\/04\/us-to-negotiate/), lead.click()]);

    const h1 = page.locator('h1');
    assert.equal(await h1.count(), 1);
    assert.equal((await h1.innerText()).trim(),
      'US to Negotiate Troop Withdrawal from Niger Amid Military Leadership Talks');
    assert.ok(await page.locator('article time[datetime]').count() >= 1);

    const also = page.locator('aside', { hasText: /also read/i });
    assert.equal(await also.count(), 1);
    const link = also.locator('a', { hasText: 'Niger Breaks Off Military Deal With US' });
    assert.equal(await link.count(), 1);
    assert.ok(await link.isVisible());

    const bodyText = await page.locator('body').innerText();
    assert.ok(!bodyText.includes('[soliloquy'));
    assert.ok(/Asian Lite News/.test(bodyText));
    const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow2 <= 1, `article overflows by ${overflow2}px at ${vp.width}px`);
    await page.screenshot({ path: path.join(SHOTS, `article-${vp.name}.png`), fullPage: true });

    // Follow ALSO READ to the related article.
    await Promise.all([page.waitForURL(/niger-breaks-off-military-deal-with-us/), link.click()]);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Niger Breaks Off Military Deal With US');
    assert.deepEqual(errors, [], 'no console errors (CSP violations show up here)');
    await context.close();
  });
}

test('keyboard: a skip link leads to the main content', async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(s.url + '/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
  assert.match(focused || '', /^#/);
  await context.close();
});
