// Pinning in real Chromium: an editor pins an older article from the
// newsroom's article list, a reader finds it first on the front page
// (marked "Pinned"), the editor unpins it and the newest story leads
// again.  The list's buttons are plain forms, so this runs without
// JavaScript.  A screenshot of the pinned front page goes to
// build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser } from '../lib/newsroom.mjs';

let s;
let browser;

before(async () => {
  s = await startServer();
  addUser(s, 'pia', 'editor');
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

// The front page's lead story as a reader sees it.  The page may be kept
// by the browser for a minute (Cache-Control), so each look is a new
// reader with an empty cache; shot names a screenshot to take.
async function lead(shot) {
  const readers = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const reader = await readers.newPage();
  await reader.goto(s.url + '/');
  const story = reader.locator('article.lead-story');
  const seen = {
    title: (await story.locator('.lead-title').textContent()).trim(),
    pinned: (await story.getAttribute('class')).includes('card-pinned'),
    label: await story.locator('p.pinned').count(),
    all: await reader.locator('.card-pinned').count(),
  };
  if (shot) await reader.screenshot({ path: path.join(SHOTS, shot), fullPage: false });
  await readers.close();
  return seen;
}

test('an editor pins an article, it leads the front page, and unpins it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();

  const before = await lead();
  assert.ok(!before.pinned);
  assert.equal(before.label, 0);

  await page.goto(s.url + '/admin/login');
  await page.fill('#login', 'pia');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  await page.goto(s.url + '/admin/articles/');

  // The oldest published article on the list: not the one that leads.
  const pins = page.locator('tr.status-published button[aria-label^="Pin "]');
  assert.ok(await pins.count() > 1);
  const label = await pins.last().getAttribute('aria-label');
  const title = label.replace(/^Pin /, '').replace(/ to the front page$/, '');
  assert.notEqual(title, before.title);
  await Promise.all([page.waitForURL(/\/admin\/articles\/\?msg=pinned$/), pins.last().click()]);
  await page.getByText('Pinned: the article comes first').waitFor();
  const row = page.locator('tr', { has: page.getByRole('link', { name: title, exact: true }) });
  assert.equal(await row.locator('.pin-label').textContent(), 'Pinned');
  assert.equal(await row.locator(`button[aria-label="Unpin ${title}"]`).count(), 1);

  // The reader: the pinned story leads, marked as such.
  const pinned = await lead('front-pinned-phone.png');
  assert.equal(pinned.title, title);
  assert.ok(pinned.pinned);
  assert.equal(pinned.label, 1);
  assert.equal(pinned.all, 1, 'one pinned story on the page');

  // Unpin from the same list: the newest story leads again.
  await Promise.all([page.waitForURL(/\/admin\/articles\/\?msg=unpinned$/),
    page.locator(`button[aria-label="Unpin ${title}"]`).click()]);
  assert.equal(await page.locator('.pin-label').count(), 0);
  const after = await lead();
  assert.equal(after.title, before.title);
  assert.ok(!after.pinned);
  assert.equal(after.all, 0);

  await context.close();
});
