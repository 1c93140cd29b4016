// Email for the newsroom, through a local SMTP sink (tests/lib/smtp.mjs):
// password reset end to end (request, the mail, the link, the new
// password, sessions ended, the link spent; expired and unknown
// links refused; an unknown address answered alike and mailed
// nothing), the "submitted for review" notice to editors, new-comment
// notices to an article's authors but not to one who opted out, a
// header injection through a name neutralised, a message kept and
// retried while the SMTP server is down, and a site without smtp_host
// sending nothing and saying so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import {
  PG_DIR, assertNoSanitizerReport, startServer, tempDir, until, writeConfig,
} from '../lib/nutgraf.mjs';
import { Client, PASSWORD, addUser, articleIdOf, cli } from '../lib/newsroom.mjs';
import { startSink } from '../lib/smtp.mjs';

let s, sink;

function mailConfig(port, extra = '') {
  return writeConfig(tempDir(), `smtp_host = 127.0.0.1\nsmtp_port = ${port}\nsmtp_tls = none\n`
    + `mail_from = news@example.com\nmail_retry_base = 1\n${extra}`);
}

function setEmail(server, login, email) {
  server.sql(`UPDATE users SET email = '${email}' WHERE login = '${login}'`);
}

// The messages to addr so far.
const mailTo = (addr) => sink.messages().filter((m) => m.to.includes(`<${addr}>`));

async function waitMail(addr, n = 1) {
  await until(`${n} message(s) to ${addr}`, () => mailTo(addr).length >= n);
  return mailTo(addr)[n - 1];
}

before(async () => {
  sink = await startSink();
  s = await startServer({ args: ['--config', mailConfig(sink.port)] });
  const set = cli(s, ['comments', 'settings', 'comment_flood_seconds=0', 'comment_hourly_max=0']);
  assert.equal(set.status, 0, set.stderr);
  addUser(s, 'ed', 'editor');
  addUser(s, 'ann', 'author');
  addUser(s, 'bob', 'author');
  addUser(s, 'cy', 'contributor');
  for (const u of ['ed', 'ann', 'bob', 'cy']) setEmail(s, u, `${u}@example.com`);
});

