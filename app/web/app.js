// The Kring app's pages: plain JavaScript, no framework, nothing loaded from elsewhere. Every
// text comes from the message catalogue (/api/messages, the "web." messages); every value from
// the node is put in the page as text (textContent), never as markup.
'use strict';

// notice: what the next page says in its status line (set just before moving to it).
const state = { app: null, texts: { text: {}, one: {}, other: {} }, notice: null, route: 0 };

// A page still loading when the coach moves on must not draw over the page she went to:
// every reading made for an earlier route ends in this, which route() and act() pass over.
class Superseded extends Error {}

// ------------------------------------------------------------------ texts and elements

function t(id, params) {
  let text = state.texts.text[id];
  if (text === undefined && params && 'n' in params) {
    text = params.n === 1 ? state.texts.one[id] : state.texts.other[id];
  }
  if (text === undefined) return '[' + id + ']';
  return text.replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
}

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

let uid = 0;
function nextId(prefix) { uid += 1; return prefix + '-' + uid; }

// A labelled control: label, the control, and its hint (aria-describedby).
function field(labelText, control, hintText) {
  const id = control.id || nextId('f');
  control.id = id;
  const parts = [h('label', { for: id }, labelText)];
  if (hintText) {
    const hintId = id + '-hint';
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('p', { class: 'hint', id: hintId }, hintText));
  }
  parts.push(control);
  return h('div', { class: 'field' }, parts);
}

function say(message, kind) {
  const status = document.getElementById('status');
  status.className = 'status ' + (kind || '');
  status.textContent = message || '';
}

// ------------------------------------------------------------------ the API

async function api(path, body, options) {
  const init = { method: body === undefined ? 'GET' : 'POST', headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.headers['X-Kring-CSRF'] = state.app ? state.app.csrf : '';
    init.body = JSON.stringify(body);
  }
  if (options && options.background) init.headers['X-Kring-Background'] = '1';
  const route = state.route;
  const res = await fetch(path, init);
  let data = {};
  try { data = await res.json(); } catch (e) { data = {}; }
  if (res.status === 423) { await start(); throw new Error(data.message || ''); }
  // A reading (not a change: its outcome is still told) made for a page left meanwhile.
  if (body === undefined && route !== state.route) throw new Superseded();
  if (!res.ok) {
    const error = new Error(data.message || t('web.error.generic'));
    error.data = data;
    error.status = res.status;
    throw error;
  }
  return data;
}

function query(path, params) {
  const q = new URLSearchParams(params).toString();
  return api(q ? path + '?' + q : path);
}

// Runs an action of a page and says what went wrong in the page's status line.
async function act(fn) {
  try { await fn(); } catch (e) { if (!(e instanceof Superseded)) say(e.message, 'error'); }
}

// ------------------------------------------------------------------ the frame

const pages = [
  ['cases', 'web.nav.cases'], ['groups', 'web.nav.groups'], ['inbox', 'web.nav.inbox'],
  ['audit', 'web.nav.audit'], ['peers', 'web.nav.peers'], ['settings', 'web.nav.settings'],
];

function frame() {
  document.documentElement.lang = state.app.language;
  document.title = t('web.title');
  document.getElementById('skip-link').textContent = t('web.skip');
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('web.nav.label'));
  nav.replaceChildren();
  const lock = document.getElementById('lock');
  lock.textContent = t('web.lock');
  lock.hidden = !state.app.unlocked;
  if (!state.app.unlocked) return;
  const current = (location.hash.slice(2).split('/')[0]) || 'cases';
  const list = h('ul', {});
  for (const [page, id] of pages) {
    list.append(h('li', {}, h('a', { href: '#/' + page, 'aria-current': current === page ? 'page' : null }, t(id))));
  }
  nav.append(list);
}

function show(...content) {
  const main = document.getElementById('main');
  main.replaceChildren(...content.flat().filter((c) => c !== null && c !== undefined && c !== false));
  const heading = main.querySelector('h1');
  if (heading) document.title = heading.textContent + ' · Kring';
}

// ------------------------------------------------------------------ unlock

function unlockPage() {
  const pass = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card narrow', onsubmit: (e) => {
    e.preventDefault();
    act(async () => {
      say(t('web.unlock.busy'));
      state.app = await api('/api/unlock', { passphrase: pass.value });
      pass.value = '';
      say('');
      route();
    });
  } },
  h('h1', {}, t('web.unlock.title')),
  h('p', {}, t('web.unlock.intro', { home: state.app.home })),
  field(t('web.unlock.passphrase'), pass),
  h('button', { type: 'submit' }, t('web.unlock.button')));
  show(form);
  pass.focus();
}

// ------------------------------------------------------------------ the first run

// No node in this home yet: the coach chooses a name, a passphrase and a language (kring init).
function setupPage() {
  const alias = h('input', { type: 'text', autocomplete: 'nickname', required: true });
  const pass = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const again = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const language = h('select', {}, h('option', { value: 'nl' }, 'Nederlands'), h('option', { value: 'en' }, 'English'));
  language.value = state.app.language;
  language.addEventListener('change', () => act(async () => {
    // The page's own texts follow the choice at once, before anything is made.
    const res = await fetch('/api/messages?language=' + language.value, { credentials: 'same-origin' });
    if (res.ok) { state.texts = normalTexts(await res.json()); }
  }));
  const form = h('form', { class: 'card narrow', onsubmit: (e) => {
    e.preventDefault();
    act(async () => {
      if (pass.value !== again.value) { say(t('web.setup.mismatch'), 'error'); again.focus(); return; }
      say(t('web.setup.busy'));
      state.app = await api('/api/init', { alias: alias.value, passphrase: pass.value, language: language.value });
      pass.value = ''; again.value = '';
      await start();
      say('');
    });
  } },
  h('h1', {}, t('web.setup.title')),
  h('p', {}, t('web.setup.intro', { home: state.app.home })),
  field(t('web.setup.alias'), alias, t('web.setup.alias_hint')),
  field(t('web.setup.passphrase'), pass, t('web.setup.passphrase_hint')),
  field(t('web.setup.passphrase_again'), again),
  field(t('web.setup.language'), language),
  h('button', { type: 'submit' }, t('web.setup.button')));
  show(form);
  alias.focus();
}

