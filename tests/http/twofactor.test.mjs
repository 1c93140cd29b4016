// Two-factor login (TOTP, RFC 6238) over real HTTP: enrolment on the
// profile page (confirmed by a code before it is on), the second login
// step, a wrong code refused, a used code refused (replay), recovery
// codes that work once, turning it off (needs the password), the
// setting that requires it for roles, and `nutgraf user 2fa-reset`.
// Codes come from an RFC 6238 implementation here and are cross-checked
// with oathtool (OATH Toolkit).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, cli, PASSWORD } from '../lib/newsroom.mjs';
import { totp } from '../lib/totp.mjs';

let s;

before(async () => {
  s = await startServer({ demo: false });
  for (const [login, role] of [['ed', 'editor'], ['replay', 'editor'], ['race', 'editor'], ['rc', 'editor'],
    ['au', 'author'], ['off', 'editor'], ['lost', 'editor'], ['tries', 'editor']]) {
    addUser(s, login, role);
  }
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

function oathtool(secret, t) {
  const when = new Date(t * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const r = spawnSync('oathtool', ['--totp', '-b', `--now=${when}`, secret.replace(/\s/g, '')], { encoding: 'utf8' });
  assert.equal(r.status, 0, `oathtool: ${r.stderr}`);
  return r.stdout.trim();
}

let addr = 20;
// Each scenario its own client address, so the per-address limits of
// one never spill into another.
function client() { addr += 1; return new Client(s, { from: `127.0.0.${addr}` }); }

// Log in with the password, set up 2FA; returns { c, secret, codes }.
async function enrol(login) {
  const c = client();
  assert.equal((await c.login(login)).status, 303);
  let page = await c.get('/admin/profile/');
  assert.equal(page.status, 200);
  assert.match(page.body, /Two-factor login is <strong>off<\/strong>/);
  let r = await c.postForm('/admin/profile/', { action: '2fa-begin' });
  assert.equal(r.status, 303);
  page = await c.get('/admin/profile/');
  const uri = /id="tfa-uri"[^>]*>([^<]+)</.exec(page.body)[1].replaceAll('&amp;', '&');
  const shown = /id="tfa-secret">([A-Z2-7 ]+)</.exec(page.body)[1];
  const u = new URL(uri);
  assert.equal(u.protocol, 'otpauth:');
  assert.equal(u.host, 'totp');
  assert.match(decodeURIComponent(u.pathname), new RegExp(`:${login}$`));
  const secret = u.searchParams.get('secret');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(shown.replaceAll(' ', ''), secret);
  assert.equal(u.searchParams.get('algorithm'), 'SHA1');
  assert.equal(u.searchParams.get('digits'), '6');
  assert.equal(u.searchParams.get('period'), '30');
  // Not on until a code confirms it: a wrong one is refused.
  const wrong = String((Number(totp(secret)) + 500000) % 1000000).padStart(6, '0');
  r = await c.postForm('/admin/profile/', { action: '2fa-confirm', code: wrong });
  assert.equal(r.status, 422);
  assert.match(r.body, /That code does not match/);
  r = await c.postForm('/admin/profile/', { action: '2fa-confirm', code: totp(secret) });
  assert.equal(r.status, 200, r.body.slice(0, 400));
  assert.match(r.body, /Two-factor login is <strong>on<\/strong>/);
  const codes = [...r.body.matchAll(/<li><code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})<\/code><\/li>/g)].map((m) => m[1]);
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  // Shown once: the next view of the page has none of them.
  page = await c.get('/admin/profile/');
  for (const code of codes) assert.ok(!page.body.includes(code));
  assert.match(page.body, /Recovery codes left: <strong id="tfa-recovery-left">10</);
  // The store has hashes only.
  const stored = s.sql(`SELECT hash FROM user_recovery_codes`);
  for (const code of codes) assert.ok(!stored.includes(code));
  return { c, secret, codes };
}

// The password step: a 303 to the code page, and no session yet.
async function passwordStep(c, login) {
  const r = await c.login(login);
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /^\/admin\/login\/2fa/);
  const dash = await c.get('/admin/');
  assert.equal(dash.status, 303, 'no session before the code');
  assert.match(dash.headers.location, /^\/admin\/login/);
  const form = await c.get('/admin/login/2fa');
  assert.equal(form.status, 200);
  assert.match(form.body, /name="code"/);
  return form;
}

const codeStep = (c, code, next = '/admin/') => c.post('/admin/login/2fa', { code, next });

