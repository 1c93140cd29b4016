// The newsroom over HTTP: login and its limits, sessions and
// their expiry, CSRF refusal, every role against every admin action, the
// editor's conflict page, scheduling, corrections, preview, autosave and
// the user and article commands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { startServer, until, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import {
  Client, PASSWORD, ROLES, addUser, articleIdOf, cli, demoPassword, gradientPng, uploadMedia,
} from '../lib/newsroom.mjs';

let s;
const clients = {};

// Fixture SQL on the server's database (SQLite or PostgreSQL pass).
function sql(statement) {
  return s.sql(statement);
}

before(async () => {
  s = await startServer();
  for (const role of ROLES) addUser(s, `u-${role}`, role);
  for (const role of ROLES) {
    clients[role] = new Client(s);
    clients[role].role = role;
    const r = await clients[role].login(`u-${role}`);
    assert.equal(r.status, 303, `login as ${role}`);
  }
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('serve --demo prints a one-time admin login that works', async () => {
  const pw = demoPassword(s);
  assert.match(pw, /^[a-z0-9]{20}$/);
  const c = new Client(s);
  const r = await c.login('admin', pw);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/');
  const cookie = r.headers['set-cookie'].find((x) => x.startsWith('ng_session='));
  assert.match(cookie, /^ng_session=[0-9a-f]{64};/);
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.match(cookie, /Path=\/admin/);
  assert.doesNotMatch(cookie, /Secure/, 'plain-http site: no Secure flag');
  // The token itself is never stored, only its hash.
  const token = c.cookies.get('ng_session');
  assert.equal(sql(`SELECT count(*) FROM sessions WHERE token_hash = '${token}'`), '0');
  assert.equal(sql('SELECT count(*) FROM sessions WHERE length(token_hash) = 64') > 0, true);
  // Passwords are argon2id with at least 19 MiB and 2 passes.
  const hash = sql("SELECT pass_hash FROM users WHERE login = 'admin'");
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=\d+\$/.exec(hash);
  assert.ok(m, hash);
  assert.ok(Number(m[1]) >= 19 * 1024 && Number(m[2]) >= 2);
});

test('admin responses are private and cannot be framed', async () => {
  for (const p of ['/admin/', '/admin/articles/', '/admin/articles/new/', '/admin/login']) {
    const r = await (p === '/admin/login' ? new Client(s) : clients.administrator).get(p);
    assert.equal(r.status, 200, p);
    assert.equal(r.headers['cache-control'], 'no-store', p);
    assert.equal(r.headers['x-frame-options'], 'DENY', p);
    assert.match(r.headers['content-security-policy'], /frame-ancestors 'none'/, p);
    assert.match(r.headers['content-security-policy'], /script-src 'self'/, p);
  }
  // Public pages never get a session cookie or the admin's headers.
  const pub = await clients.administrator.get('/');
  assert.equal(pub.headers['set-cookie'], undefined);
});

test('without a session: GET goes to the login page, POST is refused', async () => {
  const anon = new Client(s);
  let r = await anon.get('/admin/articles/');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/login?next=/admin/articles/');
  r = await anon.post('/admin/articles/new/', { title: 'x', body: 'y' });
  assert.equal(r.status, 403);
  // A login comes back to where it started, never off-site.
  const page = await anon.get('/admin/login?next=/admin/articles/');
  r = await anon.post('/admin/login', {
    csrf: Client.csrf(page.body), login: 'u-editor', password: PASSWORD, next: '/admin/articles/',
  });
  assert.equal(r.headers.location, '/admin/articles/');
  const evil = new Client(s);
  const p2 = await evil.get('/admin/login');
  r = await evil.post('/admin/login', {
    csrf: Client.csrf(p2.body), login: 'u-editor', password: PASSWORD, next: '//evil.example/',
  });
  assert.equal(r.headers.location, '/admin/');
});

test('the login form needs its own token', async () => {
  const c = new Client(s);
  let r = await c.post('/admin/login', { login: 'u-editor', password: PASSWORD });
  assert.equal(r.status, 403);
  assert.match(r.body, /form expired/);
  await c.get('/admin/login');
  r = await c.post('/admin/login', { csrf: 'f'.repeat(64), login: 'u-editor', password: PASSWORD });
  assert.equal(r.status, 403);
  assert.equal(c.cookies.has('ng_session'), false);
});

test('wrong passwords, disabled and unknown users are all the same failure', async () => {
  addUser(s, 'u-gone', 'editor');
  assert.equal(cli(s, ['user', 'disable', 'u-gone']).status, 0);
  for (const [login, pw] of [['u-editor', 'wrong-password'], ['nobody', PASSWORD], ['u-gone', PASSWORD]]) {
    const c = new Client(s, { from: '127.0.0.9' });
    const r = await c.login(login, pw);
    assert.equal(r.status, 403, login);
    assert.match(r.body, /Wrong login or password/);
    assert.equal(c.cookies.has('ng_session'), false);
  }
});

test('failed logins are limited per account and address, without locking the user out', async () => {
  addUser(s, 'u-target', 'author');
  const attacker = new Client(s, { from: '127.0.0.2' });
  let r;
  for (let i = 0; i < 5; i++) {
    r = await attacker.login('u-target', `guess-${i}-wrong`);
    assert.equal(r.status, 403, `attempt ${i}`);
  }
  // The sixth try is refused before the password is even checked --
  // the right password too.
  r = await attacker.login('u-target', PASSWORD);
  assert.equal(r.status, 429);
  assert.ok(Number(r.headers['retry-after']) > 0);
  assert.match(r.body, /Too many failed attempts/);
  // The real user, from their own address, logs in at once.
  const user = new Client(s, { from: '127.0.0.3' });
  r = await user.login('u-target');
  assert.equal(r.status, 303);
  // Failures from one address are capped across accounts too.
  const sprayer = new Client(s, { from: '127.0.0.4' });
  let limited = false;
  for (let i = 0; i < 25 && !limited; i++) {
    r = await sprayer.login(`victim-${i}`, 'not-the-password');
    limited = r.status === 429;
  }
  assert.ok(limited, 'per-address cap');
});

test('a state-changing request without the CSRF token is refused', async () => {
  const c = clients.editor;
  const before = sql('SELECT count(*) FROM articles');
  let r = await c.post('/admin/articles/new/', { title: 'CSRF one', body: 'x' });
  assert.equal(r.status, 403);
  r = await c.post('/admin/articles/new/', { csrf: 'a'.repeat(64), title: 'CSRF two', body: 'x' });
  assert.equal(r.status, 403);
  // Another user's token is not this session's.
  r = await c.post('/admin/articles/new/', { csrf: clients.author.token, title: 'CSRF three', body: 'x' });
  assert.equal(r.status, 403);
  // A cross-site Origin is refused even with the right token.
  r = await c.post('/admin/articles/new/', { csrf: c.token, title: 'CSRF four', body: 'x' },
    { headers: { origin: 'https://evil.example' } });
  assert.equal(r.status, 403);
  r = await c.post('/admin/logout', {});
  assert.equal(r.status, 403);
  assert.equal(sql('SELECT count(*) FROM articles'), before);
  // With the token (and a same-origin Origin) it works.
  r = await c.post('/admin/articles/new/', { csrf: c.token, title: 'CSRF ok', body: 'x' },
    { headers: { origin: s.url } });
  assert.equal(r.status, 303);
});

// Every role against every newsroom action.  1: allowed, 0: refused.
const others = 1;	// a demo article, bylined to a demo author

// What the matrix rows act on, made fresh for each call so that no row
// depends on what another role did before it.
let made = 0;
const row = (id, col) => sql(`SELECT coalesce(CAST(${col} AS TEXT), '') FROM articles WHERE id = ${id}`);

// POST the editor's form of article id as it stands, with action.
function saveAs(c, id, action) {
  return c.postForm(`/admin/articles/${id}/`, {
    version: row(id, 'version'), title: row(id, 'title'), body: row(id, 'body_md'), action,
    section: row(id, 'section_id'), author: row(id, 'author_id'), comments_open: '1',
  });
}

// A draft of c's own (published: then live, a contributor's published
// by an editor with the byline kept).
async function ownArticle(c, { published = false } = {}) {
  const r = await c.postForm('/admin/articles/new/', { title: `Own by ${c.role} ${++made}`, body: 'Own words.' });
  assert.equal(r.status, 303, `${c.role}: own article`);
  const id = articleIdOf(r);
  if (published) {
    const p = await saveAs(c.role === 'contributor' ? clients.editor : c, id, 'publish');
    assert.equal(p.status, 303);
  }
  return id;
}

// A published article bylined to a demo author: nobody's own here.
async function othersArticle() {
  const r = await clients.editor.postForm('/admin/articles/new/', {
    title: `Someone else's ${++made}`, body: 'Their words.', action: 'publish', author: row(others, 'author_id'),
  });
  assert.equal(r.status, 303);
  return articleIdOf(r);
}

const newestRevision = (id) => sql(`SELECT max(id) FROM article_revisions WHERE article_id = ${id}`);

// A reader's pending comment on the demo article.
function matrixComment() {
  return Number(sql('INSERT INTO comments (article_id, status, author, email, body, created_at) ' +
    `VALUES (${others}, 'pending', 'Matrix Reader', 'matrix@example.com', 'Matrix comment ${++made}', ` +
    "strftime('%s', 'now')); SELECT last_insert_rowid();"));
}

const png = gradientPng(64, 48);
// An image in the library (uploaded by the administrator when none is).
async function someMedia() {
  if (sql('SELECT count(*) FROM media') === '0') {
    const r = await uploadMedia(clients.administrator, { alt: 'Matrix' }, { name: 'm.png', type: 'image/png', data: png });
    assert.equal(r.status, 303, r.body);
  }
  return sql('SELECT max(id) FROM media');
}

function sqlInsert(statement) {
  return sql(`${statement}; SELECT last_insert_rowid();`);
}
const matrix = [
  // [name, request(client) -> response, contributor, author, editor, administrator]
  ['dashboard', (c) => c.get('/admin/'), 1, 1, 1, 1],
  ['article list', (c) => c.get('/admin/articles/'), 1, 1, 1, 1],
  ['new article form', (c) => c.get('/admin/articles/new/'), 1, 1, 1, 1],
  ['save a draft', (c) => c.postForm('/admin/articles/new/', { title: 'Draft by role', body: 'x', action: 'save' }), 1, 1, 1, 1],
  ['submit for review', (c) => c.postForm('/admin/articles/new/', { title: 'Submitted by role', body: 'x', action: 'submit' }), 1, 1, 1, 1],
  ['publish own', (c) => c.postForm('/admin/articles/new/', { title: 'Published by role', body: 'x', action: 'publish' }), 0, 1, 1, 1],
  ['schedule own', (c) => c.postForm('/admin/articles/new/', {
    title: 'Scheduled by role', body: 'x', action: 'schedule', publish_at: '2099-01-01T10:00',
  }), 0, 1, 1, 1],
  ["open another's article", (c) => c.get(`/admin/articles/${others}/`), 0, 0, 1, 1],
  ["edit another's article", async (c) => {
    const v = sql(`SELECT version FROM articles WHERE id = ${others}`);
    const title = sql(`SELECT title FROM articles WHERE id = ${others}`);
    return c.postForm(`/admin/articles/${others}/`, {
      version: v, title, body: sql(`SELECT body_md FROM articles WHERE id = ${others}`), action: 'save',
      section: sql(`SELECT section_id FROM articles WHERE id = ${others}`),
      author: sql(`SELECT author_id FROM articles WHERE id = ${others}`),
      comments_open: '1',
    });
  }, 0, 0, 1, 1],
  ["another's revisions", (c) => c.get(`/admin/articles/${others}/revisions/`), 0, 0, 1, 1],
  ['add a correction', (c) => c.postForm(`/admin/articles/${others}/corrections/`, {
    kind: 'update', note: 'Role matrix note.',
  }), 0, 0, 1, 1],
  ['preview', (c) => c.postForm('/admin/preview', { body: '*hi*' }), 1, 1, 1, 1],
  ['autosave', (c) => c.postForm('/admin/autosave', { article: '0', title: 't', body: 'b' }), 1, 1, 1, 1],
  ["autosave another's article", (c) => c.postForm('/admin/autosave', { article: String(others), title: 't', body: 'b' }), 0, 0, 1, 1],
  ['comment queue', (c) => c.get('/admin/comments/'), 0, 0, 1, 1],
  ['moderate comments', (c) => c.postForm('/admin/comments/', { action: 'approve', id: '999999' }), 0, 0, 1, 1],
  ['sections page', (c) => c.get('/admin/sections/'), 0, 0, 1, 1],
  ['add a section', (c) => c.postForm('/admin/sections/', { name: `Section by ${c.role}` }), 0, 0, 1, 1],
  ['tags page', (c) => c.get('/admin/tags/'), 0, 0, 1, 1],
  ['authors page', (c) => c.get('/admin/authors/'), 0, 0, 1, 1],
  ['add an author', (c) => c.postForm('/admin/authors/', { name: `Author by ${c.role}` }), 0, 0, 1, 1],
  ['settings page', (c) => c.get('/admin/settings/'), 0, 0, 0, 1],
  ['change settings', (c) => c.postForm('/admin/settings/', {
    title: 'The Nutgraf Times', tagline: '', timezone: 'UTC', comment_moderation: '0',
    comment_previously_approved: '1', close_comments_days_old: '0', comment_max_links: '2',
  }), 0, 0, 0, 1],
  ['users page', (c) => c.get('/admin/users/'), 0, 0, 0, 1],
  ['add a user', (c) => c.postForm('/admin/users/', { login: `made-by-${c.role}`, role: 'contributor' }), 0, 0, 0, 1],
  // Own work and others': open, history, status changes.
  ['open own article', async (c) => c.get(`/admin/articles/${await ownArticle(c)}/`), 1, 1, 1, 1],
  ['own revisions', async (c) => c.get(`/admin/articles/${await ownArticle(c)}/revisions/`), 1, 1, 1, 1],
  ['compare own revision', async (c) => {
    const id = await ownArticle(c);
    return c.get(`/admin/articles/${id}/revisions/${newestRevision(id)}/`);
  }, 1, 1, 1, 1],
  ["compare another's revision", (c) => c.get(`/admin/articles/${others}/revisions/${newestRevision(others)}/`), 0, 0, 1, 1],
  ['restore own revision', async (c) => {
    const id = await ownArticle(c);
    return c.postForm(`/admin/articles/${id}/revisions/${newestRevision(id)}/`, { version: row(id, 'version'), confirm: '1' });
  }, 1, 1, 1, 1],
  ["restore another's revision", async (c) => {
    const id = await othersArticle();
    return c.postForm(`/admin/articles/${id}/revisions/${newestRevision(id)}/`, { version: row(id, 'version'), confirm: '1' });
  }, 0, 0, 1, 1],
  // WordPress: authors edit and unpublish their own published posts;
  // a contributor's is out of their hands once published.
  ['unpublish own published article', async (c) => saveAs(c, await ownArticle(c, { published: true }), 'unpublish'), 0, 1, 1, 1],
  ["unpublish another's article", async (c) => saveAs(c, await othersArticle(), 'unpublish'), 0, 0, 1, 1],
  ['trash own draft', async (c) => saveAs(c, await ownArticle(c), 'trash'), 1, 1, 1, 1],
  ['trash own published article', async (c) => saveAs(c, await ownArticle(c, { published: true }), 'trash'), 0, 1, 1, 1],
  ["trash another's article", async (c) => saveAs(c, await othersArticle(), 'trash'), 0, 0, 1, 1],
  // Media: WordPress gives upload_files to authors and up, never to
  // contributors.  A contributor may still pick an image already in the
  // library for their own draft.
  // WordPress's upload_files: not for contributors.
  ['media library', (c) => c.get('/admin/media/'), 0, 1, 1, 1],
  ['upload an image', (c) => uploadMedia(c, { alt: `By ${c.role}` }, { name: 'm.png', type: 'image/png', data: png }), 0, 1, 1, 1],
  ["upload an image into another's article", async (c) => uploadMedia(c, { alt: 'x', article: String(await othersArticle()) },
    { name: 'm.png', type: 'image/png', data: png }), 0, 0, 1, 1],
  ['featured image of own article', async (c) => c.postForm(`/admin/articles/${await ownArticle(c)}/featured/`, {
    media: await someMedia(),
  }), 0, 1, 1, 1],
  ["featured image of another's article", async (c) => c.postForm(`/admin/articles/${await othersArticle()}/featured/`, {
    media: await someMedia(),
  }), 0, 0, 1, 1],
  // Comments from the queue.
  ['comment edit form', (c) => c.get(`/admin/comments/${matrixComment()}/edit/`), 0, 0, 1, 1],
  ['edit a comment', (c) => c.postForm(`/admin/comments/${matrixComment()}/edit/`, {
    author: 'Matrix Reader', url: '', comment: `Fixed by ${c.role}.`,
  }), 0, 0, 1, 1],
  ['reply to a comment', (c) => c.postForm(`/admin/comments/${matrixComment()}/`, { body: `Reply by ${c.role}.` }), 0, 0, 1, 1],
  ['bulk-approve comments', (c) => c.post('/admin/comments/', [['csrf', c.token], ['action', 'approve'],
    ['id', String(matrixComment())], ['id', String(matrixComment())]]), 0, 0, 1, 1],
  // Sections, tags and authors.
  ['edit a section', (c) => {
    const id = sqlInsert(`INSERT INTO sections (slug, name) VALUES ('sec-${++made}', 'Section ${made}')`);
    return c.postForm(`/admin/sections/${id}/`, { name: `Section ${made} renamed`, slug: `sec-${made}`, position: '9' });
  }, 0, 0, 1, 1],
  ['delete a section', (c) => {
    const id = sqlInsert(`INSERT INTO sections (slug, name) VALUES ('sec-${++made}', 'Section ${made}')`);
    return c.postForm(`/admin/sections/${id}/`, { action: 'delete' });
  }, 0, 0, 1, 1],
  ['edit a tag', (c) => {
    const id = sqlInsert(`INSERT INTO tags (slug, name) VALUES ('tag-${++made}', 'Tag ${made}')`);
    return c.postForm(`/admin/tags/${id}/`, { action: 'update', name: `Tag ${made} renamed`, slug: `tag-${made}` });
  }, 0, 0, 1, 1],
  ['merge a tag into another', (c) => {
    const from = sqlInsert(`INSERT INTO tags (slug, name) VALUES ('from-${++made}', 'From ${made}')`);
    sql(`INSERT INTO tags (slug, name) VALUES ('into-${made}', 'Into ${made}')`);
    return c.postForm(`/admin/tags/${from}/`, { action: 'merge', into: `into-${made}` });
  }, 0, 0, 1, 1],
  ['delete a tag', (c) => {
    const id = sqlInsert(`INSERT INTO tags (slug, name) VALUES ('tag-${++made}', 'Tag ${made}')`);
    return c.postForm(`/admin/tags/${id}/`, { action: 'delete' });
  }, 0, 0, 1, 1],
  ['edit an author', (c) => {
    const id = sqlInsert(`INSERT INTO authors (slug, name, created_at) VALUES ('au-${++made}', 'Author ${made}', 0)`);
    return c.postForm(`/admin/authors/${id}/`, { name: `Author ${made}`, slug: `au-${made}`, bio: 'A bio.' });
  }, 0, 0, 1, 1],
  // People.
  ["change a user's role", (c) => {
    addUser(s, `mx-role-${++made}`, 'contributor');
    return c.postForm(`/admin/users/${sql(`SELECT id FROM users WHERE login = 'mx-role-${made}'`)}/`, { action: 'role', role: 'author' });
  }, 0, 0, 0, 1],
  ['disable a user', (c) => {
    addUser(s, `mx-off-${++made}`, 'author');
    return c.postForm(`/admin/users/${sql(`SELECT id FROM users WHERE login = 'mx-off-${made}'`)}/`, { action: 'disable' });
  }, 0, 0, 0, 1],
  ["reset a user's password", (c) => {
    addUser(s, `mx-pw-${++made}`, 'author');
    return c.postForm(`/admin/users/${sql(`SELECT id FROM users WHERE login = 'mx-pw-${made}'`)}/`, { action: 'password' });
  }, 0, 0, 0, 1],
];

for (const [name, fn, ...allowed] of matrix) {
  test(`roles: ${name}`, async () => {
    for (let i = 0; i < ROLES.length; i++) {
      const role = ['contributor', 'author', 'editor', 'administrator'][i];
      const r = await fn(clients[role]);
      if (allowed[i]) assert.ok(r.status === 200 || r.status === 303, `${role}: ${name}: ${r.status}`);
      else assert.equal(r.status, 403, `${role}: ${name}`);
    }
  });
}

test("an author's and a contributor's own article: who may do what", async () => {
  const con = clients.contributor;
  let r = await con.postForm('/admin/articles/new/', { title: 'Contributor piece', body: 'Words.', action: 'submit' });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  assert.equal(sql(`SELECT status FROM articles WHERE id = ${id}`), 'pending');
  // It waits for review: on the editor's dashboard, not on the site.
  const dash = await clients.editor.get('/admin/');
  assert.match(dash.body, /Waiting for review/);
  assert.match(dash.body, /Contributor piece/);
  const front = await fetch(s.url + '/');
  assert.doesNotMatch(await front.text(), /Contributor piece/);
  // The contributor cannot publish it, the editor can.
  const version = sql(`SELECT version FROM articles WHERE id = ${id}`);
  r = await con.postForm(`/admin/articles/${id}/`, { version, title: 'Contributor piece', body: 'Words.', action: 'publish' });
  assert.equal(r.status, 403);
  r = await clients.editor.postForm(`/admin/articles/${id}/`, {
    version, title: 'Contributor piece', body: 'Words.', action: 'publish',
    author: sql(`SELECT author_id FROM articles WHERE id = ${id}`),
  });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT status FROM articles WHERE id = ${id}`), 'published');
  // Once published it is out of the contributor's hands.
  r = await con.get(`/admin/articles/${id}/`);
  assert.equal(r.status, 403);
  // The list shows contributors only their own work.
  const list = await con.get('/admin/articles/');
  assert.doesNotMatch(list.body, /US to Negotiate Troop Withdrawal/);
});

test('session expiry: idle, absolute, logout', async () => {
  // Idle for more than two hours: find this login's session and age it.
  const c2 = new Client(s);
  const before = new Set(sql('SELECT token_hash FROM sessions').split('\n'));
  assert.equal((await c2.login('u-author')).status, 303);
  const mine = sql('SELECT token_hash FROM sessions').split('\n').filter((h) => !before.has(h));
  assert.equal(mine.length, 1);
  sql(`UPDATE sessions SET last_seen = last_seen - 3 * 3600 WHERE token_hash = '${mine[0]}'`);
  let r = await c2.get('/admin/');
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /^\/admin\/login/);
  // Absolute end, however active.
  const c3 = new Client(s);
  const before3 = new Set(sql('SELECT token_hash FROM sessions').split('\n'));
  assert.equal((await c3.login('u-author')).status, 303);
  const mine3 = sql('SELECT token_hash FROM sessions').split('\n').filter((h) => !before3.has(h));
  sql(`UPDATE sessions SET expires_at = strftime('%s','now') - 1 WHERE token_hash = '${mine3[0]}'`);
  r = await c3.get('/admin/');
  assert.equal(r.status, 303);
  // Logout ends the session on the server, not just the cookie.
  const c4 = new Client(s);
  assert.equal((await c4.login('u-author')).status, 303);
  const cookie = c4.cookies.get('ng_session');
  r = await c4.postForm('/admin/logout', {});
  assert.equal(r.status, 303);
  assert.equal(c4.cookies.has('ng_session'), false);
  c4.cookies.set('ng_session', cookie);
  r = await c4.get('/admin/');
  assert.equal(r.status, 303);
  // A password change ends every session of the user.
  const c5 = new Client(s);
  addUser(s, 'u-rotate', 'author');
  assert.equal((await c5.login('u-rotate')).status, 303);
  assert.equal(cli(s, ['user', 'passwd', 'u-rotate', '--password-stdin'], 'another-password-1\n').status, 0);
  r = await c5.get('/admin/');
  assert.equal(r.status, 303);
  assert.equal((await new Client(s).login('u-rotate', 'another-password-1')).status, 303);
});

test('two editors saving the same article: the second gets a conflict, never an overwrite', async () => {
  const a = clients.editor;
  const b = clients.administrator;
  let r = await a.postForm('/admin/articles/new/', { title: 'Shared story', body: 'Original text.' });
  const id = articleIdOf(r);
  const v = sql(`SELECT version FROM articles WHERE id = ${id}`);
  r = await a.postForm(`/admin/articles/${id}/`, { version: v, title: 'Shared story', body: 'Edit by A.' });
  assert.equal(r.status, 303);
  r = await b.postForm(`/admin/articles/${id}/`, { version: v, title: 'Shared story', body: 'Edit by B, typed with care.' });
  assert.equal(r.status, 409);
  assert.match(r.body, /Someone else saved this article/);
  assert.match(r.body, /Edit by B, typed with care\./, "B's text is kept");
  assert.match(r.body, /Edit by A\./, "A's version is shown");
  assert.equal(sql(`SELECT body_md FROM articles WHERE id = ${id}`), 'Edit by A.');
  // The conflict page carries the new version: saving again is deliberate.
  const nv = /name="version" value="(\d+)"/.exec(r.body)[1];
  r = await b.postForm(`/admin/articles/${id}/`, { version: nv, title: 'Shared story', body: 'Edit by B, typed with care.' });
  assert.equal(r.status, 303);
  // Every save is a revision; one can be compared and restored.
  assert.equal(sql(`SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '3');
  const revs = await a.get(`/admin/articles/${id}/revisions/`);
  assert.equal(revs.status, 200);
  const first = sql(`SELECT min(id) FROM article_revisions WHERE article_id = ${id}`);
  const cmp = await a.get(`/admin/articles/${id}/revisions/${first}/`);
  assert.equal(cmp.status, 200);
  assert.match(cmp.body, /<del class="diff-del">- Original text\.<\/del>/);
  assert.match(cmp.body, /<ins class="diff-add">\+ Edit by B, typed with care\.<\/ins>/);
  const cur = sql(`SELECT version FROM articles WHERE id = ${id}`);
  r = await a.postForm(`/admin/articles/${id}/revisions/${first}/`, { version: cur });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT body_md FROM articles WHERE id = ${id}`), 'Original text.');
  assert.equal(sql(`SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '4');
});

