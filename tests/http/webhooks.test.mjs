// Webhooks: a real receiving server on 127.0.0.1 (allowed by the test
// config's webhook_allow), signatures checked, a retry after a 500, a
// receiver that is down and comes back, the delivery log, and the
// address policy refusing private targets without the allowlist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, assertNoSanitizerReport, until, writeConfig } from '../lib/nutgraf.mjs';
import { Client, cli } from '../lib/newsroom.mjs';
import { apiCaller, appPasswords } from '../lib/wpapi.mjs';

const SECRET = 'test-secret-0123456789abcdef';
let s;
let api;
let conf;

// A receiver: answers each request with the next of statuses (then 200).
function receiver(statuses = [], port = 0) {
  const got = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ headers: req.headers, body, method: req.method, url: req.url });
      res.statusCode = statuses.length > 0 ? statuses.shift() : 200;
      res.end('ok');
    });
  });
  return new Promise((resolve) => {
    srv.listen(port, '127.0.0.1', () => resolve({ srv, got, port: srv.address().port }));
  });
}

// The shared poll, keeping the value the condition found.
async function waitFor(what, fn, ms = 30000) {
  let v;
  await until(what, async () => (v = await fn()), ms);
  return v;
}

function addHook(url, events) {
  const r = cli(s, ['webhook', 'add', url, '--events', events, '--secret', SECRET, '--config', conf]);
  assert.equal(r.status, 0, r.stderr);
  const [id, secret] = r.stdout.trim().split('\t');
  assert.equal(secret, SECRET);
  return Number(id);
}

function deliveries(id) {
  const r = cli(s, ['webhook', 'deliveries', String(id)]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => {
    const [did, hook, event, status, attempts, code, when, error] = l.split('\t');
    return { id: Number(did), hook: Number(hook), event, status, attempts: Number(attempts), code: Number(code), when, error };
  });
}

function verify(req) {
  const ts = req.headers['x-nutgraf-timestamp'];
  const want = 'sha256=' + crypto.createHmac('sha256', SECRET).update(`${ts}.${req.body}`).digest('hex');
  assert.equal(req.headers['x-nutgraf-signature'], want, 'signature');
  assert.ok(Math.abs(Date.now() / 1000 - Number(ts)) < 600);
  assert.equal(req.headers['content-type'], 'application/json');
  return JSON.parse(req.body);
}

before(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ng-webhook-'));
  conf = writeConfig(dir, 'webhook_allow = 127.0.0.1/32\nwebhook_retry_base = 1\nwebhook_attempts = 30\nwebhook_timeout = 5\n');
  s = await startServer({ args: ['--config', conf] });
  api = apiCaller(s, appPasswords(s));
});
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('a published post is delivered signed; a 500 is retried until it is taken', async () => {
  const rcv = await receiver([500]);
  try {
    const id = addHook(`http://127.0.0.1:${rcv.port}/hook`, 'post.published,post.updated');
    const p = await api('/wp-json/wp/v2/posts', {
      role: 'editor', method: 'POST', json: { title: 'Hooked news', content: 'Body.', status: 'publish' },
    });
    assert.equal(p.res.status, 201);
    await waitFor('two attempts', () => rcv.got.length >= 2);
    const [first, second] = rcv.got;
    assert.equal(first.method, 'POST');
    assert.equal(first.url, '/hook');
    assert.equal(first.headers['x-nutgraf-delivery'], second.headers['x-nutgraf-delivery']);
    assert.equal(second.headers['x-nutgraf-event'], 'post.published');
    const body = verify(second);
    assert.equal(body.event, 'post.published');
    assert.equal(body.data.id, p.body.id);
    assert.equal(body.data.title.rendered, 'Hooked news');
    assert.equal(body.data.link, p.body.link);
    assert.equal(body.data.content.raw, undefined, 'the public shape only');
    const log = await waitFor('delivered', () => {
      const d = deliveries(id);
      return d.length === 1 && d[0].status === 'delivered' ? d : null;
    });
    assert.equal(log[0].attempts, 2);
    assert.equal(log[0].code, 200);
    // An update is post.updated; a draft is nobody's news.
    await api(`/wp-json/wp/v2/posts/${p.body.id}`, { role: 'editor', method: 'PATCH', json: { title: 'Hooked news, updated' } });
    await waitFor('the update', () => rcv.got.length >= 3);
    assert.equal(verify(rcv.got[2]).event, 'post.updated');
    await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', json: { title: 'Quiet draft', status: 'draft' } });
    assert.equal(cli(s, ['webhook', 'delete', String(id)]).status, 0);
    assert.equal(rcv.got.length, 3);
  } finally {
    rcv.srv.close();
  }
});