test('codes agree with oathtool and the RFC 6238 vector', () => {
  // RFC 6238 B: T = 59, SHA-1, key "12345678901234567890" (8 digits there;
  // the last 6 here).
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59), '287082');
  for (const t of [59, 1111111109, 1234567890, Math.floor(Date.now() / 1000)]) {
    assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', t), oathtool('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', t));
  }
});

test('enrol, then log in with password and code; a wrong code is refused', async () => {
  const { secret } = await enrol('ed');
  const c = client();
  await passwordStep(c, 'ed');
  const now = Date.now() / 1000;
  const wrong = String((Number(totp(secret, now)) + 1) % 1000000).padStart(6, '0');
  let r = await codeStep(c, wrong);
  assert.equal(r.status, 403);
  assert.match(r.body, /That code is not right/);
  assert.equal((await c.get('/admin/')).status, 303, 'still no session');
  // The code of enrolment was spent; the app's next one (the step after,
  // still inside the accepted window) logs in.  oathtool computes it.
  r = await codeStep(c, oathtool(secret, now + 30), '/admin/articles/');
  assert.equal(r.status, 303, r.body.slice(0, 300));
  assert.equal(r.headers.location, '/admin/articles/');
  const dash = await c.get('/admin/');
  assert.equal(dash.status, 200);
  // The challenge cookie is gone with its challenge.
  assert.ok(!c.cookies.has('ng_2fa'));
  assert.equal(s.sql('SELECT count(*) FROM login_challenges WHERE expires_at > 0').trim(), '0');
});

test('a code works once: replaying it, even at once in a new login, is refused', async () => {
  const { secret } = await enrol('replay');
  const code = totp(secret, Date.now() / 1000 + 30);
  const a = client();
  await passwordStep(a, 'replay');
  assert.equal((await codeStep(a, code)).status, 303);
  // Someone who saw the code (and knows the password) tries it.
  const b = client();
  await passwordStep(b, 'replay');
  const r = await codeStep(b, code);
  assert.equal(r.status, 403);
  assert.equal((await b.get('/admin/')).status, 303);
});

test('two logins racing with one code: exactly one wins', async () => {
  const { secret } = await enrol('race');
  const fresh = totp(secret, Date.now() / 1000 + 30);
  const [x, y] = [client(), client()];
  await passwordStep(x, 'race');
  await passwordStep(y, 'race');
  const results = await Promise.all([codeStep(x, fresh), codeStep(y, fresh)]);
  assert.deepEqual(results.map((res) => res.status).sort(), [303, 403]);
});

test('recovery codes log in once each', async () => {
  const { codes } = await enrol('rc');
  const a = client();
  await passwordStep(a, 'rc');
  // Typed as people type: capitals, spaces for dashes.
  let r = await codeStep(a, codes[0].toUpperCase().replaceAll('-', ' '));
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /^\/admin\/profile\/\?msg=2fa-recovery/);
  // (A browser drops the #fragment; so does this client.)
  const page = await a.get(r.headers.location.replace(/#.*/, ''));
  assert.match(page.body, /You logged in with a recovery code, which is now used up/);
  assert.match(page.body, /Recovery codes left: <strong id="tfa-recovery-left">9</);
  const b = client();
  await passwordStep(b, 'rc');
  r = await codeStep(b, codes[0]);
  assert.equal(r.status, 403);
  assert.match(r.body, /recovery code is not right, or was used already/);
  r = await codeStep(b, codes[1]);
  assert.equal(r.status, 303);
});

test('wrong codes use up the login step; the password is needed again', async () => {
  const { secret } = await enrol('tries');
  const c = client();
  await passwordStep(c, 'tries');
  const good = totp(secret, Date.now() / 1000 + 30);
  const wrong = String((Number(good) + 7) % 1000000).padStart(6, '0');
  let r;
  for (let i = 0; i < 5; i++) {
    r = await codeStep(c, wrong);
    assert.equal(r.status, 403, `try ${i}`);
  }
  // The step is spent: even the right code now sends back to the password.
  r = await codeStep(c, good);
  assert.equal(r.status, 403);
  assert.match(r.body, /too many wrong codes\. Log in again with your password/);
  r = await c.get('/admin/login/2fa');
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, '/admin/login?msg=2fa-expired');
  // And the wrong codes count like wrong passwords: this account, from
  // this address, must now wait, and is told how long.
  r = await c.login('tries');
  assert.equal(r.status, 429);
  assert.match(r.body, /Too many failed attempts\. Try again in \d+ seconds\./);
  assert.equal((await c.get('/admin/')).status, 303);
});