// ------------------------------------------------------------------ cases

// "The last 100 of 340" and a button for 100 more, under a list that does not show everything.
const kListStep = 100;
function moreButton(shown, total, showMore) {
  if (total <= shown) return null;
  return h('p', {}, t('web.list.count', { shown, total }), ' ',
    h('button', { type: 'button', class: 'quiet', onclick: () => act(showMore) },
      t('web.list.more', { n: Math.min(kListStep, total - shown) })));
}

async function casesPage(limit = kListStep) {
  const data = await query('/api/cases', { limit });
  const rows = data.cases.map((c) => h('tr', {},
    h('td', {}, h('a', { href: '#/case/' + c.id }, c.title)),
    h('td', {}, c.sessionDate || '–'),
    h('td', {}, h('span', { class: 'badge ' + c.status }, c.statusText)),
    h('td', {}, c.updatedText)));
  show(h('h1', {}, t('web.cases.title')),
    h('p', {}, h('a', { class: 'button', href: '#/case/new' }, t('web.cases.new')), ' ',
      h('a', { href: '#/anonymise' }, t('web.text.link'))),
    rows.length === 0 ? h('p', {}, t('web.cases.none')) :
      h('table', {}, h('caption', { class: 'sr-only' }, t('web.cases.title')),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('web.cases.col.title')),
          h('th', { scope: 'col' }, t('web.cases.col.date')), h('th', { scope: 'col' }, t('web.cases.col.status')),
          h('th', { scope: 'col' }, t('web.cases.col.updated')))),
        h('tbody', {}, rows)),
    moreButton(data.cases.length, data.total || 0, () => showMoreOf(casesPage, limit, '#main tbody tr a')));
}

// Any text (a letter, notes) anonymised with this node's name lists; nothing is kept.
function anonymiseTextPage() {
  const text = h('textarea', { rows: 10, required: true });
  const result = h('textarea', { rows: 10, readonly: true });
  const out = h('div', { hidden: true }, field(t('web.text.result'), result, t('web.text.result_hint')));
  show(h('h1', {}, t('web.text.title')), h('p', { class: 'hint' }, t('web.text.intro')),
    h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
      const done = await api('/api/anonymise-text', { text: text.value });
      result.value = done.redacted;
      out.hidden = false;
      say(done.message, 'ok');
      result.focus();
    }); } }, field(t('web.text.text'), text), h('button', { type: 'submit' }, t('web.text.button'))), out);
}

// Shows a longer list and keeps the keyboard where it was: on the first link that is new.
async function showMoreOf(render, limit, links) {
  const before = document.querySelectorAll(links).length;
  await render(limit + kListStep);
  const after = document.querySelectorAll(links);
  if (after[before]) after[before].focus();
}

function caseTabs(id, active) {
  const tabs = [['', 'web.case.tab.write'], ['anonymise', 'web.case.tab.anonymise'],
    ['focus', 'web.case.tab.focus'], ['share', 'web.case.tab.share']];
  return h('nav', { class: 'tabs', 'aria-label': t('web.case.tabs') }, h('ul', {}, tabs.map(([sub, label]) =>
    h('li', {}, h('a', { href: '#/case/' + id + (sub ? '/' + sub : ''), 'aria-current': sub === active ? 'page' : null }, t(label))))));
}

async function casePage(id) {
  const view = await query('/api/case', { id: id === 'new' ? '' : id });
  const controls = {};
  let timer = null;
  const fields = () => Object.entries(controls).map(([key, el]) => ({ key, text: el.value }));
  const autosave = () => {
    clearTimeout(timer);
    timer = setTimeout(() => act(async () => {
      await api('/api/case/draft', { id: view.id, fields: fields() });
      say(t('web.case.draft_saved'));
    }), 1500);
  };
  const parts = view.fields.map((f) => {
    const control = f.multiline ? h('textarea', { rows: 4, oninput: autosave }) : h('input', { type: f.key === 'date' ? 'date' : 'text', oninput: autosave });
    control.value = f.text;
    controls[f.key] = control;
    return field(f.heading, control, f.hint);
  });
  const form = h('form', { class: 'case-form', onsubmit: (e) => {
    e.preventDefault();
    clearTimeout(timer);
    act(async () => {
      const saved = await api('/api/case/save', { id: view.id, fields: fields() });
      if (!view.id) { state.notice = t('web.case.saved'); location.hash = '#/case/' + saved.id + '/anonymise'; }
      else { await route(); say(t('web.case.saved'), 'ok'); }
    });
  } }, parts, h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('web.case.save')),
    view.id ? h('button', { type: 'button', class: 'quiet danger', onclick: () => act(async () => {
      if (!window.confirm(t('web.case.delete_confirm'))) return;
      await api('/api/case/delete', { id: view.id });
      state.notice = t('web.case.deleted');
      location.hash = '#/cases';
    }) }, t('web.case.delete')) : null));
  show(h('h1', {}, view.id ? t('web.case.edit_title') : t('web.case.new_title')),
    view.id ? caseTabs(view.id, '') : null,
    view.id ? h('p', {}, h('span', { class: 'badge ' + view.status }, view.statusText),
      view.stale ? ' ' + t('web.case.stale') : '') : h('p', {}, t('web.case.new_intro')),
    view.fromDraft ? h('p', { class: 'note' }, t('web.case.from_draft')) : null,
    form);
}

