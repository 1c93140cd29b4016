// The media library editors work from: each image's Markdown (with its
// caption and credit) to paste into a body, in the library and the
// editor; alt text, caption and credit edited after the upload (a
// warning while the alt text is empty), the pages showing the image
// dropped from the cache; an image in use is not deleted and the page
// says what uses it, an unused one is deleted with its files; search
// by file name, alt, caption or credit and paging that keeps the
// search; slides and image ads chosen from the library; bad input is a
// 422 naming the field, with what was typed kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf, gradientPng, uploadMedia } from '../lib/newsroom.mjs';

let s;
let editor;
let author;
const img = {};

// The id and path of the newest media row.
function newest() {
  const [id, p] = s.sql('SELECT id, path FROM media ORDER BY id DESC LIMIT 1').split('|');
  return { id: Number(id), path: p, key: p.split('/')[0] };
}

async function upload(c, fields, name) {
  const r = await uploadMedia(c, fields, { name, type: 'image/png', data: gradientPng(640, 400) });
  assert.equal(r.status, 303, r.body.slice(0, 800));
  return newest();
}

async function publish(title, body) {
  const r = await editor.postForm('/admin/articles/new/', { title, body, action: 'publish', comments_open: '1' });
  assert.equal(r.status, 303, r.body.slice(0, 800));
  return articleIdOf(r);
}

// Decode the few entities templates write, as a browser shows them.
function text(html) {
  return html.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

before(async () => {
  s = await startServer();
  addUser(s, 'lib-editor', 'editor');
  addUser(s, 'lib-author', 'author');
  addUser(s, 'lib-contrib', 'contributor');
  editor = new Client(s);
  assert.equal((await editor.login('lib-editor')).status, 303);
  author = new Client(s);
  assert.equal((await author.login('lib-author')).status, 303);
  img.harbour = await upload(editor, { alt: 'Harbour at dawn', caption: 'Boats leave [early]', credit: 'Ann Lee' }, 'harbour-dawn.png');
  img.noalt = await upload(editor, { alt: '', caption: '', credit: '' }, 'unnamed-scan.png');
});

after(async () => {
  const { code, log } = await s.stop();
  if (process.env.SHOWLOG) console.log(log.split("\n").filter((l) => !/ info |New Thread|exited/.test(l)).join("\n"));
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('the library gives each image its Markdown, caption and credit included', async () => {
  const r = await editor.get('/admin/media/');
  assert.equal(r.status, 200);
  const m = new RegExp(`id="snip-${img.harbour.id}"[^>]*readonly>([^<]*)</textarea>`).exec(r.body);
  assert.ok(m, 'a snippet for the image');
  assert.equal(text(m[1]),
    `[caption]![Harbour at dawn](/media/${img.harbour.path}) Boats leave &#91;early&#93; Photo: Ann Lee[/caption]`);
  const plain = new RegExp(`id="snip-${img.noalt.id}"[^>]*readonly>([^<]*)</textarea>`).exec(r.body);
  assert.equal(text(plain[1]), `![](/media/${img.noalt.path})`);
  // The snippet pasted into a body renders the figure with its text.
  const id = await publish('Snippet story', `Before.\n\n${text(m[1])}\n\nAfter.`);
  const view = await editor.get(`/admin/articles/${id}/`);
  assert.equal(view.status, 200);
  const url = s.url + /Live at <a href="([^"]+)"/.exec(view.body)[1];
  const page = await (await fetch(url)).text();
  assert.match(page, /<figure class="sc-caption">[\s\S]*?alt="Harbour at dawn"[\s\S]*?<figcaption>Boats leave \[early\] Photo: Ann Lee<\/figcaption>/);
  // The editor offers the same Markdown beside the body.
  const ed = await editor.get(`/admin/articles/${id}/`);
  assert.match(ed.body, new RegExp(`id="pk-${img.harbour.id}" class="media-snippet" data-insert="body"`));
  // A new article's too.
  const fresh = await editor.get('/admin/articles/new/');
  assert.match(fresh.body, new RegExp(`id="pk-${img.harbour.id}" class="media-snippet" data-insert="body"`));
});

test('an image without alt text is flagged in the library and on its page', async () => {
  const lib = (await editor.get('/admin/media/')).body;
  const item = new RegExp(`<li class="media-item" id="media-${img.noalt.id}">[\\s\\S]*?</li>`).exec(lib)[0];
  assert.match(item, /class="warning alt-missing">No alt text/);
  const other = new RegExp(`<li class="media-item" id="media-${img.harbour.id}">[\\s\\S]*?</li>`).exec(lib)[0];
  assert.doesNotMatch(other, /alt-missing/);
  const page = await editor.get(`/admin/media/${img.noalt.id}/`);
  assert.equal(page.status, 200);
  assert.match(page.body, /class="warning alt-missing"[^>]*>No alt text/);
  assert.doesNotMatch((await editor.get(`/admin/media/${img.harbour.id}/`)).body, /alt-missing/);
});

test('alt text, caption and credit are edited after the upload; pages showing the image follow', async () => {
  const up = await upload(editor, { alt: 'Old alt', caption: 'Old caption', credit: 'Old credit' }, 'featured.png');
  const id = await publish('Featured story', 'A story with a picture.');
  let r = await editor.postForm(`/admin/articles/${id}/featured/`, { media: String(up.id) });
  assert.equal(r.status, 303);
  const url = s.url + /Live at <a href="([^"]+)"/.exec((await editor.get(`/admin/articles/${id}/`)).body)[1];
  let page = await (await fetch(url)).text();
  assert.match(page, /alt="Old alt"/);
  page = await (await fetch(url)).text(); // now from the cache
  assert.match(page, /alt="Old alt"/);
  r = await editor.postForm(`/admin/media/${up.id}/`, { action: 'update', alt: 'New alt', caption: 'New caption', credit: 'New credit' });
  assert.equal(r.status, 303, r.body.slice(0, 800));
  assert.equal(r.headers.location, `/admin/media/${up.id}/?msg=saved`);
  assert.equal(s.sql(`SELECT alt, caption, credit FROM media WHERE id = ${up.id}`), 'New alt|New caption|New credit');
  page = await (await fetch(url)).text();
  assert.match(page, /alt="New alt"/);
  assert.doesNotMatch(page, /Old alt/);
  // An author (who may upload) edits the text too.
  r = await author.postForm(`/admin/media/${up.id}/`, { action: 'update', alt: 'Author alt', caption: '', credit: '' });
  assert.equal(r.status, 303);
  assert.equal(s.sql(`SELECT alt FROM media WHERE id = ${up.id}`), 'Author alt');
});

