// Ads placed "after paragraph N" sit after the N-th paragraph of the
// body as written -- top-level <p>s only, not those inside a quote or a
// box, counted before any ad goes in -- and never back to back: a body
// shorter than N shows the first such slot once at its end, the others
// not at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, assertNoSanitizerReport, run, until } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
let s;
before(async () => {
  s = await startServer();
  for (const n of [2, 4, 9, 12]) {
    s.sql(`INSERT INTO ad_slots (name, placement, position, width, height) VALUES ('p${n}', 'after_paragraph', ${n}, 300, 100)`);
    s.sql(`INSERT INTO ads (slot_id, name, kind, image_url, link_url, alt) SELECT id, 'Ad ${n}', 'image', '/house-ads/${1 + (n % 6)}.svg', '/', 'An ad' FROM ad_slots WHERE name = 'p${n}'`);
  }
});
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const text = async (p) => (await fetch(s.url + p)).text();

function publish(title, md) {
  const file = path.join(s.dataDir, `${title.replace(/\W/g, '')}.md`);
  writeFileSync(file, md);
  const r = run(['article', 'add', '--title', title, '--body-file', file, '--status', 'published', '--data', s.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  return s.sql(`SELECT slug FROM articles WHERE title = '${title}'`);
}

async function bodyOf(slug) {
  let p;
  await until(`${slug} on the front page`, async () => {
    p = new RegExp(`href="(/\\d{4}/\\d\\d/${slug}/)"`).exec(await text('/'))?.[1];
    return p;
  });
  return storyBody(await text(p));
}

function storyBody(html) {
  const m = /<div class="story-body">([\s\S]*?)<\/div>\s*(?:<section class="live-updates"|<div class="ads-below"|<aside class="corrections"|<aside class="also-read"|<aside class="related"|<footer class="story-foot")/.exec(html);
  assert.ok(m, 'a story body');
  return m[1];
}

// The ad slots of a body, in order.
const slotsIn = (body) => [...body.matchAll(/<aside class="ad-slot ad-slot-([\w-]+)"/g)].map((m) => m[1]);

// No ad straight after another.
function assertApart(body) {
  assert.doesNotMatch(body, /<\/aside>\s*<aside class="ad-slot/, 'two ads back to back');
}

test('a slot after paragraph N follows the N-th top-level paragraph', async () => {
  const deal = s.sql("SELECT id FROM articles WHERE slug = 'niger-breaks-off-military-deal-with-us'");
  const slug = publish('Ads at their paragraphs',
    'First paragraph.\n\n> A quoted paragraph.\n\nSecond paragraph.\n\n' +
    `[related id=${deal}]\n\nThird paragraph.\n\n- a list item\n- another\n\n` +
    'Fourth paragraph.\n\nFifth paragraph.\n');
  const body = await bodyOf(slug);
  assert.match(body, /<p>Second paragraph\.<\/p>\s*<aside class="ad-slot ad-slot-p2"/);
  assert.match(body, /<p>Fourth paragraph\.<\/p>\s*<aside class="ad-slot ad-slot-p4"/);
  // Five paragraphs: the first slot past them ends the body, once.
  assert.match(body, /<p>Fifth paragraph\.<\/p>\s*<aside class="ad-slot ad-slot-p9"[\s\S]*<\/aside>\s*$/);
  assert.deepEqual(slotsIn(body), ['p2', 'p4', 'p9']);
  // Nothing inside a quote or a box.
  assert.doesNotMatch(body, /<blockquote>(?:(?!<\/blockquote>)[\s\S])*ad-slot/);
  assertApart(body);
});

test('a short body shows one ad at its end, not every slot back to back', async () => {
  const slug = publish('A short story', 'One.\n\nTwo.\n\nThree.\n');
  const body = await bodyOf(slug);
  assert.match(body, /<p>Two\.<\/p>\s*<aside class="ad-slot ad-slot-p2"/);
  assert.match(body, /<p>Three\.<\/p>\s*<aside class="ad-slot ad-slot-p4"[\s\S]*<\/aside>\s*$/);
  assert.deepEqual(slotsIn(body), ['p2', 'p4']);
  assertApart(body);
});

test('the demo lead: its own ads between paragraphs, the slots beside none of them', async () => {
  const body = storyBody(await text(SEED));
  const paras = (h) => (h.match(/<p>/g) || []).length;
  const slots = slotsIn(body);
  // Its two [ad]s after the third and the seventh paragraph; slots after
  // the second, the fourth and the ninth (the last); p12 has no place.
  assert.deepEqual(slots, ['p2', 'article-inline-1', 'p4', 'article-inline-2', 'p9']);
  const at = (slot) => paras(body.slice(0, body.indexOf(`ad-slot-${slot}"`)).replace(/<aside class="ad-slot[\s\S]*?<\/aside>/g, ''));
  assert.equal(at('p2'), 2);
  assert.equal(at('article-inline-1'), 3);
  assert.equal(at('p4'), 4);
  assert.equal(at('article-inline-2'), 7);
  assert.equal(at('p9'), 9);
  assertApart(body);
});