test('bad input keeps the text and says why', async () => {
  const r = await clients.author.postForm('/admin/articles/new/', {
    title: '', body: 'A body worth keeping.', action: 'save',
  });
  assert.equal(r.status, 422);
  assert.match(r.body, /The title is required/);
  assert.match(r.body, /A body worth keeping\./);
  const p = await clients.author.postForm('/admin/articles/new/', {
    title: 'Past', body: 'x', action: 'schedule', publish_at: '2001-01-01T00:00',
  });
  assert.equal(p.status, 422);
  assert.match(p.body, /time has passed/);
});

test('a scheduled article goes live at its time with no visit', async () => {
  const when = new Date(Date.now() + 3000).toISOString().slice(0, 19);
  const r = await clients.author.postForm('/admin/articles/new/', {
    title: 'Goes live by itself', body: 'Scheduled body.', action: 'schedule', publish_at: when,
  });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  assert.equal(sql(`SELECT status FROM articles WHERE id = ${id}`), 'scheduled');
  assert.doesNotMatch(await (await fetch(s.url + '/')).text(), /Goes live by itself/);
  // The scheduler publishes it on its own, a few seconds from now.
  await until('the scheduler publishes it', () => sql(`SELECT status FROM articles WHERE id = ${id}`) === 'published', 30000);
  assert.match(await (await fetch(s.url + '/')).text(), /Goes live by itself/);
});

