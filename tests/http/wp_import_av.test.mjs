// Audio and video attachments of a WordPress export become media of
// the library (files served under /media/ in byte ranges), and
// [playlist] a list of players that load nothing before play.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run, startServer, tempDir, dbFor, PG_DIR, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { addUser, Client } from '../lib/newsroom.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.join(root, 'tests', 'import', 'av.xml');

// Files whose first bytes are what their containers start with.
const files = {
  'foghorn.mp3': Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1'),
    Buffer.alloc(5000, 7)]),
  'gulls.ogg': Buffer.concat([Buffer.from('OggS\x00\x02', 'latin1'), Buffer.alloc(300, 9)]),
  'docking.mp4': Buffer.concat([Buffer.from('\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00', 'latin1'),
    Buffer.alloc(700, 3)]),
  // Named .mp3, but a web page: never served as audio.
  'impostor.mp3': Buffer.from('<html><script>alert(1)</script></html>'),
};

function setup() {
  const data = tempDir('nutgraf-av-');
  const uploads = tempDir('nutgraf-avup-');
  mkdirSync(path.join(uploads, '2026', '02'), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) {
    writeFileSync(path.join(uploads, '2026', '02', name), bytes);
  }
  return { data, uploads };
}

// The players of the [playlist] sections of html, in order.
function playlists(html) {
  return [...html.matchAll(/<section class="sc-playlist sc-playlist-(audio|video)"[^>]*>(.*?)<\/section>/gs)]
    .map((m) => ({
      type: m[1],
      numbered: /^<ol /.test(m[2]),
      titles: [...m[2].matchAll(/<span class="sc-track-title">([^<]*)<\/span>/g)].map((t) => t[1]),
      srcs: [...m[2].matchAll(/<(?:audio|video) [^>]*src="([^"]+)"/g)].map((t) => t[1]),
      body: m[2],
    }));
}

