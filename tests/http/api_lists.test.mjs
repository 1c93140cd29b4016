// The REST API's post list between requests: each post's JSON is kept
// (src/api/memo.c) and a public list's X-WP-Total counted once per
// store generation (the listings' count cache), with the page cache on
// and off.  Whatever a reader could see changing -- a publish, an
// edit, a trash, a write from another process, a slider an article
// shows -- changes the list's answer at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport, tempDir, writeConfig, until as pollUntil } from '../lib/nutgraf.mjs';
import { cli } from '../lib/newsroom.mjs';
import { apiCaller, appPasswords } from '../lib/wpapi.mjs';

const LIST = '/wp-json/wp/v2/posts?per_page=5';
const servers = {};

before(async () => {
  servers.cached = await startServer();
  const dir = tempDir();
  servers.uncached = await startServer({
    args: ['--config', writeConfig(dir, 'cache_max_bytes = 0\n')],
  });
  for (const s of Object.values(servers)) {
    s.pw = appPasswords(s);
    s.api = apiCaller(s, s.pw);
  }
});

after(async () => {
  for (const s of Object.values(servers)) {
    const { code, log } = await s.stop();
    assertNoSanitizerReport(log);
    assert.equal(code, 0);
  }
});

async function list(s, path = LIST) {
  const res = await fetch(s.url + path);
  const text = await res.text();
  assert.equal(res.status, 200, text);
  return { text, body: JSON.parse(text), total: Number(res.headers.get('x-wp-total')),
    pages: Number(res.headers.get('x-wp-totalpages')) };
}

// Poll until check(list) holds (another process's write is seen on
// the server's next look at the invalidation log), with the shared
// deadline poller; no fixed sleeps.
async function until(s, path, check, what) {
  let last;
  await pollUntil(what, async () => check(last = await list(s, path)), 10000);
  return last;
}

for (const mode of ['cached', 'uncached']) {
  test(`${mode}: the same request answers the same bytes; publish, edit and trash change the list at once`, async () => {
    const s = servers[mode];
    const first = await list(s);
    const again = await list(s);
    assert.equal(again.text, first.text);
    assert.equal(again.total, first.total);
    // The list joined from kept posts is what jansson writes for the
    // same posts one by one: a _fields list naming every field makes
    // the same objects the long way.
    const keys = Object.keys(first.body[0]).join(',');
    const long = await list(s, `${LIST}&_fields=${keys}`);
    assert.equal(long.text, first.text);

    // Publish: one more, first in the list, on the next request.
    const made = await s.api('/wp-json/wp/v2/posts', {
      role: 'editor', method: 'POST',
      json: { title: `Memo ${mode} fresh`, content: 'A *new* story.', status: 'publish' },
    });
    assert.equal(made.res.status, 201, JSON.stringify(made.body));
    const id = made.body.id;
    let now = await list(s);
    assert.equal(now.total, first.total + 1);
    assert.equal(now.body[0].id, id);
    assert.equal(now.body[0].title.rendered, `Memo ${mode} fresh`);
    assert.equal(now.pages, Math.ceil((first.total + 1) / 5));

    // Edit: the kept JSON of the post goes with it.
    const edited = await s.api(`/wp-json/wp/v2/posts/${id}`, {
      role: 'editor', method: 'POST',
      json: { title: `Memo ${mode} edited`, comment_status: 'closed' },
    });
    assert.equal(edited.res.status, 200, JSON.stringify(edited.body));
    now = await list(s);
    assert.equal(now.body[0].title.rendered, `Memo ${mode} edited`);
    assert.equal(now.body[0].comment_status, 'closed');
    assert.equal(now.total, first.total + 1);

    // A draft is neither counted nor listed, and counting it for an
    // editor does not leak into the public total.
    const draft = await s.api('/wp-json/wp/v2/posts', {
      role: 'editor', method: 'POST', json: { title: `Memo ${mode} draft`, status: 'draft' },
    });
    assert.equal(draft.res.status, 201);
    const drafts = await s.api('/wp-json/wp/v2/posts?status=draft&per_page=5', { role: 'editor' });
    assert.ok(drafts.body.some((p) => p.id === draft.body.id));
    const before = Number(drafts.res.headers.get('x-wp-total'));
    const draft2 = await s.api('/wp-json/wp/v2/posts', {
      role: 'editor', method: 'POST', json: { title: `Memo ${mode} draft 2`, status: 'draft' },
    });
    assert.equal(draft2.res.status, 201);
    const drafts2 = await s.api('/wp-json/wp/v2/posts?status=draft&per_page=5', { role: 'editor' });
    assert.equal(Number(drafts2.res.headers.get('x-wp-total')), before + 1, 'drafts are counted each time');
    now = await list(s);
    assert.equal(now.total, first.total + 1);

    // Trash: one fewer, gone from the list.
    const gone = await s.api(`/wp-json/wp/v2/posts/${id}`, { role: 'editor', method: 'DELETE' });
    assert.equal(gone.res.status, 200, JSON.stringify(gone.body));
    now = await list(s);
    assert.equal(now.total, first.total);
    assert.ok(!now.body.some((p) => p.id === id));
    assert.equal(now.text, first.text);
  });

  test(`${mode}: another process's write changes the list and its total`, async () => {
    const s = servers[mode];
    const was = await list(s);
    const r = cli(s, ['article', 'add', '--title', `Memo ${mode} from the command line`,
      '--body-file', '-', '--status', 'published'], 'Written by another process.\n');
    assert.equal(r.status, 0, r.stderr);
    const now = await until(s, LIST, (l) => l.total === was.total + 1, 'the new total');
    assert.equal(now.body[0].title.rendered, `Memo ${mode} from the command line`);
  });
}