test('corrections show on the article and move its modified time', async () => {
  const r = await clients.editor.postForm('/admin/articles/new/', { title: 'Story to correct', body: 'Body.', action: 'publish' });
  const id = articleIdOf(r);
  sql(`UPDATE articles SET updated_at = updated_at - 86400 * 3, published_at = published_at - 86400 * 3 WHERE id = ${id}`);
  const c = await clients.editor.postForm(`/admin/articles/${id}/corrections/`, {
    kind: 'correction', note: 'An earlier version gave the wrong date.',
  });
  assert.equal(c.status, 303);
  const slug = sql(`SELECT slug FROM articles WHERE id = ${id}`);
  const pub = Number(sql(`SELECT published_at FROM articles WHERE id = ${id}`));
  const d = new Date(pub * 1000);
  const url = `${s.url}/${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${slug}/`;
  const html = await (await fetch(url)).text();
  assert.match(html, /Corrections and updates/);
  assert.match(html, /An earlier version gave the wrong date\./);
  assert.match(html, /Updated <time/);
  assert.ok(Number(sql(`SELECT updated_at FROM articles WHERE id = ${id}`)) > pub + 86400);
});

test('preview renders Markdown with raw HTML escaped; autosave keeps a draft', async () => {
  const c = clients.author;
  let r = await c.postForm('/admin/preview', { body: '# Hi\n\n<script>alert(1)</script> *there*' });
  assert.equal(r.status, 200);
  assert.match(r.body, /<h1>Hi<\/h1>/);
  assert.match(r.body, /<em>there<\/em>/);
  assert.doesNotMatch(r.body, /<script>/);
  assert.equal(r.headers['cache-control'], 'no-store');
  r = await c.postForm('/admin/autosave', { article: '0', title: 'Unsaved', body: 'Typed but never saved.' });
  assert.equal(r.status, 200);
  const page = await c.get('/admin/articles/new/');
  assert.match(page.body, /An autosaved version from/);
  const restored = await c.get('/admin/articles/new/?autosave=1');
  assert.match(restored.body, /Typed but never saved\./);
});

