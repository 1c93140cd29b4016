// bench/newsroom.mjs -- the newsroom's side of a news day, for the
// news-day run of bench/run.sh: while wrk plays the readers, this posts,
// for SECONDS seconds,
//
//	5 comments a second on the hottest stories, half of them held for
//	  moderation (they carry the word of the site's moderation_keys),
//	  half published at once;
//	1 moderator approval a second (the oldest held comment);
//	1 editor autosave a second;
//	1 edit of the hottest story every 10 seconds (a saved revision);
//	1 new published story every minute (the first after 30 seconds).
//
//	node bench/newsroom.mjs URL LOGIN PASSWORD SECONDS PATHS_FILE HOT_ID
//
// PATHS_FILE lists the article paths, hottest first; HOT_ID is the id of
// the first.
//
// It prints one JSON line with what it did and what failed.  Writes are
// paced by the clock, not by their answers, as a newsroom's would be.
import { readFileSync } from 'node:fs';
import { Client } from '../tests/lib/newsroom.mjs';

const [url, login, password, seconds, pathsFile, hot] = process.argv.slice(2);
const HOLD_WORD = 'holdme';
const paths = readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean);
const u = new URL(url);
const server = { url, port: Number(u.port) };
const ed = new Client(server);
const done = {
  comments: 0, held: 0, approved_at_once: 0, approvals: 0, autosaves: 0, edits: 0,
  publishes: 0, failed: 0, errors: [],
};

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&amp;/g, '&');

function fail(what, r) {
  done.failed++;
  if (done.errors.length < 5) done.errors.push(`${what}: ${r && r.status}`);
}

let n = 0;
async function comment() {
  const i = n++;
  const held = i % 2 === 0;
  const path = paths[i % 20];	// the hot stories
  const body = new URLSearchParams({
    author: `Reader ${i % 97}`, email: `reader${i % 97}@example.org`, url: '',
    comment: `${held ? `${HOLD_WORD} ` : ''}Comment ${i} on a busy day, ${Date.now()}.`,
    comment_parent: '0',
  }).toString();
  const r = await fetch(`${url}${path}comment`, {
    method: 'POST', redirect: 'manual', body,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  await r.text();
  const loc = r.headers.get('location') || '';
  if (r.status !== 303) return fail('comment', r);
  done.comments++;
  if (/comment=held/.test(loc)) done.held++;
  else done.approved_at_once++;
}

async function approve() {
  const page = await ed.get('/admin/comments/?status=pending');
  const m = /<input type="hidden" name="id" value="(\d+)">/.exec(page.body);
  if (!m) return;
  const r = await ed.postForm('/admin/comments/', { action: 'approve', id: m[1] });
  if (r.status !== 303) return fail('approve', r);
  done.approvals++;
}

const hotId = Number(hot) || 0;
async function autosave() {
  const r = await ed.postForm('/admin/autosave', { article: String(hotId), title: 'Typing', body: `Typed at ${Date.now()}` });
  if (r.status !== 200) return fail('autosave', r);
  done.autosaves++;
}

// The editor's form of article id, as it stands.
async function form(id) {
  const page = await ed.get(`/admin/articles/${id}/`);
  const f = (re) => { const m = re.exec(page.body); return m ? unescape(m[1]) : ''; };
  return {
    version: f(/name="version" value="(\d+)"/),
    title: f(/name="title" value="([^"]*)"/),
    dek: f(/<textarea id="dek" name="dek"[^>]*>([\s\S]*?)<\/textarea>/),
    body: f(/<textarea id="body" name="body"[^>]*>([\s\S]*?)<\/textarea>/),
    section: f(/<select id="section" name="section">[\s\S]*?<option value="(\d+)" selected/),
    author: f(/<select id="author" name="author">[\s\S]*?<option value="(\d+)" selected/),
    tags: f(/name="tags" value="([^"]*)"/),
  };
}

let edit = 0;
async function editHot() {
  const cur = await form(hotId);
  const body = cur.body.replace(/\n\nUpdate \d+:.*$/s, '') + `\n\nUpdate ${++edit}: more details as they come in.`;
  const r = await ed.postForm(`/admin/articles/${hotId}/`, {
    ...cur, body, comments_open: '1', action: 'save',
  });
  if (r.status !== 303) return fail('edit', r);
  done.edits++;
}

async function publish() {
  const r = await ed.postForm('/admin/articles/new/', {
    title: `Breaking ${Date.now()}`, body: 'A new story on a busy day.', section: '1', action: 'publish',
  });
  if (r.status !== 303) return fail('publish', r);
  done.publishes++;
}

// Run fn every ms milliseconds (first after first ms), each on its own,
// until the end; a slow call does not delay the next.
function every(ms, fn, first = ms) {
  const pending = [];
  const start = Date.now();
  let k = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const due = start + first + k * ms;
      if (due > end) { Promise.allSettled(pending).then(resolve); return; }
      setTimeout(() => {
        k++;
        pending.push(fn().catch((e) => fail(e.message)));
        tick();
      }, Math.max(0, due - Date.now()));
    };
    tick();
  });
}

if ((await ed.login(login, password)).status !== 303) {
  console.error('newsroom: cannot log in');
  process.exit(1);
}
const end = Date.now() + Number(seconds) * 1000;
await Promise.all([
  every(200, comment),
  every(1000, approve),
  every(1000, autosave),
  hotId > 0 ? every(10000, editHot) : Promise.resolve(),
  every(60000, publish, 30000),
]);
done.hot_article = hotId;
console.log(JSON.stringify(done));