test('the site\'s time zone, kept per store change, moves every date of the kept posts', async () => {
  for (const s of Object.values(servers)) {
    const hours = (p) => (Date.parse(p.date + 'Z') - Date.parse(p.date_gmt + 'Z')) / 3600000;
    for (const [zone, want] of [['Asia/Tokyo', 9], ['UTC', 0], ['Asia/Kolkata', 5.5]]) {
      const r = cli(s, ['settings', `timezone=${zone}`]);
      assert.equal(r.status, 0, r.stderr);
      const l = await until(s, LIST, (x) => hours(x.body[0]) === want, `${zone} in the list`);
      assert.ok(l.body.every((p) => hours(p) === want), zone);
      const one = await s.api(`/wp-json/wp/v2/posts/${l.body[0].id}`);
      assert.equal(hours(one.body), want, `${zone} in one post`);
    }
  }
});

test('a list made of kept posts still goes from the page cache with what those posts show', async () => {
  const s = servers.cached;
  let r = cli(s, ['slider', 'add', 'Memo slider']);
  assert.equal(r.status, 0, r.stderr);
  const slider = r.stdout.trim();
  r = cli(s, ['slider', 'slide', slider, '--image', '/media/a.jpg', '--alt', 'Slide one',
    '--caption', 'Caption one']);
  assert.equal(r.status, 0, r.stderr);
  const made = await s.api('/wp-json/wp/v2/posts', {
    role: 'editor', method: 'POST',
    json: { title: 'Memo slider story', content: `Intro.\n\n[slider id="${slider}"]\n`, status: 'publish' },
  });
  assert.equal(made.res.status, 201, JSON.stringify(made.body));
  // The first list renders the post and keeps it; the second, another
  // address and so another cache entry, is made from the kept post.
  const one = '/wp-json/wp/v2/posts?per_page=1';
  const two = '/wp-json/wp/v2/posts?per_page=1&order=desc';
  for (const p of [one, two]) {
    const l = await list(s, p);
    assert.equal(l.body[0].id, made.body.id);
    assert.match(l.body[0].content.rendered, /Caption one/);
    assert.doesNotMatch(l.body[0].content.rendered, /Caption two/);
  }
  // A new slide is a slider write only (no article changes), seen from
  // another process: both cached lists show it.
  r = cli(s, ['slider', 'slide', slider, '--image', '/media/b.jpg', '--alt', 'Slide two',
    '--caption', 'Caption two']);
  assert.equal(r.status, 0, r.stderr);
  for (const p of [two, one]) {
    await until(s, p, (l) => /Caption two/.test(l.body[0].content.rendered), `${p} shows the new slide`);
  }
});
