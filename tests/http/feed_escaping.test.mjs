// Feeds keep text as text.  Every field kind a person types --
// site title and tagline, section name and description, author name and
// bio, tag name, article title, dek and SEO description, commenter name
// and comment text -- is filled with markup, then every feed that shows
// it (RSS, Atom, JSON Feed; site, section, tag, author, comments, one
// article's comments) is parsed ONCE as a reader would and every place a
// reader takes as HTML (RSS title/description/content:encoded, Atom
// type="html", JSON Feed content_html) is searched for tags.  The only
// tags allowed are the ones the body's Markdown made; every URL in them
// is absolute.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, run, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, cli } from '../lib/newsroom.mjs';

let s;
let article;	// its public path

// Markup a field must never turn into: a script, a bold tag, an image
// with a handler, an entity that would decode to a tag.
const evil = (field) => `${field} <script>alert("${field}")</script> <b>bold</b> <img src=x onerror=alert(1)> &lt;i&gt; & "q" 'a'`;

// Tags the body's Markdown produces (paragraph, emphasis, link).
const MARKDOWN_TAGS = new Set(['p', 'em', 'strong', 'a']);

before(async () => {
  // No demo content: the feeds hold only what this test typed.
  s = await startServer({ demo: false });
  addUser(s, 'chief', 'administrator');
  const adm = new Client(s);
  assert.equal((await adm.login('chief')).status, 303);
  let r = await adm.postForm('/admin/settings/', {
    title: evil('site-title'), tagline: evil('tagline'), timezone: 'UTC', comment_moderation: '0',
    comment_previously_approved: '1', close_comments_days_old: '0', comment_max_links: '2',
  });
  assert.equal(r.status, 303, r.body);
  r = await adm.postForm('/admin/sections/', { name: evil('section-name'), slug: 'evil-section', description: evil('section-desc') });
  assert.equal(r.status, 303, r.body);
  r = await adm.postForm('/admin/authors/', { name: evil('author-name'), slug: 'evil-author', bio: evil('author-bio') });
  assert.equal(r.status, 303, r.body);
  const body = path.join(s.dataDir, 'evil.md');
  writeFileSync(body, 'Body with *emphasis* and [a local link](/tag/evil-tag/) and raw <b>html</b> <script>alert(9)</script>.\n');
  r = cli(s, ['article', 'add', '--title', evil('article-title'), '--body-file', body, '--dek', evil('dek'),
    '--section', 'evil-section', '--tags', 'evil-tag', '--status', 'published']);
  assert.equal(r.status, 0, r.stderr);
  article = r.stdout.trim();
  // A second article whose feed summary is its SEO description.
  r = cli(s, ['article', 'add', '--title', 'Plain title', '--body-file', body, '--dek', evil('dek2'),
    '--section', 'evil-section', '--status', 'published']);
  assert.equal(r.status, 0, r.stderr);
  const res = await fetch(`${s.url}${article}comment`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      author: evil('commenter'), email: 'reader@example.org', url: '', comment: evil('comment-text'), comment_parent: '0',
    }).toString(),
  });
  assert.equal(res.status, 303);
  // Held (it has markup and a new address): the moderator approves it.
  if (/comment=held/.test(res.headers.get('location'))) {
    const list = run(['comments', '--data', s.dataDir, 'list', '--status', 'pending']).stdout;
    const id = list.split('\n').find((l) => l.includes('reader@example.org')).split('\t')[0];
    assert.equal(run(['comments', '--data', s.dataDir, 'approve', id]).status, 0);
  }
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

// GET on a fresh connection: parsing a feed can take longer than the
// server keeps an idle keep-alive connection (request_deadline).
function get(path) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: s.port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

