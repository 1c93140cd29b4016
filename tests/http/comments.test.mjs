// Comments over real HTTP: the form, posting (both endpoints),
// validation that keeps what was typed, moderation settings, threading,
// the honeypot, rate limits, the pending cap, a corpus of hostile input in
// every field, the email never shown, the `nutgraf comments` CLI, and
// durability across SIGKILL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startServer, assertNoSanitizerReport, run, rawRequest, statusOf, until } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
const OTHER = '/2024/03/niger-breaks-off-military-deal-with-us/';
const APPROVED_EMAIL = 'amina@example.org';	// the demo's approved commenter
const SECRET = 'secret.reader@private.example';	// must never be shown
// Where a held comment's author is sent: the page only they can open.
const HELD = /\?comment=held&unapproved=(\d+)&moderation-hash=([0-9a-f]{32})#comment-notice$/;
let s;

// One form-encoded body; a value may be { raw: '%FF...' } for bytes
// that no JavaScript string can carry.
function formBody(fields) {
  return Object.entries(fields).map(([k, v]) => {
    const enc = typeof v === 'object' && v !== null ? v.raw : encodeURIComponent(v);
    return `${encodeURIComponent(k)}=${enc}`;
  }).join('&');
}

// A POST on a fresh connection: fetch retries a GET whose pooled
// keep-alive connection the server has just closed, never a POST, and
// the CLI calls between requests can keep one idle that long.
async function post(path, fields, server = s) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'comments.test', connection: 'close' },
    body: formBody(fields),
  });
  return { res, body: await res.text() };
}

async function get(path, server = s) {
  const res = await fetch(server.url + path, { redirect: 'manual' });
  return { res, body: await res.text() };
}

