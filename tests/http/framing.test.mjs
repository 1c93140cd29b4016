// Request framing: every request whose framing is ambiguous or
// invalid gets 400 (501 for a transfer coding we do not know) and the
// connection closed, before any handler runs; nothing sent after it on the
// same connection is ever processed.  Each case is sent whole, in two
// pieces at every split point of its head, and one byte at a time, and
// must get the same answer every way.
//
// The canary: every bad request is followed on its connection by
// "GET /healthz", and /metrics must count no healthz request at the end.
// Valid requests (the controls) are followed by "GET /robots.txt", which
// must be answered on the same connection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, tempDir, writeConfig, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

let s;

before(async () => {
  const dir = tempDir();
  const cfg = writeConfig(dir, [
    'connections_per_ip = 100000',
    'connections_max = 100000',
    'header_max = 8k',
    'body_max = 64k',
  ].join('\n') + '\n');
  s = await startServer({ args: ['--config', cfg] });
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const POST = 'POST /admin/login HTTP/1.1\r\nHost: x\r\n';
const CHUNKED = 'Transfer-Encoding: chunked\r\n';
const HELLO = '5\r\nhello\r\n0\r\n\r\n';
const GET = (extra) => `GET / HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

// [name, head, body, status]
const bad = [
  ['two different Content-Length', POST + 'Content-Length: 5\r\nContent-Length: 40\r\n\r\n', 'hello', 400],
  ['two equal Content-Length', POST + 'Content-Length: 5\r\nContent-Length: 5\r\n\r\n', 'hello', 400],
  ['Content-Length list', POST + 'Content-Length: 5, 5\r\n\r\n', 'hello', 400],
  ['signed Content-Length', POST + 'Content-Length: +5\r\n\r\n', 'hello', 400],
  ['Content-Length and chunked', POST + 'Content-Length: 40\r\n' + CHUNKED + '\r\n', HELLO, 400],
  ['chunked and Content-Length', POST + CHUNKED + 'Content-Length: 40\r\n\r\n', HELLO, 400],
  ['TE "chunked " (trailing space)', POST + 'Transfer-Encoding: chunked \r\n\r\n', HELLO, 400],
  ['TE "Chunked"', POST + 'Transfer-Encoding: Chunked\r\n\r\n', HELLO, 400],
  ['TE tab before chunked', POST + 'Transfer-Encoding:\tchunked\r\n\r\n', HELLO, 400],
  ['TE vertical tab', POST + 'Transfer-Encoding: \x0bchunked\r\n\r\n', HELLO, 400],
  ['TE "chunked, identity"', POST + 'Transfer-Encoding: chunked, identity\r\n\r\n', HELLO, 400],
  ['TE "chunked, chunked"', POST + 'Transfer-Encoding: chunked, chunked\r\n\r\n', HELLO, 400],
  ['two TE lines', POST + CHUNKED + CHUNKED + '\r\n', HELLO, 400],
  ['empty TE', POST + 'Transfer-Encoding: \r\n\r\n', HELLO, 400],
  ['TE "xchunked"', POST + 'Transfer-Encoding: xchunked\r\n\r\n', HELLO, 501],
  ['TE "gzip, chunked"', POST + 'Transfer-Encoding: gzip, chunked\r\n\r\n', HELLO, 501],
  ['TE in HTTP/1.0', 'POST /admin/login HTTP/1.0\r\nHost: x\r\n' + CHUNKED + '\r\n', HELLO, 400],
  ['space before the colon', POST + 'Transfer-Encoding : chunked\r\n\r\n', HELLO, 400],
  ['bare CR in a value', GET('X-A: a\rb\r\n'), '', 400],
  ['bare CR ending a line', GET('X-A: ab\r\r\n'), '', 400],
  ['obsolete line folding', GET('X-A: a\r\n b\r\n'), '', 400],
  ['white space before the first header', 'GET / HTTP/1.1\r\n Host: x\r\nHost: x\r\n\r\n', '', 400],
  ['separator in a header name', GET('X(A): a\r\n'), '', 400],
  ['space in a header name', GET('X A: a\r\n'), '', 400],
  ['empty header name', GET(': a\r\n'), '', 400],
  ['line without a colon', GET('XA\r\n'), '', 400],
  ['NUL in a header value', GET('X-A: a\0b\r\n'), '', 400],
  ['NUL in a header name', GET('X-\0A: ab\r\n'), '', 400],
  ['DEL in a header value', GET('X-A: a\x7fb\r\n'), '', 400],
  ['two Host headers', 'GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n', '', 400],
  ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\nX-A: b\r\n\r\n', '', 400],
  ['control byte in the method', 'G\x01T / HTTP/1.1\r\nHost: x\r\n\r\n', '', 400],
  ['separator in the method', 'GE(T / HTTP/1.1\r\nHost: x\r\n\r\n', '', 400],
  ['two spaces after the method', 'GET  / HTTP/1.1\r\nHost: x\r\n\r\n', '', 400],
  ['tab in the request target', 'GET /a\tb HTTP/1.1\r\nHost: x\r\n\r\n', '', 400],
  ['no HTTP version', 'GET /\r\nHost: x\r\n\r\n', '', 400],
  ['70 kB chunk extension', POST + CHUNKED + '\r\n', '5;a=' + 'x'.repeat(70000) + '\r\nhello\r\n0\r\n\r\n', 400],
  ['control byte in a chunk extension', POST + CHUNKED + '\r\n', '5;a=\x01\r\nhello\r\n0\r\n\r\n', 400],
  ['17-digit chunk size', POST + CHUNKED + '\r\n', '10000000000000000\r\nhello\r\n0\r\n\r\n', 400],
  ['18 f chunk size', POST + CHUNKED + '\r\n', 'ffffffffffffffffff\r\nhello\r\n0\r\n\r\n', 400],
  ['signed chunk size', POST + CHUNKED + '\r\n', '-5\r\nhello\r\n0\r\n\r\n', 400],
  ['chunk size with 0x', POST + CHUNKED + '\r\n', '0x5\r\nhello\r\n0\r\n\r\n', 400],
  ['chunk data longer than its size', POST + CHUNKED + '\r\n', '3\r\nhello\r\n0\r\n\r\n', 400],
  ['bare LF after chunk data', POST + CHUNKED + '\r\n', '5\r\nhello\n0\r\n\r\n', 400],
  ['NUL in a trailer', POST + CHUNKED + '\r\n', '5\r\nhello\r\n0\r\nX-T: a\0b\r\n\r\n', 400],
];

// Valid framings: the request is answered and the canary after it too.
const good = [
  ['Content-Length body', POST + 'Content-Length: 5\r\n\r\n', 'hello'],
  ['chunked body', POST + CHUNKED + '\r\n', HELLO],
  ['chunked body with an extension and a trailer', POST + CHUNKED + '\r\n', '5;name="v;x"\r\nhello\r\n000\r\nX-T: 1\r\n\r\n'],
  ['bare LF line ends', 'GET / HTTP/1.1\nHost: x\n\n', ''],
  ['HTTP/1.0 without Host', 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', ''],
  ['empty line before the request', '\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n', ''],
];

const CANARY = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
const CONTROL = 'GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n';

// Parse the responses in raw (latin1): [{ status, headers }], and any
// bytes left over that are not a whole response.
function responses(raw) {
  const out = [];
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end === -1) break;
    const head = rest.slice(0, end);
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
    if (!m) break;
    const headers = {};
    for (const line of head.split('\r\n').slice(1)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    const len = Number(headers['content-length'] || 0);
    if (rest.length < end + 4 + len) break;
    out.push({ status: Number(m[1]), headers });
    rest = rest.slice(end + 4 + len);
  }
  return { list: out, rest };
}

// Send pieces in order (a tick apart, without Nagle), stop writing if
// the server closes, and resolve with what came back and whether the
// server closed.  wantAll: resolve as soon as n responses are in.
function exchange(pieces, { want = 0, timeoutMs = 8000 } = {}) {
  return new Promise((resolve) => {
    const sock = net.connect({ port: s.port, host: '127.0.0.1', noDelay: true });
    let raw = '';
    let closed = false;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve({ raw, closed });
    };
    const timer = setTimeout(finish, timeoutMs);
    sock.setEncoding('latin1');
    sock.on('data', (c) => {
      raw += c;
      if (want > 0 && responses(raw).list.length >= want) finish();
    });
    sock.on('end', () => { closed = true; finish(); });
    sock.on('close', () => { closed = true; finish(); });
    sock.on('error', () => { closed = true; });
    sock.on('connect', async () => {
      for (const p of pieces) {
        if (done || closed || sock.destroyed) return;
        sock.write(p, 'latin1');
        await new Promise((r) => setImmediate(r));
      }
    });
  });
}

// The ways of sending one message: whole, two pieces at each split point
// of the head, one byte at a time (the head and the first 1 kB after it).
function ways(head, rest) {
  const all = [['whole', [head + rest]]];
  for (let i = 1; i < head.length; i++) {
    all.push([`split at ${i}`, [head.slice(0, i), head.slice(i) + rest]]);
  }
  const dripped = (head + rest).slice(0, head.length + 1024);
  const drip = [...dripped];
  const tail = (head + rest).slice(dripped.length);
  if (tail) drip.push(tail);
  all.push(['one byte at a time', drip]);
  return all;
}

// Run fns at most `limit` at a time.
async function pool(fns, limit = 24) {
  const results = new Array(fns.length);
  let next = 0;
  const worker = async () => {
    while (next < fns.length) {
      const i = next++;
      results[i] = await fns[i]();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

function requestsOf(metrics, route) {
  let n = 0;
  for (const m of metrics.matchAll(new RegExp(`^nutgraf_http_requests_total\\{route="${route}",[^}]*\\} (\\d+)`, 'gm'))) {
    n += Number(m[1]);
  }
  return n;
}

test('ambiguous or invalid framing: 400/501 and closed, whole, split or dripped; the request after it never runs', async () => {
  const jobs = [];
  for (const [name, head, body, status] of bad) {
    for (const [way, pieces] of ways(head, body + CANARY)) {
      jobs.push(async () => {
        const { raw, closed } = await exchange(pieces);
        const { list, rest } = responses(raw);
        const where = `${name} (${way})`;
        if (list.length !== 1 || list[0].status !== status || !closed || rest !== '' ||
            list[0].headers.connection !== 'close') {
          return `${where}: got ${list.map((r) => r.status).join(',') || 'nothing'}` +
            `${closed ? '' : ', connection left open'}${rest ? `, ${rest.length} stray bytes` : ''}` +
            `${list[0] && list[0].headers.connection !== 'close' ? ', no Connection: close' : ''}` +
            `; want ${status} and close`;
        }
        return null;
      });
    }
  }
  const failures = (await pool(jobs)).filter(Boolean);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${jobs.length} exchanges failed`);
  const metrics = await (await fetch(`${s.url}/metrics`)).text();
  assert.equal(requestsOf(metrics, 'healthz'), 0, 'a request after a refused one was run');
  // Refused requests never reach the router: no route counts anything.
  const routed = [...metrics.matchAll(/^nutgraf_http_requests_total\{route="([^"]+)",[^}]*\} (\d+)/gm)]
    .filter((m) => m[1] !== 'none' && Number(m[2]) > 0).map((m) => m[1]);
  assert.deepEqual(routed, [], 'a handler ran for a refused request');
});

