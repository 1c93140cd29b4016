// admin.js -- small enhancements for the newsroom editor.
// The editor works without it; with it, the body gets a live preview
// and the draft is autosaved (to the server, and to this browser so a
// closed tab or an ended session loses nothing).
'use strict';
(function () {
  const form = document.querySelector('form.editor');
  if (!form) return;
  const csrf = form.querySelector('input[name="csrf"]').value;
  const article = form.getAttribute('data-article') || '0';
  const body = form.querySelector('#body');
  const title = form.querySelector('#title');
  const dek = form.querySelector('#dek');
  const status = document.getElementById('autosave-status');
  const previewBox = form.querySelector('section.preview');
  const preview = document.getElementById('preview');
  const key = 'nutgraf-autosave-' + article;
  let dirty = false;
  let timer = null;
  let previewTimer = null;

  function post(url, fields) {
    const data = new URLSearchParams(fields);
    data.set('csrf', csrf);
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf },
      body: data,
    });
  }

  function fields() {
    return { article: article, title: title.value, dek: dek.value, body: body.value };
  }

  async function autosave() {
    timer = null;
    if (!dirty) return;
    dirty = false;
    const f = fields();
    try { localStorage.setItem(key, JSON.stringify({ t: Date.now(), f: f })); } catch (e) { /* full or disabled */ }
    try {
      const res = await post('/admin/autosave', f);
      status.textContent = res.ok ? 'Autosaved ' + (await res.text()) : 'Autosave failed (' + res.status + '); kept in this browser';
    } catch (e) {
      status.textContent = 'Offline: draft kept in this browser';
    }
  }

  // The preview is the reader's page for the body, shown in a frame:
  // a hidden form posts the body there (the editor's form cannot hold
  // another), and the frame grows to the height of what it shows.
  let previewForm = null;
  function render() {
    previewTimer = null;
    try {
      if (!previewForm) {
        previewForm = document.createElement('form');
        previewForm.method = 'post';
        previewForm.action = '/admin/preview';
        previewForm.target = 'preview-frame';
        previewForm.hidden = true;
        for (const name of ['csrf', 'body']) {
          const i = document.createElement('textarea');
          i.name = name;
          previewForm.appendChild(i);
        }
        document.body.appendChild(previewForm);
        preview.addEventListener('load', () => {
          const doc = preview.contentDocument;
          if (!doc || !doc.body || !doc.body.firstChild) return;
          previewBox.hidden = false;
          preview.style.height = doc.documentElement.scrollHeight + 'px';
        });
      }
      previewForm.elements.csrf.value = csrf;
      previewForm.elements.body.value = body.value;
      previewForm.submit();
    } catch (e) { /* the preview is a convenience */ }
  }

  function changed() {
    dirty = true;
    if (!timer) timer = setTimeout(autosave, 3000);
  }

  [title, dek, body].forEach((el) => el.addEventListener('input', changed));
  body.addEventListener('input', () => {
    if (previewTimer) clearTimeout(previewTimer);
    previewTimer = setTimeout(render, 400);
  });
  form.addEventListener('submit', () => {
    try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
  });
  window.addEventListener('beforeunload', () => { if (dirty) autosave(); });
  render();

  // A copy kept in this browser that differs from the form is offered back.
  try {
    const saved = JSON.parse(localStorage.getItem(key) || 'null');
    if (saved && saved.f && saved.f.body !== body.value) {
      const p = document.createElement('p');
      p.className = 'note';
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'Restore the copy kept in this browser';
      b.addEventListener('click', () => {
        title.value = saved.f.title; dek.value = saved.f.dek; body.value = saved.f.body;
        p.remove(); changed(); render();
      });
      p.append('This browser kept an unsaved draft from ' + new Date(saved.t).toLocaleString() + '. ', b);
      form.before(p);
    }
  } catch (e) { /* ignore */ }
})();

// The media picker.  Each image's Markdown is a read-only textarea, to
// copy by hand without script; with it, the editor's list gets an
// Insert button that puts the Markdown at the body's cursor (on lines
// of its own, so a [caption] is a figure), and the library a Copy one.
(function () {
  const snippets = document.querySelectorAll('textarea.media-snippet');
  const body = document.querySelector('form.editor #body');

  function insert(text) {
    const v = body.value;
    const start = body.selectionStart;
    const end = body.selectionEnd;
    const before = v.slice(0, start);
    const after = v.slice(end);
    let lead = '';
    let trail = '';
    if (before !== '' && !before.endsWith('\n\n')) lead = before.endsWith('\n') ? '\n' : '\n\n';
    if (after !== '' && !after.startsWith('\n\n')) trail = after.startsWith('\n') ? '\n' : '\n\n';
    const ins = lead + text + trail;
    body.value = before + ins + after;
    const at = start + lead.length + text.length;
    body.focus();
    body.setSelectionRange(at, at);
    body.dispatchEvent(new Event('input', { bubbles: true }));
  }

  snippets.forEach((t) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'media-snippet-button';
    const label = document.querySelector('label[for="' + t.id + '"]');
    const name = label ? label.textContent.trim() : 'image';
    if (body && t.dataset.insert === 'body') {
      b.textContent = 'Insert';
      b.setAttribute('aria-label', 'Insert ' + name + ' at the cursor');
      b.addEventListener('click', () => insert(t.value));
    } else {
      b.textContent = 'Copy';
      b.setAttribute('aria-label', 'Copy ' + name);
      b.addEventListener('click', async () => {
        t.select();
        try {
          await navigator.clipboard.writeText(t.value);
          b.textContent = 'Copied';
        } catch (e) { /* selected: the reader copies it */ }
      });
    }
    t.after(b);
  });
})();
