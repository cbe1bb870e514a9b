import type { Comparison, ExperimentComparison } from './compareResults.js';
import { barChart, distributionChart, escapeXml, lineChart } from './svgCharts.js';

const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? 'n/a' : value.toFixed(digits);

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:980px;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:13px}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left}
th{background:#f4f4f4}td.num{text-align:right;font-variant-numeric:tabular-nums}
.verdict{background:#f6f8fa;border-left:4px solid #7570b3;padding:.4rem .7rem;margin:.4rem 0}
svg{display:block;margin:.6rem 0;max-width:100%;height:auto;font-family:inherit}
.grid{stroke:#e5e5e5}.tick{font-size:11px;fill:#555}.axis-label{font-size:12px;fill:#333}.chart-title{font-size:13px;font-weight:600;fill:#222}
.whisker{stroke-width:1.5}`;

function table(
  header: readonly string[],
  rows: readonly string[][],
  numeric: number[] = [],
): string {
  return [
    '<table>',
    `<tr>${header.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr>`,
    ...rows.map(
      (row) =>
        `<tr>${row.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ''}>${escapeXml(c)}</td>`).join('')}</tr>`,
    ),
    '</table>',
  ].join('\n');
}

function charts(experiment: ExperimentComparison): string[] {
  const out: string[] = [];
  const first = experiment.metrics[0];
  if ((experiment.id === 'B' || experiment.id === 'A') && first) {
    out.push(
      distributionChart(
        `${experiment.id}: ${first.label} distribution`,
        first.unit,
        first.values.map((v) => ({ target: v.target, samples: v.samples })),
      ),
    );
  }
  if (experiment.id === 'C' && experiment.metrics.length >= 2) {
    const [cold, warm] = experiment.metrics;
    out.push(
      barChart(
        'C: median latency, cold versus warm',
        'ms',
        ['cold', 'warm'],
        (cold?.values ?? []).map((v, i) => ({
          target: v.target,
          values: [v.median, warm?.values[i]?.median ?? null],
        })),
      ),
    );
  }
  if (experiment.id === 'G' && first) {
    out.push(
      distributionChart(
        `G: ${first.label}`,
        first.unit,
        first.values.map((v) => ({ target: v.target, samples: v.samples })),
      ),
    );
  }
  for (const curve of experiment.curves) {
    if (curve.series.some((s) => s.points.length > 0)) {
      out.push(
        lineChart(
          `${experiment.id}: ${curve.title}`,
          curve.xLabel,
          curve.yLabel,
          curve.logX,
          curve.series,
        ),
      );
    }
  }
  return out;
}

/** The comparison as one self-contained HTML page (inline CSS and SVG; no scripts, no fonts). */
export function renderHtml(comparison: Comparison): string {
  const parts = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Experiment comparison: ${escapeXml(comparison.targets.join(' vs '))}</title>`,
    `<style>${STYLE}</style></head><body>`,
    '<h1>Experiment comparison</h1>',
    `<p>Targets: ${escapeXml(comparison.targets.join(', '))}; baseline ${escapeXml(comparison.baseline)}. Medians with percentile-bootstrap 95% confidence intervals (seeded, reproducible); ratios are to the baseline.</p>`,
    table(
      ['target', 'run', 'scale', 'started', 'region'],
      comparison.runs.map((run) => [run.target, run.run_id, run.scale, run.started_at, run.region]),
    ),
  ];
  for (const experiment of comparison.experiments) {
    parts.push(
      `<section id="exp-${experiment.id}"><h2>${experiment.id}. ${escapeXml(experiment.title)}</h2>`,
    );
    for (const metric of experiment.metrics) {
      parts.push(
        table(
          [
            `${metric.label} (${metric.unit})`,
            'n',
            'median',
            '95% CI',
            `ratio to ${comparison.baseline}`,
            '95% CI of ratio',
          ],
          metric.values.map((v) => [
            v.target,
            String(v.n),
            fmt(v.median),
            v.ci ? `${fmt(v.ci.low)}-${fmt(v.ci.high)}` : 'n/a',
            v.ratio === null ? '-' : fmt(v.ratio, 2),
            v.ratioCi ? `${fmt(v.ratioCi.low, 2)}-${fmt(v.ratioCi.high, 2)}` : '-',
          ]),
          [1, 2, 4],
        ),
      );
    }
    for (const t of experiment.tables) {
      parts.push(`<p>${escapeXml(t.caption)}:</p>`, table(t.header, t.rows));
    }
    parts.push(...charts(experiment));
    for (const verdict of experiment.verdicts) {
      parts.push(`<p class="verdict"><strong>Verdict:</strong> ${escapeXml(verdict)}</p>`);
    }
    parts.push('</section>');
  }
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}
