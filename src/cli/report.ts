import type { ColumnProfile, Summary } from '../profile/index.js';

/** Left-aligns the cells of each column of `rows`. */
export function table(rows: readonly (readonly string[])[], gap = '  '): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length),
        )
        .join(gap)
        .trimEnd(),
    )
    .join('\n');
}

/** Human-readable byte size. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function num(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const abs = Math.abs(x);
  return abs !== 0 && (abs < 1e-3 || abs >= 1e9)
    ? x.toExponential(3)
    : String(Number(x.toPrecision(6)));
}

function clip(text: string, max = 24): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function describe(c: ColumnProfile): string {
  if (c.numeric) {
    const n = c.numeric;
    return `min ${c.type === 'int' ? n.min_exact : num(n.min)}  max ${c.type === 'int' ? n.max_exact : num(n.max)}  mean ${n.mean === null ? '-' : num(n.mean)}  p50 ${num(n.quantiles.p50)}`;
  }
  if (c.date)
    return `${c.date.min} .. ${c.date.max}  (${c.date.format}${c.date.ambiguous ? ', ambiguous' : ''})`;
  if (c.boolean) return `true ${c.boolean.true_count}  false ${c.boolean.false_count}`;
  const top = c.top
    .slice(0, 3)
    .map((t) => `${clip(t.value, 16)} (${t.count})`)
    .join(', ');
  const len = c.string ? `len ${c.string.min_length}..${c.string.max_length}  ` : '';
  return `${len}${top ? `top: ${top}` : ''}`;
}

/** The aligned text report of `ingest profile`. */
export function formatReport(s: Summary): string {
  const d = s.dialect;
  const delimiter = d.delimiter === '\t' ? 'tab' : d.delimiter;
  const lines: string[] = [];
  lines.push(
    table([
      [
        'file',
        `${s.file_name ?? '-'}  (${formatBytes(s.dataset.bytes)}, ${s.encoding.name}${s.encoding.bom ? ' BOM' : ''}${s.encoding.gzip ? ', gzip' : ''})`,
      ],
      [
        'dialect',
        `delimiter ${delimiter}  quote ${d.quote === '' ? 'none' : d.quote}  header ${d.header ? 'yes' : 'no'}  line endings ${d.line_ending}  decimal ${d.decimal}`,
      ],
      [
        'rows',
        `${s.row_count}  columns ${s.column_count}  blank ${s.dataset.blank_rows}  duplicate ${s.dataset.duplicate_rows}${s.dataset.duplicate_rows_estimated ? ' (est.)' : ''}`,
      ],
    ]),
  );
  lines.push('');
  const rows: string[][] = [['column', 'type', 'missing', 'invalid', 'distinct', 'summary']];
  for (const c of s.columns) {
    rows.push([
      clip(c.name, 28),
      c.type,
      c.missing > 0 ? `${c.missing} (${c.missing_pct}%)` : '0',
      String(c.invalid),
      `${c.distinct_estimated ? '~' : ''}${c.distinct}`,
      describe(c),
    ]);
  }
  lines.push(table(rows));
  const issues = s.quality_issues.issues;
  lines.push('');
  if (issues.length === 0) {
    lines.push('issues: none');
  } else {
    lines.push(`issues (${issues.length}):`);
    lines.push(
      table(
        issues.map((i) => [
          `  ${i.severity}`,
          i.code,
          i.message,
          i.sample_lines.length > 0 ? `lines ${i.sample_lines.join(', ')}` : '',
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