test('turning it off needs the password; cancelling a set-up does not', async () => {
  const { c } = await enrol('off');
  let r = await c.postForm('/admin/profile/', { action: '2fa-disable', password: 'not the password' });
  assert.equal(r.status, 403);
  assert.match(r.body, /Wrong password: two-factor login stays on/);
  r = await c.postForm('/admin/profile/', { action: '2fa-disable', password: PASSWORD });
  assert.equal(r.status, 303);
  assert.match(r.headers.location, /msg=2fa-off/);
  const d = client();
  assert.equal((await d.login('off')).status, 303);
  assert.equal((await d.get('/admin/')).status, 200, 'password alone again');
  // A set-up begun and cancelled leaves it off.
  r = await d.postForm('/admin/profile/', { action: '2fa-begin' });
  assert.equal(r.status, 303);
  r = await d.postForm('/admin/profile/', { action: '2fa-cancel' });
  assert.equal(r.status, 303);
  assert.match((await d.get('/admin/profile/')).body, /Two-factor login is <strong>off<\/strong>/);
});

test('a role that must use 2FA can only set it up, then works normally', async () => {
  // A bad value names the rule and saves nothing.
  let r = cli(s, ['settings', 'twofactor_roles=author,wizard']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /administrator, editor, author and contributor/);
  r = cli(s, ['settings', 'twofactor_roles=author, administrator']);
  assert.equal(r.status, 0, r.stderr);
  try {
    const c = client();
    assert.equal((await c.login('au')).status, 303);
    for (const path of ['/admin/', '/admin/articles/', '/admin/articles/new/']) {
      const g = await c.get(path);
      assert.equal(g.status, 303, path);
      assert.match(g.headers.location, /^\/admin\/profile\/\?msg=2fa-required/);
    }
    const page = await c.get('/admin/profile/?msg=2fa-required');
    assert.match(page.body, /Your role must use two-factor login\. Set it up below to go on\./);
    assert.match(page.body, /<strong>Your role must use two-factor login\.<\/strong>/);
    c.token = Client.csrf(page.body);
    // Nothing else may be done: no article, no application password.
    r = await c.postForm('/admin/articles/new/', { title: 'Sneaky', body: 'x', action: 'save' });
    assert.equal(r.status, 403);
    r = await c.postForm('/admin/profile/', { action: 'create', name: 'bypass' });
    assert.equal(r.status, 403);
    assert.equal(s.sql("SELECT count(*) FROM app_passwords").trim(), '0');
    // Set it up: then the newsroom opens.
    r = await c.postForm('/admin/profile/', { action: '2fa-begin' });
    assert.equal(r.status, 303);
    const again = await c.get('/admin/profile/');
    const secret = /[?&]secret=([A-Z2-7]+)/.exec(again.body)[1];
    r = await c.postForm('/admin/profile/', { action: '2fa-confirm', code: totp(secret) });
    assert.equal(r.status, 200);
    assert.equal((await c.get('/admin/articles/')).status, 200);
    // Required: it cannot be turned off, even with the password.
    r = await c.postForm('/admin/profile/', { action: '2fa-disable', password: PASSWORD });
    assert.equal(r.status, 403);
    assert.match(r.body, /cannot be turned off/);
    // A role not listed is not affected.
    const e = client();
    assert.equal((await e.login('lost')).status, 303);
    assert.equal((await e.get('/admin/')).status, 200);
  } finally {
    assert.equal(cli(s, ['settings', 'twofactor_roles=']).status, 0);
  }
});

test('nutgraf user 2fa-reset: the admin who lost a phone logs in with the password', async () => {
  const { c } = await enrol('lost');
  assert.equal((await c.get('/admin/')).status, 200);
  let r = cli(s, ['user', '2fa-reset', 'lost']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /two-factor login of lost reset/);
  // Sessions ended: whoever has the phone may have one.
  assert.equal((await c.get('/admin/')).status, 303);
  const d = client();
  assert.equal((await d.login('lost')).status, 303);
  assert.equal((await d.get('/admin/')).status, 200);
  r = cli(s, ['user', '2fa-reset', 'lost']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /nothing to reset/);
  r = cli(s, ['user', '2fa-reset', 'nobody']);
  assert.notEqual(r.status, 0);
  r = cli(s, ['user', '2fa-reset']);
  assert.equal(r.status, 2);
});
