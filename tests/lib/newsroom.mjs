// Helpers for the newsroom's HTTP and browser tests: the demo's
// one-time admin password, users made with the CLI, and a small
// cookie-keeping client that logs in through /admin/login.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import zlib from 'node:zlib';
import { BIN, dbFor } from './nutgraf.mjs';

export const PASSWORD = 'correct-horse-battery';
export const ROLES = ['administrator', 'editor', 'author', 'contributor'];

// The one-time admin password `serve --demo` printed.  Its first login
// must choose a new password (tests/http/people.test.mjs); for the tests
// about everything else, `nutgraf user passwd` sets the same password
// again, as an operator may, which lifts that (once per server: it ends
// the user's sessions).  firstLogin: leave it as the demo made it.
const demoReady = new WeakSet();
export function demoPassword(server, { firstLogin = false } = {}) {
  const m = /one-time password "([a-z0-9]+)"/.exec(server.log());
  if (!m) throw new Error(`no demo login in the log:\n${server.log()}`);
  if (!firstLogin && !demoReady.has(server)) {
    const r = cli(server, ['user', 'passwd', 'admin', '--password-stdin'], m[1] + '\n');
    if (r.status !== 0) throw new Error(`user passwd admin: ${r.stderr}`);
    demoReady.add(server);
  }
  return m[1];
}

// Run `nutgraf user|article ...` on the server's data directory.
export function cli(server, args, input) {
  const db = dbFor(server.dataDir);
  const r = spawnSync(BIN, [...args, '--data', server.dataDir], {
    env: { ...process.env, ...(db ? { NUTGRAF_DB: db } : {}) },
    input: input ?? '',
    encoding: 'utf8',
    timeout: 30000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function addUser(server, login, role, password = PASSWORD) {
  const r = cli(server, ['user', 'add', login, '--role', role, '--password-stdin'], password + '\n');
  if (r.status !== 0) throw new Error(`user add ${login}: ${r.stderr}`);
}

// A browser-like client: keeps cookies, never follows redirects, and can
// connect from another loopback address (a "different client").
export class Client {
  constructor(server, { from = '127.0.0.1' } = {}) {
    this.base = server.url;
    this.port = server.port;
    this.from = from;
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(setCookies) {
    for (const c of setCookies) {
      const [pair, ...attrs] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  // { status, headers (lower-case names; set-cookie is an array), body }
  request(method, path, { form, headers = {} } = {}) {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (body !== undefined) {
      h['content-type'] = 'application/x-www-form-urlencoded';
      h['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1', port: this.port, method, path, headers: h, localAddress: this.from,
      }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { data += c; });
        res.on('end', () => {
          this.keep(res.headers['set-cookie'] || []);
          resolve({ status: res.statusCode, headers: res.headers, body: data });
        });
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  get(path, opts) { return this.request('GET', path, opts); }

  post(path, form, opts = {}) { return this.request('POST', path, { ...opts, form }); }

  // The CSRF token of a newsroom page.
  static csrf(html) {
    const m = /name="csrf" value="([0-9a-f]{64})"/.exec(html);
    return m ? m[1] : null;
  }

  async login(login, password = PASSWORD) {
    const page = await this.get('/admin/login');
    const r = await this.post('/admin/login', { csrf: Client.csrf(page.body), login, password });
    if (r.status === 303) {
      const dash = await this.get('/admin/');
      this.token = Client.csrf(dash.body);
    }
    return r;
  }

  // POST a newsroom form with this session's CSRF token.
  postForm(path, form) {
    return this.post(path, { csrf: this.token, ...form });
  }
  // (post() also takes a list of [name, value] pairs, for repeated names.)
}

// The id in a Location like /admin/articles/17/?msg=saved
export function articleIdOf(res) {
  const m = /\/admin\/articles\/(\d+)\//.exec(res.headers.location || '');
  return m ? Number(m[1]) : 0;
}

// One PNG chunk: length, type, data and the CRC-32 of type and data.
export function pngChunk(type, data) {
  let c = ~0;
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  for (const b of td) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((~c) >>> 0);
  return Buffer.concat([len, td, crc]);
}

// A real w x h RGB PNG (a colour gradient), built here so tests need no
// image tools: signature, IHDR, one zlib IDAT of filter-0 rows, IEND.
export function gradientPng(w, h) {
  const chunk = pngChunk;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);	// 8-bit RGB, no interlace
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    for (let x = 0; x < w; x++) {
      raw[row + 1 + x * 3] = (x * 255 / w) | 0;
      raw[row + 2 + x * 3] = (y * 255 / h) | 0;
      raw[row + 3 + x * 3] = 128;
    }
  }
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// POST /admin/media/ as multipart/form-data, as a browser would, with
// the session's CSRF token (or opts.csrf; null sends none); file is
// { name, type, data }, or null to send no file.
// (path: another multipart form of the newsroom, e.g. Tools > Import.)
export function uploadMedia(c, fields, file, { csrf = c.token, path = '/admin/media/' } = {}) {
  const boundary = '----ngtest' + Math.random().toString(16).slice(2);
  const parts = [];
  const all = csrf ? { csrf, ...fields } : fields;
  for (const [k, v] of Object.entries(all)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
      `Content-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const body = Buffer.concat(parts);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port: c.port, method: 'POST', path,
      headers: {
        cookie: c.cookieHeader(),
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': body.length,
      },
    }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
