/**
 * The dashboard page's only script, inlined and allowed by its SHA-256 hash in the page's
 * Content-Security-Policy (see page.ts). It follows the server-sent events of `/events`
 * (`state` on every (re)connection, then `upload`, `failures` and `metrics`), draws the upload
 * table, the failure list and the metric charts (inline SVG), and sends uploads (PUT) and
 * replays (POST) with the page's token.
 *
 * Rules it keeps, as the HTML report's script does (src/report/clientScript.ts), checked in
 * Chromium by test/dashboard/ under a policy that enforces Trusted Types (any string given to an
 * HTML sink throws): strings reach the page only through `append(string)` (Text nodes),
 * `textContent` and `setAttribute` of fixed, non-event attributes; links are the paths the
 * server built (`/files/...`); no `innerHTML`, `eval` or `Function`.
 *
 * Plain ES2020 in a string because the page needs its exact text for the hash and the project's
 * type-check has no DOM library; the browser tests are its type-check.
 */
export const CLIENT_SCRIPT = `(() => {
'use strict';
const BOOT = JSON.parse(document.getElementById('boot').textContent);
const NS = 'http://www.w3.org/2000/svg';
function make(create, tag, attrs, kids) {
  const e = create(tag);
  if (attrs) for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
  for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}
const h = (tag, attrs, ...kids) => make((t) => document.createElement(t), tag, attrs, kids);
const s = (tag, attrs, ...kids) => make((t) => document.createElementNS(NS, t), tag, attrs, kids);
const has = (x) => x !== undefined && x !== null;
const fmtCount = (n) => (has(n) ? n.toLocaleString('en-US') : '-');
function fmtBytes(n) {
  if (!has(n)) return '-';
  if (n < 1024) return n + ' B';
  if (n < 1048576) return (n / 1024).toFixed(1) + ' KB';
  if (n < 1073741824) return (n / 1048576).toFixed(1) + ' MB';
  return (n / 1073741824).toFixed(2) + ' GB';
}
const fmtMs = (n) => (!has(n) ? '-' : n < 1000 ? Math.round(n) + ' ms' : (n / 1000).toFixed(2) + ' s');
const fmtTime = (ms) => new Date(ms).toLocaleTimeString('en-GB', { hour12: false });

// Uploads: one row per file, newest upload first.
const rowsBody = document.getElementById('upload-rows');
const noUploads = document.getElementById('no-uploads');
const shown = new Map();
function statusLabel(r) {
  if (r.status === 'error') return 'error ' + (r.code || '');
  if (r.status === 'retrying') return 'retrying, ' + r.failedAttempts + ' failed';
  return r.status;
}
function rowElement(r) {
  const status = h('td', null, h('span', { class: 'st st-' + r.status }, statusLabel(r)));
  if (r.message) status.append(h('span', { class: 'msg' }, r.message));
  const links = h('td', { class: 'links' });
  for (const view of ['report', 'summary', 'logs']) {
    const href = r.links[view];
    if (!href) continue;
    if (links.childNodes.length > 0) links.append(' · ');
    links.append(h('a', { href: href, target: '_blank', rel: 'noopener', 'data-view': view }, view));
  }
  const tr = h('tr', { 'data-status': r.status },
    h('th', { scope: 'row' }, r.shown),
    h('td', { class: 'num' }, fmtBytes(r.sizeBytes)),
    status,
    h('td', { class: 'num' }, fmtCount(r.rows)),
    h('td', { class: 'num' }, fmtCount(r.columns)),
    h('td', { class: 'num' }, fmtCount(r.issues)),
    h('td', { class: 'num' }, fmtMs(r.uploadToItemMs)),
    links);
  tr.setAttribute('data-name', r.name);
  return tr;
}
function putRow(r) {
  const old = shown.get(r.name);
  if (old) old.tr.remove();
  const tr = rowElement(r);
  shown.set(r.name, { tr: tr, at: r.uploadedAt || 0 });
  let before = null;
  for (const el of rowsBody.children) {
    const other = shown.get(el.getAttribute('data-name'));
    if (other && other.at < (r.uploadedAt || 0)) { before = el; break; }
  }
  rowsBody.insertBefore(tr, before);
  noUploads.hidden = shown.size > 0;
}
function resetRows(list) {
  shown.clear();
  rowsBody.replaceChildren();
  for (const r of list) {
    const tr = rowElement(r);
    shown.set(r.name, { tr: tr, at: r.uploadedAt || 0 });
    rowsBody.append(tr);
  }
  noUploads.hidden = shown.size > 0;
}

// The on-failure queue, newest first, each with its replay button.
const failBody = document.getElementById('failure-rows');
const noFailures = document.getElementById('no-failures');
async function replay(id, button, note) {
  button.disabled = true;
  note.textContent = 'replaying…';
  try {
    const res = await fetch(BOOT.paths.failures + encodeURIComponent(id) + BOOT.paths.replay, {
      method: 'POST',
      headers: { [BOOT.tokenHeader]: BOOT.token },
    });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) note.textContent = (answer.error_code || res.status) + ': ' + (answer.message || '');
  } catch (error) {
    note.textContent = 'failed: ' + error.message;
  } finally {
    button.disabled = false;
  }
}
function renderFailures(list) {
  failBody.replaceChildren(...list.map((f) => {
    const button = h('button', { type: 'button', class: 'replay' }, f.replay ? 'Replay again' : 'Replay');
    const note = h('span', { class: 'note', role: 'status' },
      f.replay ? 'replayed at ' + fmtTime(Date.parse(f.replay.at)) + ', request ' + f.replay.requestId : '');
    button.addEventListener('click', () => replay(f.id, button, note));
    const tr = h('tr', null,
      h('td', { class: 'num' }, fmtTime(Date.parse(f.at))),
      h('th', { scope: 'row' }, f.files.join(', ') || '-'),
      h('td', null, h('span', { class: 'msg' }, f.error)),
      h('td', { class: 'num' }, String(f.attempts)),
      h('td', null, button, note));
    tr.setAttribute('data-id', f.id);
    return tr;
  }));
  noFailures.hidden = list.length > 0;
}

// The processor's metrics: one small bar chart per series.
const CHARTS = [
  ['invocations', 'Invocations', (b) => b.invocations, (m) => fmtCount(m.processor.invocations)],
  ['errors', 'Errors', (b) => b.errors, (m) => fmtCount(m.processor.errors)],
  ['duration', 'Duration', (b) => b.durationAvg, (m) => 'p50 ' + fmtMs(m.processor.durationP50) + ' · p95 ' + fmtMs(m.processor.durationP95)],
  ['throttles', 'Throttles', (b) => b.throttles, (m) => fmtCount(m.processor.throttles)],
];
const chartsBox = document.getElementById('charts');
const W = 270;
const H = 56;
function renderMetrics(m) {
  const span = Math.round((m.buckets.length * m.bucketMs) / 60000) + ' minutes';
  chartsBox.replaceChildren(...CHARTS.map(([id, title, value, total]) => {
    const values = m.buckets.map(value);
    const max = Math.max(...values, 0);
    const width = W / values.length;
    const svg = s('svg', {
      class: 'chart c-' + id, viewBox: '0 0 ' + W + ' ' + H, role: 'img',
      'aria-label': title + ' per ' + m.bucketMs / 1000 + ' s over the last ' + span + ', highest ' + fmtCount(max),
    }, s('line', { class: 'axis', x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5 }));
    values.forEach((v, i) => {
      if (!(v > 0)) return;
      const bar = Math.max(1, (v / max) * (H - 4));
      svg.append(s('rect', { x: (i * width).toFixed(2), y: (H - bar).toFixed(2), width: Math.max(1, width - 0.6).toFixed(2), height: bar.toFixed(2) },
        s('title', null, fmtTime(m.buckets[i].t) + ': ' + (id === 'duration' ? fmtMs(v) : fmtCount(v)))));
    });
    return h('figure', { class: 'chart-card', 'data-chart': id },
      h('figcaption', null, h('span', null, title), h('strong', { 'data-total': id }, total(m))),
      svg,
      h('div', { class: 'scale' }, (id === 'duration' ? 'average per bar, highest ' + fmtMs(max) : 'highest ' + fmtCount(max) + ' per bar')));
  }));
  document.getElementById('failure-handler').textContent =
    'failure handler: ' + fmtCount(m.failureHandler.invocations) + ' invocations, ' + fmtCount(m.failureHandler.errors) + ' errors';
}

// Uploads from the page: a file picker and drag and drop, one PUT per file.
const drop = document.getElementById('drop');
const picker = document.getElementById('file');
const sent = document.getElementById('sent');
async function send(file) {
  const state = h('span', { class: 'state' }, 'uploading…');
  const li = h('li', { 'data-state': 'uploading' }, file.name, ' ', state);
  sent.prepend(li);
  const done = (kind, text) => { li.setAttribute('data-state', kind); state.textContent = text; };
  if (!BOOT.suffixes.some((suffix) => file.name.endsWith(suffix))) {
    return done('error', 'UNSUPPORTED_SUFFIX: nothing processes this name: it must end in ' + BOOT.suffixes.join(', '));
  }
  if (file.size > BOOT.maxFileBytes) {
    return done('error', 'FILE_TOO_LARGE: ' + fmtBytes(file.size) + ' is more than MAX_FILE_BYTES (' + fmtBytes(BOOT.maxFileBytes) + ')');
  }
  try {
    const res = await fetch(BOOT.paths.uploads + encodeURIComponent(file.name), {
      method: 'PUT',
      headers: { [BOOT.tokenHeader]: BOOT.token, 'content-type': 'application/octet-stream' },
      body: file,
    });
    const answer = await res.json().catch(() => ({}));
    if (res.ok) done('stored', 'stored as ' + answer.key + ' (' + fmtBytes(answer.size) + ')');
    else done('error', (answer.error_code || res.status) + ': ' + (answer.message || ''));
  } catch (error) {
    done('error', 'failed: ' + error.message);
  }
}
async function sendAll(files) {
  for (const file of files) await send(file);
}
picker.addEventListener('change', () => {
  const files = Array.from(picker.files);
  picker.value = '';
  sendAll(files);
});
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  sendAll(Array.from(e.dataTransfer.files));
});
// A file dropped beside the box must not replace the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

// Live updates.
const live = document.getElementById('live');
const events = new EventSource(BOOT.paths.events);
events.addEventListener('open', () => { live.textContent = 'live'; live.setAttribute('data-state', 'live'); });
events.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.setAttribute('data-state', 'down'); });
events.addEventListener('state', (e) => {
  const state = JSON.parse(e.data);
  resetRows(state.uploads);
  renderFailures(state.failures);
  renderMetrics(state.metrics);
  document.documentElement.setAttribute('data-ready', '1');
});
events.addEventListener('upload', (e) => putRow(JSON.parse(e.data)));
events.addEventListener('failures', (e) => renderFailures(JSON.parse(e.data)));
events.addEventListener('metrics', (e) => renderMetrics(JSON.parse(e.data)));
})();
`;
