// The command line as careful as the newsroom: `nutgraf settings`
// prints the defaults of unset settings, `comments spam` changes all
// the ids or none, `article add --body-file` refuses a directory,
// `article add` and `article publish` refuse to publish a body whose
// shortcodes would be left out (unless --force), `--author` credits desk
// bylines, and commands other than init do not make a site out of a
// mistyped --data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PG_DIR, run, startServer, tempDir } from '../lib/nutgraf.mjs';
import { cli } from '../lib/newsroom.mjs';

function site() {
  const dir = tempDir();
  const r = run(['init', '--data', dir]);
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

test('settings lists the defaults of unset settings', () => {
  const dir = site();
  const r = run(['settings', '--data', dir]);
  assert.equal(r.status, 0, r.stderr);
  const v = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split('\t')));
  assert.equal(v.timezone, 'UTC');
  assert.equal(v.permalink, '/%year%/%monthnum%/%postname%/');
  assert.equal(v.comment_moderation, '0');
  assert.equal(v.comment_previously_approved, '1');
  assert.equal(v.comment_max_links, '2');
  assert.equal(v.feed_content, 'full');
});

test('article add refuses a directory as its body file', () => {
  const dir = site();
  const r = run(['article', 'add', '--data', dir, '--title', 'Empty', '--body-file', dir]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /is a directory/);
  assert.equal(run(['article', 'list', '--data', dir]).stdout.trim(), '');
});

test('comments spam checks every id before changing any', async () => {
  const s = await startServer();
  try {
    const list = cli(s, ['comments', 'list', '--status', 'all']).stdout;
    const ids = [...list.matchAll(/^(\d+)\t/gm)].map((m) => m[1]);
    assert.ok(ids.length > 0, `the demo has comments:\n${list}`);
    const before = s.sql('SELECT id, status FROM comments ORDER BY id');
    const r = cli(s, ['comments', 'spam', ids[0], '999999']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /999999: no such comment/);
    assert.match(r.stderr, /nothing was changed/);
    assert.equal(s.sql('SELECT id, status FROM comments ORDER BY id'), before);
    assert.equal(cli(s, ['comments', 'spam', ids[0]]).status, 0);
    assert.notEqual(s.sql('SELECT id, status FROM comments ORDER BY id'), before);
  } finally {
    const { code } = await s.stop();
    assert.equal(code, 0);
  }
});

test('article add refuses to publish a dangling shortcode unless --force', () => {
  const dir = site();
  const body = path.join(dir, 'body.md');
  writeFileSync(body, 'Before.\n\n[slider id=99]\n\nAfter.\n');
  const add = (...more) => run(['article', 'add', '--data', dir, '--body-file', body, ...more]);

  let r = add('--title', 'Refused', '--status', 'published');
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /warning: Line 3: \[slider\] was left out: there is no such slider\./);
  assert.match(r.stderr, /not published: 1 shortcode would be left out .*--force/);
  assert.equal(run(['article', 'list', '--data', dir]).stdout.trim(), '');

  // A draft is saved, as the editor saves it, with the same warning.
  r = add('--title', 'Draft');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: Line 3: \[slider\] was left out/);
  const id = /admin\/articles\/(\d+)\//.exec(r.stdout)[1];

  // Publishing the draft later is checked the same way.
  r = run(['article', 'publish', id, '--data', dir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\[slider\] was left out/);
  assert.match(run(['article', 'list', '--data', dir]).stdout, new RegExp(`^${id}\tdraft\t`, 'm'));
  r = run(['article', 'publish', id, '--force', '--data', dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(run(['article', 'list', '--data', dir]).stdout, new RegExp(`^${id}\tpublished\t`, 'm'));

  r = add('--title', 'Forced', '--status', 'published', '--force');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /warning: Line 3: \[slider\] was left out/);
  assert.match(run(['article', 'list', '--data', dir]).stdout, /\tpublished\tforced\tForced$/m);
});

test('article add --author credits a desk byline as well as a login', async () => {
  const s = await startServer();
  try {
    const body = path.join(s.dataDir, 'desk.md');
    writeFileSync(body, 'From the desk.\n');
    let r = cli(s, ['article', 'add', '--title', 'Desk story', '--body-file', body, '--author', 'News Desk']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(s.sql("SELECT au.name FROM articles a JOIN authors au ON au.id = a.author_id WHERE a.title = 'Desk story'"), 'News Desk');
    r = cli(s, ['article', 'add', '--title', 'Desk by slug', '--body-file', body, '--author', 'news-desk']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(s.sql("SELECT au.name FROM articles a JOIN authors au ON au.id = a.author_id WHERE a.title = 'Desk by slug'"), 'News Desk');
    r = cli(s, ['article', 'add', '--title', 'Nobody', '--body-file', body, '--author', 'No Such Desk']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no user or byline "No Such Desk"/);
    assert.equal(s.sql("SELECT count(*) FROM articles WHERE title = 'Nobody'"), '0');
  } finally {
    const { code } = await s.stop();
    assert.equal(code, 0);
  }
});

test('commands other than init refuse a data directory that is not there', () => {
  const missing = path.join(tempDir(), 'no', 'such', 'site');
  for (const args of [['article', 'list'], ['settings'], ['comments', 'list'], ['user', 'list'], ['page', 'list']]) {
    const r = run([...args, '--data', missing]);
    assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /no such data directory \(nutgraf init --data .* creates a site\)/);
    assert.ok(!existsSync(missing), `${args.join(' ')} created ${missing}`);
  }
  // init still makes one.
  assert.equal(run(['init', '--data', missing]).status, 0);
  if (!PG_DIR) assert.ok(existsSync(path.join(missing, 'nutgraf.db')));
  assert.equal(run(['article', 'list', '--data', missing]).status, 0);
});
