// The newsroom's webhook pages: administrators only, CSRF, refused
// input re-rendered with what was typed (a private address named by the
// address policy), the secret shown once and good for the signatures a
// real receiver on 127.0.0.1 gets, the test delivery, pausing (nothing
// queued, nothing sent), the delivery log with a failure and a
// redelivery, and deleting.  The server tries each delivery once
// (webhook_attempts = 1), so a failure is final until redelivered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import crypto from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, assertNoSanitizerReport, until, writeConfig } from '../lib/nutgraf.mjs';
import { Client, cli, demoPassword } from '../lib/newsroom.mjs';
import { apiCaller, appPasswords } from '../lib/wpapi.mjs';

let s;
let api;
const clients = {};

// A receiver answering each request with the next of statuses (then 200).
function receiver(statuses = []) {
  const got = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = statuses.length > 0 ? statuses.shift() : 200;
      res.end('ok');
    });
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => resolve({ srv, got, port: srv.address().port }));
  });
}

function signed(req, secret) {
  const ts = req.headers['x-nutgraf-timestamp'];
  const want = 'sha256=' + crypto.createHmac('sha256', secret).update(`${ts}.${req.body}`).digest('hex');
  assert.equal(req.headers['x-nutgraf-signature'], want, 'signed with the secret shown once');
  return JSON.parse(req.body);
}

// The shared poll, keeping the value the condition found.
async function waitFor(what, fn, ms = 30000) {
  let v;
  await until(what, async () => (v = await fn()), ms);
  return v;
}

// The rows of a webhook's delivery log, newest first.
async function logOf(id) {
  const r = await clients.administrator.get(`/admin/webhooks/${id}/`);
  assert.equal(r.status, 200);
  return [...r.body.matchAll(/<tr id="delivery-(\d+)" data-status="(\w+)">.*?<code>([\w.]+)<\/code>.*?class="delivery-code">(\d*)<.*?class="delivery-attempts">(\d+)<.*?<td class="wrap">([^<]*)<\/td>/g)]
    .map((m) => ({ id: Number(m[1]), status: m[2], event: m[3], code: m[4], attempts: Number(m[5]), error: m[6] }));
}

async function create(form) {
  return clients.administrator.post('/admin/webhooks/', [['csrf', clients.administrator.token], ...form]);
}

