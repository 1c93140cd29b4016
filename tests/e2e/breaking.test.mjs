// The breaking-news banner in real Chromium: an editor switches it on
// from the dashboard in one form, a reader's next page shows it (no
// script), the editor switches it off, and a short banner goes by itself
// at its expiry.  Screenshots at phone and desktop width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser, utcInputIn } from '../lib/browser.mjs';
import { startServer, until } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser } from '../lib/newsroom.mjs';

let s;
let browser;

before(async () => {
  s = await startServer();
  addUser(s, 'bea', 'editor');
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));


async function editorPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(s.url + '/admin/');
  await page.fill('#login', 'bea');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  return { context, page };
}

async function switchOn(page, { text, level, until: when }) {
  await page.fill('#breaking-text', text);
  await page.selectOption('#breaking-level', level);
  await page.fill('#breaking-until', when);
  await Promise.all([
    page.waitForURL(/\/admin\/\?msg=breaking-on$/),
    page.click('.breaking-form button[type="submit"]'),
  ]);
}

test('on from the dashboard, seen by a reader without script, then off', async () => {
  const { context, page } = await editorPage();
  const reader = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const rp = await reader.newPage();
  await rp.goto(s.url + '/');
  assert.equal(await rp.locator('aside.breaking').count(), 0);

  await switchOn(page, { text: 'Floods: the ring road is closed', level: 'breaking', until: utcInputIn(3600e3) });
  assert.match(await page.locator('.breaking-now').innerText(), /Floods: the ring road is closed/);

  await rp.reload();
  const b = rp.locator('aside.breaking');
  assert.equal(await b.count(), 1);
  assert.match(await b.innerText(), /BREAKING NEWS\s+Floods: the ring road is closed/i);
  // Readable: the label and text are white on the dark fill.
  const colors = await b.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el.querySelector('p')).color]);
  assert.deepEqual(colors, ['rgb(139, 20, 24)', 'rgb(255, 255, 255)']);
  await rp.screenshot({ path: path.join(SHOTS, 'breaking-phone.png') });
  // An article page too.
  await rp.click('main a[href^="/20"] >> nth=0');
  assert.equal(await rp.locator('aside.breaking').count(), 1);

  await Promise.all([
    page.waitForURL(/\/admin\/\?msg=breaking-off$/),
    page.click('text=Switch the banner off'),
  ]);
  await rp.reload();
  assert.equal(await rp.locator('aside.breaking').count(), 0);
  await reader.close();
  await context.close();
});

test('a banner with a short life disappears on its own', async () => {
  const { context, page } = await editorPage();
  await switchOn(page, { text: 'Count under way', level: 'developing', until: utcInputIn(4000) });
  const reader = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const rp = await reader.newPage();
  await rp.goto(s.url + '/');
  assert.equal(await rp.locator('aside.breaking-developing').count(), 1);
  await rp.screenshot({ path: path.join(SHOTS, 'breaking-desktop.png') });
  await until('the banner to expire', async () => {
    await rp.reload();
    return (await rp.locator('aside.breaking').count()) === 0;
  });
  await reader.close();
  await context.close();
});
