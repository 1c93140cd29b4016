// Media uploads: an editor uploads a JPEG that carries
// EXIF GPS made here, and only pixels survive in every variant; text
// renamed .jpg and a decompression bomb are refused with a clear 4xx;
// contributors may not upload; /media/ serves only our names, with a
// long cache; the featured image shows on the article and the front
// page with srcset and <picture>.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import zlib from 'node:zlib';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { startServer, assertNoSanitizerReport, tempDir } from '../lib/nutgraf.mjs';
import { Client, addUser, articleIdOf, pngChunk, uploadMedia } from '../lib/newsroom.mjs';

let s;
let work;
const clients = {};

// Fixture SQL on the server's database (SQLite or PostgreSQL pass).
function sql(statement) {
  return s.sql(statement);
}

function vips(...args) {
  const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// An EXIF APP1 segment (big-endian TIFF) with a camera make and a GPS
// latitude, written by hand so that the test owns every byte.
function exifSegment() {
  const t = Buffer.alloc(100);
  t.write('MM', 0, 'latin1');
  t.writeUInt16BE(42, 2);
  t.writeUInt32BE(8, 4);
  // IFD0 at 8: Make (ASCII, 7 bytes at 38), GPSInfo (LONG -> 46).
  t.writeUInt16BE(2, 8);
  t.writeUInt16BE(0x010f, 10); t.writeUInt16BE(2, 12); t.writeUInt32BE(7, 14); t.writeUInt32BE(38, 18);
  t.writeUInt16BE(0x8825, 22); t.writeUInt16BE(4, 24); t.writeUInt32BE(1, 26); t.writeUInt32BE(46, 30);
  t.writeUInt32BE(0, 34);
  t.write('SpyCam\0', 38, 'latin1');
  // GPS IFD at 46: LatitudeRef "N", Latitude (3 RATIONAL at 76).
  t.writeUInt16BE(2, 46);
  t.writeUInt16BE(1, 48); t.writeUInt16BE(2, 50); t.writeUInt32BE(2, 52); t.write('N\0\0\0', 56, 'latin1');
  t.writeUInt16BE(2, 60); t.writeUInt16BE(5, 62); t.writeUInt32BE(3, 64); t.writeUInt32BE(76, 68);
  t.writeUInt32BE(0, 72);
  [[48, 1], [51, 1], [2999, 100]].forEach(([n, d], i) => {
    t.writeUInt32BE(n, 76 + 8 * i);
    t.writeUInt32BE(d, 80 + 8 * i);
  });
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xffe1, 0);
  head.writeUInt16BE(2 + 6 + t.length, 2);
  return Buffer.concat([head, Buffer.from('Exif\0\0', 'latin1'), t]);
}

const chunk = pngChunk;

// A valid PNG header claiming w x h pixels, with a few bytes of data.
function pngBomb(w, h) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

const upload = uploadMedia;

function getRaw(p) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: s.port, path: p }, (res) => {
      const bufs = [];
      res.on('data', (d) => bufs.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(bufs) }));
    }).on('error', reject);
  });
}

function mediaDirs() {
  try {
    return readdirSync(path.join(s.dataDir, 'media'));
  } catch {
    return [];
  }
}

let gpsJpeg;