before(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ng-webhook-admin-'));
  const conf = writeConfig(dir, 'webhook_allow = 127.0.0.1/32\nwebhook_attempts = 1\nwebhook_timeout = 5\n');
  s = await startServer({ args: ['--config', conf] });
  api = apiCaller(s, appPasswords(s)); // adds editor, author, contributor
  clients.administrator = new Client(s);
  assert.equal((await clients.administrator.login('admin', demoPassword(s))).status, 303);
  for (const role of ['editor', 'author', 'contributor']) {
    clients[role] = new Client(s);
    assert.equal((await clients[role].login(role)).status, 303, role);
  }
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('administrators only, with the CSRF token, and the nav links it', async () => {
  const dash = await clients.administrator.get('/admin/');
  assert.match(dash.body, /href="\/admin\/webhooks\/"/);
  assert.equal((await clients.administrator.get('/admin/webhooks/')).status, 200);
  for (const role of ['editor', 'author', 'contributor']) {
    assert.equal((await clients[role].get('/admin/webhooks/')).status, 403, role);
    assert.doesNotMatch((await clients[role].get('/admin/')).body, /\/admin\/webhooks\//, role);
    const r = await clients[role].postForm('/admin/webhooks/', { url: 'https://hooks.example.org/', all: '1' });
    assert.equal(r.status, 403, role);
  }
  const nocsrf = await clients.administrator.post('/admin/webhooks/', { url: 'http://127.0.0.1:9/', all: '1' });
  assert.equal(nocsrf.status, 403);
  assert.equal(cli(s, ['webhook', 'list']).stdout, '', 'nothing added');
  const anon = await new Client(s).get('/admin/webhooks/');
  assert.equal(anon.status, 303);
});

test('bad input is re-rendered with what was typed and the reason, nothing saved', async () => {
  const cases = [
    { form: [['url', ''], ['all', '1']], re: /URL: Give the address/ },
    { form: [['url', 'http://10.1.2.3/hook'], ['all', '1']], re: /Not allowed: The host&#39;s address 10\.1\.2\.3 is private|Not allowed: The host's address 10\.1\.2\.3 is private/ },
    { form: [['url', 'http://169.254.169.254/latest/'], ['events', 'post.published']], re: /Not allowed: .*169\.254\.169\.254/ },
    { form: [['url', 'http://127.0.0.2:9/'], ['all', '1']], re: /Not allowed: .*127\.0\.0\.2/ },
    { form: [['url', 'ftp://127.0.0.1/'], ['all', '1']], re: /Not allowed: The scheme ftp is not http or https/ },
    { form: [['url', 'http://127.0.0.1:9/x'], ['events', 'post.exploded']], re: /Events: Choose at least one event/ },
    { form: [['url', 'http://127.0.0.1:9/' + 'a'.repeat(2100)], ['all', '1']], re: /URL: Too long/ },
  ];
  for (const { form, re } of cases) {
    const r = await create(form);
    assert.equal(r.status, 422, form[0][1]);
    assert.match(r.body, re, form[0][1]);
    assert.match(r.body, /aria-invalid="true"/);
    if (form[0][1].length > 0 && form[0][1].length < 100) assert.ok(r.body.includes(`value="${form[0][1]}"`), 'the URL is kept');
  }
  // Ticked events are kept too.
  const r = await create([['url', 'http://10.0.0.1/'], ['events', 'comment.approved'], ['events', 'page.updated']]);
  assert.equal(r.status, 422);
  assert.match(r.body, /value="comment.approved" checked/);
  assert.match(r.body, /value="page.updated" checked/);
  assert.doesNotMatch(r.body, /value="post.published" checked/);
  assert.equal(cli(s, ['webhook', 'list']).stdout, '', 'nothing added');
});

test('create, test, pause, fail, redeliver, delete', async () => {
  const rcv = await receiver([500]);
  try {
    const url = `http://127.0.0.1:${rcv.port}/hook`;
    const made = await create([['url', url], ['events', 'post.published'], ['events', 'comment.approved']]);
    assert.equal(made.status, 201);
    const secret = /id="webhook-secret" class="wrap">([0-9a-f]{64})</.exec(made.body)?.[1];
    assert.ok(secret, 'the secret is shown');
    const id = Number(/\/admin\/webhooks\/(\d+)\//.exec(made.body)[1]);
    assert.match(cli(s, ['webhook', 'list']).stdout, new RegExp(`^${id}\tactive\tpost.published,comment.approved\t${url}\n$`));
    const list = await clients.administrator.get('/admin/webhooks/');
    assert.ok(list.body.includes(url));
    assert.ok(!list.body.includes(secret), 'shown only once');
    const page = await clients.administrator.get(`/admin/webhooks/${id}/`);
    assert.ok(!page.body.includes(secret), 'not on its page either');
    assert.match(page.body, /Nothing sent yet/);

    // The test: the receiver answers 500, and with one attempt it fails.
    let r = await clients.administrator.postForm(`/admin/webhooks/${id}/`, { action: 'test' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, `/admin/webhooks/${id}/?msg=webhook-test`);
    const failed = await waitFor('the failed test in the log', async () => {
      const l = await logOf(id);
      return l.length === 1 && l[0].status === 'failed' ? l : null;
    });
    assert.equal(failed[0].event, 'ping');
    assert.equal(failed[0].code, '500');
    assert.equal(failed[0].attempts, 1);
    assert.equal(failed[0].error, 'HTTP 500');
    const ping = signed(rcv.got[0], secret);
    assert.equal(ping.event, 'ping');
    assert.equal(ping.data.id, id);
    assert.equal(ping.data.url, url);

    // Redeliver: the same delivery id again, now taken.
    r = await clients.administrator.postForm(`/admin/webhooks/${id}/`, { action: 'redeliver', delivery: String(failed[0].id) });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, `/admin/webhooks/${id}/?msg=redelivered`);
    const ok = await waitFor('the redelivery', async () => {
      const l = await logOf(id);
      return l.length === 1 && l[0].status === 'delivered' ? l : null;
    });
    assert.equal(ok[0].code, '200');
    assert.equal(ok[0].attempts, 1);
    assert.equal(ok[0].error, '');
    assert.equal(rcv.got.length, 2);
    assert.equal(rcv.got[1].headers['x-nutgraf-delivery'], String(failed[0].id));
    signed(rcv.got[1], secret);

    // Paused: no test, nothing queued for a publication.
    r = await clients.administrator.postForm(`/admin/webhooks/${id}/`, { action: 'pause' });
    assert.equal(r.status, 303);
    assert.match((await clients.administrator.get(`/admin/webhooks/${id}/`)).body, /id="webhook-state"><strong>paused/);
    assert.match(cli(s, ['webhook', 'list']).stdout, /\tpaused\t/);
    r = await clients.administrator.postForm(`/admin/webhooks/${id}/`, { action: 'test' });
    assert.equal(r.status, 409);
    assert.match(r.body, /paused: resume it/);
    const p = await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', json: { title: 'While paused', status: 'publish' } });
    assert.equal(p.res.status, 201);
    assert.equal((await logOf(id)).length, 1, 'nothing queued while paused');

    // Resumed: the next publication is delivered.
    r = await clients.administrator.postForm(`/admin/webhooks/${id}/`, { action: 'resume' });
    assert.equal(r.status, 303);
    const p2 = await api('/wp-json/wp/v2/posts', { role: 'editor', method: 'POST', json: { title: 'After resuming', status: 'publish' } });
    assert.equal(p2.res.status, 201);
    await until('post.published delivered', async () => (await logOf(id)).some((d) => d.event === 'post.published' && d.status === 'delivered'));
    const body = signed(rcv.got[2], secret);
    assert.equal(body.event, 'post.published');
    assert.equal(body.data.id, p2.body.id);

    // A delivery of another webhook cannot be redelivered through this one.
    const other = await create([['url', `http://127.0.0.1:${rcv.port}/other`], ['all', '1']]);
    assert.equal(other.status, 201);
    const otherId = Number(/\/admin\/webhooks\/(\d+)\//.exec(other.body)[1]);
    r = await clients.administrator.postForm(`/admin/webhooks/${otherId}/`, { action: 'redeliver', delivery: String(failed[0].id) });
    assert.equal(r.status, 404);
    assert.match(r.body, /not in this webhook&#39;s log|not in this webhook's log/);
    r = await clients.administrator.postForm(`/admin/webhooks/${id}/`, { action: 'explode' });
    assert.equal(r.status, 400);
    // An editor cannot act on it either.
    r = await clients.editor.postForm(`/admin/webhooks/${id}/`, { action: 'delete' });
    assert.equal(r.status, 403);

    // Delete: gone with its log.
    for (const h of [id, otherId]) {
      r = await clients.administrator.postForm(`/admin/webhooks/${h}/`, { action: 'delete' });
      assert.equal(r.status, 303);
      assert.equal(r.headers.location, '/admin/webhooks/?msg=deleted');
    }
    assert.equal((await clients.administrator.get(`/admin/webhooks/${id}/`)).status, 404);
    assert.equal(cli(s, ['webhook', 'deliveries', String(id)]).stdout, '');
    assert.equal(cli(s, ['webhook', 'list']).stdout, '');
  } finally {
    rcv.srv.close();
  }
});
