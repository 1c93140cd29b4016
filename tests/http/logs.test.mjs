// Logs: with log_format = json every line of a session's log
// is one JSON object, requests carry their fields, and no secret ever
// appears in any line -- not the passwords (typed right, wrong, new, or
// by mistake into the login field), not the session or CSRF tokens,
// not a commenter's email -- over a session with logins, password
// changes, comments and newsroom forms, logged at debug level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tempDir, writeConfig, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, demoPassword } from '../lib/newsroom.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

test('json logs: one object per line, request fields, and no secret in any line', async () => {
  const dir = tempDir();
  const s = await startServer({ args: ['--config', writeConfig(dir, 'log_format = json\nlog_level = debug\n')] });
  // stderr only: the demo's one-time password goes to stdout on purpose.
  let stderr = '';
  s.proc.stderr.on('data', (c) => { stderr += c; });
  const secrets = new Set();
  const keep = (x) => { if (x) secrets.add(x); return x; };
  try {
    const admin = new Client(s);
    const pw = keep(demoPassword(s));
    // Wrong passwords, a password typed into the login field, and an
    // email address as the login.
    await admin.login('admin', keep('wrong-Secret-Passw0rd'));
    await admin.login(keep('MyPasswordTypedIntoLogin9'), keep('another-wrong-one'));
    await admin.login(keep('editor@private-newsroom.example'), keep('guess-guess-guess'));
    assert.equal((await admin.login('admin', pw)).status, 303);
    keep(admin.cookies.get('ng_session'));
    for (const v of admin.cookies.values()) keep(v);
    keep(admin.token);

    // A new user (its one-time password), then a password change.
    let page = await admin.postForm('/admin/users/', { login: 'writer', name: 'Writer', role: 'author' });
    const first = keep(/<code[^>]*>([^<]{12,})<\/code>/.exec(page.body)?.[1]);
    assert.ok(first, 'the new user\'s password is on the page');
    const users = await admin.get('/admin/users/');
    const row = users.body.split('<tr>').find((r) => r.includes('<td>writer</td>'));
    const id = /action="\/admin\/users\/(\d+)\/"/.exec(row)[1];
    page = await admin.postForm(`/admin/users/${id}/`, { action: 'password' });
    const second = keep(/<code[^>]*>([^<]{12,})<\/code>/.exec(page.body)?.[1]);
    assert.ok(second && second !== first, 'a new password');
    const writer = new Client(s, { from: '127.0.0.2' });
    assert.equal((await writer.login('writer', second)).status, 303);
    for (const v of writer.cookies.values()) keep(v);
    keep(writer.token);
    // A newsroom form (CSRF) and its refusal without the token.
    assert.notEqual((await writer.post('/admin/articles/new/', { title: 'No token' })).status, 303);
    await writer.postForm('/admin/articles/new/', { title: 'With a token', body: 'Text.' });
    await writer.post('/admin/logout', { csrf: writer.token });

    // Comments with emails: accepted, refused, honeypot.
    const reader = new Client(s, { from: '127.0.0.3' });
    const form = (extra) => ({ author: 'Reader', email: keep(`reader.${process.pid}@private-mail.example`), url: '', comment: 'A comment.', comment_parent: '0', ...extra });
    await reader.post(`${SEED}comment`, form());
    await reader.post(`${SEED}comment`, form({ comment: '' }));
    await reader.post(`${SEED}comment`, form({ email: keep('second.reader@private-mail.example'), url: 'http://spam.example', website: 'honeypot' }));
    await reader.post('/wp-comments-post.php', form({ email: keep('third.reader@private-mail.example') }));
  } finally {
    const { log } = await s.stop();
    assertNoSanitizerReport(log);
  }
  const lines = stderr.split('\n').filter(Boolean);
  assert.ok(lines.length > 20, `a session's worth of log (${lines.length} lines)`);
  let requests = 0;
  for (const line of lines) {
    let o;
    assert.doesNotThrow(() => { o = JSON.parse(line); }, `not JSON: ${line}`);
    assert.match(o.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(['debug', 'info', 'warn', 'error'].includes(o.level), line);
    assert.equal(typeof o.msg, 'string');
    if (o.msg === 'request') {
      requests += 1;
      assert.equal(typeof o.status, 'number');
      assert.equal(typeof o.ms, 'number');
      assert.match(o.ip, /^127\.0\.0\.[123]$/);
    }
    for (const secret of secrets) assert.ok(!line.includes(secret), `secret "${secret}" in log line: ${line}`);
    assert.ok(!/@private-(mail|newsroom)\.example/.test(line), `email in log line: ${line}`);
  }
  assert.ok(requests >= 15, `request lines: ${requests}`);
  assert.ok(secrets.size >= 12, `secrets checked: ${secrets.size}`);
});
