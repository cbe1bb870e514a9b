import type { Comparison, MetricComparison } from './compareResults.js';

const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? 'n/a' : value.toFixed(digits);

const cell = (text: string) => text.replace(/\|/g, '\\|');

function metricTable(metric: MetricComparison, baseline: string): string[] {
  const lines = [
    `| ${cell(metric.label)} (${metric.unit}) | n | median | 95% CI of median | ratio to ${cell(baseline)} | 95% CI of ratio |`,
    '|---|---:|---:|---|---:|---|',
  ];
  for (const value of metric.values) {
    lines.push(
      `| ${cell(value.target)} | ${value.n} | ${fmt(value.median)} | ${value.ci ? `${fmt(value.ci.low)}-${fmt(value.ci.high)}` : 'n/a'} | ${value.ratio === null ? '-' : fmt(value.ratio, 2)} | ${value.ratioCi ? `${fmt(value.ratioCi.low, 2)}-${fmt(value.ratioCi.high, 2)}` : '-'} |`,
    );
  }
  return lines;
}

/** The comparison as Markdown: per experiment, metric tables, case tables and verdicts. */
export function renderMarkdown(comparison: Comparison): string {
  const lines = [
    '# Experiment comparison',
    '',
    `Targets: ${comparison.targets.join(', ')} (baseline: ${comparison.baseline}). Medians with percentile-bootstrap 95% confidence intervals (seeded, reproducible).`,
    '',
    '| target | run | scale | started | region |',
    '|---|---|---|---|---|',
    ...comparison.runs.map(
      (run) =>
        `| ${run.target} | ${run.run_id} | ${run.scale} | ${run.started_at} | ${run.region} |`,
    ),
  ];
  for (const experiment of comparison.experiments) {
    lines.push('', `## ${experiment.id}. ${experiment.title}`, '');
    for (const metric of experiment.metrics)
      lines.push(...metricTable(metric, comparison.baseline), '');
    for (const table of experiment.tables) {
      lines.push(`${table.caption}:`, '');
      lines.push(`| ${table.header.map(cell).join(' | ')} |`);
      lines.push(`|${table.header.map(() => '---').join('|')}|`);
      for (const row of table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
      lines.push('');
    }
    for (const verdict of experiment.verdicts) lines.push(`**Verdict:** ${verdict}`, '');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
