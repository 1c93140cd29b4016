// The article list as a person uses it: tick two drafts, choose Publish,
// press Apply (no script involved); and on a 375 px phone the list fits
// the screen, with nothing scrolling sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { Client, PASSWORD, addUser, articleIdOf } from '../lib/newsroom.mjs';

let s;
let browser;
const ids = [];

before(async () => {
  s = await startServer();
  addUser(s, 'lister', 'editor');
  const c = new Client(s);
  assert.equal((await c.login('lister')).status, 303);
  for (const title of ['Ticked first', 'Ticked second', 'Left alone']) {
    const r = await c.postForm('/admin/articles/new/', { title, body: 'x', action: 'save', comments_open: '1' });
    assert.equal(r.status, 303);
    ids.push(articleIdOf(r));
  }
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

async function loggedIn(viewport, js = true) {
  const context = await browser.newContext({ viewport, javaScriptEnabled: js });
  const page = await context.newPage();
  await page.goto(s.url + '/admin/login');
  await page.fill('#login', 'lister');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  return { context, page };
}

test('tick two drafts and publish them with the bulk form, without JavaScript', async () => {
  const { context, page } = await loggedIn({ width: 1280, height: 900 }, false);
  await page.goto(s.url + '/admin/articles/?status=draft');
  await page.check(`input[name="id"][value="${ids[0]}"]`);
  await page.check(`input[name="id"][value="${ids[1]}"]`);
  await page.selectOption('#bulk-action', 'publish');
  await Promise.all([page.waitForURL(/msg=bulk/), page.click('#bulk button[type="submit"]')]);
  assert.match(await page.textContent('body'), /Done: the ticked articles were changed/);
  const st = (id) => s.sql(`SELECT status FROM articles WHERE id = ${id}`);
  assert.equal(st(ids[0]), 'published');
  assert.equal(st(ids[1]), 'published');
  assert.equal(st(ids[2]), 'draft');
  await context.close();
});

test('the article list fits a 375 px phone', async () => {
  const { context, page } = await loggedIn({ width: 375, height: 740 });
  await page.goto(s.url + '/admin/articles/');
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(scroll <= client, `the page is ${scroll} px wide in a ${client} px window`);
  // Every row's box is still there to tick, and each cell says what it is.
  assert.ok(await page.isVisible(`input[name="id"][value="${ids[2]}"]`));
  const label = await page.evaluate(() => getComputedStyle(document.querySelector('td[data-label="Status"]'), '::before').content);
  assert.equal(label, '"Status: "');
  await context.close();
});
