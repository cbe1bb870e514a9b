import type { ExperimentId } from '../constants.js';
import { EXPERIMENT_IDS, EXPERIMENT_TITLES } from '../constants.js';
import type { Results } from '../results/types.js';
import { bootstrapMedianCi, bootstrapRatioCi, type Interval, median } from '../stats.js';

/** One target's value of a metric. */
export interface TargetValue {
  target: string;
  median: number | null;
  ci: Interval | null;
  n: number;
  /** median / the baseline's median, with a bootstrap interval; null for the baseline. */
  ratio: number | null;
  ratioCi: Interval | null;
  samples: number[];
}

/** One metric across targets. */
export interface MetricComparison {
  label: string;
  unit: string;
  values: TargetValue[];
  verdict: string;
}

/** A small table (cases, levels, sizes) across targets. */
export interface ComparisonTable {
  caption: string;
  header: string[];
  rows: string[][];
}

/** Series for a chart: x/y points per target. */
export interface ChartSeries {
  target: string;
  points: Array<{ x: number; y: number }>;
}

/** One experiment across targets. */
export interface ExperimentComparison {
  id: ExperimentId;
  title: string;
  metrics: MetricComparison[];
  tables: ComparisonTable[];
  curves: Array<{
    title: string;
    xLabel: string;
    yLabel: string;
    logX: boolean;
    series: ChartSeries[];
  }>;
  verdicts: string[];
}

/** The comparison of several results files. */
export interface Comparison {
  targets: string[];
  baseline: string;
  runs: Array<{
    target: string;
    run_id: string;
    scale: string;
    started_at: string;
    region: string;
  }>;
  experiments: ExperimentComparison[];
}

const numbers = (values: readonly unknown[]): number[] =>
  values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));

const fmt = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? 'n/a' : value.toFixed(digits);

/** A label per results file: its target, suffixed when a target appears twice. */
function labels(results: readonly Results[]): string[] {
  const seen = new Map<string, number>();
  return results.map((result) => {
    const name = result.environment.target;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}#${count}`;
  });
}

function metric(
  label: string,
  unit: string,
  perTarget: Array<{ target: string; samples: number[] }>,
): MetricComparison {
  const base = perTarget[0];
  const values: TargetValue[] = perTarget.map(({ target, samples }, index) => {
    const m = samples.length ? median(samples) : null;
    const baseMedian = base?.samples.length ? median(base.samples) : null;
    const ratio = index === 0 || m === null || !baseMedian ? null : m / baseMedian;
    return {
      target,
      median: m,
      ci: bootstrapMedianCi(samples) ?? null,
      n: samples.length,
      ratio,
      ratioCi: index === 0 || !base ? null : (bootstrapRatioCi(samples, base.samples) ?? null),
      samples,
    };
  });
  return { label, unit, values, verdict: verdictOf(label, values) };
}

function verdictOf(label: string, values: readonly TargetValue[]): string {
  const [base, ...others] = values;
  if (!base || others.length === 0) return `${label}: only ${base?.target ?? 'no target'} measured`;
  const parts = others.map((value) => {
    if (value.ratio === null) return `${value.target}: not comparable`;
    const times = `${fmt(value.ratio, 2)}x ${base.target}`;
    if (!value.ratioCi) return `${value.target} ${times} (too few samples for an interval)`;
    const ci = `95% CI ${fmt(value.ratioCi.low, 2)}-${fmt(value.ratioCi.high, 2)}`;
    if (value.ratioCi.low > 1) return `${value.target} is slower/higher: ${times} (${ci})`;
    if (value.ratioCi.high < 1) return `${value.target} is faster/lower: ${times} (${ci})`;
    return `${value.target} shows no clear difference: ${times} (${ci})`;
  });
  return `${label}: ${parts.join('; ')}`;
}

type Samples = Array<Record<string, unknown>>;

function samplesOf(result: Results, id: ExperimentId): Samples {
  const experiment = result.experiments[id];
  return experiment?.status === 'completed' ? experiment.samples : [];
}

function compareA(results: readonly Results[], names: string[]): ExperimentComparison {
  const m = metric(
    'deployment total',
    'ms',
    results.map((r, i) => ({
      target: names[i]!,
      samples: numbers(samplesOf(r, 'A').map((s) => s.total_ms)),
    })),
  );
  return {
    id: 'A',
    title: EXPERIMENT_TITLES.A,
    metrics: [m],
    tables: [],
    curves: [],
    verdicts: [m.verdict],
  };
}