function cli(args, server = s) {
  const r = run(['comments', '--data', server.dataDir, ...args]);
  assert.equal(r.status, 0, `nutgraf comments ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// Comments of the list as objects (the tab-separated CLI output).
function listComments(server = s, status = 'all') {
  const rows = [];
  for (let offset = 0; ; offset += 100) {
    const out = cli(['list', '--status', status, '--limit', '100', '--offset', String(offset)], server);
    const lines = out.split('\n').filter((l) => l && !l.startsWith('#'));
    for (const l of lines) {
      const [id, st, date, slug, parent, author, email, ip, text] = l.split('\t');
      rows.push({ id: Number(id), status: st, date, slug, parent: Number(parent), author, email, ip, text });
    }
    if (lines.length < 100) return rows;
  }
}

// Another process's write (the CLI) reaches cached pages within the page
// cache's sync period: poll the seed article until pred(body) holds.
const seedUntil = (what, pred) => until(what, async () => pred((await get(SEED)).body));

function settings(kv, server = s) {
  cli(['settings', ...Object.entries(kv).map(([k, v]) => `${k}=${v}`)], server);
}

let n = 0;
function unique(prefix = 'c') { n += 1; return `${prefix}-${process.pid}-${n}`; }

function good(extra = {}) {
  return { author: 'Test Reader', email: APPROVED_EMAIL, url: '', comment: `Hello ${unique()}`, comment_parent: '0', ...extra };
}

// Every public page this test looked at, to search for the email later.
const seen = [];
async function publicGet(path) {
  const r = await get(path);
  seen.push({ path, status: r.res.status, body: r.body });
  return r;
}

before(async () => {
  s = await startServer();
  // Most tests post many comments from 127.0.0.1: limits off here, on in
  // their own test.
  settings({ comment_flood_seconds: 0, comment_hourly_max: 0 });
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('the form: heading, notice, WordPress field names, demo thread', async () => {
  const { res, body } = await publicGet(SEED);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control'), /public/);
  assert.match(body, /<h2[^>]*>Leave a Reply<\/h2>/);
  assert.ok(body.includes('Your email address will not be published.'));
  assert.match(body, /Required fields are marked <span class="required">\*<\/span>/);
  for (const name of ['author', 'email', 'url', 'comment', 'comment_parent', 'comment_post_ID']) {
    assert.match(body, new RegExp(`name="${name}"`), name);
  }
  assert.match(body, /<label for="author">Name <span class="required">\*<\/span>/);
  assert.match(body, /<label for="email">Email <span class="required">\*<\/span>/);
  assert.match(body, /<label for="url">Website<\/label>/);
  assert.match(body, /<label for="comment">Comment <span class="required">\*<\/span>/);
  assert.match(body, /<form action="[^"]+\/comment" method="post"/);
  // The demo thread: count, nesting, anchors, a website link.
  assert.match(body, /<h2 class="comments-title"[^>]*>4 comments<\/h2>/);
  assert.match(body, /id="comment-1"[\s\S]*<ol class="children">[\s\S]*id="comment-2"/);
  assert.match(body, /<a href="https:\/\/example.net\/" rel="nofollow ugc noopener">Tom Example<\/a>/);
  assert.match(body, /href="#comment-1"/);
  assert.match(body, /href="[^"]*\?replytocom=1#respond" rel="nofollow"/);
  // JSON-LD metadata is data, not a script.
  assert.ok(!/<script(?![^>]*application\/ld\+json)/i.test(body), 'no JavaScript');
});

test('a Reply link fills comment_parent (no JavaScript needed)', async () => {
  const { res, body } = await publicGet(`${SEED}?replytocom=2`);
  assert.equal(res.status, 200);
  assert.match(body, /name="comment_parent" id="comment_parent" value="2"/);
  assert.match(body, /Leave a Reply to <a href="[^"]*#comment-2">Tom Example<\/a>/);
  assert.match(body, /Cancel reply/);
  // An unknown or bogus id is ignored.
  for (const q of ['999999', 'abc', '-1', '0']) {
    const r = await publicGet(`${SEED}?replytocom=${q}`);
    assert.match(r.body, /name="comment_parent" id="comment_parent" value="0"/, q);
  }
});

test('first comment from an address is held; the notice is a shared page variant', async () => {
  const text = `Held ${unique()}`;
  const { res } = await post(`${SEED}comment`, good({ email: SECRET, comment: text, author: 'Secret Reader' }));
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const loc = res.headers.get('location');
  assert.match(loc, HELD);
  const page = await publicGet(new URL(loc, s.url).pathname + '?comment=held');
  assert.equal(page.res.status, 200);
  assert.match(page.res.headers.get('cache-control'), /public/);
  assert.match(page.body, /awaiting moderation/);
  assert.ok(!page.body.includes(text), 'held comment not shown');
  assert.ok(!(await publicGet(SEED)).body.includes('awaiting moderation'), 'no notice without the query');
  const row = listComments().find((c) => c.text === text);
  assert.equal(row.status, 'pending');
  assert.equal(row.email, SECRET);
  assert.equal(row.ip, '127.0.0.1');
});

test('an address with an approved comment is published at once, sent to the notice', async () => {
  const text = `Published ${unique()}`;
  const { res } = await post(`${SEED}comment`, good({ comment: text }));
  assert.equal(res.status, 303);
  // To the notice's anchor, which stays in view however long the list.
  assert.match(res.headers.get('location'), /\?comment=published#comment-notice$/);
  const id = listComments().find((c) => c.text === text).id;
  const page = await publicGet(`${SEED}?comment=published`);
  assert.match(page.body, /<div class="comment-notice comment-notice-published" id="comment-notice" role="status" tabindex="-1">\s*<p><strong>Thank you &mdash; your comment has been published/);
  assert.match(page.body, new RegExp(`id="comment-${id}"[\\s\\S]*${text}`));
});

test('WordPress endpoint /wp-comments-post.php with comment_post_ID', async () => {
  const { body } = await get(SEED);
  const id = /name="comment_post_ID" value="(\d+)"/.exec(body)[1];
  const text = `Via wp ${unique()}`;
  const r = await post('/wp-comments-post.php', { ...good({ comment: text }), comment_post_ID: id });
  assert.equal(r.res.status, 303);
  assert.match(r.res.headers.get('location'), new RegExp(`^${SEED.replace(/[?]/g, '\\?')}\\?comment=published#comment-notice$`));
  assert.ok((await get(SEED)).body.includes(text));
  for (const bad of ['0', '999999', 'x', '']) {
    const rr = await post('/wp-comments-post.php', { ...good(), comment_post_ID: bad });
    assert.equal(rr.res.status, 404, bad);
  }
  // GET is not a comment.
  assert.equal((await get('/wp-comments-post.php')).res.status, 405);
});

