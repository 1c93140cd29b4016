// WordPress import: import the fixture export with the CLI,
// then fetch every old URL from a real server; hostile files import
// nothing; a second import adds no duplicates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { run, startServer, tempDir, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.join(root, 'tests', 'import', 'site-1.2.xml');

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (const b of buf) {
    c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

// A small RGB PNG for the uploads directory.
function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h, 120);
  for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function setup() {
  const data = tempDir('nutgraf-wp-');
  const uploads = tempDir('nutgraf-up-');
  mkdirSync(path.join(uploads, '2026', '01'), { recursive: true });
  writeFileSync(path.join(uploads, '2026', '01', 'harbour.png'), png(64, 48));
  return { data, uploads };
}

test('import wordpress: summary, every old URL, no duplicates on re-import', async () => {
  const { data, uploads } = setup();
  // --data before the subcommand: options go anywhere on the line.
  let r = run(['import', '--data', data, 'wordpress', fixture, '--uploads', uploads]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /articles\s+6\s+0\s+1/);
  assert.match(r.stdout, /pages\s+2\s+0\s+0/);
  assert.match(r.stdout, /comments\s+4\s+0\s+1/);
  assert.match(r.stdout, /media\s+1\s+0\s+1/);
  assert.match(r.stdout, /menu items\s+5/);
  assert.match(r.stdout, /1 items of post type `product`/);
  assert.match(r.stdout, /pingbacks and trackbacks/);
  assert.match(r.stdout, /core\/latest-posts/);
  assert.match(r.stdout, /missing media: https:\/\/gazette.example\/files\/2025\/12\/lost.jpg \(used by "Ferry timetable changes"\)/);
  assert.match(r.stdout, /\[mc4wp_form\] was left out/);
  assert.match(r.stdout, /permalink structure set to \/%year%\/%monthnum%\/%day%\/%postname%\//);

  r = run(['import', 'wordpress', fixture, '--uploads', uploads, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /articles\s+0\s+6\s+1/);
  assert.match(r.stdout, /comments\s+0\s+4\s+1/);

  const s = await startServer({ demo: false, data });
  try {
    const get = (u) => fetch(s.url + u, { redirect: 'manual' });
    const ok = ['/2026/01/10/ferry-timetable-changes/', '/2026/02/03/council-quay-vote/',
      '/about/', '/about/team/', '/category/local/', '/category/news/local/',
      '/category/opinion/', '/tag/ferries/', '/author/mara/', '/author/tom-b/', '/feed/', '/2026/01/'];
    for (const u of ok) assert.equal((await get(u)).status, 200, u);
    const moved = {
      '/?p=101': '/2026/01/10/ferry-timetable-changes/',
      '/?page_id=202': '/about/team/',
      '/2026/01/10/ferry-times/': '/2026/01/10/ferry-timetable-changes/',
    };
    for (const [u, to] of Object.entries(moved)) {
      const res = await get(u);
      assert.equal(res.status, 301, u);
      assert.equal(new URL(res.headers.get('location'), s.url).pathname, to, u);
    }
    // The image and its sized copy answer with the library's file.
    for (const u of ['/?attachment_id=20', '/wp-content/uploads/2026/01/harbour-300x200.png']) {
      const res = await get(u);
      assert.equal(res.status, 301, u);
      assert.match(res.headers.get('location'), /\/media\//);
    }
    // Never public: private, scheduled, draft, pending, trash.
    for (const u of ['/2026/02/12/private-memo/', '/2030/06/01/festival-preview/',
      '/2026/02/13/binned__trashed/', '/?p=104', '/?p=105', '/?p=107'])
      assert.notEqual((await get(u)).status, 200, u);

    const body = await (await get('/2026/01/10/ferry-timetable-changes/')).text();
    const story = body.slice(body.indexOf('<div class="story-body">'));
    // (Shown as a <picture> of its variants: media/pictures.h.)
    assert.match(story, /<figure class="sc-caption alignleft"><picture><source [^>]*><img [^>]*src="\/media\//);
    // [gallery] without ids: the images attached to the post; with
    // WordPress IDs: those of them imported (21 is missing).
    const galleries = story.match(/<ul class="sc-gallery">[\s\S]*?<\/ul>/g) || [];
    assert.equal(galleries.length, 2, story);
    for (const g of galleries)
      assert.equal((g.match(/<img src="\/media\/[^"]+" [^>]*alt="Boats in the harbour"/g) || []).length, 1, g);
    assert.match(story, /<figure class="sc-caption aligncenter"><a href="\/media\/[^"]+"><picture><source [^>]*><img [^>]*src="\/media\/[^>]*><\/picture><\/a><figcaption>Linked to the full photo<\/figcaption>/);
    // Another site's audio and video: a link, nothing fetched before it
    // is followed; YouTube: the click-to-load player.
    assert.match(story, /<a href="https:\/\/cdn.example\/ferry-horn.mp3" rel="external nofollow noopener">Listen to the audio on cdn.example<\/a>/);
    assert.match(story, /<a href="https:\/\/cdn.example\/crossing.mp4" rel="external nofollow noopener">Watch the video on cdn.example<\/a>/);
    assert.match(story, /class="sc-video"/);
    assert.ok(!/<(audio|video|iframe)[\s>]/.test(story), 'no player loads anything');
    assert.match(story, /<a href="\/media\/[^"]+">full photo<\/a>/);
    assert.match(story, /\[sic\]/);
    assert.match(story, /Inside a page builder/);
    assert.match(story, /<p>The winter timetable starts on <strong>Monday<\/strong>.<br>\nBoats leave every hour.<\/p>/);
    for (const bad of ['<script', 'onclick', '[toc]', '[mc4wp_form', '[vc_row', '[/vc_',
      '[gallery', '[audio', '[video', '[embed', '[/', '[caption',
      '<!--more', 'nextpage', 'imported script'])
      assert.ok(!story.includes(bad), bad);
    // Comments: the approved ones, threaded; never the email or IP.
    assert.match(body, /About time the timetable changed/);
    assert.match(body, /a reply in the thread/);
    assert.ok(!body.includes('waiting for moderation'));
    assert.ok(!body.includes('Buy now'));
    assert.ok(!body.includes('ann@reader.example'));
    assert.ok(!body.includes('192.0.2.10'));
    assert.ok(!body.includes('the Gazette reports new ferry times'));

    const blocks = await (await get('/2026/02/03/council-quay-vote/')).text();
    assert.match(blocks, /<table>/);
    assert.match(blocks, /youtube/i);
    assert.ok(!/wp:|<!-- \/?wp/.test(blocks));
    // The imported menu is the primary one, in the masthead.
    const front = await (await get('/')).text();
    assert.match(front, /href="https:\/\/tides.example\/harbour"/);
    assert.match(front, /href="\/about\/team\/"/);
    // The sticky post leads the front page, older as it is, and says
    // it is pinned; the newer story follows.
    const lead = front.match(/<section class="lead"[\s\S]*?<\/section>/);
    assert.ok(lead, 'a lead story');
    assert.match(lead[0], /class="lead-story card-pinned"/);
    assert.match(lead[0], /<p class="pinned">Pinned<\/p>/);
    assert.match(lead[0], /ferry-timetable-changes/);
    assert.ok(front.indexOf('ferry-timetable-changes') <
        front.indexOf('council-quay-vote'));
    assert.equal((front.match(/class="pinned"/g) || []).length, 1);
    // The import indexes its articles for search in one go at its end
    // (by title, body and tag), on every backend.
    const found = await (await get('/search?q=timetable')).text();
    assert.match(found, /ferry-timetable-changes/);
    const byBody = await (await get('/search?q=quay')).text();
    assert.match(byBody, /council-quay-vote/);
  } finally {
    const { log } = await s.stop({ keepData: true });
    assertNoSanitizerReport(log);
    rmSync(data, { recursive: true, force: true });
    rmSync(uploads, { recursive: true, force: true });
  }
});

test('import wordpress: hostile and broken files import nothing', () => {
  const dir = tempDir('nutgraf-wph-');
  const data = path.join(dir, 'data');
  const cases = {
    'bomb.xml': '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss><channel><item><title>&b;</title></item></channel></rss>',
    'xxe.xml': '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title></item></channel></rss>',
    // A good post, then the file stops: the post must not be imported.
    'truncated.xml': '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:author><wp:author_login>eve</wp:author_login></wp:author>\n<item><title>Kept?</title><wp:post_id>9</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_name>kept</wp:post_name></item>\n<item><title>cut',
    'utf8.xml': '<?xml version="1.0" encoding="UTF-8"?><rss><channel><item><title>caf\xe9</title></item></channel></rss>',
  };
  try {
    for (const [name, text] of Object.entries(cases)) {
      const file = path.join(dir, name);
      writeFileSync(file, Buffer.from(text, 'latin1'));
      const t0 = Date.now();
      const r = run(['import', 'wordpress', file, '--data', data]);
      assert.equal(r.status, 1, `${name}: ${r.stdout}${r.stderr}`);
      assert.ok(Date.now() - t0 < 5000, name);
      assert.match(r.stderr, /Nothing was imported/, name);
      if (name !== 'bomb.xml' && name !== 'xxe.xml') assert.match(r.stderr, /line \d+, column \d+/, name);
    }
    const r = run(['article', 'list', '--data', data]);
    assert.ok(!/Kept\?/.test(r.stdout), r.stdout);
    const u = run(['user', 'list', '--data', data]);
    assert.ok(!/eve/.test(u.stdout), u.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('article add prints the shortcode warnings the web editor shows; [sic] stays', () => {
  const dir = tempDir('nutgraf-sc-');
  try {
    const body = path.join(dir, 'body.md');
    writeFileSync(body, 'Hello [toc] and [sic] [the junta] [1].\n\n[mc4wp_form]\n\n[vc_row][vc_column]Inside[/vc_column][/vc_row]\n');
    const r = run(['article', 'add', '--title', 'Brackets', '--body-file', body,
      '--data', path.join(dir, 'data')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /warning: Line 1: \[toc\] was left out/);
    assert.match(r.stderr, /warning: Line 3: \[mc4wp_form\] was left out/);
    assert.match(r.stderr, /\[vc_row\] was left out/);
    assert.ok(!/\[sic\]|\[the junta\]|\[1\]/.test(r.stderr), r.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