function compareB(results: readonly Results[], names: string[]): ExperimentComparison {
  const fields: Array<[string, string]> = [
    ['visible_ms', 'upload-to-visible'],
    ['end_to_end_ms', 'end to end'],
    ['upload_ms', 'upload'],
    ['trigger_delay_ms', 'trigger delay'],
    ['profile_ms', 'profile'],
    ['total_ms', 'handler total'],
  ];
  const metrics = fields.map(([field, label]) =>
    metric(
      label,
      'ms',
      results.map((r, i) => ({
        target: names[i]!,
        samples: numbers(
          samplesOf(r, 'B')
            .filter((s) => s.ok)
            .map((s) => s[field]),
        ),
      })),
    ),
  );
  const rates = results.map((r, i) => {
    const samples = samplesOf(r, 'B');
    const ok = samples.filter((s) => s.ok).length;
    return `${names[i]} ${ok}/${samples.length}`;
  });
  return {
    id: 'B',
    title: EXPERIMENT_TITLES.B,
    metrics,
    tables: [],
    curves: [],
    verdicts: [metrics[0]!.verdict, `success rate: ${rates.join(', ')}`],
  };
}

function compareC(results: readonly Results[], names: string[]): ExperimentComparison {
  const pick = (r: Results, kind: string, field: string) =>
    numbers(
      samplesOf(r, 'C')
        .filter((s) => s.kind === kind)
        .map((s) => s[field]),
    );
  const metrics = [
    metric(
      'cold first-invocation latency',
      'ms',
      results.map((r, i) => ({ target: names[i]!, samples: pick(r, 'cold', 'visible_ms') })),
    ),
    metric(
      'warm latency',
      'ms',
      results.map((r, i) => ({ target: names[i]!, samples: pick(r, 'warm', 'visible_ms') })),
    ),
    metric(
      'Init Duration',
      'ms',
      results.map((r, i) => ({ target: names[i]!, samples: pick(r, 'cold', 'init_duration_ms') })),
    ),
  ];
  const penalty = results.map((r, i) => {
    const cold = pick(r, 'cold', 'visible_ms');
    const warm = pick(r, 'warm', 'visible_ms');
    return cold.length && warm.length && median(warm) > 0
      ? `${names[i]} ${fmt(median(cold) / median(warm), 1)}x`
      : `${names[i]} n/a`;
  });
  return {
    id: 'C',
    title: EXPERIMENT_TITLES.C,
    metrics,
    tables: [],
    curves: [],
    verdicts: [metrics[0]!.verdict, `cold/warm latency ratio: ${penalty.join(', ')}`],
  };
}

function compareD(results: readonly Results[], names: string[]): ExperimentComparison {
  const cases = [...new Set(results.flatMap((r) => samplesOf(r, 'D').map((s) => String(s.case))))];
  const rows = cases.map((name) => {
    const outcomes = results.map((r) => samplesOf(r, 'D').find((s) => s.case === name));
    const cells = outcomes.map((s) =>
      s
        ? `${String(s.status)}${s.error_code ? ` ${String(s.error_code)}` : ''}${s.ok ? '' : ' (unexpected)'}`
        : 'n/a',
    );
    const keys = outcomes.flatMap((s) =>
      s ? [`${String(s.status)}|${String(s.error_code)}`] : [],
    );
    const expected = outcomes.find(Boolean);
    return [
      name,
      expected
        ? `${String(expected.expected_status)}${expected.expected_error_code ? ` ${String(expected.expected_error_code)}` : ''}`
        : 'n/a',
      ...cells,
      keys.length < 2 ? 'n/a' : new Set(keys).size === 1 ? 'yes' : 'no',
    ];
  });
  const agree = rows.filter((row) => row[row.length - 1] === 'yes').length;
  const compared = rows.filter((row) => row[row.length - 1] !== 'n/a').length;
  const expectedAll = results.map((r, i) => {
    const samples = samplesOf(r, 'D');
    return `${names[i]} ${samples.filter((s) => s.ok).length}/${samples.length} as expected`;
  });
  return {
    id: 'D',
    title: EXPERIMENT_TITLES.D,
    metrics: [],
    tables: [
      { caption: 'Outcome per case', header: ['case', 'expected', ...names, 'agree'], rows },
    ],
    curves: [],
    verdicts: [
      `targets agree on ${agree}/${compared} cases run on more than one target; ${expectedAll.join(', ')}`,
    ],
  };
}