test('unknown article: 404; a GET of the comment endpoint is the form, for one reader', async () => {
  assert.equal((await post('/2024/04/no-such-article/comment', good())).res.status, 404);
  assert.equal((await get('/2024/04/no-such-article/comment')).res.status, 404);
  const form = await get(`${SEED}comment`);
  assert.equal(form.res.status, 200);
  assert.equal(form.res.headers.get('cache-control'), 'no-store');
  assert.match(form.body, /<meta name="robots" content="noindex">/);
  assert.match(form.body, /id="commentform"/);
});

test('validation keeps every value and says what is wrong at each field', async () => {
  const fields = { author: '', email: 'not-an-email', url: 'javascript:alert(1)', comment: 'Keep <me> & "this"', comment_parent: '0' };
  const { res, body } = await post(`${SEED}comment`, fields);
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.match(body, /id="author-error">Please enter your name\./);
  assert.match(body, /id="email-error">Please enter a valid email address/);
  assert.match(body, /id="url-error">Please enter a valid website address/);
  assert.match(body, /value="not-an-email"/);
  assert.match(body, /value="javascript:alert\(1\)"/);
  assert.match(body, />Keep &lt;me&gt; &amp; &quot;this&quot;<\/textarea>/);
  assert.match(body, /aria-invalid="true"/);
  assert.match(body, /role="alert"/);
  // Still the whole article page, with its headline.
  assert.match(body, /<h1[^>]*>US to Negotiate Troop Withdrawal/);

  const empty = await post(`${SEED}comment`, { author: 'A', email: APPROVED_EMAIL, comment: '   \r\n  ' });
  assert.equal(empty.res.status, 400);
  assert.match(empty.body, /Please type your comment\./);
});

test('length limits count characters: name 245, email 100, url 200, comment 65,525', async () => {
  const cases = [
    ['author', 'é'.repeat(245), 'é'.repeat(246), /name is too long/],
    ['email', `${'a'.repeat(64)}@${'b'.repeat(23)}.example.org`, `${'a'.repeat(64)}@${'b'.repeat(24)}.example.org`, /email address is too long/],
    ['url', `https://example.com/${'p'.repeat(180)}`, `https://example.com/${'p'.repeat(181)}`, /website address is too long/],
    ['comment', '€'.repeat(65525), '€'.repeat(65526), /comment is too long/],
  ];
  for (const [field, ok, bad, msg] of cases) {
    const r1 = await post(`${SEED}comment`, { ...good(), [field]: ok });
    assert.equal(r1.res.status, 303, `${field} at the limit`);
    const r2 = await post(`${SEED}comment`, { ...good(), [field]: bad });
    assert.equal(r2.res.status, 400, `${field} over the limit`);
    assert.match(r2.body, msg);
    // Kept, even at that length.
    if (field !== 'comment') assert.ok(r2.body.includes(`value="${bad}"`), `${field} kept`);
    else assert.ok(r2.body.includes(`>${bad}</textarea>`), 'comment kept');
  }
});

test('a duplicate from the same author is refused clearly (409), not stored twice', async () => {
  const f = good({ comment: `Dup ${unique()}` });
  assert.equal((await post(`${SEED}comment`, f)).res.status, 303);
  const r = await post(`${SEED}comment`, f);
  assert.equal(r.res.status, 409);
  assert.match(r.body, /already posted this comment/);
  assert.equal(listComments().filter((c) => c.text === f.comment).length, 1);
});

