// The page cache over real HTTP: fills and hits, long pages sent from
// a memfd, validators and 304s, encoding negotiation, HEAD = GET, no cookie bypass, the
// byte budget, /metrics, and content changes made while the server runs
// (publish, edit, unpublish, an approved comment, a setting, a future
// publish time) showing on the next request.
//
// The changes come from tests/tools/ng_store_tool, a second process on
// the same database: the server reads another process's commits at a
// request at most PAGECACHE_SYNC_MS (src/http/pagecache.h) after it
// last did, and drops the cached pages they change, so after the tool
// exits a test polls /metrics (itself such a request) until
// nutgraf_cache_invalidated_total moves: each test has cached the page
// the change must drop.  Writes made inside the server (the newsroom,
// comment moderation) bump the generation before their own response
// returns and need no wait.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  BIN, startServer, assertNoSanitizerReport, tempDir, until, writeConfig,
} from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const TOOL = process.env.NG_STORE_TOOL ||
  path.join(path.dirname(BIN), 'tests', 'tools', 'ng_store_tool');

let s;
before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

// A raw GET/HEAD with exactly the headers given (fetch would add
// Accept-Encoding and decode): { status, headers, body (Buffer) }.
function req(port, p, { method = 'GET', headers = {}, host = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    const r = http.request({ host, port, path: p, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    r.end();
  });
}
const get = (p, opts) => req(s.port, p, opts);

async function metric(name, server = s) {
  const { body } = await req(server.port, '/metrics');
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(body.toString());
  return m ? Number(m[1]) : NaN;
}

function tool(...args) {
  return execFileSync(TOOL, [s.db, ...args], { encoding: 'utf8' }).trim();
}
async function change(...args) {
  const inv = await metric('nutgraf_cache_invalidated_total');
  const out = tool(...args);
  await until(`the server drops the pages "${args[0]}" changed`,
    async () => await metric('nutgraf_cache_invalidated_total') > inv, 10000);
  return out;
}

test('the test tool is built', () => {
  assert.ok(existsSync(TOOL), `${TOOL} (set NG_STORE_TOOL)`);
});

test('second request is a hit with the same bytes and validators', async () => {
  const hits = await metric('nutgraf_cache_hits_total');
  const a = await get(SEED);
  const b = await get(SEED);
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.deepEqual(a.body, b.body);
  assert.match(a.headers.etag, /^"[0-9a-f]{16}"$/);
  assert.equal(a.headers.etag, b.headers.etag);
  assert.equal(a.headers['last-modified'], b.headers['last-modified']);
  assert.match(a.headers['last-modified'], /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
  assert.equal(a.headers.vary, 'Accept-Encoding');
  assert.match(a.headers['cache-control'], /public/);
  assert.match(a.headers['cache-control'], /max-age=\d+/);
  assert.match(a.headers['cache-control'], /stale-while-revalidate=\d+/);
  assert.equal(a.headers['content-security-policy'], b.headers['content-security-policy']);
  assert.ok(a.headers['content-security-policy']);
  assert.equal(Number(a.headers['content-length']), a.body.length);
  assert.ok(await metric('nutgraf_cache_hits_total') >= hits + 1);
});

test('a long cached page is sent from a memfd (sendfile), byte for byte', async () => {
  const a = await get(SEED);
  const b = await get(SEED);
  // HTTP_SENDFILE_MIN (src/http/limits.h) is 16 KiB: the article is longer.
  assert.ok(a.body.length >= 16384, `the article is ${a.body.length} bytes`);
  assert.deepEqual(b.body, a.body);
  assert.equal(Number(b.headers['content-length']), a.body.length);
  const fds = readdirSync(`/proc/${s.proc.pid}/fd`).map((fd) => {
    try { return readlinkSync(`/proc/${s.proc.pid}/fd/${fd}`); } catch { return ''; }
  });
  assert.ok(fds.some((l) => l.startsWith('/memfd:nutgraf-page')),
    `no memfd among the server's descriptors: ${fds.join(' ')}`);
  const head = await get(SEED, { method: 'HEAD' });
  assert.equal(head.body.length, 0);
  assert.equal(Number(head.headers['content-length']), a.body.length);
});

test('encoding negotiation: br, gzip, none, q=0', async () => {
  const plain = await get(SEED);
  const cases = [
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', undefined],
    ['br;q=0', undefined],
    ['identity', undefined],
    ['*', 'br'],
    ['', undefined],
    [null, undefined],
  ];
  const tags = new Set();
  for (const [ae, want] of cases) {
    const headers = ae === null ? {} : { 'accept-encoding': ae };
    const r = await get(SEED, { headers });
    assert.equal(r.status, 200, String(ae));
    assert.equal(r.headers['content-encoding'], want, `Accept-Encoding: ${ae}`);
    assert.equal(r.headers.vary, 'Accept-Encoding');
    let body = r.body;
    if (want === 'br') body = zlib.brotliDecompressSync(body);
    if (want === 'gzip') body = zlib.gunzipSync(body);
    if (want) assert.ok(r.body.length < plain.body.length / 2, `${want} is smaller`);
    assert.deepEqual(body, plain.body, `decoded ${want} = identity`);
    tags.add(`${want}:${r.headers.etag}`);
    // Each representation keeps its own strong ETag.
    if (want === 'br') assert.match(r.headers.etag, /-br"$/);
    if (want === 'gzip') assert.match(r.headers.etag, /-gz"$/);
  }
  assert.equal(new Set([...tags].map((t) => t.split(':')[1])).size, 3);
});

test('304s: If-None-Match (per representation, weak, lists, *) and If-Modified-Since', async () => {
  const br = await get(SEED, { headers: { 'accept-encoding': 'br' } });
  const id = await get(SEED);
  const cases = [
    [{ 'accept-encoding': 'br', 'if-none-match': br.headers.etag }, 304],
    [{ 'accept-encoding': 'br', 'if-none-match': `W/${br.headers.etag}` }, 304],
    [{ 'accept-encoding': 'br', 'if-none-match': `"nope", ${br.headers.etag}` }, 304],
    [{ 'accept-encoding': 'br', 'if-none-match': '*' }, 304],
    [{ 'if-none-match': br.headers.etag }, 200], // the br tag, identity asked
    [{ 'if-none-match': id.headers.etag }, 304],
    [{ 'if-none-match': '"nope"' }, 200],
    // If-None-Match wins over a matching date.
    [{ 'if-none-match': '"nope"', 'if-modified-since': new Date(Date.now() + 0).toUTCString() }, 200],
    [{ 'if-modified-since': 'garbage' }, 200],
    [{ 'if-modified-since': new Date(Date.now() + 3600e3).toUTCString() }, 200], // future
  ];
  for (const [headers, want] of cases) {
    const r = await get(SEED, { headers });
    assert.equal(r.status, want, JSON.stringify(headers));
    if (want === 304) {
      assert.equal(r.body.length, 0);
      assert.ok(r.headers.etag);
      assert.match(r.headers['cache-control'], /public/);
      assert.equal(r.headers.vary, 'Accept-Encoding');
    }
  }
  // A date at or after Last-Modified: 304, for a page filled a whole
  // second after the last change the server saw (one second cannot
  // tell two versions apart, so the second of a change never vouches).
  // Anything the server does in the background may count as a change
  // (a scheduler pass, a reload), so a try whose second saw one is
  // made again on a fresh page, a few times at most.
  let r, fresh, again;
  for (let attempt = 1; attempt <= 4; attempt++) {
    const second = Math.floor(Date.now() / 1000);
    await until('a later clock second than any change so far', () => Math.floor(Date.now() / 1000) > second);
    fresh = `${SEED}?ims=${attempt}`;
    again = await get(fresh);
    r = await get(fresh, { headers: { 'if-modified-since': again.headers['last-modified'] } });
    if (r.status === 304) break;
  }
  assert.equal(r.status, 304, `If-Modified-Since = Last-Modified, 4 tries (invalidated ${await metric('nutgraf_cache_invalidated_total')})`);
  const older = new Date(Date.parse(again.headers['last-modified']) - 1000).toUTCString();
  assert.equal((await get(fresh, { headers: { 'if-modified-since': older } })).status, 200);
  const nm = await metric('nutgraf_cache_not_modified_total');
  assert.ok(nm >= 5, `not_modified ${nm}`);
});

test('HEAD has the headers of GET and no body', async () => {
  for (const ae of ['br', 'gzip', undefined]) {
    const headers = ae ? { 'accept-encoding': ae } : {};
    const g = await get(SEED, { headers });
    const h = await get(SEED, { headers, method: 'HEAD' });
    assert.equal(h.status, 200);
    assert.equal(h.body.length, 0);
    const strip = (x) => { const o = { ...x }; delete o.date; return o; };
    assert.deepEqual(strip(h.headers), strip(g.headers), `HEAD vs GET, ${ae}`);
  }
  // A HEAD miss fills the cache for the GET that follows.
  const h = await get('/category/world/?head=1', { method: 'HEAD' });
  const g = await get('/category/world/?head=1');
  assert.equal(h.headers.etag, g.headers.etag);
  assert.equal(Number(h.headers['content-length']), g.body.length);
});

test('a session cookie does not skip the cache', async () => {
  const fills = await metric('nutgraf_cache_fills_total');
  const anon = await get('/tag/niger/?admin=1');
  assert.ok(anon.headers.etag);
  const r = await get('/tag/niger/?admin=1', { headers: { cookie: 'theme=dark; ng_session=abc' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.etag, anon.headers.etag, 'the cached page');
  assert.equal(await metric('nutgraf_cache_fills_total'), fills + 1, 'filled once');
});

test('uncacheable responses are not cached', async () => {
  const fills = await metric('nutgraf_cache_fills_total');
  assert.equal((await get('/healthz')).headers.etag, undefined); // no-store
  assert.equal((await get('/no/such/page/')).headers.etag, undefined); // 404
  assert.equal((await get('/no-such-page')).status, 404); // no route
  assert.equal((await get('/metrics')).headers['cache-control'], 'no-store');
  assert.equal(await metric('nutgraf_cache_fills_total'), fills);
});

test('publish, edit, unpublish: visible on the next request', async () => {
  const front0 = (await get('/')).body.toString();
  assert.ok(!front0.includes('Cache Test Story'));
  await get('/'); // cached now
  const p = await change('publish', 'cache-test-story', 'Cache Test Story');
  assert.match(p, /^\/\d{4}\/\d\d\/cache-test-story\/$/);
  assert.ok((await get('/')).body.toString().includes('Cache Test Story'), 'front page shows it');
  const art = await get(p);
  assert.equal(art.status, 200);
  assert.ok(art.body.toString().includes('Cache Test Story'));
  await get(p);

  await change('edit', 'cache-test-story', 'Cache Test Story, Updated');
  assert.ok((await get(p)).body.toString().includes('Cache Test Story, Updated'), 'article edited');
  assert.ok((await get('/')).body.toString().includes('Cache Test Story, Updated'), 'front edited');

  await change('unpublish', 'cache-test-story');
  assert.equal((await get(p)).status, 404, 'article gone');
  assert.ok(!(await get('/')).body.toString().includes('Cache Test Story'), 'front page without it');
});

test('an approved comment and a setting: visible on the next request', async () => {
  const before0 = (await get(SEED)).body.toString();
  assert.ok(!before0.includes('A cached comment, approved'));
  await change('comment', 'us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks',
    'Reader', 'A cached comment, approved');
  assert.ok((await get(SEED)).body.toString().includes('A cached comment, approved'));

  await get('/');
  await change('setting', 'title', 'The Cached Gazette');
  assert.ok((await get('/')).body.toString().includes('The Cached Gazette'));
  assert.ok((await get(SEED)).body.toString().includes('The Cached Gazette'));
});

test('an article dated in the future appears at its time without a write', async () => {
  await get('/'); // cached before the story exists
  const p = await change('publish', 'cache-future-story', 'Cache Future Story', '2');
  assert.equal((await get(p)).status, 404);
  assert.ok(!(await get('/')).body.toString().includes('Cache Future Story'));
  await get('/'); // cached, expiring at the publish time
  // No write happens: the cached front page expires at the publish time.
  await until('the story on the front page at its time', async () => (await get('/')).body.toString().includes('Cache Future Story'), 10000);
  assert.equal((await get(p)).status, 200);
});

test('/metrics: Prometheus text with routes, latency, db time, connections', async () => {
  const { status, headers, body } = await get('/metrics');
  assert.equal(status, 200);
  assert.match(headers['content-type'], /^text\/plain; version=0\.0\.4/);
  const text = body.toString();
  for (const re of [
    /^# TYPE nutgraf_http_requests_total counter$/m,
    /^nutgraf_http_requests_total\{route="article",code="200"\} \d+$/m,
    /^nutgraf_http_requests_total\{route="article",code="304"\} \d+$/m,
    /^nutgraf_http_requests_total\{route="article",code="404"\} \d+$/m,
    /^nutgraf_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+$/m,
    /^nutgraf_http_request_duration_seconds_sum [0-9.]+$/m,
    /^nutgraf_db_seconds_total [0-9.]+$/m,
    /^nutgraf_http_open_connections \d+$/m,
    /^nutgraf_cache_hits_total \d+$/m,
    /^nutgraf_cache_misses_total \d+$/m,
    /^nutgraf_cache_evictions_total \d+$/m,
    /^nutgraf_cache_bytes \d+$/m,
  ]) assert.match(text, re);
  assert.ok(await metric('nutgraf_db_seconds_total') > 0);
  assert.ok(await metric('nutgraf_http_open_connections') >= 1);
});

// A non-loopback address of this machine, if it has one.
function externalIPv4() {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list || []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

// `nutgraf serve` on ip:0 (startServer() only knows 127.0.0.1).
async function startOn(ip, conf) {
  const dataDir = tempDir();
  const proc = spawn(BIN, ['serve', '--listen', `${ip}:0`, '--data', dataDir,
    '--demo', '--config', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start:\n${log}`)), 20000);
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (c) => {
      log += c;
      const m = /serving .* on http:\/\/[^ ]*:(\d+)\//.exec(log);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    proc.on('exit', () => { clearTimeout(timer); reject(new Error(`exited:\n${log}`)); });
  });
  return {
    port,
    async stop() {
      const done = new Promise((r) => proc.on('exit', r));
      proc.kill('SIGTERM');
      await done;
      rmSync(dataDir, { recursive: true, force: true });
      return log;
    },
  };
}

test('/metrics is loopback-only unless metrics_public = yes', async (t) => {
  const ip = externalIPv4();
  if (!ip) { t.skip('no non-loopback address'); return; }
  for (const pub of ['no', 'yes']) {
    const conf = writeConfig(tempDir(), `metrics_public = ${pub}\n`);
    const srv = await startOn(ip, conf);
    try {
      const far = await req(srv.port, '/metrics', { host: ip });
      assert.equal(far.status, pub === 'yes' ? 200 : 404, `from ${ip}, public=${pub}`);
      if (pub === 'no') assert.ok(!far.body.toString().includes('nutgraf_'));
    } finally {
      assertNoSanitizerReport(await srv.stop());
    }
  }
});

test('a tiny byte budget evicts and stays within it', async () => {
  const dir = tempDir();
  const conf = writeConfig(dir, 'cache_max_bytes = 320k\n');
  const srv = await startServer({ args: ['--config', conf] });
  try {
    const paths = ['/', '/page/2/', SEED, '/category/world/', '/category/politics/',
      '/category/business/', '/category/technology/', '/category/sport/',
      '/author/news-desk/', '/tag/niger/', '/robots.txt'];
    for (let i = 0; i < 6; i++) paths.push(`/?v=${i}`, `/category/world/?v=${i}`);
    for (const p of paths) {
      const r = await req(srv.port, p, { headers: { 'accept-encoding': 'br' } });
      assert.ok([200, 404].includes(r.status), p);
      const bytes = await metric('nutgraf_cache_bytes', srv);
      assert.ok(bytes <= 320 * 1024, `${bytes} bytes after ${p}`);
    }
    assert.ok(await metric('nutgraf_cache_evictions_total', srv) > 0, 'evicted');
    assert.equal(await metric('nutgraf_cache_max_bytes', srv), 320 * 1024);
    // The first page was evicted: it is rendered again, and still right.
    // (Each /metrics read is a lookup, and a miss, of its own.)
    const misses = await metric('nutgraf_cache_misses_total', srv);
    const r = await req(srv.port, '/');
    assert.equal(r.status, 200);
    assert.match(r.body.toString(), /<\/html>/);
    assert.equal(await metric('nutgraf_cache_misses_total', srv), misses + 2);
  } finally {
    const { log } = await srv.stop();
    assertNoSanitizerReport(log);
  }
});
