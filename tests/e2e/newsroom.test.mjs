// The newsroom in real Chromium: an editor logs in, writes an
// article with the live preview, uploads its featured image, schedules
// it a few seconds ahead and sees it appear, pictured, on the front page
// on time; a contributor's article
// waits for review; a comment is approved from the queue.  Screenshots
// of the editor go to build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser, utcInputIn } from '../lib/browser.mjs';
import { startServer, tempDir, until } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser, gradientPng } from '../lib/newsroom.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
let s;
let browser;

// Fixture SQL on the server's database (SQLite or PostgreSQL pass).
function sql(statement) {
  return s.sql(statement);
}

before(async () => {
  s = await startServer();
  addUser(s, 'edna', 'editor');
  addUser(s, 'carl', 'contributor');
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

async function loggedIn(login) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.url + '/admin/');
  assert.match(page.url(), /\/admin\/login/);
  await page.fill('#login', login);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  return { context, page, errors };
}


test('an editor writes an article, schedules it, and it goes live on time', async () => {
  const { context, page, errors } = await loggedIn('edna');
  await page.click('a[href="/admin/articles/new/"] >> nth=0');
  await page.fill('#title', 'Browser-Scheduled Dispatch');
  await page.fill('#dek', 'Written in Chromium, published by the scheduler.');
  await page.fill('#body', 'A paragraph with *emphasis*.\n\n## A subheading\n\nMore text.');
  // The live preview renders the Markdown as the site will.
  const preview = page.frameLocator('#preview');
  await preview.locator('em', { hasText: 'emphasis' }).waitFor({ timeout: 5000 });
  assert.equal(await preview.locator('h2').innerText(), 'A subheading');
  await page.fill('#tags', 'browser, scheduling');
  await page.selectOption('#section', { label: 'World' });
  // Saved as a draft first: the featured image panel belongs to a
  // stored article.
  await Promise.all([
    page.waitForURL(/\/admin\/articles\/\d+\/\?msg=created/),
    page.click('button[value="save"]'),
  ]);
  // An image picked from disk, uploaded through the editor's panel.
  const dir = tempDir('nutgraf-e2e-');
  const file = path.join(dir, 'harbour.png');
  writeFileSync(file, gradientPng(800, 500));
  await page.setInputFiles('#feat-file', file);
  await page.fill('#feat-alt', 'The harbour at dawn');
  await page.fill('#feat-caption', 'Boats waiting for the tide');
  await Promise.all([
    page.waitForURL(/\/admin\/articles\/\d+\/\?msg=saved/),
    page.click('.media-upload button[type="submit"]'),
  ]);
  rmSync(dir, { recursive: true, force: true });
  assert.equal(await page.locator('.featured-thumb').getAttribute('alt'), 'The harbour at dawn');
  // The time field shows once Schedule is pressed (editor.js).
  assert.equal(await page.locator('#publish_at').isVisible(), false);
  await page.click('button[value="schedule"]');
  const goesLive = Date.now() + 6000;
  await page.fill('#publish_at', utcInputIn(6000));
  await page.screenshot({ path: path.join(SHOTS, 'newsroom-editor.png'), fullPage: true });
  await Promise.all([
    page.waitForURL(/\/admin\/articles\/\d+\/\?msg=scheduled/),
    page.click('button[value="schedule"]'),
  ]);
  assert.match(await page.locator('.flash').innerText(), /Scheduled/);
  assert.match(await page.locator('h1 .status').innerText(), /Scheduled/);

  const reader = await browser.newPage();
  await reader.goto(s.url + '/');
  const early = await reader.locator('main a', { hasText: 'Browser-Scheduled Dispatch' }).count();
  // Not on the front page before its time (a slow machine may already
  // be past it: then there is nothing to check here).
  if (Date.now() < goesLive - 1000) assert.equal(early, 0);
  // No one visits; the scheduler publishes it at its time.
  await until('the scheduled article on the front page', async () => {
    // A fresh URL each time: the browser may cache the page for a minute.
    await reader.goto(`${s.url}/?poll=${Date.now()}`);
    return await reader.locator('main a', { hasText: 'Browser-Scheduled Dispatch' }).count() > 0;
  }, 15000);
  // Pictured there too, with its variants.
  assert.match(await reader.locator('main img[alt="The harbour at dawn"]').first().getAttribute('srcset'), /\d+w/);
  await reader.locator('main a', { hasText: 'Browser-Scheduled Dispatch' }).first().click();
  assert.equal((await reader.locator('h1').innerText()).trim(), 'Browser-Scheduled Dispatch');
  assert.match(await reader.locator('.story-body').innerText(), /A subheading/);
  // The image went live with it: responsive variants, alt and caption.
  const img = reader.locator('img[alt="The harbour at dawn"]').first();
  assert.match(await img.getAttribute('srcset'), /^\/media\/[^ ]+\.png \d+w,/);
  assert.match(await reader.locator('figcaption').first().innerText(), /Boats waiting for the tide/);
  // Decoded by the browser, not a broken image.
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the image loads');
  await reader.close();
  assert.deepEqual(errors, [], 'no console errors in the newsroom (CSP included)');
  await context.close();
});

