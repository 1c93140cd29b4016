// "Most read": reads counted on the server (cache hits too), no cookie
// and nothing about the reader kept, software excluded by its user
// agent; the list refreshes by itself (most_read_refresh) on the front
// page and article pages, cached or not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PG_DIR, startServer, assertNoSanitizerReport, tempDir, until, writeConfig } from '../lib/nutgraf.mjs';

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const BOTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'curl/7.88.1', '', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36',
  'Feedly/1.0 (+http://www.feedly.com/fetcher.html)', 'python-requests/2.31', 'facebookexternalhit/1.1',
  'Mozilla/5.0 (compatible; bingbot/2.0)', 'UptimeRobot/2.0 monitor', 'node',
];
let s;

before(async () => {
  const conf = writeConfig(tempDir(), 'most_read_refresh = 1\n');
  s = await startServer({ args: ['--config', conf] });
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function get(path, ua = BROWSER, method = 'GET') {
  const headers = ua === null ? {} : { 'user-agent': ua };
  const res = await fetch(s.url + path, { method, headers });
  return { res, body: await res.text() };
}

function mostRead(html) {
  const m = /<aside class="most-read"[\s\S]*?<\/aside>/.exec(html);
  if (!m) return [];
  return [...m[0].matchAll(/<li><a href="([^"]+)">/g)].map((x) => x[1]);
}

// The demo's article paths, oldest first (the front page lists newest first).
async function articles() {
  const front = (await get('/')).body;
  const paths = [...new Set([...front.matchAll(/href="(\/\d{4}\/\d\d\/[^"#?]+\/)"/g)].map((x) => x[1]))];
  assert.ok(paths.length >= 3, 'three articles on the front page');
  return paths;
}

test('reads by people make the list, cache hits included; software is ignored', async () => {
  const [c, b, a] = await articles(); // a, b, c: newest first on the page
  assert.deepEqual(mostRead((await get('/')).body), [], 'no reads, no list');
  // A: read three times (one render, then cache hits); B once.  Were
  // hits not counted, A and B would tie at one.
  for (let i = 0; i < 3; i++) {
    const r = await get(a);
    assert.equal(r.res.status, 200);
    assert.equal(r.res.headers.get('set-cookie'), null, 'no cookie');
  }
  await get(b);
  // C: only software, many times, and HEAD requests from a browser.
  for (const ua of BOTS) for (let i = 0; i < 3; i++) await get(c, ua);
  for (let i = 0; i < 5; i++) await get(c, BROWSER, 'HEAD');

  let list;
  await until('the most-read list on the front page', async () => {
    list = mostRead((await get('/')).body);
    return list.length >= 2;
  });
  assert.deepEqual(list.slice(0, 2), [a, b]);
  assert.ok(!list.includes(c), 'software and HEAD are not reads');
  // On an article page too, without the page itself.
  const onB = mostRead((await get(b, BOTS[0])).body);
  assert.deepEqual(onB, [a]);

  // B overtakes A: the cached pages follow by themselves.
  for (let i = 0; i < 4; i++) await get(b);
  await until('B first on the cached front page', async () => mostRead((await get('/', BOTS[0])).body)[0] === b);
  await until('B first on A\'s cached page', async () => mostRead((await get(a, BOTS[0])).body)[0] === b);
});

// A long write elsewhere (an import is one transaction) holds the SQLite
// file for longer than the store waits: the counts the server could not
// save then are kept and saved at the next try, not thrown away.
test('reads counted while the database is held by another writer are not lost', {
  skip: PG_DIR ? 'SQLite: a PostgreSQL writer makes the count wait, it never fails' : false,
}, async () => {
  const c = (await articles())[0];
  const slug = c.split('/').filter(Boolean).pop();
  const id = Number(s.sql(`SELECT id FROM articles WHERE slug = '${slug}'`).trim());
  const saved = () => Number(s.sql(`SELECT coalesce(sum(reads), 0) FROM article_reads WHERE article_id = ${id}`).trim());
  const before = saved();
  const holder = spawn('python3', ['-c',
    'import sqlite3, sys\n' +
    'db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)\n' +
    'db.execute("BEGIN IMMEDIATE")\n' +
    'print("held", flush=True)\n' +
    'sys.stdin.read()\n' +
    'db.execute("ROLLBACK")\n', s.db], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    await new Promise((resolve, reject) => {
      holder.stdout.once('data', resolve);
      holder.once('exit', (code) => reject(new Error(`the lock holder exited (${code})`)));
    });
    for (let i = 0; i < 12; i++) assert.equal((await get(c)).res.status, 200);
    await until('a flush that could not save', async () => /most read: \d+ articles' counts/.test(s.log()), 30000);
  } finally {
    holder.stdin.end();
  }
  await new Promise((resolve) => (holder.exitCode !== null ? resolve() : holder.once('exit', resolve)));
  // Every one of the twelve reads reaches the table, none twice.
  await until('the twelve reads saved', async () => saved() - before >= 12, 30000);
  assert.equal(saved() - before, 12);
  await until('C first on the front page', async () => mostRead((await get('/', BOTS[0])).body)[0] === c, 30000);
});