after(async () => {
  const { code, log } = await s.stop();
  await sink.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const resetLink = (m) => {
  const x = /(\/admin\/reset\?token=[0-9a-f]{64})/.exec(m.body);
  assert.ok(x, `a reset link in:\n${m.body}`);
  return x[1];
};

test('password reset end to end: the mail, the link, the new password, the link spent', async () => {
  const anon = new Client(s);
  const login = await anon.get('/admin/login');
  assert.match(login.body, /<a href="\/admin\/forgot">Forgot password\?<\/a>/);
  const form = await anon.get('/admin/forgot');
  assert.equal(form.status, 200);
  assert.match(form.body, /name="email"/);

  // A session of ann's from before: it ends with the reset.
  const old = new Client(s);
  assert.equal((await old.login('ann')).status, 303);
  assert.equal((await old.get('/admin/')).status, 200);

  const r = await anon.post('/admin/forgot', { email: 'ANN@example.com' });
  assert.equal(r.status, 200);
  assert.match(r.body, /If an account has that address, a link to choose a new password is on its way/);
  const m = await waitMail('ann@example.com');
  // RFC 5322 headers.
  for (const h of ['date', 'from', 'to', 'subject', 'message-id', 'mime-version', 'content-type', 'content-transfer-encoding']) {
    assert.ok(m.headers[h], `header ${h}`);
  }
  assert.match(m.headers.date, /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.match(m.headers.from, /<news@example\.com>$/);
  assert.match(m.headers.to, /<ann@example\.com>$/);
  assert.match(m.headers['message-id'], /^<[0-9a-f]+\.\d+@example\.com>$/);
  assert.equal(m.headers['mime-version'], '1.0');
  assert.equal(m.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(m.subject, 'Reset your password');
  assert.equal(m.from, '<news@example.com>');
  assert.match(m.body, /"ann"/);
  assert.ok(!/\r\n\r\n[\s\S]*[^\r]\n/.test(m.raw), 'CRLF lines only');
  const link = resetLink(m);
  assert.ok(m.body.includes(`${s.url}${link}`), 'an absolute link to this site');
  // Only the hash of the token is stored.
  const token = link.split('=')[1];
  assert.equal(s.sql(`SELECT count(*) FROM password_resets WHERE token_hash = '${token}'`), '0');
  assert.equal(s.sql('SELECT count(*) FROM password_resets'), '1');

  const page = await anon.get(link);
  assert.equal(page.status, 200);
  assert.match(page.body, /name="new_password"/);
  let w = await anon.post('/admin/reset', { token, new_password: 'short', new_password2: 'short' });
  assert.equal(w.status, 422);
  assert.match(w.body, /8 to 1024 characters/);
  w = await anon.post('/admin/reset', { token, new_password: 'a fresh passphrase', new_password2: 'a fresh passfrase' });
  assert.equal(w.status, 422);
  assert.match(w.body, /The two new passwords differ/);
  w = await anon.post('/admin/reset', { token, new_password: 'a fresh passphrase', new_password2: 'a fresh passphrase' });
  assert.equal(w.status, 303);
  assert.equal(w.headers.location, '/admin/login?msg=password-reset');
  assert.match((await anon.get('/admin/login?msg=password-reset')).body, /Your new password is set/);

  // Every session of the user ended.
  const after = await old.get('/admin/');
  assert.equal(after.status, 303);
  assert.match(after.headers.location, /^\/admin\/login/);
  // The new password works, the old one does not.
  assert.equal((await new Client(s).login('ann', PASSWORD)).status, 403);
  assert.equal((await new Client(s).login('ann', 'a fresh passphrase')).status, 303);

  // The link is spent: neither the page nor the form takes it again.
  const again = await anon.get(link);
  assert.equal(again.status, 410);
  assert.match(again.body, /This link does not work/);
  w = await anon.post('/admin/reset', { token, new_password: 'another passphrase', new_password2: 'another passphrase' });
  assert.equal(w.status, 410);
  assert.equal((await new Client(s).login('ann', 'another passphrase')).status, 403);
  // A link never made, or malformed: refused as well.
  assert.equal((await anon.get(`/admin/reset?token=${'0'.repeat(64)}`)).status, 410);
  assert.equal((await anon.get('/admin/reset?token=xyz')).status, 404);
});

test('an expired link is refused', async () => {
  const anon = new Client(s);
  assert.equal((await anon.post('/admin/forgot', { email: 'cy@example.com' })).status, 200);
  const link = resetLink(await waitMail('cy@example.com'));
  assert.equal((await anon.get(link)).status, 200);
  s.sql("UPDATE password_resets SET expires_at = 1 WHERE used_at IS NULL");
  const page = await anon.get(link);
  assert.equal(page.status, 410);
  assert.match(page.body, /more than an hour old/);
  const token = link.split('=')[1];
  const w = await anon.post('/admin/reset', { token, new_password: 'a fresh passphrase', new_password2: 'a fresh passphrase' });
  assert.equal(w.status, 410);
  assert.equal((await new Client(s).login('cy', PASSWORD)).status, 303);
});

test('an unknown address gets the same answer and no mail', async () => {
  const anon = new Client(s);
  const done = (body) => /<p class="flash" role="status" id="forgot-done">([^<]*)<\/p>/.exec(body)?.[1];
  const unknown = await anon.post('/admin/forgot', { email: 'nobody@example.com' });
  const known = await anon.post('/admin/forgot', { email: 'ed@example.com' });
  assert.equal(unknown.status, known.status);
  assert.ok(done(known.body));
  assert.equal(done(unknown.body), done(known.body));
  // Queued after the unknown one, so once it is in, nothing else came.
  await waitMail('ed@example.com');
  assert.equal(mailTo('nobody@example.com').length, 0);
  assert.equal(s.sql("SELECT count(*) FROM mail_queue WHERE recipient = 'nobody@example.com'"), '0');
  // Not an address at all: said so, nothing queued.
  const bad = await anon.post('/admin/forgot', { email: 'not an address' });
  assert.equal(bad.status, 422);
  assert.match(bad.body, /Enter the email address of your account/);
});

test('an article submitted for review is announced to the editors', async () => {
  const c = new Client(s);
  assert.equal((await c.login('cy')).status, 303);
  const title = `For the desk ${process.pid}`;
  const r = await c.postForm('/admin/articles/new/', { title, body: 'Copy to check.', action: 'submit' });
  assert.equal(r.status, 303);
  const id = articleIdOf(r);
  await until('the review notice', () => sink.messages().some((x) => x.subject === `For review: ${title}`));
  const m = sink.messages().filter((x) => x.subject === `For review: ${title}`);
  // The editor (the demo's administrator has no address), not the others.
  assert.deepEqual(m.map((x) => x.to[0]).sort(), ['<ed@example.com>']);
  assert.ok(m[0].body.includes(`${s.url}/admin/articles/${id}/`));
});

// A comment on article id from the public form.
async function comment(id, author, text) {
  const body = new URLSearchParams({
    author, email: 'reader@example.org', url: '', comment: text, comment_parent: '0', comment_post_ID: String(id),
  }).toString();
  const res = await fetch(`${s.url}/wp-comments-post.php`, {
    method: 'POST', redirect: 'manual', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'mail.test', connection: 'close' },
  });
  const text2 = await res.text();
  assert.equal(res.status, 303, `comment by ${author}: ${res.status} ${(/role="alert"[^>]*>([^<]*)/.exec(text2) || [])[1]}`);
}

async function publish(login, pw, title) {
  const c = new Client(s);
  assert.equal((await c.login(login, pw)).status, 303);
  const r = await c.postForm('/admin/articles/new/', { title, body: 'Words.', action: 'publish', comments_open: '1' });
  assert.equal(r.status, 303);
  return { c, id: articleIdOf(r) };
}

test('new comments reach the article\'s author, not one who opted out', async () => {
  const ann = await publish('ann', 'a fresh passphrase', `Ann writes ${process.pid}`);
  const bob = await publish('bob', PASSWORD, `Bob writes ${process.pid}`);
  // Bob unticks the notices on his profile; the box shows it.
  let p = await bob.c.get('/admin/profile/');
  assert.match(p.body, /name="notify_comments" value="1" checked/);
  const r = await bob.c.postForm('/admin/profile/', { action: 'notices' });
  assert.equal(r.status, 303);
  p = await bob.c.get('/admin/profile/');
  assert.match(p.body, /name="notify_comments" value="1">/);
  // Ann's stays on (and saving it ticked keeps it on).
  assert.equal((await ann.c.postForm('/admin/profile/', { action: 'notices', notify_comments: '1' })).status, 303);

  const before = mailTo('ann@example.com').length;
  await comment(bob.id, 'Reader One', 'To Bob, who does not want mail.');
  await comment(ann.id, 'Zoë "Z" Reader', 'Nice piece.\n.\nA line that is a dot, above.');
  const m = await waitMail('ann@example.com', before + 1);
  assert.match(m.subject, /^New comment by Zoë "Z" Reader on Ann writes/);
  assert.match(m.headers.subject, /=\?UTF-8\?B\?/, 'a non-ASCII subject is an encoded-word');
  assert.match(m.body, /Nice piece\.\r?\n\.\r?\nA line that is a dot/);
  assert.ok(m.body.includes(`${s.url}/admin/profile/`));
  assert.equal(mailTo('bob@example.com').length, 0);
  assert.equal(s.sql("SELECT count(*) FROM mail_queue WHERE recipient = 'bob@example.com'"), '0');
});

test('a comment on a co-authored article reaches every byline', async () => {
  const dir = tempDir();
  const file = `${dir}/body.md`;
  writeFileSync(file, 'Two bylines.');
  const title = `Joint work ${process.pid}`;
  const r = cli(s, ['article', 'add', '--title', title, '--body-file', file, '--author', 'ann,cy', '--status', 'published']);
  assert.equal(r.status, 0, r.stderr);
  const id = s.sql(`SELECT id FROM articles WHERE title = '${title}'`);
  s.sql(`UPDATE articles SET comments_open = 1 WHERE id = ${id}`);
  await comment(id, 'Reader Two', 'For both of you.');
  for (const who of ['ann@example.com', 'cy@example.com']) {
    await until(`the notice to ${who}`, () => mailTo(who).some((m) => m.subject.endsWith(`on ${title}`)));
  }
});

test('a name carrying CR LF cannot add a header', async () => {
  const crlf = PG_DIR ? 'chr(13) || chr(10)' : 'char(13, 10)';
  s.sql(`UPDATE users SET name = 'Ed' || ${crlf} || 'Bcc: victim@example.org' || ${crlf} || ${crlf} || 'body' WHERE login = 'ed'`);
  const c = new Client(s);
  assert.equal((await c.login('cy')).status, 303);
  const title = `Injected ${process.pid}`;
  assert.equal((await c.postForm('/admin/articles/new/', { title, body: 'x', action: 'submit' })).status, 303);
  await until('the notice', () => sink.messages().some((x) => x.subject === `For review: ${title}`));
  const m = sink.messages().find((x) => x.subject === `For review: ${title}`);
  assert.deepEqual(m.to, ['<ed@example.com>']);
  assert.ok(!m.headerNames.includes('bcc'), 'no Bcc header');
  assert.match(m.headers.to, /^"Ed Bcc: victim@example\.org body" <ed@example\.com>$/);
  assert.equal(mailTo('victim@example.org').length, 0);
});

test('SMTP server down: the request succeeds, the message is retried and arrives', async () => {
  // A port with nothing on it, then the sink on that port.
  const probe = await startSink();
  const port = probe.port;
  await probe.stop();
  const t = await startServer({ demo: false, args: ['--config', mailConfig(port)] });
  try {
    addUser(t, 'dee', 'editor');
    setEmail(t, 'dee', 'dee@example.com');
    const t0 = Date.now();
    const r = await new Client(t).post('/admin/forgot', { email: 'dee@example.com' });
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 < 5000, 'the request does not wait for SMTP');
    await until('a failed attempt', () => Number(t.sql("SELECT max(attempts) FROM mail_queue") || 0) >= 1);
    assert.equal(t.sql('SELECT status FROM mail_queue'), 'pending');
    assert.match(t.sql('SELECT last_error FROM mail_queue'), /connect|Connection/i);
    const up = await startSink({ port });
    try {
      await until('the retried message', () => up.messages().some((m) => m.to.includes('<dee@example.com>')), 30000);
      await until('recorded as sent', () => t.sql('SELECT status FROM mail_queue') === 'sent');
    } finally {
      await up.stop();
    }
  } finally {
    const { code, log } = await t.stop();
    assertNoSanitizerReport(log);
    assert.equal(code, 0);
  }
});

test('without smtp_host nothing is sent, and the forgot page says to ask an administrator', async () => {
  const t = await startServer({ demo: false });
  try {
    addUser(t, 'fay', 'editor');
    setEmail(t, 'fay', 'fay@example.com');
    const c = new Client(t);
    const page = await c.get('/admin/forgot');
    assert.equal(page.status, 200);
    assert.match(page.body, /does not send mail[\s\S]*Ask an administrator/);
    assert.ok(!/name="email"/.test(page.body));
    const r = await c.post('/admin/forgot', { email: 'fay@example.com' });
    assert.equal(r.status, 503);
    assert.match(r.body, /Ask an administrator/);
    assert.equal(t.sql('SELECT count(*) FROM mail_queue'), '0');
    assert.equal(t.sql('SELECT count(*) FROM password_resets'), '0');
    assert.equal((await c.login('fay')).status, 303);
    assert.match((await c.get('/admin/profile/')).body, /This site sends no mail yet/);
  } finally {
    const { code, log } = await t.stop();
    assertNoSanitizerReport(log);
    assert.equal(code, 0);
  }
});
