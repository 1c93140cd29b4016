// WordPress import of the shapes real exports have and our own fixtures
// had not (tests/import/real-world.xml): fields wrapped over lines,
// <wp:term> categories and tags, slugs in another script, CDATA split
// around "]]>", the WXR namespace under another prefix.  Every old URL
// answers, the bodies keep their bytes, and a second import (also of
// our own export) adds nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, startServer, tempDir, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { gradientPng } from '../lib/newsroom.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.join(root, 'tests', 'import', 'real-world.xml');
const cdnFixture = path.join(root, 'tests', 'import', 'cdn-media.xml');

test('import wordpress: real-world shapes import whole, at their old URLs', async () => {
  const data = tempDir('nutgraf-wpr-');
  let r = run(['import', 'wordpress', fixture, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /articles\s+4\s+0\s+0/);
  assert.match(r.stdout, /users\s+1\s+0\s+0/);
  assert.match(r.stdout, /sections\s+4\s+0\s+0/);
  assert.match(r.stdout, /tags\s+1\s+0\s+0/);
  assert.match(r.stdout, /1 post tags with no Latin letter or digit \(left off\)/);
  assert.ok(!/refused|without a usable slug|taxonomy `(category|post_tag)`/.test(r.stdout), r.stdout);
  // A reader's comment typed "comment" is one; an editor's block note
  // (WordPress 6.9, type "note") is never a comment, not even held.
  assert.match(r.stdout, /comments\s+1\s+0\s+2/);
  assert.match(r.stdout, /1 comments of type `note` \(not readers'\)/);
  assert.match(r.stdout, /1 comments on pages \(pages take none\)/);
  assert.match(r.stdout, /pages\s+1\s+0\s+0/);
  const held = run(['comments', 'list', '--data', data]);
  assert.match(held.stdout, /Finally a later boat/);
  assert.ok(!/Sunday times/.test(held.stdout), held.stdout);
  // The login was wrapped over lines in the file.
  const users = run(['user', 'list', '--data', data]);
  assert.match(users.stdout, /^marta\.k\tauthor\t/m);
  assert.ok(!/intruder/.test(users.stdout), users.stdout);

  // Again, unchanged: everything matched, nothing added.
  r = run(['import', 'wordpress', fixture, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /articles\s+0\s+4\s+0/);
  assert.match(r.stdout, /sections\s+0\s+3\s+0/);
  assert.match(r.stdout, /comments\s+0\s+1\s+2/);

  const s = await startServer({ demo: false, data });
  try {
    const get = (u) => fetch(s.url + u, { redirect: 'manual' });
    for (const u of ['/2025/03/ferry-timetable-changes/', '/2025/03/harbour-master-retires/', '/contact/',
      '/category/ferries/', '/tag/timetables/', '/author/marta-k/'])
      assert.equal((await get(u)).status, 200, u);
    // A plain-permalink site's archive links: ?cat=ID, ?author=ID with
    // the WordPress IDs, ?tag=SLUG, ?feed=rss2.
    const plain = {
      '/?cat=31': '/category/ferries/', '/?author=4': '/author/marta-k/',
      '/?tag=timetables': '/tag/timetables/', '/?feed=rss2': '/feed/',
    };
    for (const [u, want] of Object.entries(plain)) {
      const res = await get(u);
      assert.equal(res.status, 301, u);
      assert.equal(new URL(res.headers.get('location'), s.url).pathname, want, u);
    }
    for (const u of ['/?cat=9999', '/?author=9999', '/?tag=no-such-tag'])
      assert.equal((await get(u)).status, 404, u);
    // The Cyrillic post: its old URL (either case of hex) and /?p=ID
    // answer 301 to its one nutgraf URL.
    const cyr = '%d0%bd%d0%be%d0%b2%d1%8b%d0%b9-%d0%bf%d1%80%d0%b8%d1%87%d0%b0%d0%bb';
    let to = null;
    for (const u of [`/2025/03/${cyr}/`, `/2025/03/${cyr.toUpperCase()}/`, '/?p=72']) {
      const res = await get(u);
      assert.equal(res.status, 301, u);
      const loc = new URL(res.headers.get('location'), s.url).pathname;
      if (to === null) to = loc;
      assert.equal(loc, to, u);
    }
    const page = await (await get(to)).text();
    assert.equal((await get(to)).status, 200, to);
    assert.match(page, /<p>Первая часть.<\/p>\s*<p>Вторая часть.<\/p>/);
    // Its section (slug in Cyrillic) was kept, under its parent.
    const kicker = page.match(/<p class="kicker"><a href="\/category\/([^"]+)\/">Мол<\/a>/);
    assert.ok(kicker, 'the post keeps its section');
    assert.match(kicker[1], /^section-[0-9a-f]{8}\/section-[0-9a-f]{8}$|^section-[0-9a-f]{8}$/);
    // WordPress 2.x's domain-less category and domain="tag" tag.
    const old = await (await get('/2025/03/old-harbour-wall/')).text();
    assert.match(old, /<p class="kicker"><a href="\/category\/harbour-history\/">Harbour History<\/a>/);
    assert.match(old, /<a href="\/tag\/stonework\/" rel="tag">stonework<\/a>/);
    const txt = await (await get('/2025/03/ferry-timetable-changes.txt')).text();
    assert.ok(txt.includes('Windows path: C:\\ferry\\new\\times and a quote: it\\\'s \\"late\\".'), txt);
    assert.ok(txt.includes('The marker ]]> closes nothing.'), txt);
    assert.match(txt, /By Marta K\./);
    for (const u of ['/2025/03/ferry-timetable-changes/', to]) {
      const b = await (await get(u)).text();
      assert.ok(!/<!-- \/?wp:|\[\/?\w+\]/.test(b.slice(b.indexOf('<div class="story-body">'))), u);
    }
  } finally {
    const { log } = await s.stop({ keepData: true });
    assertNoSanitizerReport(log);
  }

  // Our own export of it imports into an empty site the same.
  const out = path.join(data, 'export.xml');
  r = run(['export', 'wordpress', '--output', out, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  const data2 = tempDir('nutgraf-wpr2-');
  try {
    r = run(['import', 'wordpress', out, '--data', data2]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /articles\s+4\s+0\s+0/);
    assert.match(r.stdout, /sections\s+4\s+0\s+0/);
    const a1 = run(['article', 'list', '--data', data]).stdout;
    const a2 = run(['article', 'list', '--data', data2]).stdout;
    assert.equal(a2, a1);
  } finally {
    rmSync(data, { recursive: true, force: true });
    rmSync(data2, { recursive: true, force: true });
  }
});

test('import wordpress: media on a CDN host and a filtered export without its category list', async () => {
  const data = tempDir('nutgraf-wpc-');
  const uploads = tempDir('nutgraf-wpcu-');
  mkdirSync(path.join(uploads, '2025', '02'), { recursive: true });
  writeFileSync(path.join(uploads, '2025', '02', 'quay-at-dawn.png'), gradientPng(64, 48));
  writeFileSync(path.join(uploads, '2025', '02', 'boats.png'), gradientPng(48, 32));
  try {
    let r = run(['import', 'wordpress', cdnFixture, '--uploads', uploads, '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    // The file is found by _wp_attached_file; the section is made from
    // the post's own <category>.
    assert.match(r.stdout, /media\s+2\s+0\s+0/);
    assert.match(r.stdout, /sections\s+1\s+0\s+0/);
    assert.ok(!/missing media/.test(r.stdout), r.stdout);
    r = run(['import', 'wordpress', cdnFixture, '--uploads', uploads, '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /media\s+0\s+2\s+0/);
    assert.match(r.stdout, /sections\s+0\s+0\s+0/);
    const s = await startServer({ demo: false, data });
    try {
      const get = (u) => fetch(s.url + u, { redirect: 'manual' });
      for (const u of ['/?attachment_id=81', '/wp-content/uploads/2025/02/quay-at-dawn.png',
        '/?attachment_id=83', '/wp-content/uploads/2025/02/boats.png']) {
        const res = await get(u);
        assert.equal(res.status, 301, u);
        assert.match(res.headers.get('location'), /\/media\//, u);
      }
      assert.equal((await get('/category/quays/')).status, 200);
      const body = await (await get('/2025/02/the-quay-at-dawn/')).text();
      const story = body.slice(body.indexOf('<div class="story-body">'));
      assert.match(story, /<img src="\/media\/[^"]+"[^>]*alt="The quay"/);
      assert.ok(!story.includes('cdn.harbour-media.example'), story);
      // The WordPress.com upload: the link and its sized copy.
      assert.match(story, /<a href="\/media\/[^"]+"><picture>.*<img src="\/media\/[^"]+"[^>]*alt="Boats at the quay"/s);
      assert.ok(!story.includes('files.wordpress.com'), story);
      assert.match(body, /<a href="\/category\/quays\/">Quays &amp; Piers<\/a>/);
    } finally {
      const { log } = await s.stop({ keepData: true });
      assertNoSanitizerReport(log);
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
    rmSync(uploads, { recursive: true, force: true });
  }
});
