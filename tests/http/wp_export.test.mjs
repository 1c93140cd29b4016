// WordPress export: a site imported from the fixture, plus articles
// and pages written here, goes out as WXR (well-formed, read back by
// xmllint), and importing that file into an empty data directory gives
// the same articles, pages, comments, sections, tags, menus and URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { run, startServer, tempDir, sqlIn, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

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

function xmllint(file) {
  const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `xmllint: ${r.stderr}`);
}

// What must survive the trip, read straight from each database.
const queries = {
  articles: `SELECT a.slug, a.title, a.dek, a.kicker, a.status, a.published_at,
    a.body_format, a.body_md, a.comments_open, a.source_name, a.source_url,
    coalesce(s.slug, ''), coalesce(au.slug, '')
    FROM articles a LEFT JOIN sections s ON s.id = a.section_id
    LEFT JOIN authors au ON au.id = a.author_id ORDER BY a.slug`,
  tags: `SELECT a.slug, t.slug, t.name, at.position FROM article_tags at
    JOIN articles a ON a.id = at.article_id JOIN tags t ON t.id = at.tag_id
    ORDER BY a.slug, at.position`,
  comments: `SELECT a.slug, c.author, c.email, c.url, c.ip, c.status, c.body,
    c.created_at, c.depth, coalesce(p.author, '') FROM comments c
    JOIN articles a ON a.id = c.article_id LEFT JOIN comments p ON p.id = c.parent_id
    ORDER BY a.slug, c.created_at, c.author`,
  pages: `SELECT p.path, p.title, p.status, p.menu_order, p.body_format, p.body_src,
    coalesce(q.path, '') FROM pages p LEFT JOIN pages q ON q.id = p.parent_id ORDER BY p.path`,
  sections: `SELECT s.slug, s.name, s.description, coalesce(p.slug, '') FROM sections s
    LEFT JOIN sections p ON p.id = s.parent_id ORDER BY s.slug`,
  menus: `SELECT m.name, i.position, i.kind, i.label, i.url, coalesce(pi.label, ''),
    coalesce(pg.path, se.slug, ar.slug, '') FROM menu_items i JOIN menus m ON m.id = i.menu_id
    LEFT JOIN menu_items pi ON pi.id = i.parent_id
    LEFT JOIN pages pg ON i.kind = 'page' AND pg.id = i.target_id
    LEFT JOIN sections se ON i.kind = 'section' AND se.id = i.target_id
    LEFT JOIN articles ar ON i.kind = 'article' AND ar.id = i.target_id
    ORDER BY m.name, coalesce(pi.position, i.position), pi.position IS NOT NULL, i.position`,
  users: `SELECT login, name FROM users ORDER BY login`,
  pins: `SELECT a.slug FROM article_pins p JOIN articles a ON a.id = p.article_id
    ORDER BY a.slug`,
  settings: `SELECT value FROM settings WHERE key = 'permalink'`,
};

