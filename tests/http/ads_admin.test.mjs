// Sliders and ads in the newsroom: every role against every
// slider and ad action, CSRF refusal, and what the newsroom writes shown
// on the public pages on the next request (header, sidebar, front block).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertNoSanitizerReport } from '../lib/nutgraf.mjs';
import { Client, ROLES, addUser } from '../lib/newsroom.mjs';

let s;
const clients = {};
const ALLOWED = new Set(['administrator', 'editor']);

before(async () => {
  s = await startServer();
  for (const role of ROLES) addUser(s, `u-${role}`, role);
  for (const role of ROLES) {
    clients[role] = new Client(s);
    const r = await clients[role].login(`u-${role}`);
    assert.equal(r.status, 303, `login as ${role}`);
  }
});

after(async () => {
  const { code, log } = await s.stop();
  assertNoSanitizerReport(log);
  assert.equal(code, 0);
});

const idOf = (res, re) => {
  const m = re.exec(res.headers.location || '');
  assert.ok(m, `location ${res.headers.location}`);
  return m[1];
};

// A slider with one slide, made by role; returns its id.
async function makeSlider(role, name) {
  const c = clients[role];
  let r = await c.postForm('/admin/sliders/', { name });
  assert.equal(r.status, 303, `${role} creates slider`);
  const id = idOf(r, /\/admin\/sliders\/(\d+)\//);
  r = await c.postForm(`/admin/sliders/${id}/`, {
    action: 'add_slide', image_url: '/media/a.jpg', alt: 'Alt A', caption: 'Caption A', link_url: '/about/',
  });
  assert.equal(r.status, 303);
  return id;
}

const slideIds = async (c, id) => {
  const page = await c.get(`/admin/sliders/${id}/`);
  assert.equal(page.status, 200);
  return [...page.body.matchAll(/\/slides\/(\d+)\//g)].map((m) => m[1]);
};

test('every role against every slider action', async () => {
  const own = await makeSlider('administrator', 'Fixture');
  await clients.administrator.postForm(`/admin/sliders/${own}/`, {
    action: 'add_slide', image_url: '/media/b.jpg', alt: 'Alt B', caption: 'Caption B',
  });
  const [s1, s2] = await slideIds(clients.administrator, own);
  for (const role of ROLES) {
    const c = clients[role];
    const ok = ALLOWED.has(role);
    const want = ok ? 303 : 403;
    let r = await c.get('/admin/sliders/');
    assert.equal(r.status, ok ? 200 : 403, `${role} list`);
    if (ok) assert.equal(r.headers['cache-control'], 'no-store');
    r = await c.get(`/admin/sliders/${own}/`);
    assert.equal(r.status, ok ? 200 : 403, `${role} view`);
    r = await c.postForm('/admin/sliders/', { name: `By ${role}` });
    assert.equal(r.status, want, `${role} create`);
    r = await c.postForm(`/admin/sliders/${own}/`, { action: 'rename', name: `Renamed by ${role}` });
    assert.equal(r.status, want, `${role} rename`);
    r = await c.postForm(`/admin/sliders/${own}/`, { action: 'add_slide', image_url: '/media/c.jpg', alt: 'c' });
    assert.equal(r.status, want, `${role} add slide`);
    r = await c.postForm(`/admin/sliders/${own}/slides/${s1}/`, {
      action: 'update', image_url: '/media/a2.jpg', alt: `Alt ${role}`, caption: 'Edited',
    });
    assert.equal(r.status, want, `${role} edit slide`);
    r = await c.postForm(`/admin/sliders/${own}/slides/${s1}/`, { action: 'down' });
    assert.equal(r.status, want, `${role} reorder`);
    r = await c.postForm(`/admin/sliders/${own}/slides/${s1}/`, { action: 'up' });
    assert.equal(r.status, want, `${role} reorder back`);
    const tmp = ok ? await makeSlider(role, `Tmp ${role}`) : own;
    r = await c.postForm(`/admin/sliders/${tmp}/`, { action: 'delete' });
    assert.equal(r.status, want, `${role} delete slider`);
  }
  // Refused roles changed nothing; allowed ones did.
  const page = (await clients.administrator.get(`/admin/sliders/${own}/`)).body;
  assert.match(page, /Renamed by editor/);
  assert.doesNotMatch(page, /Renamed by (author|contributor)/);
  assert.match(page, /Alt editor/);
  // Reorder: down then up left s1 first; a lone "down" moves it.
  await clients.editor.postForm(`/admin/sliders/${own}/slides/${s1}/`, { action: 'down' });
  const order = await slideIds(clients.editor, own);
  assert.deepEqual(order.slice(0, 2), [s2, s1]);
  // Delete a slide.
  let r = await clients.editor.postForm(`/admin/sliders/${own}/slides/${s2}/`, { action: 'delete' });
  assert.equal(r.status, 303);
  assert.ok(!(await slideIds(clients.editor, own)).includes(s2));
  // Bad input refused: not a site path, unknown action, unknown slide.
  r = await clients.editor.postForm(`/admin/sliders/${own}/`, { action: 'add_slide', image_url: 'javascript:x' });
  assert.equal(r.status, 422);
  r = await clients.editor.postForm(`/admin/sliders/${own}/`, { action: 'nope' });
  assert.equal(r.status, 400);
  r = await clients.editor.postForm(`/admin/sliders/${own}/slides/999999/`, { action: 'delete' });
  assert.equal(r.status, 404);
});

test('slider and ad writes need the CSRF token', async () => {
  const c = clients.administrator;
  const forms = [
    ['/admin/sliders/', { name: 'No token' }],
    ['/admin/ads/', { action: 'add_slot', name: 'nocsrf', placement: 'header', width: '10', height: '10' }],
  ];
  for (const [path, form] of forms) {
    let r = await c.post(path, form);
    assert.equal(r.status, 403, `${path} without token`);
    r = await c.post(path, { ...form, csrf: 'b'.repeat(64) });
    assert.equal(r.status, 403, `${path} with a wrong token`);
  }
  const list = await c.get('/admin/sliders/');
  assert.doesNotMatch(list.body, /No token/);
  assert.doesNotMatch((await c.get('/admin/ads/')).body, /nocsrf/);
});

test('every role against every ad action', async () => {
  const admin = clients.administrator;
  let r = await admin.postForm('/admin/ads/', { action: 'add_slot', name: 'fixture', placement: 'inline', width: '300', height: '250' });
  assert.equal(r.status, 303);
  let page = (await admin.get('/admin/ads/')).body;
  const slot = /<option value="(\d+)"[^>]*>fixture</.exec(page)[1];
  const adForm = (name) => ({
    action: 'add_ad', slot_id: slot, name, kind: 'image', image_url: '/house-ad.svg',
    link_url: 'https://example.com/', alt: `Alt ${name}`, weight: '5', section_id: '0', active: '1',
  });
  r = await admin.postForm('/admin/ads/', adForm('fixture-ad'));
  assert.equal(r.status, 303);
  page = (await admin.get('/admin/ads/')).body;
  const ad = /href="\/admin\/ads\/(\d+)\/">fixture-ad</.exec(page)[1];
  for (const role of ROLES) {
    const c = clients[role];
    const ok = ALLOWED.has(role);
    const want = ok ? 303 : 403;
    r = await c.get('/admin/ads/');
    assert.equal(r.status, ok ? 200 : 403, `${role} list`);
    r = await c.get(`/admin/ads/${ad}/`);
    assert.equal(r.status, ok ? 200 : 403, `${role} view ad`);
    r = await c.postForm('/admin/ads/', { action: 'add_slot', name: `slot-${role}`, placement: 'sidebar', width: '10', height: '10' });
    assert.equal(r.status, want, `${role} add slot`);
    r = await c.postForm('/admin/ads/', adForm(`ad-${role}`));
    assert.equal(r.status, want, `${role} add ad`);
    r = await c.postForm(`/admin/ads/slots/${slot}/`, {
      action: 'update', name: 'fixture', placement: 'inline', position: '0', width: '300', height: role === 'editor' ? '600' : '251',
    });
    assert.equal(r.status, want, `${role} edit slot`);
    r = await c.postForm(`/admin/ads/${ad}/`, { ...adForm(`edited-${role}`), action: 'update', starts: '2020-01-01T00:00', ends: '2099-01-01T00:00' });
    assert.equal(r.status, want, `${role} edit ad`);
    const tmpPage = (await admin.get('/admin/ads/')).body;
    const tmpAd = ok ? /href="\/admin\/ads\/(\d+)\/">ad-/.exec(tmpPage)[1] : ad;
    r = await c.postForm(`/admin/ads/${tmpAd}/`, { action: 'delete' });
    assert.equal(r.status, want, `${role} delete ad`);
    const slotId = ok ? /action="\/admin\/ads\/slots\/(\d+)\/"[^]*?$/.exec(tmpPage)?.[1] : slot;
    if (ok) {
      const m = new RegExp(`<option value="(\\d+)"[^>]*>slot-${role}<`).exec(tmpPage);
      r = await c.postForm(`/admin/ads/slots/${m[1]}/`, { action: 'delete' });
    } else {
      r = await c.postForm(`/admin/ads/slots/${slotId}/`, { action: 'delete' });
    }
    assert.equal(r.status, want, `${role} delete slot`);
  }
  page = (await admin.get(`/admin/ads/${ad}/`)).body;
  assert.match(page, /edited-editor/);
  assert.match(page, /value="2020-01-01T00:00"/);
  page = (await admin.get('/admin/ads/')).body;
  assert.match(page, /fixture <span class="muted">inline, 300×600/);
  assert.doesNotMatch(page, /slot-(administrator|editor|author|contributor)/);
  // Bad input: image ad without alt, end before start, unknown kind.
  r = await admin.postForm('/admin/ads/', { ...adForm('x'), alt: '' });
  assert.equal(r.status, 422);
  r = await admin.postForm('/admin/ads/', { ...adForm('x'), starts: '2030-01-01T00:00', ends: '2029-01-01T00:00' });
  assert.equal(r.status, 422);
  r = await admin.postForm('/admin/ads/', { ...adForm('x'), kind: 'popup' });
  assert.equal(r.status, 422);
});

test('a new slider and ads show on the public pages at once', async () => {
  const ed = clients.editor;
  const before = await fetch(`${s.url}/`).then((x) => x.text());
  assert.doesNotMatch(before, /Header ad alt/);
  const sl = await makeSlider('editor', 'Public slider');
  await ed.postForm(`/admin/sliders/${sl}/`, { action: 'add_slide', image_url: '/media/p.jpg', alt: 'Public slide alt', caption: 'Public caption' });
  const slots = [
    ['top', 'header', '0'], ['side', 'sidebar', '0'], ['between', 'front', '1'],
  ];
  for (const [name, placement, position] of slots) {
    const r = await ed.postForm('/admin/ads/', { action: 'add_slot', name, placement, position, width: '728', height: '90' });
    assert.equal(r.status, 303, name);
  }
  const page = (await ed.get('/admin/ads/')).body;
  const slotId = (n) => new RegExp(`<option value="(\\d+)"[^>]*>${n}<`).exec(page)[1];
  const base = { action: 'add_ad', weight: '1', section_id: '0', active: '1' };
  let r = await ed.postForm('/admin/ads/', {
    ...base, slot_id: slotId('top'), name: 'h', kind: 'image', image_url: '/house-ad.svg', link_url: 'https://example.com/h', alt: 'Header ad alt',
  });
  assert.equal(r.status, 303);
  r = await ed.postForm('/admin/ads/', { ...base, slot_id: slotId('side'), name: 's', kind: 'slider', slider_id: sl });
  assert.equal(r.status, 303);
  r = await ed.postForm('/admin/ads/', {
    ...base, slot_id: slotId('between'), name: 'f', kind: 'image', image_url: '/house-ad.svg', link_url: 'https://example.com/f', alt: 'Front block ad alt',
  });
  assert.equal(r.status, 303);
  // An inactive ad never shows.
  r = await ed.postForm('/admin/ads/', {
    ...base, active: '0', slot_id: slotId('top'), name: 'off', kind: 'image', image_url: '/house-ad.svg', link_url: 'https://example.com/o', alt: 'Inactive ad alt',
  });
  assert.equal(r.status, 303);
  const front = await fetch(`${s.url}/`).then((x) => x.text());
  assert.match(front, /class="ads-header"[^]*Header ad alt/);
  assert.match(front, /class="ads-sidebar"[^]*Public slide alt/);
  assert.doesNotMatch(front, /Inactive ad alt/);
  assert.match(front, /<section class="block">[^]*?<\/section>\s*<aside class="ad-slot ad-slot-between"/);
  assert.match(front, /Front block ad alt/);
  assert.match(front, /<section class="block">/, 'the demo front page has blocks');
  // Ads on other HTML pages too, never in feeds or the text view.
  const feed = await fetch(`${s.url}/feed/`).then((x) => x.text());
  assert.doesNotMatch(feed, /Header ad alt|Public slide alt/);
  // Deleting the header slot removes its ad from the next page.
  r = await ed.postForm(`/admin/ads/slots/${slotId('top')}/`, { action: 'delete' });
  assert.equal(r.status, 303);
  const after2 = await fetch(`${s.url}/`).then((x) => x.text());
  assert.doesNotMatch(after2, /Header ad alt/);
});

test('an ad targeted at a section shows on that section only', async () => {
  const ed = clients.editor;
  const secs = (await ed.get('/admin/sections/')).body;
  const m = /action="\/admin\/sections\/(\d+)\/"[^]*?name="slug" value="([^"]+)"/.exec(secs);
  assert.ok(m, 'a demo section');
  let r = await ed.postForm('/admin/ads/', { action: 'add_slot', name: 'sectop', placement: 'header', width: '10', height: '10' });
  assert.equal(r.status, 303);
  const page = (await ed.get('/admin/ads/')).body;
  const slot = /<option value="(\d+)"[^>]*>sectop</.exec(page)[1];
  r = await ed.postForm('/admin/ads/', {
    action: 'add_ad', slot_id: slot, name: 'sec', kind: 'image', image_url: '/house-ad.svg',
    link_url: 'https://example.com/s', alt: 'Section only alt', weight: '1', section_id: m[1], active: '1',
  });
  assert.equal(r.status, 303);
  const sec = await fetch(`${s.url}/category/${m[2]}/`);
  assert.equal(sec.status, 200);
  assert.match(await sec.text(), /Section only alt/);
  assert.doesNotMatch(await fetch(`${s.url}/`).then((x) => x.text()), /Section only alt/);
});