function compareF(results: readonly Results[], names: string[]): ExperimentComparison {
  const sizes = [
    ...new Set(results.flatMap((r) => numbers(samplesOf(r, 'F').map((s) => s.rows)))),
  ].sort((a, b) => a - b);
  const at = (r: Results, rows: number) => samplesOf(r, 'F').find((s) => s.rows === rows);
  const rows = sizes.map((size) => [
    String(size),
    ...results.map((r) => {
      const s = at(r, size);
      return s
        ? `${fmt(s.profile_ms as number | null, 0)} ms, ${fmt((s.rows_per_s as number | null) ?? null, 0)} rows/s, ${fmt((s.max_memory_mb as number | null) ?? null, 0)} MB`
        : 'n/a';
    }),
  ]);
  const largest = sizes[sizes.length - 1];
  const verdicts: string[] = [];
  if (largest !== undefined && results.length > 1) {
    const base = at(results[0]!, largest)?.rows_per_s as number | undefined;
    const parts = results.slice(1).map((r, i) => {
      const value = at(r, largest)?.rows_per_s as number | undefined;
      return base && value
        ? `${names[i + 1]} ${fmt(value / base, 2)}x ${names[0]}`
        : `${names[i + 1]} n/a`;
    });
    verdicts.push(
      `throughput at ${largest} rows (single sample per size, no interval): ${parts.join('; ')}`,
    );
  } else verdicts.push(`largest file: ${largest ?? 'none'} rows`);
  return {
    id: 'F',
    title: EXPERIMENT_TITLES.F,
    metrics: [],
    tables: [
      { caption: 'Processing time, rows/s and memory per size', header: ['rows', ...names], rows },
    ],
    curves: [
      {
        title: 'Processing time by file size',
        xLabel: 'rows',
        yLabel: 'profile ms',
        logX: true,
        series: results.map((r, i) => ({
          target: names[i]!,
          points: samplesOf(r, 'F')
            .filter((s) => typeof s.profile_ms === 'number')
            .map((s) => ({ x: s.rows as number, y: s.profile_ms as number })),
        })),
      },
    ],
    verdicts,
  };
}

function compareG(results: readonly Results[], names: string[]): ExperimentComparison {
  const levels = [
    ...new Set(results.flatMap((r) => numbers(samplesOf(r, 'G').map((s) => s.concurrency)))),
  ].sort((a, b) => a - b);
  const rows = levels.map((level) => [
    String(level),
    ...results.map((r) => {
      const s = samplesOf(r, 'G').find((x) => x.concurrency === level);
      if (!s) return 'n/a';
      const latency = s.latency as { median?: number; p95?: number } | undefined;
      return `${fmt(s.processed_files_per_s as number, 1)} files/s, p50 ${fmt(latency?.median, 0)} ms, p95 ${fmt(latency?.p95, 0)} ms, ${s.throttles === null ? 'throttles n/a' : `${String(s.throttles)} throttled`}`;
    }),
  ]);
  const top = levels[levels.length - 1];
  const metrics =
    top === undefined
      ? []
      : [
          metric(
            `completion latency at ${top} parallel`,
            'ms',
            results.map((r, i) => ({
              target: names[i]!,
              samples: numbers(
                (samplesOf(r, 'G').find((s) => s.concurrency === top)?.latencies_ms as unknown[]) ??
                  [],
              ),
            })),
          ),
        ];
  const peak = results.map(
    (r, i) =>
      `${names[i]} ${fmt(Math.max(0, ...numbers(samplesOf(r, 'G').map((s) => s.processed_files_per_s))), 1)} files/s`,
  );
  return {
    id: 'G',
    title: EXPERIMENT_TITLES.G,
    metrics,
    tables: [
      {
        caption: 'Throughput and completion latency per level',
        header: ['parallel', ...names],
        rows,
      },
    ],
    curves: [
      {
        title: 'Processing throughput by concurrency',
        xLabel: 'concurrent uploads',
        yLabel: 'files/s',
        logX: false,
        series: results.map((r, i) => ({
          target: names[i]!,
          points: samplesOf(r, 'G').map((s) => ({
            x: s.concurrency as number,
            y: s.processed_files_per_s as number,
          })),
        })),
      },
    ],
    verdicts: [`peak processing throughput: ${peak.join(', ')}`, ...metrics.map((m) => m.verdict)],
  };
}

