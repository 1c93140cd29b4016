// The REST API, write side: Application Passwords, the role x
// route matrix for posts, and hostile input answered with WordPress-style
// 400s, never a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, assertNoSanitizerReport, rawRequest, statusOf } from '../lib/nutgraf.mjs';
import { Client, ROLES } from '../lib/newsroom.mjs';
import { apiCaller, appPasswords, assertError, basicAuth } from '../lib/wpapi.mjs';

let s;
let pw;
let api;

before(async () => {
  s = await startServer();
  pw = appPasswords(s);
  api = apiCaller(s, pw);
});
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

function basic(role) {
  return basicAuth(pw[role]);
}

test('application passwords: HTTP Basic signs in; wrong ones are 401 with WordPress codes', async () => {
  const me = await api('/wp-json/wp/v2/users/me', { role: 'editor' });
  assert.equal(me.res.status, 200);
  assert.equal(me.body.username, 'editor');
  assert.deepEqual(me.body.roles, ['editor']);
  assert.match(me.res.headers.get('cache-control'), /no-store/);
  // Spaces in the password are optional, as in WordPress.
  const { login, password } = pw.author;
  const bare = await fetch(s.url + '/wp-json/wp/v2/users/me', {
    headers: { authorization: 'Basic ' + Buffer.from(`${login}:${password.replace(/ /g, '')}`).toString('base64') },
  });
  assert.equal(bare.status, 200);
  // The login password is not an application password.
  const wrong = await fetch(s.url + '/wp-json/wp/v2/users/me', {
    headers: { authorization: 'Basic ' + Buffer.from('editor:correct-horse-battery').toString('base64') },
  });
  assert.equal(wrong.status, 401);
  assert.equal((await wrong.json()).code, 'incorrect_password');
  const nouser = await fetch(s.url + '/wp-json/wp/v2/users/me', {
    headers: { authorization: 'Basic ' + Buffer.from('nobody:abcd').toString('base64') },
  });
  assert.equal((await nouser.json()).code, 'invalid_username');
  // Another user's password does not sign in as this one.
  const other = await fetch(s.url + '/wp-json/wp/v2/users/me', {
    headers: { authorization: 'Basic ' + Buffer.from(`editor:${pw.author.password}`).toString('base64') },
  });
  assert.equal(other.status, 401);
  // The session cookie is not a way in.
  const cookie = await api('/wp-json/wp/v2/users/me', { headers: { cookie: 'ng_session=abc' } });
  assertError(cookie, 401, 'rest_not_logged_in');
});

test('failed application-password logins are limited like the login form', async () => {
  // From another loopback address, so the other tests keep theirs.
  const tries = [];
  for (let i = 0; i < 7; i++) {
    tries.push(await rawStatus('127.0.0.9', 'contributor', 'wrong-password-here'));
  }
  assert.equal(tries[0], 401);
  assert.ok(tries.includes(429), `statuses: ${tries}`);
  // The right password from that address waits too (per account+address).
  assert.equal(await rawStatus('127.0.0.9', 'contributor', pw.contributor.password), 429);
  // Elsewhere the account is not locked out.
  assert.equal((await api('/wp-json/wp/v2/users/me', { role: 'contributor' })).res.status, 200);
});

function rawStatus(from, login, password) {
  return new Promise((resolve, reject) => {
    const auth = Buffer.from(`${login}:${password}`).toString('base64');
    const sock = net.connect({ host: '127.0.0.1', port: s.port, localAddress: from });
    let data = '';
    sock.on('data', (c) => { data += c; });
    sock.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1])));
    sock.on('error', reject);
    sock.write(`GET /wp-json/wp/v2/users/me HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic ${auth}\r\nConnection: close\r\n\r\n`);
  });
}

