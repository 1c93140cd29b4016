// `nutgraf db copy`: a SQLite site with a row in every table (an
// uploaded image whose bytes are files on disk, as every SQLite site and
// every site from before the database kept media bytes has them) into a
// real PostgreSQL database and back into a new SQLite site; the result
// compares equal table by table and file by file, and both sides serve
// the image.  A target with data is refused, a bad URL is a clear error.
// Runs in make test's PostgreSQL pass ($NUTGRAF_TEST_PG).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN, PG_DIR, dbFor, run, startServer, tempDir, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, demoPassword, uploadMedia } from '../lib/newsroom.mjs';

const skip = PG_DIR ? false : 'needs the PostgreSQL pass of make test (NUTGRAF_TEST_PG)';
const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
// SQLite for the sites of this test, whatever the pass.
const LITE = { NUTGRAF_DB: '' };
// What a copy leaves out on purpose (each database's own, and
// search_pending, which has rows only inside an import's transaction).
const OWN = new Set(['schema_migrations', 'inval_log', 'media_files', 'search_pending']);

let src;       // the SQLite site's data directory
let url;       // the PostgreSQL database it is copied into
let key;       // the uploaded image's media key
let names;     // its files
// An audio file of three database pieces (STORE_MEDIA_PIECE is 4 MB;
// "media files" counts the database's rows):
// one file on disk, pieces in PostgreSQL, one file again on the way back.
const AV_KEY = '0123456789abcdef';
const AV_BYTES = Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1'),
  Buffer.alloc(9 * 1024 * 1024, 0x5a), Buffer.from('the end')]);

function lite(dir, statement, mode = []) {
  const r = spawnSync('sqlite3', [...mode, path.join(dir, 'nutgraf.db'), statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout.trim();
}

function tablesOf(dir) {
  return lite(dir, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' " +
    "AND name NOT LIKE 'article_fts%' ORDER BY name").split('\n').filter((t) => !OWN.has(t));
}

function getRaw(port, p) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p }, (res) => {
      const bufs = [];
      res.on('data', (d) => bufs.push(d));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(bufs) }));
    }).on('error', reject);
  });
}

function copy(args, env = {}) {
  return run(['db', 'copy', ...args], { env: { ...LITE, ...env }, timeout: 120000 });
}

