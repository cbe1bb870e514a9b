import type { MetricsReport } from './types.js';

const formatValue = (value: number | null): string =>
  value === null ? 'n/a' : Number.isInteger(value) ? String(value) : value.toFixed(2);

/** A plain-text table of a metrics report; derived values carry a `*`. */
export function formatMetrics(report: MetricsReport): string {
  const lines = [`Metrics of ${report.target} from ${report.from} to ${report.to}`];
  const rows = report.rows.map((row) => [
    row.namespace,
    `${row.name} (${row.stat})`,
    `${formatValue(row.value)}${row.derived ? '*' : ''}`,
    row.unit,
    row.note ?? '',
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((cells) => cells[i]?.length ?? 0)));
  for (const cells of rows) {
    lines.push(
      `  ${cells
        .map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell))
        .join('  ')
        .trimEnd()}`,
    );
  }
  if (report.rows.some((row) => row.derived)) {
    lines.push('  * derived from the function logs (REPORT lines and EMF records)');
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return `${lines.join('\n')}\n`;
}
