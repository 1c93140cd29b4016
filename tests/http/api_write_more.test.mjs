// The REST API, write side beyond posts: static pages, media uploads
// (raw body with Content-Disposition, and multipart), readers' comments
// and their moderation, and context=edit for those allowed only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { cli, gradientPng, ROLES } from '../lib/newsroom.mjs';
import { apiCaller, appPasswords, assertError, basicAuth } from '../lib/wpapi.mjs';

let s;
let pw;
let api;

before(async () => {
  s = await startServer();
  pw = appPasswords(s);
  api = apiCaller(s, pw);
  // Many comments from one loopback address; the limit has its own test.
  settings({ comment_flood_seconds: 0, comment_hourly_max: 0 });
});

function settings(kv) {
  const r = cli(s, ['comments', 'settings', ...Object.entries(kv).map(([k, v]) => `${k}=${v}`)]);
  assert.equal(r.status, 0, r.stderr);
}
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('pages: editors and administrators write them, as in the newsroom; others are refused', async () => {
  const want = { administrator: 201, editor: 201, author: 403, contributor: 403 };
  const made = {};
  for (const role of ROLES) {
    const r = await api('/wp-json/wp/v2/pages', {
      role, method: 'POST', json: { title: `About ${role}`, content: 'We *are* here.', status: 'publish' },
    });
    assert.equal(r.res.status, want[role], `${role}: ${JSON.stringify(r.body)}`);
    if (r.res.status === 201) {
      made[role] = r.body;
      assert.equal(r.body.type, 'page');
      assert.equal(r.body.status, 'publish');
      assert.equal(r.body.title.raw, `About ${role}`);
      assert.equal(r.body.content.raw, 'We *are* here.');
      assert.match(r.body.content.rendered, /<em>are<\/em>/);
      assert.equal(r.res.headers.get('location'), `${s.url}/wp-json/wp/v2/pages/${r.body.id}`);
    } else {
      assert.equal(r.body.code, 'rest_cannot_create');
    }
  }
  assertError(await api('/wp-json/wp/v2/pages', { method: 'POST', json: { title: 'x' } }), 401, 'rest_cannot_create');
  const page = made.editor;
  // Public at its link at once, through the page cache.
  const html = await fetch(page.link);
  assert.equal(html.status, 200);
  assert.match(await html.text(), /About editor/);
  // A child page, a draft, an update of only the fields sent.
  const child = await api('/wp-json/wp/v2/pages', {
    role: 'editor', method: 'POST', json: { title: 'Team', slug: 'team', parent: page.id, menu_order: 3 },
  });
  assert.equal(child.res.status, 201);
  assert.equal(child.body.status, 'draft');
  assert.equal(child.body.parent, page.id);
  assert.equal(child.body.menu_order, 3);
  assertError(await api(`/wp-json/wp/v2/pages/${child.body.id}`), 401, 'rest_forbidden');
  const upd = await api(`/wp-json/wp/v2/pages/${child.body.id}`, {
    role: 'administrator', method: 'PATCH', json: { status: 'publish' },
  });
  assert.equal(upd.res.status, 200);
  assert.equal(upd.body.title.raw, 'Team');
  assert.equal(upd.body.status, 'publish');
  assert.equal(upd.body.link, `${page.link}team/`);
  assert.equal((await fetch(upd.body.link)).status, 200);
  // Drafts are listed to editors with status=, refused to others.
  const drafts = await api('/wp-json/wp/v2/pages?status=draft,publish&per_page=100', { role: 'editor' });
  assert.equal(drafts.res.status, 200);
  assert.ok(drafts.body.some((p) => p.id === child.body.id));
  assertError(await api('/wp-json/wp/v2/pages?status=draft'), 401, 'rest_forbidden_status');
  assertError(await api('/wp-json/wp/v2/pages?status=draft', { role: 'author' }), 403, 'rest_forbidden_status');
  // Authors may not edit pages; bad fields are WordPress 400s.
  assertError(await api(`/wp-json/wp/v2/pages/${page.id}`, {
    role: 'author', method: 'PUT', json: { title: 'Mine' },
  }), 403, 'rest_cannot_edit');
  assertError(await api(`/wp-json/wp/v2/pages/${page.id}`, {
    role: 'editor', method: 'PUT', json: { menu_order: 'first' },
  }), 400, 'rest_invalid_param');
  assertError(await api('/wp-json/wp/v2/pages', {
    role: 'editor', method: 'POST', json: { title: 'Feed', slug: 'feed', status: 'publish' },
  }), 400, 'rest_invalid_param');
  assertError(await api(`/wp-json/wp/v2/pages/${page.id}`, {
    role: 'editor', method: 'PUT', json: { parent: 987654 },
  }), 400, 'rest_invalid_param');
  // context=edit: editors get the raw fields, an author is refused.
  const edit = await api(`/wp-json/wp/v2/pages/${page.id}?context=edit`, { role: 'editor' });
  assert.equal(edit.res.status, 200);
  assert.equal(edit.body.content.raw, 'We *are* here.');
  assertError(await api(`/wp-json/wp/v2/pages/${page.id}?context=edit`, { role: 'author' }), 403, 'rest_forbidden_context');
  assertError(await api(`/wp-json/wp/v2/pages/${page.id}?context=edit`), 401, 'rest_forbidden_context');
  assert.equal((await api(`/wp-json/wp/v2/pages/${page.id}`)).body.content.raw, undefined);
  // A page with a child cannot go for good; the trash first, then for good.
  assertError(await api(`/wp-json/wp/v2/pages/${page.id}?force=true`, { role: 'editor', method: 'DELETE' }), 409, 'rest_cannot_delete');
  const trash = await api(`/wp-json/wp/v2/pages/${child.body.id}`, { role: 'editor', method: 'DELETE' });
  assert.equal(trash.res.status, 200);
  assert.equal(trash.body.status, 'trash');
  assert.equal((await fetch(upd.body.link)).status, 404);
  assertError(await api(`/wp-json/wp/v2/pages/${child.body.id}`, { role: 'editor', method: 'DELETE' }), 410, 'rest_already_trashed');
  const gone = await api(`/wp-json/wp/v2/pages/${child.body.id}?force=true`, { role: 'editor', method: 'DELETE' });
  assert.equal(gone.res.status, 200);
  assert.equal(gone.body.deleted, true);
  assert.equal(gone.body.previous.id, child.body.id);
  assertError(await api(`/wp-json/wp/v2/pages/${child.body.id}`, { role: 'editor' }), 404, 'rest_post_invalid_id');
});