test('export wordpress: valid WXR; import(export(site)) is the same site', async () => {
  const dir = tempDir('nutgraf-wpx-');
  const a = path.join(dir, 'a');
  const b = path.join(dir, 'b');
  const uploads = path.join(dir, 'uploads');
  mkdirSync(path.join(uploads, '2026', '01'), { recursive: true });
  writeFileSync(path.join(uploads, '2026', '01', 'harbour.png'), png(64, 48));
  let sb = null;
  try {
    let r = run(['import', 'wordpress', fixture, '--uploads', uploads, '--data', a]);
    assert.equal(r.status, 0, r.stderr);
    // Written here: Markdown with a CDATA terminator, markup-like text
    // and a Markdown page under an imported one.
    const md = path.join(dir, 'body.md');
    writeFileSync(md, 'Tides & **times**: a ]]> in the text, and <b>x</b> as code `]]>`.\n\nSecond paragraph.\n');
    r = run(['article', 'add', '--data', a, '--title', 'Harbour & "quay" <notes>', '--body-file', md,
      '--dek', 'A dek with ]]> & <angle>', '--section', 'opinion', '--tags', 'ferries,Night Boats',
      '--status', 'published', '--source-name', 'Tide Tables', '--source-url', 'https://tides.example/t']);
    assert.equal(r.status, 0, r.stderr);
    r = run(['page', 'add', '--data', a, '--title', 'History', '--body-file', md,
      '--parent', 'about', '--status', 'published', '--order', '3']);
    assert.equal(r.status, 0, r.stderr);

    // stdout by default; --output writes the same document.
    r = run(['export', 'wordpress', '--data', a]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /exported 7 articles, 3 pages, 4 comments, 1 media/);
    const out = path.join(dir, 'site.xml');
    const r2 = run(['export', '--data', a, 'wordpress', '--output', out]);
    assert.equal(r2.status, 0, r2.stderr);
    assert.ok(!existsSync(out + '.part'));
    const xml = readFileSync(out, 'utf8');
    const strip = (s) => s.replace(/<pubDate>[^<]*<\/pubDate>/g, '').replace(/<wp:post_(modified|date)(_gmt)?>.*\n/g, '');
    assert.equal(strip(r.stdout), strip(xml));
    xmllint(out);
    assert.match(xml, /<wp:wxr_version>1\.2<\/wp:wxr_version>/);
    // "]]>" split across two CDATA sections, never ending one early.
    assert.match(xml, /a \]\]\]\]><!\[CDATA\[> in the text/);
    assert.match(xml, /<wp:comment_author_email><!\[CDATA\[ann@reader\.example\]\]>/);
    assert.match(xml, /<wp:post_type><!\[CDATA\[nav_menu_item\]\]><\/wp:post_type>/);
    // The fixture's upload is a PNG: its variants stay PNG (lossless).
    assert.match(xml, /<wp:attachment_url><!\[CDATA\[http:\/\/localhost\/media\/[0-9a-f]+\/\d+\.png\]\]>/);
    assert.match(xml, /<category domain="post_tag" nicename="night-boats"><!\[CDATA\[Night Boats\]\]><\/category>/);
    assert.match(xml, /<wp:post_id>101<\/wp:post_id>/);

    // Into an empty site, media from the old site's media directory.
    r = run(['import', 'wordpress', out, '--uploads', path.join(a, 'media'), '--data', b]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /media\s+1\s+0\s+0/);
    // Only what the first site was missing too.
    assert.deepEqual(r.stdout.match(/missing media: \S+/g),
      ['missing media: https://gazette.example/files/2025/12/lost.jpg'], r.stdout);
    // The media library gives new keys; everything else is equal.
    const keyless = (t) => t.replace(/\/media\/[0-9a-f]{16}\//g, '/media/KEY/');
    for (const [name, q] of Object.entries(queries)) {
      const want = keyless(sqlIn(a, q));
      assert.ok(want.length > 0, name);
      assert.equal(keyless(sqlIn(b, q)), want, name);
    }
    // A second import of the export changes nothing.
    r = run(['import', 'wordpress', out, '--uploads', path.join(a, 'media'), '--data', b]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /articles\s+0\s+7\s+0/);
    assert.equal(sqlIn(b, queries.comments), sqlIn(a, queries.comments));

    // Every URL answers on the new site as on the old one.
    sb = await startServer({ demo: false, data: b });
    const get = (u) => fetch(sb.url + u, { redirect: 'manual' });
    for (const u of ['/2026/01/10/ferry-timetable-changes/', '/2026/02/03/council-quay-vote/',
      '/about/', '/about/team/', '/about/history/', '/category/news/local/', '/category/opinion/',
      '/tag/ferries/', '/tag/night-boats/', '/author/mara/'])
      assert.equal((await get(u)).status, 200, u);
    for (const [u, to] of Object.entries({ '/?p=101': '/2026/01/10/ferry-timetable-changes/',
      '/?page_id=202': '/about/team/' })) {
      const res = await get(u);
      assert.equal(res.status, 301, u);
      assert.equal(new URL(res.headers.get('location'), sb.url).pathname, to, u);
    }
    const page = await (await get('/2026/01/10/ferry-timetable-changes/')).text();
    assert.match(page, /a reply in the thread/);
    const img = page.match(/src="(\/media\/[0-9a-f]+\/\d+\.png)"/);
    assert.ok(img, 'the caption image points at the new library');
    assert.equal((await get(img[1])).status, 200, img[1]);
    const front = await (await get('/')).text();
    assert.match(front, /href="\/about\/team\/"/);
  } finally {
    if (sb) {
      const { log } = await sb.stop({ keepData: true });
      assertNoSanitizerReport(log);
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

test('export wordpress: usage errors and an unwritable file', () => {
  const dir = tempDir('nutgraf-wpx-');
  try {
    let r = run(['export', 'wordpress', '--bogus', '--data', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^nutgraf: export wordpress: unknown option "--bogus" \(try 'nutgraf export wordpress --help'\)\n$/);
    r = run(['export', '--data', dir]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^nutgraf: export: which command\? wordpress \(try 'nutgraf export --help'\)\n$/);
    r = run(['export', 'wordpress', '--data', dir, '--output', path.join(dir, 'no', 'such', 'x.xml')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /nutgraf: export wordpress: .*x\.xml\.part: No such file or directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
