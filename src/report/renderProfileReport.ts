import type { ColumnProfile, Summary } from '../profile/types.js';
import { CLIENT_SCRIPT } from './clientScript.js';
import { DISPLAY_LIMITS, OPEN_ISSUE_LIST_MAX, SEVERITIES } from './constants.js';
import { contentSecurityPolicy } from './csp.js';
import { displayText, escapeHtml, jsonForScript } from './escape.js';
import { formatBytes, formatCount, formatDuration, formatPct } from './format.js';
import { buildReportData } from './reportData.js';
import { STYLE } from './style.js';
import type { ReportContext } from './types.js';

/** Untrusted text, cut, made visible and escaped for HTML text or a quoted attribute. */
const text = (value: string, max: number = DISPLAY_LIMITS.value): string =>
  escapeHtml(displayText(value, max));

function factsTable(caption: string, rows: ReadonlyArray<readonly [string, string]>): string {
  return [
    `<table class="facts"><caption>${escapeHtml(caption)}</caption><tbody>`,
    ...rows.map(([label, value]) => `<tr><th scope="row">${label}</th><td>${value}</td></tr>`),
    '</tbody></table>',
  ].join('\n');
}

const sniffed = (flag: boolean) => (flag ? ' <span class="muted">(sniffed)</span>' : '');

function delimiterName(delimiter: string): string {
  if (delimiter === '\t') return 'tab';
  if (delimiter === ' ') return 'space';
  return `<code>${text(delimiter, 8)}</code>`;
}

/** The file section: size, encoding, dialect, rows, columns, duration. Values are escaped here. */
function fileSection(summary: Summary, context: ReportContext): string {
  const { encoding, dialect, dataset } = summary;
  const rows: Array<[string, string]> = [];
  if (summary.file_name !== null) {
    rows.push([
      'file',
      `<span class="v">${text(summary.file_name, DISPLAY_LIMITS.fileName)}</span>`,
    ]);
  }
  if (context.source !== undefined) {
    rows.push([
      'source',
      `<span class="v">${text(context.source, DISPLAY_LIMITS.fileName)}</span>`,
    ]);
  }
  if (context.sizeBytes !== undefined)
    rows.push(['size', escapeHtml(formatBytes(context.sizeBytes))]);
  rows.push(['bytes profiled', escapeHtml(formatBytes(dataset.bytes))]);
  const enc = [
    encoding.name,
    encoding.bom ? 'with BOM' : '',
    encoding.gzip ? 'gzip' : '',
    encoding.fallback_from_line === null
      ? ''
      : `invalid UTF-8 from line ${formatCount(encoding.fallback_from_line)} read as Windows-1252`,
  ].filter(Boolean);
  rows.push(['encoding', escapeHtml(enc.join(', '))]);
  rows.push(['delimiter', delimiterName(dialect.delimiter) + sniffed(dialect.sniffed.delimiter)]);
  rows.push([
    'quote',
    `${dialect.quote === '' ? 'none' : `<code>${text(dialect.quote, 8)}</code>`}${sniffed(dialect.sniffed.quote)}`,
  ]);
  rows.push(['header', (dialect.header ? 'yes' : 'no') + sniffed(dialect.sniffed.header)]);
  rows.push([
    'decimal separator',
    `<code>${text(dialect.decimal, 8)}</code>${sniffed(dialect.sniffed.decimal)}`,
  ]);
  rows.push(['line endings', escapeHtml(dialect.line_ending)]);
  rows.push(['rows', escapeHtml(formatCount(summary.row_count))]);
  rows.push(['columns', escapeHtml(formatCount(summary.column_count))]);
  const rowFacts: Array<[string, number]> = [
    ['blank rows', dataset.blank_rows],
    [
      dataset.duplicate_rows_estimated ? 'duplicate rows (estimated)' : 'duplicate rows',
      dataset.duplicate_rows,
    ],
    ['rows with too many fields', dataset.too_many_fields_rows],
    ['rows with too few fields', dataset.too_few_fields_rows],
  ];
  for (const [label, n] of rowFacts) rows.push([label, escapeHtml(formatCount(n))]);
  if (context.durationMs !== undefined) {
    rows.push(['profiled in', escapeHtml(formatDuration(context.durationMs))]);
  }
  if (context.generatedAt !== undefined) {
    rows.push(['generated at', `<span class="v">${text(context.generatedAt, 64)}</span>`]);
  }
  rows.push(['summary version', escapeHtml(summary.summary_version)]);
  return [
    '<section aria-labelledby="h-file"><h2 id="h-file">File</h2>',
    factsTable('The file and how it was read', rows),
    '</section>',
  ].join('\n');
}

