// Two-factor login in real Chromium: an editor sets it up from the
// profile page (copying the secret an app would scan), types the app's
// code, sees the recovery codes once, logs out, and logs back in with
// password and code.  A screenshot of the set-up goes to
// build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser } from '../lib/newsroom.mjs';
import { totp } from '../lib/totp.mjs';

let s;
let browser;

before(async () => {
  s = await startServer({ demo: false });
  addUser(s, 'tess', 'editor');
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

// The authenticator app's code, ahead seconds from now.
const appCode = (secret, ahead = 0) => totp(secret, Date.now() / 1000 + ahead);

test('an editor sets up two-factor login and logs in with it', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.url + '/admin/');
  await page.fill('#login', 'tess');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);

  await page.goto(s.url + '/admin/profile/');
  await Promise.all([page.waitForURL(/\/admin\/profile\//), page.click('button[value="2fa-begin"]')]);
  const secret = (await page.locator('#tfa-secret').innerText()).trim();
  assert.match(secret, /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  assert.match(await page.locator('#tfa-uri').innerText(), /^otpauth:\/\/totp\/[^?]+:tess\?secret=[A-Z2-7]{32}&issuer=/);
  await page.screenshot({ path: path.join(SHOTS, 'twofactor-setup.png'), fullPage: true });
  await page.fill('#tfa-code', appCode(secret));
  await Promise.all([page.waitForLoadState('load'), page.click('button[value="2fa-confirm"]')]);
  assert.equal(await page.locator('.recovery-codes li').count(), 10);
  assert.match(await page.locator('main, body').first().innerText(), /Two-factor login is on/);

  // Log out, then in again: the password leads to the code page.
  await Promise.all([page.waitForURL(/\/admin\/login/), page.click('.admin-logout button')]);
  await page.goto(s.url + '/admin/');
  await page.fill('#login', 'tess');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/login\/2fa/), page.click('button[type="submit"]')]);
  assert.equal(await page.locator('h1').innerText(), 'Two-factor login');
  // The code of the set-up was spent; the app's next one works.
  await page.fill('#code', appCode(secret, 30));
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  assert.match(await page.locator('h1').first().innerText(), /Dashboard|Newsroom|nutgraf/i);
  assert.deepEqual(errors, []);
  await context.close();
});