test('posts: role x route matrix, as in the newsroom', async () => {
  // Who may create, and with which status.
  const want = {
    administrator: { draft: 201, pending: 201, publish: 201 },
    editor: { draft: 201, pending: 201, publish: 201 },
    author: { draft: 201, pending: 201, publish: 201 },
    contributor: { draft: 201, pending: 201, publish: 403 },
  };
  const made = {};
  for (const role of ROLES) {
    made[role] = {};
    for (const status of ['draft', 'pending', 'publish']) {
      const r = await api('/wp-json/wp/v2/posts', {
        role, method: 'POST', json: { title: `${role} ${status}`, content: 'Body *text*.', status },
      });
      assert.equal(r.res.status, want[role][status], `${role} ${status}: ${JSON.stringify(r.body)}`);
      if (r.res.status === 201) {
        assert.equal(r.body.status, status);
        assert.equal(r.body.title.raw, `${role} ${status}`);
        assert.equal(r.body.content.raw, 'Body *text*.');
        assert.match(r.body.content.rendered, /<em>text<\/em>/);
        assert.equal(r.res.headers.get('location'), `${s.url}/wp-json/wp/v2/posts/${r.body.id}`);
        made[role][status] = r.body.id;
      } else {
        assert.equal(r.body.code, 'rest_cannot_publish');
      }
    }
  }
  // Anonymous callers create nothing.
  assertError(await api('/wp-json/wp/v2/posts', { method: 'POST', json: { title: 'x' } }), 401, 'rest_cannot_create');
  // A contributor cannot publish an existing draft either.
  assertError(await api(`/wp-json/wp/v2/posts/${made.contributor.draft}`, {
    role: 'contributor', method: 'POST', json: { status: 'publish' },
  }), 403, 'rest_cannot_publish');
  // ... nor edit someone else's post; an author neither; an editor may.
  assertError(await api(`/wp-json/wp/v2/posts/${made.author.draft}`, {
    role: 'contributor', method: 'PATCH', json: { title: 'mine now' },
  }), 403, 'rest_cannot_edit');
  assertError(await api(`/wp-json/wp/v2/posts/${made.editor.draft}`, {
    role: 'author', method: 'PUT', json: { title: 'mine now' },
  }), 403, 'rest_cannot_edit');
  const ed = await api(`/wp-json/wp/v2/posts/${made.author.draft}`, {
    role: 'editor', method: 'PUT', json: { title: 'Edited by the editor', status: 'publish' },
  });
  assert.equal(ed.res.status, 200);
  assert.equal(ed.body.title.raw, 'Edited by the editor');
  assert.equal(ed.body.status, 'publish');
  // The published post is public now, the same through the API and the page.
  const pub = await api(`/wp-json/wp/v2/posts/${ed.body.id}`);
  assert.equal(pub.res.status, 200);
  const page = await fetch(pub.body.link);
  assert.equal(page.status, 200);
  assert.ok((await page.text()).includes('Edited by the editor'));
  // Drafts stay private: 401 anonymously, readable by their author.
  assertError(await api(`/wp-json/wp/v2/posts/${made.contributor.draft}`), 401, 'rest_forbidden');
  const own = await api(`/wp-json/wp/v2/posts/${made.contributor.draft}?context=edit`, { role: 'contributor' });
  assert.equal(own.res.status, 200);
  assert.equal(own.body.content.raw, 'Body *text*.');
  // A contributor's status=draft list holds only their own.
  const list = await api('/wp-json/wp/v2/posts?status=draft,pending&per_page=100', { role: 'contributor' });
  assert.equal(list.res.status, 200);
  assert.deepEqual(list.body.map((p) => p.id).sort(), [made.contributor.draft, made.contributor.pending].sort());
  // Only editors may write as someone else.
  const other = (await api('/wp-json/wp/v2/users')).body[0].id;
  assertError(await api('/wp-json/wp/v2/posts', {
    role: 'author', method: 'POST', json: { title: 'as another', author: other },
  }), 403, 'rest_cannot_edit_others');
  // Terms by id; unknown ones are refused.
  const cat = (await api('/wp-json/wp/v2/categories?slug=world')).body[0].id;
  const tag = (await api('/wp-json/wp/v2/tags?per_page=1')).body[0].id;
  const t = await api('/wp-json/wp/v2/posts', {
    role: 'author', method: 'POST', json: { title: 'With terms', categories: [cat], tags: [tag], status: 'publish' },
  });
  assert.equal(t.res.status, 201);
  assert.deepEqual(t.body.categories, [cat]);
  assert.deepEqual(t.body.tags, [tag]);
  assertError(await api('/wp-json/wp/v2/posts', {
    role: 'author', method: 'POST', json: { title: 'Bad tag', tags: [987654] },
  }), 400, 'rest_invalid_param');
  // A date in the future schedules.
  const fut = await api('/wp-json/wp/v2/posts', {
    role: 'editor', method: 'POST', json: { title: 'Later', status: 'publish', date_gmt: '2099-01-01T10:00:00' },
  });
  assert.equal(fut.res.status, 201);
  assert.equal(fut.body.status, 'future');
  assert.equal(fut.body.date_gmt, '2099-01-01T10:00:00');
  assertError(await api(`/wp-json/wp/v2/posts/${fut.body.id}`), 401, 'rest_forbidden');
});