// A field's text with its findings marked, each with a keep/remove choice.
function markedText(text, findings, choices) {
  const out = [];
  let at = 0;
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const slice = (a, b) => dec.decode(bytes.slice(a, b));
  for (const f of findings) {
    if (f.begin < at) continue;
    out.push(slice(at, f.begin));
    const box = h('input', { type: 'checkbox', checked: !choices.keep.has(f.text) });
    box.addEventListener('change', () => {
      if (box.checked) { choices.keep.delete(f.text); choices.unkeep.add(f.text); }
      else { choices.keep.add(f.text); choices.unkeep.delete(f.text); }
    });
    const label = h('label', { class: 'finding-choice' }, box, ' ', t('web.anonymise.remove'));
    out.push(h('mark', { class: 'finding ' + f.type, title: f.typeName + ' — ' + f.why }, slice(f.begin, f.end),
      h('span', { class: 'finding-type' }, ' (' + f.typeName + ')'), ' ', label));
    at = f.end;
  }
  out.push(slice(at, bytes.length));
  return out;
}

async function anonymisePage(id) {
  const choices = { keep: new Set(), unkeep: new Set() };
  const render = async (save) => {
    const view = await api('/api/case/anonymise', { id, keep: [...choices.keep], unkeep: [...choices.unkeep], save });
    for (const f of view.fields) for (const x of f.findings) if (x.kept) choices.keep.add(x.text);
    const rows = view.fields.filter((f) => f.findings.length > 0 || f.original !== f.result).map((f) =>
      h('section', { class: 'side-by-side' }, h('h2', {}, f.heading),
        h('div', { class: 'original' }, h('h3', {}, t('web.anonymise.original')), h('p', {}, markedText(f.original, f.findings, choices))),
        h('div', { class: 'result' }, h('h3', {}, t('web.anonymise.result')), h('p', {}, f.result))));
    show(h('h1', {}, t('web.anonymise.title', { title: view.title })), caseTabs(id, 'anonymise'),
      h('p', {}, view.count === 0 ? t('web.anonymise.none') : t('web.anonymise.summary', { summary: view.summary })),
      view.stillFound.length ? h('p', { class: 'note error' }, t('web.anonymise.still_found', { n: view.stillFound.length })) : null,
      h('p', { class: 'hint' }, t('web.anonymise.how')),
      rows,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'quiet', onclick: () => act(() => render(false)) }, t('web.anonymise.preview')),
        h('button', { type: 'button', onclick: () => act(async () => { await render(true); say(t('web.anonymise.saved'), 'ok'); }) }, t('web.anonymise.save'))),
      view.saved && view.shareable ? h('p', {}, h('a', { href: '#/case/' + id + '/share' }, t('web.anonymise.next_share'))) : null);
  };
  await render(false);
}

function focusSentences(view) {
  let section = null;
  const out = [];
  for (const s of view.sentences) {
    if (s.sectionHeading && s.sectionHeading !== section) {
      section = s.sectionHeading;
      out.push(h('h3', {}, section));
    }
    const cues = s.cues.filter((c) => !c.against).map((c) => c.text).join(', ');
    const others = s.cues.filter((c) => c.against)
      .map((c) => t('web.focus.other', { cue: c.text, label: c.labelTitle }));
    let cueText = cues ? t('web.focus.cues', { cues })
      : (s.label === 'neutral' ? t('web.focus.no_cue') : t('web.focus.weak'));
    if (others.length) cueText += ' ' + others.join(' ');
    const tipId = nextId('cue');
    out.push(h('p', { class: 'sentence ' + s.label, tabindex: 0, 'aria-describedby': tipId },
      h('span', { class: 'label-tag' }, s.labelTitle), ' ', s.text,
      h('span', { class: 'cue', id: tipId, role: 'note' }, cueText)));
  }
  return out;
}

function focusBlock(view) {
  return h('div', { class: 'focus' },
    h('p', { class: 'legend' }, ['work', 'action', 'introspection', 'neutral'].map((l) =>
      h('span', { class: 'sentence-key ' + l }, t('web.focus.label.' + l) + ': ' + (view.counts[l] || 0)))),
    view.drift.length ? h('div', { class: 'note' }, h('h3', {}, t('web.focus.drift')), h('ul', {}, view.drift.map((d) => h('li', {}, d)))) : null,
    view.questions.length ? h('div', { class: 'note' }, h('h3', {}, t('web.focus.questions')), h('ul', {}, view.questions.map((q) => h('li', {}, q)))) : null,
    focusSentences(view));
}

async function focusPage(id) {
  const view = await query('/api/case/focus', { id });
  show(h('h1', {}, t('web.focus.title')), caseTabs(id, 'focus'), h('p', { class: 'hint' }, t('web.focus.intro')), focusBlock(view));
}