function compareH(results: readonly Results[], names: string[]): ExperimentComparison {
  const checks = [...new Set(results.flatMap((r) => samplesOf(r, 'H').map((s) => String(s.name))))];
  const rows = checks.map((name) => {
    const first = results.map((r) => samplesOf(r, 'H').find((s) => s.name === name)).find(Boolean);
    return [
      name,
      String(first?.expected ?? 'n/a'),
      ...results.map((r) =>
        String(samplesOf(r, 'H').find((s) => s.name === name)?.decision ?? 'n/a'),
      ),
    ];
  });
  const verdicts = results.map((r, i) => {
    const summary = r.experiments.H?.summary as { verdict?: string } | undefined;
    return `${names[i]}: ${summary?.verdict ?? 'not run'}`;
  });
  return {
    id: 'H',
    title: EXPERIMENT_TITLES.H,
    metrics: [],
    tables: [{ caption: 'Decision per check', header: ['check', 'expected', ...names], rows }],
    curves: [],
    verdicts: [`IAM verdict (not_enforced is never a pass): ${verdicts.join(', ')}`],
  };
}

function compareI(results: readonly Results[], names: string[]): ExperimentComparison {
  const levels = [
    ...new Set(results.flatMap((r) => numbers(samplesOf(r, 'I').map((s) => s.pieces)))),
  ].sort((a, b) => a - b);
  const at = (r: Results, pieces: number) =>
    numbers(
      samplesOf(r, 'I')
        .filter((s) => s.pieces === pieces)
        .map((s) => s.visible_ms),
    );
  const one = results.map((r) => (at(r, 1).length > 0 ? median(at(r, 1)) : null));
  const rows = levels.map((pieces) => [
    String(pieces),
    ...results.map((r, i) => {
      const times = at(r, pieces);
      if (times.length === 0) return 'n/a';
      const m = median(times);
      const base = one[i];
      const speedup = base === null || base === undefined ? 'n/a' : `${fmt(base / m, 2)}x`;
      return `${fmt(m, 0)} ms (${speedup} one piece, n=${times.length})`;
    }),
  ]);
  const verdicts = results.map((r, i) => {
    const summary = r.experiments.I?.summary as
      | { fastest_pieces?: number; best_speedup?: number | null; bytes?: number }
      | undefined;
    if (summary?.fastest_pieces === undefined) return `${names[i]}: not run`;
    return `${names[i]}: fastest with ${summary.fastest_pieces} piece(s), ${fmt(summary.best_speedup ?? null, 2)}x one piece on ${fmt((summary.bytes ?? 0) / 1_048_576, 1)} MiB`;
  });
  return {
    id: 'I',
    title: EXPERIMENT_TITLES.I,
    metrics: [],
    tables: [
      {
        caption: 'Upload-to-item time per piece count (median), and speed-up over one piece',
        header: ['pieces', ...names],
        rows,
      },
    ],
    curves: [
      {
        title: 'Upload-to-item time by pieces',
        xLabel: 'pieces',
        yLabel: 'visible ms',
        logX: false,
        series: results.map((r, i) => ({
          target: names[i]!,
          points: levels
            .filter((pieces) => at(r, pieces).length > 0)
            .map((pieces) => ({ x: pieces, y: median(at(r, pieces)) })),
        })),
      },
    ],
    verdicts,
  };
}

const COMPARERS: Record<
  ExperimentId,
  (results: readonly Results[], names: string[]) => ExperimentComparison
> = {
  A: compareA,
  B: compareB,
  C: compareC,
  D: compareD,
  F: compareF,
  G: compareG,
  H: compareH,
  I: compareI,
};

/**
 * Compares results files (the first is the baseline): per experiment, medians with bootstrap
 * 95% intervals, ratios to the baseline with intervals, tables and a verdict.
 */
export function compareResults(results: readonly Results[]): Comparison {
  const names = labels(results);
  const present = EXPERIMENT_IDS.filter((id) => results.some((r) => r.experiments[id]));
  return {
    targets: names,
    baseline: names[0] ?? '',
    runs: results.map((r, i) => ({
      target: names[i]!,
      run_id: r.environment.run_id,
      scale: r.environment.scale,
      started_at: r.environment.started_at,
      region: r.environment.region,
    })),
    experiments: present.map((id) => COMPARERS[id](results, names)),
  };
}