test("a contributor's article waits for review, and an editor publishes it", async () => {
  const { context, page, errors } = await loggedIn('carl');
  // A contributor has no Publish or Schedule button at all.
  await page.goto(s.url + '/admin/articles/new/');
  assert.equal(await page.locator('button[value="publish"]').count(), 0);
  assert.equal(await page.locator('button[value="schedule"]').count(), 0);
  await page.fill('#title', 'Contributor Field Report');
  await page.fill('#body', 'Filed from the field.');
  await Promise.all([page.waitForURL(/msg=submitted/), page.click('button[value="submit"]')]);
  assert.match(await page.locator('h1 .status').innerText(), /Pending review/);
  await context.close();

  const ed = await loggedIn('edna');
  const pending = ed.page.locator('.admin-pending a', { hasText: 'Contributor Field Report' });
  assert.equal(await pending.count(), 1);
  await Promise.all([ed.page.waitForURL(/\/admin\/articles\/\d+\//), pending.click()]);
  await Promise.all([ed.page.waitForURL(/msg=published/), ed.page.click('button[value="publish"]')]);
  const front = await browser.newPage();
  await front.goto(s.url + '/');
  assert.ok(await front.locator('main a', { hasText: 'Contributor Field Report' }).count() > 0);
  await front.close();
  assert.deepEqual([...errors, ...ed.errors], []);
  await ed.context.close();
});

test('a comment is approved from the queue', async () => {
  sql("INSERT OR REPLACE INTO settings (key, value) VALUES ('comment_moderation', '1')");
  const reader = await browser.newPage();
  await reader.goto(s.url + SEED);
  await reader.fill('#author', 'Curious Reader');
  await reader.fill('#email', 'curious@example.com');
  await reader.fill('#comment', 'When do the talks begin?');
  await reader.locator('form', { has: reader.locator('#comment') }).locator('button[type="submit"], input[type="submit"]').first().click();
  await reader.waitForLoadState();
  assert.equal(sql("SELECT status FROM comments WHERE body = 'When do the talks begin?'"), 'pending');

  const { context, page, errors } = await loggedIn('edna');
  assert.match(await page.locator('.pending-comments').innerText(), /^[1-9]/);
  await page.click('a[href="/admin/comments/"] >> nth=0');
  const item = page.locator('.admin-comment', { hasText: 'When do the talks begin?' });
  assert.equal(await item.count(), 1);
  await page.screenshot({ path: path.join(SHOTS, 'newsroom-comments.png'), fullPage: true });
  await Promise.all([page.waitForURL(/msg=moderated/), item.locator('button[value="approve"]').click()]);
  assert.equal(sql("SELECT status FROM comments WHERE body = 'When do the talks begin?'"), 'approved');
  await reader.goto(`${s.url}${SEED}?after=approval`);
  assert.match(await reader.locator('body').innerText(), /When do the talks begin\?/);
  await reader.close();
  assert.deepEqual(errors, []);
  await context.close();
});
