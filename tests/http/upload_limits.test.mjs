// Upload limits that hold: a request body of exactly the media
// limit (12 MiB) is accepted and stored, one byte more is refused with 413;
// a filename with a quoted ';' is read whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, gradientPng, pngChunk } from '../lib/newsroom.mjs';

const LIMIT = 12 * 1024 * 1024;	// MEDIA_UPLOAD_MAX
let s;
let ed;

before(async () => {
  s = await startServer({ demo: false });
  addUser(s, 'upl-editor', 'editor');
  ed = new Client(s);
  assert.equal((await ed.login('upl-editor')).status, 303);
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const BOUNDARY = '----ngLimitTest0123456789';

// A multipart body of exactly total bytes: the CSRF token, an alt text
// and a real PNG padded with a private ancillary chunk (which decoders
// skip) to the size wanted.
function bodyOfSize(total, { filename = 'big.png', alt = 'Big', filenameFirst = false } = {}) {
  const dispo = filenameFirst ? `filename="${filename}"; name="file"` : `name="file"; filename="${filename}"`;
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${ed.token}\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="alt"\r\n\r\n${alt}\r\n` +
    `--${BOUNDARY}\r\nContent-Disposition: form-data; ${dispo}\r\nContent-Type: image/png\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const png = gradientPng(64, 48);
  const iend = 12;	// the IEND chunk ends the PNG
  const fixed = head.length + png.length + tail.length + 12;
  const pad = total - fixed;
  assert.ok(pad >= 0);
  const img = Buffer.concat([png.subarray(0, png.length - iend), pngChunk('prIv', Buffer.alloc(pad, 0x61)),
    png.subarray(png.length - iend)]);
  const body = Buffer.concat([head, img, tail]);
  assert.equal(body.length, total);
  return body;
}

function post(body) {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: s.port, method: 'POST', path: '/admin/media/',
      headers: {
        cookie: ed.cookieHeader(),
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'content-length': body.length,
      },
    }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
      res.on('error', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    // The server answers 413 before reading the body: writing the rest
    // may then fail, but the answer must have arrived.
    req.on('error', (e) => (['EPIPE', 'ECONNRESET'].includes(e.code) ? null : reject(e)));
    req.on('close', () => resolve({ status: 0, headers: {}, body: 'no response' }));
    req.end(body);
  });
}

test('an upload of exactly 12 MiB is stored; 12 MiB and one byte is 413', async () => {
  let r = await post(bodyOfSize(LIMIT, { alt: 'Exactly the limit' }));
  assert.equal(r.status, 303, r.body.slice(0, 500));
  assert.equal(r.headers.location, '/admin/media/?msg=added');
  const page = await ed.get('/admin/media/');
  assert.match(page.body, /Exactly the limit/);
  r = await post(bodyOfSize(LIMIT + 1, { alt: 'One byte over' }));
  assert.equal(r.status, 413);
  assert.doesNotMatch((await ed.get('/admin/media/')).body, /One byte over/);
});

test('a quoted ";" in a filename does not split the parameter', async () => {
  // Parameters in either order: "name=" inside the quotes is not one.
  const r = await post(bodyOfSize(64 * 1024, { filename: 'a;name=x.png', alt: 'Semicolon file', filenameFirst: true }));
  assert.equal(r.status, 303, r.body.slice(0, 500));
  assert.match((await ed.get('/admin/media/')).body, /Semicolon file/);
});
