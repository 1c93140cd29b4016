// The article page's boxes: "Also read" (the editor's pick, or a
// [related] box in the body) and "Related articles" (chosen by the
// store) never list the same story.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, assertNoSanitizerReport, run, until } from '../lib/nutgraf.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const text = async (p) => (await fetch(s.url + p)).text();

test('"Also read" and "Related articles" never repeat a story', async () => {
  const front = await text('/');
  const paths = [...new Set([...front.matchAll(/href="(\/\d{4}\/\d\d\/[^"#?]+\/)"/g)].map((m) => m[1]))];
  let withPick = 0;
  for (const p of paths) {
    const html = await text(p);
    const also = /<p class="also-read-link"><a href="([^"]+)"/.exec(html);
    const rel = /<aside class="related"[\s\S]*?<\/aside>/.exec(html);
    const related = rel ? [...rel[0].matchAll(/<li><a href="([^"]+)"/g)].map((m) => m[1]) : [];
    if (!also) continue;
    withPick++;
    assert.ok(!related.includes(also[1]), `${p}: ${also[1]} in both boxes`);
  }
  assert.ok(withPick > 0, 'the demo has an article with an editor\'s pick');
});

// A box in the body ([related id=N]) is an "Also read" box too: the
// "Related articles" list leaves its story out, and the editor's pick
// of the same story is not shown a second time under the body.
test('a [related] box in the body keeps its story out of the other boxes', async () => {
  const deal = s.sql("SELECT id FROM articles WHERE slug = 'niger-breaks-off-military-deal-with-us'");
  assert.match(deal, /^\d+$/);
  const file = path.join(s.dataDir, 'boxes.md');
  writeFileSync(file, `The first paragraph.\n\n[related id=${deal}]\n\nThe second paragraph.\n`);
  const add = (title) => {
    const r = run(['article', 'add', '--title', title, '--tags', 'Niger, Sahel, United States',
      '--body-file', file, '--status', 'published', '--data', s.dataDir]);
    assert.equal(r.status, 0, r.stderr);
    return s.sql(`SELECT id FROM articles WHERE title = '${title}'`);
  };
  const inline = add('Sahel briefing');
  const picked = add('Sahel briefing, picked');
  // The editor also picks the story of the body's box (before any page
  // of the article is made).
  s.sql(`UPDATE articles SET related_id = ${deal} WHERE id = ${picked}`);
  const pathOf = async (id) => {
    const slug = s.sql(`SELECT slug FROM articles WHERE id = ${id}`);
    let p;
    await until(`${slug} on the front page`, async () => {
      p = new RegExp(`href="(/\\d{4}/\\d\\d/${slug}/)"`).exec(await text('/'))?.[1];
      return p;
    });
    return p;
  };
  const boxes = (h) => {
    const rel = /<aside class="related"[\s\S]*?<\/aside>/.exec(h);
    return {
      related: rel ? [...rel[0].matchAll(/<li><a href="([^"]+)"/g)].map((m) => m[1]) : [],
      also: [...h.matchAll(/<p class="also-read-link"><a href="([^"]+)"/g)].map((m) => m[1]),
    };
  };
  const dealPath = /href="(\/\d{4}\/\d\d\/niger-breaks-off-military-deal-with-us\/)"/.exec(await text(await pathOf(inline)))?.[1];
  assert.ok(dealPath, 'the body box links the story');
  for (const id of [inline, picked]) {
    const p = await pathOf(id);
    const b = boxes(await text(p));
    // The store relates the stories that share its tags: the other
    // Niger story is listed, the one the body's box names is not.
    assert.ok(b.related.length > 0, `${p}: a related list`);
    assert.ok(!b.related.includes(dealPath), `${p}: ${dealPath} in "Related articles" and in the body's box`);
    assert.deepEqual(b.also, [dealPath], p);
    const txt = await text(p.replace(/\/$/, '.txt'));
    assert.equal((txt.match(/Also read: /g) || []).length, 1, txt);
  }
});
