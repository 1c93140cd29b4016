// Distributed password guessing: forty wrong passwords for one
// account from forty addresses are slowed by the account's own budget
// (each failure after the first five doubles the wait, whatever the
// address); the wait is shown; the real user gets in once it has passed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, addUser, PASSWORD } from '../lib/newsroom.mjs';

let s;

before(async () => {
  s = await startServer({ demo: false });
  addUser(s, 'guessed', 'editor');
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

test('40 wrong passwords from 40 addresses are slowed; the right one works after the wait', async () => {
  const counts = { 403: 0, 429: 0 };
  let last;
  for (let i = 0; i < 40; i++) {
    // Linux routes all of 127/8 to loopback: 40 different clients.
    const c = new Client(s, { from: `127.0.0.${10 + i}` });
    last = await c.login('guessed', `wrong-${i}`);
    assert.ok(last.status === 403 || last.status === 429, `attempt ${i}: ${last.status}`);
    counts[last.status]++;
  }
  // Five free failures, then one check per doubling wait: most of the
  // forty never reached the password check.
  assert.ok(counts[403] >= 5, JSON.stringify(counts));
  assert.ok(counts[403] <= 12, `too many guesses were checked: ${JSON.stringify(counts)}`);
  assert.ok(counts[429] >= 28, JSON.stringify(counts));
  // The wait is shown, in the page and in Retry-After.
  assert.equal(last.status, 429);
  const wait = Number(last.headers['retry-after']);
  assert.ok(wait >= 1 && wait <= 900, `Retry-After ${wait}`);
  assert.match(last.body, /Too many failed attempts\. Try again in \d+ seconds\./);
  // During the wait even the right password is refused, from a new
  // address: nothing is checked.
  const user = new Client(s, { from: '127.0.0.200' });
  let r = await user.login('guessed', PASSWORD);
  assert.equal(r.status, 429);
  // After the wait the real user gets in (poll up to the wait shown, plus
  // slack for a loaded machine; no fixed sleep decides the outcome).
  const deadline = Date.now() + (Number(r.headers['retry-after']) + 30) * 1000;
  do {
    await new Promise((res) => setTimeout(res, 250));
    r = await user.login('guessed', PASSWORD);
  } while (r.status === 429 && Date.now() < deadline);
  assert.equal(r.status, 303, r.body.slice(0, 300));
  // A success clears the budget: a typo right after costs no wait.
  const again = new Client(s, { from: '127.0.0.201' });
  assert.equal((await again.login('guessed', 'typo')).status, 403);
  assert.equal((await again.login('guessed', PASSWORD)).status, 303);
});