/** The issue overview: counts by severity and code, then one lazily filled list per severity. */
function issuesSection(summary: Summary): string {
  const issues = summary.quality_issues.issues;
  const parts = ['<section aria-labelledby="h-issues"><h2 id="h-issues">Issues</h2>'];
  if (issues.length === 0) {
    parts.push('<p>No issues found.</p></section>');
    return parts.join('\n');
  }
  parts.push(
    '<table class="overview"><caption>Issues by severity</caption>',
    '<thead><tr><th scope="col">severity</th><th scope="col">issues</th><th scope="col">by code</th></tr></thead><tbody>',
  );
  const groups: string[] = [];
  SEVERITIES.forEach((severity, s) => {
    const mine = issues.filter((i) => i.severity === severity);
    if (mine.length === 0) return;
    const codes = new Map<string, number>();
    for (const i of mine) codes.set(i.code, (codes.get(i.code) ?? 0) + 1);
    const byCode = [...codes].map(([code, n]) => `${escapeHtml(code)} × ${formatCount(n)}`);
    parts.push(
      `<tr><th scope="row"><span class="sev s${s}">${severity}</span></th><td class="num">${formatCount(mine.length)}</td><td>${byCode.join(', ')}</td></tr>`,
    );
    const open = mine.length <= OPEN_ISSUE_LIST_MAX && severity !== 'info' ? ' open' : '';
    groups.push(
      `<details class="sev-group" data-s="${s}"${open}><summary><span class="sev s${s}">${severity}</span> ${formatCount(mine.length)} issue${mine.length === 1 ? '' : 's'}, with sample lines</summary><div class="ib"></div></details>`,
    );
  });
  parts.push('</tbody></table>', ...groups, '</section>');
  return parts.join('\n');
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/**
 * The missing-values strip: one bar per column, its height the share of rows missing (and,
 * stacked on it, the share invalid). One path per series keeps it about 14 bytes a column.
 */
function missingStrip(summary: Summary): string {
  const columns = summary.columns;
  if (columns.length === 0) return '';
  const rows = Math.max(1, summary.row_count);
  const width = columns.length <= 200 ? 0.8 : 1;
  const scroll = columns.length > 500;
  let missing = '';
  let invalid = '';
  let withMissing = 0;
  let most: ColumnProfile | null = null;
  for (const [i, c] of columns.entries()) {
    const m = c.missing_pct;
    const v = (c.invalid / rows) * 100;
    // A column with any missing or invalid value gets at least a visible sliver.
    const mh = m > 0 ? Math.max(1, r1(m)) : 0;
    const vh = v > 0 ? Math.max(1, r1(v)) : 0;
    if (mh > 0) {
      withMissing++;
      missing += `M${i + 0.5} 100V${r1(100 - mh)}`;
      if (most === null || m > most.missing_pct) most = c;
    }
    if (vh > 0) invalid += `M${i + 0.5} ${r1(100 - mh)}v${-vh}`;
  }
  const label = `Missing values per column, in column order: ${formatCount(withMissing)} of ${formatCount(columns.length)} columns have missing values${
    most ? `; the most, ${formatPct(most.missing_pct)}, in column ${most.index + 1}` : ''
  }.`;
  return [
    '<section aria-labelledby="h-strip"><h2 id="h-strip">Missing values by column</h2>',
    // Past 500 columns each bar gets 2 px and the strip scrolls sideways (it is focusable, so
    // the keyboard scrolls it too): narrower bars would blur into each other.
    `<div class="strip"${scroll ? ' tabindex="0" role="region" aria-label="Missing values strip, scrolls sideways"' : ''}>`,
    `<svg id="strip"${scroll ? ` class="scroll" width="${columns.length * 2}"` : ''} viewBox="0 0 ${columns.length} 100" preserveAspectRatio="none" role="img" aria-label="${escapeHtml(label)}">`,
    `<title>${escapeHtml(label)}</title>`,
    missing ? `<path class="m" stroke-width="${width}" d="${missing}"/>` : '',
    invalid ? `<path class="i" stroke-width="${width}" d="${invalid}"/>` : '',
    '</svg></div>',
    '<p class="legend">Column 1 at the left. Height: share of rows.<span class="key m"></span>missing<span class="key i"></span>invalid. Point at a bar to name its column; click to open its card.</p>',
    '<output id="strip-out" aria-live="polite"></output>',
    '</section>',
  ].join('\n');
}

function card(c: ColumnProfile, position: number, issueCount: number): string {
  const meta = [
    `${formatPct(c.missing_pct)} missing`,
    c.invalid > 0 ? `${formatCount(c.invalid)} invalid` : '',
    `${c.distinct_estimated ? '≈ ' : ''}${formatCount(c.distinct)} distinct`,
  ].filter(Boolean);
  const flag =
    issueCount > 0
      ? `<span class="cx">${formatCount(issueCount)} issue${issueCount === 1 ? '' : 's'}</span>`
      : '';
  return `<details class="col" id="c${position}" data-i="${position}" data-t="${escapeHtml(c.type)}"${issueCount > 0 ? ' data-x="1"' : ''}><summary><span class="ci">${position + 1}</span><span class="cn">${text(c.name, DISPLAY_LIMITS.name)}</span><span class="ty">${escapeHtml(c.type)}</span><span class="cm">${escapeHtml(meta.join(' · '))}</span>${flag}</summary><div class="cb"></div></details>`;
}

function columnsSection(summary: Summary): string {
  const types = new Map<string, number>();
  for (const c of summary.columns) types.set(c.type, (types.get(c.type) ?? 0) + 1);
  const issuesPerColumn = new Map<string, number>();
  for (const i of summary.quality_issues.issues) {
    if (i.column !== undefined)
      issuesPerColumn.set(i.column, (issuesPerColumn.get(i.column) ?? 0) + 1);
  }
  const typeList = [...types].map(([t, n]) => `${escapeHtml(t)} ${formatCount(n)}`).join(' · ');
  const options = [...types]
    .map(
      ([t, n]) => `<option value="${escapeHtml(t)}">${escapeHtml(t)} (${formatCount(n)})</option>`,
    )
    .join('');
  return [
    '<section aria-labelledby="h-columns"><h2 id="h-columns">Columns</h2>',
    `<p class="muted">${formatCount(summary.columns.length)} columns by type: ${typeList || 'none'}. Open a card for its statistics, charts and issues.</p>`,
    '<div class="controls" role="search">',
    '<label>Find a column <input type="search" id="q" placeholder="name or type" autocomplete="off"></label>',
    `<label>Type <select id="type"><option value="">all</option>${options}</select></label>`,
    '<label><input type="checkbox" id="flagged"> only columns with issues</label>',
    '<button type="button" id="expand">Expand shown</button><button type="button" id="collapse">Collapse all</button>',
    `<span id="shown" role="status">Showing ${formatCount(summary.columns.length)} of ${formatCount(summary.columns.length)} columns</span>`,
    '</div>',
    ...summary.columns.map((c, i) => card(c, i, issuesPerColumn.get(c.name) ?? 0)),
    '</section>',
  ].join('\n');
}

/**
 * One self-contained HTML page for a profile: no network, inline CSS, inline SVG and one small
 * inline script allowed by hash. Pure: no I/O. Everything from the file is untrusted and escaped
 * (see escape.ts); a 3,000-column summary stays within {@link reportBudgetBytes}.
 *
 * @example
 * const html = renderProfileReport(await profileFile('data.csv'), { sizeBytes: 6_341 });
 */
export function renderProfileReport(summary: Summary, context: ReportContext = {}): string {
  const data = jsonForScript(buildReportData(summary));
  const title =
    summary.file_name === null ? 'Profile' : `Profile of ${displayText(summary.file_name, 80)}`;
  const subtitle = [
    `${formatCount(summary.row_count)} rows × ${formatCount(summary.column_count)} columns`,
    `${formatCount(summary.quality_issues.issues.length)} issues`,
  ].join(' · ');
  return `${[
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(CLIENT_SCRIPT, STYLE))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="generator" content="csv-ingest profile report">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1 class="v">${escapeHtml(title)}</h1><p class="muted">${escapeHtml(subtitle)}</p></header>`,
    '<noscript><p>This page draws column details and issue lists with a small script; without it, only the overview shows.</p></noscript>',
    '<main>',
    fileSection(summary, context),
    issuesSection(summary),
    missingStrip(summary),
    columnsSection(summary),
    '</main>',
    `<script type="application/json" id="report-data">${data}</script>`,
    `<script>${CLIENT_SCRIPT}</script>`,
    '</body></html>',
  ].join('\n')}\n`;
}
