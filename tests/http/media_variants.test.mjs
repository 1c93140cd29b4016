// Deferred image variants (src/media/media.h, media_store_deferred()):
// a WordPress import with --uploads keeps each image's original and
// only reads its header, so pages show width, height and srcset before
// any variant exists; a variant is made on its first request (once,
// however many ask at once) and kept; the background job (jobs/warm.h)
// makes the rest.  PNG and still GIF graphics stay lossless (PNG and
// lossless WebP variants); an animated GIF keeps its animation (GIF
// and animated WebP variants).  SQLite and, with NUTGRAF_TEST_PG, on
// PostgreSQL, where the made variants go into the database too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { run, startServer, tempDir, writeConfig, until, assertNoSanitizerReport, PG_DIR } from '../lib/nutgraf.mjs';
import { gradientPng } from '../lib/newsroom.mjs';

// --- images written by the test ---------------------------------------

// A GIF of frames (each an array of palette indexes, w x h) over a
// 128-colour palette: LZW with 8-bit codes and a clear code every 100
// pixels, so the code width never grows (valid, uncompressed).
function gif(w, h, frames, palette) {
  const b = [];
  const u16 = (v) => b.push(v & 255, v >> 8);
  b.push(...Buffer.from('GIF89a', 'latin1'));
  u16(w); u16(h);
  b.push(0xf6, 0, 0);
  for (let i = 0; i < 128; i++) b.push(...(palette[i] || [0, 0, 0]));
  b.push(0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0', 'latin1'), 3, 1, 0, 0, 0);
  for (const px of frames) {
    b.push(0x21, 0xf9, 4, 0); u16(20); b.push(0, 0);
    b.push(0x2c); u16(0); u16(0); u16(w); u16(h); b.push(0);
    const codes = [];
    for (let i = 0; i < px.length; i++) {
      if (i % 100 === 0) codes.push(128);
      codes.push(px[i]);
    }
    codes.push(129);
    b.push(7);
    for (let i = 0; i < codes.length; i += 255) {
      const part = codes.slice(i, i + 255);
      b.push(part.length, ...part);
    }
    b.push(0);
  }
  b.push(0x3b);
  return Buffer.from(b);
}

// Image descriptors of a GIF: its frames.
function gifFrames(buf) {
  let i = 6 + 7;
  const gctf = buf[10] & 0x80;
  if (gctf) i += 3 * (2 << (buf[10] & 7));
  let frames = 0;
  while (i < buf.length) {
    const t = buf[i];
    if (t === 0x3b) break;
    if (t === 0x21) {
      i += 2;
      while (buf[i] !== 0) i += buf[i] + 1;
      i++;
    } else if (t === 0x2c) {
      frames++;
      const packed = buf[i + 9];
      i += 10;
      if (packed & 0x80) i += 3 * (2 << (packed & 7));
      i++; // LZW minimum code size
      while (buf[i] !== 0) i += buf[i] + 1;
      i++;
    } else throw new Error(`bad GIF block ${t} at ${i}`);
  }
  return frames;
}

// Width and height of a JPEG from its SOF segment.
function jpegSize(buf) {
  let i = 2;
  while (i < buf.length) {
    const m = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc)
      return { width: buf.readUInt16BE(i + 7), height: buf.readUInt16BE(i + 5) };
    i += 2 + len;
  }
  throw new Error('no SOF');
}

