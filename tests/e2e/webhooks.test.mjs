// Webhooks in real Chromium, scripts off (the pages need none): an
// administrator opens Webhooks from the navigation, is told why a
// private address is refused (what was typed stays), adds a receiver
// this test runs on 127.0.0.1 (allowed by the server's webhook_allow),
// copies the secret shown once, sends a test and sees it delivered in
// the log, checked against the signature the receiver got.  Screenshots
// of the refusal and the log go to build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer, until, writeConfig } from '../lib/nutgraf.mjs';
import { PASSWORD, addUser } from '../lib/newsroom.mjs';

let s;
let browser;
let rcv;
const got = [];

before(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ng-e2e-webhook-'));
  const conf = writeConfig(dir, 'webhook_allow = 127.0.0.1/32\nwebhook_timeout = 5\n');
  s = await startServer({ demo: false, args: ['--config', conf] });
  addUser(s, 'ada', 'administrator');
  rcv = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.end('thanks');
    });
  });
  await new Promise((r) => rcv.listen(0, '127.0.0.1', r));
  browser = await launchBrowser();
});

after(async () => {
  rcv?.close();
  await closeBrowserAndServer(browser, s);
});

test('an administrator adds a webhook, sends a test and sees it delivered', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(s.url + '/admin/login');
  await page.fill('#login', 'ada');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  await Promise.all([page.waitForURL(/\/admin\/webhooks\/$/), page.click('nav a[href="/admin/webhooks/"]')]);
  assert.match(await page.locator('main').innerText(), /No webhooks yet/);

  // A private address: refused with the reason, the form as it was.
  await page.fill('#wh-url', 'http://10.20.30.40/hook');
  await page.uncheck('#wh-all');
  await page.check('input[name="events"][value="post.published"]');
  await page.click('#webhook-new button[type="submit"]');
  const fault = page.locator('#fe-wh-url');
  assert.match(await fault.innerText(), /Not allowed: The host's address 10\.20\.30\.40 is private/);
  assert.equal(await page.inputValue('#wh-url'), 'http://10.20.30.40/hook');
  assert.equal(await page.isChecked('input[name="events"][value="post.published"]'), true);
  assert.equal(await page.isChecked('#wh-all'), false);
  await page.screenshot({ path: path.join(SHOTS, 'webhooks-refused.png'), fullPage: true });

  // The receiver: added, its secret shown once.
  const url = `http://127.0.0.1:${rcv.address().port}/news`;
  await page.fill('#wh-url', url);
  await page.check('#wh-all');
  await page.click('#webhook-new button[type="submit"]');
  const secret = await page.locator('#webhook-secret').innerText();
  assert.match(secret, /^[0-9a-f]{64}$/);
  assert.match(await page.locator('#webhooks').innerText(), new RegExp(url.replace(/[.:/]/g, '\\$&')));

  await page.click('#webhook-made a');
  await page.waitForURL(/\/admin\/webhooks\/\d+\/$/);
  assert.match(await page.locator('#no-deliveries').innerText(), /Nothing sent yet/);
  await page.click('button[value="test"]');
  await page.waitForURL(/msg=webhook-test$/);
  assert.match(await page.locator('.flash').innerText(), /Test delivery queued/);

  // The log shows it delivered once the sender has been (reload to see).
  const row = page.locator('#deliveries tbody tr').first();
  await until('the test delivered in the log', async () => {
    await page.reload();
    return (await row.count()) > 0 && (await row.getAttribute('data-status')) === 'delivered';
  }, 30000);
  assert.match(await row.innerText(), /ping\s+delivered\s+200\s+1/);
  await page.screenshot({ path: path.join(SHOTS, 'webhooks-log.png'), fullPage: true });

  assert.equal(got.length, 1);
  const ts = got[0].headers['x-nutgraf-timestamp'];
  const mac = crypto.createHmac('sha256', secret).update(`${ts}.${got[0].body}`).digest('hex');
  assert.equal(got[0].headers['x-nutgraf-signature'], `sha256=${mac}`);
  assert.equal(JSON.parse(got[0].body).event, 'ping');
  await context.close();
});