async function sharePage(id) {
  const [view, groups] = await Promise.all([query('/api/case', { id }), api('/api/groups')]);
  const select = h('select', {}, groups.groups.map((g) => h('option', { value: g.id }, g.name)));
  const reason = h('textarea', { rows: 2 });
  let confirmRetract = false;
  const findings = h('div', {});
  show(h('h1', {}, t('web.share.title')), caseTabs(id, 'share'),
    h('p', {}, h('span', { class: 'badge ' + view.status }, view.statusText)),
    view.sharedIn.length ? h('p', {}, t('web.share.shared_in', { groups: view.sharedIn.filter((g) => !g.retracted).map((g) => g.name).join(', ') || '–' })) : null,
    groups.groups.length === 0 ? h('p', {}, t('web.share.no_groups')) :
      h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
        const done = await api('/api/case/share', { id, groupId: select.value });
        say(done.message, 'ok');
      }); } }, h('h2', {}, t('web.share.share')), h('p', { class: 'hint' }, t('web.share.only_anonymised')),
      field(t('web.share.group'), select), h('button', { type: 'submit' }, t('web.share.button'))),
    h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
      const done = await api('/api/case/retract', { id, reason: reason.value, confirm: confirmRetract });
      findings.replaceChildren(gateFindings(done));
      if (done.done) say(done.message, 'ok');
      else { confirmRetract = true; say(done.message); }
    }); } }, h('h2', {}, t('web.share.retract')), field(t('web.share.reason'), reason, t('web.share.reason_hint')), findings,
    h('button', { type: 'submit', class: 'danger' }, t('web.share.retract_button'))));
}

// What the gate replaced in a free text, before it is shared.
function gateFindings(view) {
  if (!view.findings || view.findings.length === 0) return h('span', {});
  return h('div', { class: 'note' }, h('p', {}, t('web.gate.replaced')), view.findings.map((f) =>
    h('p', {}, h('strong', {}, f.heading + ': '), f.result)));
}

// ------------------------------------------------------------------ groups

async function groupsPage() {
  const data = await api('/api/groups');
  const name = h('input', { type: 'text', required: true });
  show(h('h1', {}, t('web.groups.title')),
    data.groups.length === 0 ? h('p', {}, t('web.groups.none')) :
      h('ul', { class: 'cards' }, data.groups.map((g) => h('li', { class: 'card' },
        h('h2', {}, h('a', { href: '#/group/' + g.id }, g.name)),
        h('p', {}, t('web.groups.summary', { role: g.roleText, members: g.members, cases: g.cases }))))),
    h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
      const done = await api('/api/group/create', { name: name.value });
      state.notice = done.message;
      location.hash = '#/group/' + done.id;
    }); } }, h('h2', {}, t('web.groups.create')), field(t('web.groups.name'), name, t('web.groups.name_hint')),
    h('button', { type: 'submit' }, t('web.groups.create_button'))),
    joinForm(),
    importForm(),
    h('section', { class: 'card' }, h('h2', {}, t('web.groups.id_line')),
      field(t('web.groups.id_line'), idLine(data.idLine), t('web.groups.id_line_hint'))));
}

function idLine(line) {
  const box = h('textarea', { rows: 3, readonly: true, class: 'code' });
  box.value = line;
  box.addEventListener('focus', () => box.select());
  return box;
}

// A newcomer pastes the invitation code a colleague sent (kring join CODE).
function joinForm() {
  const code = h('textarea', { rows: 3, required: true, class: 'code', spellcheck: 'false' });
  const out = h('div', { role: 'status' });
  return h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
    say(t('web.join.busy'));
    const joined = await api('/api/join', { code: code.value });
    code.value = '';
    if (joined.waiting) { say(joined.message, 'ok'); out.replaceChildren(h('p', {}, joined.message)); return; }
    state.notice = joined.message;
    location.hash = '#/group/' + joined.groupId;
  }); } }, h('h2', {}, t('web.join.title')), field(t('web.join.code'), code, t('web.join.code_hint')),
  h('button', { type: 'submit' }, t('web.join.button')), out);
}

// A group file a colleague made (kring export): for colleagues who cannot reach each other.
function importForm() {
  const file = h('input', { type: 'file', required: true, accept: '.bundle,application/octet-stream' });
  return h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
    if (!file.files.length) return;
    say(t('web.import.busy'));
    const res = await fetch('/api/import', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Kring-CSRF': state.app.csrf }, body: file.files[0] });
    let data = {};
    try { data = await res.json(); } catch (err) { data = {}; }
    if (!res.ok) throw new Error(data.message || t('web.error.generic'));
    file.value = '';
    state.notice = data.message;
    await route();
  }); } }, h('h2', {}, t('web.import.title')), h('p', { class: 'hint' }, t('web.import.hint')),
  field(t('web.import.file'), file), h('button', { type: 'submit' }, t('web.import.button')));
}

// Admins: the group's mailbox, an always-on computer every member's Kring syncs through.
function mailboxForm(groupId, current) {
  const code = h('textarea', { rows: 2, required: true, class: 'code', spellcheck: 'false' });
  return h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
    say(t('web.mailbox.busy'));
    const done = await api('/api/group/mailbox', { groupId, code: code.value });
    state.notice = done.message;
    await route();
  }); } }, h('h2', {}, t('web.mailbox.set_title')), h('p', { class: 'hint' }, t('web.mailbox.hint')),
  field(t('web.mailbox.code'), code, t('web.mailbox.code_hint')),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('web.mailbox.button')),
    current ? h('button', { type: 'button', class: 'quiet danger', onclick: () => act(async () => {
      const done = await api('/api/group/mailbox', { groupId, stop: true });
      state.notice = done.message;
      await route();
    }) }, t('web.mailbox.stop')) : null));
}