test('user commands: add, list, passwd, disable, enable', async () => {
  let r = cli(s, ['user', 'add', 'cli-user', '--role', 'author']);
  assert.equal(r.status, 0, r.stderr);
  const pw = /one-time password: ([a-z0-9]+)/.exec(r.stdout)[1];
  assert.equal((await new Client(s).login('cli-user', pw)).status, 303);
  r = cli(s, ['user', 'add', 'cli-user', '--role', 'author']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /exists/);
  r = cli(s, ['user', 'add', 'x', '--role', 'king']);
  assert.equal(r.status, 2);
  r = cli(s, ['user', 'add', 'short', '--role', 'author', '--password-stdin'], 'abc\n');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /at least 8/);
  r = cli(s, ['user', 'list']);
  assert.match(r.stdout, /^cli-user\tauthor\tactive/m);
  assert.equal(cli(s, ['user', 'disable', 'cli-user']).status, 0);
  assert.match(cli(s, ['user', 'list']).stdout, /^cli-user\tauthor\tdisabled/m);
  assert.equal((await new Client(s).login('cli-user', pw)).status, 403);
  assert.equal(cli(s, ['user', 'enable', 'cli-user']).status, 0);
  assert.equal((await new Client(s).login('cli-user', pw)).status, 303);
  r = cli(s, ['user', 'passwd', 'cli-user']);
  assert.equal(r.status, 0);
  const pw2 = /one-time password: ([a-z0-9]+)/.exec(r.stdout)[1];
  assert.equal((await new Client(s).login('cli-user', pw2)).status, 303);
  assert.equal(cli(s, ['user', 'passwd', 'no-such-user']).status, 1);
});

