// The editor's media picker in Chromium.  With JavaScript: type a body,
// put the cursor in the middle of it, press an image's Insert button,
// and the image's Markdown (caption and credit included) is in the body
// at the cursor, on lines of its own, with no error and no policy
// violation.  Without JavaScript: each image's Markdown is there to
// select and copy, and no button that cannot work is shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { Client, PASSWORD, addUser, articleIdOf, gradientPng, uploadMedia } from '../lib/newsroom.mjs';

let s;
let browser;
let article;
let media;
let snippet;

before(async () => {
  s = await startServer();
  addUser(s, 'pica', 'editor');
  const c = new Client(s);
  assert.equal((await c.login('pica')).status, 303);
  let r = await uploadMedia(c, { alt: 'Gulls over the pier', caption: 'Morning at the pier', credit: 'Jo Park' },
    { name: 'pier.png', type: 'image/png', data: gradientPng(800, 500) });
  assert.equal(r.status, 303, r.body.slice(0, 500));
  const [id, p] = s.sql('SELECT id, path FROM media ORDER BY id DESC LIMIT 1').split('|');
  media = id;
  snippet = `[caption]![Gulls over the pier](/media/${p}) Morning at the pier Photo: Jo Park[/caption]`;
  r = await c.postForm('/admin/articles/new/', { title: 'Pier story', body: 'Draft.', action: 'save' });
  assert.equal(r.status, 303);
  article = articleIdOf(r);
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

async function loggedIn(javaScriptEnabled) {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.url + '/admin/login');
  await page.fill('#login', 'pica');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  return { context, page, errors };
}

test('with JavaScript, Insert puts the image at the cursor', async () => {
  const { context, page, errors } = await loggedIn(true);
  await page.goto(`${s.url}/admin/articles/${article}/`);
  const body = page.locator('#body');
  await body.fill('');
  await body.pressSequentially('First paragraph.Second paragraph.');
  // The cursor between the two sentences, as a click there would put it.
  await body.evaluate((el) => {
    const at = el.value.indexOf('Second');
    el.focus();
    el.setSelectionRange(at, at);
  });
  const insert = page.getByRole('button', { name: new RegExp(`Insert #${media} Gulls over the pier at the cursor`) });
  await insert.click();
  assert.equal(await body.inputValue(), `First paragraph.\n\n${snippet}\n\nSecond paragraph.`);
  // The cursor is left after what was inserted: typing goes on there.
  await body.focus();
  await page.keyboard.type('!');
  assert.equal(await body.inputValue(), `First paragraph.\n\n${snippet}!\n\nSecond paragraph.`);
  // Inserting at the very start needs no blank line before it.
  await body.fill('Only text.');
  await body.evaluate((el) => { el.focus(); el.setSelectionRange(0, 0); });
  await insert.click();
  assert.equal(await body.inputValue(), `${snippet}\n\nOnly text.`);
  await page.screenshot({ path: path.join(SHOTS, 'media-picker-js.png'), fullPage: true });
  assert.deepEqual(errors, [], 'no script error or policy violation');
  // Saved, the body renders the figure.
  await body.fill(`Intro.\n\n${snippet}`);
  await Promise.all([page.waitForURL(/msg=/), page.click('button[name="action"][value="save"]')]);
  // (A form sends its line breaks as CRLF.)
  const saved = s.sql(`SELECT body_md FROM articles WHERE id = ${article}`).replace(/\r\n/g, '\n');
  assert.equal(saved, `Intro.\n\n${snippet}`);
  await context.close();
});

test("without JavaScript, each image's Markdown is there to copy", async () => {
  const { context, page } = await loggedIn(false);
  await page.goto(`${s.url}/admin/articles/${article}/`);
  const box = page.locator(`#pk-${media}`);
  assert.equal(await box.isVisible(), true);
  assert.equal(await box.inputValue(), snippet);
  assert.equal(await box.getAttribute('readonly'), '');
  assert.equal(await page.getByRole('textbox', { name: new RegExp(`#${media} Gulls over the pier`) }).count(), 1);
  assert.equal(await page.locator('button.media-snippet-button').count(), 0, 'no button without script');
  // Selecting it takes the whole snippet, ready to copy.
  await box.focus();
  await page.keyboard.press('Control+A');
  const selected = await box.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, snippet);
  // The library page has it too.
  await page.goto(`${s.url}/admin/media/`);
  assert.equal(await page.locator(`#snip-${media}`).inputValue(), snippet);
  await page.screenshot({ path: path.join(SHOTS, 'media-picker-nojs.png'), fullPage: true });
  await context.close();
});