// The pixels of an 8-bit, non-interlaced RGB or RGBA PNG as RGB rows.
function pngPixels(buf) {
  assert.equal(buf.subarray(0, 8).toString('latin1'), '\x89PNG\r\n\x1a\n');
  let i = 8, w = 0, h = 0, ct = 0;
  const idat = [];
  while (i < buf.length) {
    const len = buf.readUInt32BE(i);
    const type = buf.subarray(i + 4, i + 8).toString('latin1');
    const data = buf.subarray(i + 8, i + 8 + len);
    if (type === 'IHDR') {
      w = data.readUInt32BE(0); h = data.readUInt32BE(4);
      assert.equal(data[8], 8, 'bit depth');
      ct = data[9];
      assert.equal(data[12], 0, 'not interlaced');
    } else if (type === 'IDAT') idat.push(data);
    i += 12 + len;
  }
  const bpp = ct === 6 ? 4 : ct === 2 ? 3 : 0;
  assert.ok(bpp, `colour type ${ct}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = w * bpp;
  const out = Buffer.alloc(w * h * 3);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? line[x - bpp] : 0, b = prev[x], c = x >= bpp ? prev[x - bpp] : 0;
      let p = 0;
      if (f === 1) p = a;
      else if (f === 2) p = b;
      else if (f === 3) p = (a + b) >> 1;
      else if (f === 4) {
        const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (line[x] + p) & 255;
    }
    for (let x = 0; x < w; x++)
      for (let k = 0; k < 3; k++) out[(y * w + x) * 3 + k] = line[x * bpp + k];
    prev = line;
  }
  return { w, h, px: out };
}

// --- the site ----------------------------------------------------------

const item = (id, title, file) => `
	<item><title><![CDATA[${title}]]></title>
		<dc:creator><![CDATA[mara]]></dc:creator>
		<guid isPermaLink="false">https://old.example/wp-content/uploads/2026/01/${file}</guid>
		<content:encoded><![CDATA[]]></content:encoded>
		<excerpt:encoded><![CDATA[${title} caption]]></excerpt:encoded>
		<wp:post_id>${id}</wp:post_id>
		<wp:post_date><![CDATA[2026-01-10 09:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2026-01-10 09:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[${file.replace('.', '-')}]]></wp:post_name>
		<wp:status><![CDATA[inherit]]></wp:status>
		<wp:post_parent>101</wp:post_parent>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:attachment_url><![CDATA[https://old.example/wp-content/uploads/2026/01/${file}]]></wp:attachment_url>
		<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[${title} alt]]></wp:meta_value></wp:postmeta>
	</item>`;

const wxr = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Variants</title><link>https://old.example</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://old.example</wp:base_site_url>
	<wp:base_blog_url>https://old.example</wp:base_blog_url>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[mara]]></wp:author_login><wp:author_display_name><![CDATA[Mara Quill]]></wp:author_display_name></wp:author>
	${item(20, 'Photo', 'photo.jpg')}
	${item(21, 'Chart', 'chart.png')}
	${item(22, 'Spinner', 'spinner.gif')}
	${item(23, 'Still', 'still.gif')}
	<item><title><![CDATA[Pictures of the harbour]]></title>
		<link>https://old.example/2026/01/10/pictures/</link>
		<dc:creator><![CDATA[mara]]></dc:creator>
		<guid isPermaLink="false">https://old.example/?p=101</guid>
		<content:encoded><![CDATA[The lead.

<img class="wp-image-21" src="https://old.example/wp-content/uploads/2026/01/chart-300x200.png" alt="Chart alt" width="300" height="200" />

<img class="wp-image-22" src="https://old.example/wp-content/uploads/2026/01/spinner.gif" alt="Spinner alt" />]]></content:encoded>
		<wp:post_id>101</wp:post_id>
		<wp:post_date><![CDATA[2026-01-10 10:30:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2026-01-10 10:30:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[pictures]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[20]]></wp:meta_value></wp:postmeta>
	</item>
</channel></rss>
`;

const chart = gradientPng(300, 200);
const palette = [[200, 30, 30], [30, 200, 30], [30, 30, 200], [250, 250, 250]];
const W = 40, H = 30;
const frameA = Array.from({ length: W * H }, (_, i) => ((i % W) < W / 2 ? 0 : 1));
const frameB = Array.from({ length: W * H }, (_, i) => ((i % W) < W / 2 ? 2 : 3));

let dir, data, s, keys;

function vipsBlack(file, w, h) {
  const r = spawnSync('vips', ['black', `${file}[Q=80]`, String(w), String(h), '--bands', '3'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

function mediaFiles(key) {
  const d = path.join(data, 'media', key);
  return existsSync(d) ? readdirSync(d).filter((f) => !f.startsWith('.')).sort() : [];
}

async function get(u) {
  const res = await fetch(s.url + u);
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  dir = tempDir('nutgraf-variants-');
  data = path.join(dir, 'data');
  const up = path.join(dir, 'uploads', '2026', '01');
  mkdirSync(up, { recursive: true });
  vipsBlack(path.join(up, 'photo.jpg'), 1200, 800);
  writeFileSync(path.join(up, 'chart.png'), chart);
  writeFileSync(path.join(up, 'spinner.gif'), gif(W, H, [frameA, frameB], palette));
  writeFileSync(path.join(up, 'still.gif'), gif(W, H, [frameA], palette));
  writeFileSync(path.join(dir, 'site.xml'), wxr);
  const r = run(['import', 'wordpress', path.join(dir, 'site.xml'), '--uploads', path.join(dir, 'uploads'), '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /media\s+4\s+0\s+0/, r.stdout);
  // No background job here: every variant is made by a request.
  const conf = writeConfig(dir, 'media_warm = 0\nlog_level = debug\n');
  s = await startServer({ demo: false, data, args: ['--config', conf] });
  keys = {};
  for (const line of s.sql('SELECT alt, path, pending FROM media ORDER BY id').split('\n')) {
    const [alt, p, pending] = line.split('|');
    keys[alt.replace(' alt', '')] = { key: p.split('/')[0], path: p, pending: Number(pending) };
  }
});

after(async () => {
  if (s) {
    const { code, log } = await s.stop({ keepData: true });
    assertNoSanitizerReport(log);
    assert.equal(code, 0);
  }
  rmSync(dir, { recursive: true, force: true });
});

test('the import keeps originals only, marked pending, with the dimensions of their headers', () => {
  assert.deepEqual(Object.keys(keys).sort(), ['Chart', 'Photo', 'Spinner', 'Still']);
  for (const [name, k] of Object.entries(keys)) {
    assert.equal(k.pending, 1, name);
    assert.deepEqual(mediaFiles(k.key), ['orig'], name);
  }
  assert.match(keys.Photo.path, /\/1200\.jpg$/);
  assert.match(keys.Chart.path, /\/300\.png$/, 'a PNG stays PNG');
  assert.match(keys.Still.path, /\/40\.png$/, 'a still GIF becomes a lossless PNG');
  assert.match(keys.Spinner.path, /\/40\.gif$/, 'an animated GIF stays a GIF');
  assert.equal(s.sql(`SELECT width, height FROM media WHERE path = '${keys.Photo.path}'`), '1200|800');
  // The original is never served: it has the camera's metadata.
  return get(`/media/${keys.Photo.key}/orig`).then((r) => assert.equal(r.status, 404));
});

test('the page shows width, height and srcset before any variant exists', async () => {
  const res = await fetch(s.url + '/2026/01/10/pictures/');
  assert.equal(res.status, 200);
  const html = await res.text();
  const p = keys.Photo.key, c = keys.Chart.key, g = keys.Spinner.key;
  // The featured photo: JPEG and WebP at each width up to 1200.
  assert.match(html, new RegExp(`srcset="/media/${p}/480\\.jpg 480w,/media/${p}/960\\.jpg 960w,/media/${p}/1200\\.jpg 1200w"`));
  assert.match(html, new RegExp(`<img[^>]*src="/media/${p}/1200\\.jpg"[^>]*width="1200" height="800"|<img[^>]*width="1200" height="800"[^>]*src="/media/${p}/1200\\.jpg"`));
  // Body images: the chart as PNG, the spinner as GIF, WebP beside both.
  assert.match(html, new RegExp(`<source type="image/webp" srcset="/media/${c}/300\\.webp 300w"[^>]*><img src="/media/${c}/300\\.png" srcset="/media/${c}/300\\.png 300w" sizes="[^"]+" width="300" height="200"`));
  assert.match(html, new RegExp(`<img src="/media/${g}/40\\.gif" srcset="/media/${g}/40\\.gif 40w" sizes="[^"]+" width="40" height="30"`));
  for (const k of Object.values(keys)) assert.deepEqual(mediaFiles(k.key), ['orig'], 'a page makes nothing');
});

test('a variant is made on its first request, kept, and served the same the second time', async () => {
  const p = keys.Photo.key;
  const first = await get(`/media/${p}/960.jpg`);
  assert.equal(first.status, 200);
  assert.equal(first.type, 'image/jpeg');
  assert.deepEqual(jpegSize(first.body), { width: 960, height: 640 });
  assert.ok(mediaFiles(p).includes('960.jpg'), 'kept on disk');
  if (PG_DIR)
    assert.equal(s.sql(`SELECT length(bytes) FROM media_files WHERE media_key = '${p}' AND name = '960.jpg'`),
      String(first.body.length), 'kept in the database');
  const second = await get(`/media/${p}/960.jpg`);
  assert.equal(second.status, 200);
  assert.ok(second.body.equals(first.body), 'the same bytes');
  // Only the variants there are: no upscaled 1600 of a 1200 px photo.
  assert.equal((await get(`/media/${p}/1600.jpg`)).status, 404);
  assert.equal((await get(`/media/${p}/960.png`)).status, 404, 'a photo has no PNG variants');
  assert.equal((await get(`/media/${p}/961.jpg`)).status, 404);
});

test('concurrent first requests for one variant get identical bytes, made once', async () => {
  const p = keys.Photo.key;
  const all = await Promise.all(Array.from({ length: 8 }, () => get(`/media/${p}/480.webp`)));
  for (const r of all) {
    assert.equal(r.status, 200);
    assert.equal(r.type, 'image/webp');
    assert.ok(r.body.equals(all[0].body), 'identical bytes');
  }
  assert.equal(all[0].body.subarray(8, 12).toString('latin1'), 'WEBP');
  const made = s.log().match(new RegExp(`media: made ${p}/480\\.webp`, 'g')) || [];
  assert.equal(made.length, 1, 'made once');
});

test('a PNG graphic stays lossless: PNG with the same pixels, lossless WebP', async () => {
  const c = keys.Chart.key;
  const r = await get(`/media/${c}/300.png`);
  assert.equal(r.status, 200);
  assert.equal(r.type, 'image/png');
  const got = pngPixels(r.body);
  const want = pngPixels(chart);
  assert.equal(got.w, 300);
  assert.equal(got.h, 200);
  assert.ok(got.px.equals(want.px), 'every pixel as uploaded');
  const w = await get(`/media/${c}/300.webp`);
  assert.equal(w.status, 200);
  assert.equal(w.type, 'image/webp');
  assert.ok(w.body.includes(Buffer.from('VP8L')), 'lossless WebP');
  assert.ok(!w.body.includes(Buffer.from('VP8 ')), 'no lossy frame');
  assert.equal((await get(`/media/${c}/300.jpg`)).status, 404, 'no JPEG of a graphic');
  // A still GIF: a lossless PNG with its pixels.
  const st = await get(`/media/${keys.Still.key}/40.png`);
  assert.equal(st.status, 200);
  const sp = pngPixels(st.body);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const want = palette[frameA[y * W + x]];
      assert.deepEqual([...sp.px.subarray((y * W + x) * 3, (y * W + x) * 3 + 3)], want, `${x},${y}`);
    }
});

test('an animated GIF keeps its animation: GIF and animated WebP', async () => {
  const g = keys.Spinner.key;
  const r = await get(`/media/${g}/40.gif`);
  assert.equal(r.status, 200);
  assert.equal(r.type, 'image/gif');
  assert.equal(gifFrames(r.body), 2);
  assert.equal(r.body.readUInt16LE(6), 40);
  assert.equal(r.body.readUInt16LE(8), 30);
  const w = await get(`/media/${g}/40.webp`);
  assert.equal(w.status, 200);
  assert.equal(w.type, 'image/webp');
  assert.ok(w.body.includes(Buffer.from('ANIM')), 'an animated WebP');
  assert.equal(w.body.toString('latin1').split('ANMF').length - 1, 2, 'two frames');
  assert.equal((await get(`/media/${g}/40.png`)).status, 404);
});

test('the background job makes every missing variant and clears the marks', async () => {
  // The same site, now with the job looking every second.
  const { code } = await s.stop({ keepData: true });
  assert.equal(code, 0);
  const conf = writeConfig(dir, 'media_warm = 1\n');
  s = await startServer({ demo: false, data, args: ['--config', conf] });
  const want = {
    Photo: ['1200.jpg', '1200.webp', '480.jpg', '480.webp', '960.jpg', '960.webp', 'orig'],
    Chart: ['300.png', '300.webp', 'orig'],
    Still: ['40.png', '40.webp', 'orig'],
    Spinner: ['40.gif', '40.webp', 'orig'],
  };
  // At nice 19 the job waits for whatever else the machine runs.
  await until('every variant made', () =>
    Object.entries(want).every(([n, files]) => JSON.stringify(mediaFiles(keys[n].key)) === JSON.stringify(files)), 120000);
  await until('no image pending', () => s.sql('SELECT count(*) FROM media WHERE pending = 1') === '0', 120000);
  await until('the job says it is done', () => /media: variants of 4 images made/.test(s.log()), 120000);
  if (PG_DIR)
    assert.equal(s.sql(`SELECT count(*) FROM media_files WHERE media_key = '${keys.Photo.key}'`), '7',
      'the variants and the original in the database');
  // What a request made before is the same file the job left alone.
  const r = await get(`/media/${keys.Photo.key}/1200.webp`);
  assert.equal(r.status, 200);
});
