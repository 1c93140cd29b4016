// The article page's boxes: "Also read" (the editor's pick) and "Related
// articles" (chosen by the store) never list the same story.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';

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
