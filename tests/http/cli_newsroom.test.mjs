// The command line as careful as the newsroom: `nutgraf settings`
// prints the defaults of unset settings, `comments spam` changes all
// the ids or none, and `article add --body-file` refuses a directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run, startServer, tempDir } from '../lib/nutgraf.mjs';
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
