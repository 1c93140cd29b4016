// Navigation menus in real Chromium: an administrator makes
// a page, builds a menu by clicking (add items, nest one, reorder),
// assigns it to the masthead, and a reader sees it there -- the child
// under its parent, shown when the parent is hovered -- with the
// section list back once it is unassigned.  The editing pages have no
// script at all, so this is also the no-JavaScript path.  A screenshot
// of the menu editor goes to build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser, cli } from '../lib/newsroom.mjs';

let s;
let browser;

before(async () => {
  s = await startServer();
  addUser(s, 'ada', 'administrator');
  const r = cli(s, ['page', 'add', '--title', 'About us', '--slug', 'about', '--status', 'published']);
  assert.equal(r.status, 0, r.stderr);
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

// The labels of the menu editor's rows, in order, children marked "> ".
async function rows(page) {
  return page.$$eval('ol.menu-items > li', (lis) => lis.map((li) =>
    (li.classList.contains('menu-item-child') ? '> ' : '') +
    li.querySelector('.menu-item-label').textContent.replace('\u21b3', '').trim()));
}

async function clickRow(page, label, action) {
  const row = page.locator('ol.menu-items > li', { hasText: label });
  await Promise.all([page.waitForLoadState('load'),
    row.locator(`button[value="${action}"]`).click()]);
}

test('an administrator builds a menu by clicking and readers see it in the masthead', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(s.url + '/admin/login');
  await page.fill('#login', 'ada');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);

  await page.click('nav a[href="/admin/menus/"]');
  await page.fill('#new-menu', 'Main');
  await Promise.all([page.waitForURL(/\/admin\/menus\/\d+\//), page.click('button[value="create"]')]);

  // A page, a section and a link, each through the add form.
  await page.check('input[name="kind"][value="page"]');
  await page.selectOption('#add-page', { label: 'About us (/about/)' });
  await Promise.all([page.waitForLoadState('load'), page.click('button[value="add"]')]);
  await page.check('input[name="kind"][value="section"]');
  await page.selectOption('#add-section', { label: 'World' });
  await Promise.all([page.waitForLoadState('load'), page.click('button[value="add"]')]);
  await page.check('input[name="kind"][value="url"]');
  await page.fill('#add-url', 'https://example.org/tips');
  await page.fill('#add-label', 'Send a tip');
  await Promise.all([page.waitForLoadState('load'), page.click('button[value="add"]')]);
  assert.deepEqual(await rows(page), ['About us', 'World', 'Send a tip']);

  // Nest World under About us; move the tip link to the top.
  await clickRow(page, 'World', 'indent');
  await clickRow(page, 'Send a tip', 'up');
  await clickRow(page, 'Send a tip', 'up');
  assert.deepEqual(await rows(page), ['Send a tip', 'About us', '> World']);
  await page.screenshot({ path: path.join(SHOTS, 'menu-editor.png'), fullPage: true });

  // Put it in the masthead.
  await page.click('a[href="/admin/menus/"]');
  await page.selectOption('#loc-primary', { label: 'Main' });
  await Promise.all([page.waitForLoadState('load'), page.click('button[value="locations"]')]);

  // A reader (with scripts on, as most are) sees the menu.
  const reader = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await reader.goto(s.url + '/');
  const top = reader.locator('nav.menu-primary > ul > li > a');
  assert.deepEqual(await top.allInnerTexts(), ['Send a tip', 'About us']);
  const child = reader.locator('nav.menu-primary .submenu a', { hasText: 'World' });
  assert.equal(await child.isVisible(), false);
  await reader.hover('nav.menu-primary li.has-children > a');
  await child.waitFor({ state: 'visible', timeout: 5000 });
  await Promise.all([reader.waitForURL(/\/category\/world\/$/), child.click()]);
  await reader.click('nav.menu-primary a:text("About us")');
  await reader.waitForURL(/\/about\/$/);
  assert.equal(await reader.locator('h1.headline').innerText(), 'About us');

  // Unassigned, the masthead lists the sections again.
  await page.selectOption('#loc-primary', { value: '0' });
  await Promise.all([page.waitForLoadState('load'), page.click('button[value="locations"]')]);
  // (A new reader: the first one's browser cache may keep "/" a minute.)
  const later = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await later.goto(s.url + '/');
  assert.equal(await later.locator('nav.menu-primary').count(), 0);
  assert.ok(await later.locator('nav.sections a', { hasText: 'World' }).count() > 0);
  await context.close();
  await reader.close();
  await later.close();
});