test('honeypot: told "held", nothing stored', async () => {
  const before = listComments().length;
  const text = `Bot ${unique()}`;
  const r = await post(`${SEED}comment`, { ...good({ comment: text }), comment_hp: 'http://spam.example/' });
  assert.equal(r.res.status, 303);
  assert.match(r.res.headers.get('location'), /\?comment=held#comment-notice$/);
  assert.equal(listComments().length, before);
});

test('moderation settings: all need approval, links, keys, block list', async () => {
  const cases = [
    [{ comment_moderation: 1 }, 'Plain words', 'pending'],
    [{}, 'Links http://a.example https://b.example www.c.example', 'pending'],
    [{}, 'Two links http://a.example https://b.example ok', 'approved'],
    [{ comment_max_links: 0 }, 'No cap http://a.example http://b.example http://c.example', 'approved'],
    [{ moderation_keys: 'rolex\\nwatches' }, 'Cheap ROLEX here', 'pending'],
    [{ disallowed_keys: 'casino' }, 'Best Casino deals', 'spam'],
    [{ comment_previously_approved: 0 }, 'Anyone passes', 'approved', 'stranger@new.example'],
  ];
  for (const [kv, text, want, email] of cases) {
    const reset = { comment_moderation: '', comment_max_links: '', moderation_keys: '', disallowed_keys: '', comment_previously_approved: '' };
    const pairs = { ...reset, ...kv };
    // KEY=VALUE pairs: a newline in a list goes in as a real newline.
    run(['comments', '--data', s.dataDir, 'settings', ...Object.entries(pairs).map(([k, v]) => `${k}=${String(v).replace(/\\n/g, '\n')}`)]);
    const body = `${text} ${unique()}`;
    const r = await post(`${SEED}comment`, good({ comment: body, ...(email ? { email } : {}) }));
    assert.equal(r.res.status, 303, text);
    const want303 = want === 'approved' ? /comment=published#comment-notice$/ : HELD;
    assert.match(r.res.headers.get('location'), want303, text);
    assert.equal(listComments().find((c) => c.text === body).status, want, text);
  }
  settings({ comment_moderation: '', comment_max_links: '', moderation_keys: '', disallowed_keys: '', comment_previously_approved: '' });
});

test('threading: replies nest, only under approved comments, to the depth limit', async () => {
  const reply = `Reply ${unique()}`;
  const r = await post(`${SEED}comment`, good({ comment: reply, comment_parent: '2' }));
  assert.equal(r.res.status, 303);
  const id = listComments().find((c) => c.text === reply).id;
  const page = (await get(SEED)).body;
  assert.match(page, new RegExp(`id="comment-2"[\\s\\S]*<ol class="children">[\\s\\S]*id="comment-${id}"`));
  // A reply to a held comment, a missing one, or one on another article.
  const held = listComments(s, 'pending')[0];
  for (const parent of [String(held.id), '987654']) {
    const rr = await post(`${SEED}comment`, good({ comment: `Bad parent ${unique()}`, comment_parent: parent }));
    assert.equal(rr.res.status, 400, parent);
    assert.match(rr.body, /replied to is not available/);
    assert.match(rr.body, /name="comment_parent" id="comment_parent" value="0"/, 'kept as a new comment');
  }
  const other = await post(`${OTHER}comment`, good({ comment: `Other ${unique()}`, comment_parent: '2' }));
  assert.equal(other.res.status, 400);
  // Depth: comment 3 is at depth 3; with a limit of 3 it has no Reply link
  // and a reply to it is refused.
  settings({ thread_comments_depth: 3 });
  await seedUntil('no reply link at the deepest level', (b) => !b.includes('replytocom=3#'));
  const deep = await post(`${SEED}comment`, good({ comment: `Too deep ${unique()}`, comment_parent: '3' }));
  assert.equal(deep.res.status, 400);
  assert.match(deep.body, /cannot nest any deeper/);
  settings({ thread_comments_depth: '' });
});

test('closed comments: per article age setting; the page says so and POST is 403', async () => {
  settings({ close_comments_days_old: 1 });
  await seedUntil('comments closed', (b) => /Comments are closed\./.test(b));
  const page = await publicGet(SEED);
  assert.match(page.body, /Comments are closed\./);
  assert.ok(!page.body.includes('name="comment"'), 'no form');
  assert.ok(page.body.includes('id="comment-1"'), 'existing comments stay');
  const r = await post(`${SEED}comment`, good());
  assert.equal(r.res.status, 403);
  seen.push({ path: 'closed 403', status: 403, body: r.body });
  assert.match(r.body, /Comments are closed on this article/);
  settings({ close_comments_days_old: '' });
  await seedUntil('the form back', (b) => /Leave a Reply/.test(b));
});

test('pending cap: 503 with the form kept and Retry-After', async () => {
  const pending = listComments(s, 'pending').length;
  assert.ok(pending > 0, 'earlier tests left held comments');
  settings({ comment_pending_max: pending });
  const text = `Over cap ${unique()}`;
  const r = await post(`${SEED}comment`, good({ email: 'new.person@cap.example', comment: text }));
  assert.equal(r.res.status, 503);
  assert.ok(Number(r.res.headers.get('retry-after')) > 0);
  assert.match(r.body, /temporarily closed/);
  assert.ok(r.body.includes(text), 'text kept');
  // Approved comments do not wait in the queue, so they still pass.
  assert.equal((await post(`${SEED}comment`, good())).res.status, 303);
  settings({ comment_pending_max: '' });
});

test('moderators: list, approve (visible at once), spam, trash, delete', async () => {
  const text = `Moderate me ${unique()}`;
  await post(`${SEED}comment`, good({ email: 'mod.test@new.example', comment: text }));
  const row = listComments(s, 'pending').find((c) => c.text === text);
  assert.ok(row);
  assert.match(cli(['approve', String(row.id)]), new RegExp(`comment ${row.id}: approved`));
  await seedUntil('the approved comment shown', (b) => b.includes(text));
  cli(['spam', String(row.id)]);
  await seedUntil('the spam gone', (b) => !b.includes(text));
  cli(['trash', String(row.id)]);
  assert.equal(listComments(s, 'trash').find((c) => c.id === row.id).status, 'trash');
  cli(['delete', String(row.id)]);
  assert.ok(!listComments().some((c) => c.id === row.id));
  const bad = run(['comments', '--data', s.dataDir, 'approve', '999999']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /no such comment/);
  assert.equal(run(['comments', '--data', s.dataDir, 'approve', 'x']).status, 2);
  assert.match(cli(['counts']), /^pending\t\d+\napproved\t\d+\nspam\t\d+\ntrash\t\d+\n$/);
  assert.match(cli(['show', '1']), /email: amina@example.org/);
  const set = run(['comments', '--data', s.dataDir, 'settings', 'thread_comments_depth=99']);
  assert.equal(set.status, 2);
  assert.match(set.stderr, /1 to 10/);
});

// ---- hostile input ----

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<ScRiPt>alert(1)</sCrIpT>',
  '<input onfocus=alert(1) autofocus>',
  '<details open ontoggle=alert(1)>',
  '<object data="javascript:alert(1)">',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '{{site.name}} {{{article.body}}} {{>layout}}',
  '${7*7} #{7*7} <%= 7*7 %>',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  'vbscript:msgbox(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'http://x.example/"onmouseover="alert(1)',
  "http://x.example/'onmouseover='alert(1)'",
  'https://x.example/<script>',
  'www.x.example/"><img src=x onerror=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '\\u003cscript\\u003ealert(1)',
  'Name\r\nSet-Cookie: pwned=1',
  'x\r\nLocation: http://evil.example/',
  'line\rbreak\nmixed\r\n',
  'tab\there\tand\vvertical\fform',
  'nul\u0000byte',
  'escape \u001b[31mred\u001b[0m',
  'bell \u0007 and del \u007f',
  'c1 control \u0085 \u009b',
  'rtl \u202egnp.exe',
  'isolate \u2066x\u2069',
  'zero\u200bwidth\ufeffbom',
  '\ud83d\ude00 emoji and 漢字 and عربى',
  "Robert'); DROP TABLE comments;--",
  "' OR '1'='1",
  '../../../../etc/passwd',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  { raw: '%FF%FE%FD' },
  { raw: 'ok%C0%AFoverlong' },
  { raw: 'surrogate%ED%A0%80' },
  { raw: 'truncated%E2%82' },
  { raw: '%00%00' },
  { raw: 'bad%escape%ZZ' },
];

