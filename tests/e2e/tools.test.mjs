// Tools > Import and Export in real Chromium, scripts off (the page
// needs none): an administrator picks a WordPress export, imports it,
// watches the page until the summary shows, opens an imported article,
// and downloads the site's export.  A screenshot of the finished import
// goes to build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser } from '../lib/newsroom.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.join(root, 'tests', 'import', 'site-1.2.xml');

let s;
let browser;

before(async () => {
  s = await startServer({ demo: false });
  addUser(s, 'ada', 'administrator');
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

test('an administrator imports a WordPress export and downloads the site', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 },
    javaScriptEnabled: false, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(s.url + '/admin/login');
  await page.fill('#login', 'ada');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);

  await Promise.all([page.waitForURL(/\/admin\/tools\/$/), page.click('nav a[href="/admin/tools/"]')]);
  await page.setInputFiles('#wxr-file', fixture);
  await Promise.all([page.waitForURL(/\/admin\/tools\/\?msg=import$/),
    page.click('form[action="/admin/tools/import/"] button[type="submit"]')]);
  assert.match(await page.locator('.flash, [role="status"]').first().innerText(), /Import/);
  // The page reloads itself while the import runs; wait for the summary.
  const done = page.locator('.import-done');
  await done.waitFor({ state: 'visible', timeout: 60000 });
  assert.match(await done.innerText(), /Import finished: site-1\.2\.xml/);
  const summary = await page.locator('pre.import-summary').innerText();
  assert.match(summary, /articles\s+6\s+0\s+1/);
  assert.match(summary, /missing media/);
  await page.screenshot({ path: path.join(SHOTS, 'tools-import.png'), fullPage: true });

  // A reader finds the imported story at its old address.
  const reader = await browser.newPage();
  await reader.goto(s.url + '/2026/01/10/ferry-timetable-changes/');
  assert.equal(await reader.locator('h1.headline').innerText(), 'Ferry timetable changes');
  await reader.close();

  // Export: the link downloads a WXR file of the site.
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click('a[href="/admin/tools/export"]')]);
  assert.match(download.suggestedFilename(), /^nutgraf\.wordpress\.\d{4}-\d\d-\d\d\.xml$/);
  const xml = readFileSync(await download.path(), 'utf8');
  assert.match(xml, /<wp:wxr_version>1\.2<\/wp:wxr_version>/);
  assert.match(xml, /Ferry timetable changes/);
  await context.close();
});
