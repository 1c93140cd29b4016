// The editor's preview is the reader's rendering, contained: a 1600 px
// image and a [slider] in the body must not make the newsroom page any
// wider than the window, on a desktop or a phone, and the slider is
// laid out by the site's stylesheet, not shown as a bare list.  And the
// browser's own checks work on every newsroom page: each `pattern`
// attribute is a valid expression under the `v` flag Chromium compiles
// it with, so a value that does not match is caught before it is sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer } from '../lib/nutgraf.mjs';
import { Client, PASSWORD, addUser, gradientPng, uploadMedia } from '../lib/newsroom.mjs';

let s;
let browser;
let imagePath;
let sliderId;

before(async () => {
  s = await startServer();
  addUser(s, 'edna', 'editor');
  addUser(s, 'ada', 'administrator');
  const c = new Client(s);
  assert.equal((await c.login('edna')).status, 303);
  const r = await uploadMedia(c, { alt: 'A wide harbour' }, { name: 'wide.png', type: 'image/png', data: gradientPng(1600, 400) });
  assert.equal(r.status, 303, r.body.slice(0, 500));
  const media = s.sql('SELECT path FROM media ORDER BY id DESC LIMIT 1');
  assert.ok(media, 'an uploaded image');
  imagePath = `/media/${media}`;
  let res = await c.postForm('/admin/sliders/', { name: 'Harbour' });
  sliderId = /\/admin\/sliders\/(\d+)\//.exec(res.headers.location)[1];
  for (const n of [1, 2]) {
    res = await c.postForm(`/admin/sliders/${sliderId}/`, { action: 'add_slide', image_url: imagePath, alt: `Slide ${n}`, caption: `Caption ${n}` });
    assert.equal(res.status, 303, res.body.slice(0, 500));
  }
  res = await c.postForm('/admin/ads/', { action: 'add_slot', name: 'side_bar', placement: 'sidebar', width: '300', height: '250', position: '0' });
  assert.equal(res.status, 303);
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

async function loggedIn(login, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.url + '/admin/login');
  await page.fill('#login', login);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/$/), page.click('button[type="submit"]')]);
  return { context, page, errors };
}

for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 375, height: 740 }]]) {
  test(`the preview of a 1600 px image and a slider stays inside the page (${name})`, async () => {
    const { context, page, errors } = await loggedIn('edna', viewport);
    await page.goto(s.url + '/admin/articles/new/');
    await page.fill('#title', 'Wide things');
    await page.fill('#body', `Before the picture.\n\n![A wide harbour](${imagePath})\n\n[slider id="${sliderId}"]\n\nAfter the slider.`);
    const frame = page.frameLocator('#preview');
    await frame.locator('.sc-slider').waitFor({ timeout: 10000 });
    await frame.locator('img[alt="A wide harbour"]').waitFor();
    // The frame is as tall as what it shows (no scrolling inside).
    await page.waitForFunction(() => {
      const f = document.getElementById('preview');
      return f.contentDocument && f.offsetHeight >= f.contentDocument.documentElement.scrollHeight - 2;
    });
    const width = await page.evaluate(() => ({
      doc: document.documentElement.scrollWidth, win: window.innerWidth,
    }));
    assert.ok(width.doc <= width.win, `page ${width.doc} px wide in a ${width.win} px window`);
    const inside = await page.evaluate(() => {
      const f = document.getElementById('preview');
      const d = f.contentDocument;
      const img = d.querySelector('img[alt="A wide harbour"]');
      const slides = d.querySelector('.sc-slider .sc-slides');
      return {
        frame: f.clientWidth,
        doc: d.documentElement.scrollWidth,
        img: img.getBoundingClientRect().width,
        listStyle: getComputedStyle(slides).listStyleType,
        display: getComputedStyle(slides).display,
        navText: d.querySelector('.sc-slider-nav')?.textContent ?? '',
        slideFrac: d.querySelector('.sc-slide').getBoundingClientRect().width / slides.getBoundingClientRect().width,
      };
    });
    assert.ok(inside.doc <= inside.frame, `preview document ${inside.doc} px in a ${inside.frame} px frame`);
    assert.ok(inside.img <= inside.frame, `image ${inside.img} px in a ${inside.frame} px frame`);
    // The reader's slider: a strip of slides, not a bulleted list.
    assert.equal(inside.listStyle, 'none');
    assert.notEqual(inside.display, 'list-item');
    assert.ok(inside.slideFrac > 0.9, `one slide fills the strip (${inside.slideFrac})`);
    await page.screenshot({ path: path.join(SHOTS, `editor-preview-${name}.png`), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('the preview is a page of its own: the editor\'s button opens it without JavaScript', async () => {
  const c = new Client(s);
  await c.login('edna');
  const r = await c.postForm('/admin/preview', { body: `[slider id="${sliderId}"]` });
  assert.equal(r.status, 200);
  assert.match(r.body, /<link rel="stylesheet" href="[^"]*style[^"]*\.css"/);
  assert.match(r.headers['content-security-policy'], /frame-ancestors 'self'/);
  assert.equal(r.headers['x-frame-options'], 'SAMEORIGIN');
  const ed = await c.get('/admin/articles/new/');
  assert.match(ed.body, /formaction="\/admin\/preview" formtarget="_blank"/);
  // Every other newsroom page still refuses to be framed.
  assert.match(ed.headers['content-security-policy'], /frame-ancestors 'none'/);
});

test('every pattern on every newsroom page compiles and catches a bad value', async () => {
  const { context, page, errors } = await loggedIn('ada', { width: 1280, height: 900 });
  const art = s.sql('SELECT id FROM articles ORDER BY id LIMIT 1');
  const pageId = s.sql('SELECT id FROM pages ORDER BY id LIMIT 1');
  const links = new Set(['/admin/articles/new/', `/admin/articles/${art}/`, '/admin/pages/new/',
    `/admin/pages/${pageId}/`, '/admin/users/', '/admin/ads/', '/admin/profile/']);
  // And every page the navigation offers.
  await page.goto(s.url + '/admin/');
  for (const href of await page.$$eval('a[href^="/admin/"]', (as) => as.map((a) => a.getAttribute('href')))) {
    if (!/logout|export/.test(href)) links.add(href.split('?')[0]);
  }
  let checked = 0;
  for (const link of links) {
    await page.goto(s.url + link);
    const found = await page.$$eval('input[pattern]', (inputs) => inputs.map((i) => {
      let compiles = true;
      try { new RegExp(`^(?:${i.pattern})$`, 'v'); } catch (e) { compiles = false; }
      i.value = 'Bad Value!';
      const caught = i.validity.patternMismatch;
      i.value = '';
      return { id: i.id, pattern: i.pattern, compiles, caught };
    }));
    for (const f of found) {
      assert.ok(f.compiles, `${link} #${f.id}: ${f.pattern} is not valid with the v flag`);
      assert.ok(f.caught, `${link} #${f.id}: ${f.pattern} lets "Bad Value!" through`);
      checked++;
    }
  }
  assert.ok(checked >= 5, `${checked} patterns checked`);
  assert.deepEqual(errors.filter((e) => /pattern/i.test(e)), []);
  await context.close();
});