test('article commands: add prints the URL, list, unpublish, publish', async () => {
  const body = path.join(s.dataDir, 'body.md');
  writeFileSync(body, 'Scripted *body* text.\n');
  let r = cli(s, ['article', 'add', '--title', 'Scripted Story', '--body-file', body, '--dek', 'A dek',
    '--section', 'world', '--tags', 'scripting, cli', '--author', 'u-author', '--status', 'published',
    '--source-name', 'Wire', '--source-url', 'https://wire.example/x']);
  assert.equal(r.status, 0, r.stderr);
  const url = r.stdout.trim();
  assert.match(url, /^\/\d{4}\/\d{2}\/scripted-story\/$/);
  let page = await fetch(s.url + url);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /Scripted <em>body<\/em> text\./);
  assert.match(html, /href="\/tag\/scripting\/"/);
  r = cli(s, ['article', 'list', '--status', 'published']);
  const line = r.stdout.split('\n').find((l) => l.includes('scripted-story'));
  assert.ok(line);
  const id = line.split('\t')[0];
  r = cli(s, ['article', 'unpublish', id]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await fetch(s.url + url)).status, 404);
  r = cli(s, ['article', 'publish', id]);
  assert.equal(r.status, 0, r.stderr);
  page = await fetch(s.url + r.stdout.trim());
  assert.equal(page.status, 200);
  assert.equal(sql(`SELECT count(*) FROM article_revisions WHERE article_id = ${id}`), '3');
  // Validation is the editor's.
  r = cli(s, ['article', 'add', '--title', '   ', '--body-file', body]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /title is required/);
  r = cli(s, ['article', 'add', '--title', 'Bad source', '--body-file', body, '--source-url', 'javascript:alert(1)']);
  assert.notEqual(r.status, 0);
  r = cli(s, ['article', 'add', '--title', 'Draft from CLI', '--body-file', body]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^\/admin\/articles\/\d+\/$/m);
});

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

