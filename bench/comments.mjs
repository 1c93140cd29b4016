// Comment POST throughput and latency: starts nutgraf on a
// fresh demo data directory, lifts the per-address limits (every request
// comes from 127.0.0.1), and posts comments from an address with an
// approved comment, so each one is validated, moderated, committed and
// answered 303.  Not a timed test: run it and read the figures.
//
//   NUTGRAF_BIN=build/nutgraf node bench/comments.mjs [total] [concurrency]
import { startServer, run } from '../tests/lib/nutgraf.mjs';

const TOTAL = Number(process.argv[2] || 2000);
const CONC = Number(process.argv[3] || 16);
const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

const s = await startServer();
run(['comments', '--data', s.dataDir, 'settings', 'comment_flood_seconds=0', 'comment_hourly_max=0']);
const lat = [];
const codes = {};
let next = 0;

async function worker() {
  while (next < TOTAL) {
    const i = next++;
    const body = new URLSearchParams({
      author: 'Bench Reader', email: 'amina@example.org', url: '',
      comment: `Benchmark comment number ${i}: a sentence or two of text, like a reader writes.`,
      comment_parent: '0',
    }).toString();
    const t0 = process.hrtime.bigint();
    const res = await fetch(s.url + SEED + 'comment', {
      method: 'POST', redirect: 'manual', body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await res.arrayBuffer();
    lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
    codes[res.status] = (codes[res.status] || 0) + 1;
  }
}

const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: CONC }, worker));
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
await s.stop();
lat.sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))].toFixed(2);
console.log(`comments: ${TOTAL} POSTs, concurrency ${CONC}, ${secs.toFixed(2)} s`);
console.log(`throughput: ${(TOTAL / secs).toFixed(0)} comments/s`);
console.log(`latency ms: p50 ${pct(0.5)}  p90 ${pct(0.9)}  p99 ${pct(0.99)}  max ${lat[lat.length - 1].toFixed(2)}`);
console.log(`statuses: ${JSON.stringify(codes)}`);