test('valid framings still work at every byte boundary, and the next request on the connection is served', async () => {
  const jobs = [];
  for (const [name, head, body] of good) {
    for (const [way, pieces] of ways(head, body + CONTROL)) {
      jobs.push(async () => {
        const { raw } = await exchange(pieces, { want: 2 });
        const { list } = responses(raw);
        const where = `${name} (${way})`;
        if (list.length !== 2 || list[0].status >= 500 || list[0].status === 400 || list[1].status !== 200) {
          return `${where}: got ${list.map((r) => r.status).join(',') || 'nothing'}`;
        }
        return null;
      });
    }
  }
  const failures = (await pool(jobs)).filter(Boolean);
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${jobs.length} exchanges failed`);
});

test('a bad request pipelined after a good one: the good one is answered, the bad one refused, the rest never runs', async () => {
  const before = requestsOf(await (await fetch(`${s.url}/metrics`)).text(), 'robots');
  const msg = CONTROL + GET('X-A: a\0b\r\n') + CANARY;
  for (const [way, pieces] of ways(msg.slice(0, CONTROL.length + 40), msg.slice(CONTROL.length + 40))) {
    const { raw, closed } = await exchange(pieces);
    const { list } = responses(raw);
    assert.deepEqual(list.map((r) => r.status), [200, 400], way);
    assert.ok(closed, `${way}: left open`);
  }
  const metrics = await (await fetch(`${s.url}/metrics`)).text();
  assert.equal(requestsOf(metrics, 'healthz'), 0);
  assert.ok(requestsOf(metrics, 'robots') > before);
});