// One XML parse (Python's ElementTree, as a reader's parser would do it):
// [{ where, html }] for every place a reader takes as HTML, and the text
// of every other element.
function htmlPlacesXml(xml) {
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
CONTENT = '{http://purl.org/rss/1.0/modules/content/}encoded'
ATOM = '{http://www.w3.org/2005/Atom}'
html, text = [], []
for el in root.iter():
    t = el.text or ''
    if root.tag == 'rss' and el.tag in ('title', 'description', CONTENT):
        html.append({'where': el.tag, 'html': t})
    elif el.tag.startswith(ATOM) and el.get('type') in ('html', 'xhtml'):
        html.append({'where': el.tag, 'html': t + ''.join(ET.tostring(c, encoding='unicode') for c in el)})
    else:
        text.append(t)
print(json.dumps({'html': html, 'text': text}))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: xml, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function htmlPlacesJson(doc) {
  const j = JSON.parse(doc);
  const html = [];
  const text = [j.title, j.description];
  for (const it of j.items) {
    if (it.content_html !== undefined) html.push({ where: 'content_html', html: it.content_html });
    text.push(it.title, it.summary, it.content_text);
  }
  return { html, text };
}

function tagsOf(html) {
  return [...html.matchAll(/<\s*\/?\s*([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1].toLowerCase());
}

const FEEDS = () => {
  const bases = ['/', '/category/evil-section/', '/tag/evil-tag/', '/comments/', article];
  const out = [];
  for (const b of bases) for (const f of ['feed/', 'feed/atom/', 'feed/json/']) out.push(b + f);
  return out;
};

test('no feed lets typed markup become a tag, and feed HTML has absolute URLs only', async () => {
  const seen = new Set();
  for (const url of FEEDS()) {
    const res = await get(url);
    assert.equal(res.status, 200, url);
    const doc = res.body;
    const { html, text } = url.endsWith('json/') ? htmlPlacesJson(doc) : htmlPlacesXml(doc);
    for (const { where, html: h } of html) {
      for (const t of tagsOf(h)) {
        assert.ok(MARKDOWN_TAGS.has(t), `${url} ${where}: a <${t}> tag the author did not write as Markdown in ${JSON.stringify(h.slice(0, 300))}`);
      }
      assert.doesNotMatch(h, /<[^>]*(onerror|javascript:)/i, `${url} ${where}`);
      for (const m of h.matchAll(/\b(?:href|src)="([^"]*)"/g)) {
        assert.match(m[1], /^https?:\/\//, `${url} ${where}: relative URL ${m[1]}`);
      }
      for (const m of h.matchAll(/[a-z-]+-(?:title|desc|name|bio|text)|tagline|dek2?|commenter/g)) seen.add(m[0]);
    }
    for (const t of text) for (const m of (t || '').matchAll(/[a-z-]+-(?:title|desc|name|bio|text)|tagline|dek2?|commenter/g)) seen.add(m[0]);
  }
  // Every field kind reached some feed (so the test checked something).
  for (const f of ['site-title', 'tagline', 'section-name', 'section-desc', 'article-title', 'dek', 'comment-text', 'commenter']) {
    assert.ok(seen.has(f), `${f} was in no feed`);
  }
});

test('typed markup reaches the reader as the text that was typed', async () => {
  // RSS description: one XML parse gives escaped HTML, which a reader
  // shows as the typed characters.
  const rss = htmlPlacesXml((await get(`${article}feed/`)).body);
  const desc = rss.html.find((p) => p.where === 'description' && p.html.includes('comment-text'));
  assert.ok(desc, 'the comment is in its article\'s comment feed');
  assert.ok(desc.html.includes('&lt;script&gt;alert(&quot;comment-text&quot;)&lt;/script&gt;'), desc.html);
  assert.ok(desc.html.includes('&amp;lt;i&amp;gt;'), desc.html);
  // feedparser, a real reader, agrees: no tag, the text as typed.
  const script = 'import feedparser, sys, json\nd = feedparser.parse(sys.stdin.buffer.read())\nprint(json.dumps([e.summary for e in d.entries]))';
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: (await get(`${article}feed/`)).body, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const summaries = JSON.parse(r.stdout);
  assert.ok(summaries.some((x) => x.includes('&lt;script&gt;')), r.stdout);
  assert.ok(summaries.every((x) => !/<script|<b>/.test(x)), r.stdout);
});