test('import wordpress: audio and video attachments, [playlist]', async () => {
  const { data, uploads } = setup();
  let r = run(['import', 'wordpress', fixture, '--uploads', uploads, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /media\s+3\s+0\s+2/);
  assert.match(r.stdout, /media not imported: \S+impostor.mp3: not an audio file browsers play/);
  assert.match(r.stdout, /missing media: \S+lost-tape.wav/);
  assert.match(r.stdout, /"Silent playlist": Line 3: \[playlist\] was left out: it names no files/);

  // A second import finds the same media and duplicates nothing.
  r = run(['import', 'wordpress', fixture, '--uploads', uploads, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /media\s+0\s+3\s+2/);

  const s = await startServer({ demo: false, data });
  try {
    const get = (u, headers = {}) => fetch(s.url + u, { redirect: 'manual', headers });
    let res = await get('/2026/02/02/harbour-sounds/');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy'), /media-src 'self'/);
    const html = await res.text();
    const lists = playlists(html);
    assert.equal(lists.length, 3, html);

    // [playlist]: the post's audio in menu order, numbered, with
    // title, artist and running time from WordPress's metadata.
    assert.equal(lists[0].type, 'audio');
    assert.ok(lists[0].numbered);
    assert.deepEqual(lists[0].titles, ['Gulls and rigging', 'Foghorn at dawn']);
    assert.match(lists[0].body, /<span class="sc-track-artist">Harbour Band &amp; Co<\/span> <span class="sc-track-length">3:03<\/span>/);
    assert.match(lists[0].body, /<span class="sc-track-length">1:02:05<\/span>/);
    assert.match(lists[0].srcs[0], /^\/media\/[0-9a-f]{16}\/media\.ogg$/);
    assert.match(lists[0].srcs[1], /^\/media\/[0-9a-f]{16}\/media\.mp3$/);
    // Every player waits for the reader and is named for assistive tech.
    for (const l of lists) {
      for (const tag of l.body.match(/<(audio|video) [^>]*>/g)) {
        assert.match(tag, / controls preload="none" /);
        assert.match(tag, / aria-label="[^"]+"/);
      }
      assert.match(l.body, /<a href="\/media\/[0-9a-f]{16}\/media\.\w+">Download /);
    }
    // type="video": only the video, at its size.
    assert.equal(lists[1].type, 'video');
    assert.deepEqual(lists[1].titles, ['Ferry docking']);
    assert.match(lists[1].body, /<video controls preload="none" width="640" height="360" /);
    assert.match(lists[1].srcs[0], /\/media\.mp4$/);
    // ids="30,31" order="DESC" tracknumbers="false" artists="false".
    assert.ok(!lists[2].numbered);
    assert.deepEqual(lists[2].titles, ['Gulls and rigging', 'Foghorn at dawn']);
    assert.ok(!/sc-track-artist/.test(lists[2].body));
    // The [audio] of an old upload URL plays the library's file.
    assert.match(html, new RegExp(`<audio controls preload="none" src="${lists[0].srcs[1]}">`));
    // No script, no shortcode, nothing of the impostor.
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    assert.ok(!/<script(?! type="application\/ld\+json")/.test(main), 'no script in the page');
    assert.ok(!/\[\/?(playlist|audio)/.test(main), 'no shortcode reaches the reader');
    assert.ok(!/impostor/.test(main));

    // The files, as they were uploaded, with their types.
    const mp3 = lists[0].srcs[1];
    res = await get(mp3);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'audio/mpeg');
    assert.equal(res.headers.get('accept-ranges'), 'bytes');
    assert.match(res.headers.get('cache-control'), /immutable/);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), files['foghorn.mp3']);
    res = await get(lists[1].srcs[0]);
    assert.equal(res.headers.get('content-type'), 'video/mp4');
    assert.equal(Number(res.headers.get('content-length')), files['docking.mp4'].length);
    await res.arrayBuffer();
    res = await get(lists[0].srcs[0]);
    assert.equal(res.headers.get('content-type'), 'audio/ogg');
    await res.arrayBuffer();

    // Byte ranges, for seeking: a slice, an open end, a suffix.
    res = await get(mp3, { Range: 'bytes=10-19' });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get('content-range'), `bytes 10-19/${files['foghorn.mp3'].length}`);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), files['foghorn.mp3'].subarray(10, 20));
    res = await get(mp3, { Range: 'bytes=5000-' });
    assert.equal(res.status, 206);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), files['foghorn.mp3'].subarray(5000));
    res = await get(mp3, { Range: 'bytes=-4' });
    assert.equal(res.status, 206);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), files['foghorn.mp3'].subarray(-4));
    res = await get(mp3, { Range: 'bytes=99999-' });
    assert.equal(res.status, 416);
    assert.equal(res.headers.get('content-range'), `bytes */${files['foghorn.mp3'].length}`);
    await res.arrayBuffer();
    // A range we do not take (several): the whole file.
    res = await get(mp3, { Range: 'bytes=0-1,4-5' });
    assert.equal(res.status, 200);
    assert.equal((await res.arrayBuffer()).byteLength, files['foghorn.mp3'].length);
    res = await fetch(s.url + mp3, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(Number(res.headers.get('content-length')), files['foghorn.mp3'].length);

    // Only names the library writes are served.
    const key = mp3.split('/')[2];
    for (const u of [`/media/${key}/foghorn.mp3`, `/media/${key}/media.exe`, `/media/${key}/.media.mp3`,
      '/media/0123456789abcdef/media.mp3', `/media/${key}/media.mp3x`]) {
      res = await get(u);
      assert.equal(res.status, 404, u);
      await res.arrayBuffer();
    }
    // The old upload URL answers 301 to the library's file.
    res = await get('/wp-content/uploads/2026/02/foghorn.mp3');
    assert.equal(res.status, 301);
    assert.ok(res.headers.get('location').endsWith(mp3));

    // The text view lists the tracks.
    res = await get('/2026/02/02/harbour-sounds.txt');
    const txt = await res.text();
    assert.match(txt, /Playlist:\n1\. Gulls and rigging \(1:02:05\): \/media\/[0-9a-f]{16}\/media\.ogg\n2\. Foghorn at dawn \(3:03\)/);

    // The newsroom's library shows them with a player each; the
    // featured-image picker offers none of them.
    addUser(s, 'lib-admin', 'administrator');
    const c = new Client(s);
    assert.equal((await c.login('lib-admin')).status, 303);
    const lib = await c.get('/admin/media/');
    assert.equal(lib.status, 200);
    assert.match(lib.headers['content-security-policy'], /media-src 'self'/);
    const items = [...lib.body.matchAll(/<li class="media-item" id="media-(\d+)">(.*?)<\/li>/gs)];
    assert.equal(items.length, 3, lib.body);
    const item = (t) => items.find((m) => m[2].includes(t))?.[2] || '';
    assert.match(item('Foghorn at dawn'), new RegExp(`<audio controls preload="none" src="${mp3}" aria-label="Foghorn at dawn">`));
    assert.match(item('Foghorn at dawn'), /Audio, MP3, 5 KB, 3:03/);
    assert.match(item('Ferry docking'), /<video controls preload="none" src="\/media\/[0-9a-f]{16}\/media\.mp4" aria-label="Ferry docking" width="640" height="360">/);
    assert.match(item('Ferry docking'), /Video, MP4, 1 KB, 0:42/);
    assert.match(item('Gulls and rigging'), /Audio, OGG, 1 KB, 1:02:05/);
    const ed = await c.get('/admin/articles/1/');
    assert.equal(ed.status, 200);
    assert.match(ed.body, /Harbour sounds|Silent playlist/);
    assert.ok(!/<option value="\d+"[^>]*>#\d+ (Foghorn|Gulls|Ferry)/.test(ed.body), 'no audio or video as a picture');
    // The API calls them files, as WordPress does.
    const api = await (await get('/wp-json/wp/v2/media?per_page=10')).json();
    const song = api.find((m) => m.alt_text === 'Foghorn at dawn');
    assert.equal(song.media_type, 'file');
    assert.equal(song.mime_type, 'audio/mpeg');
    assert.equal(song.media_details.length, 183);
    assert.equal(song.media_details.filesize, files['foghorn.mp3'].length);

    // The playlist that named nothing of the library is dropped whole.
    res = await get('/2026/02/02/silent-playlist/');
    const silent = await res.text();
    const smain = silent.slice(silent.indexOf('<main'), silent.indexOf('</main>'));
    assert.ok(!/sc-playlist|<audio|\[playlist/.test(smain), 'nothing of it is shown');
    assert.match(silent, /The end\./);
  } finally {
    await s.stop();
    assertNoSanitizerReport(s.log());
  }

  // On PostgreSQL another instance, with a data directory of its own,
  // serves the files from the database.
  if (PG_DIR) {
    const other = tempDir('nutgraf-av2-');
    const s2 = await startServer({ demo: false, data: other, env: { NUTGRAF_DB: dbFor(data) } });
    try {
      const html = await (await fetch(s2.url + '/2026/02/02/harbour-sounds/')).text();
      const mp3 = playlists(html)[0].srcs[1];
      let res = await fetch(s2.url + mp3, { headers: { Range: 'bytes=1-3' } });
      assert.equal(res.status, 206);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), files['foghorn.mp3'].subarray(1, 4));
      res = await fetch(s2.url + mp3);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), files['foghorn.mp3']);
      assert.deepEqual(readFileSync(path.join(other, 'media', mp3.split('/')[2], 'media.mp3')),
        files['foghorn.mp3'], 'the copy is kept');
    } finally {
      await s2.stop();
      assertNoSanitizerReport(s2.log());
      rmSync(other, { recursive: true, force: true });
    }
  }
  rmSync(data, { recursive: true, force: true });
  rmSync(uploads, { recursive: true, force: true });
});