async function groupPage(id, limit = kListStep) {
  const g = await query('/api/group', { id, casesLimit: limit });
  show(h('h1', {}, g.name),
    h('h2', {}, t('web.group.cases')),
    g.cases.length === 0 ? h('p', {}, t('web.group.no_cases')) : h('ul', { class: 'more-list' }, g.cases.map((c) => h('li', {},
      h('a', { href: '#/group/' + id + '/case/' + c.id }, c.title), ' — ',
      t('web.group.case_line', { author: c.author, date: c.sharedText, n: c.reviews }),
      c.asksMe ? h('span', { class: 'badge overdue' }, t('web.group.asks_you')) : null))),
    moreButton(g.cases.length, g.casesTotal || 0, () => showMoreOf((n) => groupPage(id, n), limit, '#main ul.more-list > li a')),
    h('h2', {}, t('web.group.members')),
    h('p', { class: 'hint' }, t('web.group.compare')),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('web.group.col.name')),
      h('th', { scope: 'col' }, t('web.group.col.fingerprint')), h('th', { scope: 'col' }, t('web.group.col.role')),
      g.admin ? h('th', { scope: 'col' }, t('web.group.col.change')) : null)),
    h('tbody', {}, g.members.map((m) => h('tr', {}, h('td', {}, m.alias + (m.me ? ' ' + t('web.group.you') : '')),
      h('td', {}, h('code', {}, m.fingerprint)), h('td', {}, m.roleText),
      g.admin ? h('td', {}, m.me ? '' : removeButton(id, m)) : null)))),
    g.admin ? inviteForm(id, g.openInvitations || 0, g.invitations || []) : null,
    g.admin ? addMemberForm(id) : null,
    h('section', { class: 'card' }, h('h2', {}, t('web.mailbox.title')),
      h('p', {}, g.mailbox || t('web.mailbox.none'))),
    g.admin ? mailboxForm(id, g.mailbox) : null,
    h('section', { class: 'card' }, h('h2', {}, t('web.export.title')), h('p', { class: 'hint' }, t('web.export.hint')),
      h('a', { class: 'button', href: '/api/export?' + new URLSearchParams({ groupId: id }), download: 'kring-group.bundle' }, t('web.export.button'))),
    h('h2', {}, t('web.group.feed')),
    h('ul', { class: 'feed' }, g.feed.map((f) => h('li', {}, h('time', {}, f.atText), ' ', f.text))),
    (g.feedTotal || 0) > g.feed.length ? h('p', { class: 'hint' }, t('web.group.feed_more', { shown: g.feed.length, total: g.feedTotal })) : null);
}

// Removing asks once more in the same place: the member's name and what it means.
function removeButton(groupId, m) {
  const cell = h('div', { class: 'remove' });
  const ask = () => {
    const yes = h('button', { type: 'button', class: 'danger', onclick: () => act(async () => {
      const done = await api('/api/group/remove', { groupId, fingerprint: m.fingerprint });
      await route();
      say(done.message, 'ok');
    }) }, t('web.group.remove_confirm', { name: m.alias }));
    const no = h('button', { type: 'button', class: 'quiet', onclick: () => { cell.replaceChildren(first); first.focus(); } },
      t('web.group.remove_cancel', { name: m.alias }));
    cell.replaceChildren(h('p', {}, t('web.group.remove_sure', { name: m.alias })), h('div', { class: 'actions' }, yes, no));
    no.focus();
  };
  const first = h('button', { type: 'button', class: 'quiet danger', 'aria-label': t('web.group.remove_named', { name: m.alias }), onclick: ask },
    t('web.group.remove'));
  cell.append(first);
  return cell;
}

// An admin adds a colleague who sent the ID line their Kring shows (kring whoami --export).
function addMemberForm(groupId) {
  const line = h('textarea', { rows: 3, required: true, class: 'code', spellcheck: 'false' });
  const role = h('select', {}, h('option', { value: 'coach' }, t('web.invite.role.coach')),
    h('option', { value: 'supervisor' }, t('web.invite.role.supervisor')),
    h('option', { value: 'admin' }, t('web.group.role.admin')));
  return h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
    const done = await api('/api/group/add', { groupId, idLine: line.value, role: role.value });
    await route();
    say(done.message, 'ok');
  }); } }, h('h2', {}, t('web.group.add_title')), field(t('web.group.add_line'), line, t('web.group.add_line_hint')),
  field(t('web.group.add_role'), role), h('button', { type: 'submit' }, t('web.group.add_button')));
}

// An admin makes an invitation code to send to a colleague, who pastes it under Groups (or
// types `kring join CODE`); open codes can be cancelled.
function inviteForm(groupId, open, invitations) {
  const role = h('select', {}, h('option', { value: 'coach' }, t('web.invite.role.coach')),
    h('option', { value: 'supervisor' }, t('web.invite.role.supervisor')));
  const out = h('div', {});
  return h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
    const made = await api('/api/group/invite', { groupId, role: role.value });
    const code = h('textarea', { rows: 3, readonly: true, class: 'code' });
    code.value = made.code;
    out.replaceChildren(h('p', {}, made.message), field(t('web.invite.code'), code, t('web.invite.code_hint')));
    code.focus();
    code.select();
  }); } }, h('h2', {}, t('web.invite.title')), field(t('web.invite.role'), role),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('web.invite.button')),
    open > 0 ? h('button', { type: 'button', class: 'quiet danger', onclick: () => act(async () => {
      const done = await api('/api/group/invitations/cancel', { groupId });
      await route();
      say(done.message, 'ok');
    }) }, t('web.invite.cancel')) : null),
  open > 0 ? h('p', { class: 'hint' }, t('web.invite.open', { n: open })) : null, out,
  invitations.length ? h('details', {}, h('summary', {}, t('web.invite.made')),
    h('ul', {}, invitations.map((line) => h('li', {}, line)))) : null);
}

