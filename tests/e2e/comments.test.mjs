// A reader comments in real Chromium with JavaScript off: fills the
// "Leave a Reply" form, submits, lands on the article and sees that the
// comment awaits moderation; a moderator approves it (the CLI); the
// reader sees it, follows its Reply link (which fills comment_parent),
// replies, and lands on the published reply, nested under the comment.
// Screenshots at phone and desktop width go to build/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SHOTS, closeBrowserAndServer, launchBrowser } from '../lib/browser.mjs';
import { startServer, run } from '../lib/nutgraf.mjs';

const SEED = '/2024/04/us-to-negotiate-troop-withdrawal-from-niger-amid-military-leadership-talks/';
let s;
let browser;

function cli(args) {
  const r = run(['comments', '--data', s.dataDir, ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

before(async () => {
  s = await startServer();
  // Two posts from one address within 15 s: lift the flood limit.
  cli(['settings', 'comment_flood_seconds=0']);
  browser = await launchBrowser();
});

after(() => closeBrowserAndServer(browser, s));

const viewports = [
  { name: 'phone', width: 360, height: 780 },
  { name: 'desktop', width: 1440, height: 900 },
];

for (const vp of viewports) {
  test(`${vp.name}: comment, moderation notice, approval, reply`, async () => {
    const context = await browser.newContext({
      viewport: { width: vp.width, height: vp.height },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });

    await page.goto(s.url + SEED);
    const form = page.locator('form#commentform');
    assert.ok(await page.getByRole('heading', { name: 'Leave a Reply' }).isVisible());
    assert.ok(await page.getByText('Your email address will not be published.').isVisible());
    // The honeypot is not something a person sees.
    assert.equal(await page.locator('#comment_hp').isVisible(), false);

    const text = `A reader's view from ${vp.name}: the talks matter more than the date.`;
    const email = `reader.${vp.name}@example.com`;
    await page.locator('#comment').fill(text);
    await page.locator('#author').fill(`Reader ${vp.name}`);
    await page.locator('#email').fill(email);
    await page.locator('#url').fill('https://example.com/me');
    await Promise.all([page.waitForURL(/\?comment=held&unapproved=\d+&moderation-hash=[0-9a-f]{32}#comment-notice$/),
      form.getByRole('button', { name: 'Post Comment' }).click()]);

    const notice = page.locator('#comment-notice');
    assert.ok(await notice.isVisible());
    assert.match(await notice.innerText(), /awaiting moderation/);
    // Its author sees the held comment, marked, where it will appear...
    const heldId = /[?&]unapproved=(\d+)/.exec(page.url())[1];
    const held = page.locator(`#comment-${heldId}`);
    assert.ok(await held.isVisible());
    assert.ok((await held.innerText()).includes(text));
    assert.match(await held.locator('.comment-awaiting-moderation').innerText(), /Your comment is awaiting moderation/);
    // ...and nobody else does.
    const other = await browser.newContext({ javaScriptEnabled: false });
    const op = await other.newPage();
    await op.goto(s.url + SEED);
    assert.ok(!(await op.locator('body').innerText()).includes(text), 'not shown to others before approval');
    await other.close();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `overflows by ${overflow}px`);
    await page.screenshot({ path: path.join(SHOTS, `comment-held-${vp.name}.png`), fullPage: true });

    // A moderator approves it; the next view shows it.
    const row = cli(['list', '--status', 'pending']).split('\n').find((l) => l.includes(email));
    const id = row.split('\t')[0];
    assert.match(cli(['approve', id]), /approved/);
    // The page is public and cacheable (max-age): a reload revalidates.
    await page.goto(s.url + SEED);
    await page.reload();
    const mine = page.locator(`#comment-${id}`);
    assert.ok(await mine.isVisible());
    assert.ok((await mine.innerText()).includes(text));
    const authorLink = mine.locator('.comment-author a');
    assert.equal(await authorLink.getAttribute('rel'), 'nofollow ugc noopener');

    // Reply: the link fills comment_parent, with no script involved.
    await Promise.all([page.waitForURL(new RegExp(`replytocom=${id}#respond$`)),
      mine.locator('> article .comment-reply-link').click()]);
    assert.equal(await page.locator('#comment_parent').inputValue(), id);
    assert.match(await page.locator('#reply-title').innerText(), new RegExp(`Leave a Reply to Reader ${vp.name}`));
    const reply = `Replying to myself from ${vp.name}, now that I am approved.`;
    await page.locator('#comment').fill(reply);
    await page.locator('#author').fill(`Reader ${vp.name}`);
    await page.locator('#email').fill(email);
    await Promise.all([page.waitForURL(/\?comment=published#comment-notice$/),
      form.getByRole('button', { name: 'Post Comment' }).click()]);
    // (The newest of the commenter's comments: the URL names the notice.)
    const replyId = String(Math.max(...cli(['list', '--status', 'approved']).split('\n')
      .filter((l) => l.includes(email)).map((l) => Number(l.split('\t')[0]))));
    assert.notEqual(replyId, id);
    assert.match(await page.locator('#comment-notice').innerText(), /has been published/);
    const nested = page.locator(`#comment-${id} > ol.children > #comment-${replyId}`);
    assert.ok(await nested.isVisible(), 'the reply is nested under the comment');
    assert.ok((await nested.innerText()).includes(reply));
    await page.screenshot({ path: path.join(SHOTS, `comment-reply-${vp.name}.png`), fullPage: true });

    // Email addresses are nowhere on the page.
    const html = await page.content();
    assert.ok(!html.includes(email));
    assert.deepEqual(errors, [], 'no console errors (CSP violations show up here)');
    await context.close();
  });
}

test('"save my name" fills the form in on the next comment, only when ticked', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(s.url + SEED);
  await page.locator('#comment').fill('Saving my details for next time, please.');
  await page.locator('#author').fill('Olu Saved');
  await page.locator('#email').fill('olu.saved@example.com');
  await page.getByLabel('Save my name, email, and website in this browser for the next time I comment.').check();
  await Promise.all([page.waitForURL(/unapproved=\d+/), page.getByRole('button', { name: 'Post Comment' }).click()]);
  const cookies = await context.cookies();
  const c = cookies.find((k) => k.name === 'ng_commenter');
  assert.ok(c && c.httpOnly && c.sameSite === 'Lax', 'the consent cookie');
  // On another article the shared page is empty; its link fills it in.
  await page.goto(s.url + '/2024/03/niger-breaks-off-military-deal-with-us/');
  assert.equal(await page.locator('#author').inputValue(), '');
  await Promise.all([page.waitForURL(/\/comment#respond$/), page.getByRole('link', { name: 'Fill in the details saved in this browser' }).click()]);
  assert.equal(await page.locator('#author').inputValue(), 'Olu Saved');
  assert.equal(await page.locator('#email').inputValue(), 'olu.saved@example.com');
  assert.ok(await page.locator('#wp-comment-cookies-consent').isChecked());
  await context.close();
});

test('a refused form keeps what the reader typed and points at the problem', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(s.url + SEED);
  // The browser's own checks would stop an empty field; a bad website
  // address of a shape browsers accept reaches the server.
  await page.locator('#comment').fill('Kept text <b>as typed</b>');
  await page.locator('#author').fill('Keeper');
  await page.locator('#email').fill('keeper@example.com');
  await page.locator('#url').fill('https://user@evil.example/');
  await page.getByRole('button', { name: 'Post Comment' }).click();
  await page.waitForLoadState();
  assert.ok(await page.getByRole('alert').isVisible());
  assert.equal(await page.locator('#comment').inputValue(), 'Kept text <b>as typed</b>');
  assert.equal(await page.locator('#author').inputValue(), 'Keeper');
  assert.match(await page.locator('#url-error').innerText(), /valid website address/);
  await context.close();
});