test('posts: DELETE trashes, force=true deletes, with the role rules', async () => {
  const mk = async (role, status = 'draft') => (await api('/wp-json/wp/v2/posts', {
    role, method: 'POST', json: { title: `to delete ${role}`, status },
  })).body.id;
  const a = await mk('author', 'publish');
  assertError(await api(`/wp-json/wp/v2/posts/${a}`, { method: 'DELETE' }), 401, 'rest_cannot_delete');
  assertError(await api(`/wp-json/wp/v2/posts/${a}`, { role: 'contributor', method: 'DELETE' }), 403, 'rest_cannot_delete');
  const t = await api(`/wp-json/wp/v2/posts/${a}`, { role: 'author', method: 'DELETE' });
  assert.equal(t.res.status, 200);
  assert.equal(t.body.status, 'trash');
  assertError(await api(`/wp-json/wp/v2/posts/${a}`), 401, 'rest_forbidden');
  assertError(await api(`/wp-json/wp/v2/posts/${a}`, { role: 'author', method: 'DELETE' }), 410, 'rest_already_trashed');
  const f = await api(`/wp-json/wp/v2/posts/${a}?force=true`, { role: 'editor', method: 'DELETE' });
  assert.equal(f.res.status, 200);
  assert.equal(f.body.deleted, true);
  assert.equal(f.body.previous.id, a);
  assertError(await api(`/wp-json/wp/v2/posts/${a}`, { role: 'editor' }), 404, 'rest_post_invalid_id');
  // X-HTTP-Method-Override and ?_method= as WordPress takes them.
  const b = await mk('editor');
  const o = await api(`/wp-json/wp/v2/posts/${b}?_method=DELETE&force=1`, { role: 'editor', method: 'POST' });
  assert.equal(o.body.deleted, true);
});