test('a receiver that is down: retried, then delivered once it is back', async () => {
  // A free port with nothing on it.
  const probe = await receiver();
  const port = probe.port;
  await new Promise((r) => probe.srv.close(r));
  const id = addHook(`http://127.0.0.1:${port}/down`, 'comment.created,comment.approved');
  const p = await api('/wp-json/wp/v2/posts', {
    role: 'editor', method: 'POST', json: { title: 'Comment here', status: 'publish', comment_status: 'open' },
  });
  const c = await api('/wp-json/wp/v2/comments', {
    method: 'POST', json: { post: p.body.id, author_name: 'Ann', author_email: 'ann@example.org', content: 'Hello hooks' },
  });
  assert.equal(c.res.status, 201);
  const failing = await waitFor('two failed attempts', () => {
    const d = deliveries(id);
    return d.length === 1 && d[0].attempts >= 2 ? d : null;
  });
  assert.equal(failing[0].status, 'pending');
  assert.notEqual(failing[0].error, '');
  const rcv = await receiver([], port);
  try {
    await waitFor('the delivery after the restart', () => rcv.got.length >= 1);
    const body = verify(rcv.got[0]);
    assert.equal(body.event, 'comment.created');
    assert.equal(body.data.id, c.body.id);
    assert.equal(body.data.author_email, undefined, 'no e-mail address in a webhook');
    // Approving it raises comment.approved.
    await api(`/wp-json/wp/v2/comments/${c.body.id}`, { role: 'editor', method: 'POST', json: { status: 'approve' } });
    await waitFor('comment.approved', () => rcv.got.some((g) => g.headers['x-nutgraf-event'] === 'comment.approved'));
    await waitFor('both delivered', () => deliveries(id).every((d) => d.status === 'delivered'));
  } finally {
    rcv.srv.close();
    cli(s, ['webhook', 'delete', String(id)]);
  }
});

test('the address policy: private targets are refused without webhook_allow, in every spelling', async () => {
  const refused = ['http://127.0.0.1:9/', 'http://localhost/', 'http://2130706433/', 'http://0177.0.0.1/',
    'http://[::ffff:127.0.0.1]/', 'http://[::1]/', 'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/', 'http://[fd00::1]/', 'http://0.0.0.0/', 'ftp://93.184.216.34/'];
  for (const url of refused) {
    const r = cli(s, ['webhook', 'add', url]);
    assert.equal(r.status, 1, `${url}: ${r.stdout}`);
    assert.match(r.stderr, /not allowed|not http or https/, url);
  }
  assert.equal(cli(s, ['webhook', 'check', 'http://93.184.216.34/']).status, 0);
  // With the allowlist, loopback may be named.
  assert.equal(cli(s, ['webhook', 'check', 'http://127.0.0.1:9/', '--config', conf]).status, 0);
  assert.equal(cli(s, ['webhook', 'check', 'http://127.0.0.2:9/', '--config', conf]).status, 1);
  // Bad events are a usage error.
  const bad = cli(s, ['webhook', 'add', 'http://93.184.216.34/', '--events', 'post.exploded']);
  assert.equal(bad.status, 2);
});

