// What an editor clicks to show an unpublished story: "Preview the whole
// page" in the editor opens the reader's page with its bar; "Share a
// preview link" makes a link that a browser with no newsroom session
// opens, until the editor presses Revoke.
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
  addUser(s, 'petra', 'editor');
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

test('an editor previews a draft, shares a link, and revokes it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(s.url + '/admin/login');
  await page.fill('#login', 'petra');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  await page.goto(s.url + '/admin/articles/new/');
  await page.fill('#title', 'Mayor to resign');
  await page.fill('#body', 'The mayor will step down on **Friday**.');
  await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\/\?msg=created/), page.click('button[value="save"]')]);

  await Promise.all([page.waitForURL(/\/preview\/$/), page.click('#preview-page')]);
  await assert.doesNotReject(page.locator('.preview-bar', { hasText: 'Preview — not published' }).waitFor());
  assert.equal(await page.locator('h1').first().textContent(), 'Mayor to resign');
  await page.screenshot({ path: path.join(SHOTS, 'preview-newsroom.png') });
  await page.goBack();

  await Promise.all([page.waitForURL(/\/preview-links\/$/), page.click('text=Share a preview link')]);
  await page.selectOption('#pl-hours', '72');
  await Promise.all([page.waitForLoadState('load'), page.click('button[value="create"]')]);
  const link = await page.inputValue('#preview-url');
  assert.match(link, /\/preview\/[0-9a-f]{64}$/);

  // Someone outside the newsroom: no cookies at all.
  const outside = await browser.newContext({ viewport: { width: 375, height: 740 } });
  const reader = await outside.newPage();
  let r = await reader.goto(link);
  assert.equal(r.status(), 200);
  assert.match(await reader.locator('.preview-bar').textContent(), /This link works until/);
  assert.match(await reader.locator('main').textContent(), /step down on Friday/);
  const width = await reader.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `${width} px wide on a phone`);
  await reader.screenshot({ path: path.join(SHOTS, 'preview-link-phone.png') });

  await page.click('button[value="revoke"]');
  await page.locator('text=Preview link revoked').waitFor();
  r = await reader.goto(link);
  assert.equal(r.status(), 404);
  await outside.close();
  await context.close();
});