let readers = 10;
// A reader's comment, from an address of its own (comments are rate
// limited per address).
async function readerComment(text) {
  const reader = new Client(s, { from: `127.0.1.${readers++}` });
  const res = await reader.post(SEED + 'comment', {
    author: 'A Reader', email: `reader-${readers}@example.com`, url: '', comment: text, comment_parent: '0',
  });
  assert.ok(res.status < 400, `comment post: ${res.status}`);
  return Number(sql(`SELECT id FROM comments WHERE body = '${text}'`));
}

test('the moderation queue: approve, spam, trash, reply, bulk, counts', async () => {
  sql("DELETE FROM settings WHERE key = 'comment_moderation'");
  sql("INSERT INTO settings (key, value) VALUES ('comment_moderation', '1')");
  const a = await readerComment('First queued comment');
  const b = await readerComment('Second queued comment');
  const c = await readerComment('Third queued comment');
  assert.equal(sql(`SELECT status FROM comments WHERE id = ${a}`), 'pending');
  const ed = clients.editor;
  let q = await ed.get('/admin/comments/');
  assert.equal(q.status, 200);
  assert.match(q.body, /First queued comment/);
  assert.match(q.body, /A Reader/);
  const dash = await ed.get('/admin/');
  assert.match(dash.body, /class="pending-comments">[1-9]/);
  // One at a time.
  let r = await ed.postForm('/admin/comments/', { action: 'approve', id: String(a) });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT status FROM comments WHERE id = ${a}`), 'approved');
  assert.match(await (await fetch(s.url + SEED)).text(), /First queued comment/);
  // In bulk: two ids in one form.
  r = await ed.post('/admin/comments/', [['csrf', ed.token], ['action', 'spam'], ['id', String(b)], ['id', String(c)]]);
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT status FROM comments WHERE id IN (${b}, ${c}) GROUP BY status`), 'spam');
  r = await ed.postForm('/admin/comments/', { action: 'trash', id: String(b) });
  assert.equal(sql(`SELECT status FROM comments WHERE id = ${b}`), 'trash');
  r = await ed.postForm('/admin/comments/', { action: 'delete', id: String(b) });
  assert.equal(sql(`SELECT count(*) FROM comments WHERE id = ${b}`), '0');
  // A reply is published at once under the editor's name.
  const d = await readerComment('A question for the desk');
  r = await ed.postForm(`/admin/comments/${d}/`, { body: 'Thanks, we have corrected it.' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT status FROM comments WHERE id = ${d}`), 'approved');
  assert.equal(sql(`SELECT author || '|' || status FROM comments WHERE parent_id = ${d}`), 'u-editor|approved');
  q = await ed.get('/admin/comments/?status=spam');
  assert.match(q.body, /Third queued comment/);
  r = await ed.postForm('/admin/comments/', { action: 'bogus', id: String(c) });
  assert.equal(r.status, 403);
});

test('settings: the time zone shapes the newsroom\'s times and the schedule', async () => {
  const adm = clients.administrator;
  let r = await adm.postForm('/admin/settings/', {
    title: 'The Nutgraf Times', tagline: 'Tagline here', timezone: 'Asia/Kolkata', comment_moderation: '1',
    comment_previously_approved: '1', close_comments_days_old: '0', comment_max_links: '2',
  });
  assert.equal(r.status, 303);
  assert.equal(sql("SELECT value FROM settings WHERE key = 'timezone'"), 'Asia/Kolkata');
  // A bad value saves nothing and comes back with what was typed and why.
  r = await adm.postForm('/admin/settings/', { title: 'x', timezone: 'Mars/Olympus', comment_moderation: '1',
    comment_previously_approved: '1', close_comments_days_old: '0', comment_max_links: '2' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Unknown time zone/);
  assert.match(r.body, /value="Mars\/Olympus"/);
  assert.match(r.body, /id="s-title" name="title" value="x"/);
  assert.equal(sql("SELECT value FROM settings WHERE key = 'title'"), 'The Nutgraf Times');
  r = await adm.postForm('/admin/settings/', { title: 'x', timezone: '../../etc/passwd', comment_moderation: '1',
    comment_previously_approved: '1', close_comments_days_old: '0', comment_max_links: '2' });
  assert.equal(r.status, 422);
  assert.equal(sql("SELECT value FROM settings WHERE key = 'timezone'"), 'Asia/Kolkata');
  // 10:00 in Kolkata (UTC+5:30) is 04:30 UTC.
  r = await adm.postForm('/admin/articles/new/', {
    title: 'Kolkata morning', body: 'x', action: 'schedule', publish_at: '2099-03-01T10:00',
  });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  assert.equal(sql(`SELECT datetime(published_at, 'unixepoch') FROM articles WHERE id = ${id}`), '2099-03-01 04:30:00');
  const page = await adm.get(`/admin/articles/${id}/`);
  assert.match(page.body, /2099-03-01 10:00 Asia\/Kolkata/);
  assert.match(page.body, /value="2099-03-01T10:00"/);
  await adm.postForm('/admin/settings/', { title: 'The Nutgraf Times', tagline: '', timezone: 'UTC', comment_moderation: '1',
    comment_previously_approved: '1', close_comments_days_old: '0', comment_max_links: '2' });
});

test('users page: an administrator adds people and sees the password once', async () => {
  const adm = clients.administrator;
  let r = await adm.postForm('/admin/users/', { login: 'web-made', name: 'Web Made', role: 'editor' });
  assert.equal(r.status, 200);
  const pw = /class="one-time">([a-z0-9]+)</.exec(r.body)[1];
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.equal((await new Client(s).login('web-made', pw)).status, 303);
  const id = sql("SELECT id FROM users WHERE login = 'web-made'");
  r = await adm.postForm(`/admin/users/${id}/`, { action: 'role', role: 'contributor' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT role FROM users WHERE id = ${id}`), 'contributor');
  r = await adm.postForm(`/admin/users/${id}/`, { action: 'disable' });
  assert.equal(sql(`SELECT disabled FROM users WHERE id = ${id}`), '1');
  // No administrator can lock themselves out.
  const me = sql("SELECT id FROM users WHERE login = 'u-administrator'");
  r = await adm.postForm(`/admin/users/${me}/`, { action: 'role', role: 'contributor' });
  assert.equal(r.status, 403);
  assert.equal(sql(`SELECT role FROM users WHERE id = ${me}`), 'administrator');
});

