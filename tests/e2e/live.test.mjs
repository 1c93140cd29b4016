// Live coverage in real Chromium: an editor starts it and posts updates
// from the compact form on the article's editor page; a reader without
// script sees them on the next load (newest first, key points on top,
// the Live label); a reader with script is told "1 new update" /
// "2 new updates" by the page's small script (live_poll = 1 here) and
// its button reloads to show them; the page's policy lets the script run
// and nothing else.  A refused update keeps what was typed.  Screenshots
// at phone and desktop width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer, tempDir, writeConfig } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser } from '../lib/newsroom.mjs';

let s;
let browser;
let ed;
let edPage;
let id;
let url;

before(async () => {
  const conf = writeConfig(tempDir(), 'live_poll = 1\n');
  s = await startServer({ args: ['--config', conf] });
  addUser(s, 'lena', 'editor');
  browser = await launchBrowser();
  ed = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  edPage = await ed.newPage();
  await edPage.goto(s.url + '/admin/');
  await edPage.fill('#login', 'lena');
  await edPage.fill('#password', PASSWORD);
  await Promise.all([edPage.waitForURL(/\/admin\/$/), edPage.click('button[type="submit"]')]);
  id = s.sql("SELECT min(id) FROM articles WHERE status = 'published'");
  const [slug, ym] = s.sql(`SELECT slug, strftime('%Y/%m', published_at, 'unixepoch') FROM articles WHERE id = ${id}`).split('|');
  url = `${s.url}/${ym}/${slug}/`;
});

after(async () => {
  await ed.close();
  await closeBrowserAndServer(browser, s);
});

async function postUpdate(text, { key = false } = {}) {
  await edPage.fill('#live-text', text);
  if (key) await edPage.check('#live-form input[name="pinned"]');
  await Promise.all([
    edPage.waitForURL(/msg=live-posted/),
    edPage.click('#live-form button[value="post"]'),
  ]);
}

test('the editor starts coverage and posts from the editor page', async () => {
  await edPage.goto(`${s.url}/admin/articles/${id}/`);
  await Promise.all([
    edPage.waitForURL(/msg=live-started/),
    edPage.click('#live button[value="start"]'),
  ]);
  assert.match(await edPage.locator('#live-title').innerText(), /Live coverage\s+Live/i);
  await postUpdate('Ferries suspended until **noon**.');
  assert.match(await edPage.locator('.flash, [role="status"]').first().innerText(), /Update posted/);
  await postUpdate('Harbour closed to all shipping.', { key: true });
  const listed = await edPage.locator('.live-admin-updates li').allInnerTexts();
  assert.equal(listed.length, 2);
  assert.match(listed[0], /Key point: Harbour closed/);
  // Nothing typed is lost: an empty update comes back with the reason.
  await edPage.fill('#live-text', '  ');
  await edPage.click('#live-form button[value="post"]');
  await edPage.waitForSelector('#fe-live-text');
  assert.match(await edPage.locator('#fe-live-text').innerText(), /Write the update first/);
});

test('a reader without script sees the updates, key points first, on the next load', async () => {
  const reader = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const rp = await reader.newPage();
  await rp.goto(url);
  assert.equal(await rp.locator('h1.headline .live-label').innerText(), 'LIVE');
  const updates = rp.locator('article.live-update');
  assert.equal(await updates.count(), 2);
  assert.match(await updates.nth(0).innerText(), /Harbour closed to all shipping/);
  assert.match(await updates.nth(1).innerText(), /Ferries suspended until noon/);
  assert.equal(await updates.nth(1).locator('strong').innerText(), 'noon');
  assert.match(await rp.locator('aside.key-points').innerText(), /Harbour closed to all shipping/);
  // The key point links to its update, which the page then marks.
  await rp.click('aside.key-points a');
  assert.match(rp.url(), /#update-\d+$/);
  await rp.screenshot({ path: path.join(SHOTS, 'live-phone.png') });
  // The share link is the page's address with the update's anchor.
  const share = await updates.nth(0).locator('.live-share a').getAttribute('href');
  assert.equal(share, url + '#' + (await updates.nth(0).getAttribute('id')));
  // Another update shows on the reader's next load.
  await postUpdate('Coastguard on scene.');
  await rp.goto(url);
  assert.equal(await rp.locator('article.live-update').count(), 3);
  assert.match(await rp.locator('article.live-update').first().innerText(), /Coastguard on scene/);
  // The front page labels it.
  await rp.goto(s.url + '/');
  assert.ok(await rp.locator('.live-label').count() >= 1);
  await reader.close();
});

test('with script: "N new updates" appears by itself and reloads to show them', async () => {
  const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const rp = await reader.newPage();
  const errors = [];
  rp.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  rp.on('pageerror', (e) => errors.push(String(e)));
  await rp.goto(url);
  assert.equal(await rp.locator('article.live-update').count(), 3);
  assert.equal(await rp.locator('#live-new button').count(), 0);
  await postUpdate('Storm moving east.');
  const note = rp.locator('#live-new button');
  await note.waitFor({ timeout: 15000 });
  assert.equal(await note.innerText(), '1 new update');
  await postUpdate('Winds easing.');
  await rp.waitForFunction(() => document.querySelector('#live-new button')?.textContent === '2 new updates', null, { timeout: 15000 });
  await rp.screenshot({ path: path.join(SHOTS, 'live-desktop.png') });
  await Promise.all([rp.waitForLoadState('load'), note.click()]);
  await rp.waitForFunction(() => document.querySelectorAll('article.live-update').length === 5, null, { timeout: 15000 });
  assert.match(await rp.locator('article.live-update').first().innerText(), /Winds easing/);
  assert.deepEqual(errors, [], 'no script or policy errors');
  await reader.close();
});

test('ending the coverage: a normal article again, no label, no script', async () => {
  await edPage.goto(`${s.url}/admin/articles/${id}/`);
  await Promise.all([
    edPage.waitForURL(/msg=live-ended/),
    edPage.click('#live button[value="end"]'),
  ]);
  const reader = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const rp = await reader.newPage();
  await rp.goto(url);
  assert.equal(await rp.locator('.live-label').count(), 0);
  assert.equal(await rp.locator('script[src]').count(), 0);
  assert.equal(await rp.locator('article.live-update').count(), 5);
  assert.match(await rp.locator('.live-updates-title').innerText(), /^Updates$/i);
  await reader.close();
});
