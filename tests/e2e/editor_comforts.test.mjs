// The editor's comforts in Chromium: the toolbar wraps the selection,
// Ctrl+S saves (the reload shows it kept), the word count and the
// previews follow what is typed and agree with what the server renders
// for the saved text, the scheduling field shows only where it
// applies, and with JavaScript off the same form still saves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser, utcInputIn } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser } from '../lib/newsroom.mjs';

let s;
let browser;

before(async () => {
  s = await startServer();
  addUser(s, 'edna', 'editor');
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

async function loggedIn({ javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.url + '/admin/login');
  await page.fill('#login', 'edna');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  return { context, page, errors };
}

const idOf = (url) => Number(/\/admin\/articles\/(\d+)\//.exec(url)[1]);

test('toolbar, Ctrl+S, live word count and previews', async () => {
  const { context, page, errors } = await loggedIn();
  await page.goto(s.url + '/admin/articles/new/');
  assert.equal(await page.locator('.md-toolbar').isVisible(), true);
  await page.fill('#title', 'Comforts');
  await page.fill('#body', 'Hello world');
  assert.equal(await page.locator('#word-count').innerText(), '2');

  // Bold wraps the selection; italic and a list too.
  await page.evaluate(() => document.getElementById('body').setSelectionRange(6, 11));
  await page.click('.md-toolbar button[data-md="bold"]');
  assert.equal(await page.inputValue('#body'), 'Hello **world**');
  assert.deepEqual(await page.evaluate(() => {
    const b = document.getElementById('body');
    return [b.selectionStart, b.selectionEnd];
  }), [8, 13]);
  await page.evaluate(() => document.getElementById('body').setSelectionRange(0, 5));
  await page.keyboard.press('Control+i');
  assert.equal(await page.inputValue('#body'), '*Hello* **world**');
  await page.click('.md-toolbar button[data-md="list"]');
  assert.equal(await page.inputValue('#body'), '- *Hello* **world**');

  // The count follows typing, shortcodes and link targets left out.
  await page.locator('#body').press('End');
  await page.locator('#body').pressSequentially('\n\n[slider id="2"] See [the report](https://example.org/x) today');
  await page.waitForFunction(() => document.getElementById('word-count').textContent === '6');
  assert.equal(await page.locator('#reading-time').innerText(), '1');

  // The previews follow the title and description as typed.
  const long = 'x'.repeat(65);
  await page.fill('#seo_title', long);
  assert.equal(await page.locator('#serp-title').innerText(), long);
  assert.equal(await page.locator('#card-title').innerText(), long);
  assert.deepEqual(await page.locator('#serp-warnings li').allInnerTexts(), [
    'The title is 65 characters: search results show about 60.',
    'No description: search engines will pick a passage of the article. Write an SEO description or a standfirst.',
  ]);
  await page.fill('#dek', 'Short and sweet.');
  assert.equal(await page.locator('#serp-desc').innerText(), 'Short and sweet.');
  assert.deepEqual(await page.locator('#serp-warnings li').allInnerTexts(),
    ['The title is 65 characters: search results show about 60.']);
  assert.deepEqual(await page.locator('#card-warnings li').allInnerTexts(),
    ['No featured image: the card will have no picture.']);
  const liveSerp = await page.locator('#serp-warnings').innerHTML();
  const liveCard = await page.locator('#card-warnings').innerHTML();

  // Ctrl+S saves a new article; the reload shows what was typed, and
  // the server's count and previews are the script's.
  await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\/\?msg=created/), page.keyboard.press('Control+s')]);
  const id = idOf(page.url());
  assert.match(await page.inputValue('#body'), /^- \*Hello\* \*\*world\*\*\n\n\[slider id="2"\]/);
  assert.equal(await page.locator('#word-count').innerText(), '6');
  const norm = (h) => h.replace(/\s+/g, '');
  assert.equal(norm(await page.locator('#serp-warnings').innerHTML()), norm(liveSerp));
  assert.equal(norm(await page.locator('#card-warnings').innerHTML()), norm(liveCard));

  // Ctrl+S on a stored article, from anywhere on the page.
  await page.fill('#body', 'Changed words only here');
  await page.locator('#tags').focus();
  await Promise.all([page.waitForURL(/\?msg=saved/), page.keyboard.press('Control+s')]);
  await page.reload();
  assert.equal(await page.inputValue('#body'), 'Changed words only here');
  assert.equal(await page.locator('#word-count').innerText(), '4');
  assert.equal(s.sql(`SELECT body_md FROM articles WHERE id = ${id}`), 'Changed words only here');
  assert.equal(s.sql(`SELECT status FROM articles WHERE id = ${id}`), 'draft');
  await page.screenshot({ path: path.join(SHOTS, 'editor-comforts.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('the word counts of script and server agree', async () => {
  const { context, page } = await loggedIn();
  await page.goto(s.url + '/admin/articles/new/');
  const body = 'Intro — with a dash, [sic] and [1].\n\n<p>Some <b>HTML</b> here</p> <!-- not read -->\n\n' +
    '![alt words](/media/a.jpg) [caption]Photo caption[/caption] [related id=4]\n\n' +
    'https://www.youtube.com/watch?v=x\n\nCafé 日本 2024 » «\n\n[video src="a.mp4"][/video] [Read more](/x) done';
  await page.fill('#title', 'Agreement');
  await page.fill('#body', body);
  const live = await page.locator('#word-count').innerText();
  await Promise.all([page.waitForURL(/msg=created/), page.click('button[value="save"]')]);
  assert.equal(await page.locator('#word-count').innerText(), live);
  assert.equal(live, '18');
  await context.close();
});

test('the scheduling field shows only when scheduling applies', async () => {
  const { context, page, errors } = await loggedIn();
  await page.goto(s.url + '/admin/articles/new/');
  await page.fill('#title', 'Later');
  await page.fill('#body', 'Words.');
  assert.equal(await page.locator('#publish_at').isVisible(), false);
  // Schedule asks for the time first, then schedules.
  await page.click('button[value="schedule"]');
  assert.equal(await page.locator('#publish_at').isVisible(), true);
  assert.match(await page.locator('#publish-at-note').innerText(), /Time zone: UTC\. Choose the date and time/);
  assert.match(page.url(), /\/new\/$/);
  await page.fill('#publish_at', utcInputIn(3600 * 1000));
  await Promise.all([page.waitForURL(/msg=scheduled/), page.click('button[value="schedule"]')]);
  const id = idOf(page.url());
  // A scheduled article shows its time.
  assert.equal(await page.locator('#publish_at').isVisible(), true);
  assert.notEqual(await page.inputValue('#publish_at'), '');
  // Back to a draft: hidden again.
  await Promise.all([page.waitForURL(/msg=unpublished/), page.click('button[value="unpublish"]')]);
  assert.equal(s.sql(`SELECT status FROM articles WHERE id = ${id}`), 'draft');
  assert.equal(await page.locator('#publish_at').isVisible(), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with JavaScript off the editor still saves, the time field shown with its note', async () => {
  const { context, page } = await loggedIn({ javaScriptEnabled: false });
  await page.goto(s.url + '/admin/articles/new/');
  assert.equal(await page.locator('.md-toolbar').isVisible(), false);
  assert.equal(await page.locator('#publish_at').isVisible(), true);
  assert.match(await page.locator('#publish-at-note').innerText(), /Time zone: UTC\. Used only by Schedule/);
  assert.equal(await page.locator('#word-count').innerText(), '0');
  await page.fill('#title', 'Without script');
  await page.fill('#body', 'Typed with no script at all.');
  await Promise.all([page.waitForURL(/msg=created/), page.click('button[value="save"]')]);
  const id = idOf(page.url());
  assert.equal(s.sql(`SELECT body_md FROM articles WHERE id = ${id}`), 'Typed with no script at all.');
  assert.equal(await page.locator('#word-count').innerText(), '6');
  await page.fill('#body', 'Edited again.');
  await Promise.all([page.waitForURL(/msg=saved/), page.click('button[value="save"]')]);
  assert.equal(s.sql(`SELECT body_md FROM articles WHERE id = ${id}`), 'Edited again.');
  await context.close();
});

test('on a phone the reference and the previews fit the page', async () => {
  const { context, page } = await loggedIn();
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(s.url + '/admin/articles/new/');
  await page.fill('#seo_title', 'W'.repeat(120));
  await page.fill('#seo_description', 'w'.repeat(300));
  await page.click('.md-help summary');
  assert.equal(await page.locator('.md-help table').isVisible(), true);
  const width = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, win: window.innerWidth }));
  assert.ok(width.doc <= width.win, `page ${width.doc} px wide in a ${width.win} px window`);
  await page.screenshot({ path: path.join(SHOTS, 'editor-comforts-phone.png'), fullPage: true });
  await context.close();
});