test('media: raw body with Content-Disposition and multipart uploads, by the roles that upload', async () => {
  const png = gradientPng(64, 48);
  const raw = (role, headers, body = png) => api('/wp-json/wp/v2/media?alt_text=A%20gradient', {
    role, method: 'POST', body, headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="grad.png"', ...headers },
  });
  const r = await raw('author');
  assert.equal(r.res.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.type, 'attachment');
  assert.equal(r.body.media_type, 'image');
  assert.equal(r.body.mime_type, 'image/png');
  assert.equal(r.body.alt_text, 'A gradient');
  assert.equal(r.body.media_details.width, 64);
  assert.equal(r.res.headers.get('location'), `${s.url}/wp-json/wp/v2/media/${r.body.id}`);
  const img = await fetch(r.body.source_url);
  assert.equal(img.status, 200);
  assert.match(img.headers.get('content-type'), /^image\//);
  assert.equal((await api(`/wp-json/wp/v2/media/${r.body.id}`)).res.status, 200);
  // Contributors do not upload (WordPress's upload_files), nor anyone anonymous.
  assertError(await raw('contributor'), 403, 'rest_cannot_create');
  assertError(await raw(undefined), 401, 'rest_cannot_create');
  // WordPress's refusals of a raw upload.
  assertError(await raw('editor', { 'content-disposition': '' }), 400, 'rest_upload_no_content_disposition');
  assertError(await raw('editor', { 'content-disposition': 'attachment' }), 400, 'rest_upload_invalid_disposition');
  assertError(await raw('editor', {}, Buffer.alloc(0)), 400, 'rest_upload_no_data');
  // Not an image: the upload's own checks refuse it with a 4xx.
  const txt = await raw('editor', {}, Buffer.from('just some text, not an image at all'));
  assert.ok(txt.res.status >= 400 && txt.res.status < 500, String(txt.res.status));
  assert.equal(txt.body.code, 'rest_upload_sideload_error');
  // multipart/form-data with a file part and fields.
  const form = new FormData();
  form.append('file', new Blob([png], { type: 'image/png' }), 'form.png');
  form.append('alt_text', 'From a form');
  form.append('caption', 'Caption here');
  const m = await fetch(`${s.url}/wp-json/wp/v2/media`, {
    method: 'POST', body: form, headers: { authorization: basicAuth(pw.editor) },
  });
  const mb = await m.json();
  assert.equal(m.status, 201, JSON.stringify(mb));
  assert.equal(mb.alt_text, 'From a form');
  assert.match(mb.caption.rendered, /Caption here/);
  const empty = new FormData();
  empty.append('alt_text', 'no file');
  const e = await fetch(`${s.url}/wp-json/wp/v2/media`, {
    method: 'POST', body: empty, headers: { authorization: basicAuth(pw.editor) },
  });
  assert.equal(e.status, 400);
  assert.equal((await e.json()).code, 'rest_upload_no_data');
  // The uploaded image can be a post's featured image.
  const p = await api('/wp-json/wp/v2/posts', {
    role: 'author', method: 'POST', json: { title: 'With a picture', featured_media: r.body.id },
  });
  assert.equal(p.res.status, 201);
  assert.equal(p.body.featured_media, r.body.id);
});

async function openPost() {
  const p = await api('/wp-json/wp/v2/posts', {
    role: 'editor', method: 'POST', json: { title: `Open for comments ${Math.random()}`, content: 'Text.', status: 'publish', comment_status: 'open' },
  });
  assert.equal(p.res.status, 201, JSON.stringify(p.body));
  return p.body;
}

test('comments: readers post through the API under the form rules; moderators moderate', async () => {
  const post = await openPost();
  const c = await api('/wp-json/wp/v2/comments', {
    method: 'POST', json: { post: post.id, author_name: 'Reader One', author_email: 'one@example.org', content: 'First!' },
  });
  assert.equal(c.res.status, 201, JSON.stringify(c.body));
  assert.equal(c.body.post, post.id);
  assert.equal(c.body.author_name, 'Reader One');
  assert.equal(c.body.author_email, undefined, 'no e-mail in the view context');
  // A first-time commenter is held (comment_previously_approved).
  assert.equal(c.body.status, 'hold');
  assertError(await api(`/wp-json/wp/v2/comments/${c.body.id}`), 404, 'rest_comment_invalid_id');
  // The same comment again is a duplicate.
  assertError(await api('/wp-json/wp/v2/comments', {
    method: 'POST', json: { post: post.id, author_name: 'Reader One', author_email: 'one@example.org', content: 'First!' },
  }), 409, 'comment_duplicate');
  // Required fields, unknown posts, closed comments.
  assertError(await api('/wp-json/wp/v2/comments', {
    method: 'POST', json: { post: post.id, author_name: 'No Mail', content: 'Hello' },
  }), 400, 'rest_comment_author_data_required');
  assertError(await api('/wp-json/wp/v2/comments', {
    method: 'POST', json: { post: post.id, author_name: 'X', author_email: 'x@example.org', content: '' },
  }), 400, 'rest_comment_content_invalid');
  assertError(await api('/wp-json/wp/v2/comments', {
    method: 'POST', json: { post: 987654, author_name: 'X', author_email: 'x@example.org', content: 'Hi' },
  }), 403, 'rest_comment_invalid_post_id');
  const closed = await api('/wp-json/wp/v2/posts', {
    role: 'editor', method: 'POST', json: { title: 'Closed', status: 'publish', comment_status: 'closed' },
  });
  assertError(await api('/wp-json/wp/v2/comments', {
    method: 'POST', json: { post: closed.body.id, author_name: 'X', author_email: 'x@example.org', content: 'Hi' },
  }), 403, 'rest_comment_closed');
  // Readers may not choose a status.
  assertError(await api('/wp-json/wp/v2/comments', {
    method: 'POST', json: { post: post.id, author_name: 'X', author_email: 'x@example.org', content: 'Approve me', status: 'approve' },
  }), 401, 'rest_comment_invalid_status');

  // Moderation: only those who moderate; WordPress's status names.
  assertError(await api(`/wp-json/wp/v2/comments/${c.body.id}`, { method: 'POST', json: { status: 'approve' } }), 401, 'rest_cannot_edit');
  assertError(await api(`/wp-json/wp/v2/comments/${c.body.id}`, { role: 'author', method: 'POST', json: { status: 'approve' } }), 403, 'rest_cannot_edit');
  const held = await api('/wp-json/wp/v2/comments?status=hold&context=edit', { role: 'editor' });
  assert.equal(held.res.status, 200);
  const mine = held.body.find((x) => x.id === c.body.id);
  assert.equal(mine.author_email, 'one@example.org');
  assert.equal(mine.content.raw, 'First!');
  const ok = await api(`/wp-json/wp/v2/comments/${c.body.id}`, { role: 'editor', method: 'POST', json: { status: 'approve' } });
  assert.equal(ok.res.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.status, 'approved');
  const pub = await api(`/wp-json/wp/v2/comments?post=${post.id}`);
  assert.deepEqual(pub.body.map((x) => x.id), [c.body.id]);
  const pageText = await (await fetch(post.link)).text();
  assert.match(pageText, /First!/);
  // Approved once, the same address is approved at once next time.
  const again = await api('/wp-json/wp/v2/comments', {
    method: 'POST',
    json: { post: post.id, parent: c.body.id, author_name: 'Reader One', author_email: 'one@example.org', content: 'A reply.' },
  });
  assert.equal(again.res.status, 201, JSON.stringify(again.body));
  assert.equal(again.body.status, 'approved');
  assert.equal(again.body.parent, c.body.id);
  // Edit and the other statuses.
  const ed = await api(`/wp-json/wp/v2/comments/${c.body.id}`, { role: 'administrator', method: 'PATCH', json: { content: { raw: 'First, edited.' } } });
  assert.equal(ed.res.status, 200);
  assert.equal(ed.body.content.raw, 'First, edited.');
  assert.equal(ed.body.author_name, 'Reader One');
  for (const st of ['spam', 'hold', 'trash', 'approve']) {
    const r = await api(`/wp-json/wp/v2/comments/${again.body.id}`, { role: 'editor', method: 'PUT', json: { status: st } });
    assert.equal(r.res.status, 200);
    assert.equal(r.body.status, st === 'approve' ? 'approved' : st);
  }
  assertError(await api(`/wp-json/wp/v2/comments/${again.body.id}`, { role: 'editor', method: 'PUT', json: { status: 'gone' } }), 400, 'rest_invalid_param');
  // DELETE: the trash, then for good.
  const tr = await api(`/wp-json/wp/v2/comments/${again.body.id}`, { role: 'editor', method: 'DELETE' });
  assert.equal(tr.body.status, 'trash');
  assertError(await api(`/wp-json/wp/v2/comments/${again.body.id}`, { role: 'editor', method: 'DELETE' }), 410, 'rest_already_trashed');
  const del = await api(`/wp-json/wp/v2/comments/${again.body.id}?force=true`, { role: 'editor', method: 'DELETE' });
  assert.equal(del.body.deleted, true);
  assertError(await api(`/wp-json/wp/v2/comments/${again.body.id}`, { role: 'editor' }), 404, 'rest_comment_invalid_id');
  assertError(await api(`/wp-json/wp/v2/comments/${c.body.id}`, { role: 'contributor', method: 'DELETE' }), 403, 'rest_cannot_delete');
  // A moderator's own comment is published under their name at once.
  const staff = await api('/wp-json/wp/v2/comments', { role: 'editor', method: 'POST', json: { post: post.id, content: 'From the desk.' } });
  assert.equal(staff.res.status, 201, JSON.stringify(staff.body));
  assert.equal(staff.body.status, 'approved');
  assert.equal(staff.body.author_name.length > 0, true);
});

test('comments: the per-address limit of the form applies (429 with Retry-After)', async () => {
  const post = await openPost();
  settings({ comment_flood_seconds: 60, comment_hourly_max: 0 });
  const send = (n) => api('/wp-json/wp/v2/comments', {
    method: 'POST',
    json: { post: post.id, author_name: 'Fast', author_email: 'fast@example.org', content: `Quick ${n}` },
  });
  const first = await send(1);
  assert.equal(first.res.status, 201);
  const second = await send(2);
  assertError(second, 429, 'comment_flood');
  assert.ok(Number(second.res.headers.get('retry-after')) > 0);
  settings({ comment_flood_seconds: 0, comment_hourly_max: 0 });
});

test('context=edit: only for those allowed to edit; 401 anonymous, 403 otherwise', async () => {
  assertError(await api('/wp-json/wp/v2/posts?context=edit'), 401, 'rest_forbidden_context');
  assert.equal((await api('/wp-json/wp/v2/posts?context=edit', { role: 'contributor' })).res.status, 200);
  assertError(await api('/wp-json/wp/v2/categories?context=edit', { role: 'author' }), 403, 'rest_forbidden_context');
  assert.equal((await api('/wp-json/wp/v2/categories?context=edit', { role: 'editor' })).res.status, 200);
  assertError(await api('/wp-json/wp/v2/users?context=edit', { role: 'editor' }), 403, 'rest_forbidden_context');
  assert.equal((await api('/wp-json/wp/v2/users?context=edit', { role: 'administrator' })).res.status, 200);
  assertError(await api('/wp-json/wp/v2/comments?context=edit', { role: 'contributor' }), 403, 'rest_forbidden_context');
  assertError(await api('/wp-json/wp/v2/pages?context=edit', { role: 'contributor' }), 403, 'rest_forbidden_context');
  // Someone else's post: an author reads it but may not edit it.
  const ed = await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', json: { title: 'Editor post', status: 'publish' } });
  assert.equal((await api(`/wp-json/wp/v2/posts/${ed.body.id}`, { role: 'author' })).res.status, 200);
  assertError(await api(`/wp-json/wp/v2/posts/${ed.body.id}?context=edit`, { role: 'author' }), 403, 'rest_forbidden_context');
});

test('media: alt text, caption and description edited by editors; never deleted', async () => {
  const png = gradientPng(80, 60);
  const up = await api('/wp-json/wp/v2/media?alt_text=Old%20alt', {
    role: 'author', method: 'POST', body: png, headers: { 'content-type': 'image/png', 'content-disposition': 'attachment; filename="edit.png"' },
  });
  assert.equal(up.res.status, 201);
  const id = up.body.id;
  const post = await api('/wp-json/wp/v2/posts', {
    role: 'editor', method: 'POST', json: { title: 'Pictured', content: 'Words.', status: 'publish', featured_media: id },
  });
  assert.equal(post.res.status, 201);
  const page1 = await (await fetch(post.body.link)).text();
  assert.match(page1, /alt="Old alt"/);
  assert.match(await (await fetch(post.body.link)).text(), /alt="Old alt"/, 'cached');

  // Who may: editors and administrators; not the uploader's role, nor anyone anonymous.
  assertError(await api(`/wp-json/wp/v2/media/${id}`, { role: 'author', method: 'PATCH', json: { alt_text: 'x' } }), 403, 'rest_cannot_edit');
  assertError(await api(`/wp-json/wp/v2/media/${id}`, { method: 'PUT', json: { alt_text: 'x' } }), 401, 'rest_cannot_edit');
  assertError(await api('/wp-json/wp/v2/media/999999', { role: 'editor', method: 'PATCH', json: { alt_text: 'x' } }), 404, 'rest_post_invalid_id');
  const bad = await api(`/wp-json/wp/v2/media/${id}`, { role: 'editor', method: 'PATCH', json: { alt_text: 'a'.repeat(2001) } });
  assertError(bad, 400, 'rest_invalid_param');

  const upd = await api(`/wp-json/wp/v2/media/${id}`, {
    role: 'editor', method: 'PATCH', json: { alt_text: 'Harbour at dawn', caption: { raw: 'The <harbour> & boats' }, description: 'Photo: Ann' },
  });
  assert.equal(upd.res.status, 200, JSON.stringify(upd.body));
  assert.equal(upd.body.id, id);
  assert.equal(upd.body.alt_text, 'Harbour at dawn');
  assert.equal(upd.body.caption.rendered, '<p>The &lt;harbour&gt; &amp; boats</p>\n');
  assert.equal(upd.body.description.rendered, '<p>Photo: Ann</p>\n');
  // Only what was sent changes (PUT as PATCH, as WordPress does).
  const put = await api(`/wp-json/wp/v2/media/${id}`, { role: 'administrator', method: 'PUT', json: { caption: 'Boats' } });
  assert.equal(put.res.status, 200);
  assert.equal(put.body.alt_text, 'Harbour at dawn');
  assert.equal(put.body.caption.rendered, '<p>Boats</p>\n');
  const pub = await api(`/wp-json/wp/v2/media/${id}`);
  assert.equal(pub.body.alt_text, 'Harbour at dawn');
  // The cached article page shows the new alt text at once.
  const page2 = await (await fetch(post.body.link)).text();
  assert.match(page2, /alt="Harbour at dawn"/);
  assert.doesNotMatch(page2, /alt="Old alt"/);

  // DELETE: WordPress's answer without force; refused with it; still there.
  assertError(await api(`/wp-json/wp/v2/media/${id}`, { role: 'contributor', method: 'DELETE' }), 403, 'rest_cannot_delete');
  assertError(await api(`/wp-json/wp/v2/media/${id}`, { role: 'editor', method: 'DELETE' }), 501, 'rest_trash_not_supported');
  assertError(await api(`/wp-json/wp/v2/media/${id}?force=true`, { role: 'administrator', method: 'DELETE' }), 403, 'rest_cannot_delete');
  assert.equal((await api(`/wp-json/wp/v2/media/${id}`)).res.status, 200);
  assert.equal((await fetch(up.body.source_url)).status, 200);
});
