// An article whose body holds uploaded images three ways -- a Markdown
// image, a [caption] and a [gallery] -- for the body-image tests over
// HTTP and in Chromium: uploads through the newsroom, publishes with
// the command line, and returns the article's path and the media keys.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { run, until } from './nutgraf.mjs';
import { Client, addUser, gradientPng, uploadMedia } from './newsroom.mjs';

export async function bodyImagesArticle(s, { title = 'Pictures all the way down', featured = false } = {}) {
  const login = `bi-${Math.random().toString(36).slice(2, 10)}`;
  addUser(s, login, 'editor');
  const c = new Client(s);
  assert.equal((await c.login(login)).status, 303);
  const ids = [];
  const keys = [];
  // 2000x1000: variants 480, 960 and 1600.
  for (let i = 0; i < 4; i++) {
    const r = await uploadMedia(c, { alt: `Picture ${i}`, caption: `Caption ${i}`, credit: 'Desk' },
      { name: `p${i}.png`, type: 'image/png', data: gradientPng(2000, 1000) });
    assert.equal(r.status, 303, r.body);
    const row = s.sql(`SELECT id, path FROM media WHERE alt = 'Picture ${i}' ORDER BY id DESC LIMIT 1`).split('|');
    ids.push(Number(row[0]));
    keys.push(row[1].split('/')[0]);
  }
  const filler = Array.from({ length: 12 }, (_, i) =>
    `Paragraph ${i} of the story, long enough to push what follows well below the first screen of a phone. `.repeat(3)).join('\n\n');
  const md = `The lead paragraph.\n\n![Picture 0](/media/${keys[0]}/1600.png)\n\n${filler}\n\n` +
    `[caption]![Picture 1](/media/${keys[1]}/1600.png) The harbour at dawn.[/caption]\n\n${filler}\n\n` +
    `[gallery ids="${ids[2]},${ids[3]}"]\n\nThe end.\n`;
  const file = path.join(s.dataDir, `bi-${Date.now()}.md`);
  writeFileSync(file, md);
  const r = run(['article', 'add', '--title', title, '--body-file', file,
    '--status', 'published', '--force', '--data', s.dataDir]);
  assert.equal(r.status, 0, r.stderr);
  const id = s.sql(`SELECT id FROM articles WHERE title = '${title}'`);
  if (featured)
    s.sql(`UPDATE articles SET featured_media_id = ${ids[0]} WHERE id = ${id}`);
  let p;
  await until('the article on the front page', async () => {
    const body = await (await fetch(s.url + '/')).text();
    const m = new RegExp(`href="(/\\d{4}/\\d{2}/[a-z0-9-]+/)"[^>]*>${title}<`).exec(body);
    return (p = m && m[1]);
  }, 5000);
  return { path: p, keys, ids, client: c };
}
