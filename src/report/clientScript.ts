/**
 * The report's only script, inlined into the page and allowed by its SHA-256 hash in the
 * Content-Security-Policy (see csp.ts). It renders card bodies and issue lists lazily from the
 * JSON data block, filters the column cards, and links the missing-values strip to the cards.
 *
 * Rules this script keeps (test/report/ checks them in Chromium, where the page's policy also
 * enforces Trusted Types, so any string given to an HTML sink throws):
 * - text from the file reaches the page only through `append(string)` (a Text node),
 *   `textContent` and `setAttribute` of fixed, non-event, non-URL attributes;
 * - no `innerHTML`, `outerHTML`, `insertAdjacentHTML`, `document.write`, `eval`, `Function`;
 * - links point to `#c<number>` only.
 *
 * It is plain ES2020 in a string because the page needs its exact text (for the hash) and the
 * project's type-check has no DOM library; the browser tests are its type-check.
 */
export const CLIENT_SCRIPT = `(() => {
'use strict';
const D = JSON.parse(document.getElementById('report-data').textContent);
const SEV = ['error', 'warning', 'info'];
const NS = 'http://www.w3.org/2000/svg';
const fmtCount = (n) => n.toLocaleString('en-US');
const fmtEdge = (x) => {
  const a = Math.abs(x);
  return a !== 0 && (a < 1e-3 || a >= 1e9) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
};
function make(doc, tag, attrs, kids) {
  const e = doc(tag);
  if (attrs) for (const k of Object.keys(attrs)) e.setAttribute(k, String(attrs[k]));
  if (kids) for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(k);
  return e;
}
const h = (tag, attrs, ...kids) => make((t) => document.createElement(t), tag, attrs, kids);
const s = (tag, attrs, ...kids) => make((t) => document.createElementNS(NS, t), tag, attrs, kids);

const cards = Array.from(document.querySelectorAll('details.col'));
const names = cards.map((c) => c.querySelector('.cn').textContent);
const byColumn = new Map();
for (const row of D.issues) {
  if (row.c < 0) continue;
  if (!byColumn.has(row.c)) byColumn.set(row.c, []);
  byColumn.get(row.c).push(row);
}

function table(caption, head, rows, cls) {
  const t = h('table', cls ? { class: cls } : null, h('caption', null, caption));
  if (head) t.append(h('thead', null, h('tr', null, ...head.map((x) => h('th', { scope: 'col' }, x)))));
  t.append(h('tbody', null, ...rows));
  return t;
}

function issueTable(caption, rows, withColumn) {
  const head = ['severity', 'issue'];
  if (withColumn) head.push('column');
  head.push('count', '% of rows', 'sample lines', 'message');
  return table(caption, head, rows.map((r) => {
    const cells = [h('td', null, h('span', { class: 'sev s' + r.s }, SEV[r.s])), h('th', { scope: 'row' }, r.k)];
    if (withColumn) {
      cells.push(h('td', null, r.c < 0 ? 'whole file' : h('a', { href: '#c' + r.c, class: 'cl', 'data-c': r.c }, names[r.c])));
    }
    const lines = r.l.length === 0 ? '-' : r.l.map(fmtCount).join(', ') + (r.x ? ', …' : '');
    cells.push(h('td', { class: 'num' }, r.n), h('td', { class: 'num' }, r.p), h('td', null, lines), h('td', { class: 'v' }, r.m));
    return h('tr', null, ...cells);
  }), 'issues');
}

function histogram(name, hist) {
  const W = 360, H = 150, L = 8, B = 28, T = 10;
  const max = Math.max(1, ...hist.n);
  const bw = (W - 2 * L) / hist.n.length;
  const [lo, hi] = hist.r;
  const label = 'Histogram of ' + name + ': ' + hist.n.length + ' bins from ' + fmtEdge(lo) + ' to ' + fmtEdge(hi) + ', tallest ' + fmtCount(max) + '; counts estimated from the quantile sketch';
  const svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img', 'aria-label': label, class: 'hist' }, s('title', null, label));
  hist.n.forEach((n, k) => {
    const bh = (n / max) * (H - B - T);
    const a = lo + ((hi - lo) * k) / hist.n.length;
    const b = lo + ((hi - lo) * (k + 1)) / hist.n.length;
    svg.append(s('rect', { x: (L + k * bw + 0.5).toFixed(1), y: (H - B - bh).toFixed(1), width: Math.max(1, bw - 1).toFixed(1), height: Math.max(n > 0 ? 1 : 0, bh).toFixed(1), class: 'bar' },
      s('title', null, '[' + fmtEdge(a) + ', ' + fmtEdge(b) + (k === hist.n.length - 1 ? ']' : ')') + ': ≈ ' + fmtCount(n))));
  });
  svg.append(
    s('line', { x1: L, x2: W - L, y1: H - B + 0.5, y2: H - B + 0.5, class: 'axis' }),
    s('text', { x: L, y: H - 10, class: 'tick' }, fmtEdge(lo)),
    s('text', { x: W - L, y: H - 10, class: 'tick', 'text-anchor': 'end' }, fmtEdge(hi)),
  );
  return h('figure', null, svg, h('figcaption', null, 'Histogram (counts estimated from the quantile sketch)'));
}

function topValues(name, top) {
  const max = Math.max(1, ...top.v.map((v) => v[1]));
  const caption = 'Top values of ' + name + (top.e ? ' (counts are lower bounds: estimated with Misra-Gries)' : '');
  return table(caption, ['value', 'count', 'share of non-missing'], top.v.map(([value, count]) => {
    const share = top.n === 0 ? 0 : (count / top.n) * 100;
    const bar = s('svg', { viewBox: '0 0 100 10', width: 100, height: 10, 'aria-hidden': 'true', class: 'share' },
      s('rect', { x: 0, y: 0, width: 100, height: 10, class: 'track' }),
      s('rect', { x: 0, y: 0, width: ((count / max) * 100).toFixed(1), height: 10, class: 'bar' }));
    return h('tr', null, h('th', { scope: 'row', class: 'v' }, value), h('td', { class: 'num' }, (top.e ? '≥ ' : '') + fmtCount(count)),
      h('td', { class: 'num' }, bar, ' ' + (Math.round(share * 10) / 10) + '%'));
  }), 'top');
}

function renderCard(card) {
  if (card.dataset.r) return;
  card.dataset.r = '1';
  const i = Number(card.dataset.i);
  const c = D.columns[i];
  const name = names[i];
  const body = card.querySelector('.cb');
  const facts = table('Profile of ' + name, null, c.f.map(([l, v]) => h('tr', null, h('th', { scope: 'row' }, D.labels[l]), h('td', { class: 'v' }, v))), 'facts');
  const charts = h('div', { class: 'charts' });
  if (c.h) charts.append(histogram(name, c.h));
  if (c.t) charts.append(topValues(name, c.t));
  body.append(h('div', { class: 'grid' }, facts, charts));
  if (c.q) {
    body.append(table('Quantiles of ' + name + ' (DDSketch, 1% relative error)', ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'], [h('tr', null, ...c.q.map((q) => h('td', { class: 'num' }, q)))], 'quantiles'));
  }
  const own = byColumn.get(i);
  if (own) body.append(issueTable('Issues in ' + name, own, false));
}

function renderIssues(group) {
  if (group.dataset.r) return;
  group.dataset.r = '1';
  const sev = Number(group.dataset.s);
  const rows = D.issues.filter((r) => r.s === sev);
  group.querySelector('.ib').append(issueTable('All ' + SEV[sev] + ' issues', rows, true));
}

// Opened cards render when they come near the viewport, so "expand all" on 3,000 columns stays cheap.
const io = 'IntersectionObserver' in window
  ? new IntersectionObserver((entries) => {
    for (const e of entries) if (e.isIntersecting) { io.unobserve(e.target); renderCard(e.target); }
  }, { rootMargin: '800px 0px' })
  : null;
function whenOpen(card) {
  if (!card.open || card.dataset.r) return;
  if (io) io.observe(card); else renderCard(card);
}
document.addEventListener('toggle', (e) => {
  const t = e.target;
  if (!(t instanceof HTMLDetailsElement)) return;
  if (t.classList.contains('col')) whenOpen(t);
  else if (t.classList.contains('sev-group') && t.open) renderIssues(t);
}, true);

function openCard(i) {
  const card = cards[i];
  if (!card) return;
  card.hidden = false;
  card.open = true;
  renderCard(card);
  card.scrollIntoView({ block: 'start' });
  card.querySelector('summary').focus();
}
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a.cl') : null;
  if (!a) return;
  e.preventDefault();
  openCard(Number(a.getAttribute('data-c')));
});

const q = document.getElementById('q');
const type = document.getElementById('type');
const flagged = document.getElementById('flagged');
const status = document.getElementById('shown');
const types = cards.map((c) => c.dataset.t);
const issueCols = cards.map((c) => c.dataset.x === '1');
const lower = names.map((n) => n.toLowerCase());
function filter() {
  const text = q.value.trim().toLowerCase();
  const t = type.value;
  const only = flagged.checked;
  let shown = 0;
  for (let k = 0; k < cards.length; k++) {
    const ok = (!text || lower[k].includes(text) || types[k] === text) && (!t || types[k] === t) && (!only || issueCols[k]);
    if (cards[k].hidden === ok) cards[k].hidden = !ok;
    if (ok) shown++;
  }
  status.textContent = 'Showing ' + fmtCount(shown) + ' of ' + fmtCount(cards.length) + ' columns';
}
q.addEventListener('input', filter);
type.addEventListener('change', filter);
flagged.addEventListener('change', filter);
document.getElementById('expand').addEventListener('click', () => { for (const c of cards) if (!c.hidden) c.open = true; });
document.getElementById('collapse').addEventListener('click', () => { for (const c of cards) c.open = false; });
filter();

const strip = document.getElementById('strip');
const out = document.getElementById('strip-out');
if (strip && cards.length > 0) {
  const at = (e) => {
    const r = strip.getBoundingClientRect();
    return Math.min(cards.length - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * cards.length)));
  };
  strip.addEventListener('mousemove', (e) => {
    const i = at(e);
    out.textContent = '#' + (i + 1) + ' ' + names[i] + ': ' + cards[i].querySelector('.cm').textContent;
  });
  strip.addEventListener('click', (e) => openCard(at(e)));
}

// Printing shows every card the filter shows, opened and rendered, and every issue list.
window.addEventListener('beforeprint', () => {
  for (const g of document.querySelectorAll('details.sev-group')) { g.open = true; renderIssues(g); }
  for (const c of cards) if (!c.hidden) { c.open = true; renderCard(c); }
});

for (const g of document.querySelectorAll('details.sev-group[open]')) renderIssues(g);
for (const c of cards) whenOpen(c);
performance.mark('report-ready');
document.documentElement.dataset.ready = '1';
})();
`;