// The public address of a published article (the default permalink).
function publicPath(id) {
  return sql(`SELECT strftime('/%Y/%m/', published_at, 'unixepoch') || slug || '/' FROM articles WHERE id = ${id}`);
}

test('a canonical URL: set in the editor, named by the page, refused when bad', async () => {
  const ed = clients.editor;
  const canon = 'https://wire.example/2024/04/the-original/?a=1&b=2';
  let r = await ed.postForm('/admin/articles/new/', {
    title: 'Syndicated story', body: 'First told elsewhere.', action: 'publish', canonical_url: canon,
  });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  assert.equal(sql(`SELECT canonical_url FROM articles WHERE id = ${id}`), canon);
  // The editor shows it again.
  const form = await ed.get(`/admin/articles/${id}/`);
  assert.match(form.body, /name="canonical_url" type="url" value="https:\/\/wire\.example\/2024\/04\/the-original\/\?a=1&amp;b=2"/);
  // The reader page names the original: link rel, og:url and JSON-LD.
  const html = await (await fetch(s.url + publicPath(id))).text();
  assert.match(html, /<link rel="canonical" href="https:\/\/wire\.example\/2024\/04\/the-original\/\?a=1&amp;b=2">/);
  assert.match(html, /<meta property="og:url" content="https:\/\/wire\.example\/2024\/04\/the-original\/\?a=1&amp;b=2">/);
  const ld = [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)]
    .map((m) => JSON.parse(m[1])).find((o) => o['@type'] === 'NewsArticle');
  assert.ok(ld, 'NewsArticle JSON-LD');
  assert.equal(ld.url, canon);
  assert.equal(ld.mainEntityOfPage, canon);
  // Cleared: the page is its own canonical again (the cache knows).
  r = await saveAs(ed, id, 'save');
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT count(*) FROM articles WHERE id = ${id} AND canonical_url IS NULL`), '1');
  const own = await (await fetch(s.url + publicPath(id))).text();
  assert.match(own, new RegExp(`<link rel="canonical" href="[^"]*${publicPath(id)}">`));
  assert.doesNotMatch(own, /wire\.example/);
  // Bad addresses are refused with the reason, the text kept.
  for (const bad of ['/2024/04/relative/', 'javascript:alert(1)', 'wire.example/x', `https://wire.example/${'a'.repeat(2100)}`]) {
    r = await ed.postForm(`/admin/articles/${id}/`, {
      version: row(id, 'version'), title: 'Syndicated story', body: 'Body kept <b>safe</b>.', canonical_url: bad, action: 'save',
    });
    assert.equal(r.status, 422, bad.slice(0, 40));
    assert.match(r.body, /The canonical URL (must be a full address|is too long)/);
    assert.match(r.body, /Body kept &lt;b&gt;safe&lt;\/b&gt;\./);
    if (bad.length < 100) assert.ok(r.body.includes(`value="${bad}"`), 'the bad URL is shown to fix');
  }
  assert.equal(sql(`SELECT body_md FROM articles WHERE id = ${id}`), 'First told elsewhere.');
  // The CLI takes it too, through the same validation.
  const body = path.join(s.dataDir, 'canon.md');
  writeFileSync(body, 'Scripted syndication.\n');
  let c = cli(s, ['article', 'add', '--title', 'Scripted syndication', '--body-file', body, '--status', 'published',
    '--canonical-url', 'https://wire.example/scripted']);
  assert.equal(c.status, 0, c.stderr);
  const page = await (await fetch(s.url + c.stdout.trim())).text();
  assert.match(page, /<link rel="canonical" href="https:\/\/wire\.example\/scripted">/);
  c = cli(s, ['article', 'add', '--title', 'Bad canonical', '--body-file', body, '--canonical-url', '/relative']);
  assert.notEqual(c.status, 0);
  assert.match(c.stderr, /canonical URL/);
});