test('export wordpress: audio and video round-trip with their metadata', async () => {
  const { data, uploads } = setup();
  let r = run(['import', 'wordpress', fixture, '--uploads', uploads, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  const out = path.join(data, 'export.xml');
  r = run(['export', 'wordpress', '--output', out, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  const wxr = readFileSync(out, 'utf8');
  assert.match(wxr, /a:5:\{s:9:"mime_type";s:9:"video\/mp4";s:8:"filesize";i:716;s:6:"length";i:42;s:5:"width";i:640;s:6:"height";i:360;\}/);
  assert.match(wxr, /<title><!\[CDATA\[Foghorn at dawn\]\]><\/title>/);
  // The playlists name the exported attachments' IDs.
  assert.match(wxr, /\[playlist ids="31,30"\]/);
  assert.match(wxr, /\[playlist ids="32" type="video"\]/);

  // Into an empty site: the same playlists, from the exported files.
  const again = tempDir('nutgraf-av3-');
  r = run(['import', 'wordpress', out, '--uploads', path.join(data, 'media'), '--data', again]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /media\s+3\s+0\s+0/);
  const s = await startServer({ demo: false, data: again });
  try {
    const res = await fetch(s.url + '/2026/02/02/harbour-sounds/');
    assert.equal(res.status, 200);
    const lists = playlists(await res.text());
    assert.deepEqual(lists.map((l) => l.titles.length), [2, 1, 2]);
    assert.deepEqual(lists[0].titles, ['Gulls and rigging', 'Foghorn at dawn']);
    const bytes = Buffer.from(await (await fetch(s.url + lists[0].srcs[1])).arrayBuffer());
    assert.deepEqual(bytes, files['foghorn.mp3']);
  } finally {
    await s.stop();
    assertNoSanitizerReport(s.log());
  }
  for (const d of [data, uploads, again]) rmSync(d, { recursive: true, force: true });
});