async function sharedCasePage(groupId, caseId) {
  const c = await query('/api/group/case', { groupId, id: caseId });
  const question = h('textarea', { rows: 2, required: true });
  const due = h('input', { type: 'date' });
  const findings = h('div', {});
  const ticks = (c.colleagues || []).map((m) => h('input', { type: 'checkbox', value: m.fingerprint, id: nextId('to') }));
  const recipients = ticks.length === 0 ? null : h('fieldset', { class: 'recipients' },
    h('legend', {}, t('web.ask.to')), h('p', { class: 'hint' }, t('web.ask.to_hint')),
    c.colleagues.map((m, i) => h('div', { class: 'check' }, ticks[i], h('label', { for: ticks[i].id }, m.alias + ' (' + m.roleText + ')'))));
  let confirmAsk = false;
  show(h('h1', {}, c.title), h('p', {}, t('web.shared.by', { author: c.author })),
    c.fields.map((f) => h('section', {}, h('h2', {}, f.heading), h('p', { class: 'case-text' }, f.text))),
    h('h2', {}, t('web.shared.reviews')),
    c.reviews.length === 0 ? h('p', {}, t('web.shared.no_reviews')) : c.reviews.map((r) => h('div', { class: 'card' },
      h('h3', {}, t('web.shared.review_by', { reviewer: r.reviewer, date: r.atText })),
      r.scores.length ? h('p', {}, t('web.shared.scores', { scores: r.scores.join(' · '), focused: r.focusedText })) : null,
      r.strengths ? h('p', {}, h('strong', {}, t('web.review.strengths') + ': '), r.strengths) : null,
      r.suggestion ? h('p', {}, h('strong', {}, t('web.review.suggestion') + ': '), r.suggestion) : null)),
    c.requests.length ? [h('h2', {}, t('web.shared.requests')), h('ul', {}, c.requests.map((q) =>
      h('li', {}, q.question, ' — ', q.askedBy, ' ', h('span', { class: 'badge ' + q.state }, q.stateText))))] : null,
    c.mine ? h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
      const to = ticks.filter((x) => x.checked).map((x) => x.value);
      const done = await api('/api/ask', { groupId, caseId, question: question.value, due: due.value, to, confirm: confirmAsk });
      findings.replaceChildren(gateFindings(done));
      if (done.done) { say(done.message, 'ok'); question.value = ''; confirmAsk = false; }
      else { confirmAsk = true; say(done.message); }
    }); } }, h('h2', {}, t('web.ask.title')), field(t('web.ask.question'), question, t('web.ask.question_hint')),
    field(t('web.ask.due'), due), recipients, findings, h('button', { type: 'submit' }, t('web.ask.button')))
      : h('p', {}, h('a', { class: 'button', href: '#/review/' + groupId + '/' + caseId }, t('web.shared.write_review'))),
    h('h2', {}, t('web.focus.title')), focusBlock(c.focus));
}

async function reviewPage(groupId, caseId, requestId) {
  const [c, form] = await Promise.all([query('/api/group/case', { groupId, id: caseId }), api('/api/review/form')]);
  const scores = form.principles.map(() => null);
  const findings = h('div', {});
  let confirmReview = false;
  const principles = form.principles.map((p, i) => {
    const name = nextId('score');
    return h('fieldset', { class: 'score' }, h('legend', {}, (i + 1) + '. ' + p.name),
      h('p', { class: 'hint' }, p.description),
      h('div', { class: 'scale' }, [1, 2, 3, 4, 5].map((v) => h('label', {},
        h('input', { type: 'radio', name, value: v, required: true, onchange: () => { scores[i] = v; } }), ' ' + v))));
  });
  const focusedName = nextId('focused');
  let focused = '';
  const strengths = h('textarea', { rows: 3, required: true });
  const suggestion = h('textarea', { rows: 2, required: true });
  const open = c.requests.filter((q) => q.state !== 'answered');
  show(h('h1', {}, t('web.review.title', { title: c.title })),
    open.length ? h('p', { class: 'note' }, t('web.review.answers', { question: open[open.length - 1].question })) : null,
    h('h2', {}, t('web.focus.title')), h('p', { class: 'hint' }, t('web.review.focus_first')), focusBlock(c.focus),
    h('details', {}, h('summary', {}, t('web.review.read_case')), c.fields.map((f) => h('section', {}, h('h3', {}, f.heading), h('p', { class: 'case-text' }, f.text)))),
    h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
      const done = await api('/api/review', { groupId, caseId, scores, focused, strengths: strengths.value,
        suggestion: suggestion.value, requestId: requestId || '', confirm: confirmReview });
      findings.replaceChildren(gateFindings(done));
      if (done.done) { state.notice = done.message; location.hash = '#/group/' + groupId + '/case/' + caseId; }
      else { confirmReview = true; say(done.message); }
    }); } },
    h('h2', {}, t('web.review.rubric')), principles,
    h('fieldset', {}, h('legend', {}, t('web.review.focused')), Object.entries(form.focusedOptions).map(([k, v]) =>
      h('label', { class: 'inline' }, h('input', { type: 'radio', name: focusedName, value: k, required: true, onchange: () => { focused = k; } }), ' ' + v))),
    field(t('web.review.strengths'), strengths, t('web.review.strengths_hint')),
    field(t('web.review.suggestion'), suggestion, t('web.review.suggestion_hint')),
    findings, h('button', { type: 'submit' }, t('web.review.button'))));
}

// ------------------------------------------------------------------ inbox, audit, peers

