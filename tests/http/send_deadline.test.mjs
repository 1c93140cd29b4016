// The send deadline: a response its reader takes too long to receive is
// abandoned (the connection reset), however steadily the reader trickles,
// so libmicrohttpd's idle timeout, which counts only silence, never
// fires.  A reader at normal speed gets the same large page whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, run, rawRequest, statusOf, tempDir, writeConfig, until, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

const SEND_DEADLINE = 2;
let s;
let page;

before(async () => {
  const dir = tempDir();
  const cfg = writeConfig(dir, [
    `send_deadline = ${SEND_DEADLINE}`,
    'request_deadline = 120',
    'idle_timeout = 120',
  ].join('\n') + '\n');
  s = await startServer({ demo: false, args: ['--config', cfg] });
  // A page of about 1 MB (the longest article body): more than the
  // kernel buffers of a reader that does not read hold on loopback.
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  const paras = [];
  let n = 0;
  for (let i = 0; n < 1000000; i++) {
    const p = Array.from({ length: 120 }, (_, j) => words[(i * 7 + j * j) % words.length]).join(' ');
    paras.push(p);
    n += p.length + 2;
  }
  const body = path.join(dir, 'big.md');
  writeFileSync(body, paras.join('\n\n').slice(0, 1000000));
  const r = run(['article', 'add', '--data', s.dataDir, '--title', 'A long read', '--body-file', body,
    '--status', 'published']);
  assert.equal(r.status, 0, r.stderr);
  page = r.stdout.trim();
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

function abandoned() {
  return (s.log().match(/abandoned 1 response past the send deadline/g) || []).length;
}

// A raw GET whose reading the caller paces: { sock, received(), closed }.
function slowGet(target) {
  const sock = net.connect(s.port, '127.0.0.1');
  sock.pause();
  const chunks = [];
  sock.on('data', (c) => chunks.push(c));
  sock.on('error', () => {});	// a reset is an expected end
  const closed = new Promise((resolve) => sock.on('close', resolve));
  sock.on('connect', () => sock.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`));
  const received = () => Buffer.concat(chunks);
  return { sock, received, closed };
}

// Bytes a complete response would have: its head plus Content-Length.
function expectedLength(raw) {
  const head = raw.indexOf('\r\n\r\n');
  const m = /\r\ncontent-length: *(\d+)/i.exec(raw.subarray(0, head).toString('latin1'));
  assert.ok(head > 0 && m, 'a response head with Content-Length');
  return head + 4 + Number(m[1]);
}

test('a reader at normal speed gets the whole large page', async () => {
  // Connection: close, so that no idle keep-alive connection is left
  // that a loaded machine could leave unread past the deadline: each
  // test below must see only its own connection abandoned.
  const raw = Buffer.from(await rawRequest(s.port,
    `GET ${page} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, { timeoutMs: 30000 }), 'latin1');
  assert.equal(statusOf(raw.toString('latin1')), 200);
  assert.ok(raw.length > 900000, `page of ${raw.length} bytes`);
  assert.equal(raw.length, expectedLength(raw));
});

test('a reader that reads nothing is cut off at the send deadline', async () => {
  const before = abandoned();
  const t0 = Date.now();
  const c = slowGet(page);
  await until('the response abandoned', () => abandoned() > before, 20000);
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= SEND_DEADLINE * 1000 - 100, `abandoned after ${elapsed} ms`);
  // Now read what the kernel kept: the response stops short, then ends.
  c.sock.resume();
  await c.closed;
  const raw = c.received();
  assert.ok(raw.length > 0 && raw.length < expectedLength(raw),
    `got ${raw.length} of ${expectedLength(raw)} bytes`);
  const ok = await rawRequest(s.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(statusOf(ok), 200);
});

test('a reader that keeps reading, too slowly, is cut off all the same', async () => {
  const before = abandoned();
  const c = slowGet(page);
  // One read a second: never silent long enough for the idle timeout,
  // and the response not yet in the reader's hands at the deadline.
  let done = false;
  c.closed.then(() => { done = true; });
  const pace = setInterval(() => {
    c.sock.resume();
    c.sock.once('data', () => c.sock.pause());
  }, 1000);
  try {
    await until('the response abandoned', () => abandoned() > before, 20000);
  } finally {
    clearInterval(pace);
  }
  c.sock.resume();
  await c.closed;
  assert.ok(done);
  // Closed: a response that completed would have left the keep-alive
  // connection open (idle_timeout and request_deadline are 120 s).  How
  // much arrived first depends on how far the kernel on the reader's
  // side grew its buffer while the reader kept reading.
  const raw = c.received();
  assert.ok(raw.length > 0 && raw.length <= expectedLength(raw));
});
