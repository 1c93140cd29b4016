// The tests' SMTP sink (tests/lib/smtp_sink.py, Debian's python3): a
// local server on a random loopback port that keeps every message it
// is given in a directory, for a test to read.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './nutgraf.mjs';

const SINK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'smtp_sink.py');

// Start the sink (on port, or a random one; into dir, or a new one).
// Resolves to { port, dir, messages(), stop() }.
export async function startSink({ port = 0, dir = tempDir('nutgraf-mail-') } = {}) {
  const proc = spawn('python3', [SINK, dir, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  const got = await new Promise((resolve, reject) => {
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (c) => { out += c; });
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    exited.then((code) => reject(new Error(`smtp sink exited (${code}):\n${out}`)));
  });
  return {
    port: got,
    dir,
    // Every message so far: { from, to, raw, headers (lower-case
    // names, unfolded), body (quoted-printable decoded) }.
    messages() {
      if (!existsSync(dir)) return [];
      return readdirSync(dir).filter((f) => f.endsWith('.json'))
        .map((f) => Number(f.slice(0, -5))).sort((a, b) => a - b)
        .map((n) => parseMessage(
          JSON.parse(readFileSync(path.join(dir, `${n}.json`), 'utf8')),
          readFileSync(path.join(dir, `${n}.eml`), 'latin1')));
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

function decodeQP(s) {
  const bytes = [];
  const text = s.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(text.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes).toString('utf8');
}

// RFC 2047 encoded-words (B and Q) of a header value, decoded.
export function decodeWords(v) {
  return v.replace(/=\?utf-8\?([bq])\?([^?]*)\?=(\s+(?==\?))?/gi, (m, enc, text) =>
    (enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64')
      : Buffer.from(decodeQP(text.replace(/_/g, ' ')), 'utf8')).toString('utf8'));
}

function parseMessage(env, raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const bodyRaw = raw.slice(split + 4);
  const headers = {};
  const lines = head.split('\r\n');
  const names = [];
  for (const l of lines) {
    if (/^[ \t]/.test(l) && names.length) {
      headers[names[names.length - 1]] += l;
      continue;
    }
    const i = l.indexOf(':');
    const name = l.slice(0, i).toLowerCase();
    names.push(name);
    headers[name] = (headers[name] !== undefined ? headers[name] + '\n' : '') + l.slice(i + 1).trim();
  }
  const qp = /quoted-printable/i.test(headers['content-transfer-encoding'] || '');
  return {
    from: env.from,
    to: env.to,
    raw,
    headerNames: names,
    headers,
    subject: decodeWords(headers.subject || ''),
    body: qp ? decodeQP(bodyRaw) : Buffer.from(bodyRaw, 'latin1').toString('utf8'),
  };
}