test('bad input is a 422 naming the field, everything typed kept', async () => {
  const long = 'x'.repeat(2001);
  const r = await editor.postForm(`/admin/media/${img.harbour.id}/`, { action: 'update', alt: 'Typed alt', caption: long, credit: 'Typed credit' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Nothing was saved\. Caption: Too long/);
  assert.match(r.body, /id="mi-caption" name="caption" value="x{2001}"[^>]*aria-invalid="true"/);
  assert.match(r.body, /id="mi-alt" name="alt" value="Typed alt"/);
  assert.match(r.body, /id="mi-credit" name="credit" value="Typed credit"/);
  assert.equal(s.sql(`SELECT alt FROM media WHERE id = ${img.harbour.id}`), 'Harbour at dawn');
  assert.equal((await editor.get('/admin/media/999999/')).status, 404);
  assert.equal((await editor.postForm(`/admin/media/${img.harbour.id}/`, { action: 'nope' })).status, 400);
  const contrib = new Client(s);
  assert.equal((await contrib.login('lib-contrib')).status, 303);
  assert.equal((await contrib.get(`/admin/media/${img.harbour.id}/`)).status, 403);
  assert.equal((await editor.get('/admin/media/?page=0')).status, 400);
  assert.equal((await editor.get('/admin/media/?page=abc')).status, 400);
});

test('an image in use is not deleted: the page lists what uses it, each linked to its editor', async () => {
  const used = await upload(editor, { alt: 'Used everywhere' }, 'used.png');
  const other = await upload(editor, { alt: 'In a gallery' }, 'gallery.png');
  const featured = await publish('Uses it as featured', 'Text.');
  assert.equal((await editor.postForm(`/admin/articles/${featured}/featured/`, { media: String(used.id) })).status, 303);
  const inBody = await editor.postForm('/admin/articles/new/', { title: 'Draft with it in the body', body: `![x](/media/${used.path})`, action: 'save' });
  const draft = articleIdOf(inBody);
  const gallery = await publish('Gallery story', `[gallery ids="${img.harbour.id}, ${other.id}"]`);
  // A slider, an ad and an author photo.
  let r = await editor.postForm('/admin/sliders/', { name: 'Uses slider' });
  const slider = /\/admin\/sliders\/(\d+)\//.exec(r.headers.location)[1];
  r = await editor.postForm(`/admin/sliders/${slider}/`, { action: 'add_slide', media_id: String(used.id), image_url: '', alt: '', caption: '', link_url: '' });
  assert.equal(r.status, 303, r.body.slice(0, 800));
  r = await editor.postForm('/admin/ads/', { action: 'add_slot', name: 'lib_slot', placement: 'inline', width: '300', height: '250' });
  assert.equal(r.status, 303);
  const slot = /<option value="(\d+)"[^>]*>lib_slot</.exec((await editor.get('/admin/ads/')).body)[1];
  r = await editor.postForm('/admin/ads/', {
    action: 'add_ad', slot_id: slot, name: 'Library ad', kind: 'image', media_id: String(used.id), image_url: '',
    link_url: 'https://example.com/', alt: '', weight: '1', section_id: '0', active: '1',
  });
  assert.equal(r.status, 303, r.body.slice(0, 800));
  const ad = s.sql("SELECT id FROM ads WHERE name = 'Library ad'");
  const authorId = s.sql('SELECT id FROM authors ORDER BY id LIMIT 1');
  s.sql(`UPDATE authors SET photo_id = ${used.id} WHERE id = ${authorId}`);

  r = await editor.postForm(`/admin/media/${used.id}/`, { action: 'delete' });
  assert.equal(r.status, 409);
  assert.match(r.body, /Not deleted: it is in use \(5 listed below\)/);
  for (const href of [`/admin/articles/${featured}/`, `/admin/articles/${draft}/`, `/admin/sliders/${slider}/`,
    `/admin/ads/${ad}/`, `/admin/authors/#author-${authorId}`]) {
    assert.ok(r.body.includes(`href="${href}"`), `links ${href}`);
  }
  assert.match(r.body, /Article: <a href="[^"]+">Draft with it in the body<\/a> <span class="muted">\(draft\)<\/span>/);
  assert.equal(s.sql(`SELECT count(*) FROM media WHERE id = ${used.id}`), '1');
  assert.ok(existsSync(path.join(s.dataDir, 'media', used.key)), 'files kept');
  // The page says so before anyone tries.
  const page = (await editor.get(`/admin/media/${used.id}/`)).body;
  assert.match(page, /<ul class="media-uses">/);
  // A gallery's ids list counts, and only its own numbers.
  r = await editor.postForm(`/admin/media/${other.id}/`, { action: 'delete' });
  assert.equal(r.status, 409);
  assert.ok(r.body.includes(`href="/admin/articles/${gallery}/"`));
  // Deleting is an editor's: an author may not.
  r = await author.postForm(`/admin/media/${img.noalt.id}/`, { action: 'delete' });
  assert.equal(r.status, 403);
});

test('an unused image is deleted with its files', async () => {
  const gone = await upload(editor, { alt: 'Short-lived' }, 'gone.png');
  // A gallery naming another number that starts the same is no use.
  await publish('Near miss', `[gallery ids="${gone.id}0"]`);
  // (Not asked for before: a file already sent may be kept by caches,
  // this server's own included, as any immutable file is.)
  const file = `/media/${gone.path}`;
  assert.ok(existsSync(path.join(s.dataDir, 'media', gone.path)));
  const r = await editor.postForm(`/admin/media/${gone.id}/`, { action: 'delete' });
  assert.equal(r.status, 303, r.body.slice(0, 800));
  assert.equal(r.headers.location, '/admin/media/?msg=deleted');
  assert.equal(s.sql(`SELECT count(*) FROM media WHERE id = ${gone.id}`), '0');
  assert.equal(existsSync(path.join(s.dataDir, 'media', gone.key)), false);
  assert.equal((await fetch(s.url + file)).status, 404);
  assert.equal((await editor.get(`/admin/media/${gone.id}/`)).status, 404);
});

test('search by file name, alt text, caption or credit; pages keep the search', async () => {
  const find = async (q) => {
    const r = await editor.get(`/admin/media/?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 200);
    return [...r.body.matchAll(/<li class="media-item" id="media-(\d+)">/g)].map((m) => Number(m[1]));
  };
  assert.deepEqual(await find('harbour-DAWN'), [img.harbour.id]);
  assert.deepEqual(await find('dawn'), [img.harbour.id]);
  assert.deepEqual(await find('boats leave'), [img.harbour.id]);
  assert.deepEqual(await find('ann lee'), [img.harbour.id]);
  assert.deepEqual(await find('unnamed-scan'), [img.noalt.id]);
  assert.deepEqual(await find('no such words'), []);
  assert.match((await editor.get('/admin/media/?q=no+such+words')).body, /0 found for &ldquo;no such words&rdquo;/);

  // 30 items that match "pager & co"; 24 to a page, newest first.
  const values = [];
  for (let i = 1; i <= 30; i++) {
    values.push(`('${(i + 1000).toString(16).padStart(16, '0')}/640.jpg', 'image/jpeg', 640, 400, 'Pager & co ${i}', 1700000000, 'pager-${i}.jpg')`);
  }
  s.sql(`INSERT INTO media (path, mime, width, height, alt, created_at, filename) VALUES ${values.join(', ')}`);
  const q = 'pager & co';
  let r = await editor.get(`/admin/media/?q=${encodeURIComponent(q)}`);
  assert.match(r.body, /30 found for &ldquo;pager &amp; co&rdquo;/);
  const first = [...r.body.matchAll(/<li class="media-item" id="media-(\d+)">/g)].length;
  assert.equal(first, 24);
  assert.match(r.body, /Page 1 of 2/);
  const next = /<a href="([^"]+)" rel="next">Older<\/a>/.exec(r.body);
  assert.ok(next, 'a link to the next page');
  assert.equal(text(next[1]), '/admin/media/?q=pager%20%26%20co&page=2');
  r = await editor.get(text(next[1]));
  assert.equal(r.status, 200);
  assert.equal([...r.body.matchAll(/<li class="media-item" id="media-(\d+)">/g)].length, 6);
  assert.match(r.body, /Page 2 of 2/);
  assert.match(r.body, /id="media-q" name="q" type="search" value="pager &amp; co"/);
  const prev = /<a href="([^"]+)" rel="prev">Newer<\/a>/.exec(r.body);
  assert.equal(text(prev[1]), '/admin/media/?q=pager%20%26%20co&page=1');
  assert.doesNotMatch(r.body, /rel="next"/);
});

test('slides and image ads are chosen from the library; a bad choice is a 422 keeping what was typed', async () => {
  let r = await editor.postForm('/admin/sliders/', { name: 'Library slider' });
  const slider = /\/admin\/sliders\/(\d+)\//.exec(r.headers.location)[1];
  let page = (await editor.get(`/admin/sliders/${slider}/`)).body;
  assert.match(page, new RegExp(`<select id="new-media" name="media_id">[\\s\\S]*?<option value="${img.harbour.id}">#${img.harbour.id} Harbour at dawn · harbour-dawn.png</option>`));
  r = await editor.postForm(`/admin/sliders/${slider}/`, { action: 'add_slide', media_id: String(img.harbour.id), image_url: '', alt: '', caption: '', link_url: '' });
  assert.equal(r.status, 303, r.body.slice(0, 800));
  assert.equal(s.sql(`SELECT image_url, alt, caption FROM slides WHERE slider_id = ${slider}`),
    `/media/${img.harbour.path}|Harbour at dawn|Boats leave [early]`);
  // What is typed wins over the library's text.
  r = await editor.postForm(`/admin/sliders/${slider}/`, { action: 'add_slide', media_id: String(img.harbour.id), image_url: '', alt: 'My alt', caption: 'My caption', link_url: '' });
  assert.equal(r.status, 303);
  assert.equal(s.sql(`SELECT alt, caption FROM slides WHERE slider_id = ${slider} ORDER BY id DESC LIMIT 1`), 'My alt|My caption');
  // No such image: 422, the field named, the rest kept.
  r = await editor.postForm(`/admin/sliders/${slider}/`, { action: 'add_slide', media_id: '999999', image_url: '', alt: 'Kept alt', caption: 'Kept caption', link_url: 'https://example.com/k' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Nothing was saved\. From the library: No such image in the library/);
  assert.match(r.body, /<select id="new-media" name="media_id" aria-invalid="true"/);
  assert.match(r.body, /id="new-alt" name="alt" value="Kept alt"/);
  assert.match(r.body, /id="new-caption" name="caption" value="Kept caption"/);
  assert.match(r.body, /id="new-link" name="link_url" value="https:\/\/example.com\/k"/);
  // An existing slide changed to another library image.
  const slide = s.sql(`SELECT id FROM slides WHERE slider_id = ${slider} ORDER BY id LIMIT 1`);
  r = await editor.postForm(`/admin/sliders/${slider}/slides/${slide}/`, { action: 'update', media_id: String(img.noalt.id), image_url: '/x.jpg', alt: 'Alt kept', caption: 'c', link_url: '' });
  assert.equal(r.status, 303);
  assert.equal(s.sql(`SELECT image_url, alt FROM slides WHERE id = ${slide}`), `/media/${img.noalt.path}|Alt kept`);
  r = await editor.postForm(`/admin/sliders/${slider}/slides/${slide}/`, { action: 'update', media_id: 'abc', image_url: '/typed.jpg', alt: 'Typed', caption: 'c', link_url: '' });
  assert.equal(r.status, 422);
  assert.match(r.body, new RegExp(`id="si-${slide}" name="image_url" value="/typed.jpg"`));

  // Image ads.
  r = await editor.postForm('/admin/ads/', { action: 'add_slot', name: 'lib_slot2', placement: 'inline', width: '300', height: '250' });
  const slot = /<option value="(\d+)"[^>]*>lib_slot2</.exec((await editor.get('/admin/ads/')).body)[1];
  const ad = (extra) => ({
    action: 'add_ad', slot_id: slot, name: 'Chosen ad', kind: 'image', image_url: '', link_url: 'https://example.com/',
    alt: '', weight: '3', section_id: '0', active: '1', ...extra,
  });
  page = (await editor.get('/admin/ads/')).body;
  assert.match(page, /<select id="ad-media-0" name="media_id">/);
  r = await editor.postForm('/admin/ads/', ad({ media_id: '999999', name: 'Kept ad name' }));
  assert.equal(r.status, 422);
  assert.match(r.body, /Nothing was saved\. From the library: No such image/);
  assert.match(r.body, /id="ad-name-0" name="name" value="Kept ad name"/);
  assert.match(r.body, /id="ad-weight-0" name="weight" value="3"/);
  r = await editor.postForm('/admin/ads/', ad({ media_id: String(img.harbour.id) }));
  assert.equal(r.status, 303, r.body.slice(0, 800));
  assert.equal(s.sql("SELECT image_url, alt FROM ads WHERE name = 'Chosen ad'"), `/media/${img.harbour.path}|Harbour at dawn`);
  const adId = s.sql("SELECT id FROM ads WHERE name = 'Chosen ad'");
  page = (await editor.get(`/admin/ads/${adId}/`)).body;
  assert.match(page, new RegExp(`<select id="ad-media-${adId}" name="media_id">`));
  r = await editor.postForm(`/admin/ads/${adId}/`, { ...ad({ media_id: '424242', name: 'Renamed' }), action: 'update' });
  assert.equal(r.status, 422);
  assert.match(r.body, new RegExp(`id="ad-name-${adId}" name="name" value="Renamed"`));
});
