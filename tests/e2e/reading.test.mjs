// A reader in Chromium on the site's finishing touches: the masthead's
// search box (typed into and sent with the keyboard, no script) and the
// search on the "not found" page; the time zone of the dateline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { run, startServer, until } from '../lib/nutgraf.mjs';

let s;
let browser;

before(async () => {
  s = await startServer();
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

for (const vp of [{ name: 'phone', width: 360, height: 780 }, { name: 'desktop', width: 1440, height: 900 }]) {
  test(`${vp.name}: the masthead search box finds a story`, async () => {
    const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(s.url + '/category/world/');
    const box = page.getByRole('search', { name: 'Site search' }).getByRole('searchbox', { name: 'Search the site' });
    assert.ok(await box.isVisible(), 'the box is on screen');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the masthead overflows by ${overflow}px`);
    await box.fill('Niger military');
    await Promise.all([page.waitForURL(/\/search\?q=Niger\+military$/), box.press('Enter')]);
    assert.equal((await page.locator('h1').innerText()).trim(), 'Search results');
    assert.ok(await page.locator('.search-result a', { hasText: 'Niger Breaks Off Military Deal With US' }).count() >= 1);
    await page.screenshot({ path: path.join(SHOTS, `masthead-search-${vp.name}.png`) });
    await context.close();
  });
}

test('the not-found page searches too', async () => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, javaScriptEnabled: false });
  const page = await context.newPage();
  const res = await page.goto(s.url + '/2024/04/gone-missing/');
  assert.equal(res.status(), 404);
  const box = page.getByRole('main').getByRole('searchbox', { name: 'Search the site' });
  await box.fill('harbour');
  await Promise.all([page.waitForURL(/\/search\?q=harbour$/), page.getByRole('main').getByRole('button', { name: 'Search' }).click()]);
  assert.ok(await page.locator('.search-result').count() >= 1);
  await context.close();
});

test('the article shows its time in the site\'s zone, named', async () => {
  const r = run(['settings', 'timezone=Asia/Kolkata', '--data', s.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, javaScriptEnabled: false });
  const page = await context.newPage();
  const url = s.url + '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
  const time = page.locator('.dateline time').first();
  await until('the page in the new zone', async () => {
    await page.goto(url);
    return /IST/.test(await time.innerText());
  });
  assert.equal((await time.innerText()).trim(), 'April 25, 2024, 15:30 IST');
  assert.equal(await time.getAttribute('datetime'), '2024-04-25T15:30:00+05:30');
  assert.ok(await time.isVisible());
  assert.equal(run(['settings', 'timezone=', '--data', s.dataDir]).status, 0);
  await context.close();
});

test('the canonical link a browser sees is absolute', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const path = '/2024/03/niger-breaks-off-military-deal-with-us/';
  await page.goto(s.url + path);
  const href = await page.locator('link[rel="canonical"]').getAttribute('href');
  assert.equal(href, s.url + path);
  assert.equal(await page.locator('meta[property="og:url"]').getAttribute('content'), href);
  assert.ok((await page.title()).length <= 70);
  await context.close();
});
