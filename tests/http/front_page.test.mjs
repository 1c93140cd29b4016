// The front page's finish on the demo site: no story shown twice (the
// "Latest" column leaves out the stories of the section blocks above the
// fold and still fills up; a section block leaves out the lead and the
// pinned stories), and the demo's kickers are real labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport, until } from '../lib/nutgraf.mjs';
import { Client, addUser } from '../lib/newsroom.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const FOLD_BLOCKS = 2; // SITE_FRONT_FOLD_BLOCKS
const PER_PAGE = 10; // SITE_PER_PAGE: the lead and nine in "Latest"

const links = (html) => [...html.matchAll(/<h[23] class="(?:card|lead)-title"[^>]*>(?:<span[^>]*>[^<]*<\/span>\s*)?<a href="([^"]+)"/g)].map((m) => m[1]);

// The lead, "Latest" and each section block of the front page, as links.
function parts(html) {
  const lead = /<section class="lead"[\s\S]*?<\/section>/.exec(html);
  const latest = /<section class="latest"[\s\S]*?<\/section>/.exec(html);
  const blocks = [...html.matchAll(/<section class="block">[\s\S]*?<\/section>/g)].map((m) => links(m[0]));
  return { lead: lead ? links(lead[0]) : [], latest: latest ? links(latest[0]) : [], blocks };
}

test('"Latest" does not repeat the section blocks above the fold, and stays full', async () => {
  const html = await (await fetch(s.url + '/')).text();
  const { lead, latest, blocks } = parts(html);
  assert.equal(lead.length, 1);
  assert.ok(blocks.length >= FOLD_BLOCKS, `${blocks.length} blocks`);
  const fold = blocks.slice(0, FOLD_BLOCKS).flat();
  assert.ok(fold.length > 0);
  for (const u of latest) assert.ok(!fold.includes(u), `${u} is in "Latest" and in a block above the fold`);
  // Full: the demo has more stories than the lead, the fold and a page.
  assert.equal(latest.length, PER_PAGE - 1, `"Latest" has ${latest.length} stories`);
  assert.equal(new Set(latest).size, latest.length);
  // Nothing in the lead is repeated anywhere.
  for (const b of blocks) assert.ok(!b.includes(lead[0]));
  assert.ok(!latest.includes(lead[0]));
  // Still the newest first: "Latest" is in date order.
  const dates = [...(/<section class="latest"[\s\S]*?<\/section>/.exec(html)[0]).matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]));
  for (let i = 1; i < dates.length; i++) assert.ok(dates[i] <= dates[i - 1]);
});

test('a pinned story leads "Latest" and leaves its section block', async () => {
  addUser(s, 'front-editor', 'editor');
  const ed = new Client(s);
  assert.equal((await ed.login('front-editor')).status, 303);
  // The second story of the first block: pinned, it moves to "Latest".
  const before = parts(await (await fetch(s.url + '/')).text());
  const url = before.blocks[0][1];
  const id = s.sql(`SELECT id FROM articles WHERE slug = '${url.split('/').filter(Boolean).pop()}'`);
  assert.match(id, /^\d+$/);
  const r = await ed.postForm(`/admin/articles/${id}/pin/`, { pin: '1' });
  assert.equal(r.status, 303);
  let now;
  await until('the pinned story on the front page', async () => {
    const html = await (await fetch(s.url + '/')).text();
    now = parts(html);
    return /card-pinned/.test(html);
  });
  // A pinned story leads the page (the newest pin is the lead).
  const shown = [...now.lead, ...now.latest];
  assert.ok(shown.includes(url), `${url} is not above the blocks`);
  for (const b of now.blocks) assert.ok(!b.includes(url), `${url} is still in a block`);
  const fold = now.blocks.slice(0, FOLD_BLOCKS).flat();
  for (const u of now.latest) assert.ok(!fold.includes(u), `${u} twice`);
  assert.equal(now.latest.length, PER_PAGE - 1);
  await ed.postForm(`/admin/articles/${id}/pin/`, { pin: '0' });
});

test('demo kickers are real labels, not "Sample story"', async () => {
  const html = await (await fetch(s.url + '/')).text();
  const kickers = [...html.matchAll(/<p class="kicker">([^<]+)<\/p>/g)].map((m) => m[1]);
  assert.ok(kickers.length >= 5, kickers.join(', '));
  for (const k of kickers) assert.doesNotMatch(k, /sample/i);
  // Each story its own label, not one word for all.
  assert.ok(new Set(kickers).size >= 5, kickers.join(', '));
  // An article page shows its kicker too.
  const art = links(html).find((u) => /sample-/.test(u));
  const page = await (await fetch(s.url + art)).text();
  assert.match(page, /<p class="kicker">(?!Sample)[A-Z][a-z ]+<\/p>/);
});
