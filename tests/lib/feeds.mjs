// Real parsers for feed and sitemap tests: Debian's python3-feedparser
// and libxml2's xmllint, run as child processes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

// Debian's python, where python3-feedparser lives (not a pyenv shim).
const PYTHON = '/usr/bin/python3';

// feedparser's view of a document:
// { bozo, error, version, title, entries: [{ id, title, link, author,
//   summary, published, content (count), tags }] }.
export function feedparse(text) {
  const script = [
    'import feedparser, json, sys',
    'd = feedparser.parse(sys.stdin.buffer.read())',
    'print(json.dumps({"bozo": int(d.bozo), "error": str(d.get("bozo_exception", "")),',
    '  "version": d.version, "title": d.feed.get("title"),',
    '  "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"),',
    '    "author": e.get("author"), "summary": e.get("summary"),',
    '    "published": e.get("published"), "content": len(e.get("content", [])),',
    '    "tags": [t.term for t in e.get("tags", [])]} for e in d.entries]}))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', script], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

// Fails the test unless text is well-formed XML.
export function xmllint(text) {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, `xmllint: ${r.stderr}`);
}