// Text of a hostile value as the page would show it, for the check that
// nothing dangerous comes back raw.
function dangerous(v) {
  return typeof v === 'string' && /[<>"']/.test(v);
}

test(`hostile corpus: ${HOSTILE.length} inputs in every field, each stored or refused, always escaped`, async () => {
  assert.ok(HOSTILE.length >= 50);
  const fields = ['author', 'email', 'url', 'comment'];
  const outcomes = { 303: 0, 400: 0 };
  for (const [i, h] of HOSTILE.entries()) {
    for (const field of fields) {
      const marker = `H${i}${field}${unique('x')}`;
      const f = { author: `Hostile ${marker}`, email: APPROVED_EMAIL, url: '', comment: `Corpus ${marker}`, comment_parent: '0' };
      f[field] = field === 'comment' && typeof h === 'string' ? `${h} ${marker}` : h;
      const r = await post(`${SEED}comment`, f);
      assert.ok([303, 400].includes(r.res.status), `#${i} in ${field}: ${r.res.status}`);
      outcomes[r.res.status] += 1;
      // No header came from input.
      assert.equal(r.res.headers.get('set-cookie'), null);
      if (r.res.status === 303) assert.match(r.res.headers.get('location'), /^\/2024\/04\/[^\r\n]*\?comment=(held|published)(&unapproved=\d+&moderation-hash=[0-9a-f]{32})?#comment-notice$/);
      if (dangerous(h)) assert.ok(!r.body.includes(h), `#${i} in ${field} echoed raw`);
      assert.ok(!/<script>alert/i.test(r.body), `#${i} in ${field}: live script`);
    }
  }
  // Everything published is shown escaped: no live markup from the corpus.
  const page = await publicGet(SEED);
  for (const h of HOSTILE) if (dangerous(h)) assert.ok(!page.body.includes(h), `raw on page: ${h}`);
  assert.ok(!/<script(?![^>]*application\/ld\+json)/i.test(page.body));
  // In the comments (the rest of the page is other modules' markup):
  // real tags only (escaped text has no '<'), none with an event handler.
  const start = page.body.indexOf('<section class="comments"');
  const section = page.body.slice(start, page.body.indexOf('</section>', start));
  assert.ok(start > 0 && section.includes('Corpus '));
  for (const tag of section.match(/<[a-zA-Z][^>]*>/g)) {
    // Attribute values are escaped, so a quoted value ends at the next '"'.
    const bare = tag.replace(/"[^"]*"/g, '""');
    assert.ok(!/\son\w+\s*=/i.test(bare), `event handler in ${tag}`);
    assert.ok(!/^<(iframe|object|embed|svg|math|img|base|meta http-equiv|details)\b/i.test(tag), `tag ${tag}`);
  }
  assert.ok(!/href="\s*(javascript|data|vbscript):/i.test(page.body), 'no script links');
  assert.ok(outcomes[303] > 0 && outcomes[400] > 0, JSON.stringify(outcomes));
  // The .txt view too.
  const txt = await publicGet(SEED.replace(/\/$/, '.txt'));
  assert.equal(txt.res.status, 200);
  assert.match(txt.body, /Comments: \d+ </);
});

test('1 MB fields are refused (413), not stored', async () => {
  const before = listComments().length;
  let answered = 0;
  for (const field of ['author', 'email', 'url', 'comment']) {
    const f = good();
    f[field] = 'x'.repeat(1024 * 1024);
    const body = formBody(f);
    // Raw: the server answers 413 from the declared length and may close
    // before all of the body is sent, which fetch reports as a failure.
    const raw = await rawRequest(s.port, `POST ${SEED}comment HTTP/1.1\r\nHost: x\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n` +
      `Connection: close\r\n\r\n${body}`);
    const st = statusOf(raw);
    assert.ok(st === 413 || st === 0, `${field}: ${st}`);
    if (st === 413) answered += 1;
  }
  assert.ok(answered > 0, 'at least one 413 was read back');
  assert.equal(listComments().length, before);
});

test('the email address never appears in any public response', async () => {
  // The held comment's author and an approved one posted with the secret
  // address (approve it so its page shows it).
  const text = `Secret shown ${unique()}`;
  await post(`${SEED}comment`, good({ email: SECRET, comment: text, author: 'Secret Reader' }));
  const row = listComments(s, 'pending').find((c) => c.text === text);
  cli(['approve', String(row.id)]);
  await seedUntil('the approved comment shown', (b) => b.includes(text));
  const paths = [SEED, `${SEED}?comment=held`, `${SEED}?comment=published`, `${SEED}?replytocom=${row.id}`,
    SEED.replace(/\/$/, '.txt'), '/', '/category/world/', '/no-such-page/', '/feed/', '/comments/feed/', `${SEED}feed/`];
  for (const p of paths) await publicGet(p);
  assert.ok(seen.some((x) => x.body.includes(text)), 'the comment itself is shown');
  for (const { path, body } of seen) {
    assert.ok(!body.includes(SECRET), `email in ${path}`);
    assert.ok(!body.includes('amina@example.org'), `demo email in ${path}`);
  }
});

test('rate limit: 1 per 15 s per address answers 429 with Retry-After and keeps the text', async () => {
  const t = await startServer();
  try {
    // A form refused by validation does not spend the allowance.
    assert.equal((await post(`${SEED}comment`, good({ email: 'bad' }), t)).res.status, 400);
    const first = await post(`${SEED}comment`, good(), t);
    assert.equal(first.res.status, 303);
    const text = `Too fast ${unique()}`;
    const r = await post(`${SEED}comment`, good({ comment: text }), t);
    assert.equal(r.res.status, 429);
    const wait = Number(r.res.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 15, `Retry-After ${wait}`);
    assert.equal(r.res.headers.get('cache-control'), 'no-store');
    assert.match(r.body, /commenting too quickly/);
    assert.ok(r.body.includes(text), 'text kept');
    const again = await post(`${SEED}comment`, good(), t);
    assert.equal(again.res.status, 429);
  } finally {
    const { log } = await t.stop();
    assertNoSanitizerReport(log);
  }
});

test('rate limit: comment_hourly_max 200 (a carrier-shared address) lets 200 through and refuses the 201st', async () => {
  const t = await startServer();
  try {
    settings({ comment_flood_seconds: 0, comment_hourly_max: 200 }, t);
    for (let i = 0; i < 200; i++) {
      const r = await post(`${SEED}comment`, good(), t);
      assert.equal(r.res.status, 303, `comment ${i + 1}: ${r.body.slice(0, 200)}`);
    }
    const text = `The 201st ${unique()}`;
    const r = await post(`${SEED}comment`, good({ comment: text }), t);
    assert.equal(r.res.status, 429);
    const wait = Number(r.res.headers.get('retry-after'));
    assert.ok(wait > 3000 && wait <= 3660, `Retry-After ${wait}`);
    assert.ok(r.body.includes(text), 'text kept');
    // The setting's range is named when it is exceeded.
    const bad = run(['comments', '--data', t.dataDir, 'settings', 'comment_hourly_max=10001']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /from 0 to 10000/);
  } finally {
    const { log } = await t.stop();
    assertNoSanitizerReport(log);
  }
});

test('durability: a comment that got its 303 survives SIGKILL right after', async () => {
  const t = await startServer();
  const dataDir = t.dataDir;
  settings({ comment_flood_seconds: 0, comment_hourly_max: 0 }, t);
  const text = `Durable ${unique()}`;
  const r = await post(`${SEED}comment`, good({ comment: text }), t);
  assert.equal(r.res.status, 303);
  t.proc.kill('SIGKILL');
  await t.stop({ keepData: true });
  const t2 = await startServer({ data: dataDir, demo: false });
  try {
    const page = await get(SEED, t2);
    const id = listComments(t2).find((c) => c.text === text).id;
    assert.match(page.body, new RegExp(`id="comment-${id}"[\\s\\S]*${text}`));
  } finally {
    await t2.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('durability: 200 concurrent comments, SIGKILL mid-way: every 303 is there exactly once', async () => {
  const t = await startServer();
  const dataDir = t.dataDir;
  settings({ comment_flood_seconds: 0, comment_hourly_max: 0 }, t);
  const acked = [];
  let done = 0;
  const tag = unique('burst');
  const jobs = Array.from({ length: 200 }, (_, i) => (async () => {
    const text = `${tag} number ${i}`;
    try {
      const r = await post(`${SEED}comment`, good({ comment: text }), t);
      if (r.res.status === 303) acked.push({ text, loc: r.res.headers.get('location') });
    } catch { /* killed mid-request: no acknowledgement */ }
    done += 1;
    if (done === 100) t.proc.kill('SIGKILL');
  })());
  await Promise.all(jobs);
  await t.stop({ keepData: true });
  assert.ok(acked.length > 0, 'some comments were acknowledged');
  const t2 = await startServer({ data: dataDir, demo: false });
  try {
    const rows = listComments(t2).filter((c) => c.text.startsWith(tag));
    for (const { text, loc } of acked) {
      const hits = rows.filter((c) => c.text === text);
      assert.equal(hits.length, 1, `${text}: ${hits.length} copies`);
      // A held one's page names it; a published one is on the shared page.
      assert.match(loc, /#comment-notice$/);
      const held = /[?&]unapproved=(\d+)/.exec(loc);
      if (held) assert.equal(Number(held[1]), hits[0].id);
    }
    // Nothing unacknowledged was stored twice either.
    assert.equal(new Set(rows.map((c) => c.text)).size, rows.length);
  } finally {
    const { log } = await t2.stop();
    assertNoSanitizerReport(log);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