before(async () => {
  if (skip) return;
  const A = await startServer({ env: LITE });
  src = A.dataDir;
  try {
    const editor = new Client(A);
    // The demo's one-time password, set again on this SQLite site (the
    // shared helper would reach for the pass's PostgreSQL database).
    const pw = demoPassword(A, { firstLogin: true });
    const set = spawnSync(BIN, ['user', 'passwd', 'admin', '--password-stdin', '--data', A.dataDir],
      { env: { ...process.env, ...LITE }, input: `${pw}\n`, encoding: 'utf8' });
    assert.equal(set.status, 0, set.stderr);
    assert.equal((await editor.login('admin', pw)).status, 303);
    const work = tempDir('nutgraf-dbcopy-');
    const file = path.join(work, 'copy.jpg');
    const v = spawnSync('vips', ['black', file, '800', '500', '--bands', '3'], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
    const up = await uploadMedia(editor, { alt: 'Copied image' },
      { name: 'copy.jpg', type: 'image/jpeg', data: readFileSync(file) });
    assert.equal(up.status, 303, up.body);
    const reader = new Client(A, { from: '127.0.4.1' });
    const c = await reader.post(SEED + 'comment', {
      author: 'A Reader', email: 'reader@example.com', url: '', comment: 'Copied comment', comment_parent: '0',
    });
    assert.equal(c.status, 303, c.body);
  } finally {
    const { log } = await A.stop({ keepData: true });
    assertNoSanitizerReport(log);
  }
  key = lite(src, "SELECT path FROM media WHERE alt = 'Copied image'").split('/')[0];
  names = readdirSync(path.join(src, 'media', key)).sort();
  assert.ok(names.length >= 2, `variants on disk: ${names}`);
  assert.equal(lite(src, 'SELECT count(*) FROM media_files'), '0', 'SQLite keeps media bytes as files');
  // A row in every other table, some pointing forward (a parent or a
  // related article with a higher id than their own row), and text
  // that is hard to carry: quotes, a newline, non-ASCII.
  const now = 1767000000;
  mkdirSync(path.join(src, 'media', AV_KEY));
  writeFileSync(path.join(src, 'media', AV_KEY, 'media.mp3'), AV_BYTES);
  lite(src, `
    UPDATE articles SET related_id = (SELECT max(id) FROM articles) WHERE id = (SELECT min(id) FROM articles);
    INSERT INTO comments (article_id, parent_id, author, email, body, status, ip, created_at)
      SELECT article_id, (SELECT max(id) FROM comments) + 2, 'Early', 'e@example.com', 'Reply written first', 'approved', '127.0.0.1', ${now}
      FROM comments LIMIT 1;
    INSERT INTO comments (article_id, author, email, body, status, ip, created_at)
      SELECT article_id, 'Later', 'l@example.com', 'It''s "quoted"' || char(10) || 'and naïve', 'pending', '127.0.0.1', ${now}
      FROM comments LIMIT 1;
    INSERT INTO article_pins (article_id, pinned_at) SELECT min(id), ${now} FROM articles;
    INSERT INTO article_reads (article_id, hour, reads) SELECT min(id), ${now - now % 3600}, 7 FROM articles;
    UPDATE authors SET photo_id = (SELECT min(id) FROM media), links = 'https://a.example/', kind = 'organization' WHERE id = (SELECT min(id) FROM authors);
    INSERT INTO preview_links (article_id, token_hash, created_by, created_at, expires_at, revoked_at) SELECT min(id), 'p1', 1, ${now}, ${now + 3600}, NULL FROM articles;
    INSERT INTO live_coverage (article_id, started_at, ended_at) SELECT min(id), ${now}, NULL FROM articles;
    INSERT INTO live_updates (article_id, created_at, created_by, pinned, body_md, body_html, body_text) SELECT min(id), ${now}, 1, 1, 'Ferries *stopped*', '<p>Ferries <em>stopped</em></p>', 'Ferries stopped' FROM articles;
    INSERT INTO corrections (article_id, kind, body, created_at, user_id) SELECT min(id), 'correction', 'Fixed a name', ${now}, 1 FROM articles;
    INSERT INTO autosaves (user_id, article_id, title, dek, body_md, saved_at) VALUES (1, 0, 'Draft', '', 'Body', ${now});
    INSERT INTO app_passwords (user_id, uuid, name, hash, created_at, last_used, last_ip) VALUES (1, 'u-1', 'Phone', 'h1', ${now}, ${now}, '127.0.0.1');
    INSERT INTO user_totp (user_id, secret, enabled, last_step, created_at) VALUES (1, 'JBSWY3DPEHPK3PXP', 1, 5, ${now});
    INSERT INTO user_recovery_codes (user_id, hash, used_at) VALUES (1, 'r1', NULL);
    INSERT INTO login_challenges (token_hash, user_id, expires_at, tries) VALUES ('c1', 1, ${now + 300}, 1);
    INSERT INTO pages (id, parent_id, slug, path, title, body_src, status, created_at, updated_at) VALUES
      (1, 2, 'child', 'about/child', 'Child', 'Child page', 'published', ${now}, ${now}),
      (2, NULL, 'about', 'about', 'About «us»', 'About page', 'published', ${now}, ${now});
    INSERT INTO page_revisions (page_id, created_at, title, body_format, body_src, user_id) VALUES (2, ${now}, 'About', 'markdown', 'About page', 1);
    INSERT INTO page_old_paths (path, page_id, created_at) VALUES ('old-about', 2, ${now});
    INSERT INTO old_slugs (slug, article_id, created_at) SELECT 'an-old-slug', min(id), ${now} FROM articles;
    INSERT INTO old_uploads (path, media_id) SELECT '2019/05/photo.jpg', min(id) FROM media;
    INSERT INTO menus (id, name, created_at) VALUES (1, 'Main', ${now});
    INSERT INTO menu_locations (location, menu_id) VALUES ('primary', 1);
    INSERT INTO menu_items (id, menu_id, parent_id, position, kind, url, label) VALUES
      (1, 1, 2, 0, 'url', 'https://example.com/a', 'Child'),
      (2, 1, NULL, 1, 'page', NULL, 'About');
    INSERT INTO webhooks (url, secret, events, active, created_at) VALUES ('https://example.com/hook', 's3cret', 'post.published', 1, ${now});
    INSERT INTO webhook_deliveries (webhook_id, event, payload, status, attempts, next_at, last_code, last_error, created_at)
      VALUES (1, 'post.published', '{"id":1}', 'failed', 3, ${now}, 500, 'Server error', ${now});
    INSERT INTO mail_queue (recipient, message, status, attempts, next_try, last_error, created_at, done_at) VALUES ('ann@example.com', 'Subject: Hi' || char(13, 10) || char(13, 10) || 'Body', 'sent', 1, ${now}, '', ${now}, ${now});
    INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, used_at) VALUES ('rs1', 1, ${now}, ${now + 3600}, NULL);
    INSERT INTO mail_optouts (user_id, kind) VALUES (1, 'comments');
    INSERT INTO settings (key, value) VALUES ('copy_probe', 'é ''single'' "double"' || char(10) || 'line two');
  `);
  // After old_uploads, which points at the first media item.
  lite(src, `INSERT INTO media (path, mime, alt, created_at, bytes, duration)
    VALUES ('${AV_KEY}/media.mp3', 'audio/mpeg', 'Copied audio', ${now}, ${AV_BYTES.length}, 61);`);
  for (const t of tablesOf(src)) {
    assert.notEqual(lite(src, `SELECT count(*) FROM "${t}"`), '0', `the source has no row in ${t}`);
  }
  url = dbFor(tempDir('nutgraf-dbcopy-pg-'));
});

after(() => {
  if (src) rmSync(src, { recursive: true, force: true });
});

test('db copy --to fills an empty PostgreSQL database and verifies every count', { skip }, () => {
  const r = copy(['--data', src, '--to', url]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /copied 42 tables, \d+ rows and \d+ media files .*every table's count verified/);
  assert.match(r.stdout, /^ {2}articles +16$/m);
  // Every image file on the source's disk (the upload's and the demo's
  // pictures), and the audio file's three pieces.
  const imageFiles = readdirSync(path.join(src, 'media')).filter((k) => k !== AV_KEY)
    .reduce((n, k) => n + readdirSync(path.join(src, 'media', k)).length, 0);
  assert.ok(imageFiles >= names.length);
  assert.match(r.stdout, new RegExp(`^ {2}media files +${imageFiles + 3}$`, 'm'));
  // The planner has statistics at once, not after autovacuum's visit.
  const psql = spawnSync(path.join(spawnSync(new URL('../lib/pg-cluster.sh', import.meta.url).pathname, ['bin', PG_DIR], { encoding: 'utf8' }).stdout.trim(), 'psql'),
    ['-X', '-A', '-t', '-d', url, '-c', "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'articles' AND last_analyze IS NOT NULL"],
    { encoding: 'utf8' });
  assert.equal(psql.stdout.trim(), '1', psql.stderr);
});

test('a target that holds data is refused and left as it was; --replace overwrites it', { skip }, () => {
  const r = copy(['--data', src, '--to', url]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /db copy: the target is not empty \(\w+ has \d+ rows?\): nothing was copied; give --replace/);
  const again = copy(['--data', src, '--to', url, '--replace']);
  assert.equal(again.status, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /every table's count verified/);
});

test('a bad or unreachable database is a clear error with a non-zero exit', { skip }, () => {
  const away = copy(['--data', src, '--to', 'postgresql://nobody@/nutgraf?host=/nonexistent-socket-dir']);
  assert.equal(away.status, 1);
  assert.match(away.stderr, /db copy: cannot connect to PostgreSQL: .*nonexistent-socket-dir/);
  const notUrl = copy(['--data', src, '--to', '/tmp/not-a-url']);
  assert.equal(notUrl.status, 2);
  assert.match(notUrl.stderr, /not a PostgreSQL URL/);
  const both = copy(['--data', src, '--to', url, '--from', url]);
  assert.equal(both.status, 2);
  const none = copy(['--data', tempDir(), '--to', url]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no site to copy/);
});

test('db copy --from brings it back: every table and every media file compare equal', { skip }, async () => {
  const dst = tempDir('nutgraf-dbcopy-back-');
  const r = copy(['--data', dst, '--from', url]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /warning/);
  assert.deepEqual(tablesOf(dst), tablesOf(src));
  for (const t of tablesOf(src)) {
    const q = `SELECT * FROM "${t}" ORDER BY 1, 2`;
    assert.equal(lite(dst, q, ['-cmd', '.mode quote']), lite(src, q, ['-cmd', '.mode quote']), `table ${t}`);
  }
  assert.deepEqual(readdirSync(path.join(dst, 'media', key)).sort(), names);
  for (const n of names) {
    assert.ok(readFileSync(path.join(dst, 'media', key, n)).equals(readFileSync(path.join(src, 'media', key, n))), n);
  }
  assert.ok(readFileSync(path.join(dst, 'media', AV_KEY, 'media.mp3')).equals(AV_BYTES),
    'the audio file, whole again from its pieces');
  // The index was rebuilt: the same articles match.
  const fts = "SELECT rowid FROM article_fts WHERE article_fts MATCH 'niger' ORDER BY rowid";
  assert.equal(lite(dst, fts), lite(src, fts));
  // And the copy serves the image from its files.
  const C = await startServer({ data: dst, demo: false, env: LITE });
  try {
    for (const n of names) {
      const got = await getRaw(C.port, `/media/${key}/${n}`);
      assert.equal(got.status, 200, n);
      assert.ok(got.body.equals(readFileSync(path.join(src, 'media', key, n))), n);
    }
  } finally {
    assertNoSanitizerReport((await C.stop()).log);
  }
});

test('an instance on the copied database, with an empty disk, serves the site and the image', { skip }, async () => {
  const B = await startServer({ demo: false, env: { NUTGRAF_DB: url } });
  try {
    for (const n of names) {
      const got = await getRaw(B.port, `/media/${key}/${n}`);
      assert.equal(got.status, 200, n);
      assert.ok(got.body.equals(readFileSync(path.join(src, 'media', key, n))), `${n}: the bytes of the file`);
    }
    const audio = await getRaw(B.port, `/media/${AV_KEY}/media.mp3`);
    assert.equal(audio.status, 200, 'the audio file from its pieces');
    assert.ok(audio.body.equals(AV_BYTES), 'the bytes of the audio file');
    const page = await getRaw(B.port, SEED);
    assert.equal(page.status, 200);
    assert.match(page.body.toString(), /Copied comment/);
    const found = await getRaw(B.port, '/search?q=niger');
    assert.equal(found.status, 200);
    assert.match(found.body.toString(), /troop-withdrawal-from-niger/);
    // New rows get new ids: the sequences were moved past the copied ones.
    const body = path.join(tempDir('nutgraf-dbcopy-body-'), 'body.md');
    writeFileSync(body, 'Written after the copy.\n');
    const add = run(['article', 'add', '--data', B.dataDir, '--title', 'After the copy', '--body-file', body],
      { env: { NUTGRAF_DB: url } });
    assert.equal(add.status, 0, add.stderr);
  } finally {
    assertNoSanitizerReport((await B.stop()).log);
  }
});