test('editing a comment from the queue: the page changes at once, the rules are a reader\'s', async () => {
  const ed = clients.editor;
  const id = await readerComment('Teh typo in this comment');
  assert.equal((await ed.postForm('/admin/comments/', { action: 'approve', id: String(id) })).status, 303);
  // Warm the page cache with the old text.
  assert.match(await (await fetch(s.url + SEED)).text(), /Teh typo in this comment/);
  const q = await ed.get('/admin/comments/?status=approved');
  assert.ok(q.body.includes(`href="/admin/comments/${id}/edit/"`), 'an Edit link in the queue');
  const page = await ed.get(`/admin/comments/${id}/edit/`);
  assert.equal(page.status, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.match(page.body, /<textarea id="comment" name="comment"[^>]*>Teh typo in this comment<\/textarea>/);
  assert.match(page.body, /value="A Reader"/);
  let r = await ed.postForm(`/admin/comments/${id}/edit/`, {
    author: 'A <Careful> Reader', url: 'reader.example', comment: 'The typo is fixed & <script>alert(1)</script> stays text.',
  });
  assert.equal(r.status, 303);
  assert.match(r.headers.location, new RegExp(`^/admin/comments/\\?status=approved&msg=edited#c${id}$`));
  assert.equal(sql(`SELECT author || '|' || url || '|' || status FROM comments WHERE id = ${id}`),
    'A <Careful> Reader|http://reader.example|approved');
  const html = await (await fetch(s.url + SEED)).text();
  assert.doesNotMatch(html, /Teh typo/);
  assert.match(html, /The typo is fixed &amp; &lt;script&gt;alert\(1\)&lt;\/script&gt; stays text\./);
  assert.match(html, /A &lt;Careful&gt; Reader/);
  assert.doesNotMatch(html, /<script>alert/);
  // A pending comment can be fixed too, and stays pending.
  const held = await readerComment('Held comment with a mistake');
  assert.equal(sql(`SELECT status FROM comments WHERE id = ${held}`), 'pending');
  r = await ed.postForm(`/admin/comments/${held}/edit/`, { author: 'A Reader', url: '', comment: 'Held comment, corrected.' });
  assert.equal(r.status, 303);
  assert.equal(sql(`SELECT body || '|' || status FROM comments WHERE id = ${held}`), 'Held comment, corrected.|pending');
  // Too long, empty, or a bad website: refused with the message, the text kept.
  const long = 'x'.repeat(65526);
  r = await ed.postForm(`/admin/comments/${id}/edit/`, { author: 'A Reader', url: '', comment: long });
  assert.equal(r.status, 422);
  assert.match(r.body, /too long \(at most 65,525 characters\)/);
  assert.ok(r.body.includes(long), 'the text is kept');
  r = await ed.postForm(`/admin/comments/${id}/edit/`, { author: '', url: 'javascript:alert(1)', comment: 'Kept <i>text</i>' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Please enter your name\./);
  assert.match(r.body, /valid website address/);
  assert.match(r.body, /Kept &lt;i&gt;text&lt;\/i&gt;/);
  assert.match(sql(`SELECT body FROM comments WHERE id = ${id}`), /^The typo is fixed/);
  // Authors and contributors are refused, and so is a form without the token.
  for (const role of ['author', 'contributor']) {
    r = await clients[role].postForm(`/admin/comments/${id}/edit/`, { author: 'X', url: '', comment: `By ${role}` });
    assert.equal(r.status, 403, role);
    assert.equal((await clients[role].get(`/admin/comments/${id}/edit/`)).status, 403, role);
  }
  r = await ed.post(`/admin/comments/${id}/edit/`, { author: 'X', url: '', comment: 'No token' });
  assert.equal(r.status, 403);
  r = await ed.post(`/admin/comments/${id}/edit/`, { csrf: clients.administrator.token, author: 'X', url: '', comment: 'Wrong token' });
  assert.equal(r.status, 403);
  assert.match(sql(`SELECT body FROM comments WHERE id = ${id}`), /^The typo is fixed/);
  assert.equal((await ed.get('/admin/comments/999999/edit/')).status, 404);
});

test('merging tags moves the articles and drops the old tag', async () => {
  const ed = clients.editor;
  let r = await ed.postForm('/admin/articles/new/', { title: 'Tagged twice', body: 'x', tags: 'Sahel, Sahel region', action: 'publish' });
  const a = articleIdOf(r);
  r = await ed.postForm('/admin/articles/new/', { title: 'Tagged once', body: 'x', tags: 'Sahel region', action: 'publish' });
  const b = articleIdOf(r);
  const from = sql("SELECT id FROM tags WHERE slug = 'sahel-region'");
  r = await ed.postForm(`/admin/tags/${from}/`, { action: 'merge', into: 'sahel' });
  assert.equal(r.status, 303);
  assert.equal(sql("SELECT count(*) FROM tags WHERE slug = 'sahel-region'"), '0');
  const into = sql("SELECT id FROM tags WHERE slug = 'sahel'");
  assert.equal(sql(`SELECT count(*) FROM article_tags WHERE tag_id = ${into} AND article_id IN (${a}, ${b})`), '2');
  assert.match(await (await fetch(s.url + '/tag/sahel/')).text(), /Tagged once/);
  r = await ed.postForm(`/admin/tags/${into}/`, { action: 'merge', into: 'no-such-tag' });
  assert.equal(r.status, 403);
  r = await ed.postForm(`/admin/tags/${into}/`, { action: 'merge', into: 'sahel' });
  assert.equal(r.status, 403);
});
