// Lighthouse on the reading site: the front page and an article page,
// with Lighthouse's default (a phone on a slow network, simulated) in
// Debian's Chromium.  Accessibility and best practices must score 100:
// they do not depend on how busy the machine is.  The performance score
// does (total blocking time is Chromium's own parsing and layout,
// multiplied), so the test holds what it is made of that does not: no
// layout shift, and no audit that could save a reader any time (render
// blocking, image sizes and formats, compression, caching, unused bytes,
// page weight).  The timed score is reported beside the others, in the
// test's output and in build/lighthouse.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { assertNoSanitizerReport, startServer, tempDir } from '../lib/nutgraf.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
// The performance audits that look at what was sent, not at how long
// this machine took: each must pass (or not apply).
const STRUCTURAL = ['unsized-images', 'uses-responsive-images', 'offscreen-images',
  'modern-image-formats', 'uses-optimized-images', 'efficient-animated-content',
  'uses-text-compression', 'uses-long-cache-ttl', 'unused-css-rules', 'unused-javascript',
  'unminified-css', 'unminified-javascript', 'legacy-javascript', 'duplicated-javascript',
  'total-byte-weight', 'dom-size', 'font-display', 'redirects', 'no-document-write',
  'viewport', 'bf-cache'];
let s;
let chrome;
const scores = {};

before(async () => {
  s = await startServer();
  chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM || '/usr/bin/chromium',
    userDataDir: tempDir('nutgraf-lighthouse-'),
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await chrome?.kill();
  mkdirSync(path.join(root, 'build'), { recursive: true });
  writeFileSync(path.join(root, 'build', 'lighthouse.json'), JSON.stringify(scores, null, 2) + '\n');
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

// One Lighthouse run: the category scores (0-100), the audits that
// cost points, named for a failure message, and the structural audits
// that fail.
async function audit(url) {
  const result = await lighthouse(url, {
    port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES,
  });
  const lhr = result.lhr;
  assert.equal(lhr.runtimeError, undefined, `Lighthouse could not load ${url}`);
  const got = {};
  const lost = [];
  const savings = [];
  for (const id of CATEGORIES) {
    const cat = lhr.categories[id];
    got[id] = Math.round(cat.score * 100);
    for (const ref of cat.auditRefs) {
      const a = lhr.audits[ref.id];
      if (a.score === null || a.score >= 1) continue;
      if (ref.weight > 0) lost.push(`${id}: ${a.id} ${a.score} ${a.displayValue || ''}`.trim());
    }
  }
  for (const id of STRUCTURAL) {
    const a = lhr.audits[id];
    assert.ok(a, `Lighthouse has no audit ${id}`);
    if (a.score !== null && a.score < 1) savings.push(`${id}: ${a.displayValue || a.score}`);
  }
  got.cls = lhr.audits['cumulative-layout-shift'].numericValue;
  return { got, lost, savings };
}

async function articleUrl() {
  const front = await (await fetch(s.url + '/')).text();
  const m = /href="(\/\d{4}\/\d\d\/[^"#?]+\/)"/.exec(front);
  assert.ok(m, 'an article linked from the front page');
  return s.url + m[1];
}

for (const [name, where] of [['front page', async () => s.url + '/'], ['article page', articleUrl]]) {
  test(`Lighthouse on the ${name}`, async (t) => {
    const { got, lost, savings } = await audit(await where());
    scores[name] = got;
    t.diagnostic(`${name}: ${JSON.stringify(got)}${lost.length ? '; lost: ' + lost.join('; ') : ''}`);
    assert.equal(got.accessibility, 100, lost.join('\n'));
    assert.equal(got['best-practices'], 100, lost.join('\n'));
    assert.deepEqual(savings, [], 'what was sent could be smaller or better');
    assert.ok(got.cls < 0.1, `layout shift ${got.cls}`);
  });
}