async function inboxPage(askedLimit = kListStep, reviewsLimit = kListStep) {
  const box = await query('/api/inbox', { askedLimit, reviewsLimit });
  show(h('h1', {}, t('web.inbox.title')),
    h('h2', {}, t('web.inbox.asked')),
    box.asked.length === 0 ? h('p', {}, t('web.inbox.nothing_asked')) : h('ul', { id: 'asked' }, box.asked.map((q) => h('li', {},
      h('span', { class: 'badge ' + q.state }, q.stateText), ' ',
      h('a', { href: '#/review/' + q.groupId + '/' + q.caseId + '/' + q.requestId }, q.title), ' — ',
      t('web.inbox.asked_line', { who: q.who, group: q.group, question: q.question }),
      q.due ? ' ' + t('web.inbox.due', { due: q.due }) : ''))),
    moreButton(box.asked.length, box.askedTotal || 0,
      () => showMoreOf((n) => inboxPage(n, reviewsLimit), askedLimit, '#asked > li a')),
    h('h2', {}, t('web.inbox.reviews')),
    box.reviews.length === 0 ? h('p', {}, t('web.inbox.no_reviews')) : h('ul', { id: 'reviews' }, box.reviews.map((r) => h('li', {},
      h('a', { href: '#/group/' + r.groupId + '/case/' + r.caseId }, r.title), ' — ',
      t('web.inbox.review_line', { who: r.who, group: r.group })))),
    moreButton(box.reviews.length, box.reviewsTotal || 0,
      () => showMoreOf((n) => inboxPage(askedLimit, n), reviewsLimit, '#reviews > li a')));
}

async function auditPage() {
  const groups = (await api('/api/groups')).groups.filter((g) => g.role === 'admin' || g.role === 'supervisor');
  if (groups.length === 0) { show(h('h1', {}, t('web.audit.title')), h('p', {}, t('web.audit.none'))); return; }
  const select = h('select', {}, groups.map((g) => h('option', { value: g.id }, g.name)));
  const from = h('input', { type: 'date' });
  const to = h('input', { type: 'date' });
  const coach = h('input', { type: 'text' });
  const report = h('div', {});
  const params = () => ({ groupId: select.value, from: from.value, to: to.value, coach: coach.value });
  show(h('h1', {}, t('web.audit.title')),
    h('form', { class: 'card filters', onsubmit: (e) => { e.preventDefault(); act(async () => {
      // Checked first, so that a wrong choice gets words, not an empty frame.
      await fetch('/api/audit?' + new URLSearchParams({ ...params(), check: '1' })).then(async (res) => {
        if (!res.ok) throw new Error((await res.json()).message);
      });
      const q = new URLSearchParams(params()).toString();
      report.replaceChildren(
        h('iframe', { src: '/api/audit?' + q, title: t('web.audit.report'), class: 'report', sandbox: '' }),
        h('p', {}, t('web.audit.download'), ' ', ['html', 'markdown', 'csv', 'json', 'table'].map((f) =>
          [h('a', { href: '/api/audit?' + q + '&format=' + f + '&download=1', download: '' }, t('web.audit.format.' + f)), ' '])));
    }); } },
    field(t('web.audit.group'), select), field(t('web.audit.from'), from), field(t('web.audit.to'), to),
    field(t('web.audit.coach'), coach, t('web.audit.coach_hint')),
    h('button', { type: 'submit' }, t('web.audit.button'))), report);
}

async function peersPage() {
  const address = h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false', placeholder: '192.168.1.20:7420' });
  const key = h('input', { type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const render = (p) => {
    show(h('h1', {}, t('web.peers.title')),
      h('p', {}, t('web.peers.last_round', { when: p.lastRoundText }), p.running ? ' ' + t('web.peers.running') : ''),
      h('button', { type: 'button', onclick: () => act(async () => { render(await api('/api/sync', {})); say(t('web.peers.sync_started')); }) }, t('web.peers.sync_now')),
      p.peers.length === 0 ? h('p', {}, t('web.peers.none')) :
        h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('web.peers.col.who')),
          h('th', { scope: 'col' }, t('web.peers.col.when')), h('th', { scope: 'col' }, t('web.peers.col.result')))),
        h('tbody', {}, p.peers.map((x) => h('tr', {},
          h('td', {}, (x.who || x.address) + (x.mailbox ? ' ' + t('web.peers.mailbox') : '')),
          h('td', {}, x.atText),
          h('td', { class: x.ok ? '' : 'error' }, x.ok ? (x.moved.join('; ') || t('web.peers.nothing_moved')) : x.error))))),
      h('h2', {}, t('web.peers.known')),
      h('p', {}, h('button', { type: 'button', class: 'quiet', onclick: () => act(async () => {
        say(t('web.peers.discover_busy'));
        const v = await api('/api/peer/discover', {});
        render(v); say(v.message, 'ok');
      }) }, t('web.peers.discover')), ' ', h('span', { class: 'hint' }, t('web.peers.discover_hint'))),
      p.known.length === 0 ? h('p', {}, t('web.peers.known_none')) :
        h('table', { id: 'known-peers' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('web.peers.col.address')),
          h('th', { scope: 'col' }, t('web.peers.col.who')), h('th', { scope: 'col' }, t('web.peers.col.key')),
          h('th', { scope: 'col' }, t('web.peers.col.last')), h('th', { scope: 'col' }, t('web.peers.col.change')))),
        h('tbody', {}, p.known.map((x) => h('tr', {},
          h('td', {}, h('code', {}, x.address), x.group ? ' (' + x.group + ')' : ''),
          h('td', {}, x.who || t('web.peers.not_known')),
          h('td', {}, x.key ? h('code', {}, x.key) : t('web.peers.any_key')),
          h('td', { class: x.error ? 'error' : '' }, x.lastText, x.error ? ' — ' + x.error : ''),
          h('td', {}, h('button', { type: 'button', class: 'quiet danger', 'aria-label': t('web.peers.remove_label', { address: x.address }),
            onclick: () => act(async () => { const v = await api('/api/peer/remove', { id: x.id }); render(v); say(v.message, 'ok'); }) },
          t('web.peers.remove'))))))),
      h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
        const v = await api('/api/peer/add', { address: address.value, key: key.value });
        address.value = ''; key.value = '';
        render(v); say(v.message, 'ok');
      }); } },
        h('h2', {}, t('web.peers.add_title')), h('p', { class: 'hint' }, t('web.peers.add_hint')),
        field(t('web.peers.address'), address, t('web.peers.address_hint')),
        field(t('web.peers.key'), key, t('web.peers.key_hint')),
        h('button', { type: 'submit' }, t('web.peers.add_button'))),
      h('h2', {}, t('web.peers.reach')), h('pre', {}, p.howToReach));
  };
  render(await api('/api/peers'));
}