test('a scheduled post raises post.published once, when the scheduler publishes it', async () => {
  const rcv = await receiver();
  try {
    const id = addHook(`http://127.0.0.1:${rcv.port}/sched`, 'post.published,post.updated');
    const when = new Date(Date.now() + 2000).toISOString().slice(0, 19);
    const p = await api('/wp-json/wp/v2/posts', {
      role: 'editor', method: 'POST', json: { title: 'Goes live by itself', content: 'Later.', status: 'publish', date_gmt: when },
    });
    assert.equal(p.res.status, 201);
    assert.equal(p.body.status, 'future');
    // The scheduler looks at least every 30 s.
    await waitFor('the scheduler\'s post.published', () => rcv.got.length >= 1, 60000);
    const body = verify(rcv.got[0]);
    assert.equal(body.event, 'post.published');
    assert.equal(body.data.id, p.body.id);
    assert.equal(body.data.status, 'publish');
    assert.equal(body.data.title.rendered, 'Goes live by itself');
    assert.match(body.data.link, /^http:\/\/127\.0\.0\.1:\d+\//);
    const log = deliveries(id);
    assert.equal(log.length, 1, 'once');
    assert.equal(log[0].event, 'post.published');
    // Queued when it went live, not when it was scheduled.
    assert.ok(Date.parse(log[0].when) >= Date.parse(when + 'Z'), `${log[0].when} < ${when}`);
    assert.equal(cli(s, ['webhook', 'delete', String(id)]).status, 0);
  } finally {
    rcv.srv.close();
  }
});

test('approving an approved comment again raises nothing, in the newsroom or the API', async () => {
  const id = addHook('http://127.0.0.1:9/never', 'comment.approved');
  try {
    const c1 = new Client(s);
    assert.equal((await c1.login('editor')).status, 303);
    // Two readers' comments at once from this one address.
    const r0 = cli(s, ['comments', 'settings', 'comment_flood_seconds=0', 'comment_hourly_max=0']);
    assert.equal(r0.status, 0, r0.stderr);
    const p = await api('/wp-json/wp/v2/posts', {
      role: 'editor', method: 'POST', json: { title: 'Talk', status: 'publish', comment_status: 'open' },
    });
    const held = [];
    for (const who of ['Bo', 'Cy']) {
      const c = await api('/wp-json/wp/v2/comments', {
        method: 'POST', json: { post: p.body.id, author_name: who, author_email: `${who}@example.org`, content: `Hi from ${who}` },
      });
      assert.equal(c.res.status, 201);
      assert.equal(c.body.status, 'hold');
      held.push(c.body.id);
    }
    // Queued in the request, so the log is complete when it answers.
    const approved = () => deliveries(id).filter((d) => d.event === 'comment.approved').length;
    let r = await c1.post('/admin/comments/', [['csrf', c1.token], ['action', 'approve'], ['id', String(held[0])]]);
    assert.equal(r.status, 303);
    assert.equal(approved(), 1);
    r = await c1.post('/admin/comments/', [['csrf', c1.token], ['action', 'approve'], ['id', String(held[0])], ['id', String(held[1])]]);
    assert.equal(r.status, 303);
    assert.equal(approved(), 2, 'only the newly approved one');
    const again = await api(`/wp-json/wp/v2/comments/${held[1]}`, { role: 'editor', method: 'POST', json: { status: 'approve' } });
    assert.equal(again.res.status, 200);
    assert.equal(approved(), 2, 'nor through the API');
    // Unapproved and approved again is news again.
    await c1.post('/admin/comments/', [['csrf', c1.token], ['action', 'unapprove'], ['id', String(held[1])]]);
    await c1.post('/admin/comments/', [['csrf', c1.token], ['action', 'approve'], ['id', String(held[1])]]);
    assert.equal(approved(), 3);
  } finally {
    cli(s, ['webhook', 'delete', String(id)]);
  }
});
