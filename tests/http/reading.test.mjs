// The reading site's finish: a search box in the masthead of every
// public page and on the "not found" page (plain forms, no script).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

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
