// Start and stop a real nutgraf server for the HTTP and browser tests.
//
// The binary comes from $NUTGRAF_BIN (default build/nutgraf), listens on a
// random loopback port (--listen 127.0.0.1:0; the port is read from the
// startup log line) and keeps its data in a fresh temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A test that runs the CLI with spawnSync blocks the event loop; if the
// server closes an idle keep-alive connection meanwhile, the next fetch,
// issued before the loop has polled sockets again, goes out on the dead
// connection and fails ("socket hang up").  Yield to the loop a few
// times before every fetch (two turns were enough in a reproduction with
// idle_timeout = 1; four for margin), so closed connections leave the
// pool first.  (Servers are right to close idle connections; this is the
// test harness's own race.)
const plainFetch = globalThis.fetch;
globalThis.fetch = async (...args) => {
  for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
  return plainFetch(...args);
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.resolve(root, process.env.NUTGRAF_BIN || 'build/nutgraf');

// The PostgreSQL pass: $NUTGRAF_TEST_PG names the directory of
// the throwaway cluster scripts/run-tests started (tests/lib/pg-cluster.sh).
// Each data directory then gets a database of its own, named after the
// directory, so a server and the CLI runs on the same --data share it,
// and each test server starts from an empty database as with SQLite.
export const PG_DIR = process.env.NUTGRAF_TEST_PG || '';
const CLUSTER = path.join(root, 'tests', 'lib', 'pg-cluster.sh');
const madeDbs = new Set();

function cluster(...args) {
  const r = spawnSync(CLUSTER, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg-cluster.sh ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function dbName(dataDir) {
  return 't_' + createHash('sha1').update(path.resolve(dataDir)).digest('hex').slice(0, 24);
}

// The database URL for dataDir on the PostgreSQL pass (created on first
// use); null on the SQLite pass.
export function dbFor(dataDir) {
  if (!PG_DIR) return null;
  const name = dbName(dataDir);
  if (!madeDbs.has(name)) {
    const r = spawnSync(CLUSTER, ['createdb', PG_DIR, name], { encoding: 'utf8' });
    if (r.status !== 0 && !/already exists/.test(r.stderr)) {
      throw new Error(`createdb ${name}: ${r.stderr}`);
    }
    madeDbs.add(name);
  }
  return cluster('url', PG_DIR, name);
}

export function dropDbFor(dataDir) {
  if (!PG_DIR) return;
  const name = dbName(dataDir);
  cluster('dropdb', PG_DIR, name);
  madeDbs.delete(name);
}

// What the store is opened with: the URL, or the SQLite file.
export function dbPath(dataDir) {
  return dbFor(dataDir) || path.join(dataDir, 'nutgraf.db');
}

// Run one SQL statement against dataDir's database, as the tests'
// fixtures do, and return its rows as sqlite3 prints them (fields joined
// by "|", one row a line).  The few SQLite spellings the fixtures use are
// translated for PostgreSQL.
export function sqlIn(dataDir, statement) {
  const out = sqlRaw(dataDir, statement);
  // A hand edit behind the store's back says so, as README asks:
  // running servers then drop every cached page.
  if (/\b(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(statement) && !/\binval_log\b/.test(statement))
    sqlRaw(dataDir, "INSERT INTO inval_log (origin, at, keys) VALUES (0, 0, 'all')");
  return out;
}

function sqlRaw(dataDir, statement) {
  if (!PG_DIR) {
    const r = spawnSync('sqlite3', [path.join(dataDir, 'nutgraf.db'), statement], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
    return r.stdout.trim();
  }
  const url = dbFor(dataDir);
  const pg = statement
    .replace(/;\s*SELECT last_insert_rowid\(\);?\s*$/i, ' RETURNING id')
    .replace(/strftime\('%s',\s*'now'\)/g, 'extract(epoch from now())::bigint')
    .replace(/datetime\(([a-z_.]+),\s*'unixepoch'\)/g,
      "to_char(to_timestamp($1) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS')")
    .replace(/strftime\('([^']*)',\s*([a-z_.]+),\s*'unixepoch'\)/g,
      (m, fmt, col) => `to_char(to_timestamp(${col}) at time zone 'UTC', '${fmt.replace('%Y', 'YYYY').replace('%m', 'MM').replace('%d', 'DD')}')`);
  const r = spawnSync(psqlBin(), ['-X', '-q', '-A', '-t', '-F', '|', '-v', 'ON_ERROR_STOP=1',
    '-d', url, '-c', pg], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${pg}: ${r.stderr}`);
  return r.stdout.trim();
}

let psqlPath = '';
function psqlBin() {
  if (!psqlPath) psqlPath = cluster('bin', PG_DIR) + '/psql';
  return psqlPath;
}

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
  const d = args.indexOf('--data');
  const db = d >= 0 && d + 1 < args.length ? dbFor(args[d + 1]) : null;
  const r = spawnSync(BIN, args, {
    env: { ...process.env, ...(db ? { NUTGRAF_DB: db } : {}), ...env },
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
  const db = dbFor(dataDir);
  const proc = spawn(BIN, argv, {
    env: { ...process.env, ...(db ? { NUTGRAF_DB: db } : {}), ...env },
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
    db: db || path.join(dataDir, 'nutgraf.db'),
    sql: (statement) => sqlIn(dataDir, statement),
    proc,
    log: () => log,
    // SIGTERM and wait; returns { code, signal, log }.
    async stop({ keepData = false } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const res = await exited;
      // Every server's log, for a failure in CI to be read afterwards.
      if (process.env.NUTGRAF_TEST_LOG) appendFileSync(process.env.NUTGRAF_TEST_LOG, log);
      if (!keepData && !data) {
        rmSync(dataDir, { recursive: true, force: true });
        dropDbFor(dataDir);
      }
      return { ...res, log };
    },
  };
  return server;
}

// Poll cond() (sync or async) every 20 ms until it is truthy, up to a
// deadline: how tests wait for what happens at its own pace (a
// scheduler, another process's write, a log line), never a fixed sleep.
// Resolves with the milliseconds it took; rejects naming what.
export async function until(what, cond, ms = 15000) {
  const t0 = Date.now();
  for (;;) {
    if (await cond()) return Date.now() - t0;
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
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
