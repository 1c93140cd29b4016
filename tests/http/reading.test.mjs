// The reading site's finish: a search box in the masthead of every
// public page and on the "not found" page (plain forms, no script);
// dates and times in the site's time zone, with the zone named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport, run, until } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';

let s;
before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

async function page(path) {
  const res = await fetch(s.url + path);
  return { status: res.status, body: await res.text() };
}

// The form's element, its label and its input, as a reader's browser
// and a screen reader see them.
function searchForm(body, id) {
  const form = new RegExp(`<form [^>]*role="search"[^>]*>(?:(?!</form>)[\\s\\S])*id="${id}"[\\s\\S]*?</form>`).exec(body);
  assert.ok(form, `a search form with #${id}`);
  const f = form[0];
  assert.match(f, /action="\/search"/);
  assert.match(f, /method="get"/);
  assert.match(f, new RegExp(`<label for="${id}"[^>]*>[^<]+</label>`), 'a label tied to the input');
  assert.match(f, new RegExp(`<input id="${id}" type="search" name="q"`));
  assert.match(f, /<button type="submit">/);
  return f;
}

test('every public page has a search box in its masthead', async () => {
  for (const p of ['/', SEED, '/category/world/', '/search?q=niger', '/tag/niger/', '/no-such-page/']) {
    const { body } = await page(p);
    const head = /<header class="masthead">[\s\S]*?<\/header>/.exec(body)[0];
    searchForm(head, 'masthead-q');
    assert.doesNotMatch(body, /<script(?![^>]*application\/ld\+json)/, `${p}: no script`);
  }
});

test('the not-found page offers a search', async () => {
  const { status, body } = await page('/2024/04/a-story-that-never-was/');
  assert.equal(status, 404);
  const main = /<main[\s\S]*<\/main>/.exec(body)[0];
  searchForm(main, 'search-q');
  // The masthead's box and this one are two landmarks with two names.
  assert.equal((body.match(/id="search-q"/g) || []).length, 1);
});

test('the masthead search reaches the results', async () => {
  const { status, body } = await page('/search?q=niger');
  assert.equal(status, 200);
  assert.match(body, /Niger Breaks Off Military Deal With US/);
});

// --- dates and times in the site's time zone ---

const NIGER = '/2024/03/niger-breaks-off-military-deal-with-us/';

function setZone(zone) {
  const r = run(['settings', `timezone=${zone}`, '--data', s.dataDir]);
  assert.equal(r.status, 0, r.stderr);
}

// The article's dateline and JSON-LD date, once the server has dropped
// the pages the setting (written by another process) changes.
async function dateline(path, want) {
  let body = '';
  await until(`${path} shows ${want}`, async () => {
    body = (await page(path)).body;
    return body.includes(want);
  });
  return {
    line: /<p class="dateline">([\s\S]*?)<\/p>/.exec(body)[1],
    ld: /"datePublished":"([^"]+)"/.exec(body)[1],
  };
}

test('dates and times follow the time zone setting, daylight saving included', async () => {
  // The default: UTC, said so.
  let d = await dateline(SEED, 'April 25, 2024, 10:00 UTC');
  assert.match(d.line, /<time datetime="2024-04-25T10:00:00Z">April 25, 2024, 10:00 UTC<\/time>/);
  assert.equal(d.ld, '2024-04-25T10:00:00Z');

  setZone('Europe/London');
  d = await dateline(SEED, '11:00 BST');
  assert.match(d.line, /<time datetime="2024-04-25T11:00:00\+01:00">April 25, 2024, 11:00 BST<\/time>/);
  assert.equal(d.ld, '2024-04-25T11:00:00+01:00');
  // March 17 is before the clocks go forward: Greenwich time, full offset.
  const niger = await dateline(NIGER, ' GMT</time>');
  assert.match(niger.line, /datetime="2024-03-17T\d\d:\d\d:00\+00:00">March 17, 2024, \d\d:\d\d GMT</);

  setZone('Asia/Kolkata');
  d = await dateline(SEED, '15:30 IST');
  assert.match(d.line, /datetime="2024-04-25T15:30:00\+05:30"/);
  const txt = (await page(SEED.replace(/\/$/, '.txt'))).body;
  assert.match(txt, /^April 25, 2024, 15:30 IST$/m);

  // West of Greenwich, late in the evening: the local date is the day before.
  setZone('America/Los_Angeles');
  d = await dateline(SEED, '03:00 PDT');
  assert.match(d.line, /datetime="2024-04-25T03:00:00-07:00">April 25, 2024, 03:00 PDT</);
  const late = await dateline(NIGER, ' PDT</time>');
  assert.match(late.ld, /-07:00$/);

  // Feeds keep their own full offsets (UTC), whatever the zone.
  const rss = (await page('/feed/')).body;
  assert.match(rss, /<pubDate>Thu, 25 Apr 2024 10:00:00 \+0000<\/pubDate>/);
  const json = JSON.parse((await page('/feed/json/')).body);
  assert.ok(json.items.some((i) => i.date_published === '2024-04-25T10:00:00Z'));

  setZone('');
  await dateline(SEED, '10:00 UTC');
});
