// Start and stop a real nutgraf server for the HTTP and browser tests.
//
// The binary comes from $NUTGRAF_BIN (default build/nutgraf), listens on a
// random loopback port (--listen 127.0.0.1:0; the port is read from the
// startup log line) and keeps its data in a fresh temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.resolve(root, process.env.NUTGRAF_BIN || 'build/nutgraf');

export function tempDir(prefix = 'nutgraf-') {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

// Write a config file into dir and return its path.
export function writeConfig(dir, text) {
  const file = path.join(dir, 'nutgraf.ini');
  writeFileSync(file, text);
  return file;
}

// Run the binary to completion: { status, stdout, stderr }.
export function run(args, { env = {}, timeout = 30000 } = {}) {
  const r = spawnSync(BIN, args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

// Start `nutgraf serve`; resolves once it logs the port it serves on.
export async function startServer({ demo = true, data, args = [], env = {} } = {}) {
  const dataDir = data || tempDir();
  const argv = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, ...args];
  if (demo) argv.push('--demo');
  const proc = spawn(BIN, argv, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  let scheme = 'http';
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 30000);
    const onData = (chunk) => {
      log += chunk;
      const m = /serving .* on (https?):\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) {
        clearTimeout(timer);
        scheme = m[1];
        resolve(Number(m[2]));
      }
    };
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', onData);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (c) => { log += c; });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before serving:\n${log}`));
    });
  });
  const server = {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    dataDir,
    proc,
    log: () => log,
    // SIGTERM and wait; returns { code, signal, log }.
    async stop({ keepData = false } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const res = await exited;
      if (!keepData && !data) rmSync(dataDir, { recursive: true, force: true });
      return { ...res, log };
    },
  };
  return server;
}

// Fail loudly if a sanitizer reported anything in a server's log.
export function assertNoSanitizerReport(log) {
  if (/ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer/.test(log)) {
    throw new Error(`sanitizer report in server log:\n${log}`);
  }
}

// A raw HTTP exchange over a socket, for what fetch cannot send
// (bad encodings, huge headers, slow clients).  Resolves with the bytes
// received until the server closes or timeoutMs passes.
export function rawRequest(port, data, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => { sock.destroy(); resolve(out); }, timeoutMs);
    sock.setEncoding('latin1');
    sock.on('connect', () => sock.write(data));
    sock.on('data', (c) => { out += c; });
    sock.on('end', () => { clearTimeout(timer); resolve(out); });
    sock.on('close', () => { clearTimeout(timer); resolve(out); });
    // A reset is an answer too: the server refused or cut the connection.
    sock.on('error', (e) => {
      clearTimeout(timer);
      if (out || ['ECONNRESET', 'EPIPE'].includes(e.code)) resolve(out);
      else reject(e);
    });
  });
}

// Status code of a raw HTTP response ("HTTP/1.1 404 Not Found" -> 404).
export function statusOf(raw) {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return m ? Number(m[1]) : 0;
}
