// People: the demo's one-time password must be replaced at the first
// login (only the profile page answers until then), a user changes
// their own password with the current one, and keeps an email address
// that no other user has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoSanitizerReport, startServer } from '../lib/nutgraf.mjs';
import { Client, PASSWORD, addUser, demoPassword } from '../lib/newsroom.mjs';

let s;

before(async () => {
  s = await startServer();
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const PROFILE = '/admin/profile/?msg=password-required#password';

test('the demo password works once: the first login must choose a new one', async () => {
  const pw = demoPassword(s, { firstLogin: true });
  const c = new Client(s);
  assert.equal((await c.login('admin', pw)).status, 303);
  for (const path of ['/admin/', '/admin/articles/', '/admin/settings/', '/admin/users/']) {
    const r = await c.get(path);
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.location, PROFILE, path);
  }
  let page = await c.get('/admin/profile/');
  assert.equal(page.status, 200);
  assert.match(page.body, /Choose your own password to go on/);
  c.token = Client.csrf(page.body);
  // Nothing else may be changed meanwhile.
  let r = await c.postForm('/admin/settings/', { title: 'Taken over' });
  assert.equal(r.status, 403);
  assert.match(r.body, /Choose your own password on your profile page first/);
  assert.equal(s.sql("SELECT count(*) FROM settings WHERE key = 'title' AND value = 'Taken over'"), '0');

  const before = s.sql("SELECT pass_hash FROM users WHERE login = 'admin'");
  const change = (current, next, again = next) => c.postForm('/admin/profile/',
    { action: 'password', current_password: current, new_password: next, new_password2: again });
  r = await change('not-the-password', 'a brand new passphrase');
  assert.equal(r.status, 422);
  assert.match(r.body, /Your current password is not right\./);
  r = await change(pw, 'a brand new passphrase', 'a brand new passfrase');
  assert.equal(r.status, 422);
  assert.match(r.body, /The two new passwords differ\./);
  r = await change(pw, 'short');
  assert.equal(r.status, 422);
  assert.match(r.body, /8 to 1024 characters/);
  r = await change(pw, pw);
  assert.equal(r.status, 422);
  assert.match(r.body, /other than the current one/);
  assert.equal(s.sql("SELECT pass_hash FROM users WHERE login = 'admin'"), before);

  r = await change(pw, 'a brand new passphrase');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/login?msg=password-changed');
  assert.equal(s.sql("SELECT must_change_password FROM users WHERE login = 'admin'"), '0');
  // Every session ended, this one too.
  r = await c.get('/admin/');
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /^\/admin\/login/);
  page = await c.get('/admin/login?msg=password-changed');
  assert.match(page.body, /Password changed/);

  const old = new Client(s);
  assert.notEqual((await old.login('admin', pw)).status, 303, 'the one-time password no longer works');
  const fresh = new Client(s);
  assert.equal((await fresh.login('admin', 'a brand new passphrase')).status, 303);
  const dash = await fresh.get('/admin/');
  assert.equal(dash.status, 200);
});

test('email addresses: checked, kept when refused, one user each', async () => {
  addUser(s, 'mira', 'author');
  addUser(s, 'olu', 'editor');
  const mira = new Client(s);
  assert.equal((await mira.login('mira')).status, 303);
  let r = await mira.postForm('/admin/profile/', { action: 'email', email: 'not an address' });
  assert.equal(r.status, 422);
  assert.match(r.body, /That is not an email address/);
  assert.match(r.body, /value="not an address"/);
  assert.equal(s.sql("SELECT email FROM users WHERE login = 'mira'"), '');

  r = await mira.postForm('/admin/profile/', { action: 'email', email: 'Mira@Example.org' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/profile/?msg=email');
  assert.equal(s.sql("SELECT email FROM users WHERE login = 'mira'"), 'Mira@Example.org');
  assert.match((await mira.get('/admin/profile/')).body, /value="Mira@Example.org"/);

  const olu = new Client(s);
  assert.equal((await olu.login('olu')).status, 303);
  r = await olu.postForm('/admin/profile/', { action: 'email', email: 'mira@example.ORG' });
  assert.equal(r.status, 422);
  assert.match(r.body, /Another user has that address\./);
  assert.equal(s.sql("SELECT email FROM users WHERE login = 'olu'"), '');

  // A user's own password change needs no administrator.
  r = await olu.postForm('/admin/profile/', { action: 'password', current_password: PASSWORD,
    new_password: 'olu has a new one', new_password2: 'olu has a new one' });
  assert.equal(r.status, 303);
  assert.equal((await new Client(s).login('olu', 'olu has a new one')).status, 303);
});
