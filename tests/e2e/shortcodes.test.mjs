// Sliders and ads in real Chromium: the demo's house-ad slider
// scrolls by keyboard alone (no script on the page), and script inside a
// code ad's frame can read neither the page's cookies nor its DOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer, run, until } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
// The track's scrollLeft once smooth scrolling has come to rest on a
// slide beyond `above` or before `below`: polled up to a deadline, since
// the browser scrolls at its own pace.  (The page has JavaScript off, so
// the polling is ours, not page.waitForFunction's.)
async function settledScroll(track, { above = -Infinity, below = Infinity }) {
  const deadline = Date.now() + 10000;
  let last = NaN;
  for (;;) {
    const [x, w] = await track.evaluate((el) => [el.scrollLeft, el.clientWidth]);
    const snapped = Math.abs(x / w - Math.round(x / w)) < 0.02;
    if (x === last && snapped && x > above && x < below) return x;
    if (Date.now() > deadline) throw new Error(`scroll stuck at ${x} (want > ${above}, < ${below})`);
    last = x;
    await new Promise((r) => setTimeout(r, 50));
  }
}

let s;
let browser;

// What the ad's script tries; it records each outcome on its own body.
const AD_CODE = `<p>Test ad</p><script>
var r = {};
try { r.cookie = String(document.cookie); } catch (e) { r.cookie = 'blocked: ' + e.name; }
try { r.parentTitle = String(parent.document.title); } catch (e) { r.parentTitle = 'blocked: ' + e.name; }
try { parent.document.body.innerHTML = 'pwned'; r.write = 'wrote'; } catch (e) { r.write = 'blocked: ' + e.name; }
try { r.topCookie = String(top.document.cookie); } catch (e) { r.topCookie = 'blocked: ' + e.name; }
r.origin = String(self.origin);
document.body.setAttribute('data-result', JSON.stringify(r));
</script>`;

before(async () => {
  s = await startServer();
  const file = path.join(s.dataDir, 'ad.html');
  writeFileSync(file, AD_CODE);
  for (const args of [['ad', 'slot-add', 'e2e-below', '--size', '300x120', '--placement', 'below_article'],
    ['ad', 'add', 'e2e-below', '--name', 'Hostile ad', '--code-file', file]]) {
    const r = run([...args, '--data', s.dataDir]);
    assert.equal(r.status, 0, r.stderr);
  }
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

test('the house-ad slider scrolls by keyboard, without JavaScript', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(s.url + SEED);
  // The seed's two slots (a third, the code ad below, is a frame).
  const slots = page.locator('aside.ad-slot', { has: page.locator('.sc-slider') });
  assert.equal(await slots.count(), 2);
  for (let i = 0; i < 2; i++) {
    assert.match(await slots.nth(i).locator('.ad-label').textContent(), /^Advertisement$/);
  }
  const track = slots.first().locator('ul.sc-slides');
  await track.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'slider-before.png') });
  // Tab order reaches the slider (it is focusable) and arrows scroll it.
  await track.focus();
  const before0 = await track.evaluate((el) => el.scrollLeft);
  assert.equal(before0, 0);
  // Each slide is exactly as wide as the track.
  const widths = await track.evaluate((el) => [el.clientWidth,
    ...[...el.children].map((li) => li.getBoundingClientRect().width)]);
  assert.ok(widths.every((x) => Math.abs(x - widths[0]) < 1), String(widths));
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
  const after1 = await settledScroll(track, { above: 0 });
  assert.ok(after1 > 0, `scrolled to ${after1}`);
  // Snapping leaves a whole slide in view: a multiple of the width.
  const w = await track.evaluate((el) => el.clientWidth);
  assert.ok(Math.abs(after1 / w - Math.round(after1 / w)) < 0.02, `${after1} / ${w}`);
  // More presses reach the last slide; ArrowLeft comes back.
  const last = await track.evaluate((el) => el.scrollWidth - el.clientWidth);
  for (let k = 0, x = after1; k < 12 && x < last - 1; k++) {
    await page.keyboard.press('ArrowRight');
    x = await settledScroll(track, { above: x + 1 });
  }
  const end = await track.evaluate((el) => [el.scrollLeft, el.scrollWidth - el.clientWidth]);
  assert.ok(Math.abs(end[0] - end[1]) <= 1, `at the end: ${end}`);
  await page.keyboard.press('ArrowLeft');
  const back = await settledScroll(track, { below: end[0] - 1 });
  assert.ok(back < end[0]);
  await page.screenshot({ path: path.join(SHOTS, 'slider-after.png') });
  // Every slide image loaded (house ads are SVG from this site).
  const imgs = await slots.first().locator('img').evaluateAll((els) => els.map((e) => e.complete));
  assert.equal(imgs.length, 3);
  await context.close();
});

test('script in an ad frame cannot read the page cookie or reach its DOM', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: 'reader_secret', value: 's3cret', url: s.url }]);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.url + SEED);
  const frameEl = page.locator('iframe.ad-frame');
  assert.equal(await frameEl.count(), 1);
  assert.equal(await frameEl.getAttribute('sandbox'), 'allow-scripts allow-popups allow-popups-to-escape-sandbox');
  await frameEl.scrollIntoViewIfNeeded();
  let frame;
  await until('the ad frame loaded', () => {
    frame = page.frames().find((f) => /\/ad\/\d+\/frame$/.test(f.url()));
    return frame;
  }, 5000);
  await frame.waitForSelector('body[data-result]');
  const r = JSON.parse(await frame.getAttribute('body', 'data-result'));
  assert.match(r.cookie, /^blocked: SecurityError/, JSON.stringify(r));
  assert.match(r.parentTitle, /^blocked: SecurityError/, JSON.stringify(r));
  assert.match(r.write, /^blocked: SecurityError/, JSON.stringify(r));
  assert.match(r.topCookie, /^blocked: SecurityError/, JSON.stringify(r));
  assert.equal(r.origin, 'null', 'an opaque origin');
  // The page is untouched, and still has its cookie.
  assert.ok(!(await page.content()).includes('pwned'));
  assert.equal(await page.locator('h1').innerText(), 'US to Negotiate Troop Withdrawal from Niger Amid Military Leadership Talks');
  const cookies = await context.cookies(s.url);
  assert.ok(cookies.some((c) => c.name === 'reader_secret'));
  await page.screenshot({ path: path.join(SHOTS, 'ad-frame.png') });
  // Opened on its own, the frame is still in its sandbox.
  const direct = await context.newPage();
  await direct.goto(frame.url());
  await direct.waitForSelector('body[data-result]');
  const d = JSON.parse(await direct.getAttribute('body', 'data-result'));
  assert.match(d.cookie, /^blocked: SecurityError/, JSON.stringify(d));
  assert.equal(d.origin, 'null');
  assert.deepEqual(errors, []);
  await context.close();
});
