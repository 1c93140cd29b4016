// What a person typed wrong comes back as the same form, every value
// kept, the field at fault named under it and nowhere else, with 400 or
// 422 (a 403 "Not allowed" is only for what a role may not do):
// settings, sliders, slides, ad slots, ads and uploads.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, uploadMedia } from '../lib/newsroom.mjs';

let s;
let c;
let author;

before(async () => {
  s = await startServer();
  addUser(s, 'ed', 'editor');
  addUser(s, 'adm', 'administrator');
  addUser(s, 'au', 'author');
  c = new Client(s);
  assert.equal((await c.login('adm')).status, 303);
  author = new Client(s);
  assert.equal((await author.login('au')).status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

// The field-level messages of a page: [id of the message, text].
const fieldErrors = (html) =>
  [...html.matchAll(/<span class="error[^"]*" id="([^"]+)">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]]);

const valueOf = (html, id) => {
  const m = new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html);
  return m ? m[1] : null;
};

test('a settings error is shown under the one field at fault', async () => {
  const form = {
    title: 'Kept title', tagline: 'Kept tagline', timezone: 'Mars/Olympus', comment_moderation: '1',
    comment_previously_approved: '0', close_comments_days_old: '30', comment_max_links: '4',
    feed_content: 'summary', permalink: '', twofactor_roles: '',
  };
  const r = await c.postForm('/admin/settings/', form);
  assert.equal(r.status, 422);
  const errs = fieldErrors(r.body);
  assert.equal(errs.length, 1, JSON.stringify(errs));
  assert.equal(errs[0][0], 'e-timezone');
  assert.match(errs[0][1], /time zone/i);
  assert.equal((r.body.match(/aria-invalid="true"/g) || []).length, 1);
  // Every value kept, the bad one too.
  assert.equal(valueOf(r.body, 's-title'), 'Kept title');
  // The zone is a choice: the bad one is kept as the one chosen.
  assert.match(r.body, /<select id="s-timezone" name="timezone" aria-invalid="true"[^>]*>\s*<optgroup label="Mars\/Olympus"><option value="Mars\/Olympus" selected>Mars\/Olympus<\/option>/);
  assert.equal(valueOf(r.body, 's-close_comments_days_old'), '30');
  assert.match(r.body, /<option value="0" selected>No<\/option><\/select>[\s\S]*?s-close/);
  assert.match(r.body, /<option value="summary" selected>/);
  // Nothing saved.
  assert.notEqual(s.sql("SELECT value FROM settings WHERE key = 'title'"), 'Kept title');
});

test('a slide with a bad image or link is a 422 form naming the field, values kept', async () => {
  let r = await c.postForm('/admin/sliders/', { name: '' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-new-name']);
  r = await c.postForm('/admin/sliders/', { name: 'Errors' });
  assert.equal(r.status, 303);
  const id = /\/admin\/sliders\/(\d+)\//.exec(r.headers.location)[1];

  const typed = { image_url: 'javascript:alert(1)', alt: 'Kept alt', caption: 'Kept caption', link_url: '/kept/' };
  r = await c.postForm(`/admin/sliders/${id}/`, { action: 'add_slide', ...typed });
  assert.equal(r.status, 422);
  assert.doesNotMatch(r.body, /Not allowed/);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-new-image']);
  assert.match(r.body, /Nothing was saved\. Image: /);
  assert.equal(valueOf(r.body, 'new-image'), 'javascript:alert(1)');
  assert.equal(valueOf(r.body, 'new-alt'), 'Kept alt');
  assert.equal(valueOf(r.body, 'new-caption'), 'Kept caption');
  assert.equal(valueOf(r.body, 'new-link'), '/kept/');
  assert.equal(s.sql(`SELECT count(*) FROM slides WHERE slider_id = ${id}`), '0');

  r = await c.postForm(`/admin/sliders/${id}/`, { action: 'add_slide', ...typed, image_url: '/media/x.jpg', link_url: 'ftp://x' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-new-link']);

  r = await c.postForm(`/admin/sliders/${id}/`, { action: 'add_slide', ...typed, image_url: '/media/x.jpg' });
  assert.equal(r.status, 303);
  const slide = s.sql(`SELECT id FROM slides WHERE slider_id = ${id}`);
  // Editing a slide: the slide's own form comes back, the others not.
  r = await c.postForm(`/admin/sliders/${id}/slides/${slide}/`, { action: 'update', ...typed, image_url: '//evil.example/x.jpg', caption: 'Edited' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), [`fe-si-${slide}`]);
  assert.equal(valueOf(r.body, `sc-${slide}`), 'Edited');
  assert.equal(valueOf(r.body, 'new-caption'), '', 'the add form is not filled with the edit');
  assert.equal(s.sql(`SELECT caption FROM slides WHERE id = ${slide}`), 'Kept caption');
  // An unknown button is a bad request, not a permission.
  r = await c.postForm(`/admin/sliders/${id}/`, { action: 'nope' });
  assert.equal(r.status, 400);
  // Permissions are still 403.
  r = await author.postForm(`/admin/sliders/${id}/`, { action: 'add_slide', ...typed });
  assert.equal(r.status, 403);
});

test('ad slots and ads: the field at fault, values kept, 422', async () => {
  let r = await c.postForm('/admin/ads/', { action: 'add_slot', name: 'Bad Name', placement: 'sidebar', width: '300', height: '250', position: '0' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-slot-name']);
  assert.equal(valueOf(r.body, 'slot-name'), 'Bad Name');
  assert.equal(valueOf(r.body, 'slot-width'), '300');
  assert.match(r.body, /<option selected>sidebar<\/option>/);
  r = await c.postForm('/admin/ads/', { action: 'add_slot', name: 'side', placement: 'sidebar', width: '9000', height: '250', position: '0' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-slot-width']);
  assert.equal(valueOf(r.body, 'slot-width'), '9000');
  r = await c.postForm('/admin/ads/', { action: 'add_slot', name: 'side', placement: 'sidebar', width: '300', height: '250', position: '0' });
  assert.equal(r.status, 303);
  const slot = s.sql("SELECT id FROM ad_slots WHERE name = 'side'");
  r = await c.postForm('/admin/ads/', { action: 'add_slot', name: 'side', placement: 'header', width: '1', height: '1', position: '0' });
  assert.equal(r.status, 422, 'a taken name');
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-slot-name']);
  r = await c.postForm(`/admin/ads/slots/${slot}/`, { action: 'update', name: 'side', placement: 'sidebar', width: 'wide', height: '250', position: '0' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), [`fe-sw-${slot}`]);
  assert.equal(valueOf(r.body, `sw-${slot}`), 'wide');

  const ad = {
    action: 'add_ad', slot_id: slot, name: 'Kept ad', kind: 'image', image_url: '/media/ad.jpg',
    link_url: 'https://shop.example/', alt: '', weight: '5', section_id: '0', active: '1',
    starts: '2030-01-01T00:00', ends: '2031-01-01T00:00',
  };
  r = await c.postForm('/admin/ads/', ad);
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-ad-alt-0']);
  assert.match(r.body, /Nothing was saved\. Alt text: /);
  assert.equal(valueOf(r.body, 'ad-name-0'), 'Kept ad');
  assert.equal(valueOf(r.body, 'ad-weight-0'), '5');
  assert.equal(valueOf(r.body, 'ad-starts-0'), '2030-01-01T00:00');
  r = await c.postForm('/admin/ads/', { ...ad, alt: 'Shop', starts: '2031-01-01T00:00', ends: '2030-01-01T00:00' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-ad-ends-0']);
  r = await c.postForm('/admin/ads/', { ...ad, alt: 'Shop', weight: 'heavy' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-ad-weight-0']);
  assert.equal(valueOf(r.body, 'ad-weight-0'), 'heavy');
  r = await c.postForm('/admin/ads/', { ...ad, alt: 'Shop', kind: 'code', code: '' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-ad-code-0']);
  r = await c.postForm('/admin/ads/', { ...ad, alt: 'Shop' });
  assert.equal(r.status, 303);
  const id = s.sql("SELECT id FROM ads WHERE name = 'Kept ad'");
  r = await c.postForm(`/admin/ads/${id}/`, { ...ad, action: 'update', name: 'Renamed', link_url: 'javascript:x', alt: 'Shop' });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), [`fe-ad-link-${id}`]);
  assert.match(r.body, /<h1>Ad: Kept ad<\/h1>/);
  assert.equal(valueOf(r.body, `ad-name-${id}`), 'Renamed');
  assert.equal(s.sql(`SELECT name FROM ads WHERE id = ${id}`), 'Kept ad');
  r = await author.postForm('/admin/ads/', ad);
  assert.equal(r.status, 403);
});

test('an upload refused comes back as the upload form with the texts kept', async () => {
  const texts = { alt: 'Kept alt', caption: 'Kept caption', credit: 'Kept credit' };
  let r = await uploadMedia(c, texts, { name: 'a.jpg', type: 'image/jpeg', data: Buffer.from('not an image') });
  assert.equal(r.status, 415);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-mu-file']);
  assert.match(r.body, /Not a JPEG, PNG, WebP or GIF image\. Choose the file again\./);
  assert.equal(valueOf(r.body, 'mu-alt'), 'Kept alt');
  assert.equal(valueOf(r.body, 'mu-caption'), 'Kept caption');
  assert.equal(valueOf(r.body, 'mu-credit'), 'Kept credit');
  r = await uploadMedia(c, texts, null);
  assert.equal(r.status, 400);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-mu-file']);
  assert.equal(valueOf(r.body, 'mu-alt'), 'Kept alt');
  r = await uploadMedia(c, { ...texts, caption: 'x'.repeat(2001) }, { name: 'a.jpg', type: 'image/jpeg', data: Buffer.from('x') });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldErrors(r.body).map((e) => e[0]), ['fe-mu-caption']);
  assert.equal(valueOf(r.body, 'mu-credit'), 'Kept credit');
  // From an article's featured-image panel: the article is kept too.
  const art = s.sql("SELECT id FROM articles WHERE status = 'published' ORDER BY id LIMIT 1");
  r = await uploadMedia(c, { ...texts, article: art }, { name: 'a.jpg', type: 'image/jpeg', data: Buffer.from('nope') });
  assert.equal(r.status, 415);
  assert.match(r.body, new RegExp(`name="article" value="${art}"`));
});
