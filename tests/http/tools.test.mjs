// Newsroom Tools: an administrator uploads a WordPress export, the
// import runs as a background job whose progress and summary the
// Tools page shows, while the site keeps serving; a broken file
// imports nothing and says why; Export downloads the site as WXR.
// Other roles may do neither.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, tempDir, until, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, uploadMedia } from '../lib/newsroom.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = readFileSync(path.join(root, 'tests', 'import', 'site-1.2.xml'));

let s;
const c = {};

before(async () => {
  s = await startServer({ demo: false });
  addUser(s, 'ada', 'administrator');
  addUser(s, 'ed', 'editor');
  for (const [k, login] of [['admin', 'ada'], ['editor', 'ed']]) {
    c[k] = new Client(s);
    assert.equal((await c[k].login(login)).status, 303);
  }
});

after(async () => {
  const { log } = await s.stop();
  assertNoSanitizerReport(log);
});

const importFile = (client, name, data, fields = {}) =>
  uploadMedia(client, fields, { name, type: 'text/xml', data }, { path: '/admin/tools/import/' });

// The Tools page once the job is no longer running.
async function finished(client) {
  let page;
  await until('the import to finish', async () => {
    page = await client.get('/admin/tools/');
    return !/class="import-running"/.test(page.body);
  }, 120000);
  return page.body;
}

test('only administrators see Tools, import or export', async () => {
  assert.equal((await c.editor.get('/admin/tools/')).status, 403);
  assert.equal((await c.editor.get('/admin/tools/export')).status, 403);
  const r = await importFile(c.editor, 'site.xml', fixture);
  assert.equal(r.status, 403);
  const dash = await c.editor.get('/admin/');
  assert.ok(!dash.body.includes('href="/admin/tools/"'));
  const adash = await c.admin.get('/admin/');
  assert.match(adash.body, /href="\/admin\/tools\/"/);
});

test('an upload imports in the background and the page shows the summary', async () => {
  let page = await c.admin.get('/admin/tools/');
  assert.equal(page.status, 200);
  assert.match(page.body, /enctype="multipart\/form-data"/);
  assert.ok(!/import-status/.test(page.body));

  // No file chosen: the browser sends an empty part.
  let r = await importFile(c.admin, '', Buffer.alloc(0));
  assert.equal(r.status, 400);
  r = await importFile(c.admin, 'site.xml', fixture);
  assert.equal(r.status, 303, r.body);
  assert.equal(r.headers.location, '/admin/tools/?msg=import');
  // The site answers while the job runs (or after: either way, at once).
  assert.equal((await fetch(s.url + '/')).status, 200);
  const body = await finished(c.admin);
  assert.match(body, /Import finished/);
  assert.match(body, /articles\s+6\s+0\s+1/);
  assert.match(body, /comments\s+4\s+0\s+1/);
  assert.match(body, /1 items of post type `product`/);
  assert.ok(!/http-equiv="refresh"/.test(body));
  assert.equal((await fetch(s.url + '/2026/01/10/ferry-timetable-changes/')).status, 200);
  // The upload is gone from the data directory once it is done.
  assert.deepEqual(readdirSync(s.dataDir).filter((f) => /^import-/.test(f)), []);

  // A dry run of the same file: counted as updates, nothing kept.
  r = await importFile(c.admin, 'again.xml', fixture, { dry_run: '1' });
  assert.equal(r.status, 303);
  const dry = await finished(c.admin);
  assert.match(dry, /again\.xml \(dry run: nothing was kept\)/);
  assert.match(dry, /articles\s+0\s+6\s+1/);
});

test('a broken file imports nothing and the page says where it broke', async () => {
  const before = (await fetch(s.url + '/sitemap.xml').then((x) => x.text()));
  const cut = fixture.subarray(0, Math.floor(fixture.length * 0.6));
  const r = await importFile(c.admin, 'cut.xml', cut);
  assert.equal(r.status, 303);
  const body = await finished(c.admin);
  assert.match(body, /Nothing was imported<\/strong> from cut\.xml: line \d+, column \d+/);
  assert.equal(await fetch(s.url + '/sitemap.xml').then((x) => x.text()), before);
});

test('a bigger import shows its progress and the site keeps serving', async () => {
  // 500 posts: long enough that the page usually sees it running.
  const items = [];
  for (let i = 1; i <= 500; i++) {
    items.push(`<item><title>Bulk ${i}</title><link>https://x.example/2025/03/01/bulk-${i}/</link>` +
      `<content:encoded><![CDATA[<p>Body ${i}</p>]]></content:encoded><wp:post_id>${100000 + i}</wp:post_id>` +
      `<wp:post_date_gmt>2025-03-01 10:00:00</wp:post_date_gmt><wp:post_name>bulk-${i}</wp:post_name>` +
      `<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`);
  }
  const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" ' +
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">' +
    '<channel><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://x.example</wp:base_site_url>\n' +
    items.join('\n') + '\n</channel></rss>\n';
  const r = await importFile(c.admin, 'bulk.xml', Buffer.from(xml));
  assert.equal(r.status, 303);
  const page = await c.admin.get('/admin/tools/');
  if (/class="import-running"/.test(page.body)) {
    // While it runs: the pass and count, a reload every two seconds,
    // a second import refused, and readers served.
    assert.match(page.body, /<meta http-equiv="refresh" content="2">/);
    assert.match(page.body, /pass [1234] of 4/);
    const again = await importFile(c.admin, 'bulk.xml', Buffer.from(xml));
    assert.ok(again.status === 409 || again.status === 303, String(again.status));
  }
  assert.equal((await fetch(s.url + '/2026/01/10/ferry-timetable-changes/')).status, 200);
  const body = await finished(c.admin);
  assert.match(body, /articles\s+500\s+0\s+0/);
  assert.equal((await fetch(s.url + '/2025/03/01/bulk-499/')).status, 200);
});

test('export downloads the site as well-formed WXR', async () => {
  const r = await c.admin.get('/admin/tools/export');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/xml/);
  assert.match(r.headers['content-disposition'], /^attachment; filename="nutgraf\.wordpress\.\d{4}-\d\d-\d\d\.xml"$/);
  assert.match(r.headers['cache-control'] || '', /private|no-store/);
  assert.match(r.body, /<title><!\[CDATA\[Ferry timetable changes\]\]><\/title>/);
  assert.match(r.body, /<wp:comment_author_email><!\[CDATA\[ann@reader\.example\]\]>/);
  const file = path.join(tempDir('nutgraf-tools-'), 'site.xml');
  writeFileSync(file, r.body);
  const lint = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
  assert.equal(lint.status, 0, lint.stderr);
  assert.deepEqual(readdirSync(s.dataDir).filter((f) => /^export-/.test(f)), []);
});
