// editor.js -- the editor's comforts, on top of a page that works
// without it: the word count and reading time and the search-result
// and card previews follow what is typed (the server renders the same
// on load, src/admin/comforts.c); a formatting toolbar for the body;
// Ctrl+S or Cmd+S saves; the scheduling field shows only when it
// applies.  Loaded on every newsroom page; does nothing where there is
// no editor.
'use strict';
(function () {
  const body = document.getElementById('body');
  const form = body ? body.form : null;
  if (!form) return;

  // --- words: the rules of src/content/wordcount.c, step for step ---
  const statsEl = document.getElementById('editor-stats');
  const names = new Set(((statsEl && statsEl.dataset.shortcodes) || '').split(' ').filter(Boolean));
  const wpm = Number((statsEl && statsEl.dataset.wpm) || 230);

  const space = (c) => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
  const alpha = (c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  const nameChar = (c) => alpha(c) || (c >= '0' && c <= '9') || c === '_' || c === '-';
  function letter(cp) {
    if (cp < 0x80) return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x30 && cp <= 0x39);
    return cp > 0xbf && !(cp >= 0x2000 && cp <= 0x206f) && !(cp >= 0x3000 && cp <= 0x303f);
  }
  function closeOnLine(s, i, c) {
    for (let j = i + 1; j < s.length && s[j] !== '\n'; j++) {
      if (s[j] === c) return j;
      if (c === ']' && s[j] === '[') return 0;
    }
    return 0;
  }
  function shortcodeTag(inner, linkFollows) {
    const m = inner.length;
    if (m === 0) return false;
    if (inner.includes('=')) return true;
    if (linkFollows) return false;
    if (inner[0] === '/' || inner[m - 1] === '/') return true;
    let k = 0;
    while (k < m && nameChar(inner[k])) k++;
    if (k === 0 || (k < m && !space(inner[k]))) return false;
    return names.has(inner.slice(0, k).toLowerCase());
  }
  function unreadEnd(s, i) {
    const n = s.length;
    let j; let k;
    if (space(s[i])) return i + 1;
    if (s[i] === '<' && i + 1 < n && (alpha(s[i + 1]) || s[i + 1] === '/' || s[i + 1] === '!')) {
      if (s.startsWith('<!--', i)) {
        j = s.indexOf('-->', i + 4);
        return j < 0 ? n : j + 3;
      }
      j = s.indexOf('>', i);
      return j < 0 ? n : j + 1;
    }
    if (s[i] === '!' && s[i + 1] === '[' && (j = closeOnLine(s, i + 1, ']')) !== 0 &&
        s[j + 1] === '(' && (k = closeOnLine(s, j + 1, ')')) !== 0) return k + 1;
    if (s[i] === '[' && (j = closeOnLine(s, i, ']')) !== 0 &&
        shortcodeTag(s.slice(i + 1, j), s[j + 1] === '(')) return j + 1;
    return 0;
  }
  function countWords(s) {
    const n = s.length;
    let i = 0; let words = 0; let start = 0; let inWord = false; let has = false;
    for (;;) {
      let end = i < n ? unreadEnd(s, i) : n + 1;
      if (end !== 0) {
        if (inWord && has && !s.startsWith('http://', start) && !s.startsWith('https://', start)) words++;
        inWord = has = false;
        if (i >= n) break;
        i = end;
        continue;
      }
      if (!inWord) { inWord = true; start = i; }
      if (s[i] === ']' && s[i + 1] === '(' && (end = closeOnLine(s, i + 1, ')')) !== 0) {
        i = end + 1;
        continue;
      }
      const cp = s.codePointAt(i);
      if (letter(cp)) has = true;
      i += cp > 0xffff ? 2 : 1;
    }
    return words;
  }
  function stats() {
    if (!statsEl) return;
    const w = countWords(body.value);
    document.getElementById('word-count').textContent = String(w);
    document.getElementById('word-unit').textContent = w === 1 ? 'word' : 'words';
    document.getElementById('reading-time').textContent = String(w === 0 ? 0 : Math.ceil(w / wpm));
  }

  // --- the search-result and card previews (the words of comforts.c) ---
  const snippet = document.getElementById('snippet');
  const field = (id) => document.getElementById(id);
  const chars = (s) => [...s].length;
  function warnings(list, items) {
    list.replaceChildren(...items.map((t) => {
      const li = document.createElement('li');
      li.textContent = t;
      return li;
    }));
  }
  function previews() {
    if (!snippet) return;
    const d = snippet.dataset;
    const seoTitle = field('seo_title'); const title = field('title');
    const seoDesc = field('seo_description'); const dek = field('dek');
    const t = (seoTitle && seoTitle.value) || (title ? title.value : '');
    const desc = (seoDesc && seoDesc.value) || (dek ? dek.value : '');
    const nt = chars(t); const nd = chars(desc);
    field('serp-title').textContent = t;
    field('card-title').textContent = t;
    field('serp-desc').textContent = desc;
    field('card-desc').textContent = desc;
    const cut = (what, n, how, max) => `The ${what} is ${n} characters: ${how} about ${max}.`;
    const serp = []; const card = [];
    if (nt > Number(d.serpTitleMax)) serp.push(cut('title', nt, 'search results show', d.serpTitleMax));
    if (nd === 0) {
      serp.push('No description: search engines will pick a passage of the article. ' +
        'Write an SEO description or a standfirst.');
    } else if (nd > Number(d.descMax)) serp.push(cut('description', nd, 'search results cut it at', d.descMax));
    if (nt > Number(d.cardTitleMax)) card.push(cut('title', nt, 'cards cut it at', d.cardTitleMax));
    if (!d.image) card.push('No featured image: the card will have no picture.');
    warnings(field('serp-warnings'), serp);
    warnings(field('card-warnings'), card);
  }

  body.addEventListener('input', stats);
  for (const id of ['title', 'seo_title', 'dek', 'seo_description']) {
    const el = field(id);
    if (el && el.form === form) el.addEventListener('input', previews);
  }
  stats();
  previews();

  // --- the toolbar ---
  // Through insertText, so the browser's undo takes the change back
  // and the other scripts hear an input event.
  function replace(start, end, text, selStart, selEnd) {
    body.focus();
    body.setSelectionRange(start, end);
    let done = false;
    try { done = document.execCommand('insertText', false, text); } catch (e) { done = false; }
    if (!done || body.value.slice(start, start + text.length) !== text) {
      body.setRangeText(text, start, end, 'end');
      body.dispatchEvent(new Event('input', { bubbles: true }));
    }
    body.setSelectionRange(start + selStart, start + selEnd);
  }
  function wrap(mark, placeholder) {
    const s = body.selectionStart; const e = body.selectionEnd;
    const sel = body.value.slice(s, e) || placeholder;
    replace(s, e, mark + sel + mark, mark.length, mark.length + sel.length);
  }
  function link() {
    const s = body.selectionStart; const e = body.selectionEnd;
    const sel = body.value.slice(s, e) || 'link text';
    const url = 'https://';
    replace(s, e, `[${sel}](${url})`, sel.length + 3, sel.length + 3 + url.length);
  }
  // Each line of the selection starts with prefix (or stops, when all do).
  function lines(prefix) {
    const v = body.value;
    const s = v.lastIndexOf('\n', body.selectionStart - 1) + 1;
    let e = v.indexOf('\n', Math.max(body.selectionEnd - (body.selectionEnd > body.selectionStart ? 1 : 0), s));
    if (e < 0) e = v.length;
    const ls = v.slice(s, e).split('\n');
    const all = ls.every((l) => l.startsWith(prefix));
    const out = ls.map((l) => (all ? l.slice(prefix.length) : (l.startsWith(prefix) ? l : prefix + l))).join('\n');
    replace(s, e, out, all ? 0 : prefix.length, out.length);
  }
  const actions = {
    bold: () => wrap('**', 'bold text'),
    italic: () => wrap('*', 'italic text'),
    link,
    heading: () => lines('## '),
    quote: () => lines('> '),
    list: () => lines('- '),
  };
  const bar = form.querySelector('.md-toolbar');
  if (bar) {
    bar.hidden = false;
    bar.addEventListener('click', (ev) => {
      const b = ev.target.closest('button[data-md]');
      if (b && actions[b.dataset.md]) actions[b.dataset.md]();
    });
  }
  body.addEventListener('keydown', (ev) => {
    if (!(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.shiftKey) return;
    const k = ev.key.toLowerCase();
    const a = k === 'b' ? 'bold' : k === 'i' ? 'italic' : k === 'k' ? 'link' : null;
    if (!a) return;
    ev.preventDefault();
    actions[a]();
  });

  // --- Ctrl+S / Cmd+S: the form's own save button, checks and all ---
  const hint = statsEl && statsEl.querySelector('.kbd-hint');
  if (hint) hint.hidden = false;
  document.addEventListener('keydown', (ev) => {
    if (!(ev.ctrlKey || ev.metaKey) || ev.altKey || ev.key.toLowerCase() !== 's') return;
    ev.preventDefault();
    const save = form.querySelector('button[name="action"][value="save"]');
    if (save) form.requestSubmit(save);
  });

  // --- scheduling: the time field only where it applies ---
  const sched = document.getElementById('schedule-field');
  const when = document.getElementById('publish_at');
  const how = document.getElementById('schedule-how');
  const scheduleButton = form.querySelector('button[name="action"][value="schedule"]');
  if (sched && when) {
    if (sched.dataset.status !== 'scheduled' && when.value === '') {
      sched.hidden = true;
      if (how) how.textContent = 'Used by Schedule.';
    }
    if (scheduleButton) {
      scheduleButton.addEventListener('click', (ev) => {
        if (!sched.hidden && when.value !== '') return;
        ev.preventDefault();
        sched.hidden = false;
        if (how) how.textContent = 'Choose the date and time, then press Schedule again.';
        when.focus();
      });
    }
  }
})();