// ------------------------------------------------------------------ settings

async function settingsPage() {
  const lists = await api('/api/names');
  const language = h('select', {}, h('option', { value: 'nl' }, 'Nederlands'), h('option', { value: 'en' }, 'English'));
  language.value = state.app.language;
  const alias = h('input', { type: 'text', value: state.app.alias });
  const minutes = h('input', { type: 'number', min: 1, max: 1440, value: state.app.lockMinutes });
  const name = h('input', { type: 'text' });
  const list = (items, label) => h('ul', { class: 'names' }, items.map((n) => h('li', {}, n, ' ',
    h('button', { type: 'button', class: 'quiet', 'aria-label': t('web.settings.drop_name', { name: n }), onclick: () => act(async () => {
      await api('/api/names', { drop: [n] }); route();
    }) }, t('web.settings.drop')))), items.length ? null : h('li', { class: 'hint' }, label));
  show(h('h1', {}, t('web.settings.title')),
    h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); act(async () => {
      await api('/api/settings', { language: language.value, alias: alias.value, lockMinutes: Number(minutes.value) });
      await start();
      say(t('web.settings.saved'), 'ok');
    }); } },
    field(t('web.settings.language'), language), field(t('web.settings.alias'), alias, t('web.settings.alias_hint')),
    field(t('web.settings.lock_minutes'), minutes, t('web.settings.lock_hint')),
    h('button', { type: 'submit' }, t('web.settings.save'))),
    h('section', { class: 'card' }, h('h2', {}, t('web.settings.names')), h('p', { class: 'hint' }, t('web.settings.names_hint')),
      h('h3', {}, t('web.settings.always_remove')), list(lists.alwaysRemove, t('web.settings.empty')),
      h('h3', {}, t('web.settings.always_keep')), list(lists.alwaysKeep, t('web.settings.empty')),
      field(t('web.settings.name'), name),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => act(async () => { await api('/api/names', { addRemove: [name.value] }); route(); }) }, t('web.settings.add_remove')),
        h('button', { type: 'button', class: 'quiet', onclick: () => act(async () => { await api('/api/names', { addKeep: [name.value] }); route(); }) }, t('web.settings.add_keep')))));
}

// ------------------------------------------------------------------ routing

async function route() {
  const mine = ++state.route;
  const main = document.getElementById('main');
  delete main.dataset.shown;
  frame();
  if (!state.app.hasNode) { setupPage(); return; }
  if (!state.app.unlocked) { unlockPage(); return; }
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [page, a, b, c] = parts;
  try {
    if (!page || page === 'cases') await casesPage();
    else if (page === 'anonymise') anonymiseTextPage();
    else if (page === 'case' && b === 'anonymise') await anonymisePage(a);
    else if (page === 'case' && b === 'focus') await focusPage(a);
    else if (page === 'case' && b === 'share') await sharePage(a);
    else if (page === 'case') await casePage(a);
    else if (page === 'groups') await groupsPage();
    else if (page === 'group' && b === 'case') await sharedCasePage(a, c);
    else if (page === 'group') await groupPage(a);
    else if (page === 'review') await reviewPage(a, b, c);
    else if (page === 'inbox') await inboxPage();
    else if (page === 'audit') await auditPage();
    else if (page === 'peers') await peersPage();
    else if (page === 'settings') await settingsPage();
    else show(h('h1', {}, t('web.not_found_title')));
  } catch (e) {
    if (e instanceof Superseded || mine !== state.route || !state.app.unlocked) return;
    show(h('h1', {}, t('web.error.title')), h('p', { class: 'error' }, e.message));
  }
  if (mine !== state.route) return;
  // Which address the page now shown belongs to (the browser tests wait on it).
  main.dataset.shown = location.hash || '#/';
  main.focus({ preventScroll: true });
}

function normalTexts(texts) {
  return { language: texts.language, text: texts.text || {}, one: texts.one || {}, other: texts.other || {} };
}

async function start() {
  state.app = await (await fetch('/api/state', { credentials: 'same-origin' })).json();
  state.texts = normalTexts(await (await fetch('/api/messages', { credentials: 'same-origin' })).json());
  await route();
}

document.getElementById('lock').addEventListener('click', () => act(async () => {
  state.app = await api('/api/lock', {});
  say(t('web.locked_now'));
  route();
}));
window.addEventListener('hashchange', () => {
  say(state.notice || '', state.notice ? 'ok' : '');
  state.notice = null;
  route();
});
start();