test('hostile input: WordPress-style 400s, never a 500', async () => {
  const cases = [
    ['/wp-json/wp/v2/posts?per_page=99999999999999999999999', 400],
    ['/wp-json/wp/v2/posts?per_page=-1', 400],
    ['/wp-json/wp/v2/posts?page=0', 400],
    ['/wp-json/wp/v2/posts?page=1e400', 400],
    ['/wp-json/wp/v2/posts?page=99999999999', 200],
    ['/wp-json/wp/v2/posts?include=' + Array(500).fill(1).join(','), 400],
    ['/wp-json/wp/v2/posts?search=%ff%fe', 400],
    ['/wp-json/wp/v2/posts?slug[]=a&slug[]=%c0%af', 400],
    ['/wp-json/wp/v2/posts?_fields=' + 'a.'.repeat(2000), 200],
    ['/wp-json/wp/v2/categories?per_page=1.5', 400],
    ['/wp-json/wp/v2/posts?after=2024-13-45T99:99:99', 400],
    ['/wp-json/wp/v2/comments?post=abc', 400],
    ['/wp-json/wp/v2/posts?context=nope', 400],
  ];
  for (const [path, status] of cases) {
    const r = await api(path);
    // page beyond the last is the documented 400; an empty site part 200.
    if (status === 200 && r.res.status === 400) {
      assert.equal(r.body.code, 'rest_post_invalid_page_number', path);
      continue;
    }
    assert.equal(r.res.status, status, `${path}: ${JSON.stringify(r.body).slice(0, 200)}`);
    if (status === 400) assert.equal(typeof r.body.code, 'string', path);
  }
  // Bodies: wrong types, unknown fields, broken and deep JSON, bad UTF-8.
  const bodies = [
    [{ title: 123 }, 400, 'rest_invalid_param'],
    [{ title: 'ok', status: 'sideways' }, 400, 'rest_invalid_param'],
    [{ title: 'ok', categories: 'x' }, 400, 'rest_invalid_param'],
    [{ title: 'ok', categories: [{}] }, 400, 'rest_invalid_param'],
    [{ title: 'ok', author: 'me' }, 400, 'rest_invalid_param'],
    [{ title: 'ok', date: 'tomorrow' }, 400, 'rest_invalid_param'],
    [{ title: 'x'.repeat(5000) }, 400, 'rest_invalid_param'],
  ];
  for (const [json, status, code] of bodies) {
    assertError(await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', json }), status, code);
  }
  // Unknown fields are ignored.
  const unk = await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', json: { title: 'unknown fields', colour: 'blue', meta: { a: 1 } } });
  assert.equal(unk.res.status, 201);
  const raw = [
    '{"title": "unterminated',
    '[' .repeat(100000) + ']'.repeat(100000),
    '{"title": "' + 'a'.repeat(100) + '\u0000"}',
    '{"title": 1e99999}',
  ];
  for (const body of raw) {
    const r = await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal(r.res.status, 400, body.slice(0, 40));
    assert.match(r.body.code, /^rest_invalid_(json|param)$/);
  }
  const bad = Buffer.concat([Buffer.from('{"title": "'), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('"}')]);
  let r = await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', body: bad, headers: { 'content-type': 'application/json' } });
  assertError(r, 400, 'rest_invalid_json');
  // 3 MB of JSON: a content field past the article limit (1 MiB).
  const big = JSON.stringify({ title: 'big', content: 'x'.repeat(3 * 1024 * 1024) });
  r = await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
  assert.equal(r.res.status, 400);
  assert.equal(r.body.code, 'rest_invalid_param');
  // 10 MB of JSON, past the API's body cap: 413, still a WordPress body.
  // (The server answers before reading it all, so a raw socket.)
  const huge = JSON.stringify({ title: 'huge', content: 'x'.repeat(10 * 1024 * 1024) });
  const out = await rawRequest(s.port, `POST /wp-json/wp/v2/posts HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    `Authorization: ${basic('editor')}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${huge.length}\r\n\r\n${huge.slice(0, 65536)}`);
  assert.equal(statusOf(out), 413);
  assert.equal(JSON.parse(out.slice(out.indexOf('\r\n\r\n') + 4)).code, 'rest_request_too_large');
  // Malformed Authorization.
  assertError(await api('/wp-json/wp/v2/posts', { headers: { authorization: 'Basic !!!' } }), 401, 'rest_invalid_authorization');
  // The server is still fine.
  assert.equal((await api('/wp-json/wp/v2/posts?per_page=1')).res.status, 200);
});

test('newsroom: application passwords are made under the profile, shown once, listed with last use, revocable', async () => {
  const c = new Client(s);
  assert.equal((await c.login('author')).status, 303);
  let page = await c.get('/admin/profile/');
  assert.equal(page.status, 200);
  assert.match(page.body, /Application passwords/);
  assert.match(page.body, /tests author/, 'the CLI-made one is listed');
  const made = await c.postForm('/admin/profile/', { action: 'create', name: 'Scheduler app' });
  assert.equal(made.status, 200);
  assert.match(made.headers['cache-control'], /no-store/);
  const pwd = /<code id="new-app-password">([A-Za-z0-9 ]{29})<\/code>/.exec(made.body)[1];
  // Not shown again.
  page = await c.get('/admin/profile/');
  assert.ok(!page.body.includes(pwd));
  assert.match(page.body, /Scheduler app/);
  // It works, and its use is shown with the address.
  const auth = 'Basic ' + Buffer.from(`author:${pwd}`).toString('base64');
  const me = await fetch(s.url + '/wp-json/wp/v2/users/me', { headers: { authorization: auth } });
  assert.equal(me.status, 200);
  page = await c.get('/admin/profile/');
  const row = page.body.slice(page.body.indexOf('<td>Scheduler app</td>'));
  assert.match(row.slice(0, 400), /<td>127\.0\.0\.1<\/td>/);
  assert.ok(!/<td>Never<\/td>/.test(row.slice(0, 200)));
  // Revoked: no longer signs in.
  const uuid = /name="uuid" value="([0-9a-f-]{36})"[^]*?aria-label="Revoke Scheduler app"/.exec(row)[1];
  const rv = await c.postForm('/admin/profile/', { action: 'revoke', uuid });
  assert.equal(rv.status, 303);
  const after = await fetch(s.url + '/wp-json/wp/v2/users/me', { headers: { authorization: auth } });
  assert.equal(after.status, 401);
  // Without the CSRF token nothing is made.
  const forged = await c.post('/admin/profile/', { action: 'create', name: 'forged' });
  assert.equal(forged.status, 403);
});