before(async () => {
  s = await startServer();
  work = tempDir('nutgraf-media-');
  for (const role of ['editor', 'contributor']) {
    addUser(s, `m-${role}`, role);
    clients[role] = new Client(s);
    const r = await clients[role].login(`m-${role}`);
    assert.equal(r.status, 303, `login as ${role}`);
  }
  // A 1200x800 JPEG from vips, then our EXIF right after SOI.
  const plain = path.join(work, 'plain.jpg');
  vips('vips', 'black', plain, '1200', '800', '--bands', '3');
  const jpg = readFileSync(plain);
  gpsJpeg = Buffer.concat([jpg.subarray(0, 2), exifSegment(), jpg.subarray(2)]);
  writeFileSync(path.join(work, 'gps.jpg'), gpsJpeg);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('the test JPEG really carries EXIF GPS', () => {
  const head = vips('vipsheader', '-a', path.join(work, 'gps.jpg'));
  assert.match(head, /GPSLatitude/);
  assert.match(head, /SpyCam/);
});

test('an editor uploads a JPEG: variants in JPEG and WebP, metadata gone', async () => {
  const c = clients.editor;
  const r = await upload(c, { alt: 'A black rectangle', caption: 'Night falls', credit: 'Test Desk' },
    { name: 'holiday.jpg', type: 'image/jpeg', data: gpsJpeg });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, '/admin/media/?msg=added');
  const row = sql("SELECT path, mime, width, height, alt, caption, credit FROM media WHERE alt = 'A black rectangle'");
  const [p, mime, w, h, alt, caption, credit] = row.split('|');
  assert.match(p, /^[0-9a-f]{16}\/1200\.jpg$/);
  assert.deepEqual([mime, w, h, alt, caption, credit], ['image/jpeg', '1200', '800', 'A black rectangle', 'Night falls', 'Test Desk']);
  const key = p.split('/')[0];
  const files = readdirSync(path.join(s.dataDir, 'media', key)).sort();
  assert.deepEqual(files, ['1200.jpg', '1200.webp', '480.jpg', '480.webp', '960.jpg', '960.webp']);
  for (const f of files) {
    const full = path.join(s.dataDir, 'media', key, f);
    const bytes = readFileSync(full);
    assert.equal(bytes.includes('SpyCam'), false, `${f} keeps the camera make`);
    assert.equal(bytes.includes('Exif'), false, `${f} keeps an EXIF block`);
    const head = vips('vipsheader', '-a', full);
    assert.doesNotMatch(head, /GPS|exif-/i, `${f}: ${head}`);
    const width = Number(f.split('.')[0]);
    assert.match(head, new RegExp(`^${full.replace(/[/.]/g, '\\$&')}: ${width}x${width * 2 / 3} `, 'm'));
  }
  // Served with the right type and a long cache.
  let g = await getRaw(`/media/${key}/960.webp`);
  assert.equal(g.status, 200);
  assert.equal(g.headers['content-type'], 'image/webp');
  assert.match(g.headers['cache-control'], /max-age=31536000/);
  assert.equal(g.body.subarray(8, 12).toString('latin1'), 'WEBP');
  g = await getRaw(`/media/${key}/480.jpg`);
  assert.equal(g.status, 200);
  assert.equal(g.headers['content-type'], 'image/jpeg');
  assert.equal(g.body[0], 0xff);
  // The library lists it with a srcset.
  const lib = await c.get('/admin/media/');
  assert.equal(lib.status, 200);
  assert.match(lib.body, new RegExp(`srcset="/media/${key}/480.jpg 480w,/media/${key}/960.jpg 960w,/media/${key}/1200.jpg 1200w"`));
  assert.match(lib.body, /Night falls/);
});

test('/media/ serves only names it wrote', async () => {
  const key = sql('SELECT substr(path, 1, 16) FROM media LIMIT 1');
  for (const p of [`/media/${key}/961.jpg`, `/media/${key}/480.png`, `/media/${key}/0480.jpg`,
    `/media/${key.toUpperCase()}/480.jpg`, `/media/${key}x/480.jpg`, '/media/nutgraf.db',
    `/media/${key}/..%2f..%2fnutgraf.db`, '/media/../nutgraf.db', `/media/${key}/480.jpg/`]) {
    const r = await getRaw(p);
    assert.ok(r.status >= 300 && r.status !== 304, `${p}: ${r.status}`);
    assert.doesNotMatch(String(r.headers['content-type']), /^image\//, p);
  }
});

test('a text file named .jpg is refused with a clear message', async () => {
  const before_ = mediaDirs().length;
  const n = sql('SELECT count(*) FROM media');
  const r = await upload(clients.editor, { alt: 'x' },
    { name: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('just some text, not a photo\n') });
  assert.equal(r.status, 415);
  assert.match(r.body, /Not a JPEG, PNG, WebP or GIF image\./);
  assert.equal(sql('SELECT count(*) FROM media'), n);
  assert.equal(mediaDirs().length, before_, 'nothing left on disk');
});

test('a decompression bomb is refused from its header', async () => {
  const n = sql('SELECT count(*) FROM media');
  const before_ = mediaDirs().length;
  const t0 = Date.now();
  const r = await upload(clients.editor, {},
    { name: 'bomb.png', type: 'image/png', data: pngBomb(100000, 100000) });
  assert.equal(r.status, 413);
  assert.match(r.body, /too large \(100000 x 100000 pixels; at most 50 megapixels/);
  assert.ok(Date.now() - t0 < 5000, 'refused without decoding');
  assert.equal(sql('SELECT count(*) FROM media'), n);
  assert.equal(mediaDirs().length, before_);
});

test('uploads need a file, a multipart form and the CSRF token', async () => {
  let r = await upload(clients.editor, { alt: 'no file' }, null);
  assert.equal(r.status, 400);
  assert.match(r.body, /Choose an image file/);
  r = await upload(clients.editor, {}, { name: 'a.jpg', type: 'image/jpeg', data: gpsJpeg }, { csrf: null });
  assert.equal(r.status, 403);
  r = await upload(clients.editor, {}, { name: 'a.jpg', type: 'image/jpeg', data: gpsJpeg }, { csrf: 'f'.repeat(64) });
  assert.equal(r.status, 403);
  r = await clients.editor.postForm('/admin/media/', { alt: 'urlencoded' });
  assert.equal(r.status, 400);
  assert.match(r.body, /multipart/);
});

test('contributors have no media library, as in WordPress (no upload_files)', async () => {
  const c = clients.contributor;
  const lib = await c.get('/admin/media/');
  assert.equal(lib.status, 403);
  const dash = await c.get('/admin/');
  assert.doesNotMatch(dash.body, /href="\/admin\/media\/"/, 'no Media link in their menu');
  const own = await c.postForm('/admin/articles/new/', { title: 'Contributor draft', body: 'x', action: 'save' });
  const ed = await c.get(`/admin/articles/${articleIdOf(own)}/`);
  assert.equal(ed.status, 200);
  assert.doesNotMatch(ed.body, /Featured image/, 'no featured-image panel');
  const n = sql('SELECT count(*) FROM media');
  const r = await upload(c, {}, { name: 'a.jpg', type: 'image/jpeg', data: gpsJpeg });
  assert.equal(r.status, 403);
  assert.equal(sql('SELECT count(*) FROM media'), n);
  const anon = await new Client(s).get('/admin/media/');
  assert.equal(anon.status, 303);
});

test('a featured image shows on the article and the front page', async () => {
  const c = clients.editor;
  let r = await c.postForm('/admin/articles/new/', { title: 'Pictured story', body: 'Words.', action: 'publish' });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  assert.ok(id > 0);
  // Upload straight from the editor's panel.
  const ed = await c.get(`/admin/articles/${id}/`);
  assert.match(ed.body, /Featured image/);
  r = await upload(c, { article: String(id), alt: 'Lead picture', caption: 'Seen at dusk', credit: 'Photo: Desk' },
    { name: 'lead.png', type: 'image/png', data: readFileSync(path.join(work, 'plain.jpg')) });
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, `/admin/articles/${id}/?msg=saved`);
  const mid = sql(`SELECT featured_media_id FROM articles WHERE id = ${id}`);
  assert.equal(sql(`SELECT alt FROM media WHERE id = ${mid}`), 'Lead picture');
  const key = sql(`SELECT substr(path, 1, 16) FROM media WHERE id = ${mid}`);
  const slugPath = sql(`SELECT strftime('/%Y/%m/', published_at, 'unixepoch') || slug || '/' FROM articles WHERE id = ${id}`);
  const page = await c.get(slugPath);
  assert.equal(page.status, 200);
  assert.match(page.body, new RegExp(`<source type="image/webp" srcset="/media/${key}/480.webp 480w,/media/${key}/960.webp 960w,/media/${key}/1200.webp 1200w"`));
  assert.match(page.body, new RegExp(`<img src="/media/${key}/1200.jpg" srcset="/media/${key}/480.jpg 480w,`));
  assert.match(page.body, /alt="Lead picture"/);
  assert.match(page.body, /<figcaption>Seen at dusk <span class="credit">Photo: Desk<\/span><\/figcaption>/);
  assert.match(page.body, new RegExp(`og:image" content="[^"]*/media/${key}/1200.jpg"`));
  const front = await c.get('/');
  assert.match(front.body, new RegExp(`<picture>\\s*<source type="image/webp" srcset="/media/${key}/480.webp`));
  // Feeds carry it as an enclosure with its real size in bytes.
  const bytes = statSync(path.join(s.dataDir, 'media', key, '1200.jpg')).size;
  const rss = (await c.get('/feed/')).body;
  assert.match(rss, new RegExp(`<enclosure url="[^"]*/media/${key}/1200.jpg" length="${bytes}" type="image/jpeg"/>`));
  const atom = (await c.get('/feed/atom/')).body;
  assert.match(atom, new RegExp(`<link rel="enclosure" type="image/jpeg" length="${bytes}" href="[^"]*/media/${key}/1200.jpg"/>`));
  const jf = JSON.parse((await c.get('/feed.json')).body);
  const item = jf.items.find((i) => i.title === 'Pictured story');
  assert.equal(item.attachments[0].size_in_bytes, bytes);
  // Cleared from the editor: gone from the page.
  r = await c.postForm(`/admin/articles/${id}/featured/`, { media: '0' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT count(*) FROM articles WHERE id = ${id} AND featured_media_id IS NULL`), '1');
  assert.doesNotMatch((await c.get(slugPath)).body, /<picture>/);
  // A contributor cannot set it on someone else's article.
  r = await clients.contributor.postForm(`/admin/articles/${id}/featured/`, { media: mid });
  assert.equal(r.status, 403);
});

// Item 2 of the newsroom follow-up: the editor lists the shortcodes of
// the stored body that the site leaves out.
test('the editor lists shortcode warnings of the stored body', async () => {
  const c = clients.editor;
  const r = await c.postForm('/admin/articles/new/', { title: 'Shortcode trouble', body: 'Intro.\n\n[slider id="999999"]\n' });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  const ed = await c.get(`/admin/articles/${id}/`);
  assert.match(ed.body, /<li>Line 3: \[slider\] was left out: there is no such slider\.<\/li>/);
  const ok = await c.postForm('/admin/articles/new/', { title: 'Shortcode fine', body: 'Plain words.' });
  assert.doesNotMatch((await c.get(`/admin/articles/${articleIdOf(ok)}/`)).body, /sc-warnings/);
});

test('the live preview renders shortcodes as the site does', async () => {
  const c = clients.editor;
  const r = await c.postForm('/admin/preview', { body: 'Before.\n\n[slider id="999999"]\n\n*After*' });
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.body, /\[slider/);
  assert.match(r.body, /<em>After<\/em>/);
  const esc = await c.postForm('/admin/preview', { body: '<script>alert(1)</script>' });
  assert.doesNotMatch(esc.body, /<script>/);
});
