import type { ColumnProfile, Issue, Summary } from '../profile/types.js';
import { DISPLAY_LIMITS, SEVERITIES } from './constants.js';
import { displayText } from './escape.js';
import { formatCount, formatNumber, formatPct } from './format.js';
import type { ColumnBody, IssueRow, ReportData } from './types.js';

/** Interns fact labels so each column carries small indexes instead of repeated strings. */
class Labels {
  readonly list: string[] = [];
  readonly #index = new Map<string, number>();

  of(label: string): number {
    let i = this.#index.get(label);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(label);
      this.#index.set(label, i);
    }
    return i;
  }
}

const lines = (sample: readonly number[], total: number): string =>
  sample.length === 0
    ? ''
    : `lines ${sample.map(formatCount).join(', ')}${total > sample.length ? ', …' : ''}`;

/** The evidence for a column's type, from the counts the summary keeps. */
function typeEvidence(c: ColumnProfile): string {
  if (c.type === 'empty') return 'no non-missing values';
  if (c.type === 'string') return 'no narrower type fits';
  const fit = c.count - c.invalid;
  const share = c.count === 0 ? 0 : (fit / c.count) * 100;
  return `${formatCount(fit)} of ${formatCount(c.count)} (${formatPct(share)}) fit ${c.type}`;
}

function columnBody(c: ColumnProfile, rows: number, labels: Labels): ColumnBody {
  const f: Array<[number, string]> = [];
  const fact = (label: string, value: string) => f.push([labels.of(label), value]);
  const ofRows = (n: number) =>
    rows === 0 || n === 0 ? '' : ` (${formatPct((n / rows) * 100)} of rows)`;
  // The type itself is on the card's summary line; the body gives its evidence.
  fact('type evidence', typeEvidence(c));
  fact('non-missing', formatCount(c.count));
  fact('missing', `${formatCount(c.missing)}${ofRows(c.missing)}`);
  fact('invalid', `${formatCount(c.invalid)}${ofRows(c.invalid)}`);
  if (c.invalid > 0 && c.invalid_sample_lines.length > 0) {
    fact('invalid at', lines(c.invalid_sample_lines, c.invalid));
  }
  fact(
    'distinct',
    c.distinct_estimated
      ? `≈ ${formatCount(c.distinct)} (estimated, HyperLogLog)`
      : formatCount(c.distinct),
  );
  const body: ColumnBody = { f };
  const n = c.numeric;
  if (n) {
    const exact = c.type === 'int';
    fact('min', exact ? n.min_exact : formatNumber(n.min));
    fact('max', exact ? n.max_exact : formatNumber(n.max));
    fact('mean', formatNumber(n.mean));
    fact('stddev', formatNumber(n.stddev));
    fact('sum', formatNumber(n.sum));
    fact('zeros', formatCount(n.zeros));
    fact('negatives', formatCount(n.negatives));
    fact('outliers', `${formatCount(n.outliers)} (beyond 1.5 IQR)`);
    const q = n.quantiles;
    body.q = [q.p1, q.p5, q.p25, q.p50, q.p75, q.p95, q.p99].map(formatNumber);
    const first = n.histogram[0];
    const last = n.histogram[n.histogram.length - 1];
    if (first && last) {
      body.h = { r: [first.lower, last.upper], n: n.histogram.map((b) => b.count) };
    }
  }
  if (c.string) {
    fact(
      'length',
      `min ${formatCount(c.string.min_length)} · mean ${formatNumber(Number(c.string.mean_length.toFixed(1)))} · max ${formatCount(c.string.max_length)}`,
    );
  }
  if (c.date) {
    fact('range', `${c.date.min} … ${c.date.max}`);
    fact(
      'format',
      c.date.ambiguous
        ? `${c.date.format} (every value fits MM/DD and DD/MM; the default was taken)`
        : c.date.format,
    );
  }
  if (c.boolean) {
    const all = c.boolean.true_count + c.boolean.false_count;
    const pct = (k: number) => (all === 0 ? '' : ` (${formatPct((k / all) * 100)})`);
    fact('true', `${formatCount(c.boolean.true_count)}${pct(c.boolean.true_count)}`);
    fact('false', `${formatCount(c.boolean.false_count)}${pct(c.boolean.false_count)}`);
  }
  if (c.top.length > 0) {
    body.t = {
      v: c.top.map((t) => [displayText(t.value, DISPLAY_LIMITS.value), t.count]),
      n: c.count,
    };
    if (c.top_estimated) body.t.e = 1;
  }
  return body;
}

/** Issues by severity, then in the summary's order, with their column as an index. */
function issueRows(issues: readonly Issue[], columnIndex: ReadonlyMap<string, number>): IssueRow[] {
  const rows: IssueRow[] = [];
  SEVERITIES.forEach((severity, s) => {
    for (const issue of issues) {
      if (issue.severity !== severity) continue;
      const row: IssueRow = {
        s,
        k: issue.code,
        c: issue.column === undefined ? -1 : (columnIndex.get(issue.column) ?? -1),
        n: formatCount(issue.count),
        p: formatPct(issue.percentage),
        l: issue.sample_lines,
        m: displayText(issue.message, DISPLAY_LIMITS.message),
      };
      if (issue.sample_lines.length > 0 && issue.count > issue.sample_lines.length) row.x = 1;
      rows.push(row);
    }
  });
  return rows;
}

/** The report's compact data: what its script renders when a card or issue list opens. */
export function buildReportData(summary: Summary): ReportData {
  const labels = new Labels();
  const columnIndex = new Map<string, number>();
  for (const c of summary.columns) if (!columnIndex.has(c.name)) columnIndex.set(c.name, c.index);
  const rows = summary.row_count;
  return {
    columns: summary.columns.map((c) => columnBody(c, rows, labels)),
    issues: issueRows(summary.quality_issues.issues, columnIndex),
    labels: labels.list,
  };
}
